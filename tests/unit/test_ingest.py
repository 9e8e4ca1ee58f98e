"""Decoding of raw input messages: every kind of bad input maps to a dead-letter reason, never an exception."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import NamedTuple

import pytest

from models import Article, DeadLetterReason
from streams.ingest import MAX_MESSAGE_BYTES, Rejection, decode_article, split_by_text_size

LANGS = ("en", "fr", "it", "pcm")
GOOD = {
    "id": "a-1",
    "text": "Gunmen attacked a village near Mopti on Friday, killing four civilians, residents said.",
    "published_at": "2024-03-02T08:00:00Z",
    "language": "en",
}


def encode(obj: object) -> bytes:
    return json.dumps(obj).encode()


class Bad(NamedTuple):
    name: str
    raw: bytes | None
    reason: DeadLetterReason
    needle: str


BAD_INPUTS = [
    Bad("invalid json", b'{"id": "x", "text": ', DeadLetterReason.INVALID_JSON, "not JSON"),
    Bad("empty value", b"", DeadLetterReason.INVALID_JSON, "empty"),
    Bad("null value", None, DeadLetterReason.INVALID_JSON, "empty"),
    Bad("not utf-8", b'{"id": "\xff\xfe"}', DeadLetterReason.INVALID_UTF8, "UTF-8"),
    Bad("json array", encode([GOOD]), DeadLetterReason.NOT_AN_OBJECT, "object"),
    Bad("missing text", encode({k: v for k, v in GOOD.items() if k != "text"}), DeadLetterReason.VALIDATION_ERROR, "text"),
    Bad("empty text", encode({**GOOD, "text": "   "}), DeadLetterReason.VALIDATION_ERROR, "text"),
    Bad("missing id", encode({k: v for k, v in GOOD.items() if k != "id"}), DeadLetterReason.VALIDATION_ERROR, "id"),
    Bad("id too long", encode({**GOOD, "id": "x" * 257}), DeadLetterReason.VALIDATION_ERROR, "id"),
    Bad("text wrong type", encode({**GOOD, "text": 42}), DeadLetterReason.VALIDATION_ERROR, "text"),
    Bad("id wrong type", encode({**GOOD, "id": {"a": 1}}), DeadLetterReason.VALIDATION_ERROR, "id"),
    Bad("unparseable date", encode({**GOOD, "published_at": "last Tuesday-ish"}), DeadLetterReason.VALIDATION_ERROR,
        "published_at"),
    Bad("missing date", encode({k: v for k, v in GOOD.items() if k != "published_at"}),
        DeadLetterReason.VALIDATION_ERROR, "published_at"),
    Bad("10 MB body", encode({**GOOD, "text": "word " * 2_000_000}), DeadLetterReason.BODY_TOO_LARGE, "limit"),
    Bad("text over the character limit", encode({**GOOD, "text": "x" * 200_001}), DeadLetterReason.BODY_TOO_LARGE,
        "text"),
    Bad("declared unsupported language", encode({**GOOD, "language": "de"}), DeadLetterReason.UNSUPPORTED_LANGUAGE,
        "'de'"),
    Bad("detected unsupported language",
        encode({**{k: v for k, v in GOOD.items() if k != "language"},
                "text": "Bewaffnete Männer griffen am Freitag das Dorf an und töteten vier Zivilisten, sagten Bewohner."}),
        DeadLetterReason.UNSUPPORTED_LANGUAGE, "'de'"),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.name for c in BAD_INPUTS])
def test_bad_input_is_rejected_with_its_reason(case: Bad) -> None:
    result = decode_article(case.raw, supported_languages=LANGS)
    assert isinstance(result, Rejection)
    assert result.reason == case.reason
    assert case.needle in result.message


def test_ten_megabytes_is_refused_before_parsing() -> None:
    assert len(encode({**GOOD, "text": "word " * 2_000_000})) > MAX_MESSAGE_BYTES


def test_good_article_decodes_and_tolerates_unknown_fields() -> None:
    result = decode_article(encode({**GOOD, "section": "world", "tags": ["x"]}), supported_languages=LANGS)
    assert isinstance(result, Article)
    assert result.id == "a-1"
    assert result.published_at == datetime(2024, 3, 2, 8, 0, tzinfo=timezone.utc)


def test_naive_time_is_utc_and_offsets_are_normalised() -> None:
    naive = decode_article(encode({**GOOD, "published_at": "2024-03-02T08:00:00"}), supported_languages=LANGS)
    offset = decode_article(encode({**GOOD, "published_at": "2024-03-02T10:00:00+02:00"}), supported_languages=LANGS)
    assert isinstance(naive, Article) and isinstance(offset, Article)
    assert naive.published_at == offset.published_at == datetime(2024, 3, 2, 8, 0, tzinfo=timezone.utc)
    assert naive.published_at.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Des hommes armés ont attaqué le village vendredi, tuant quatre civils, selon des habitants.", "fr"),
        ("Gunmen attacked the village on Friday and killed four civilians, residents said.", "en"),
    ],
)
def test_missing_language_is_detected(text: str, language: str) -> None:
    raw = encode({k: v for k, v in GOOD.items() if k != "language"} | {"text": text})
    result = decode_article(raw, supported_languages=LANGS)
    assert isinstance(result, Article)
    assert result.language == language


def test_duplicate_ids_decode_independently() -> None:
    """The decoder is stateless: a repeated id is a redelivery for the merge stage to absorb
    (tests/unit/dedup covers that it adds no source and no incident)."""
    first = decode_article(encode(GOOD), supported_languages=LANGS)
    second = decode_article(encode(GOOD), supported_languages=LANGS)
    assert isinstance(first, Article) and first == second


def _articles(*sizes: int) -> list[Article]:
    published = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return [Article(id=f"s{i}", text="x" * size, published_at=published) for i, size in enumerate(sizes)]


@pytest.mark.parametrize(
    ("sizes", "max_chars", "runs"),
    [
        ((), 100, []),
        ((10, 20, 30), 100, [[0, 1, 2]]),
        ((60, 40, 1), 100, [[0, 1], [2]]),  # exactly the budget fits
        ((60, 41, 10), 100, [[0], [1, 2]]),
        ((500, 10, 10), 100, [[0], [1, 2]]),  # longer than the budget: a run of its own
        ((10, 500, 10), 100, [[0], [1], [2]]),
    ],
)
def test_split_by_text_size(sizes: tuple[int, ...], max_chars: int, runs: list[list[int]]) -> None:
    articles = _articles(*sizes)
    assert [[articles.index(a) for a in run] for run in split_by_text_size(articles, max_chars)] == runs
