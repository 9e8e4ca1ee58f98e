"""Message contracts of the incidents service: one pydantic v2 model per Kafka message.

This package holds contracts only: no I/O, no Faust, no Kafka. Every model here is
published as a JSON Schema under ``docs/schemas/`` (``incidents schemas``), and a test
fails when the two drift apart.
"""

from models.alert import Alert, AlertSeverity
from models.article import MAX_TEXT_CHARS, Article
from models.candidate import IncidentCandidate
from models.deadletter import DeadLetter, DeadLetterReason
from models.event import (
    SCHEMA_VERSION,
    Actor,
    ActorRole,
    Casualties,
    DatePrecision,
    EnrichedEvent,
    EventType,
    Location,
    SideCasualties,
    Source,
    SubEventType,
    SUB_EVENT_TYPES,
)

__all__ = [
    "MAX_TEXT_CHARS",
    "SCHEMA_VERSION",
    "SUB_EVENT_TYPES",
    "Actor",
    "ActorRole",
    "Alert",
    "AlertSeverity",
    "Article",
    "Casualties",
    "DatePrecision",
    "DeadLetter",
    "DeadLetterReason",
    "EnrichedEvent",
    "EventType",
    "IncidentCandidate",
    "Location",
    "SideCasualties",
    "Source",
    "SubEventType",
]
