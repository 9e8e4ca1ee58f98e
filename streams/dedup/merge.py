"""The merger: one candidate report in, the incident records to (re)publish out.

Owns clustering, incident ids, versions, merges of existing incidents and retention.
Storage is behind ``DedupStore`` (two JSON-valued mappings, e.g. Faust tables), see
``streams.dedup.state``. Pure: no Faust/Kafka imports, no wall clock.

Clustering is single linkage over pairwise ``rules.same_incident`` matches between
candidate reports of one area. An incident is a connected component of that graph, so
its membership does not depend on arrival order; its record is recomputed from all its
members (``aggregate``), so its content does not either.

Ids: an incident's id is the candidate id of its earliest member by (published_at,
article_id). When a new candidate joins several incidents, they become one; the survivor
takes the id of the earliest member and every other previous id is *retired* (the caller
publishes a tombstone). When a report published earlier than all members arrives late, the
incident's id changes the same way: new id upserted, old id retired, and the survivor's
``supersedes`` lists every candidate id it contains besides its own (every id its members
could have been published under in any arrival order, so it too is order-independent).

Versions: ``max(number of members, highest previous version among the incidents it was
built from + 1)`` on every change. Without revised articles this equals the member count,
so final records are byte-identical for every arrival order, versions included; every
published change of an id still gets a strictly higher version.

Bounds (``bound_incident``, docs/dedup.md "Bounds"): past ``max_members_per_incident``
reports, older ones are archived as sources only, and past ``max_sources_per_incident`` the
oldest are only counted; an area keeps at most ``max_incidents_per_area`` live incidents.
Order independence is guaranteed below these limits.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from models import DatePrecision, EnrichedEvent, IncidentCandidate
from streams.dedup.aggregate import aggregate, copy_roots, incident_id_for, listed_source, member_order
from streams.dedup.policy import MergePolicy
from streams.dedup.rules import Report, bbox_distance_km, date_span, same_incident
from streams.dedup.state import (
    AreaEntry,
    AreaState,
    ArchivedSource,
    DedupStore,
    IncidentState,
    MemberState,
    SourceArchive,
)

__all__ = ["MergeOutcome", "MergePolicy", "Merger", "bound_incident", "member_from_candidate"]


@dataclass(frozen=True)
class MergeOutcome:
    """What the caller publishes after one ``Merger.add``.

    upserts: records to publish to ``events.enriched`` (key = incident_id), in id order.
    retired: incident ids to tombstone (null value), in id order; never also in ``upserts``.
    evicted: incident ids dropped from state by retention (NOT tombstoned: they stay
        published; informational, e.g. for a metric).
    duplicate: True when the candidate was already a member with the same content (a
        redelivery); ``upserts`` then re-returns the current record unchanged.
    incident_id: the incident the candidate now belongs to.
    """

    upserts: list[EnrichedEvent]
    retired: list[str]
    evicted: list[str] = field(default_factory=list)
    duplicate: bool = False
    incident_id: str | None = None


def member_from_candidate(candidate: IncidentCandidate) -> MemberState:
    event = candidate.event
    source = event.sources[0]
    return MemberState(
        candidate_id=event.incident_id,
        article_id=source.article_id,
        published_at=source.published_at,
        is_main=candidate.is_main,
        event=event.model_dump(mode="json"),
        signature=list(candidate.text_signature),
    )


def _report(member: MemberState, area_key: str) -> Report:
    return Report.from_event_json(member.event, member.signature, member.is_main, area_key)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


class Merger:
    """Stateful only through ``store``: any process given the same store continues the work."""

    def __init__(self, store: DedupStore, policy: MergePolicy | None = None, cache_size: int = 4096) -> None:
        self.store = store
        self.policy = policy or MergePolicy()
        # Parsed incidents and their reports, keyed by (area, id) and checked against the
        # write counter in the area index, so a stale entry (another worker wrote the
        # incident after a rebalance) is never used. Bounded LRU; 0 disables it.
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str], tuple[IncidentState, list[Report]]] = OrderedDict()

    # -- public -----------------------------------------------------------------------

    def add(self, candidate: IncidentCandidate) -> MergeOutcome:
        area_key = candidate.area_key
        area = self.store.get_area(area_key)
        new = member_from_candidate(candidate)
        if area.watermark is None or new.published_at > area.watermark:
            area.watermark = new.published_at

        affected: dict[str, IncidentState] = {}
        replaced: MemberState | None = None
        current_id = area.members.get(new.candidate_id)
        if current_id is not None:
            holder = self.store.get_incident(area_key, current_id)
            old = next((m for m in holder.members if m.candidate_id == new.candidate_id), None) if holder else None
            if holder is not None and old is None:
                # An archived report of a large incident: it no longer votes, so neither a
                # redelivery nor a revision of it changes anything.
                return self._unchanged(holder)
            if holder is not None and old is not None:
                if old == new or new.published_at < old.published_at:
                    # Redelivery (or a stale older revision): change nothing, re-publish as is.
                    return self._unchanged(holder)
                replaced = old
                affected[holder.incident_id] = holder

        new_report = _report(new, area_key)
        known: dict[str, Report] = {new.candidate_id: new_report}  # reports already built, by candidate id
        for incident_id in self._prefiltered(area, new_report):
            if incident_id in affected:
                continue
            loaded = self._load(area_key, incident_id, area)
            if loaded is None:  # index entry without incident (crash between two writes)
                continue
            state, reports = loaded
            if any(m.candidate_id == new.candidate_id and m == new for m in state.members):
                # A redelivery whose area-index write was lost in a crash: repair the index.
                area.incidents[incident_id] = self._entry(state)
                for member in state.members:
                    area.members[member.candidate_id] = incident_id
                self.store.put_area(area_key, area)
                return self._unchanged(state)
            if any(
                same_incident(new_report, report, self.policy)
                for m, report in zip(state.members, reports)
                if m.candidate_id != new.candidate_id
            ):
                affected[incident_id] = state
                known.update(
                    (m.candidate_id, r) for m, r in zip(state.members, reports) if m.candidate_id != new.candidate_id
                )

        pool = [m for s in affected.values() for m in s.members if m.candidate_id != new.candidate_id]
        pool.append(new)
        if replaced is None:
            # Pure addition: every affected incident was connected and the new member links
            # them all, so the pool is one component.
            components = [pool]
        else:
            # A revised report may also have *left* its old incident: recluster the pool.
            components = self._components(pool, area_key)
        outcome = self._commit(area_key, area, affected, components, new.candidate_id, known)
        return outcome

    # -- internals --------------------------------------------------------------------

    def _prefiltered(self, area: AreaState, report: Report) -> list[str]:
        """Incidents that could contain a match: a cheap superset test on the index entry
        (date spans with tolerances and the near-copy slack; distance to the members'
        bounding box), so most incidents of a busy area are never loaded."""
        lo, hi = date_span(report.event_day, report.precision, self.policy)
        slack = self.policy.copy_max_days
        # 10 % above the largest radius: the box distance is an approximation.
        max_km = 1.1 * max(self.policy.town_distance_km, self.policy.region_distance_km,
                           self.policy.province_distance_km)
        out = []
        for incident_id, entry in area.incidents.items():
            if hi < entry.first_day - slack or lo > entry.last_day + slack:
                continue
            if entry.bbox is not None and report.has_coordinates:
                if bbox_distance_km(report.latitude, report.longitude, entry.bbox) > max_km:  # type: ignore[arg-type]
                    continue
            out.append(incident_id)
        return sorted(out)

    def _load(self, area_key: str, incident_id: str, area: AreaState) -> tuple[IncidentState, list[Report]] | None:
        """An incident and its members' reports, from the cache when its write counter matches."""
        entry = area.incidents.get(incident_id)
        key = (area_key, incident_id)
        cached = self._cache.get(key)
        if cached is not None and entry is not None and cached[0].rev == entry.rev:
            self._cache.move_to_end(key)
            return cached
        state = self.store.get_incident(area_key, incident_id)
        if state is None:
            return None
        loaded = (state, [_report(m, area_key) for m in state.members])
        self._remember(key, loaded)
        return loaded

    def _remember(self, key: tuple[str, str], loaded: tuple[IncidentState, list[Report]]) -> None:
        if self.cache_size <= 0:
            return
        self._cache[key] = loaded
        self._cache.move_to_end(key)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def _components(self, pool: list[MemberState], area_key: str) -> list[list[MemberState]]:
        reports = [_report(m, area_key) for m in pool]
        uf = _UnionFind(len(pool))
        for i in range(len(pool)):
            for j in range(i + 1, len(pool)):
                if uf.find(i) != uf.find(j) and same_incident(reports[i], reports[j], self.policy):
                    uf.union(i, j)
        groups: dict[int, list[MemberState]] = {}
        for i, member in enumerate(pool):
            groups.setdefault(uf.find(i), []).append(member)
        return list(groups.values())

    def _unchanged(self, state: IncidentState) -> MergeOutcome:
        record = EnrichedEvent.model_validate(state.record)
        # The ids this incident may have replaced are re-tombstoned: if the original
        # outputs were lost in a crash, their tombstones were lost too. Tombstoning an id
        # that was never published is harmless in a compacted topic.
        return MergeOutcome(
            upserts=[record], retired=list(record.supersedes), duplicate=True, incident_id=state.incident_id
        )

    def _commit(
        self,
        area_key: str,
        area: AreaState,
        affected: dict[str, IncidentState],
        components: Iterable[list[MemberState]],
        new_candidate_id: str,
        known: dict[str, Report],
    ) -> MergeOutcome:
        upserts: list[EnrichedEvent] = []
        new_states: dict[str, IncidentState] = {}
        forgotten: list[str] = []  # candidate ids whose sources are now only counted
        owner: str | None = None
        components = list(components)
        for members in components:
            incident_id = incident_id_for(members)
            ids = {m.candidate_id for m in members}
            ancestors = [s for s in affected.values() if ids & {m.candidate_id for m in s.members}]
            previous = affected.get(incident_id)
            base = max((s.version for s in ancestors), default=0)
            inherited = [s.archive for s in ancestors if _archive_owner(s, components) is members]
            members, archive, dropped = bound_incident(members, _joined(inherited), self.policy)
            forgotten.extend(dropped)
            record = aggregate(incident_id, max(len(ids), base + 1), members, self.policy, archive)
            if previous is not None:
                unchanged = record.model_copy(update={"version": previous.version})
                if unchanged.model_dump(mode="json") == previous.record:
                    record = unchanged  # content identical: keep the version, nothing new
            state = IncidentState(
                incident_id=incident_id,
                area_key=area_key,
                version=record.version,
                rev=max((s.rev for s in ancestors), default=0) + 1,
                members=sorted(members, key=member_order),
                archive=archive,
                record=record.model_dump(mode="json"),
            )
            new_states[incident_id] = state
            upserts.append(record)
            if new_candidate_id in ids:
                owner = incident_id

        retired = sorted(set(affected) - set(new_states))
        # Incidents first, index last: the index is what makes an incident visible, so a
        # crash between the writes leaves at worst an unreferenced incident entry.
        for incident_id in retired:
            self.store.delete_incident(area_key, incident_id)
            del area.incidents[incident_id]
            self._cache.pop((area_key, incident_id), None)
        for state in new_states.values():
            self.store.put_incident(state)
            reports = [known.get(m.candidate_id) or _report(m, area_key) for m in state.members]
            self._remember((area_key, state.incident_id), (state, reports))
            area.incidents[state.incident_id] = self._entry(state)
            for candidate_id in [m.candidate_id for m in state.members] + [a.candidate_id for a in state.archive.entries]:
                area.members[candidate_id] = state.incident_id
        for candidate_id in forgotten:
            area.members.pop(candidate_id, None)
        evicted = self._evict(area_key, area)
        self.store.put_area(area_key, area)
        upserts.sort(key=lambda r: r.incident_id)
        return MergeOutcome(upserts=upserts, retired=retired, evicted=evicted, incident_id=owner)

    def _entry(self, state: IncidentState) -> AreaEntry:
        spans = [
            date_span(_day(m), DatePrecision(m.event["date_precision"]), self.policy) for m in state.members
        ]
        locations = [m.event.get("location") or {} for m in state.members]
        coords = [(loc.get("latitude"), loc.get("longitude")) for loc in locations]
        bbox = None
        if all(lat is not None and lon is not None for lat, lon in coords):
            lats = [c[0] for c in coords]
            lons = [c[1] for c in coords]
            bbox = [min(lats), min(lons), max(lats), max(lons)]
        return AreaEntry(
            first_day=min(lo for lo, _ in spans),
            last_day=max(hi for _, hi in spans),
            last_seen=max(m.published_at for m in state.members),
            bbox=bbox,
            rev=state.rev,
        )

    def _evict(self, area_key: str, area: AreaState) -> list[str]:
        """Drop incidents whose latest report is older than watermark - window_days, then the
        least recently reported ones while the area holds more than max_incidents_per_area."""
        if area.watermark is None:
            return []
        cutoff = area.watermark - timedelta(days=self.policy.window_days)
        by_recency = sorted(area.incidents, key=lambda i: (area.incidents[i].last_seen, i))
        over = max(0, len(by_recency) - self.policy.max_incidents_per_area)
        evicted = sorted(
            i for rank, i in enumerate(by_recency) if rank < over or area.incidents[i].last_seen < cutoff
        )
        if not evicted:
            return []
        gone = set(evicted)
        for incident_id in evicted:
            self.store.delete_incident(area_key, incident_id)
            del area.incidents[incident_id]
            self._cache.pop((area_key, incident_id), None)
        area.members = {c: i for c, i in area.members.items() if i not in gone}
        return evicted


def bound_incident(
    members: list[MemberState], archive: SourceArchive, policy: MergePolicy
) -> tuple[list[MemberState], SourceArchive, list[str]]:
    """Keep an incident's state bounded, whatever its number of reports.

    Voting members: the earliest (it names the incident) and the latest
    ``max_members_per_incident - 1``; the others are archived as sources, with their
    near-copy status as of now. Listed sources: at most ``max_sources_per_incident``; past
    that the oldest archived are only counted. Returns the members, the archive and the
    candidate ids no longer listed anywhere.
    """
    ordered = sorted(members, key=member_order)
    keep = policy.max_members_per_incident
    entries = list(archive.entries)
    if len(ordered) > keep:
        roots = copy_roots(ordered)
        demoted, ordered = ordered[1 : len(ordered) - keep + 1], [ordered[0], *ordered[len(ordered) - keep + 1 :]]
        entries.extend(
            ArchivedSource(
                candidate_id=m.candidate_id, article_id=m.article_id, published_at=m.published_at,
                source=listed_source(m, roots), independent=roots[m.article_id] is None,
            )
            for m in demoted
        )
    entries.sort(key=lambda a: (a.published_at, a.article_id, a.candidate_id))
    cut = max(0, len(entries) - max(0, policy.max_sources_per_incident - len(ordered)))
    dropped, entries = entries[:cut], entries[cut:]
    if not dropped and len(entries) == len(archive.entries):
        return ordered, archive, []
    bounded = SourceArchive(
        entries=entries,
        omitted=archive.omitted + len(dropped),
        omitted_independent=archive.omitted_independent + sum(a.independent for a in dropped),
    )
    return ordered, bounded, [a.candidate_id for a in dropped]


def _joined(archives: list[SourceArchive]) -> SourceArchive:
    if len(archives) == 1:
        return archives[0]
    return SourceArchive(
        entries=[e for a in archives for e in a.entries],
        omitted=sum(a.omitted for a in archives),
        omitted_independent=sum(a.omitted_independent for a in archives),
    )


def _archive_owner(state: IncidentState, components: list[list[MemberState]]) -> list[MemberState] | None:
    """The component that inherits an affected incident's archive: the one holding its earliest
    member (the incident's namesake), else the first holding any of its members."""
    holders = [c for c in components if any(m.candidate_id == state.incident_id for m in c)]
    if not holders:
        ids = {m.candidate_id for m in state.members}
        holders = [c for c in components if any(m.candidate_id in ids for m in c)]
    return holders[0] if holders else None


def _day(member: MemberState) -> int:
    return date.fromisoformat(member.event["event_date"]).toordinal()
