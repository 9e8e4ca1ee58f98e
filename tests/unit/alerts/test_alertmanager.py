"""Alertmanager payloads, and the client's retries against a real tiny HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web

from models.alert import Alert, AlertSeverity
from streams.alerts.alertmanager import AlertmanagerClient, to_alertmanager
from streams.alerts.errors import AlertmanagerRejected
from streams.metrics import ALERT_DELIVERY_FAILURES, ALERTS_DELIVERED
from support.services import free_port

NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


def make_alert(level: int = 1, severity: AlertSeverity = AlertSeverity.WARNING) -> Alert:
    return Alert(
        alert_id="alert-0123456789abcdef",
        rule="fatalities",
        severity=severity,
        level=level,
        incident_id="inc-42",
        incident_version=3,
        title="60 killed: Attack in Kati, Koulikoro (Mali)",
        summary="60 killed (threshold 50). Attack at Kati, Koulikoro, Mali on 2024-05-09.",
        labels={"rule": "fatalities", "severity": severity.value, "country": "Mali", "iso3": "MLI",
                "admin1": "Koulikoro", "event_type": "Violence against civilians", "incident_id": "inc-42"},
        raised_at=datetime(2024, 5, 10, 9, 0, tzinfo=UTC),
    )


def test_postable_alert_shape() -> None:
    body = to_alertmanager(make_alert(level=2, severity=AlertSeverity.CRITICAL), now=NOW, ttl=timedelta(hours=24))
    assert body["labels"] == {
        "alertname": "fatalities", "alert_id": "alert-0123456789abcdef", "severity": "critical",
        "incident_id": "inc-42", "country": "Mali", "iso3": "MLI", "admin1": "Koulikoro",
        "event_type": "Violence against civilians",
    }
    assert body["annotations"]["title"] == "60 killed: Attack in Kati, Koulikoro (Mali)"
    assert body["annotations"]["description"].startswith("60 killed (threshold 50)")
    assert body["annotations"]["level"] == "2"
    assert body["startsAt"] == "2024-05-10T12:00:00Z"
    assert body["endsAt"] == "2024-05-11T12:00:00Z"
    assert "generatorURL" not in body
    assert to_alertmanager(make_alert(), now=NOW, generator_url="http://x/y")["generatorURL"] == "http://x/y"


def test_labels_are_stable_when_level_rises() -> None:
    """Alertmanager identifies an alert by its labels: a re-raise at a higher level must not fork it."""
    low = to_alertmanager(make_alert(level=1), now=NOW)
    high = to_alertmanager(make_alert(level=3), now=NOW + timedelta(hours=1))
    assert low["labels"] == high["labels"]


@pytest.mark.parametrize("attempt", [0, 1, 2, 5, 10, 60])
def test_backoff_is_exponential_jittered_and_capped(attempt: int) -> None:
    client = AlertmanagerClient("http://127.0.0.1:1", initial_backoff=0.5, max_backoff=8.0)
    ceiling = min(8.0, 0.5 * 2**attempt)
    delays = [client.backoff(attempt) for _ in range(200)]
    assert all(ceiling / 2 <= d <= ceiling for d in delays)
    assert len(set(delays)) > 1  # jitter


@dataclass
class FakeAlertmanager:
    """A real HTTP server: answers `fail_first` POSTs with `fail_status`, then stores alerts like Alertmanager."""

    fail_first: int = 0
    fail_status: int = 503
    posts: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)

    async def post(self, request: web.Request) -> web.Response:
        self.posts += 1
        if self.posts <= self.fail_first:
            return web.Response(status=self.fail_status, text="unavailable" if self.fail_status >= 500 else "bad request")
        self.alerts.extend(await request.json())
        return web.Response(status=200)

    async def get(self, request: web.Request) -> web.Response:
        return web.json_response(self.alerts)


async def _serve(fake: FakeAlertmanager, port: int) -> web.AppRunner:
    app = web.Application()
    app.router.add_post("/api/v2/alerts", fake.post)
    app.router.add_get("/api/v2/alerts", fake.get)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Any]]:
    runners: list[web.AppRunner] = []

    async def start(fake: FakeAlertmanager, port: int | None = None) -> str:
        port = port or free_port()
        runners.append(await _serve(fake, port))
        return f"http://127.0.0.1:{port}"

    yield start
    for runner in runners:
        await runner.cleanup()


def _count(counter: Any) -> float:
    return counter.labels(sink="alertmanager")._value.get()


async def test_retries_5xx_until_accepted(serve: Callable[..., Any]) -> None:
    fake = FakeAlertmanager(fail_first=3)
    url = await serve(fake)
    delivered, failures = _count(ALERTS_DELIVERED), _count(ALERT_DELIVERY_FAILURES)
    async with AlertmanagerClient(url, initial_backoff=0.01, max_backoff=0.05) as client:
        await asyncio.wait_for(client.deliver([make_alert()]), timeout=10)
        listed = await client.list_alerts()
    assert fake.posts == 4
    assert [a["labels"]["alert_id"] for a in listed] == ["alert-0123456789abcdef"]
    assert _count(ALERTS_DELIVERED) - delivered == 1
    assert _count(ALERT_DELIVERY_FAILURES) - failures == 3


async def test_4xx_is_a_bug_and_raises(serve: Callable[..., Any]) -> None:
    fake = FakeAlertmanager(fail_first=1, fail_status=400)
    url = await serve(fake)
    async with AlertmanagerClient(url, initial_backoff=0.01) as client:
        with pytest.raises(AlertmanagerRejected) as info:
            await client.deliver([make_alert()])
    assert info.value.status_code == 400 and "bad request" in str(info.value)
    assert fake.posts == 1  # not retried


async def test_waits_for_an_alertmanager_that_is_down(serve: Callable[..., Any]) -> None:
    port = free_port()
    fake = FakeAlertmanager()
    async with AlertmanagerClient(f"http://127.0.0.1:{port}", initial_backoff=0.02, max_backoff=0.1) as client:
        delivery = asyncio.create_task(client.deliver([make_alert(), make_alert(level=2)]))
        await asyncio.sleep(0.5)  # connection refused, several times
        assert not delivery.done()
        await serve(fake, port)  # Alertmanager comes up on the same port
        await asyncio.wait_for(delivery, timeout=5)
    assert len(fake.alerts) == 2


async def test_cancellation_stops_retrying() -> None:
    client = AlertmanagerClient(f"http://127.0.0.1:{free_port()}", initial_backoff=0.01, max_backoff=0.02)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(client.deliver([make_alert()]), timeout=0.3)
    await client.aclose()


async def test_nothing_to_deliver_sends_nothing(serve: Callable[..., Any]) -> None:
    fake = FakeAlertmanager()
    async with AlertmanagerClient(await serve(fake)) as client:
        await client.deliver([])
    assert fake.posts == 0
