"""Build one incident record from its member reports.

Owns the aggregation policy (docs/dedup.md, "Aggregation"). The record is recomputed
from the full member list every time, never updated incrementally, and every choice is
made on members sorted by (published_at, article_id, candidate_id) with explicit
tie-breaks, so the same members always give a byte-identical record whatever the order in
which they arrived. No wall clock is read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from models import DatePrecision, EnrichedEvent, EventType, SubEventType
from models.event import ActorRole
from streams.dedup import nearcopy
from streams.dedup.policy import MergePolicy
from streams.dedup.rules import is_unidentified, normalise_name
from streams.dedup.state import MemberState, SourceArchive

_PRECISION_RANK = {DatePrecision.DAY.value: 0, DatePrecision.WEEK.value: 1, DatePrecision.MONTH.value: 2}
# Tie-break between event types with equal votes: the more specific coding wins (an
# attack with explosives is coded as Explosions/Remote violence by ACLED).
_TYPE_PRECEDENCE = [
    EventType.EXPLOSIONS_REMOTE_VIOLENCE.value,
    EventType.BATTLES.value,
    EventType.VIOLENCE_AGAINST_CIVILIANS.value,
    EventType.RIOTS.value,
    EventType.PROTESTS.value,
    EventType.STRATEGIC_DEVELOPMENTS.value,
]
_SUB_PRECEDENCE = [s.value for s in SubEventType]
_ROLE_ORDER = [r.value for r in ActorRole]
_FIGURES = ("killed", "wounded", "abducted", "arrested")


def member_order(member: MemberState) -> tuple[str, str, str]:
    """Canonical order of members: publication time, then article id, then candidate id."""
    return (member.published_at.isoformat(), member.article_id, member.candidate_id)


def incident_id_for(members: Sequence[MemberState]) -> str:
    """The id of a cluster: the candidate id of its earliest member (stable under replays)."""
    return min(members, key=member_order).candidate_id


def _one_per_article(members: Sequence[MemberState]) -> list[MemberState]:
    """One member per article, in member order: its main candidate if it contributed one, else its first."""
    per_article: dict[str, MemberState] = {}
    for member in sorted(members, key=member_order):
        current = per_article.get(member.article_id)
        if current is None or (member.is_main and not current.is_main):
            per_article[member.article_id] = member
    return sorted(per_article.values(), key=member_order)


def copy_roots(members: Sequence[MemberState]) -> dict[str, str | None]:
    """article id -> id of the earliest article it is a near-copy of (None = independent)."""
    return _article_roots(_one_per_article(members))


def _article_roots(articles: list[MemberState]) -> dict[str, str | None]:
    """``copy_roots`` of members already reduced to one per article, in member order."""
    roots: dict[str, str | None] = {}
    parents = nearcopy.earliest_copies([m.signature for m in articles])
    for member, parent in zip(articles, parents):
        if parent is None:
            roots[member.article_id] = None
        else:
            earlier = articles[parent].article_id
            roots[member.article_id] = roots[earlier] or earlier
    return roots


def listed_source(member: MemberState, roots: dict[str, str | None]) -> dict[str, Any]:
    """The member's article as an entry of the record's ``sources`` (JSON-compatible)."""
    source = dict((member.event.get("sources") or [{}])[0])
    source["article_id"] = member.article_id
    source["published_at"] = member.published_at.isoformat()
    source["copy_of"] = roots[member.article_id]
    return source


def _pick_date(voters: list[MemberState]) -> tuple[str, str]:
    best_rank = min(_PRECISION_RANK[m.event["date_precision"]] for m in voters)
    dates = Counter(m.event["event_date"] for m in voters if _PRECISION_RANK[m.event["date_precision"]] == best_rank)
    # Most common among the most precise; ties -> earliest date.
    chosen = min(dates, key=lambda d: (-dates[d], d))
    precision = next(p for p, r in _PRECISION_RANK.items() if r == best_rank)
    return chosen, precision


def _pick_type(voters: list[MemberState]) -> tuple[str, str]:
    types = Counter(m.event["event_type"] for m in voters)
    event_type = min(types, key=lambda t: (-types[t], _TYPE_PRECEDENCE.index(t)))
    subs = Counter(m.event["sub_event_type"] for m in voters if m.event["event_type"] == event_type)
    sub_type = min(subs, key=lambda s: (-subs[s], _SUB_PRECEDENCE.index(s)))
    return event_type, sub_type


def _pick_actors(voters: list[MemberState]) -> list[dict[str, Any]]:
    role_votes: dict[str, Counter[str]] = {}
    first_seen: dict[tuple[str, str], dict[str, Any]] = {}
    for member in voters:
        seen_here: set[tuple[str, str]] = set()
        for actor in member.event.get("actors") or ():
            key = normalise_name(actor["name"]) or actor["name"]
            if (key, actor["role"]) in seen_here:
                continue
            seen_here.add((key, actor["role"]))
            role_votes.setdefault(key, Counter())[actor["role"]] += 1
            first_seen.setdefault((key, actor["role"]), actor)
    chosen: list[tuple[int, int, str, dict[str, Any]]] = []
    for key, votes in role_votes.items():
        # An actor whose role differs between outlets keeps its most reported role.
        role = min(votes, key=lambda r: (-votes[r], _ROLE_ORDER.index(r)))
        chosen.append((_ROLE_ORDER.index(role), -sum(votes.values()), key, first_seen[(key, role)]))
    named_roles = {rank for rank, _, _, actor in chosen if not is_unidentified(actor["name"])}
    kept = [
        (rank, votes, key, actor)
        for rank, votes, key, actor in chosen
        if not (is_unidentified(actor["name"]) and rank in named_roles)
    ]
    return [dict(actor) for *_, actor in sorted(kept, key=lambda item: item[:3])]


def _pick_location(voters: list[MemberState]) -> dict[str, Any]:
    def key_of(loc: dict[str, Any]) -> tuple[Any, ...]:
        return (loc.get("name"), loc.get("admin1"), loc.get("iso3"))

    counts = Counter(key_of(m.event.get("location") or {}) for m in voters)
    best: tuple[tuple[Any, ...], dict[str, Any]] | None = None
    for index, member in enumerate(voters):
        loc = member.event.get("location") or {}
        has_coords = loc.get("latitude") is not None and loc.get("longitude") is not None
        rank = (
            0 if has_coords else 1,
            loc.get("geo_precision") or 4,
            0 if loc.get("name") else 1,
            -counts[key_of(loc)],
            index,
        )
        if best is None or rank < best[0]:
            best = (rank, loc)
    return dict(best[1]) if best else {}


def _pick_casualties(voters: list[MemberState]) -> dict[str, Any]:
    """Per figure: the latest independent report that gives it (>0) wins; ties -> lowest.

    Per side likewise (``_merged_sides``), and a total is never below the sum of its sides: a
    later report that revises one side's toll ("the number of soldiers killed has risen to
    19") keeps the other sides' figures of the earlier reports (9 attackers killed)."""
    by_side = _merged_sides(voters)
    result: dict[str, Any] = {}
    for figure in _FIGURES:
        reports = [
            (m.published_at, (m.event.get("casualties") or {}).get(figure, 0))
            for m in voters
            if (m.event.get("casualties") or {}).get(figure, 0) > 0
        ]
        result[figure] = max(_latest_figure(reports), sum(side[figure] for side in by_side))
    result["by_side"] = by_side
    return result


def _latest_figure(reports: list[tuple[datetime, int]]) -> int:
    """The figure of the latest report (publication time, figure > 0); same time -> the lowest."""
    return max(reports, key=lambda r: (r[0], -r[1]))[1] if reports else 0


def _merged_sides(voters: list[MemberState]) -> list[dict[str, Any]]:
    """Per side and figure, ``_latest_figure`` of the reports that give one. Sides in order of
    first mention (earliest report first)."""
    ordered = sorted(voters, key=lambda m: (m.published_at, _neg_key(m.article_id)))
    reports: dict[str, dict[str, list[tuple[datetime, int]]]] = {}
    for m in ordered:
        for side in (m.event.get("casualties") or {}).get("by_side") or ():
            mine = reports.setdefault(side["side"], {figure: [] for figure in _FIGURES})
            for figure in _FIGURES:
                if side.get(figure, 0) > 0:
                    mine[figure].append((m.published_at, side[figure]))
    return [
        {"side": name, **{figure: _latest_figure(found) for figure, found in mine.items()}}
        for name, mine in reports.items()
    ]


def _neg_key(text: str) -> tuple[int, ...]:
    """Reverse order for strings inside a max(): the smallest article id wins ties."""
    return tuple(-ord(c) for c in text)


def _confidence(independent: list[MemberState], policy: MergePolicy) -> float:
    """1 - prod(1 - c_i) over independent reports, capped: agreement raises confidence."""
    values = sorted(
        float(m.event.get("confidence", 0.0)) * (1.0 if m.is_main else policy.non_main_confidence_factor)
        for m in independent
    )
    remaining = 1.0
    for value in values:  # sorted, so float rounding does not depend on arrival order
        remaining *= 1.0 - min(max(value, 0.0), 1.0)
    return round(min(policy.max_confidence, 1.0 - remaining), 4)


def aggregate(
    incident_id: str,
    version: int,
    members: Sequence[MemberState],
    policy: MergePolicy,
    archive: SourceArchive | None = None,
) -> EnrichedEvent:
    """The incident record for ``members`` (any order), with the given id and version.

    Only ``members`` vote on the fields; ``archive`` (reports demoted from a large incident)
    adds listed and counted sources.
    """
    archive = archive or SourceArchive()
    ordered = sorted(members, key=member_order)
    articles = _one_per_article(ordered)
    roots = _article_roots(articles)
    independent = [m for m in articles if roots[m.article_id] is None]
    mains = [m for m in independent if m.is_main]
    voters = mains or independent

    event_date, precision = _pick_date(voters)
    event_type, sub_type = _pick_type(voters)
    listed = {m.article_id for m in articles}
    archived = []
    for entry in archive.entries:  # one entry per article, as for members
        if entry.article_id not in listed:
            listed.add(entry.article_id)
            archived.append(entry)
    sources = sorted(
        [listed_source(m, roots) for m in articles] + [a.source for a in archived],
        key=lambda s: (s["published_at"], s["article_id"]),
    )
    summaries = [m.event.get("summary") for m in voters if m.event.get("summary")]
    candidate_ids = {m.candidate_id for m in members} | {a.candidate_id for a in archive.entries}
    record = {
        "incident_id": incident_id,
        "version": version,
        "event_date": date.fromisoformat(event_date),
        "date_precision": precision,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actors": _pick_actors(voters),
        "location": _pick_location(voters),
        "casualties": _pick_casualties(voters),
        "weapons": sorted({w for m in voters for w in m.event.get("weapons") or ()}),
        "claimed_by": sorted({c for m in voters for c in m.event.get("claimed_by") or ()}),
        "sources": sources,
        "sources_omitted": archive.omitted,
        "source_count": len(independent) + sum(a.independent for a in archived) + archive.omitted_independent,
        "confidence": _confidence(independent, policy),
        "summary": summaries[0] if summaries else None,
        "supersedes": sorted(candidate_ids - {incident_id}),
        "first_seen": ordered[0].published_at,
        "updated_at": max(m.published_at for m in ordered),
    }
    return EnrichedEvent.model_validate(record)
