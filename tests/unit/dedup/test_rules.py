"""Table-driven tests of the pairwise matching rules (streams.dedup.rules)."""

from __future__ import annotations

from datetime import date

import pytest

from models import DatePrecision, EventType
from streams.dedup.policy import MergePolicy
from streams.dedup.rules import (
    Report,
    Verdict,
    actor_verdict,
    dates_compatible,
    decide,
    is_armed_group,
    normalise_name,
    place_verdict,
    same_incident,
    state_of,
)
from streams.dedup.synthetic import make_candidate

POLICY = MergePolicy()
D, W, M = DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH
BAT = EventType.BATTLES
VAC = EventType.VIOLENCE_AGAINST_CIVILIANS
EXP = EventType.EXPLOSIONS_REMOTE_VIOLENCE
PRO = EventType.PROTESTS
RIO = EventType.RIOTS
SD = EventType.STRATEGIC_DEVELOPMENTS


def report(article_id: str, **kwargs) -> Report:
    return Report.from_candidate(make_candidate(article_id, **kwargs))


def _day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


@pytest.mark.parametrize(
    ("a", "pa", "b", "pb", "expected"),
    [
        ("2022-06-05", D, "2022-06-05", D, True),
        ("2022-06-05", D, "2022-06-06", D, True),
        ("2022-06-05", D, "2022-06-07", D, False),
        ("2022-06-05", D, "2022-06-19", D, False),  # two church attacks two weeks apart
        ("2022-10-23", D, "2022-10-29", D, False),  # hotel siege vs car bombs six days later
        ("2022-06-05", W, "2022-06-12", D, True),
        ("2022-06-05", W, "2022-06-13", D, False),
        ("2022-06-05", D, "2022-06-12", W, True),
        ("2022-06-15", M, "2022-06-01", D, True),
        ("2022-06-15", M, "2022-06-30", D, True),
        ("2022-06-15", M, "2022-07-05", D, False),
        ("2022-06-01", M, "2022-06-30", M, True),
        ("2022-06-30", M, "2022-07-01", M, False),
        ("2022-06-01", M, "2022-05-31", D, True),  # day tolerance reaches into the month
    ],
)
def test_dates_compatible(a: str, pa: DatePrecision, b: str, pb: DatePrecision, expected: bool) -> None:
    assert dates_compatible(_day(a), pa, _day(b), pb, POLICY) is expected
    assert dates_compatible(_day(b), pb, _day(a), pa, POLICY) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (BAT, BAT, True),
        (BAT, VAC, True),
        (BAT, EXP, True),
        (EXP, VAC, True),
        (PRO, RIO, True),
        (PRO, BAT, False),
        (PRO, VAC, False),
        (SD, BAT, False),
        (SD, SD, True),
    ],
)
def test_types_compatible(a: EventType, b: EventType, expected: bool) -> None:
    assert POLICY.types_compatible(a, b) is expected
    assert POLICY.types_compatible(b, a) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # (actor1, affiliations, actor2) for each side
        (("Al-Shabaab", (), None), ("al Shabaab", (), None), Verdict.MATCH),  # spelling variants
        (("Boko Haram", (), None), ("ISWAP", (), None), Verdict.CONFLICT),
        (("Katiba Macina", ("JNIM",), None), ("JNIM", (), None), Verdict.MATCH),  # affiliated
        (("Katiba Macina", ("JNIM",), None), ("Katiba Serma", ("JNIM",), None), Verdict.MATCH),  # same parent
        (("Unidentified Armed Group (Nigeria)", (), None), ("Boko Haram", (), None), Verdict.UNKNOWN),
        ((None, (), None), ("Boko Haram", (), None), Verdict.UNKNOWN),
        # Sides swapped between outlets: one group attacked the other / the other way round.
        (("Boko Haram", (), "ISWAP"), ("ISWAP", (), "Boko Haram"), Verdict.MATCH),
        (("Boko Haram", (), None), ("ISWAP", (), "Boko Haram"), Verdict.MATCH),
        # State forces lead one report, the attackers the other: no evidence either way.
        (("Military Forces of Nigeria", (), "ISWAP"), ("ISWAP", (), "Military Forces of Nigeria"), Verdict.UNKNOWN),
        (("Government of Somalia", (), None), ("Al Shabaab", (), None), Verdict.UNKNOWN),
        (("Police Forces of Somalia", (), None), ("Government of Somalia", (), None), Verdict.UNKNOWN),
        # Victims or crowds put first by mistake are not perpetrators.
        (("Rioters (Nigeria)", (), None), ("Boko Haram", (), None), Verdict.UNKNOWN),
        (("Civilians (Nigeria)", (), None), ("Boko Haram", (), None), Verdict.UNKNOWN),
    ],
)
def test_actor_verdict(a: tuple, b: tuple, expected: Verdict) -> None:
    ra = report("a", published="2022-06-06", actor1=a[0], actor1_affiliations=a[1], actor2=a[2])
    rb = report("b", published="2022-06-06", actor1=b[0], actor1_affiliations=b[1], actor2=b[2])
    assert actor_verdict(ra, rb) is expected
    assert actor_verdict(rb, ra) is expected


OWO = {"place": "Owo", "admin1": "Ondo", "lat": 7.196, "lon": 5.586}
AKURE = {"place": "Akure", "admin1": "Ondo", "lat": 7.25, "lon": 5.195}  # ~44 km from Owo
KADUNA = {"place": "Kajuru", "admin1": "Kaduna", "lat": 10.32, "lon": 7.68}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (OWO, OWO, Verdict.MATCH),
        (OWO, AKURE, Verdict.MATCH),  # within 50 km, both town-precise
        (OWO, KADUNA, Verdict.CONFLICT),
        (OWO, {"place": None, "admin1": "Ondo", "lat": None, "lon": None}, Verdict.MATCH),
        (OWO, {"place": None, "admin1": "Kaduna", "lat": None, "lon": None}, Verdict.CONFLICT),
        (OWO, {"place": "Owo", "admin1": None, "lat": None, "lon": None}, Verdict.MATCH),
        (OWO, {"place": None, "admin1": None, "lat": None, "lon": None}, Verdict.UNKNOWN),
        # 100 km apart: too far for two towns, close enough when one is only a region.
        ({"place": "A", "admin1": None, "lat": 10.0, "lon": 10.0},
         {"place": "B", "admin1": None, "lat": 10.9, "lon": 10.0}, Verdict.CONFLICT),
        ({"place": "A", "admin1": None, "lat": 10.0, "lon": 10.0},
         {"place": "B", "admin1": None, "lat": 10.9, "lon": 10.0, "geo_precision": 2}, Verdict.MATCH),
    ],
)
def test_place_verdict(a: dict, b: dict, expected: Verdict) -> None:
    ra = report("a", published="2022-06-06", **a)
    rb = report("b", published="2022-06-06", **b)
    assert place_verdict(ra, rb, POLICY) is expected
    assert place_verdict(rb, ra, POLICY) is expected


def test_distance_is_configurable() -> None:
    ra = report("a", published="2022-06-06", **OWO)
    rb = report("b", published="2022-06-06", **AKURE)
    assert place_verdict(ra, rb, MergePolicy(town_distance_km=20)) is Verdict.CONFLICT


CHURCH_A = dict(published="2022-06-06", event_date="2022-06-05", event_type=VAC, iso3="NGA", **OWO)
TEXT = (
    "Gunmen stormed a church in the town during the Sunday service, opened fire on worshippers and set off an "
    "explosive device near the altar, killing dozens, local officials and hospital workers said on Monday."
)


@pytest.mark.parametrize(
    ("b", "same", "reason"),
    [
        (dict(CHURCH_A, published="2022-06-07", event_type=EXP), True, "same place, date, type"),
        (dict(CHURCH_A, event_date="2022-06-06"), True, "same place, date, type"),
        # Another church attack in another state two weeks later.
        (dict(CHURCH_A, published="2022-06-19", event_date="2022-06-19", **KADUNA), False, "dates incompatible"),
        # Same day, other state.
        (dict(CHURCH_A, **KADUNA), False, "places too far apart"),
        (dict(CHURCH_A, iso3="NER"), False, "different countries"),
        (dict(CHURCH_A, event_type=PRO), False, "event types incompatible"),
        (dict(CHURCH_A, actor1="ISWAP"), True, "same place, date, type"),  # only one side named
        (dict(CHURCH_A, place=None, admin1=None, lat=None, lon=None), False, "place unknown, no supporting evidence"),
        (dict(CHURCH_A, place=None, admin1=None, lat=None, lon=None, text=TEXT + " More to follow."), True,
         "near-copy"),
    ],
)
def test_decide_table(b: dict, same: bool, reason: str) -> None:
    ra = report("a", text=TEXT, **CHURCH_A)
    rb = report("b", **b)
    assert decide(ra, rb, POLICY).same is same
    assert decide(ra, rb, POLICY).reason == reason
    assert same_incident(rb, ra, POLICY) is same  # symmetric


def test_hotel_siege_vs_car_bombs_six_days_later() -> None:
    # Same country, same perpetrator, a week apart, 400 km apart: two incidents.
    siege = report("k", published="2022-10-23", event_date="2022-10-23", iso3="SOM", event_type=BAT,
                   place="Kismayo", lat=-0.358, lon=42.545, actor1="Al Shabaab")
    bombs = report("m", published="2022-10-29", event_date="2022-10-29", iso3="SOM", event_type=EXP,
                   place="Mogadishu", lat=2.037, lon=45.344, actor1="Al Shabaab")
    assert not same_incident(siege, bombs, POLICY)
    # Even if an outlet's dateline put the siege in the capital, the dates keep them apart.
    datelined = report("k2", published="2022-10-23", event_date="2022-10-23", iso3="SOM", event_type=BAT,
                       place="Mogadishu", lat=2.037, lon=45.344, actor1="Al Shabaab")
    assert not same_incident(datelined, bombs, POLICY)


def test_two_named_different_perpetrators_are_different_incidents() -> None:
    a = report("a", actor1="Boko Haram", **CHURCH_A)
    b = report("b", actor1="ISWAP", **CHURCH_A)
    assert decide(a, b, POLICY).reason == "different perpetrators"


def test_same_article_candidates_never_match() -> None:
    a = Report.from_candidate(make_candidate("x", index=0, **CHURCH_A))
    b = Report.from_candidate(make_candidate("x", index=1, **CHURCH_A))
    assert not same_incident(a, b, POLICY)


def test_near_copy_with_far_dates_is_not_merged() -> None:
    a = report("a", text=TEXT, **CHURCH_A)
    b = report("b", text=TEXT, **dict(CHURCH_A, published="2022-07-20", event_date="2022-07-19"))
    assert not same_incident(a, b, POLICY)


@pytest.mark.parametrize(
    ("name", "state", "armed"),
    [
        ("Military Forces of Nigeria (2015-)", "nigeria", False),
        ("Police Forces of Somalia", "somalia", False),
        ("Government of Somalia", "somalia", False),
        ("Al Shabaab", None, True),
        ("Islamic State (West Africa)", None, True),
        ("Civilians (Nigeria)", None, False),
        ("Unidentified Armed Group (Nigeria)", None, False),
    ],
)
def test_actor_kinds(name: str, state: str | None, armed: bool) -> None:
    assert state_of(name) == state
    assert is_armed_group(name) is armed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Al-Shabaab", "al shabaab"), ("  Ségou ", "segou"), ("JNIM: Group", "jnim group"), ("", None), (None, None)],
)
def test_normalise_name(raw: str | None, expected: str | None) -> None:
    assert normalise_name(raw) == expected
