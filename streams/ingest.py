"""Decoding and validation of raw input messages, and the work units of the ingest agent
(pure: no Faust, no Kafka).

`decode_article` turns the bytes of one `articles.raw` message into an `Article`, or into a
`Rejection` carrying the dead-letter reason code and a message a person can act on. It never
raises for bad input: every failure mode of a message maps to one `DeadLetterReason`.

`split_by_text_size` cuts a batch of articles into the runs extracted in one go.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pydantic import ValidationError

from models import MAX_TEXT_CHARS, Article, DeadLetterReason

# Bytes are checked before parsing so a 10 MB body is refused without building a 10 MB
# string and model; UTF-8 uses at most 4 bytes a character, and the JSON envelope
# (other fields, escapes) fits in the margin.
MAX_MESSAGE_BYTES = 4 * MAX_TEXT_CHARS + 64 * 1024


@dataclass(frozen=True)
class Rejection:
    reason: DeadLetterReason
    message: str


def decode_article(raw: bytes | None, *, supported_languages: Collection[str]) -> Article | Rejection:
    """Decode one message value into a valid, supported `Article`, or say why not."""
    if raw is None or not raw.strip():
        return Rejection(DeadLetterReason.INVALID_JSON, "empty message value")
    if len(raw) > MAX_MESSAGE_BYTES:
        return Rejection(
            DeadLetterReason.BODY_TOO_LARGE, f"message is {len(raw)} bytes; the limit is {MAX_MESSAGE_BYTES}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(DeadLetterReason.INVALID_UTF8, f"value is not UTF-8: {exc}")
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejection(DeadLetterReason.INVALID_JSON, f"value is not JSON: {exc}")
    if not isinstance(payload, dict):
        return Rejection(DeadLetterReason.NOT_AN_OBJECT, f"expected a JSON object, got {type(payload).__name__}")
    try:
        article = Article.model_validate(payload)
    except ValidationError as exc:
        return _validation_rejection(exc)
    language = article.language or detect_language(article.text)
    if language not in supported_languages:
        return Rejection(
            DeadLetterReason.UNSUPPORTED_LANGUAGE,
            f"language {language!r} is not supported (supported: {', '.join(sorted(supported_languages))})",
        )
    return article if article.language == language else article.model_copy(update={"language": language})


def split_by_text_size(articles: Sequence[Article], max_chars: int) -> list[list[Article]]:
    """Consecutive runs of ``articles`` whose texts add up to at most ``max_chars`` characters
    (an article longer than that is a run of its own). Extraction blocks the worker's event loop
    for about its input's length (~3.5 us a character), and the consumer heartbeats in between."""
    runs: list[list[Article]] = []
    size = max_chars + 1  # the first article opens a run
    for article in articles:
        if size + len(article.text) > max_chars:
            runs.append([])
            size = 0
        runs[-1].append(article)
        size += len(article.text)
    return runs


def _validation_rejection(exc: ValidationError) -> Rejection:
    errors = exc.errors(include_url=False, include_input=False)
    too_long_text = any(err["loc"] == ("text",) and err["type"] == "string_too_long" for err in errors)
    reason = DeadLetterReason.BODY_TOO_LARGE if too_long_text else DeadLetterReason.VALIDATION_ERROR
    detail = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}" for err in errors)
    return Rejection(reason, detail)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid; it also knows Nigerian Pidgin, 'pcm')."""
    return _classifier()(text[:2000])[0]


@lru_cache(maxsize=1)
def _classifier():  # type: ignore[no-untyped-def]
    # Imported lazily: loading the model takes ~0.5 s, which only the worker and tools need.
    import py3langid

    return py3langid.classify
