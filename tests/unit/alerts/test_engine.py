"""AlertEngine: each rule fires / does not fire, escalation re-raises with the same id, replay is silent,
forget drops state, and state stays bounded."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from models.alert import Alert, AlertSeverity
from models.event import EnrichedEvent, EventType, SubEventType
from streams.alerts.engine import AlertEngine, AlertStore, alert_id_for, area_of, haversine_km
from streams.alerts.rules import AlertRules, default_rules_document

from support.alert_events import DAY0, JsonTable, event


def only(*names: str, **overrides: Any) -> AlertRules:
    """The packaged defaults with only `names` enabled; `overrides` = {rule_name: {field: value}}."""
    document = default_rules_document()
    for rule in document["rules"]:
        rule["enabled"] = rule["name"] in names
        rule.update(overrides.get(rule["name"], {}))
    return AlertRules.model_validate(document)


def run(engine: AlertEngine, events: list[EnrichedEvent]) -> list[Alert]:
    alerts: list[Alert] = []
    for e in events:
        alerts.extend(engine.evaluate(e))
    return alerts


# ---------------------------------------------------------------------------- per-incident thresholds


@pytest.mark.parametrize(
    ("rule", "kwargs", "expected"),
    [
        ("fatalities", {"killed": 0}, None),
        ("fatalities", {"killed": 9}, None),
        ("fatalities", {"killed": 10}, (1, AlertSeverity.WARNING)),
        ("fatalities", {"killed": 49}, (1, AlertSeverity.WARNING)),
        ("fatalities", {"killed": 50}, (2, AlertSeverity.CRITICAL)),
        ("fatalities", {"killed": 60, "iso3": None, "country": None}, (2, AlertSeverity.CRITICAL)),
        ("mass_abduction", {"abducted": 9}, None),
        ("mass_abduction", {"abducted": 12}, (1, AlertSeverity.WARNING)),
        ("mass_abduction", {"abducted": 300}, (2, AlertSeverity.CRITICAL)),
        ("mass_abduction", {"killed": 300}, None),
        # Kati is watched with radius 15 km and severity critical; Bamako 40 km, warning.
        ("near_watched_place", {"lat": 12.75, "lon": -8.07}, (1, AlertSeverity.CRITICAL)),
        ("near_watched_place", {"lat": 12.55, "lon": -7.95}, (1, AlertSeverity.WARNING)),
        ("near_watched_place", {"lat": 14.48, "lon": -4.18}, None),  # Mopti: far from every place
        ("near_watched_place", {"lat": 12.75, "lon": -8.07, "geo_precision": 3}, None),  # only a region
        ("near_watched_place", {"lat": None, "lon": None}, None),
        (
            "near_watched_place",
            {"lat": 12.75, "lon": -8.07, "event_type": EventType.PROTESTS, "sub_event_type": SubEventType.PEACEFUL_PROTEST},
            None,
        ),
        ("near_watched_place", {"lat": 2.04, "lon": 45.30, "iso3": "SOM", "country": "Somalia"}, (1, AlertSeverity.WARNING)),
    ],
)
def test_incident_rules(rule: str, kwargs: dict[str, Any], expected: tuple[int, AlertSeverity] | None) -> None:
    engine = AlertEngine(only(rule), JsonTable())
    alerts = engine.evaluate(event(**kwargs))
    if expected is None:
        assert alerts == []
        return
    [alert] = alerts
    assert (alert.level, alert.severity) == expected
    assert alert.rule == rule
    assert alert.alert_id == alert_id_for(rule, "inc-1")
    assert alert.labels["rule"] == rule and alert.labels["incident_id"] == "inc-1"
    assert alert.labels["severity"] == expected[1].value


def test_old_news_raises_nothing() -> None:
    engine = AlertEngine(only("fatalities"), JsonTable())
    stale = event(killed=80, updated_at=None, day=DAY0)
    stale = stale.model_copy(update={"updated_at": stale.updated_at + timedelta(days=45)})
    assert engine.evaluate(stale) == []


def test_country_filter() -> None:
    engine = AlertEngine(only("fatalities", fatalities={"countries": ["nga"]}), JsonTable())
    assert engine.evaluate(event("a", killed=80, iso3="MLI")) == []
    assert len(engine.evaluate(event("b", killed=80, iso3="NGA", country="Nigeria"))) == 1


def test_alert_text_says_what_where_when_how_many_sources() -> None:
    engine = AlertEngine(only("fatalities"), JsonTable())
    [alert] = engine.evaluate(event(killed=60))
    assert alert.title == "60 killed: Attack in Kati, Koulikoro (Mali)"
    for fragment in ("60 killed", "Attack", "Kati", "Koulikoro", "Mali", DAY0.isoformat(), "1 independent source",
                     "Test Wire", "JNIM"):
        assert fragment in alert.summary
    assert alert.raised_at == event(killed=60).updated_at
    assert alert.incident_version == 1


# ---------------------------------------------------------------------------- escalation of one alert, replay


def test_fatalities_escalate_with_same_id_and_higher_level() -> None:
    engine = AlertEngine(only("fatalities"), JsonTable())
    first = engine.evaluate(event(version=1, killed=12))
    assert [(a.level, a.severity) for a in first] == [(1, AlertSeverity.WARNING)]
    assert engine.evaluate(event(version=2, killed=14)) == []  # same level: nothing new
    [raised] = engine.evaluate(event(version=3, killed=70))
    assert raised.alert_id == first[0].alert_id
    assert (raised.level, raised.severity, raised.incident_version) == (2, AlertSeverity.CRITICAL, 3)
    assert engine.evaluate(event(version=4, killed=20)) == []  # revised down: never de-escalates


@pytest.mark.parametrize("version", [1, 2])
def test_older_version_raises_nothing(version: int) -> None:
    engine = AlertEngine(only("fatalities"), JsonTable())
    assert engine.evaluate(event(version=3, killed=60))
    assert engine.evaluate(event(version=version, killed=60)) == []


def test_same_version_again_returns_identical_alerts_and_changes_nothing() -> None:
    """A redelivery (at-least-once) re-publishes the same records: same id, level and text."""
    table = JsonTable()
    engine = AlertEngine(only("fatalities", "escalation_incidents"), table)
    first = engine.evaluate(event(version=2, killed=60))
    state = dict(table.data)
    assert engine.evaluate(event(version=2, killed=60)) == first
    assert engine.evaluate(event(version=2, killed=60)) == first
    assert table.data == state
    assert engine.evaluate(event(version=3, killed=60)) == []  # a new version that raises nothing
    assert engine.evaluate(event(version=3, killed=60)) == []


def _history() -> list[EnrichedEvent]:
    """A year in one country: quiet weeks, a surge, revised tolls, new actors, watched places."""
    events: list[EnrichedEvent] = []
    admin1s = [("Koulikoro", "Kati"), ("Mopti", "Djenne"), ("Segou", "Niono"), ("Mopti", "Bankass")]
    for d in range(0, 365, 3):
        admin1, admin2 = admin1s[d % 4]
        events.append(event(f"base-{d}", day=DAY0 + timedelta(days=d), admin1=admin1, admin2=admin2, killed=d % 7,
                            actors=("Military Forces of Mali", f"Group {d // 120}")))
    for i in range(8):  # a surge in Segou
        events.append(event(f"surge-{i}", day=DAY0 + timedelta(days=200 + i % 3), admin1="Segou", admin2="Macina",
                            killed=3 + i, lat=13.95, lon=-5.36))
    events.append(event("toll", version=1, day=DAY0 + timedelta(days=300), killed=5))
    events.append(event("toll", version=2, day=DAY0 + timedelta(days=300), killed=25))
    events.append(event("toll", version=3, day=DAY0 + timedelta(days=300), killed=80))
    events.append(event("near", day=DAY0 + timedelta(days=301), lat=12.62, lon=-7.99, admin2="Bamako",
                        admin1="Bamako", abducted=15))
    events.sort(key=lambda e: (e.event_date, e.incident_id, e.version))
    return events


def test_replay_gives_identical_alerts_and_replay_into_state_gives_none() -> None:
    history = _history()
    first_table = JsonTable()
    first = run(AlertEngine(only(*[r["name"] for r in default_rules_document()["rules"]]), first_table), history)
    rules = {a.rule for a in first}
    # The history is built to exercise every rule at least once.
    assert rules == {r["name"] for r in default_rules_document()["rules"]}, rules
    second = run(AlertEngine(only(*rules), JsonTable()), history)
    assert [a.model_dump() for a in second] == [a.model_dump() for a in first]
    again = AlertEngine(only(*rules), first_table)
    # Into the existing state: only the last version of each incident (a redelivery) may come back,
    # and then identically; nothing new is raised.
    replayed = run(again, history)
    assert {(a.alert_id, a.level) for a in replayed} <= {(a.alert_id, a.level) for a in first}
    assert [a for a in replayed if a not in first] == []
    assert len({(a.alert_id, a.level) for a in first}) == len(first)  # never the same (id, level) twice


# ---------------------------------------------------------------------------- area rules


def _warmup(days: int, admin1: str = "Gao", admin2: str = "Ansongo") -> list[EnrichedEvent]:
    """One incident elsewhere in the country `days` before the tests' day, so the country is 'watched'."""
    return [event("warmup", day=DAY0 - timedelta(days=days), admin1=admin1, admin2=admin2)]


@pytest.mark.parametrize(
    ("history", "incident", "fires"),
    [
        # Watched for 120 days, nothing ever in Kati: first violence since monitoring began.
        (_warmup(120), {}, True),
        # Watched for only 30 days: cannot tell quiet from unknown.
        (_warmup(30), {}, False),
        # Last incident in Kati 100 days ago (>= 90): quiet.
        (_warmup(200) + [event("old", day=DAY0 - timedelta(days=100))], {}, True),
        # Last incident in Kati 20 days ago: not quiet.
        (_warmup(200) + [event("old", day=DAY0 - timedelta(days=20))], {}, False),
        # Same admin2 name in another admin1 does not count.
        (_warmup(200) + [event("old", day=DAY0 - timedelta(days=20), admin1="Gao")], {}, True),
        # A protest does not break the quiet, and is not itself an alert.
        (_warmup(200) + [event("old", day=DAY0 - timedelta(days=20), event_type=EventType.PROTESTS,
                               sub_event_type=SubEventType.PEACEFUL_PROTEST)], {}, True),
        (_warmup(200), {"event_type": EventType.PROTESTS, "sub_event_type": SubEventType.PEACEFUL_PROTEST}, False),
        (_warmup(200), {"admin2": None}, False),
    ],
)
def test_quiet_area(history: list[EnrichedEvent], incident: dict[str, Any], fires: bool) -> None:
    engine = AlertEngine(only("quiet_area"), JsonTable())
    run(engine, history)
    alerts = engine.evaluate(event("new", **incident))
    assert [a.rule for a in alerts] == (["quiet_area"] if fires else [])


@pytest.mark.parametrize(
    ("history", "actors", "fires"),
    [
        (_warmup(120), ("Katiba Macina",), True),
        (_warmup(30), ("Katiba Macina",), False),  # country not watched for min_history_days (90)
        (_warmup(200) + [event("old", day=DAY0 - timedelta(days=50), actors=("Katiba Macina",))],
         ("Katiba Macina",), False),
        (_warmup(200) + [event("old", day=DAY0 - timedelta(days=190), actors=("Katiba Macina",))],
         ("Katiba Macina",), True),  # last seen beyond the 180-day lookback
        (_warmup(200) + [event("old", day=DAY0 - timedelta(days=50), actors=("Katiba Macina",), admin1="Mopti")],
         ("Katiba Macina",), True),  # seen only in another admin1
        (_warmup(120), ("Unidentified Armed Group (Mali)",), False),  # generic names are ignored
        (_warmup(120), ("Civilians (Mali)",), False),
    ],
)
def test_new_actor_in_area(history: list[EnrichedEvent], actors: tuple[str, ...], fires: bool) -> None:
    engine = AlertEngine(only("new_actor_in_area"), JsonTable())
    run(engine, history)
    alerts = engine.evaluate(event("new", actors=actors))
    assert [a.rule for a in alerts] == (["new_actor_in_area"] if fires else [])
    if fires:
        assert actors[0] in alerts[0].title


def _baseline(weeks: int = 6, per_week: int = 1) -> list[EnrichedEvent]:
    """`per_week` incidents a week in Koulikoro for `weeks` weeks before DAY0 (DAY0 itself excluded)."""
    return [
        event(f"base-{w}-{i}", day=DAY0 - timedelta(days=7 * w + 1 + i), killed=1)
        for w in range(weeks)
        for i in range(per_week)
    ]


def test_escalation_levels_and_one_alert_per_episode() -> None:
    engine = AlertEngine(only("escalation_incidents"), JsonTable())
    assert run(engine, _baseline()) == []
    # Baseline: 4 incidents in the 28 days before the window = 1 a week. Window = 7 days to the incident.
    raised = [(i, [(a.rule, a.level, a.severity) for a in engine.evaluate(event(f"surge-{i}", day=DAY0))])
              for i in range(1, 9)]
    # The window already holds 1 baseline incident (DAY0-1): counts are 2..9; ratio = count / 1 a week.
    assert raised == [
        (1, []), (2, []), (3, []),  # ratio >= 3 but fewer than min_count (5) incidents
        (4, [("escalation_incidents", 1, AlertSeverity.WARNING)]),  # 5 incidents, ratio 5
        (5, [("escalation_incidents", 2, AlertSeverity.CRITICAL)]),  # 6 incidents, ratio 6: the level rises
        (6, []), (7, []), (8, []),  # same episode, same level: nothing more
    ]
    # After the episode (window_days) a new episode starts from level 0. The surge is now in the
    # baseline (11 incidents in 28 days = 2.75 a week): 9 incidents reach x3, 17 reach x6.
    later = [a.level for i in range(20) for a in engine.evaluate(event(f"later-{i}", day=DAY0 + timedelta(days=8)))]
    assert later == [1, 2]


def test_escalation_needs_a_full_baseline() -> None:
    engine = AlertEngine(only("escalation_incidents"), JsonTable())
    run(engine, _baseline(weeks=2))
    assert run(engine, [event(f"surge-{i}", day=DAY0) for i in range(10)]) == []


def test_escalation_by_fatalities() -> None:
    engine = AlertEngine(only("escalation_fatalities"), JsonTable())
    run(engine, _baseline())  # 1 killed a week
    assert engine.evaluate(event("small", day=DAY0, killed=10)) == []  # 11 in the window < min_count 20
    [alert] = engine.evaluate(event("big", day=DAY0, killed=30))
    assert (alert.rule, alert.level, alert.severity) == ("escalation_fatalities", 2, AlertSeverity.CRITICAL)


def test_escalation_counts_follow_revisions_and_forget() -> None:
    engine = AlertEngine(only("escalation_fatalities"), JsonTable())
    run(engine, _baseline())
    assert engine.evaluate(event("a", day=DAY0, killed=10)) == []
    assert engine.evaluate(event("a", version=2, day=DAY0, killed=12)) == []  # counted once: 1 + 12 = 13 < 20
    engine.forget("a")
    assert engine.evaluate(event("b", day=DAY0, killed=18)) == []  # a's 12 are gone: 1 + 18 = 19 < 20
    assert len(engine.evaluate(event("c", day=DAY0, killed=1))) == 1  # 20


@pytest.mark.parametrize(
    ("tolls", "levels"),
    [
        ([5, 9, 20, 30, 45], [None, None, 1, None, 2]),  # 20 >= 2x5 and >= 5+10; 45 >= 2x20 and >= 20+10
        ([5, 12], [None, None]),  # doubled but +7 only
        ([0, 30], [None, None]),  # no earlier toll: that is the fatalities rule's business
        ([40, 10, 25], [None, None, 1]),  # a downward correction lowers the reference
        ([3, 100, 100, 100], [None, 1, None, None]),
    ],
)
def test_death_toll_revision(tolls: list[int], levels: list[int | None]) -> None:
    engine = AlertEngine(only("death_toll_revision"), JsonTable())
    got: list[int | None] = []
    ids = set()
    for version, killed in enumerate(tolls, start=1):
        alerts = engine.evaluate(event(version=version, killed=killed))
        got.append(alerts[0].level if alerts else None)
        ids.update(a.alert_id for a in alerts)
    assert got == levels
    assert len(ids) <= 1


# ---------------------------------------------------------------------------- forget, merges, state


def test_forget_drops_incident_state() -> None:
    table = JsonTable()
    engine = AlertEngine(only("fatalities"), table)
    assert engine.evaluate(event("a", killed=60))
    assert "i|a" in table
    engine.forget("a")
    assert "i|a" not in table
    engine.forget("a")  # twice is fine
    engine.forget("never-seen")
    # Forgotten: a new upsert of the same id is a new incident again.
    assert len(engine.evaluate(event("a", killed=60))) == 1


def test_survivor_of_a_merge_inherits_raised_levels() -> None:
    engine = AlertEngine(only("fatalities"), JsonTable())
    assert [a.level for a in engine.evaluate(event("a", killed=55))] == [2]
    assert [a.level for a in engine.evaluate(event("b", killed=12))] == [1]
    # b absorbs a: the combined incident is critical, but a critical alert about it was already raised.
    assert engine.evaluate(event("b", version=2, killed=55, supersedes=("a",))) == []
    engine.forget("a")
    assert engine.evaluate(event("c", killed=55, supersedes=("a",)))[0].level == 2  # a is gone: nothing inherited


def test_state_is_json_per_area_and_bounded() -> None:
    table = JsonTable()
    rules = only(*[r["name"] for r in default_rules_document()["rules"]])
    engine = AlertEngine(rules, table)
    sizes = []
    for d in range(0, 730):
        for i in range(4):
            engine.evaluate(event(f"inc-{d}-{i}", day=DAY0 + timedelta(days=d), admin1=f"Region {(d + i) % 6}",
                                  admin2=f"District {d % 40}", actors=(f"Group {d % 50}",), killed=i))
        sizes.append((len(table), sum(len(v) for v in table.data.values())))
    incident_keys = [k for k in table if k.startswith("i|")]
    # Only incidents within the retention window (plus the day being processed) are kept.
    assert len(incident_keys) <= 4 * (rules.incident_retention_days + 1)
    assert "i|inc-0-0" not in table and "i|inc-729-3" in table
    assert {k.split("|")[0] for k in table} == {"a", "r", "x", "i"}
    # Keys and bytes stop growing once the retention window and lookbacks are full.
    assert max(sizes[400:])[0] <= sizes[400][0] + 8
    assert max(s[1] for s in sizes[400:]) <= 1.2 * sizes[400][1]
    for key in table:
        if not key.startswith("i|"):
            assert key.split("|")[1] == "MLI"  # per-area keys carry the area


def test_plain_dict_store_values_are_never_mutated_in_place() -> None:
    store: dict[str, Any] = {}
    engine = AlertEngine(only("fatalities", "quiet_area", "escalation_incidents"), AlertStore(store))
    engine.evaluate(event("a", killed=12))
    snapshot = {k: json.dumps(v, sort_keys=True) for k, v in store.items()}
    objects = {k: id(v) for k, v in store.items()}
    engine.evaluate(event("a", version=2, killed=60))
    engine.evaluate(event("b", killed=3))
    for key, text in snapshot.items():
        if key in store and id(store[key]) == objects[key]:
            assert json.dumps(store[key], sort_keys=True) == text, f"{key} was mutated in place"


def test_area_and_distance_helpers() -> None:
    assert area_of(event(iso3=None)) == "UNK"
    assert area_of(event(iso3="nga")) == "NGA"
    assert 18.2 < haversine_km(12.6092, -7.9752, 12.7441, -8.0726) < 18.5  # Bamako-Kati: 15.0 km N, 10.6 km W


def test_alert_id_is_deterministic_and_distinct() -> None:
    assert alert_id_for("fatalities", "inc-1") == alert_id_for("fatalities", "inc-1")
    assert alert_id_for("fatalities", "inc-1") != alert_id_for("fatalities", "inc-2")
    assert alert_id_for("fatalities", "inc-1") != alert_id_for("mass_abduction", "inc-1")
    assert alert_id_for("fatalities", "inc-1").startswith("alert-")


def test_every_alert_carries_required_labels(make_event: Callable[..., EnrichedEvent]) -> None:
    engine = AlertEngine(only("fatalities"), JsonTable())
    [alert] = engine.evaluate(make_event(killed=60, admin1=None))
    assert set(alert.labels) >= {"rule", "severity", "country", "admin1", "event_type", "incident_id"}
    assert alert.labels["admin1"] == "unknown"
