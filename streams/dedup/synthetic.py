"""Synthetic incident candidates for tests and the benchmark (no extraction involved).

Owns ``make_candidate`` (one hand-described report, as the extractor would emit it) and
``generate_stream`` (a long, realistic-looking stream for ``incidents bench dedup``).
Everything is deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from models import (
    Actor,
    ActorRole,
    Casualties,
    DatePrecision,
    EnrichedEvent,
    EventType,
    IncidentCandidate,
    Location,
    SideCasualties,
    Source,
    SubEventType,
    SUB_EVENT_TYPES,
)
from streams.dedup.nearcopy import text_signature


def candidate_id(article_id: str, index: int = 0) -> str:
    """The extractor's candidate id: "inc-" + blake2b(article_id \\x1f index, 8 bytes)."""
    return "inc-" + hashlib.blake2b(f"{article_id}\x1f{index}".encode(), digest_size=8).hexdigest()


def _utc(value: datetime | date | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def make_candidate(
    article_id: str,
    *,
    published: datetime | date | str,
    event_date: date | str | None = None,
    precision: DatePrecision = DatePrecision.DAY,
    event_type: EventType = EventType.VIOLENCE_AGAINST_CIVILIANS,
    sub_event_type: SubEventType | None = None,
    iso3: str | None = "NGA",
    place: str | None = None,
    admin1: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    geo_precision: int | None = 1,
    actor1: str | None = None,
    actor1_affiliations: Sequence[str] = (),
    actor2: str | None = None,
    killed: int = 0,
    wounded: int = 0,
    abducted: int = 0,
    by_side: Sequence[SideCasualties] = (),
    weapons: Sequence[str] = (),
    claimed_by: Sequence[str] = (),
    confidence: float = 0.6,
    text: str | None = None,
    signature: Sequence[int] | None = None,
    index: int = 0,
    is_main: bool | None = None,
    outlet: str | None = None,
    summary: str | None = None,
) -> IncidentCandidate:
    """One single-article candidate, shaped like the extractor's output (version 1, one source)."""
    published_at = _utc(published)
    day = date.fromisoformat(event_date) if isinstance(event_date, str) else (event_date or published_at.date())
    actors = []
    if actor1:
        actors.append(Actor(name=actor1, role=ActorRole.ACTOR1, affiliations=list(actor1_affiliations)))
    if actor2:
        actors.append(Actor(name=actor2, role=ActorRole.ACTOR2))
    event = EnrichedEvent(
        incident_id=candidate_id(article_id, index),
        version=1,
        event_date=day,
        date_precision=precision,
        event_type=event_type,
        sub_event_type=sub_event_type or SUB_EVENT_TYPES[event_type][0],
        actors=actors,
        location=Location(
            name=place,
            admin1=admin1,
            iso3=iso3,
            latitude=lat,
            longitude=lon,
            geo_precision=geo_precision if (lat is not None or place) else None,
        ),
        casualties=Casualties(killed=killed, wounded=wounded, abducted=abducted, by_side=list(by_side)),
        weapons=list(weapons),
        claimed_by=list(claimed_by),
        sources=[Source(article_id=article_id, outlet=outlet, url=f"https://example.org/{article_id}",
                        published_at=published_at)],
        source_count=1,
        confidence=confidence,
        summary=summary,
        first_seen=published_at,
        updated_at=published_at,
    )
    sig = list(signature) if signature is not None else (text_signature(text) if text else [])
    return IncidentCandidate(
        area_key=iso3 or "UNK",
        event=event,
        is_main=(index == 0) if is_main is None else is_main,
        text_signature=sig,
    )


# --- benchmark stream -----------------------------------------------------------------

@dataclass(frozen=True)
class _Place:
    name: str
    admin1: str
    lat: float
    lon: float


def _places(rng: random.Random, iso3: str, count: int) -> list[_Place]:
    base_lat, base_lon = rng.uniform(-30, 40), rng.uniform(-15, 60)
    return [
        _Place(f"{iso3.title()}town{i}", f"{iso3}-R{i % 8}", base_lat + rng.uniform(-4, 4), base_lon + rng.uniform(-4, 4))
        for i in range(count)
    ]


def generate_stream(
    count: int,
    *,
    seed: int = 7,
    countries: int = 40,
    days: int = 3650,
    duplicate_rate: float = 0.45,
    copy_rate: float = 0.3,
) -> Iterator[IncidentCandidate]:
    """Exactly ``count`` candidates about incidents spread over ~``days`` days and
    ``countries`` countries, yielded lazily in publication order.

    About ``duplicate_rate`` of the candidates re-report an incident already reported
    (1-6 reports per incident, published within ~5 days); ``copy_rate`` of those are
    near-copies (the signature of an earlier report). Re-reports vary like real ones: a
    date one day off (which makes chains that only link through a third report, hence
    merges of existing incidents), a vaguer place (region only, no coordinates), a
    neighbouring event type, a revised casualty figure."""
    rng = random.Random(seed)
    codes = [f"C{i:02d}" for i in range(countries)]
    places = {code: _places(rng, code, 60) for code in codes}
    start = datetime(2010, 1, 1, tzinfo=timezone.utc)
    types = [EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS, EventType.EXPLOSIONS_REMOTE_VIOLENCE,
             EventType.PROTESTS, EventType.RIOTS]
    extra_mean = duplicate_rate / (1.0 - duplicate_rate)  # mean re-reports per incident
    step_days = days * (1.0 + extra_mean) / count  # incidents are spread evenly over the span
    pending: list[tuple[datetime, int, IncidentCandidate]] = []
    produced = serial = n = 0
    while produced < count:
        day = start + timedelta(days=step_days * n)
        n += 1
        code = rng.choice(codes)
        place = rng.choice(places[code])
        event_type = rng.choice(types)
        extra = min(5, _poisson(rng, extra_mean))
        killed = rng.randint(0, 30)
        first_signature = _fake_signature(rng)
        for r in range(1 + extra):
            serial += 1
            published = day + timedelta(hours=rng.uniform(2, 24) + 24 * rng.uniform(0, 4) * (r > 0))
            vague = r > 0 and rng.random() < 0.15
            shift = 1 if (r > 0 and rng.random() < 0.2) else 0
            kind = event_type
            if r > 0 and event_type in types[:3] and rng.random() < 0.15:
                kind = rng.choice(types[:3])
            cand = make_candidate(
                f"a{serial}",
                published=published,
                event_date=(day + timedelta(days=shift)).date(),
                event_type=kind,
                iso3=code,
                place=None if vague else place.name,
                admin1=place.admin1,
                lat=None if vague else round(place.lat + rng.uniform(-0.05, 0.05), 4),
                lon=None if vague else round(place.lon + rng.uniform(-0.05, 0.05), 4),
                geo_precision=None if vague else 1,
                killed=max(0, killed + rng.randint(-2, 3) * (r > 0)),
                confidence=round(rng.uniform(0.4, 0.8), 2),
                signature=first_signature if (r > 0 and rng.random() < copy_rate) else _fake_signature(rng),
            )
            pending.append((published, serial, cand))
        pending.sort(key=lambda item: (item[0], item[1]))
        # Release what was published before the next incident's time.
        horizon = start + timedelta(days=step_days * n)
        while pending and pending[0][0] <= horizon and produced < count:
            produced += 1
            yield pending.pop(0)[2]
    return


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; fine for small means."""
    if mean <= 0:
        return 0
    limit, k, p = pow(2.718281828459045, -mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _fake_signature(rng: random.Random) -> list[int]:
    """A random, valid signature: independent texts share (almost) no MinHash values."""
    from streams.dedup.nearcopy import NUM_PERM, SIGNATURE_VERSION

    return [SIGNATURE_VERSION, 300, *(rng.getrandbits(32) for _ in range(NUM_PERM))]
