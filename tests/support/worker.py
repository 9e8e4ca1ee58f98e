"""Worker processes (`python -m streams.cli worker`) for integration tests: start, wait, stop, kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from support.services import free_port, wait_for_service


def isolated_env(bootstrap: str, workdir: Path, *, partitions: int = 3) -> dict[str, str]:
    """Environment for a worker with its own topics, consumer group and state, on a shared broker."""
    suffix = uuid.uuid4().hex[:8]
    return {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "APP_ID": f"incidents-test-{suffix}",
        "TOPIC_ARTICLES": f"articles.raw.{suffix}",
        "TOPIC_DEADLETTER": f"articles.deadletter.{suffix}",
        "TOPIC_CANDIDATES": f"incidents.candidates.{suffix}",
        "TOPIC_EVENTS": f"events.enriched.{suffix}",
        "TOPIC_ALERTS": f"alerts.{suffix}",
        "TOPIC_PARTITIONS": str(partitions),
        "STORE_URL": "rocksdb://",
        "DATA_DIR": str(workdir / "worker-data"),
        "WEB_PORT": str(free_port()),
        "LOG_LEVEL": "INFO",
        # A killed worker's partitions move to its successor after this; short keeps crash tests quick.
        "CONSUMER_SESSION_TIMEOUT_SECONDS": "10",
    }


@dataclass
class WorkerProcess:
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.env['WEB_PORT']}"

    def wait_ready(self, timeout: float = 180.0) -> None:
        """Wait until the web server answers /health and every agent has its partitions."""
        wait_for_service(
            self.process,
            lambda: httpx.get(f"{self.web_url}/health", timeout=1.0).status_code == 200
            and "Worker ready" in self.log_text(),
            timeout=timeout, name="worker", log_tail=self.log_tail, interval=0.3,
        )

    def stop(self, timeout: float = 60.0) -> int:
        """Graceful stop (SIGTERM), as an operator would; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no final commit, as in a crash."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


def start_worker(env: dict[str, str], log_path: Path) -> WorkerProcess:
    full_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
    log_file = log_path.open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "streams.cli", "worker"], env=full_env, stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log_file.close()
    worker = WorkerProcess(env=env, log_path=log_path, process=process)
    worker.wait_ready()
    return worker
