"""Merger behaviour: clustering, ids, versions, tombstones, redelivery, revisions, retention."""

from __future__ import annotations

import json
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest

from models import EventType, IncidentCandidate, SideCasualties
from streams.dedup.merge import MergeOutcome, Merger, MergePolicy
from streams.dedup.state import DedupStore
from streams.dedup.synthetic import candidate_id, make_candidate

VAC = EventType.VIOLENCE_AGAINST_CIVILIANS
EXP = EventType.EXPLOSIONS_REMOTE_VIOLENCE
OWO = dict(iso3="NGA", place="Owo", admin1="Ondo", lat=7.196, lon=5.586)
KAJURU = dict(iso3="NGA", place="Kajuru", admin1="Kaduna", lat=10.32, lon=7.68)
WIRE = (
    "Gunmen stormed a church in the town during the Sunday service, opened fire on worshippers and set off an "
    "explosive device near the altar, killing dozens, local officials and hospital workers said on Monday. "
    "The attackers fled before security forces arrived, witnesses said."
)


class JsonMapping(MutableMapping[str, Any]):
    """A mapping that, like a Faust table with the json serializer, persists only what is
    assigned: values are serialised on __setitem__ and every read returns a fresh copy."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.writes = 0

    def __getitem__(self, key: str) -> Any:
        return json.loads(self.data[key])

    def __setitem__(self, key: str, value: Any) -> None:
        self.writes += 1
        self.data[key] = json.dumps(value)  # fails on anything that is not JSON-compatible

    def __delitem__(self, key: str) -> None:
        self.writes += 1
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)


def live(m: Merger) -> set[str]:
    return {value["incident_id"] for value in m.store.incidents.values()}


def merger(policy: MergePolicy | None = None) -> Merger:
    return Merger(DedupStore(JsonMapping(), JsonMapping()), policy)


def owo(article_id: str, published: str, **kwargs: Any) -> IncidentCandidate:
    fields: dict[str, Any] = dict(event_date="2022-06-05", event_type=VAC, **OWO)
    fields.update(kwargs)
    return make_candidate(article_id, published=published, **fields)


def only(outcome: MergeOutcome):
    assert len(outcome.upserts) == 1
    return outcome.upserts[0]


def test_first_report_creates_incident_with_candidate_id() -> None:
    out = merger().add(owo("a1", "2022-06-05T15:00:00"))
    record = only(out)
    assert record.incident_id == candidate_id("a1")
    assert record.version == 1 and record.source_count == 1 and out.retired == []
    assert out.incident_id == record.incident_id


def test_second_report_joins_and_bumps_version() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00", killed=20))
    record = only(m.add(owo("a2", "2022-06-06T09:00:00", killed=25, event_type=EXP)))
    assert record.incident_id == candidate_id("a1")
    assert record.version == 2
    assert [s.article_id for s in record.sources] == ["a1", "a2"]
    assert record.source_count == 2
    assert record.casualties.killed == 25  # the later report's upward revision wins
    assert record.first_seen.isoformat().startswith("2022-06-05T15")
    assert record.updated_at.isoformat().startswith("2022-06-06T09")


def test_different_incidents_stay_apart() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-06"))
    out = m.add(make_candidate("k1", published="2022-06-19", event_date="2022-06-19", event_type=VAC, **KAJURU))
    assert only(out).incident_id == candidate_id("k1")
    assert len(m.store.incidents) == 2


def test_bridge_merges_two_incidents_with_tombstone_and_supersedes() -> None:
    m = merger()
    # Day 5 and day 7 do not match each other (|delta| = 2); a day-6 report links both.
    m.add(owo("a1", "2022-06-05T12:00:00", event_date="2022-06-05"))
    m.add(owo("a3", "2022-06-07T12:00:00", event_date="2022-06-07"))
    assert len(m.store.incidents) == 2
    out = m.add(owo("a2", "2022-06-08T12:00:00", event_date="2022-06-06"))
    record = only(out)
    assert record.incident_id == candidate_id("a1")  # earliest member keeps its id
    assert out.retired == [candidate_id("a3")]
    assert candidate_id("a3") in record.supersedes
    assert record.version == 3
    assert live(m) == {candidate_id("a1")}


def test_late_earlier_report_changes_the_id() -> None:
    m = merger()
    m.add(owo("a2", "2022-06-06T08:00:00"))
    out = m.add(owo("a1", "2022-06-05T20:00:00"))  # published earlier, arrives later
    record = only(out)
    assert record.incident_id == candidate_id("a1")
    assert out.retired == [candidate_id("a2")]
    assert record.supersedes == [candidate_id("a2")]
    assert record.version == 2


def test_redelivery_changes_nothing_and_republishes_the_same_record() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00"))
    first = only(m.add(owo("a2", "2022-06-06")))
    incidents_before = json.dumps(m.store.incidents.data, sort_keys=True)
    areas_before = json.dumps(m.store.areas.data, sort_keys=True)
    for cand in (owo("a2", "2022-06-06"), owo("a1", "2022-06-05T15:00:00")):
        again = m.add(cand)
        assert again.duplicate
        assert only(again).model_dump_json() == first.model_dump_json()
    assert json.dumps(m.store.incidents.data, sort_keys=True) == incidents_before
    assert json.dumps(m.store.areas.data, sort_keys=True) == areas_before


def test_redelivery_retombstones_superseded_ids() -> None:
    m = merger()
    m.add(owo("a2", "2022-06-06T08:00:00"))
    m.add(owo("a1", "2022-06-05T20:00:00"))
    again = m.add(owo("a1", "2022-06-05T20:00:00"))
    assert again.duplicate and again.retired == [candidate_id("a2")]


def test_revised_article_replaces_its_member() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00", killed=20))
    m.add(owo("a2", "2022-06-06", killed=22))
    out = m.add(owo("a2", "2022-06-06", killed=35))  # same article id, new content
    record = only(out)
    assert not out.duplicate
    assert record.casualties.killed == 35
    assert record.source_count == 2 and len(record.sources) == 2
    assert record.version == 3  # strictly higher although the membership count is unchanged


def test_revision_that_no_longer_matches_splits_the_incident() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00"))
    m.add(owo("a2", "2022-06-06"))
    out = m.add(make_candidate("a1", published="2022-06-05T15:00:00", event_date="2022-06-05", **KAJURU))
    ids = {r.incident_id: r for r in out.upserts}
    assert set(ids) == {candidate_id("a1"), candidate_id("a2")}
    assert ids[candidate_id("a1")].location.name == "Kajuru"
    assert ids[candidate_id("a1")].version == 3  # above every version the id had
    assert out.retired == []


def test_stale_older_revision_is_ignored() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00", killed=20))
    newer = only(m.add(owo("a1", "2022-06-05T18:00:00", killed=30)))
    out = m.add(owo("a1", "2022-06-05T15:00:00", killed=20))
    assert out.duplicate and only(out).model_dump_json() == newer.model_dump_json()


def test_near_copies_are_one_independent_source() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00", text=WIRE, confidence=0.6, killed=20))
    m.add(owo("a2", "2022-06-05T18:00:00", text=WIRE + " (AFP)", confidence=0.6, killed=40))
    record = only(m.add(owo("a3", "2022-06-06T10:00:00", text="Another outlet's own account.", confidence=0.6)))
    by_id = {s.article_id: s for s in record.sources}
    assert by_id["a2"].copy_of == "a1"
    assert by_id["a1"].copy_of is None and by_id["a3"].copy_of is None
    assert record.source_count == 2
    assert record.confidence == pytest.approx(1 - 0.4**2)
    assert record.casualties.killed == 20  # a copy's figure is not an independent report


def test_confidence_is_capped() -> None:
    m = merger()
    for i in range(8):
        record = only(m.add(owo(f"a{i}", f"2022-06-06T0{i}:00:00", confidence=0.9)))
    assert record.confidence == MergePolicy().max_confidence


def test_unidentified_actor_gives_way_to_a_named_one() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-06T01:00:00", actor1="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)"))
    record = only(m.add(owo("a2", "2022-06-06T02:00:00", actor1="ISWAP", actor1_affiliations=["Islamic State"])))
    names = [(a.role.value, a.name) for a in record.actors]
    assert names == [("actor1", "ISWAP"), ("actor2", "Civilians (Nigeria)")]


def test_most_precise_location_and_date_win() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-06T01:00:00", place=None, lat=None, lon=None, precision="week"))
    record = only(m.add(owo("a2", "2022-06-06T02:00:00")))
    assert record.location.name == "Owo" and record.date_precision.value == "day"


@pytest.mark.parametrize(
    ("reports", "killed"),
    [
        ([("2022-06-06T01:00:00", 20), ("2022-06-07T01:00:00", 35)], 35),  # later upward revision wins
        ([("2022-06-06T01:00:00", 35), ("2022-06-07T01:00:00", 22)], 22),  # later official toll wins
        ([("2022-06-06T01:00:00", 30), ("2022-06-06T01:00:00", 25)], 25),  # same time: the lower
        ([("2022-06-06T01:00:00", 30), ("2022-06-07T01:00:00", 0)], 30),  # no figure is not a zero
    ],
)
def test_casualty_policy(reports: list[tuple[str, int]], killed: int) -> None:
    m = merger()
    for i, (published, value) in enumerate(reports):
        record = only(m.add(owo(f"a{i}", published, killed=value)))
    assert record.casualties.killed == killed


def test_a_revised_toll_of_one_side_keeps_the_other_sides() -> None:
    soldiers, attackers = "Military Forces of Nigeria", "Unidentified Armed Group (Nigeria)"
    m = merger()
    m.add(owo("a1", "2022-06-06T01:00:00", killed=21, by_side=[
        SideCasualties(side=soldiers, killed=12), SideCasualties(side=attackers, killed=9)]))
    # the update counts the soldiers only: "the number of soldiers killed has risen to 19"
    record = only(m.add(owo("a2", "2022-06-07T01:00:00", killed=19, by_side=[SideCasualties(side=soldiers, killed=19)])))
    assert {s.side: s.killed for s in record.casualties.by_side} == {soldiers: 19, attackers: 9}
    assert record.casualties.killed == 28


def test_eviction_bounds_state_and_is_configurable() -> None:
    m = merger(MergePolicy(window_days=10))
    m.add(owo("old", "2022-06-06"))
    out = m.add(make_candidate("new", published="2022-06-20", event_date="2022-06-19", event_type=VAC, **KAJURU))
    assert out.evicted == [candidate_id("old")]
    assert candidate_id("old") not in live(m)
    area = m.store.get_area("NGA")
    assert set(area.incidents) == {candidate_id("new")}
    assert set(area.members) == {candidate_id("new")}
    # A report of the evicted incident now starts a new one (documented limitation).
    late = m.add(owo("late", "2022-06-21", event_date="2022-06-05", precision="month"))
    assert only(late).incident_id == candidate_id("late")


def test_areas_are_independent() -> None:
    m = merger(MergePolicy(window_days=5))
    m.add(owo("a1", "2022-06-06"))
    m.add(make_candidate("s1", published="2022-09-01", iso3="SOM", place="Kismayo", lat=-0.36, lon=42.5))
    assert candidate_id("a1") in live(m)  # another area's watermark does not evict it


def test_values_are_json_and_always_reassigned() -> None:
    incidents, areas = JsonMapping(), JsonMapping()
    m = Merger(DedupStore(incidents, areas))
    m.add(owo("a1", "2022-06-05T15:00:00"))
    writes = incidents.writes + areas.writes
    record = only(m.add(owo("a2", "2022-06-06")))
    assert incidents.writes + areas.writes > writes
    # What was persisted (through assignments only) is the published record.
    assert incidents[f"NGA/{record.incident_id}"]["record"] == record.model_dump(mode="json")


def test_revision_moving_to_another_country_keeps_both_areas_consistent() -> None:
    # Areas are processed independently (other partitions), so the old report stays in
    # its area; state must stay consistent in both (documented limitation).
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00"))
    m.add(owo("a2", "2022-06-06"))
    moved = m.add(make_candidate("a1", published="2022-06-05T16:00:00", iso3="NER", place="Niamey",
                                 lat=13.51, lon=2.11))
    assert only(moved).location.iso3 == "NER"
    assert set(m.store.incidents) == {f"NGA/{candidate_id('a1')}", f"NER/{candidate_id('a1')}"}
    nga = m.store.get_incident("NGA", candidate_id("a1"))
    assert nga is not None and len(nga.members) == 2


def test_state_codec_round_trips_and_matches_the_pydantic_schema() -> None:
    from streams.dedup.state import AreaState, IncidentState

    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00", text=WIRE))
    m.add(owo("a2", "2022-06-06"))
    for raw in m.store.incidents.values():
        parsed = IncidentState.from_json(raw)
        assert IncidentState.model_validate(raw) == parsed  # the hand codec agrees with the schema
        assert json.loads(json.dumps(parsed.to_json())) == raw
    for raw in m.store.areas.values():
        parsed_area = AreaState.from_json(raw)
        assert AreaState.model_validate(raw) == parsed_area
        assert json.loads(json.dumps(parsed_area.to_json())) == raw


def test_redelivery_after_a_lost_index_write_repairs_the_index() -> None:
    m = merger()
    m.add(owo("a1", "2022-06-05T15:00:00"))
    before = m.store.areas["NGA"]
    record = only(m.add(owo("a2", "2022-06-06")))
    m.store.areas["NGA"] = before  # crash: the incident was written, the area index was not
    again = m.add(owo("a2", "2022-06-06"))
    assert again.duplicate and only(again).model_dump_json() == record.model_dump_json()
    assert m.store.get_area("NGA").members[candidate_id("a2")] == record.incident_id


BOUNDED = MergePolicy(max_members_per_incident=4, max_sources_per_incident=10, max_incidents_per_area=3)


def report_stream(count: int) -> list[IncidentCandidate]:
    """`count` independent reports of one incident, an hour apart; the last one revises the toll."""
    return [
        owo(f"r{i:04d}", f"2022-06-05T{i // 60 + 12:02d}:{i % 60:02d}:00", killed=20 if i == count - 1 else 12)
        for i in range(count)
    ]


def stored_bytes(m: Merger) -> int:
    return max(len(v) for v in [*m.store.incidents.data.values(), *m.store.areas.data.values()])  # type: ignore[attr-defined]


def test_a_heavily_reported_incident_keeps_bounded_state_and_counts_every_source() -> None:
    m = merger(BOUNDED)
    sizes = {}
    for i, candidate in enumerate(report_stream(200), start=1):
        record = only(m.add(candidate))
        if i in (50, 200):
            sizes[i] = stored_bytes(m)
    assert record.incident_id == candidate_id("r0000"), "the earliest report still names the incident"
    assert record.source_count == 200
    assert len(record.sources) == 10 and record.sources_omitted == 190
    assert record.sources[0].article_id == "r0000" and record.sources[-1].article_id == "r0199"
    assert record.casualties.killed == 20, "the latest report still revises the toll"
    assert record.version == 200
    state = m.store.get_incident("NGA", record.incident_id)
    assert state is not None and len(state.members) == 4 and len(state.archive.entries) == 6
    assert len(m.store.get_area("NGA").members) == 10
    assert sizes[200] <= sizes[50] * 1.05, "state must not grow with the number of reports"


def test_redelivered_archived_report_changes_nothing() -> None:
    m = merger(BOUNDED)
    stream = report_stream(8)
    for candidate in stream:
        last = only(m.add(candidate))
    again = m.add(stream[2])  # archived: no longer a voting member
    assert again.duplicate and only(again) == last


def test_bounded_state_round_trips_through_the_codec() -> None:
    from streams.dedup.state import IncidentState

    m = merger(BOUNDED)
    for candidate in report_stream(30):
        m.add(candidate)
    (raw,) = m.store.incidents.values()
    parsed = IncidentState.from_json(raw)
    assert parsed.archive.omitted == 20 and IncidentState.model_validate(raw) == parsed
    assert json.loads(json.dumps(parsed.to_json())) == raw


def test_an_area_over_its_incident_limit_evicts_the_least_recently_reported() -> None:
    m = merger(BOUNDED)
    places = [("Owo", 7.196, 5.586), ("Kajuru", 10.32, 7.68), ("Jos", 9.9, 8.86), ("Bama", 11.52, 13.69)]
    evicted: list[str] = []
    for day, (place, lat, lon) in enumerate(places, start=1):
        evicted += m.add(make_candidate(f"p{day}", published=f"2022-06-0{day}T12:00:00", event_date=f"2022-06-0{day}",
                                        place=place, lat=lat, lon=lon)).evicted
    assert evicted == [candidate_id("p1")]
    assert len(m.store.get_area("NGA").incidents) == 3 and len(m.store.incidents) == 3
