"""Real Prometheus and Alertmanager (the Debian binaries) for integration tests.

Each service runs on a free loopback port with its own temporary config and data directory,
is waited for until `/-/ready` answers, can be stopped and restarted on the *same* port and data
directory, and is always cleaned up by the context managers (`running_prometheus`,
`running_alertmanager`). Binaries: /usr/bin/prometheus and /usr/bin/prometheus-alertmanager
(`.ci/run` installs them with apt); PROMETHEUS_BIN / ALERTMANAGER_BIN override the paths.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from support.services import free_port, wait_for_service

REPO_ROOT = Path(__file__).resolve().parents[2]
OPS = REPO_ROOT / "ops"
PROMETHEUS_RULES = OPS / "prometheus" / "rules.yml"
ALERTMANAGER_CONFIG = OPS / "alertmanager" / "alertmanager.yml"
PROMETHEUS_BIN = Path(os.environ.get("PROMETHEUS_BIN", "/usr/bin/prometheus"))
ALERTMANAGER_BIN = Path(os.environ.get("ALERTMANAGER_BIN", "/usr/bin/prometheus-alertmanager"))
WORKER_JOB = "incidents-worker"


def wait_until(check: Callable[[], Any], *, timeout: float, interval: float = 0.25, what: str = "condition") -> Any:
    """Call `check` until it returns something truthy; return it, or raise TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            result = check()
            if result:
                return result
        except (httpx.HTTPError, OSError, ValueError, KeyError) as exc:
            last_error = exc
        if time.monotonic() >= deadline:
            suffix = f" (last error: {last_error!r})" if last_error else ""
            raise TimeoutError(f"{what} not reached after {timeout:.0f}s{suffix}")
        time.sleep(interval)


@dataclass
class ServiceProcess:
    """One binary listening on 127.0.0.1:`port`, with its files under `workdir`."""

    name: str
    binary: Path
    workdir: Path
    port: int
    extra_args: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def args(self) -> list[str]:
        raise NotImplementedError

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 60.0) -> ServiceProcess:
        if self.running:
            raise RuntimeError(f"{self.name} is already running")
        if not self.binary.exists():
            raise FileNotFoundError(f"{self.binary} not found: install the Debian package (see .ci/run)")
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(self.binary), *self.args(), *self.extra_args],
                cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        wait_for_service(
            self.process, lambda: httpx.get(f"{self.url}/-/ready", timeout=1.0).status_code == 200,
            timeout=timeout, name=f"{self.name} on {self.url}", log_tail=self.log_tail,
        )

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM (graceful), then SIGKILL after `timeout`. Idempotent."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self, timeout: float = 60.0) -> ServiceProcess:
        """Stop (if running) and start again on the same port with the same data directory."""
        self.stop()
        return self.start(timeout)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class PrometheusProcess(ServiceProcess):
    def args(self) -> list[str]:
        return [
            f"--config.file={self.workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={self.workdir / 'data'}",
            f"--web.listen-address={self.address}",
            "--web.enable-lifecycle",
            "--storage.tsdb.retention.time=1d",
        ]

    def query(self, expr: str) -> list[dict[str, Any]]:
        """Instant query; returns the `result` vector. Raises on a query error (bad PromQL)."""
        response = httpx.get(f"{self.url}/api/v1/query", params={"query": expr}, timeout=5.0)
        body = response.json()
        if body.get("status") != "success":
            raise AssertionError(f"query {expr!r} failed: {body.get('errorType')}: {body.get('error')}")
        return list(body["data"]["result"])

    def wait_for(self, expr: str, predicate: Callable[[list[dict[str, Any]]], bool], *, timeout: float) -> list[dict]:
        def check() -> list[dict] | None:
            result = self.query(expr)
            return result if predicate(result) else None

        return wait_until(check, timeout=timeout, what=f"Prometheus query {expr!r}")

    def targets(self) -> list[dict[str, Any]]:
        return list(httpx.get(f"{self.url}/api/v1/targets", timeout=5.0).json()["data"]["activeTargets"])

    def rules(self) -> list[dict[str, Any]]:
        groups = httpx.get(f"{self.url}/api/v1/rules", timeout=5.0).json()["data"]["groups"]
        return [rule for group in groups for rule in group["rules"]]


@dataclass
class AlertmanagerProcess(ServiceProcess):
    def args(self) -> list[str]:
        return [
            f"--config.file={self.workdir / 'alertmanager.yml'}",
            f"--storage.path={self.workdir / 'data'}",
            f"--web.listen-address={self.address}",
            "--cluster.listen-address=",  # no gossip port: a single instance, nothing else to bind
        ]

    def alerts(self) -> list[dict[str, Any]]:
        """GET /api/v2/alerts: active, silenced and inhibited alerts."""
        response = httpx.get(f"{self.url}/api/v2/alerts", timeout=5.0)
        response.raise_for_status()
        return list(response.json())

    def find(self, **labels: str) -> list[dict[str, Any]]:
        return [a for a in self.alerts() if all(a["labels"].get(k) == v for k, v in labels.items())]

    def wait_for_alert(self, *, timeout: float, **labels: str) -> dict[str, Any]:
        found = wait_until(lambda: self.find(**labels), timeout=timeout, what=f"Alertmanager alert {labels}")
        return found[0]


def prometheus_config(
    *,
    worker_targets: Sequence[str] = (),
    alertmanagers: Sequence[str] = (),
    rule_files: Sequence[str] = (),
    scrape_interval: str = "1s",
) -> dict[str, Any]:
    """Same jobs as ops/prometheus/prometheus.yml, pointed at loopback targets and scraping fast."""
    config: dict[str, Any] = {
        "global": {"scrape_interval": scrape_interval, "evaluation_interval": scrape_interval},
        "rule_files": list(rule_files),
        "scrape_configs": [
            {"job_name": WORKER_JOB, "metrics_path": "/metrics",
             "static_configs": [{"targets": list(worker_targets)}]},
        ],
    }
    if alertmanagers:
        config["alerting"] = {"alertmanagers": [{"static_configs": [{"targets": list(alertmanagers)}]}]}
    return config


@contextmanager
def _serving(service: ServiceProcess, workdir: Path, remove: bool) -> Iterator[None]:
    """Start `service`; always stop it, and remove its workdir when we made it."""
    try:
        service.start()
        yield
    finally:
        service.stop()
        if remove:
            shutil.rmtree(workdir, ignore_errors=True)


def _workdir(parent: Path | None, prefix: str) -> tuple[Path, bool]:
    if parent is not None:
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        return path, False
    return Path(tempfile.mkdtemp(prefix=prefix)), True


@contextmanager
def running_prometheus(
    *,
    worker_targets: Sequence[str] = (),
    alertmanagers: Sequence[str] = (),
    with_ops_rules: bool = True,
    scrape_interval: str = "1s",
    parent: Path | None = None,
    port: int | None = None,
) -> Iterator[PrometheusProcess]:
    """A Prometheus scraping `worker_targets` (host:port) in job incidents-worker, with ops/prometheus/rules.yml.

    Files go to a new directory under `parent` (kept, e.g. pytest's tmp_path, for post-mortems)
    or to a temporary directory removed afterwards.
    """
    workdir, remove = _workdir(parent, "prometheus-")
    rule_files: list[str] = []
    if with_ops_rules:
        shutil.copy(PROMETHEUS_RULES, workdir / "rules.yml")
        rule_files.append("rules.yml")
    config = prometheus_config(
        worker_targets=worker_targets, alertmanagers=alertmanagers, rule_files=rule_files,
        scrape_interval=scrape_interval,
    )
    (workdir / "prometheus.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    service = PrometheusProcess("prometheus", PROMETHEUS_BIN, workdir, port or free_port())
    with _serving(service, workdir, remove):
        yield service


@contextmanager
def running_alertmanager(
    *, config: Path = ALERTMANAGER_CONFIG, parent: Path | None = None, port: int | None = None
) -> Iterator[AlertmanagerProcess]:
    """An Alertmanager with ops/alertmanager/alertmanager.yml (or `config`), single instance, no clustering."""
    workdir, remove = _workdir(parent, "alertmanager-")
    shutil.copy(config, workdir / "alertmanager.yml")
    service = AlertmanagerProcess("alertmanager", ALERTMANAGER_BIN, workdir, port or free_port())
    with _serving(service, workdir, remove):
        yield service
