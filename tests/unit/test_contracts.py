"""The message contracts: checked-in JSON Schemas match the models, and the models enforce the contract."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from models import EnrichedEvent, Source
from streams.schemas import render_schemas

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "schemas"


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_checked_in_schema_matches_model(name: str) -> None:
    rendered = render_schemas()[name]
    checked_in = (SCHEMA_DIR / name).read_text() if (SCHEMA_DIR / name).exists() else None
    assert checked_in == rendered, f"docs/schemas/{name} is out of date: run `incidents schemas`"


def minimal_event(**overrides: object) -> EnrichedEvent:
    t = datetime(2022, 7, 23, 9, 0, tzinfo=timezone.utc)
    fields: dict[str, object] = dict(
        incident_id="inc-0011223344556677", version=1, event_date=date(2022, 7, 22), date_precision="day",
        event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
        sources=[Source(article_id="a-1", published_at=t)], source_count=1, confidence=0.8, first_seen=t,
        updated_at=t,
    )
    fields.update(overrides)
    return EnrichedEvent.model_validate(fields)


def test_event_round_trips_and_validates_against_its_schema() -> None:
    event = minimal_event()
    schema = __import__("json").loads(render_schemas()["enriched_event.schema.json"])
    jsonschema.validate(event.model_dump(mode="json"), schema)
    assert EnrichedEvent.model_validate_json(event.model_dump_json()) == event


@pytest.mark.parametrize(
    "overrides",
    [
        {"version": 0},
        {"event_type": "Bombing"},
        {"sub_event_type": "Car bomb"},
        {"confidence": 1.5},
        {"sources": []},
        {"date_precision": "year"},
        {"unexpected": 1},
    ],
    ids=["version-0", "unknown-type", "unknown-subtype", "confidence>1", "no-sources", "bad-precision", "extra-field"],
)
def test_event_rejects_contract_violations(overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        minimal_event(**overrides)
