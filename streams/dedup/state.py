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


# The hot path converts state by hand (``to_json`` / ``from_json``) instead of
# ``model_dump`` / ``model_validate``: the members' events are already JSON dicts, and
# pydantic walking them as ``Any`` on every message was the merger's main cost. The
# pydantic models remain the schema; the codec is tested to round-trip with them. Stored
# values are only ever written by these functions, so reading trusts their shape.


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


class MemberState(_State):
    """One candidate report that belongs to an incident."""

    candidate_id: str
    article_id: str
    published_at: datetime
    is_main: bool = True
    event: dict[str, Any] = Field(description="The candidate's EnrichedEvent, model_dump(mode='json').")
    signature: list[int] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "candidate_id": self.candidate_id,
            "article_id": self.article_id,
            "published_at": self.published_at.isoformat(),
            "is_main": self.is_main,
            "event": self.event,
            "signature": list(self.signature),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> MemberState:
        return cls.model_construct(
            candidate_id=raw["candidate_id"],
            article_id=raw["article_id"],
            published_at=_dt(raw["published_at"]),
            is_main=raw["is_main"],
            event=raw["event"],
            signature=raw["signature"],
        )


class ArchivedSource(_State):
    """A report demoted from an incident's members once the incident outgrew
    ``MergePolicy.max_members_per_incident``: still listed and counted as a source, but it no
    longer votes on the record's fields or takes part in matching."""

    candidate_id: str
    article_id: str
    published_at: datetime
    source: dict[str, Any] = Field(description="The Source as listed in the record, model_dump(mode='json').")
    independent: bool = Field(description="Whether it was an independent report (not a near-copy) when demoted.")

    def to_json(self) -> dict[str, Any]:
        return {
            "candidate_id": self.candidate_id,
            "article_id": self.article_id,
            "published_at": self.published_at.isoformat(),
            "source": self.source,
            "independent": self.independent,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ArchivedSource:
        return cls.model_construct(
            candidate_id=raw["candidate_id"],
            article_id=raw["article_id"],
            published_at=_dt(raw["published_at"]),
            source=raw["source"],
            independent=raw["independent"],
        )


class SourceArchive(_State):
    """The sources of an incident beyond its voting members, bounded by
    ``MergePolicy.max_sources_per_incident``: past that, the oldest are only counted."""

    entries: list[ArchivedSource] = Field(default_factory=list)
    omitted: int = Field(default=0, description="Sources dropped from the list (oldest first), still counted.")
    omitted_independent: int = Field(default=0, description="How many of the omitted were independent reports.")

    def to_json(self) -> dict[str, Any]:
        return {
            "entries": [e.to_json() for e in self.entries],
            "omitted": self.omitted,
            "omitted_independent": self.omitted_independent,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SourceArchive:
        return cls.model_construct(
            entries=[ArchivedSource.from_json(e) for e in raw["entries"]],
            omitted=raw["omitted"],
            omitted_independent=raw["omitted_independent"],
        )


class IncidentState(_State):
    incident_id: str
    area_key: str
    version: int
    rev: int = Field(default=1, description="Write counter: changes on every write (cache key).")
    members: list[MemberState] = Field(description="The reports that vote on the record and take part in matching.")
    archive: SourceArchive = Field(default_factory=SourceArchive)
    record: dict[str, Any] = Field(description="The EnrichedEvent as last published, model_dump(mode='json').")

    @property
    def last_seen(self) -> datetime:
        return max(m.published_at for m in self.members)

    def to_json(self) -> dict[str, Any]:
        return {
            "incident_id": self.incident_id,
            "area_key": self.area_key,
            "version": self.version,
            "rev": self.rev,
            "members": [m.to_json() for m in self.members],
            "archive": self.archive.to_json(),
            "record": self.record,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> IncidentState:
        return cls.model_construct(
            incident_id=raw["incident_id"],
            area_key=raw["area_key"],
            version=raw["version"],
            rev=raw["rev"],
            members=[MemberState.from_json(m) for m in raw["members"]],
            archive=SourceArchive.from_json(raw["archive"]),
            record=raw["record"],
        )


class AreaEntry(_State):
    """What the area index keeps about one live incident (enough to pre-filter and evict)."""

    first_day: int = Field(description="Start of the members' date spans incl. tolerances (date.toordinal()).")
    last_day: int = Field(description="End of the members' date spans incl. tolerances (date.toordinal()).")
    last_seen: datetime = Field(description="Latest member publication time; drives eviction.")
    bbox: list[float] | None = Field(
        default=None, description="[min_lat, min_lon, max_lat, max_lon] of members; None if one has no coordinates."
    )
    rev: int = Field(default=1, description="The incident's write counter (IncidentState.rev).")

    def to_json(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day,
            "last_day": self.last_day,
            "last_seen": self.last_seen.isoformat(),
            "bbox": list(self.bbox) if self.bbox is not None else None,
            "rev": self.rev,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> AreaEntry:
        return cls.model_construct(
            first_day=raw["first_day"],
            last_day=raw["last_day"],
            last_seen=_dt(raw["last_seen"]),
            bbox=raw["bbox"],
            rev=raw["rev"],
        )


class AreaState(_State):
    watermark: datetime | None = Field(default=None, description="Latest publication time seen in this area.")
    incidents: dict[str, AreaEntry] = Field(default_factory=dict)
    members: dict[str, str] = Field(default_factory=dict, description="Candidate id -> incident id.")

    def to_json(self) -> dict[str, Any]:
        return {
            "watermark": self.watermark.isoformat() if self.watermark else None,
            "incidents": {k: v.to_json() for k, v in self.incidents.items()},
            "members": dict(self.members),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> AreaState:
        return cls.model_construct(
            watermark=_dt(raw["watermark"]) if raw.get("watermark") else None,
            incidents={k: AreaEntry.from_json(v) for k, v in raw["incidents"].items()},
            members=dict(raw["members"]),
        )


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
        return None if raw is None else IncidentState.from_json(raw)

    def put_incident(self, state: IncidentState) -> None:
        self.incidents[self.incident_key(state.area_key, state.incident_id)] = state.to_json()

    def delete_incident(self, area_key: str, incident_id: str) -> None:
        key = self.incident_key(area_key, incident_id)
        if key in self.incidents:
            del self.incidents[key]

    def get_area(self, area_key: str) -> AreaState:
        raw = self.areas.get(area_key)
        return AreaState() if raw is None else AreaState.from_json(raw)

    def put_area(self, area_key: str, state: AreaState) -> None:
        # Kept even when empty: the watermark must survive to judge late arrivals.
        self.areas[area_key] = state.to_json()
