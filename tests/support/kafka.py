"""A real Kafka broker (from ops/kafka.sh) and small produce/consume helpers for integration tests."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer
from kafka.consumer.fetcher import ConsumerRecord

REPO_ROOT = Path(__file__).resolve().parents[2]
KAFKA_SH = REPO_ROOT / "ops" / "kafka.sh"


@dataclass
class Broker:
    bootstrap: str
    workdir: Path

    def stop(self) -> None:
        subprocess.run([str(KAFKA_SH), "stop", "--dir", str(self.workdir)], check=False, capture_output=True)


def start_broker(workdir: Path) -> Broker:
    """Start a single-node KRaft broker on a free loopback port; raises with the script's stderr on failure."""
    result = subprocess.run(
        [str(KAFKA_SH), "start", "--dir", str(workdir)], capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0:
        raise RuntimeError(f"ops/kafka.sh start failed ({result.returncode}):\n{result.stderr}")
    return Broker(bootstrap=result.stdout.strip().splitlines()[-1], workdir=workdir)


def produce(bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes | None]]) -> None:
    """Send (key, value) pairs and wait until the broker has them all."""
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for key, value in messages:
            producer.send(topic, key=key, value=value)
        producer.flush(timeout=30)
    finally:
        producer.close()


def consume(
    bootstrap: str, topic: str, *, until: Callable[[list[ConsumerRecord]], bool], timeout: float
) -> list[ConsumerRecord]:
    """Read `topic` from the beginning until `until(records)` holds or `timeout` seconds pass.

    Returns everything read; callers assert on it, so a timeout shows what did arrive.
    """
    consumer = KafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest",
        enable_auto_commit=False, consumer_timeout_ms=500,
    )
    records: list[ConsumerRecord] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
            if until(records):
                break
    finally:
        consumer.close()
    return records
