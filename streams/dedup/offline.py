"""Offline deduplication: a file of articles in, one record per final incident out.

Owns the batch path behind ``incidents dedup`` and ``incidents eval dedup``. It runs the
very code the stream runs (``build_candidates`` then ``Merger.add`` on dict stores) and
keeps every final record, including incidents the retention window evicted from state
(those stay published in the stream too).

Candidates are fed in publication order, (published_at, article id, candidate index), as
the stream would see them: clustering does not depend on the order, but retention does
(an article far older than the area's watermark would be evicted at once).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import Article, EnrichedEvent, IncidentCandidate
from streams.dedup.candidates import Extractor, build_candidates
from streams.dedup.merge import Merger, MergePolicy
from streams.dedup.state import DedupStore
from streams.ingest import Rejection, decode_article


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


@dataclass
class OfflineResult:
    incidents: dict[str, EnrichedEvent] = field(default_factory=dict)
    # article id -> incident id of the article's main candidate (None: no incident found).
    article_incident: dict[str, str | None] = field(default_factory=dict)
    errors: list[LineError] = field(default_factory=list)
    candidates: int = 0

    def sorted_incidents(self) -> list[EnrichedEvent]:
        return sorted(self.incidents.values(), key=lambda r: (r.first_seen, r.incident_id))


def read_articles(path: Path, *, supported_languages: Collection[str]) -> Iterator[tuple[int, Article | LineError]]:
    """Each non-blank line as an ``Article``, or a ``LineError`` saying why it was skipped.

    Lines are checked by the worker's own decoder, so a line is refused here exactly when the
    stream would dead-letter it, with the same reason code."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            decoded = decode_article(line, supported_languages=supported_languages)
            if isinstance(decoded, Rejection):
                yield number, LineError(number, f"{decoded.reason.value}: {decoded.message}")
            else:
                yield number, decoded


def run_offline(
    articles: Iterable[Article],
    *,
    policy: MergePolicy | None = None,
    extractor: Extractor | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> OfflineResult:
    """Extract and merge ``articles``; an article whose extraction raises is reported via
    ``on_error`` (and re-raised when no handler is given)."""
    per_article = extract_all(articles, extractor=extractor, on_error=on_error)
    return merge_articles(per_article, policy=policy)


def extract_all(
    articles: Iterable[Article],
    *,
    extractor: Extractor | None = None,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> dict[str, list[IncidentCandidate]]:
    """article id -> its candidates (empty list: no incident); failed articles are left out."""
    out: dict[str, list[IncidentCandidate]] = {}
    for article in articles:
        try:
            out[article.id] = build_candidates(article, extractor)
        except Exception as exc:  # noqa: BLE001 - reported per article, never silently
            if on_error is None:
                raise
            on_error(article, exc)
    return out


def merge_articles(
    per_article: dict[str, list[IncidentCandidate]], *, policy: MergePolicy | None = None
) -> OfflineResult:
    """Merge every candidate in publication order; see the module docstring."""
    result = OfflineResult()
    ordered: list[tuple[str, str, int, IncidentCandidate]] = []
    for article_id, built in per_article.items():
        result.article_incident.setdefault(article_id, None)
        for index, cand in enumerate(built):
            ordered.append((cand.event.sources[0].published_at.isoformat(), article_id, index, cand))
    ordered.sort(key=lambda item: item[:3])
    result.candidates = len(ordered)
    return merge_candidates((c for *_, c in ordered), policy=policy, result=result)


def merge_candidates(
    candidates: Iterable[IncidentCandidate], *, policy: MergePolicy | None = None, result: OfflineResult | None = None
) -> OfflineResult:
    """Feed candidates to a fresh ``Merger`` and collect the final records."""
    result = result if result is not None else OfflineResult()
    merger = Merger(DedupStore({}, {}), policy)
    main_candidates: dict[str, str] = {}
    for cand in candidates:
        outcome = merger.add(cand)
        for incident_id in outcome.retired:
            result.incidents.pop(incident_id, None)
        for record in outcome.upserts:
            result.incidents[record.incident_id] = record
        if cand.is_main:
            main_candidates[cand.event.sources[0].article_id] = cand.event.incident_id
    # Every member's candidate id is the incident id or listed in its supersedes.
    owner: dict[str, str] = {}
    for record in result.incidents.values():
        owner[record.incident_id] = record.incident_id
        for other in record.supersedes:
            owner[other] = record.incident_id
    for article_id, cand_id in main_candidates.items():
        result.article_incident[article_id] = owner.get(cand_id)
    return result


def write_incidents(records: Sequence[EnrichedEvent], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(record.model_dump_json() + "\n")


def to_json_line(record: EnrichedEvent) -> str:
    return record.model_dump_json()


def as_dict(result: OfflineResult) -> dict[str, Any]:
    return {
        "incidents": len(result.incidents),
        "candidates": result.candidates,
        "errors": [{"line": e.line, "message": e.message} for e in result.errors],
    }
