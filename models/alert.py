"""`Alert`: one alert raised by a rule about an incident (topic `alerts`, key = `alert_id`, compacted)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from models.event import SCHEMA_VERSION


class AlertSeverity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class Alert(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = SCHEMA_VERSION
    alert_id: str = Field(description="Deterministic: one id per (rule, incident); the message key.")
    rule: str = Field(description="Name of the rule that fired.")
    severity: AlertSeverity
    level: int = Field(default=1, ge=1, description="Escalation level; an alert is raised again only when it rises.")
    incident_id: str
    incident_version: int = Field(ge=1)
    title: str
    summary: str
    labels: dict[str, str] = Field(default_factory=dict)
    raised_at: datetime
