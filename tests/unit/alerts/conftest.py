"""Fixtures of the alert tests (helpers live in tests/support/alert_events.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.event import EnrichedEvent
from support.alert_events import JsonTable, event


@pytest.fixture
def make_event() -> Callable[..., EnrichedEvent]:
    return event


@pytest.fixture
def table() -> JsonTable:
    return JsonTable()
