"""Article -> incident candidates for the merge stage.

Owns ``build_candidates`` and its batch form ``build_candidate_batches``: the stream worker
sends each candidate to the internal candidates topic keyed by ``area_key``, the offline
``incidents dedup`` command clusters them in memory, so both paths cluster the same inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from models import Article, EnrichedEvent, IncidentCandidate
from streams.dedup.nearcopy import text_signature

UNKNOWN_AREA = "UNK"

Extractor = Callable[[Article], Sequence[EnrichedEvent]]


def area_key(event: EnrichedEvent) -> str:
    """Partitioning key: the ISO3 code of the event's country, or 'UNK'.

    Matching never crosses countries, so every candidate that could merge meets in one
    partition (and one area of the merger's state)."""
    iso3 = event.location.iso3
    return iso3.upper() if iso3 else UNKNOWN_AREA


def _default_extractor() -> Extractor:
    # Imported lazily: extraction is another package and loads its gazetteers on import.
    from streams.extract.pipeline import extract_incidents

    return extract_incidents


def build_candidates(article: Article, extractor: Extractor | None = None) -> list[IncidentCandidate]:
    """One candidate per incident the extractor finds in ``article`` (main incident first)."""
    return _candidates(article, (extractor or _default_extractor())(article))


def build_candidate_batches(articles: Sequence[Article]) -> list[list[IncidentCandidate] | Exception]:
    """``build_candidates`` of each article, extracted as one batch (``extract_each``): an
    article that breaks extraction gets its exception instead of candidates."""
    from streams.extract.pipeline import extract_each

    return [
        events if isinstance(events, Exception) else _candidates(article, events)
        for article, events in zip(articles, extract_each(articles), strict=True)
    ]


def _candidates(article: Article, events: Sequence[EnrichedEvent]) -> list[IncidentCandidate]:
    """The text signature is computed once per article and shared by its candidates."""
    if not events:
        return []
    signature = text_signature(article.text)
    return [
        IncidentCandidate(area_key=area_key(event), event=event, is_main=index == 0, text_signature=signature)
        for index, event in enumerate(events)
    ]
