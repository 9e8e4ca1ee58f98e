"""End-to-end extraction on articles written for these tests."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from models import Article
from models.event import ActorRole, DatePrecision, EventType, SubEventType
from streams.extract.pipeline import candidate_incident_id, detect_language, extract_incidents, split_sentences

JNIM = "JNIM: Group for Support of Islam and Muslims"

KATI = (
    "BAMAKO, Mali — Attackers detonated two car bombs on Friday near the main military base in Kati, a garrison "
    "town just outside the capital Bamako, killing one soldier, the army said. Six people were wounded, and seven "
    "of the assailants were killed while eight others were arrested, according to an army statement. The "
    "al-Qaeda-linked JNIM said in a statement that its Katiba Macina unit carried out the attack in response to "
    "the presence of Russia's Wagner Group in Mali."
)


def _article(text: str, published: datetime, **kw: object) -> Article:
    return Article(id=kw.pop("id", "a1"), text=text, published_at=published, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def kati() -> list:
    return extract_incidents(_article(KATI, datetime(2022, 7, 23, 10, tzinfo=timezone.utc), url="https://example.org/k"))


def test_kati_single_incident_with_type_date_place(kati: list) -> None:
    assert len(kati) == 1
    ev = kati[0]
    assert ev.event_date == date(2022, 7, 22) and ev.date_precision is DatePrecision.DAY
    assert ev.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE
    assert ev.sub_event_type is SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED
    loc = ev.location
    assert (loc.name, loc.admin1, loc.country, loc.iso3) == ("Kati", "Koulikoro", "Mali", "MLI")
    assert abs(loc.latitude - 12.74) < 0.05 and abs(loc.longitude + 8.07) < 0.05


def test_kati_actors_and_claim(kati: list) -> None:
    ev = kati[0]
    a1 = next(a for a in ev.actors if a.role is ActorRole.ACTOR1)
    a2 = next(a for a in ev.actors if a.role is ActorRole.ACTOR2)
    assert a1.name == JNIM and a1.unit == "Katiba Macina" and "al-Qaeda" in a1.affiliations
    assert a2.name == "Military Forces of Mali"
    assert all("Wagner" not in a.name for a in ev.actors)
    assert "Wagner" not in (ev.location.name or "")
    assert ev.claimed_by == [JNIM]
    assert "car bomb" in ev.weapons


def test_kati_casualties(kati: list) -> None:
    cas = kati[0].casualties
    assert (cas.killed, cas.wounded, cas.arrested) == (8, 6, 8)
    by_side = {s.side: s for s in cas.by_side}
    assert by_side["Military Forces of Mali"].killed == 1
    assert by_side[JNIM].killed == 7


def test_kati_record_fields(kati: list) -> None:
    ev = kati[0]
    assert ev.incident_id == candidate_incident_id("a1", 0)
    assert ev.first_seen == ev.updated_at == datetime(2022, 7, 23, 10, tzinfo=timezone.utc)
    assert ev.source_count == 1 and ev.sources[0].url == "https://example.org/k"
    assert 0.5 <= ev.confidence <= 1
    assert ev.summary and ev.summary not in KATI and len(ev.summary) < 200


def test_no_event_returns_empty() -> None:
    text = "The central bank kept its interest rate unchanged on Tuesday, citing easing inflation in the region."
    assert extract_incidents(_article(text, datetime(2023, 3, 1, tzinfo=timezone.utc))) == []


def test_background_incident_not_reported_as_new() -> None:
    text = (
        "Gunmen killed four villagers in Tillaberi, Niger, on Sunday, local officials said. "
        "In 2019, a similar attack on a military camp in Inates killed 71 soldiers."
    )
    events = extract_incidents(_article(text, datetime(2023, 5, 9, tzinfo=timezone.utc)))
    assert len(events) == 1
    ev = events[0]
    assert ev.casualties.killed == 4
    assert ev.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS
    assert [a.name for a in ev.actors if a.role is ActorRole.ACTOR2] == ["Civilians (Niger)"]


def test_two_dated_incidents_are_split_main_first() -> None:
    text = (
        "On 3 May 2021, suspected JNIM militants ambushed a Malian army patrol near Boni, killing three soldiers. "
        "On 5 May 2021, unknown gunmen abducted two traders near Douentza."
    )
    events = extract_incidents(_article(text, datetime(2021, 5, 6, tzinfo=timezone.utc)))
    assert len(events) == 2
    assert events[0].event_date == date(2021, 5, 3) and events[0].casualties.killed == 3
    assert events[1].event_date == date(2021, 5, 5)
    assert events[0].incident_id != events[1].incident_id


def test_french_article() -> None:
    text = (
        "Des hommes armés non identifiés ont attaqué mardi le village de Solhan, dans le nord du Burkina Faso, "
        "tuant sept civils, selon des sources locales."
    )
    events = extract_incidents(_article(text, datetime(2021, 6, 10, tzinfo=timezone.utc)))
    assert events
    ev = events[0]
    assert ev.casualties.killed == 7
    names = {a.role: a.name for a in ev.actors}
    assert names[ActorRole.ACTOR1] == "Unidentified Armed Group (Burkina Faso)"
    assert names[ActorRole.ACTOR2] == "Civilians (Burkina Faso)"


def test_protest_actors() -> None:
    text = "Hundreds of protesters marched in Niamey, Niger, on Friday to demand the release of detained journalists."
    events = extract_incidents(_article(text, datetime(2022, 9, 3, tzinfo=timezone.utc)))
    assert events and events[0].event_type is EventType.PROTESTS
    assert events[0].actors[0].name == "Protesters (Niger)"
    assert events[0].casualties.killed == 0


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Les hommes armés ont attaqué le village et tué des civils dans la nuit.", "fr"),
        ("Gunmen attacked the village and killed several people in the night.", "en"),
        ("Uomini armati hanno attaccato il villaggio e sono stati uccisi dei civili nella notte.", "it"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_split_sentences_keeps_abbreviations() -> None:
    spans = split_sentences("Gen. Diarra said the U.S. was not involved. Soldiers arrived later.")
    assert len(spans) == 2


def test_incident_id_is_deterministic() -> None:
    assert candidate_incident_id("x", 0) == candidate_incident_id("x", 0) != candidate_incident_id("x", 1)
    assert candidate_incident_id("x", 0).startswith("inc-") and len(candidate_incident_id("x", 0)) == 20
