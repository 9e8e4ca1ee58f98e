"""Settings from environment variables: names, defaults shared with the pure packages, validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from streams.dedup.policy import MergePolicy
from streams.settings import Settings


def test_merge_policy_defaults_are_the_policy_defaults() -> None:
    assert Settings().merge_policy() == MergePolicy()


@pytest.mark.parametrize(
    ("variable", "value", "field"),
    [
        ("MERGE_WINDOW_DAYS", "12", "window_days"),
        ("MERGE_MAX_MEMBERS_PER_INCIDENT", "20", "max_members_per_incident"),
        ("MERGE_MAX_SOURCES_PER_INCIDENT", "80", "max_sources_per_incident"),
        ("MERGE_MAX_INCIDENTS_PER_AREA", "300", "max_incidents_per_area"),
    ],
)
def test_merge_limits_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, field: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert getattr(Settings().merge_policy(), field) == int(value)


def test_an_invalid_limit_is_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERGE_MAX_MEMBERS_PER_INCIDENT", "1")
    with pytest.raises(ValidationError, match="merge_max_members_per_incident"):
        Settings()
