"""The demo's sample articles through the real extractor and the merge, offline (no broker):
what `make demo` shows, checked field by field."""

from __future__ import annotations

from pathlib import Path

from models import Article
from streams.dedup.offline import read_articles, run_offline

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles.jsonl"


def test_the_boni_story_is_one_incident_whose_toll_follows_the_reports() -> None:
    articles = [a for _line, a in read_articles(SAMPLES, supported_languages={"en", "fr", "it", "pcm"})
                if isinstance(a, Article)]
    result = run_offline(articles)
    boni = {result.article_incident[f"demo-00{i}"] for i in (1, 2, 3, 4)}
    assert len(boni) == 1  # wire story, near-copy, French report and the toll update
    record = result.incidents[boni.pop()]
    assert record.location.name == "Boni" and record.location.iso3 == "MLI"
    sides = {s.side: s.killed for s in record.casualties.by_side}
    # The update revises the soldiers' toll (12 -> 19); the 9 attackers of the first reports still count.
    assert sides == {"Military Forces of Mali": 19, "JNIM: Group for Support of Islam and Muslims": 9}
    assert record.casualties.killed == 28
    assert result.article_incident["demo-005"] not in (None, record.incident_id)  # another incident nearby
