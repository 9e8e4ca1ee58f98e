"""Article -> candidates, one article at a time and in batches (the worker's path)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from models import Article
from streams.dedup import candidates
from streams.extract import pipeline

PUBLISHED = datetime(2024, 2, 10, 8, tzinfo=timezone.utc)
ARTICLES = [
    Article(id="c0", text="Gunmen killed five traders near Gao on Friday.", published_at=PUBLISHED),
    Article(id="c1", text="The governor opened a new market in Kayes.", published_at=PUBLISHED),
    Article(id="c2", text="Militants attacked an army post in Diffa on Thursday, killing three soldiers. In a separate "
                          "attack, gunmen abducted two herders near Tillaberi.", published_at=PUBLISHED),
]


def test_a_batch_gives_the_candidates_of_each_article_alone() -> None:
    batch = candidates.build_candidate_batches(ARTICLES)
    assert batch == [candidates.build_candidates(article) for article in ARTICLES]
    assert [len(found) for found in batch] == [1, 0, 2]
    assert [c.is_main for c in batch[2]] == [True, False]
    assert [c.area_key for c in batch[0] + batch[2]] == ["MLI", "NER", "NER"]


def test_an_article_that_breaks_extraction_keeps_its_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    failure = RuntimeError("poison")
    good = pipeline.extract_incidents(ARTICLES[0])
    monkeypatch.setattr(pipeline, "extract_each", lambda articles: [good, failure])
    first, second = candidates.build_candidate_batches(ARTICLES[:2])
    assert second is failure
    assert [c.event for c in first] == good
