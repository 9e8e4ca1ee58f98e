"""When do two single-article reports describe the same real-world incident?

Owns the pairwise matching rules. Everything here is a pure predicate over ``Report``, a
light, hashable view of one candidate (built from a candidate or from its stored JSON
without pydantic validation, because the merger evaluates many pairs per message).

Each dimension answers MATCH (positive evidence), UNKNOWN (not enough data on one side)
or CONFLICT (proves two different incidents). ``same_incident`` is: no CONFLICT in
country, date, event type, perpetrators or place, AND positive evidence that it is the
same place (or a near-copy text, or supporting text similarity when a place is missing).
The rules are symmetric, so single-linkage clustering over them does not depend on the
order in which reports arrive.
"""

from __future__ import annotations

import math
import re
import unicodedata
from calendar import monthrange
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from models import DatePrecision, EnrichedEvent, EventType, IncidentCandidate
from models.event import ActorRole
from streams.dedup import nearcopy
from streams.dedup.policy import MergePolicy

EARTH_RADIUS_KM = 6371.0088
_PERPETRATOR_ROLES = (ActorRole.ACTOR1.value, ActorRole.ASSOC_ACTOR1.value)
# ACLED codes an unknown perpetrator as "Unidentified Armed Group (<country>)".
_UNKNOWN_ACTOR = re.compile(r"\b(unidentified|unknown|unnamed|unspecified)\b", re.IGNORECASE)
# ACLED's names for state actors: "Military Forces of Mali (2021-)", "Police Forces of
# Nigeria", "Government of Somalia", ... All organs of one state count as affiliated.
_STATE_ACTOR = re.compile(
    r"^(?:military|police|security|armed|naval|air|special|gendarmerie|government|presidential|prison)"
    r"[\w\s]*?\bof\s+(?:the\s+)?(?P<country>[^()]+)",
    re.IGNORECASE,
)
# Groups that are never the perpetrator of an armed attack in ACLED's coding: victims and
# crowds. Extraction sometimes puts them first; they must not create a conflict.
_NON_ARMED = re.compile(
    r"^(?:civilians|protesters|rioters|journalists|students|refugees|prisoners|labou?r group|health workers|"
    r"teachers|farmers|herders)\b",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f]")


class Verdict(Enum):
    MATCH = "match"
    UNKNOWN = "unknown"
    CONFLICT = "conflict"


def normalise_name(name: str | None) -> str | None:
    """Case-, accent- and punctuation-insensitive form of a name ('Al-Shabaab' == 'al Shabaab')."""
    if not name:
        return None
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", name)).casefold()
    cleaned = _NON_WORD.sub(" ", folded).strip()
    return cleaned or None


def is_unidentified(name: str) -> bool:
    return bool(_UNKNOWN_ACTOR.search(name))


def state_of(name: str) -> str | None:
    """'Military Forces of Nigeria (2015-)' -> 'nigeria'; None for a non-state actor."""
    match = _STATE_ACTOR.match(name.strip())
    return normalise_name(match.group("country")) if match else None


def is_armed_group(name: str) -> bool:
    """A named non-state armed organisation (not the state, not victims/crowds, not unknown)."""
    return not (is_unidentified(name) or _NON_ARMED.match(name.strip()) or state_of(name))


@dataclass(frozen=True, slots=True)
class Report:
    """What the rules need from one candidate report."""

    candidate_id: str
    article_id: str
    published_at: datetime
    event_day: int  # date.toordinal()
    precision: DatePrecision
    event_type: EventType
    iso3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    place: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    perpetrators: frozenset[str] = frozenset()  # named non-state armed groups in the actor1 roles
    perpetrator_groups: frozenset[str] = frozenset()  # perpetrators and their affiliations
    actor_names: frozenset[str] = frozenset()  # every named actor of any role and its affiliations
    signature: tuple[int, ...] = ()
    is_main: bool = True

    @property
    def event_date(self) -> date:
        return date.fromordinal(self.event_day)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @classmethod
    def from_candidate(cls, candidate: IncidentCandidate) -> Report:
        return cls.from_event_json(
            candidate.event.model_dump(mode="json"), candidate.text_signature, candidate.is_main, candidate.area_key
        )

    @classmethod
    def from_event(cls, event: EnrichedEvent, signature: Sequence[int] = (), is_main: bool = True) -> Report:
        return cls.from_event_json(event.model_dump(mode="json"), signature, is_main, None)

    @classmethod
    def from_event_json(
        cls, event: Mapping[str, Any], signature: Sequence[int], is_main: bool, area_key: str | None
    ) -> Report:
        """Build from ``EnrichedEvent.model_dump(mode="json")`` (as stored by the merger)."""
        location = event.get("location") or {}
        perpetrators: set[str] = set()
        groups: set[str] = set()
        names: set[str] = set()
        for actor in event.get("actors") or ():
            raw = actor.get("name") or ""
            if is_unidentified(raw):
                continue
            name = normalise_name(raw)
            if not name:
                continue
            affiliations = {a for a in (normalise_name(x) for x in actor.get("affiliations") or ()) if a}
            country = state_of(raw)
            if country:
                affiliations.add(f"state {country}")
            names.add(name)
            names.update(affiliations)
            if actor.get("role") in _PERPETRATOR_ROLES and is_armed_group(raw):
                perpetrators.add(name)
                groups.add(name)
                groups.update(affiliations)
        iso3 = location.get("iso3") or (area_key if area_key and area_key != "UNK" else None)
        source = (event.get("sources") or [{}])[0]
        return cls(
            candidate_id=event["incident_id"],
            article_id=source.get("article_id", event["incident_id"]),
            published_at=datetime.fromisoformat(source.get("published_at") or event["first_seen"]),
            event_day=date.fromisoformat(event["event_date"]).toordinal(),
            precision=DatePrecision(event["date_precision"]),
            event_type=EventType(event["event_type"]),
            iso3=iso3,
            latitude=location.get("latitude"),
            longitude=location.get("longitude"),
            geo_precision=location.get("geo_precision"),
            place=normalise_name(location.get("name")),
            admin1=normalise_name(location.get("admin1")),
            admin2=normalise_name(location.get("admin2")),
            perpetrators=frozenset(perpetrators),
            perpetrator_groups=frozenset(groups),
            actor_names=frozenset(names),
            signature=tuple(signature),
            is_main=is_main,
        )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --- dimensions ---------------------------------------------------------------------


def country_verdict(a: Report, b: Report) -> Verdict:
    if a.iso3 is None or b.iso3 is None:
        return Verdict.UNKNOWN
    return Verdict.MATCH if a.iso3 == b.iso3 else Verdict.CONFLICT


def _month_span(day: int) -> tuple[int, int]:
    d = date.fromordinal(day)
    return date(d.year, d.month, 1).toordinal(), date(d.year, d.month, monthrange(d.year, d.month)[1]).toordinal()


def dates_compatible(
    day_a: int, precision_a: DatePrecision, day_b: int, precision_b: DatePrecision, policy: MergePolicy
) -> bool:
    """Day vs day: |delta| <= day tolerance; a week-precise date: <= week tolerance;
    a month-precise date: the other date (give or take its own tolerance) lies in that month."""
    precisions = {precision_a, precision_b}
    if DatePrecision.MONTH in precisions:

        def span(day: int, precision: DatePrecision) -> tuple[int, int]:
            if precision is DatePrecision.MONTH:
                return _month_span(day)
            slack = policy.week_tolerance_days if precision is DatePrecision.WEEK else policy.day_tolerance_days
            return day - slack, day + slack

        lo_a, hi_a = span(day_a, precision_a)
        lo_b, hi_b = span(day_b, precision_b)
        return lo_a <= hi_b and lo_b <= hi_a
    limit = policy.week_tolerance_days if DatePrecision.WEEK in precisions else policy.day_tolerance_days
    return abs(day_a - day_b) <= limit


def date_span(day: int, precision: DatePrecision, policy: MergePolicy) -> tuple[int, int]:
    """Days a report's date can match, give or take its tolerance (a superset, for pre-filtering)."""
    if precision is DatePrecision.MONTH:
        lo, hi = _month_span(day)
        return lo - policy.day_tolerance_days, hi + policy.day_tolerance_days
    slack = policy.week_tolerance_days if precision is DatePrecision.WEEK else policy.day_tolerance_days
    return day - slack, day + slack


def bbox_distance_km(lat: float, lon: float, bbox: Sequence[float]) -> float:
    """Distance from a point to the nearest point of a lat/lon box (approximate, small boxes)."""
    min_lat, min_lon, max_lat, max_lon = bbox
    return haversine_km(lat, lon, min(max(lat, min_lat), max_lat), min(max(lon, min_lon), max_lon))


def date_verdict(a: Report, b: Report, policy: MergePolicy) -> Verdict:
    ok = dates_compatible(a.event_day, a.precision, b.event_day, b.precision, policy)
    return Verdict.MATCH if ok else Verdict.CONFLICT


def type_verdict(a: Report, b: Report, policy: MergePolicy) -> Verdict:
    return Verdict.MATCH if policy.types_compatible(a.event_type, b.event_type) else Verdict.CONFLICT


def actor_verdict(a: Report, b: Report) -> Verdict:
    """CONFLICT only for two named perpetrators that are different and not affiliated.

    "Perpetrator" here means a named non-state armed group in an actor1 role. State forces
    are left out on purpose: outlets often lead with the army or the government (who gave
    the toll) where others lead with the attackers, so "army vs group" is not evidence of
    two incidents. A perpetrator that the other report names in any role (sides swapped
    between outlets) or that shares an affiliation with the other's perpetrator is
    compatible; an unidentified perpetrator is compatible with anything."""
    if not a.perpetrators or not b.perpetrators:
        return Verdict.UNKNOWN
    if a.perpetrator_groups & b.perpetrator_groups:
        return Verdict.MATCH
    if a.perpetrators & b.actor_names or b.perpetrators & a.actor_names:
        return Verdict.MATCH
    return Verdict.CONFLICT


def place_verdict(a: Report, b: Report, policy: MergePolicy) -> Verdict:
    """Coordinates within the precision-dependent radius; else same place name; else admin1."""
    if a.has_coordinates and b.has_coordinates:
        distance = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if distance <= policy.distance_limit_km(a.geo_precision, b.geo_precision):
            return Verdict.MATCH
        return Verdict.CONFLICT
    if a.place and b.place and a.place == b.place:
        return Verdict.MATCH
    if a.admin1 and b.admin1:
        if a.admin1 != b.admin1:
            return Verdict.CONFLICT
        # Same first-level region but no coordinates: the same place only if no finer
        # names contradict it.
        if a.admin2 and b.admin2 and a.admin2 != b.admin2:
            return Verdict.CONFLICT
        return Verdict.MATCH
    return Verdict.UNKNOWN


@dataclass(frozen=True, slots=True)
class Decision:
    same: bool
    reason: str


def decide(a: Report, b: Report, policy: MergePolicy) -> Decision:
    """The full rule with the reason, for tests and for explaining a merge."""
    if a.candidate_id == b.candidate_id:
        return Decision(True, "same candidate")
    if a.article_id == b.article_id:
        # The extractor split this article into separate incidents: respect it.
        return Decision(False, "same article, separate incidents")
    if country_verdict(a, b) is Verdict.CONFLICT:
        return Decision(False, "different countries")
    # Cheap tests first: most pairs in a busy area fail on the date.
    dates_ok = date_verdict(a, b, policy) is Verdict.MATCH
    copy_possible = abs(a.event_day - b.event_day) <= policy.copy_max_days
    if not dates_ok and not copy_possible:
        return Decision(False, "dates incompatible")
    place = place_verdict(a, b, policy)
    if place is Verdict.CONFLICT:
        return Decision(False, "places too far apart")
    if copy_possible and nearcopy.is_near_copy(a.signature, b.signature):
        # The same text read twice: extraction differences (a relative date resolved
        # against another publication day) must not split it, but a far date still does.
        return Decision(True, "near-copy")
    if not dates_ok:
        return Decision(False, "dates incompatible")
    if type_verdict(a, b, policy) is Verdict.CONFLICT:
        return Decision(False, "event types incompatible")
    if actor_verdict(a, b) is Verdict.CONFLICT:
        return Decision(False, "different perpetrators")
    if place is Verdict.MATCH:
        return Decision(True, "same place, date, type")
    if nearcopy.similarity(a.signature, b.signature) >= policy.support_similarity:
        return Decision(True, "place unknown, texts similar")
    return Decision(False, "place unknown, no supporting evidence")


def same_incident(a: Report, b: Report, policy: MergePolicy) -> bool:
    """Do reports ``a`` and ``b`` describe the same incident? Symmetric."""
    return decide(a, b, policy).same
