"""Property tests of the merger: order independence and idempotent replay.

Decision (documented in docs/dedup.md): without revised articles (each article id once),
the final records are byte-identical for every arrival order, *versions included*
(version = member count then) and ``supersedes`` included (it lists every member
candidate id besides the incident's own). Reports here lie within a few days, far inside
the retention window, because eviction is the one order-dependent part.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import DatePrecision, EventType, IncidentCandidate
from streams.dedup.merge import Merger
from streams.dedup.offline import merge_candidates
from streams.dedup.state import DedupStore
from streams.dedup.synthetic import make_candidate

PLACES = [
    ("NGA", "Owo", "Ondo", 7.196, 5.586),
    ("NGA", "Akure", "Ondo", 7.25, 5.195),
    ("NGA", "Kajuru", "Kaduna", 10.32, 7.68),
    ("NGA", None, "Kaduna", None, None),
    ("SOM", "Kismayo", "Lower Juba", -0.358, 42.545),
    ("SOM", "Mogadishu", "Banaadir", 2.037, 45.344),
]
TYPES = [EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS, EventType.EXPLOSIONS_REMOTE_VIOLENCE,
         EventType.PROTESTS]
ACTORS = [None, None, "Boko Haram", "ISWAP", "Unidentified Armed Group (Nigeria)"]
TEXTS = [None, "Gunmen attacked worshippers in a church on Sunday and set off explosives, officials said today.",
         "Two car bombs exploded near the ministry in the capital, killing many people, police said on Saturday."]
BASE = datetime(2022, 6, 1, tzinfo=timezone.utc)


@st.composite
def report(draw: st.DrawFn, article_id: str, places: list = PLACES) -> IncidentCandidate:
    iso3, place, admin1, lat, lon = draw(st.sampled_from(places))
    day = draw(st.integers(0, 6))
    published = BASE + timedelta(days=day, hours=draw(st.integers(0, 47)))
    text = draw(st.sampled_from(TEXTS))
    return make_candidate(
        article_id,
        published=published,
        event_date=date(2022, 6, 1) + timedelta(days=day),
        precision=draw(st.sampled_from([DatePrecision.DAY, DatePrecision.DAY, DatePrecision.WEEK])),
        event_type=draw(st.sampled_from(TYPES)),
        iso3=iso3,
        place=place,
        admin1=admin1,
        lat=lat,
        lon=lon,
        actor1=draw(st.sampled_from(ACTORS)),
        killed=draw(st.integers(0, 40)),
        confidence=draw(st.sampled_from([0.3, 0.5, 0.7])),
        text=f"{text} ({article_id})" if text else None,
        index=draw(st.integers(0, 1)),
    )


@st.composite
def reports(draw: st.DrawFn) -> list[IncidentCandidate]:
    count = draw(st.integers(1, 12))
    return [draw(report(f"art-{i}")) for i in range(count)]


def final_records(candidates: list[IncidentCandidate]) -> dict[str, str]:
    result = merge_candidates(candidates)
    return {k: v.model_dump_json() for k, v in sorted(result.incidents.items())}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), candidates=reports())
def test_any_arrival_order_gives_identical_final_records(data: st.DataObject, candidates: list) -> None:
    expected = final_records(candidates)
    shuffled = data.draw(st.permutations(candidates))
    assert final_records(list(shuffled)) == expected
    assert final_records(list(reversed(candidates))) == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates=reports())
def test_replaying_the_same_input_changes_nothing(candidates: list) -> None:
    store = DedupStore({}, {})
    merger = Merger(store)
    first = [merger.add(c) for c in candidates]
    snapshot = (repr(sorted(store.incidents.items())), repr(sorted(store.areas.items())))
    final = {r.incident_id: r for o in first for r in o.upserts}
    for o in first:
        for retired in o.retired:
            final.pop(retired, None)
    for cand in candidates:
        again = merger.add(cand)
        assert again.duplicate
        assert again.retired == sorted(again.upserts[0].supersedes)
        current = again.upserts[0]
        assert current.model_dump_json() == final[current.incident_id].model_dump_json()
    assert (repr(sorted(store.incidents.items())), repr(sorted(store.areas.items()))) == snapshot


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates=reports())
def test_published_stream_is_consistent(candidates: list) -> None:
    """Versions strictly increase per id; a retired id is never left live; the state
    mirrors what a consumer of the compacted topic would hold."""
    merger = Merger(DedupStore({}, {}))
    topic: dict[str, tuple[int, str] | None] = {}
    for cand in candidates:
        outcome = merger.add(cand)
        assert not set(outcome.retired) & {r.incident_id for r in outcome.upserts}
        for record in outcome.upserts:
            previous = topic.get(record.incident_id)
            if previous is not None and previous[1] != record.model_dump_json():
                assert record.version > previous[0]
            topic[record.incident_id] = (record.version, record.model_dump_json())
        for incident_id in outcome.retired:
            topic[incident_id] = None
    live = {k for k, v in topic.items() if v is not None}
    assert live == {v["incident_id"] for v in merger.store.incidents.values()}


@st.composite
def reports_with_revisions(draw: st.DrawFn) -> list[IncidentCandidate]:
    count = draw(st.integers(1, 14))
    # A revision keeps its country (a move to another area is a documented limitation,
    # see test_merge.py::test_revision_moving_to_another_country_keeps_both_areas_consistent).
    out = []
    for _ in range(count):
        n = draw(st.integers(0, 4))
        out.append(draw(report(f"art-{n}", [p for p in PLACES if p[0] == ("NGA" if n < 3 else "SOM")])))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates=reports_with_revisions())
def test_revisions_keep_versions_increasing_and_state_consistent(candidates: list) -> None:
    merger = Merger(DedupStore({}, {}))
    topic: dict[str, tuple[int, str] | None] = {}
    for cand in candidates:
        outcome = merger.add(cand)
        for record in outcome.upserts:
            previous = topic.get(record.incident_id)
            if previous is not None and previous[1] != record.model_dump_json():
                assert record.version > previous[0]
            if previous is not None and previous[1] == record.model_dump_json():
                assert record.version == previous[0]
            topic[record.incident_id] = (record.version, record.model_dump_json())
        for incident_id in outcome.retired:
            topic[incident_id] = None
    live = {k for k, v in topic.items() if v is not None}
    assert live == {v["incident_id"] for v in merger.store.incidents.values()}
    # Every candidate id maps to exactly one live incident that lists it.
    area_members = {}
    for area in merger.store.areas.values():
        area_members.update(area["members"])
    for state in merger.store.incidents.values():
        for member in state["members"]:
            assert area_members[member["candidate_id"]] == state["incident_id"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates=reports_with_revisions())
def test_the_parsed_incident_cache_changes_no_outcome(candidates: list) -> None:
    cached, uncached = Merger(DedupStore({}, {})), Merger(DedupStore({}, {}), cache_size=0)
    for cand in candidates:
        a, b = cached.add(cand), uncached.add(cand)
        assert [r.model_dump_json() for r in a.upserts] == [r.model_dump_json() for r in b.upserts]
        assert (a.retired, a.evicted, a.duplicate) == (b.retired, b.evicted, b.duplicate)
    assert cached.store.incidents == uncached.store.incidents
