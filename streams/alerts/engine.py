"""The alert engine: turns incident upserts into alerts, deterministically, with bounded state.

Owns *when* an alert is raised: per-area history (admin2 last incident, admin1 actors and daily
counts), per-incident levels already raised, and the escalation/deduplication logic. Rules and
thresholds come from `streams.alerts.rules`.

Determinism: the only clock is event time (`event_date` for history, `updated_at` for the age
filter and `raised_at`), so replaying the same upserts into empty state gives identical alerts,
and replaying them into existing state gives none (versions already seen are skipped).

State lives in a caller-supplied `MutableMapping[str, Any]` (a Faust table with the json
serializer in the worker) wrapped by `AlertStore`. Values are JSON-compatible (dicts with str
keys, lists, str, int, float) and are always *reassigned*, never mutated in place, because a Faust
table writes its changelog only on `__setitem__`. Keys (all contain the area, i.e. the incident's
country ISO3 or "UNK", except the per-incident ones; the worker evaluates an area in one partition):

    a|{area}                   area: first/last event date seen, admin1 index, incident index days
    r|{area}|{admin1}          admin1 history: admin2 last dates, actors last seen, daily counts, episodes
    x|{area}|{YYYY-MM-DD}      ids of incidents with that event date (to expire their records)
    i|{incident_id}            incident: last version, levels raised per rule, contribution to counts

Bounded: when an area's latest event date advances, admin1 histories untouched for longer than the
longest rule lookback and incident records older than `incident_retention_days` are deleted; each
admin1 record drops entries older than the lookback whenever it is written.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from models.alert import Alert, AlertSeverity
from models.event import DatePrecision, EnrichedEvent, EventType
from streams.alerts.rules import (
    AlertRules,
    CountLevel,
    DeathTollRevisionRule,
    EscalationRule,
    FatalitiesRule,
    MassAbductionRule,
    NewActorRule,
    QuietAreaRule,
    Rule,
    WatchedPlaceRule,
)

UNKNOWN_AREA = "UNK"

# Area history (quiet areas, escalation counts) is about political violence: protests and
# strategic developments neither break an area's quiet nor count towards its escalation.
HISTORY_EVENT_TYPES = frozenset(
    {EventType.BATTLES, EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS}
)

_EARTH_RADIUS_KM = 6371.0088


def alert_id_for(rule: str, incident_id: str) -> str:
    """Deterministic alert id: one per (rule, incident)."""
    digest = hashlib.blake2b(f"{rule}\x1f{incident_id}".encode(), digest_size=16).hexdigest()
    return f"alert-{digest}"


def area_of(event: EnrichedEvent) -> str:
    """The area (partitioning unit) of an incident: its country ISO3, or "UNK"."""
    iso3 = event.location.iso3
    return iso3.upper() if iso3 else UNKNOWN_AREA


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


class AlertStore:
    """The engine's state over any `MutableMapping[str, Any]` (a dict in tests, a Faust table in the worker).

    `get` returns a private deep copy, so the engine may edit what it read; `put` always assigns
    a new value (never mutates a stored one), which is what makes a Faust table log the change.
    """

    def __init__(self, mapping: MutableMapping[str, Any]) -> None:
        self._mapping = mapping

    def get(self, key: str) -> Any | None:
        value = self._mapping.get(key)
        # A JSON round trip is a deep copy at C speed (copy.deepcopy is ~10x slower), and it
        # normalises values exactly as the Faust json serializer will.
        return json.loads(json.dumps(value)) if value is not None else None

    def put(self, key: str, value: Any) -> None:
        self._mapping[key] = value

    def delete(self, key: str) -> None:
        if key in self._mapping:
            del self._mapping[key]


@dataclass
class _Candidate:
    """What one rule would raise now for one incident."""

    rule: Rule
    level: int
    severity: AlertSeverity
    title: str
    reason: str


class _Session:
    """Read-through/write-back view of the store for one `evaluate` or `forget` call."""

    def __init__(self, store: AlertStore) -> None:
        self.store = store
        self.values: dict[str, Any] = {}
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()

    def get(self, key: str) -> Any | None:
        if key in self.deleted:
            return None
        if key not in self.values:
            self.values[key] = self.store.get(key)
        return self.values[key]

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value
        self.deleted.discard(key)
        self.dirty.add(key)

    def touch(self, key: str) -> None:
        self.dirty.add(key)

    def delete(self, key: str) -> None:
        self.values.pop(key, None)
        self.dirty.discard(key)
        self.deleted.add(key)

    def commit(self) -> None:
        for key in sorted(self.deleted):
            self.store.delete(key)
        for key in sorted(self.dirty):
            self.store.put(key, self.values[key])


def _iso(day: date) -> str:
    return day.isoformat()


def _day(text: str) -> date:
    return date.fromisoformat(text)


class AlertEngine:
    """Evaluates the rules on every incident upsert; see the module docstring for state and determinism."""

    def __init__(self, rules: AlertRules, store: AlertStore | MutableMapping[str, Any]) -> None:
        self.rules = rules
        self.store = store if isinstance(store, AlertStore) else AlertStore(store)
        self._history_days = rules.history_days
        # Each part of an admin1 history is kept only as long as the rules that read it look back
        # (0 = no enabled rule reads it: not recorded at all).
        enabled = rules.enabled_rules
        self._keep_days = {
            "a2": max((r.quiet_days for r in enabled if isinstance(r, QuietAreaRule)), default=0),
            "act": max((r.lookback_days for r in enabled if isinstance(r, NewActorRule)), default=0),
            "days": max((r.history_days() for r in enabled if isinstance(r, EscalationRule)), default=0),
        }
        self._ignore: dict[str, list[re.Pattern[str]]] = {
            rule.name: [re.compile(p, re.IGNORECASE) for p in rule.ignore_actors]
            for rule in rules.rules
            if isinstance(rule, NewActorRule)
        }

    # ------------------------------------------------------------------ public API

    def evaluate(self, event: EnrichedEvent) -> list[Alert]:
        """Alerts raised (or raised again at a higher level) by this upsert, in rule order.

        Call with every published upsert in version order. A version below the last one evaluated
        for the incident changes nothing and returns nothing; the last version again changes
        nothing and returns the identical alerts it raised (same ids, levels, texts), so a
        redelivered message re-publishes the same records instead of losing them.
        """
        session = _Session(self.store)
        inc_key = f"i|{event.incident_id}"
        record = session.get(inc_key)
        if record is not None and event.version <= record["v"]:
            # Already evaluated. The same version again (a redelivery after a crash, when this
            # state was saved but the alerts may not have been sent) gets the very same alerts
            # back, so at-least-once processing cannot lose them; older versions get nothing.
            last = record.get("out")
            if event.version == record["v"] and last:
                return [Alert.model_validate(a) for a in last]
            return []
        area = area_of(event)
        area_now = session.get(f"a|{area}")
        if record is None and area_now is not None and self._expired(event.event_date, area_now):
            # Older than the incident retention: its state would be dropped at once, and a
            # replay of it after expiry must stay silent, so it is ignored altogether.
            return []
        if record is None:
            record = {"v": event.version, "area": area, "d": _iso(event.event_date), "lv": {}, "rv": {}, "c": None}
            self._index_incident(session, area, event.event_date, event.incident_id)
        self._inherit_levels(session, record, event.supersedes)
        record["v"] = event.version

        area_rec = self._touch_area(session, area, event.event_date)
        admin1 = event.location.admin1
        region_key = f"r|{area}|{_norm(admin1)}" if admin1 else None
        # History *before* this upsert: quiet-area and new-actor ask whether the area saw it already.
        region_before = self._snapshot(session.get(region_key) if region_key else None, event)

        self._apply_contribution(session, record, event, area, region_key, admin1)

        candidates: list[_Candidate] = []
        for rule in self.rules.enabled_rules:
            if not self._applies(rule, event):
                continue
            candidate = self._check(rule, event, record, area_rec, region_key, region_before, session)
            if candidate is not None:
                candidates.append(candidate)

        alerts: list[Alert] = []
        for candidate in candidates:
            previous = record["lv"].get(candidate.rule.name, 0)
            if candidate.level <= previous:
                continue
            record["lv"][candidate.rule.name] = candidate.level
            alerts.append(self._alert(candidate, event))
        record["out"] = [a.model_dump(mode="json") for a in alerts] or None
        session.set(inc_key, record)
        session.commit()
        return alerts

    def forget(self, incident_id: str) -> None:
        """Drop an incident retired by a merge: its state and its contribution to area counts.

        Call it after evaluating the survivor's upsert, so the survivor inherits the levels the
        retired incident already raised (no second alert about the same real-world event).
        """
        session = _Session(self.store)
        inc_key = f"i|{incident_id}"
        record = session.get(inc_key)
        if record is None:
            return
        self._remove_contribution(session, record)
        session.delete(inc_key)
        session.commit()

    # ------------------------------------------------------------------ state upkeep

    def _snapshot(self, region: dict[str, Any] | None, event: EnrichedEvent) -> dict[str, Any] | None:
        """The parts of an admin1 history the incident's own contribution is about to change."""
        if region is None:
            return None
        admin2 = _norm(event.location.admin2) if event.location.admin2 else None
        return {
            "a2": {admin2: region["a2"][admin2]} if admin2 in region["a2"] else {},
            "act": {n: region["act"][n] for n in self._actor_names(event) if n in region["act"]},
        }

    def _expired(self, day: date, area_rec: dict[str, Any]) -> bool:
        return (_day(area_rec["wm"]) - day).days > self.rules.incident_retention_days

    def _inherit_levels(self, session: _Session, record: dict[str, Any], superseded: Iterable[str]) -> None:
        for old_id in superseded:
            old = session.get(f"i|{old_id}")
            if old is None:
                continue
            for rule, level in old["lv"].items():
                record["lv"][rule] = max(record["lv"].get(rule, 0), level)

    def _index_incident(self, session: _Session, area: str, day: date, incident_id: str) -> None:
        key = f"x|{area}|{_iso(day)}"
        ids = session.get(key) or []
        if incident_id not in ids:
            session.set(key, [*ids, incident_id])

    def _touch_area(self, session: _Session, area: str, day: date) -> dict[str, Any]:
        key = f"a|{area}"
        text = _iso(day)
        rec = session.get(key)
        changed = rec is None
        if rec is None:
            rec = {"since": text, "wm": text, "a1": {}, "idx": []}
        if text < rec["since"]:
            rec["since"], changed = text, True
        if text not in rec["idx"]:
            rec["idx"], changed = sorted([*rec["idx"], text]), True
        if text > rec["wm"]:
            # The area's event-time clock advanced: expire what fell out of every lookback.
            rec["wm"], changed = text, True
            self._expire(session, area, rec)
        if changed:
            session.set(key, rec)
        return rec

    def _expire(self, session: _Session, area: str, rec: dict[str, Any]) -> None:
        """Drop incident records and admin1 histories that fell out of every lookback."""
        wm = _day(rec["wm"])
        incident_cutoff = _iso(wm - timedelta(days=self.rules.incident_retention_days))
        keep: list[str] = []
        for day in rec["idx"]:
            if day >= incident_cutoff:
                keep.append(day)
                continue
            index_key = f"x|{area}|{day}"
            for incident_id in session.get(index_key) or []:
                session.delete(f"i|{incident_id}")
            session.delete(index_key)
        rec["idx"] = keep
        history_cutoff = _iso(wm - timedelta(days=self._history_days))
        for admin1, last in list(rec["a1"].items()):
            if last < history_cutoff:
                session.delete(f"r|{area}|{admin1}")
                del rec["a1"][admin1]

    def _region(self, session: _Session, region_key: str, admin1: str) -> dict[str, Any]:
        region = session.get(region_key)
        if region is None:
            region = {"name": admin1, "a2": {}, "act": {}, "days": {}, "esc": {}}
        return region

    def _apply_contribution(
        self,
        session: _Session,
        record: dict[str, Any],
        event: EnrichedEvent,
        area: str,
        region_key: str | None,
        admin1: str | None,
    ) -> None:
        """Move this incident's contribution to admin1 history from its previous version to this one."""
        self._remove_contribution(session, record)
        record["d"] = _iso(event.event_date)
        if region_key is None or admin1 is None:
            record["c"] = None
            return
        day = _iso(event.event_date)
        region = self._region(session, region_key, admin1)
        counted = event.event_type in HISTORY_EVENT_TYPES
        killed = event.casualties.killed if counted else 0
        if counted and self._keep_days["days"]:
            n, k = region["days"].get(day, [0, 0])
            region["days"][day] = [n + 1, k + killed]
        else:
            counted, killed = False, 0
        admin2 = event.location.admin2
        if admin2 and event.event_type in HISTORY_EVENT_TYPES and self._keep_days["a2"]:
            a2 = _norm(admin2)
            region["a2"][a2] = max(region["a2"].get(a2, day), day)
        if self._keep_days["act"]:
            for name in self._actor_names(event):
                region["act"][name] = max(region["act"].get(name, day), day)
        record["c"] = [region_key, day, 1 if counted else 0, killed] if counted else None
        self._prune_region(session, area, region)
        session.set(region_key, region)
        area_rec = session.get(f"a|{area}")
        a1 = _norm(admin1)
        if area_rec is not None and area_rec["a1"].get(a1, "") < day:
            area_rec["a1"][a1] = day
            session.set(f"a|{area}", area_rec)

    def _remove_contribution(self, session: _Session, record: dict[str, Any]) -> None:
        contribution = record.get("c")
        if not contribution:
            return
        region_key, day, n, k = contribution
        region = session.get(region_key)
        record["c"] = None
        if region is None or day not in region["days"]:
            return
        n0, k0 = region["days"][day]
        n1, k1 = max(0, n0 - n), max(0, k0 - k)
        if n1 == 0 and k1 == 0:
            del region["days"][day]
        else:
            region["days"][day] = [n1, k1]
        session.set(region_key, region)

    def _prune_region(self, session: _Session, area: str, region: dict[str, Any]) -> None:
        area_rec = session.get(f"a|{area}")
        if area_rec is None:
            return
        wm = area_rec["wm"]
        if region.get("p") == wm:
            return  # already pruned at this point of the area's clock
        region["p"] = wm
        for field in ("a2", "act", "days"):
            cutoff = _iso(_day(wm) - timedelta(days=self._keep_days[field]))
            region[field] = {k: v for k, v in region[field].items() if (v if field != "days" else k) >= cutoff}
        region["esc"] = {k: v for k, v in region["esc"].items() if v[1] >= wm}

    # ------------------------------------------------------------------ rules

    def _actor_names(self, event: EnrichedEvent) -> list[str]:
        seen: list[str] = []
        for actor in event.actors:
            if actor.name not in seen:
                seen.append(actor.name)
        return seen

    def _applies(self, rule: Rule, event: EnrichedEvent) -> bool:
        if rule.countries and area_of(event) not in rule.countries:
            return False
        if rule.event_types and event.event_type not in rule.event_types:
            return False
        if rule.max_event_age_days is not None:
            age = (event.updated_at.date() - event.event_date).days
            if age > rule.max_event_age_days:
                return False
        return True

    def _check(
        self,
        rule: Rule,
        event: EnrichedEvent,
        record: dict[str, Any],
        area_rec: dict[str, Any],
        region_key: str | None,
        region_before: dict[str, Any] | None,
        session: _Session,
    ) -> _Candidate | None:
        if isinstance(rule, FatalitiesRule):
            return self._count_rule(rule, rule.levels, event.casualties.killed, "killed", event)
        if isinstance(rule, MassAbductionRule):
            return self._count_rule(rule, rule.levels, event.casualties.abducted, "abducted", event)
        if isinstance(rule, WatchedPlaceRule):
            return self._watched_place(rule, event)
        if isinstance(rule, QuietAreaRule):
            return self._quiet_area(rule, event, area_rec, region_before)
        if isinstance(rule, NewActorRule):
            return self._new_actor(rule, event, area_rec, region_before)
        if isinstance(rule, EscalationRule):
            return self._escalation(rule, event, record, area_rec, region_key, session)
        if isinstance(rule, DeathTollRevisionRule):
            return self._revision(rule, event, record)
        raise TypeError(f"unknown rule kind: {type(rule).__name__}")  # pragma: no cover - union is closed

    def _count_rule(
        self, rule: Rule, levels: list[CountLevel], value: int, noun: str, event: EnrichedEvent
    ) -> _Candidate | None:
        reached = [level for level in levels if value >= level.min]
        if not reached:
            return None
        top = reached[-1]
        title = f"{value} {noun}: {_what(event)} in {_where_short(event)}"
        reason = f"{value} {noun} (threshold {top.min}, level {len(reached)} of {len(levels)})."
        return _Candidate(rule, len(reached), top.severity or rule.severity, title, reason)

    def _watched_place(self, rule: WatchedPlaceRule, event: EnrichedEvent) -> _Candidate | None:
        loc = event.location
        if loc.latitude is None or loc.longitude is None:
            return None
        if loc.geo_precision is not None and loc.geo_precision > rule.max_geo_precision:
            return None
        best: tuple[float, Any] | None = None
        for place in rule.all_places:
            # A degree of latitude is ~111 km everywhere: most places are ruled out without trigonometry.
            if abs(loc.latitude - place.lat) * 111.0 > place.radius_km:
                continue
            distance = haversine_km(loc.latitude, loc.longitude, place.lat, place.lon)
            if distance <= place.radius_km and (best is None or distance < best[0]):
                best = (distance, place)
        if best is None:
            return None
        distance, place = best
        title = f"{_what(event)} {distance:.0f} km from {place.name}: {_where_short(event)}"
        reason = f"Located {distance:.1f} km from watched place {place.name} (radius {place.radius_km:g} km)."
        return _Candidate(rule, 1, place.severity or rule.severity, title, reason)

    def _quiet_area(
        self, rule: QuietAreaRule, event: EnrichedEvent, area_rec: dict[str, Any], region_before: dict[str, Any] | None
    ) -> _Candidate | None:
        admin2 = event.location.admin2
        if not admin2 or not event.location.admin1:
            return None
        day = event.event_date
        if (day - _day(area_rec["since"])).days < rule.required_history_days:
            return None  # not watched long enough to tell a quiet area from an unknown one
        last_text = (region_before or {}).get("a2", {}).get(_norm(admin2))
        if last_text is not None:
            gap = (day - _day(last_text)).days
            if gap < rule.quiet_days:
                return None
            quiet = f"the first in {gap} days (previous {last_text})"
        else:
            quiet = f"the first since monitoring began ({area_rec['since']})"
        title = f"Violence in a quiet area: {_what(event)} in {admin2} ({event.location.admin1}, {_country(event)})"
        reason = f"Incident in {admin2} ({event.location.admin1}) is {quiet}; quiet threshold {rule.quiet_days} days."
        return _Candidate(rule, 1, rule.severity, title, reason)

    def _new_actor(
        self, rule: NewActorRule, event: EnrichedEvent, area_rec: dict[str, Any], region_before: dict[str, Any] | None
    ) -> _Candidate | None:
        admin1 = event.location.admin1
        if not admin1:
            return None
        day = event.event_date
        if (day - _day(area_rec["since"])).days < rule.min_history_days:
            return None
        seen = (region_before or {}).get("act", {})
        cutoff = _iso(day - timedelta(days=rule.lookback_days))
        new = [
            name
            for name in self._actor_names(event)
            if not any(p.search(name) for p in self._ignore[rule.name]) and seen.get(name, "") < cutoff
        ]
        if not new:
            return None
        names = ", ".join(new)
        title = f"New actor in {admin1} ({_country(event)}): {names}"
        reason = f"{names} not seen in {admin1} in the previous {rule.lookback_days} days."
        return _Candidate(rule, 1, rule.severity, title, reason)

    def _escalation(
        self,
        rule: EscalationRule,
        event: EnrichedEvent,
        record: dict[str, Any],
        area_rec: dict[str, Any],
        region_key: str | None,
        session: _Session,
    ) -> _Candidate | None:
        admin1 = event.location.admin1
        if region_key is None or not admin1 or event.event_type not in HISTORY_EVENT_TYPES:
            return None
        day = event.event_date
        if (_day(area_rec["wm"]) - day).days >= rule.window_days:
            return None  # a late report of an old incident says nothing about escalation now
        if rule.require_full_baseline and (day - _day(area_rec["since"])).days < rule.history_days() - 1:
            return None
        region = session.get(region_key)
        if region is None:
            return None
        column = 0 if rule.metric == "incidents" else 1
        window_start = day - timedelta(days=rule.window_days - 1)
        # ISO dates compare as strings: no parsing in this loop over the area's days.
        end, start, base = _iso(day), _iso(window_start), _iso(window_start - timedelta(days=rule.baseline_days))
        current = baseline = 0
        for text, counts in region["days"].items():
            if start <= text <= end:
                current += counts[column]
            elif base <= text < start:
                baseline += counts[column]
        if current < rule.min_count:
            return None
        per_window = baseline * rule.window_days / rule.baseline_days
        ratio = current / max(per_window, rule.min_baseline)
        reached = [level for level in rule.levels if ratio >= level.ratio]
        if not reached:
            return None
        level = len(reached)
        # One alert per admin1 area and level per episode (window_days), not one per incident in it.
        episode_level, until = region["esc"].get(rule.name, [0, ""])
        if until >= _iso(day) and level <= episode_level:
            return None
        region["esc"][rule.name] = [level, _iso(day + timedelta(days=rule.window_days))]
        session.set(region_key, region)
        noun = "incidents" if rule.metric == "incidents" else "killed"
        title = (
            f"Escalation in {admin1} ({_country(event)}): {current} {noun} in {rule.window_days} days, "
            f"{ratio:.1f}x the usual"
        )
        reason = (
            f"{current} {noun} in {admin1} from {_iso(window_start)} to {_iso(day)} against "
            f"{per_window:.1f} per {rule.window_days} days over the previous {rule.baseline_days} days "
            f"(ratio {ratio:.1f} >= {reached[-1].ratio:g})."
        )
        return _Candidate(rule, level, reached[-1].severity or rule.severity, title, reason)

    def _revision(self, rule: DeathTollRevisionRule, event: EnrichedEvent, record: dict[str, Any]) -> _Candidate | None:
        killed = event.casualties.killed
        reference = record["rv"].get(rule.name)
        if reference is None:
            if killed >= rule.min_previous:
                record["rv"][rule.name] = killed
            return None
        if killed >= rule.factor * reference and killed >= reference + rule.min_increase:
            record["rv"][rule.name] = killed
            level = record["lv"].get(rule.name, 0) + 1
            title = f"Death toll revised to {killed} (from {reference}): {_what(event)} in {_where_short(event)}"
            reason = f"Death toll revised from {reference} to {killed} (factor {rule.factor:g}, +{rule.min_increase})."
            return _Candidate(rule, level, rule.severity, title, reason)
        if killed < reference:
            # A downward correction lowers the reference; below min_previous the next toll becomes it.
            if killed >= rule.min_previous:
                record["rv"][rule.name] = killed
            else:
                del record["rv"][rule.name]
        return None

    # ------------------------------------------------------------------ alert text

    def _alert(self, candidate: _Candidate, event: EnrichedEvent) -> Alert:
        loc = event.location
        labels = {
            "rule": candidate.rule.name,
            "severity": candidate.severity.value,
            "country": loc.country or loc.iso3 or "unknown",
            "iso3": area_of(event),
            "admin1": loc.admin1 or "unknown",
            "event_type": event.event_type.value,
            "incident_id": event.incident_id,
        }
        return Alert(
            alert_id=alert_id_for(candidate.rule.name, event.incident_id),
            rule=candidate.rule.name,
            severity=candidate.severity,
            level=candidate.level,
            incident_id=event.incident_id,
            incident_version=event.version,
            title=candidate.title,
            summary=f"{candidate.reason} {describe_incident(event)}",
            labels=labels,
            raised_at=event.updated_at,
        )


# ---------------------------------------------------------------------- human text


def _country(event: EnrichedEvent) -> str:
    return event.location.country or event.location.iso3 or "unknown country"


def _what(event: EnrichedEvent) -> str:
    return str(event.sub_event_type.value)


def _where_short(event: EnrichedEvent) -> str:
    loc = event.location
    parts = [p for p in (loc.name, loc.admin1) if p]
    parts = list(dict.fromkeys(parts))
    place = ", ".join(parts) if parts else "unknown location"
    return f"{place} ({_country(event)})"


def _when(event: EnrichedEvent) -> str:
    if event.date_precision is DatePrecision.DAY:
        return f"on {event.event_date.isoformat()}"
    if event.date_precision is DatePrecision.WEEK:
        return f"in the week of {event.event_date.isoformat()}"
    return f"in {event.event_date.strftime('%B %Y')}"


def describe_incident(event: EnrichedEvent) -> str:
    """One paragraph for humans: what, who, where, when, how many, sources."""
    loc = event.location
    where = ", ".join(dict.fromkeys(p for p in (loc.name, loc.admin2, loc.admin1, loc.country or loc.iso3) if p))
    actors = [a.name for a in event.actors]
    who = f" involving {', '.join(actors)}" if actors else ""
    cas = event.casualties
    counts = [f"{n} {word}" for n, word in ((cas.killed, "killed"), (cas.wounded, "wounded"),
                                              (cas.abducted, "abducted"), (cas.arrested, "arrested")) if n]
    how_many = "; ".join(counts) if counts else "no casualties reported"
    outlets = sorted({s.outlet for s in event.sources if s.outlet})
    sources = f"{event.source_count} independent source{'s' if event.source_count != 1 else ''}"
    if outlets:
        sources += f" ({', '.join(outlets[:5])}{', ...' if len(outlets) > 5 else ''})"
    text = (
        f"{event.sub_event_type.value} ({event.event_type.value}){who} at {where or 'unknown location'} "
        f"{_when(event)}: {how_many}. Reported by {sources}. Incident {event.incident_id} v{event.version}."
    )
    if event.summary:
        text += f" {event.summary}"
    return text
