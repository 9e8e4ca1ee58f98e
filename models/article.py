"""`Article`: one news article as it arrives on the input topic (`articles.raw`, key = article id)."""

from __future__ import annotations

from datetime import datetime, timezone

from pydantic import BaseModel, ConfigDict, Field, field_validator

# A long feature article is ~60 KB of text; 200,000 characters leaves room for
# full-page scrapes while keeping one message far below Kafka's 1 MB default.
MAX_TEXT_CHARS = 200_000


class Article(BaseModel):
    """An article to process. Unknown extra fields are tolerated and dropped."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    id: str = Field(min_length=1, max_length=256, description="Producer's unique article id; the message key.")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="Body text, plain UTF-8.")
    published_at: datetime = Field(description="Publication time; a time without offset is taken as UTC.")
    url: str | None = None
    outlet: str | None = Field(default=None, description="Publication name, e.g. 'Reuters'.")
    title: str | None = None
    language: str | None = Field(
        default=None, description="ISO 639-1 code ('en', 'fr', ...); detected from the text when absent."
    )

    @field_validator("published_at")
    @classmethod
    def _naive_is_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    @field_validator("language")
    @classmethod
    def _lower_language(cls, value: str | None) -> str | None:
        return value.lower() if value else None
