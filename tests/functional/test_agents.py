"""The Faust app in memory (store memory://, agent.test_context()): agents decode, call the pure
code and emit to the right topics with the right keys. No broker: sends are captured."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import faust
import pytest
from faust.tables.base import Collection
from faust.topics import Topic

from streams.app import create_app
from streams.settings import Settings

ARTICLE = {
    "id": "fn-1",
    "text": "Suspected jihadists attacked an army post in Boni, in central Mali, on Friday, killing 12 soldiers, "
            "the army said on Saturday.",
    "published_at": "2026-10-10T08:00:00Z",
    "language": "en",
}


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, Any]]:
    """Every Topic.send as (topic, key, value); nothing reaches a broker."""
    captured: list[tuple[str, Any, Any]] = []

    async def fake_send(self: Topic, *, key: Any = None, value: Any = None, **_: Any) -> None:
        captured.append((self.get_topic_name(), key, value))

    monkeypatch.setattr(Topic, "send", fake_send)
    return captured


@pytest.fixture
def make_app(tmp_path: Any, sent: list, monkeypatch: pytest.MonkeyPatch) -> Callable[..., faust.App]:
    """The app in memory, with these settings changed."""

    def make(**changes: Any) -> faust.App:
        app = create_app(Settings(store_url="memory://", app_id="functional", data_dir=tmp_path, topic_partitions=1,
                                  **changes))
        app.finalize()
        app.flow_control.resume()

        async def recorded_flush() -> None:  # the producer is not running: record the flush instead
            sent.append(("<producer flush>", None, None))

        monkeypatch.setattr(app.producer, "flush", recorded_flush)
        return app

    return make


@pytest.fixture
def app(make_app: Callable[..., faust.App]) -> faust.App:
    return make_app()


def agent(app: faust.App, name: str) -> faust.types.AgentT:
    return next(a for a in app.agents.values() if a.name.endswith(name))


async def test_ingest_sends_candidates_keyed_by_area(app: faust.App, sent: list) -> None:
    async with agent(app, "ingest").test_context() as ingest:
        await ingest.put(key=b"fn-1", value=json.dumps(ARTICLE).encode())
    assert [topic for topic, _, _ in sent] == ["incidents.candidates"]
    _, key, value = sent[0]
    candidate = json.loads(value)
    assert key == b"MLI" == candidate["area_key"].encode()
    assert candidate["event"]["sources"][0]["article_id"] == "fn-1"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"{not json", "invalid_json"), (json.dumps({**ARTICLE, "text": ""}).encode(), "validation_error")],
)
async def test_ingest_dead_letters_bad_input_and_keeps_going(app: faust.App, sent: list, raw: bytes,
                                                             reason: str) -> None:
    async with agent(app, "ingest").test_context() as ingest:
        await ingest.put(key=b"bad", value=raw)
        await ingest.put(key=b"fn-1", value=json.dumps(ARTICLE).encode())
    topics = [topic for topic, _, _ in sent]
    assert topics == ["articles.deadletter", "incidents.candidates"]
    letter = json.loads(sent[0][2])
    assert letter["reason"] == reason


async def test_merge_publishes_a_versioned_incident_and_absorbs_a_redelivery(app: faust.App, sent: list) -> None:
    async with agent(app, "ingest").test_context() as ingest:
        await ingest.put(key=b"fn-1", value=json.dumps(ARTICLE).encode())
    candidate = sent[0][2]
    sent.clear()
    async with agent(app, "merge").test_context() as merge:
        await merge.put(key=b"MLI", value=candidate)
        await merge.put(key=b"MLI", value=candidate)  # at-least-once redelivery
    events = [(key, json.loads(value)) for topic, key, value in sent if topic == "events.enriched"]
    assert len(events) == 2
    (key1, first), (key2, second) = events
    assert key1 == key2 == first["incident_id"].encode()
    assert first == second, "a redelivered candidate must re-publish the identical record"
    assert first["version"] == 1


async def test_merge_acknowledges_its_state_before_publishing(app: faust.App, sent: list,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A record must never be published before the table writes behind it are acknowledged:
    after a crash, state recovered without them would re-publish lower versions."""
    send_changelog = Collection.send_changelog

    def recorded_send_changelog(self: Collection, partition: Any, key: Any, value: Any,
                                *args: Any, **kwargs: Any) -> Any:
        sent.append(("<changelog>", key, value))
        return send_changelog(self, partition, key, value, *args, **kwargs)

    monkeypatch.setattr(Collection, "send_changelog", recorded_send_changelog)
    async with agent(app, "ingest").test_context() as ingest:
        await ingest.put(key=b"fn-1", value=json.dumps(ARTICLE).encode())
    candidate = sent[-1][2]
    sent.clear()
    async with agent(app, "merge").test_context() as merge:
        await merge.put(key=b"MLI", value=candidate)
    steps = [topic for topic, _, _ in sent]
    first_output = steps.index("events.enriched")
    assert "<changelog>" in steps[:first_output]
    assert steps[first_output - 1] == "<producer flush>"
    assert "<changelog>" not in steps[first_output:]


async def test_ingest_dead_letters_the_article_that_breaks_extraction_and_extracts_the_others(
        app: faust.App, sent: list, monkeypatch: pytest.MonkeyPatch) -> None:
    from streams.extract import pipeline

    real = pipeline._set_actors

    def broken_for_poison(passage: Any) -> None:
        if passage.article.id == "poison":
            raise RuntimeError("extractor bug")
        real(passage)

    monkeypatch.setattr(pipeline, "_set_actors", broken_for_poison)
    async with agent(app, "ingest").test_context() as ingest:
        for article_id in ("fn-1", "poison", "fn-2"):
            await ingest.put(key=article_id.encode(), value=json.dumps({**ARTICLE, "id": article_id}).encode())
    letters = [json.loads(value) for topic, _, value in sent if topic == "articles.deadletter"]
    assert [(letter["reason"], letter["original_key"]) for letter in letters] == [("processing_error", "poison")]
    assert "extractor bug" in letters[0]["message"]
    sources = [json.loads(value)["event"]["sources"][0]["article_id"]
               for topic, _, value in sent if topic == "incidents.candidates"]
    assert sources == ["fn-1", "fn-2"]


async def test_ingest_extracts_a_batch_in_runs_of_bounded_text(make_app: Callable[..., faust.App],
                                                                sent: list) -> None:
    from streams import metrics

    # A long wait: the twelve messages make one batch however slow the machine.
    app = make_app(ingest_batch_max_chars=1_000, ingest_batch_wait_seconds=2.0)
    runs_before = metrics.REGISTRY.get_sample_value("incidents_extract_batch_size_count") or 0.0
    articles_before = metrics.REGISTRY.get_sample_value("incidents_extract_batch_size_sum") or 0.0
    async with agent(app, "ingest").test_context() as ingest:
        for i in range(12):  # ~130 characters each: more than one run of 1,000
            await ingest.put(key=f"fn-{i}".encode(), value=json.dumps({**ARTICLE, "id": f"fn-{i}"}).encode())
    sources = [json.loads(value)["event"]["sources"][0]["article_id"]
               for topic, _, value in sent if topic == "incidents.candidates"]
    assert sources == [f"fn-{i}" for i in range(12)]
    runs = metrics.REGISTRY.get_sample_value("incidents_extract_batch_size_count") - runs_before
    assert metrics.REGISTRY.get_sample_value("incidents_extract_batch_size_sum") - articles_before == 12
    per_run = 1_000 // len(ARTICLE["text"])
    assert runs == -(-12 // per_run), "one batch, cut into runs of at most 1,000 characters"
