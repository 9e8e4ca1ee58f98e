"""Delivery of alerts to Prometheus Alertmanager (API v2), with retries that survive an outage.

Owns the mapping `Alert` -> Alertmanager `postableAlert` and the HTTP client. Alertmanager
deduplicates by label set, so posting the same alert again is harmless; the worker's sink
additionally remembers delivered (alert_id, level) pairs so it does not re-post.

Retry policy: connection errors, timeouts and 5xx are retried forever with exponential backoff
and jitter (capped at `max_backoff`), until success or task cancellation, so an Alertmanager
outage delays alerts instead of losing them. A 4xx means our request is wrong: retrying cannot
help, so it raises `AlertmanagerRejected`.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import httpx

from models.alert import Alert
from streams.alerts.errors import AlertmanagerRejected
from streams.metrics import ALERT_DELIVERY_FAILURES, ALERTS_DELIVERED

log = logging.getLogger(__name__)

SINK = "alertmanager"
DEFAULT_TTL = timedelta(hours=24)
ALERTS_PATH = "/api/v2/alerts"

# Labels identify an Alertmanager alert (its dedup key): keep them stable across re-raises of
# the same alert. `level` changes on escalation, so it goes to the annotations instead.
_LABEL_KEYS = ("rule", "severity", "country", "iso3", "admin1", "event_type", "incident_id")


def _rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def to_alertmanager(
    alert: Alert, *, now: datetime, ttl: timedelta = DEFAULT_TTL, generator_url: str | None = None
) -> dict[str, Any]:
    """The Alertmanager v2 `postableAlert` for `alert`, active from `now` until `now + ttl`.

    An explicit endsAt keeps the alert listed for `ttl` (Alertmanager would otherwise resolve it
    after its resolve_timeout, 5 minutes by default), since nothing re-posts a one-off alert.
    """
    labels = {key: alert.labels[key] for key in _LABEL_KEYS if alert.labels.get(key)}
    labels.update(
        alertname=alert.rule,
        alert_id=alert.alert_id,
        severity=alert.severity.value,
        incident_id=alert.incident_id,
    )
    labels.pop("rule", None)  # same as alertname
    body: dict[str, Any] = {
        "labels": labels,
        "annotations": {
            "title": alert.title,
            "summary": alert.title,
            "description": alert.summary,
            "level": str(alert.level),
            "incident_version": str(alert.incident_version),
            "raised_at": _rfc3339(alert.raised_at),
        },
        "startsAt": _rfc3339(now),
        "endsAt": _rfc3339(now + ttl),
    }
    if generator_url:
        body["generatorURL"] = generator_url
    return body


class AlertmanagerClient:
    """Posts alerts to one Alertmanager. Use as `async with AlertmanagerClient(url) as client:` or call `aclose()`."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        max_backoff: float = 30.0,
        initial_backoff: float = 0.25,
        ttl: timedelta = DEFAULT_TTL,
        generator_url: str | None = None,
    ) -> None:
        if max_backoff <= 0 or initial_backoff <= 0:
            raise ValueError("backoff times must be positive")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_backoff = max_backoff
        self.initial_backoff = min(initial_backoff, max_backoff)
        self.ttl = ttl
        self.generator_url = generator_url
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(base_url=self.base_url, timeout=self.timeout)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __aenter__(self) -> AlertmanagerClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (0-based): exponential, capped, with 'equal jitter'.

        Half the delay is fixed and half random, so many workers hitting a recovering
        Alertmanager spread out but none retries immediately.
        """
        ceiling = min(self.max_backoff, self.initial_backoff * (2 ** min(attempt, 32)))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    async def deliver(self, alerts: Sequence[Alert]) -> None:
        """POST `alerts` in one request; retry until Alertmanager accepts them (or the task is cancelled)."""
        if not alerts:
            return
        attempt = 0
        url = f"{self.base_url}{ALERTS_PATH}"
        while True:
            now = datetime.now(UTC)
            payload = [to_alertmanager(a, now=now, ttl=self.ttl, generator_url=self.generator_url) for a in alerts]
            try:
                response = await self.client.post(ALERTS_PATH, json=payload)
            except httpx.TransportError as exc:  # connection refused/reset, DNS, timeouts
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code < 300:
                    ALERTS_DELIVERED.labels(sink=SINK).inc(len(alerts))
                    if attempt:
                        log.info("alertmanager accepted %d alerts after %d retries", len(alerts), attempt)
                    return
                if 400 <= response.status_code < 500:
                    ALERT_DELIVERY_FAILURES.labels(sink=SINK).inc()
                    raise AlertmanagerRejected(response.status_code, response.text, url)
                problem = f"HTTP {response.status_code}: {response.text[:200]}"
            ALERT_DELIVERY_FAILURES.labels(sink=SINK).inc()
            delay = self.backoff(attempt)
            log.warning(
                "alertmanager delivery of %d alerts failed (%s); retry %d in %.2fs", len(alerts), problem,
                attempt + 1, delay,
            )
            attempt += 1
            await asyncio.sleep(delay)

    async def list_alerts(self, *, active: bool = True, silenced: bool = True, inhibited: bool = True) -> list[dict]:
        """GET /api/v2/alerts (gettableAlerts), for tests and operations. No retries."""
        params = {"active": str(active).lower(), "silenced": str(silenced).lower(), "inhibited": str(inhibited).lower()}
        response = await self.client.get(ALERTS_PATH, params=params)
        response.raise_for_status()
        return list(response.json())
