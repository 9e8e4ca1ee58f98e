"""Deduplication: per-article incident candidates in, one record per real incident out.

Pure package: no Faust, Kafka or aiokafka imports. Modules:

- ``nearcopy``: MinHash text signatures; near-copy (syndication) detection.
- ``candidates``: ``build_candidates(article)``, shared by the stream worker and the offline command.
- ``policy``: ``MergePolicy``, every tunable (re-exported by ``merge``).
- ``rules``: pure predicates deciding whether two reports describe the same incident.
- ``aggregate``: builds an ``EnrichedEvent`` from the member reports of one incident.
- ``state``: state models and ``DedupStore``, the storage seam (two JSON-valued mappings,
  e.g. Faust tables).
- ``merge``: ``Merger.add(candidate) -> MergeOutcome``.
- ``offline``, ``evaluation``, ``bench``: the offline pipeline, gold scoring and the benchmark
  behind ``incidents dedup`` / ``incidents eval dedup`` / ``incidents bench dedup``.
- ``synthetic``: hand-made candidates for tests and the benchmark's stream.

The merge policy is described in plain words in ``docs/dedup.md``.
"""
