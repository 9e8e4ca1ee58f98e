"""JSON Schemas of the message contracts, rendered from the pydantic models (one file per topic message)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from models import Alert, Article, DeadLetter, EnrichedEvent, IncidentCandidate

CONTRACTS: dict[str, type[BaseModel]] = {
    "article.schema.json": Article,
    "enriched_event.schema.json": EnrichedEvent,
    "incident_candidate.schema.json": IncidentCandidate,
    "alert.schema.json": Alert,
    "dead_letter.schema.json": DeadLetter,
}


def render_schemas() -> dict[str, str]:
    """File name -> schema text; deterministic so the checked-in copies can be compared byte for byte."""
    out: dict[str, str] = {}
    for name, model in CONTRACTS.items():
        schema = model.model_json_schema(mode="serialization")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}
        out[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out
