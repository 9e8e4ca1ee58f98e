"""Monitoring with the real binaries: Prometheus scrapes the worker (and loads ops/ rules), the
worker's alerts reach Alertmanager, and alerts raised while Alertmanager is down arrive after it
restarts. The first two tests need no broker: they check ops/ files and the client against the
real services; the others run the whole pipeline (Kafka + worker)."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client import start_http_server

from models.alert import Alert, AlertSeverity
from streams import metrics
from streams.alerts.alertmanager import AlertmanagerClient
from support.kafka import Broker, consume, produce
from support.monitoring import OPS, running_alertmanager, running_prometheus, wait_until
from support.services import free_port
from support.worker import WorkerProcess

DASHBOARD = OPS / "grafana" / "dashboards" / "pipeline.json"

# Written for these tests: a clearly worded attack with a high death toll in a named Malian town.
ATTACK_TEXT = (
    "Gunmen on motorbikes attacked the weekly market in the town of Niono, in Mali's Segou region, on {weekday}, "
    "killing 60 civilians and wounding 25 others, the mayor of Niono told reporters. The attackers set fire to "
    "stalls and vehicles before fleeing towards the forest. The army said it had sent reinforcements to Niono."
)


def attack_article(article_id: str) -> tuple[bytes, bytes]:
    published = datetime.now(UTC) - timedelta(hours=2)
    weekday = (published - timedelta(days=1)).strftime("%A")
    article = {
        "id": article_id,
        "text": ATTACK_TEXT.format(weekday=weekday),
        "title": "Sixty killed in attack on market in central Mali",
        "published_at": published.isoformat(),
        "outlet": "Integration Test Wire",
        "url": f"https://example.org/news/{article_id}",
        "language": "en",
    }
    return article_id.encode(), json.dumps(article).encode()


def _alerts_of(records: list, rule: str) -> list[dict]:
    return [json.loads(r.value) for r in records if r.value is not None and json.loads(r.value)["rule"] == rule]


def _wait_for_fatality_alert(kafka: Broker, env: dict[str, str], timeout: float = 90) -> dict:
    records = consume(kafka.bootstrap, env["TOPIC_ALERTS"], until=lambda rs: bool(_alerts_of(rs, "fatalities")),
                      timeout=timeout)
    alerts = _alerts_of(records, "fatalities")
    if not alerts:
        # Say what the pipeline did extract, so a failure is attributed to the right stage.
        events = consume(kafka.bootstrap, env["TOPIC_EVENTS"], until=lambda rs: bool(rs), timeout=5)
        extracted = [json.loads(r.value).get("casualties") for r in events if r.value is not None]
        raise AssertionError(
            f"no fatalities alert on {env['TOPIC_ALERTS']} (alerts seen: {[json.loads(r.value)['rule'] for r in records]}); "
            f"casualties extracted on {env['TOPIC_EVENTS']}: {extracted}"
        )
    return alerts[-1]


def _dashboard_queries() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    # Grafana's variables, as Grafana would substitute them.
    return [
        e.replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$instance", ".*") for e in exprs
    ]


@pytest.fixture
def metrics_endpoint() -> Iterator[str]:
    """The worker's metrics registry served on a loopback port (as the worker's /metrics does)."""
    port = free_port()
    server, thread = start_http_server(port, addr="127.0.0.1", registry=metrics.REGISTRY)
    metrics.MESSAGES_IN.labels(topic="articles.raw").inc()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_prometheus_loads_ops_rules_and_every_dashboard_query_is_valid(metrics_endpoint: str, tmp_path: Path) -> None:
    with running_prometheus(worker_targets=[metrics_endpoint], parent=tmp_path) as prometheus:
        prometheus.wait_for('up{job="incidents-worker"} == 1', bool, timeout=30)
        prometheus.wait_for('incidents_messages_in_total{topic="articles.raw"}', bool, timeout=30)
        names = {rule["name"] for rule in prometheus.rules()}
        assert {"IncidentsWorkerDown", "IncidentsConsumerLagGrowing", "IncidentsDeadLetterRateHigh",
                "IncidentsNoEventsEmitted"} <= names
        assert all(rule["health"] != "err" for rule in prometheus.rules())
        queries = _dashboard_queries()
        assert len(queries) >= 20
        for expr in queries:
            prometheus.query(expr)  # raises on invalid PromQL


def _alert(alert_id: str, level: int = 1, severity: AlertSeverity = AlertSeverity.WARNING) -> Alert:
    return Alert(
        alert_id=alert_id, rule="fatalities", severity=severity, level=level, incident_id="inc-monitoring",
        incident_version=1, title="60 killed: Attack in Niono, Segou (Mali)", summary="A test alert.",
        labels={"rule": "fatalities", "severity": severity.value, "country": "Mali", "admin1": "Segou",
                "event_type": "Violence against civilians", "incident_id": "inc-monitoring"},
        raised_at=datetime.now(UTC),
    )


def test_client_delivers_to_real_alertmanager_across_a_restart(tmp_path: Path) -> None:
    with running_alertmanager(parent=tmp_path) as am:
        port = am.port

        async def scenario() -> None:
            async with AlertmanagerClient(am.url, initial_backoff=0.1, max_backoff=0.5) as client:
                await client.deliver([_alert("alert-one")])
                assert [a["labels"]["alert_id"] for a in await client.list_alerts()] == ["alert-one"]
                # Raised again at a higher severity: the critical one inhibits the warning (ops inhibit rule).
                await client.deliver([_alert("alert-one", level=2, severity=AlertSeverity.CRITICAL)])
                listed = {a["labels"]["severity"]: a for a in await client.list_alerts()}
                assert listed["critical"]["status"]["state"] == "active"
                assert listed["warning"]["status"]["state"] == "suppressed"
                assert listed["warning"]["status"]["inhibitedBy"]
                am.stop()
                delivery = asyncio.create_task(client.deliver([_alert("alert-two")]))
                await asyncio.sleep(1.5)
                assert not delivery.done()  # retrying while Alertmanager is down
                await asyncio.to_thread(am.start)
                await asyncio.wait_for(delivery, timeout=30)

        asyncio.run(scenario())
        assert am.port == port
        assert am.find(alert_id="alert-two")


# ------------------------------------------------------------------ with the broker and the worker


def test_prometheus_scrapes_the_worker(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess],
    tmp_path: Path,
) -> None:
    worker = start_worker(worker_env)
    target = worker.web_url.removeprefix("http://")
    produce(kafka.bootstrap, worker_env["TOPIC_ARTICLES"], [attack_article("mon-scrape-1")])
    with running_prometheus(worker_targets=[target], parent=tmp_path) as prometheus:
        up = prometheus.wait_for('up{job="incidents-worker"}', lambda r: bool(r) and r[0]["value"][1] == "1",
                                 timeout=60)
        assert up[0]["metric"]["instance"] == target
        topic = worker_env["TOPIC_ARTICLES"]
        result = prometheus.wait_for(f'incidents_messages_in_total{{topic="{topic}"}}',
                                     lambda r: bool(r) and float(r[0]["value"][1]) >= 1, timeout=60)
        assert result[0]["metric"]["job"] == "incidents-worker"
        health = {t["labels"]["job"]: t["health"] for t in prometheus.targets()}
        assert health["incidents-worker"] == "up"


def test_fatal_incident_alert_is_listed_by_alertmanager(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess],
    tmp_path: Path,
) -> None:
    with running_alertmanager(parent=tmp_path) as am:
        start_worker({**worker_env, "ALERTMANAGER_URL": am.url})
        produce(kafka.bootstrap, worker_env["TOPIC_ARTICLES"], [attack_article("mon-alert-1")])
        alert = _wait_for_fatality_alert(kafka, worker_env)
        listed = am.wait_for_alert(alert_id=alert["alert_id"], timeout=60)
        assert listed["labels"]["alertname"] == "fatalities"
        assert listed["labels"]["severity"] == alert["severity"]
        assert listed["labels"]["incident_id"] == alert["incident_id"]
        assert listed["annotations"]["description"] == alert["summary"]


def test_alert_raised_while_alertmanager_is_down_is_delivered_after_restart(
    kafka: Broker, worker_env: dict[str, str], start_worker: Callable[[dict[str, str]], WorkerProcess],
    tmp_path: Path,
) -> None:
    with running_alertmanager(parent=tmp_path) as am:
        worker = start_worker({**worker_env, "ALERTMANAGER_URL": am.url})
        port = am.port
        am.stop()
        produce(kafka.bootstrap, worker_env["TOPIC_ARTICLES"], [attack_article("mon-outage-1")])
        alert = _wait_for_fatality_alert(kafka, worker_env)

        def failures() -> float:
            text = httpx.get(f"{worker.web_url}/metrics", timeout=5).text
            match = re.search(r'^incidents_alert_delivery_failures_total\{sink="alertmanager"\} (\S+)$', text, re.M)
            return float(match.group(1)) if match else 0.0

        wait_until(lambda: failures() >= 1, timeout=30, what="a failed delivery attempt")
        time.sleep(3)
        am.start()
        assert am.port == port
        listed = am.wait_for_alert(alert_id=alert["alert_id"], timeout=90)
        assert listed["labels"]["alertname"] == "fatalities"
