"""Article -> incident candidates for the merge stage.

Owns ``build_candidates``, shared by the stream worker (which sends each candidate to the
internal candidates topic keyed by ``area_key``) and by the offline ``incidents dedup``
command, so both paths cluster exactly the same inputs.
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
    """One candidate per incident the extractor finds in ``article`` (main incident first).

    The text signature is computed once per article and shared by its candidates."""
    events = list((extractor or _default_extractor())(article))
    if not events:
        return []
    signature = text_signature(article.text)
    return [
        IncidentCandidate(area_key=area_key(event), event=event, is_main=index == 0, text_signature=signature)
        for index, event in enumerate(events)
    ]
