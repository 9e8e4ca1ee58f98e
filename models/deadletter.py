"""`DeadLetter`: an input message that could not be processed (topic `articles.deadletter`).

The original bytes are kept (base64) so the message can be fixed and replayed."""

from __future__ import annotations

import base64
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from models.event import SCHEMA_VERSION


class DeadLetterReason(StrEnum):
    INVALID_UTF8 = "invalid_utf8"
    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    VALIDATION_ERROR = "validation_error"
    BODY_TOO_LARGE = "body_too_large"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    PROCESSING_ERROR = "processing_error"


class DeadLetter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = SCHEMA_VERSION
    reason: DeadLetterReason
    message: str = Field(description="Human-readable explanation.")
    original_base64: str = Field(description="The original message value, base64-encoded.")
    original_key: str | None = Field(default=None, description="The original key, decoded as UTF-8 with replacement.")
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    failed_at: datetime

    @property
    def original(self) -> bytes:
        return base64.b64decode(self.original_base64)
