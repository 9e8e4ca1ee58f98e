"""The service's Kafka topics: their names (from Settings), partitions and cleanup policies,
and idempotent creation with kafka-python's admin client.

docs/contracts.md documents the same table for users; `test_contract_docs` keeps them in step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, KafkaTimeoutError, TopicAlreadyExistsError

from streams.settings import Settings


_DAY_MS = 24 * 3600 * 1000


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """Topics the worker reads or writes (Faust creates its own changelog topics)."""
    n = settings.topic_partitions
    compacted = {
        "cleanup.policy": "compact",
        # Small segments and a low dirty ratio let compaction catch up within minutes, so a
        # consumer reading from the start sees close to one record per key.
        "segment.ms": str(3600 * 1000),
        "min.cleanable.dirty.ratio": "0.1",
        "delete.retention.ms": str(_DAY_MS),
    }
    return [
        TopicSpec(settings.topic_articles, n, {"cleanup.policy": "delete", "retention.ms": str(7 * _DAY_MS)}),
        TopicSpec(settings.topic_candidates, n, {"cleanup.policy": "delete", "retention.ms": str(7 * _DAY_MS)}),
        TopicSpec(settings.topic_deadletter, n, {"cleanup.policy": "delete", "retention.ms": str(30 * _DAY_MS)}),
        TopicSpec(settings.topic_events, n, compacted),
        TopicSpec(settings.topic_alerts, n, compacted),
    ]


class TopicSetupError(RuntimeError):
    """The topics could not be created or do not match their specification."""


def connect_admin(bootstrap: str) -> KafkaAdminClient:
    """An admin client; kafka-python itself retries the bootstrap for 30 s before giving up."""
    try:
        return KafkaAdminClient(bootstrap_servers=bootstrap, client_id="incidents-admin")
    except KafkaTimeoutError as exc:
        raise TopicSetupError(
            f"no Kafka broker answers at {bootstrap}; start one (ops/kafka.sh start) or set KAFKA_BOOTSTRAP_SERVERS"
        ) from exc


def ensure_topics(settings: Settings) -> list[str]:
    """Create the missing topics; fail if an existing one has another partition count.

    Returns the names created. Safe to run any number of times, from several processes.
    """
    specs = topic_specs(settings)
    admin = connect_admin(settings.kafka_bootstrap_servers)
    try:
        existing = set(admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        created: list[str] = []
        for spec in missing:
            try:
                admin.create_topics([NewTopic(spec.name, spec.partitions, 1, topic_configs=spec.config)])
                created.append(spec.name)
            except TopicAlreadyExistsError:
                pass  # another process won the race; the check below still applies
        _check_partitions(admin, specs)
        return created
    except KafkaError as exc:
        raise TopicSetupError(f"topic setup failed: {exc}") from exc
    finally:
        admin.close()


def _check_partitions(admin: KafkaAdminClient, specs: list[TopicSpec], *, settle_seconds: float = 10.0) -> None:
    # Metadata of a topic created a moment ago can still show no partitions: poll briefly.
    deadline = time.monotonic() + settle_seconds
    while True:
        described = {d["name"]: len(d["partitions"]) for d in admin.describe_topics([s.name for s in specs])}
        if all(described.get(s.name) for s in specs) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    wrong = [f"{s.name} has {described.get(s.name)} partitions, expected {s.partitions}" for s in specs
             if described.get(s.name) != s.partitions]
    if wrong:
        # Co-partitioning of tables and topics depends on equal counts; Faust would crash later.
        raise TopicSetupError("; ".join(wrong) + " (set TOPIC_PARTITIONS to match, or recreate the topics)")
