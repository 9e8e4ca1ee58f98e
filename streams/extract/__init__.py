"""Incident extraction: article text in, zero or more incident candidates out.

Pure package: no Faust or Kafka imports. The public entry point is
``streams.extract.pipeline.extract_incidents(article) -> list[EnrichedEvent]``.
"""
