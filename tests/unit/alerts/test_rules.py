"""Alert rules: packaged defaults, user files laid over them, and validation errors that name the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.alert import AlertSeverity
from streams.alerts.errors import RulesFileError
from streams.alerts.rules import (
    AlertRules,
    EscalationRule,
    FatalitiesRule,
    WatchedPlaceRule,
    load_rules,
    merge_rule_documents,
)


def test_packaged_defaults_cover_every_rule_kind() -> None:
    rules = load_rules(None)
    kinds = {rule.kind for rule in rules.rules}
    assert kinds == {
        "fatalities", "near_watched_place", "quiet_area", "new_actor_in_area", "escalation", "mass_abduction",
        "death_toll_revision",
    }
    fatalities = rules.rule("fatalities")
    assert isinstance(fatalities, FatalitiesRule)
    assert [(lv.min, lv.severity) for lv in fatalities.levels] == [(10, AlertSeverity.WARNING), (50, AlertSeverity.CRITICAL)]
    places = rules.rule("near_watched_place")
    assert isinstance(places, WatchedPlaceRule)
    names = {p.name for p in places.all_places}
    assert {"Bamako", "Kati", "Ouagadougou", "Niamey", "Abuja", "Maiduguri", "Mogadishu"} <= names
    assert rules.history_days == 180  # new_actor_in_area lookback


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_overlays_defaults(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
rules:
  - name: fatalities
    levels: [{min: 5}, {min: 25, severity: critical}]
  - name: near_watched_place
    extra_places:
      - {name: Camp Alpha, lat: 14.5, lon: -4.1, radius_km: 10, severity: critical}
  - name: quiet_area
    enabled: false
  - name: escalation_nigeria
    kind: escalation
    countries: [nga]
    metric: fatalities
    min_count: 30
    levels: [{ratio: 2.5}]
""",
    )
    rules = load_rules(path)
    fatalities = rules.rule("fatalities")
    assert isinstance(fatalities, FatalitiesRule)
    assert [(lv.min, lv.severity) for lv in fatalities.levels] == [(5, None), (25, AlertSeverity.CRITICAL)]
    places = rules.rule("near_watched_place")
    assert isinstance(places, WatchedPlaceRule)
    assert places.all_places[-1].name == "Camp Alpha" and len(places.places) > 10  # defaults kept
    assert rules.rule("quiet_area").enabled is False
    nigeria = rules.rule("escalation_nigeria")
    assert isinstance(nigeria, EscalationRule) and nigeria.countries == ["NGA"] and nigeria.window_days == 7
    assert [r.name for r in rules.rules][-1] == "escalation_nigeria"


def test_replace_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path, "replace_defaults: true\nrules:\n  - {name: big, kind: fatalities, levels: [{min: 100}]}\n")
    rules = load_rules(path)
    assert [r.name for r in rules.rules] == ["big"]


def test_empty_user_file_means_defaults(tmp_path: Path) -> None:
    assert load_rules(_write(tmp_path, "")) == load_rules(None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: [{name: x, kind: nope}]", "kind"),
        ("rules: [{name: Bad-Name, kind: fatalities, levels: [{min: 1}]}]", "name"),
        ("rules: [{name: fatalities, levels: [{min: 50}, {min: 10}]}]", "ascending"),
        ("rules: [{name: fatalities, levels: []}]", "levels"),
        ("rules: [{name: fatalities, countries: [Mali]}]", "ISO3"),
        ("rules: [{name: fatalities, treshold: 3}]", "treshold"),  # typo'd field is refused, not ignored
        ("rules: [{name: new_actor_in_area, ignore_actors: ['(']}]", "ignore_actors"),
        ("rules: [{name: near_watched_place, extra_places: [{name: X, lat: 95, lon: 0, radius_km: 5}]}]", "lat"),
        ("rules: [{kind: fatalities}]", "name"),
        ("rules: {fatalities: {}}", "list"),
        ("- just\n- a list\n", "mapping"),
        ("rules: [", "YAML"),
        ("incident_retention_days: 0", "incident_retention_days"),
    ],
)
def test_invalid_files_are_refused_with_the_reason(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(RulesFileError) as info:
        load_rules(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RulesFileError, match="cannot read"):
        load_rules(tmp_path / "absent.yaml")


def test_duplicate_names_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        AlertRules.model_validate(
            {"rules": [{"name": "a", "kind": "fatalities", "levels": [{"min": 1}]},
                       {"name": "a", "kind": "mass_abduction", "levels": [{"min": 1}]}]}
        )


def test_merge_is_by_name_and_lists_replace() -> None:
    defaults = {"incident_retention_days": 60, "rules": [{"name": "a", "kind": "k", "levels": [1, 2], "x": {"y": 1, "z": 2}}]}
    user = {"incident_retention_days": 90, "rules": [{"name": "a", "levels": [3], "x": {"z": 5}}, {"name": "b", "kind": "k"}]}
    assert merge_rule_documents(defaults, user) == {
        "incident_retention_days": 90,
        "rules": [{"name": "a", "kind": "k", "levels": [3], "x": {"y": 1, "z": 5}}, {"name": "b", "kind": "k"}],
    }
