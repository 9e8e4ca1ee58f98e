"""Integration tier: a real single-node Kafka broker (ops/kafka.sh), started once per session on a
free loopback port, and isolated worker processes (own topics, group and state) per test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support.kafka import Broker, start_broker
from support.worker import WorkerProcess, isolated_env, start_worker as _start_worker


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    reuse = os.environ.get("TEST_KAFKA_BOOTSTRAP")  # dev loop: point at an already running broker
    if reuse:
        yield Broker(bootstrap=reuse, workdir=Path("."))
        return
    broker = start_broker(tmp_path_factory.mktemp("kafka"))
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def worker_env(kafka: Broker, tmp_path: Path) -> dict[str, str]:
    return isolated_env(kafka.bootstrap, tmp_path)


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[dict[str, str]], WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(env: dict[str, str]) -> WorkerProcess:
        worker = _start_worker(env, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()
