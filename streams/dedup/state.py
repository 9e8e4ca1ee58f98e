"""State models of the merger and the storage seam (``DedupStore``).

Owns what is persisted and how: two mappings whose values are JSON-compatible
(``model_dump(mode="json")``), so that a Faust ``Table`` with the json serializer can be
passed as-is. Values are always *reassigned*, never mutated in place, because a Faust
table writes its changelog only on ``__setitem__`` / ``__delitem__``.

- ``incidents`` mapping: ``"<area_key>/<incident_id>"`` -> ``IncidentState`` (the member
  reports and the record as last published). The key is scoped by area because areas are
  processed independently (different partitions, maybe different workers): a revised
  article that moves to another country leaves its old report behind in the old area,
  and both areas must still have consistent state.
- ``areas`` mapping: area key -> ``AreaState`` (the area's watermark, a small summary of
  each live incident for pre-filtering and eviction, and candidate id -> incident id).

Per message the merger reads one ``AreaState`` and only the incidents whose date range can
match, so the work is O(incidents in the area's window), never O(all state).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MemberState(_State):
    """One candidate report that belongs to an incident."""

    candidate_id: str
    article_id: str
    published_at: datetime
    is_main: bool = True
    event: dict[str, Any] = Field(description="The candidate's EnrichedEvent, model_dump(mode='json').")
    signature: list[int] = Field(default_factory=list)


class IncidentState(_State):
    incident_id: str
    area_key: str
    version: int
    members: list[MemberState]
    record: dict[str, Any] = Field(description="The EnrichedEvent as last published, model_dump(mode='json').")

    @property
    def last_seen(self) -> datetime:
        return max(m.published_at for m in self.members)


class AreaEntry(_State):
    """What the area index keeps about one live incident (enough to pre-filter and evict)."""

    first_day: int = Field(description="Earliest member event date (date.toordinal()).")
    last_day: int = Field(description="Latest member event date (date.toordinal()).")
    last_seen: datetime = Field(description="Latest member publication time; drives eviction.")


class AreaState(_State):
    watermark: datetime | None = Field(default=None, description="Latest publication time seen in this area.")
    incidents: dict[str, AreaEntry] = Field(default_factory=dict)
    members: dict[str, str] = Field(default_factory=dict, description="Candidate id -> incident id.")


class DedupStore:
    """Typed access to the two JSON-valued mappings (dicts in tests, Faust tables in the app)."""

    def __init__(self, incidents: MutableMapping[str, Any], areas: MutableMapping[str, Any]) -> None:
        self.incidents = incidents
        self.areas = areas

    @staticmethod
    def incident_key(area_key: str, incident_id: str) -> str:
        return f"{area_key}/{incident_id}"

    def get_incident(self, area_key: str, incident_id: str) -> IncidentState | None:
        raw = self.incidents.get(self.incident_key(area_key, incident_id))
        return None if raw is None else IncidentState.model_validate(raw)

    def put_incident(self, state: IncidentState) -> None:
        self.incidents[self.incident_key(state.area_key, state.incident_id)] = state.model_dump(mode="json")

    def delete_incident(self, area_key: str, incident_id: str) -> None:
        key = self.incident_key(area_key, incident_id)
        if key in self.incidents:
            del self.incidents[key]

    def get_area(self, area_key: str) -> AreaState:
        raw = self.areas.get(area_key)
        return AreaState() if raw is None else AreaState.model_validate(raw)

    def put_area(self, area_key: str, state: AreaState) -> None:
        # Kept even when empty: the watermark must survive to judge late arrivals.
        self.areas[area_key] = state.model_dump(mode="json")
