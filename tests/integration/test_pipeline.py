"""The worker over a real Kafka broker: articles in, incidents out, bad input dead-lettered,
restarts that neither lose input nor invent new incident ids."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from support.kafka import Broker, consume, produce
from support.worker import WorkerProcess

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles.jsonl"


def sample(article_id: str) -> dict:
    for line in SAMPLES.read_text().splitlines():
        if line.startswith("{") and f'"id": "{article_id}"' in line:
            return json.loads(line)
    raise KeyError(article_id)


def as_message(article: dict) -> tuple[bytes, bytes]:
    return article["id"].encode(), json.dumps(article).encode()


def incidents_by_id(records: list) -> dict[str, dict | None]:
    """Latest value per key, as a consumer of the compacted topic keeps it."""
    latest: dict[str, dict | None] = {}
    for record in records:
        latest[record.key.decode()] = json.loads(record.value) if record.value is not None else None
    return latest


def source_ids(records: list) -> set[str]:
    return {s["article_id"] for r in records if r.value is not None for s in json.loads(r.value)["sources"]}


def reported_articles(incident: dict) -> int:
    return len(incident["sources"]) + incident["sources_omitted"]


def wire_copies(article_id: str, count: int, first_published: str) -> list[dict]:
    """``count`` copies of a sample story under their own ids, published a second apart."""
    story = sample(article_id)
    start = datetime.fromisoformat(first_published)
    return [
        {**story, "id": f"wire-{i:03d}", "published_at": (start + timedelta(seconds=i)).isoformat()}
        for i in range(count)
    ]


def events_until_reported(bootstrap: str, topic: str, count: int) -> list:
    """The events topic, read until one incident counts ``count`` reports (or a timeout)."""
    return consume(
        bootstrap, topic, timeout=240,
        until=lambda rs: any(r.value and reported_articles(json.loads(r.value)) >= count for r in rs),
    )


def test_article_yields_an_enriched_event(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess]
) -> None:
    worker = start_worker(worker_env)
    produce(kafka.bootstrap, worker_env["TOPIC_ARTICLES"], [as_message(sample("demo-008"))])

    records = consume(kafka.bootstrap, worker_env["TOPIC_EVENTS"], until=lambda rs: len(rs) >= 1, timeout=60)

    assert records, "no record on the events topic"
    event = json.loads(records[0].value)
    assert records[0].key.decode() == event["incident_id"]
    assert [s["article_id"] for s in event["sources"]] == ["demo-008"]
    assert event["version"] == 1
    assert event["location"]["iso3"] == "SOM"
    assert event["casualties"]["killed"] >= 15
    exposition = httpx.get(f"{worker.web_url}/metrics", timeout=5)
    assert exposition.status_code == 200
    assert f'incidents_messages_out_total{{topic="{worker_env["TOPIC_EVENTS"]}"}} 1.0' in exposition.text


def test_malformed_message_is_dead_lettered_and_the_next_one_processed(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess]
) -> None:
    start_worker(worker_env)
    garbage = b'{"id": "broken", "text": "unterminated'
    produce(kafka.bootstrap, worker_env["TOPIC_ARTICLES"], [(b"broken", garbage), as_message(sample("demo-006"))])

    dead = consume(kafka.bootstrap, worker_env["TOPIC_DEADLETTER"], until=lambda rs: len(rs) >= 1, timeout=60)
    events = consume(kafka.bootstrap, worker_env["TOPIC_EVENTS"], until=lambda rs: len(rs) >= 1, timeout=60)

    assert len(dead) == 1
    letter = json.loads(dead[0].value)
    assert letter["reason"] == "invalid_json"
    assert base64.b64decode(letter["original_base64"]) == garbage
    assert letter["source_topic"] == worker_env["TOPIC_ARTICLES"]
    assert letter["source_offset"] is not None
    assert dict(dead[0].headers)["reason"] == b"invalid_json"
    assert source_ids(events) == {"demo-006"}


def test_restart_does_not_turn_committed_input_into_new_incident_ids(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess]
) -> None:
    topic_in, topic_out = worker_env["TOPIC_ARTICLES"], worker_env["TOPIC_EVENTS"]
    first = start_worker(worker_env)
    produce(kafka.bootstrap, topic_in, [as_message(sample("demo-001")), as_message(sample("demo-006"))])
    before = consume(kafka.bootstrap, topic_out, until=lambda rs: source_ids(rs) >= {"demo-001", "demo-006"},
                     timeout=60)
    ids_before = set(incidents_by_id(before))
    assert first.stop() == 0

    start_worker(worker_env)
    # A syndicated copy of the first report, after the restart: it must join the existing incident.
    produce(kafka.bootstrap, topic_in, [as_message(sample("demo-002"))])
    after = consume(kafka.bootstrap, topic_out, until=lambda rs: "demo-002" in source_ids(rs), timeout=90)

    latest = incidents_by_id(after)
    assert len(ids_before) == 2
    assert set(latest) == ids_before, "the restart created new incident ids"
    merged = [e for e in latest.values() if e and {"demo-001", "demo-002"} <= {s["article_id"] for s in e["sources"]}]
    assert len(merged) == 1 and merged[0]["version"] >= 2
    # Nothing consumed before the stop was processed again into a new version.
    assert len(after) == len(before) + 1


def test_a_story_reported_six_hundred_times_stays_one_bounded_incident(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess]
) -> None:
    """Without bounds the incident's table value outgrew Kafka's 1 MB message limit at ~300
    reports and the worker crashed (docs/dedup.md, "Bounds")."""
    copies = wire_copies("demo-008", 600, "2026-10-18T12:00:00+00:00")
    worker = start_worker(worker_env)
    produce(kafka.bootstrap, worker_env["TOPIC_ARTICLES"], [as_message(a) for a in copies])

    records = events_until_reported(kafka.bootstrap, worker_env["TOPIC_EVENTS"], len(copies))

    latest = {k: v for k, v in incidents_by_id(records).items() if v is not None}
    assert len(latest) == 1, f"expected one incident, got {len(latest)}"
    (incident,) = latest.values()
    assert len(incident["sources"]) == 500 and incident["sources_omitted"] == 100
    assert incident["sources"][0]["article_id"] == "wire-000"
    assert max(len(r.value) for r in records if r.value) < 200_000
    assert worker.process.poll() is None and httpx.get(f"{worker.web_url}/health", timeout=5).status_code == 200
    # The backlog was extracted in batches, and every article of it in exactly one batch.
    exposition = httpx.get(f"{worker.web_url}/metrics", timeout=5).text
    assert metric(exposition, "incidents_extract_batch_size_sum") == len(copies)
    assert metric(exposition, "incidents_extract_batch_size_count") <= len(copies) / 10


def test_a_stop_while_a_backlog_is_worked_off_loses_no_article(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess]
) -> None:
    """Messages are acknowledged only once handled (the ingest agent's whole batch, the merge
    agent's candidate): an operator's stop in the middle of a backlog and a restart end with
    every article reported, once."""
    copies = wire_copies("demo-006", 300, "2026-10-20T09:00:00+00:00")
    first = start_worker(worker_env)
    produce(kafka.bootstrap, worker_env["TOPIC_ARTICLES"], [as_message(a) for a in copies])
    consume(kafka.bootstrap, worker_env["TOPIC_EVENTS"], until=lambda rs: len(rs) >= 1, timeout=120)
    assert first.stop() == 0

    start_worker(worker_env)
    records = events_until_reported(kafka.bootstrap, worker_env["TOPIC_EVENTS"], len(copies))

    latest = [v for v in incidents_by_id(records).values() if v is not None]
    assert len(latest) == 1
    reported = [s["article_id"] for s in latest[0]["sources"]]
    assert sorted(reported) == [a["id"] for a in copies], "an article was lost or counted twice"


def metric(exposition: str, name: str) -> float:
    """Value of an unlabelled series in a Prometheus text exposition."""
    for line in exposition.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise KeyError(name)
