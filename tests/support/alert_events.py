"""Test helpers for the alert engine: an incident factory and a Faust-table-like JSON store."""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from models.event import (
    Actor,
    ActorRole,
    Casualties,
    DatePrecision,
    EnrichedEvent,
    EventType,
    Location,
    Source,
    SubEventType,
)

DAY0 = date(2024, 1, 1)


class JsonTable(MutableMapping[str, Any]):
    """Behaves like a Faust table with the json serializer: values go through JSON on every write and
    come back as fresh objects on every read, so an engine that mutated a value in place (instead of
    reassigning it) would lose the change, and a non-JSON value fails loudly."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.writes = 0

    def __getitem__(self, key: str) -> Any:
        return json.loads(self.data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        assert isinstance(key, str)
        text = json.dumps(value, allow_nan=False)
        assert json.loads(text) == value, f"value of {key!r} does not survive JSON: {value!r}"
        self.data[key] = text
        self.writes += 1

    def __delitem__(self, key: str) -> None:
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def event(
    incident_id: str = "inc-1",
    *,
    version: int = 1,
    day: date = DAY0,
    killed: int = 0,
    abducted: int = 0,
    event_type: EventType = EventType.VIOLENCE_AGAINST_CIVILIANS,
    sub_event_type: SubEventType = SubEventType.ATTACK,
    iso3: str | None = "MLI",
    country: str | None = "Mali",
    admin1: str | None = "Koulikoro",
    admin2: str | None = "Kati",
    name: str | None = "Kati",
    lat: float | None = None,
    lon: float | None = None,
    geo_precision: int | None = 1,
    actors: tuple[str, ...] = ("JNIM: Group for Support of Islam and Muslims",),
    supersedes: tuple[str, ...] = (),
    updated_at: datetime | None = None,
) -> EnrichedEvent:
    """An incident; by default an attack in Kati (Mali) reported the day after it happened."""
    updated = updated_at or datetime.combine(day + timedelta(days=1), time(9, 0), tzinfo=UTC)
    roles = (ActorRole.ACTOR1, ActorRole.ACTOR2, ActorRole.ASSOC_ACTOR1, ActorRole.ASSOC_ACTOR2)
    return EnrichedEvent(
        incident_id=incident_id,
        version=version,
        event_date=day,
        date_precision=DatePrecision.DAY,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actors=[Actor(name=n, role=roles[i]) for i, n in enumerate(actors)],
        location=Location(
            name=name, admin1=admin1, admin2=admin2, country=country, iso3=iso3,
            latitude=lat, longitude=lon, geo_precision=geo_precision,
        ),
        casualties=Casualties(killed=killed, abducted=abducted),
        sources=[Source(article_id=f"art-{incident_id}-{version}", outlet="Test Wire", published_at=updated)],
        source_count=1,
        confidence=0.8,
        supersedes=list(supersedes),
        first_seen=updated,
        updated_at=updated,
    )
