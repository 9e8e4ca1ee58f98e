"""`IncidentCandidate`: one article's reading of one incident, on the internal
`incidents.candidates` topic, keyed by a coarse area key so that every candidate for an
area meets in one partition of the merge stage."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.event import EnrichedEvent


class IncidentCandidate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    area_key: str = Field(description="Partitioning key: ISO3 country code, or 'UNK'.")
    event: EnrichedEvent = Field(description="The incident as this single article reports it (version 1, one source).")
    is_main: bool = Field(default=True, description="True for the article's main incident.")
    text_signature: list[int] = Field(
        default_factory=list, description="MinHash of the article text, for near-copy detection."
    )
