"""Crash safety of the merge stage on the real broker: a worker killed with SIGKILL partway
through a multi-source replay, then restarted, ends with exactly the incidents the same code
computes offline: none lost, no duplicate ids, each with all its sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from models import Article
from streams.dedup.offline import run_offline
from support.kafka import Broker, consume, produce
from support.worker import WorkerProcess

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "articles.jsonl"


def valid_articles() -> list[dict]:
    out = []
    for line in SAMPLES.read_text().splitlines():
        try:
            raw = json.loads(line)
            Article.model_validate(raw)
        except ValueError:
            continue
        out.append(raw)
    return out


def compacted_view(records: list) -> dict[str, dict]:
    """What a consumer keeping the latest record per key sees (tombstones delete)."""
    latest: dict[str, dict | None] = {}
    for record in records:
        latest[record.key.decode()] = json.loads(record.value) if record.value is not None else None
    return {key: value for key, value in latest.items() if value is not None}


def sources_by_incident(view: dict[str, dict]) -> dict[str, set[str]]:
    return {key: {s["article_id"] for s in value["sources"]} for key, value in view.items()}


def test_sigkill_partway_then_restart_converges_to_the_offline_incidents(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess]
) -> None:
    articles = valid_articles()
    expected = run_offline([Article.model_validate(a) for a in articles])
    expected_sources = {r.incident_id: {s.article_id for s in r.sources} for r in expected.incidents.values()}
    assert len(expected_sources) >= 4 and any(len(s) >= 2 for s in expected_sources.values())

    messages = [(a["id"].encode(), json.dumps(a).encode()) for a in articles]
    half = len(messages) // 2
    topic_in, topic_out = worker_env["TOPIC_ARTICLES"], worker_env["TOPIC_EVENTS"]

    first = start_worker(worker_env)
    produce(kafka.bootstrap, topic_in, messages[:half])
    consume(kafka.bootstrap, topic_out, until=lambda rs: len(rs) >= 1, timeout=60)
    first.kill()  # no graceful shutdown: uncommitted offsets and unflushed state are lost
    produce(kafka.bootstrap, topic_in, messages[half:])

    start_worker(worker_env)
    records = consume(
        kafka.bootstrap, topic_out,
        until=lambda rs: sources_by_incident(compacted_view(rs)) == expected_sources, timeout=120,
    )

    view = compacted_view(records)
    assert sources_by_incident(view) == expected_sources
    for incident_id, record in view.items():
        assert record["incident_id"] == incident_id
        assert record["source_count"] <= len(record["sources"])
    # Versions only grow per id, whatever was re-processed after the crash.
    last_version: dict[str, int] = {}
    for record in records:
        if record.value is None:
            continue
        value = json.loads(record.value)
        assert value["version"] >= last_version.get(value["incident_id"], 0)
        last_version[value["incident_id"]] = value["version"]
