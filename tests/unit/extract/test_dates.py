"""Table-driven tests of streams.extract.dates.resolve_event_date (texts written for the tests)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from models import DatePrecision
from streams.extract.dates import resolve_event_date

DAY, WEEK, MONTH = DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH
# Saturday 23 July 2022, 09:00 UTC.
SAT = datetime(2022, 7, 23, 9, 0, tzinfo=timezone.utc)
# Friday 22 July 2022.
FRI = datetime(2022, 7, 22, 9, 0, tzinfo=timezone.utc)
JUN25 = datetime(2022, 6, 25, 9, 0, tzinfo=timezone.utc)
JAN3 = datetime(2021, 1, 3, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # explicit dates, English and French
        ("On 14 June 2022, gunmen raided a market in the north.", SAT, (date(2022, 6, 14), DAY)),
        ("Gunmen raided a market on June 14, 2022, officials said.", SAT, (date(2022, 6, 14), DAY)),
        ("On July 2, militants ambushed a patrol near the border.", SAT, (date(2022, 7, 2), DAY)),
        ("Rebels attacked the post on 09/07/2022 at dawn.", SAT, (date(2022, 7, 9), DAY)),
        ("Le 18 juillet 2022, des hommes armés ont attaqué un village.", SAT, (date(2022, 7, 18), DAY)),
        ("Le 1er juillet, des hommes armés ont tué trois bergers.", SAT, (date(2022, 7, 1), DAY)),
        ("Il 17 luglio uomini armati hanno attaccato una chiesa.", SAT, (date(2022, 7, 17), DAY)),
        # a year-less date takes the year that puts it on or before publication
        ("On December 30, gunmen killed two herders.", JAN3, (date(2020, 12, 30), DAY)),
        # vague dates follow ACLED's time precision
        ("Around 19 July 2022 (as reported), militants burned a school.", SAT, (date(2022, 7, 19), WEEK)),
        ("Between 10 and 12 July 2022, the army clashed with rebels.", SAT, (date(2022, 7, 10), WEEK)),
        ("Overnight between 20-21 July 2022, drones struck a camp.", SAT, (date(2022, 7, 20), WEEK)),
        ("In early July 2022, militants looted several shops.", SAT, (date(2022, 7, 5), WEEK)),
        ("Between 1 and 20 June 2022, troops conducted operations.", JUN25, (date(2022, 6, 10), MONTH)),
        # relative expressions against the publication date
        ("Gunmen on Friday attacked a church, killing five.", SAT, (date(2022, 7, 22), DAY)),
        ("Gunmen on Friday attacked a church, killing five.", FRI, (date(2022, 7, 22), DAY)),
        ("Militants killed a chief on Sunday.", SAT, (date(2022, 7, 17), DAY)),
        ("Gunmen last Friday attacked a church.", FRI, (date(2022, 7, 15), DAY)),
        ("Soldiers were killed yesterday in an ambush.", SAT, (date(2022, 7, 22), DAY)),
        ("Des soldats ont été tués hier dans une embuscade.", SAT, (date(2022, 7, 22), DAY)),
        ("A bomb exploded this morning at a checkpoint.", SAT, (date(2022, 7, 23), DAY)),
        ("Des hommes armés ont attaqué le poste dans la nuit de jeudi à vendredi.", SAT, (date(2022, 7, 21), DAY)),
        ("Des hommes armés ont attaqué un camp vendredi dernier.", SAT, (date(2022, 7, 22), DAY)),
        ("Uomini armati hanno attaccato la chiesa domenica.", SAT, (date(2022, 7, 17), DAY)),
        ("Gunmen killed three farmers two days ago.", SAT, (date(2022, 7, 21), DAY)),
        ("Des hommes armés ont tué trois civils il y a deux jours.", SAT, (date(2022, 7, 21), DAY)),
        ("Rebels attacked the town last week.", SAT, (date(2022, 7, 16), WEEK)),
        ("Des rebelles ont attaqué la ville la semaine dernière.", SAT, (date(2022, 7, 16), WEEK)),
        ("Attacks on schools rose earlier this month.", SAT, (date(2022, 7, 12), MONTH)),
        # incident sentence wins over background sentences
        (
            "Three weeks after the attack on a church on June 30, gunmen on Thursday stormed a mosque, killing four.",
            SAT,
            (date(2022, 7, 21), DAY),
        ),
        (
            "In a similar raid on 2 July 2022 five people died. Gunmen on Wednesday killed two guards at a mine.",
            SAT,
            (date(2022, 7, 20), DAY),
        ),
        # the dateline date is the filing date, not the event date
        ("KIDAL, July 23 (Reuters) - Militants attacked an army post on Thursday.", SAT, (date(2022, 7, 21), DAY)),
        # old background dates do not beat the undated default
        ("The group, blamed for a massacre in March 2016, attacked a convoy.", SAT, (date(2022, 7, 22), DAY)),
        # nothing found: the day before publication
        ("Gunmen attacked a convoy, killing two drivers.", SAT, (date(2022, 7, 22), DAY)),
        # "may" as a verb is not a month
        ("Officials said the toll may rise; 3 may be missing after gunmen attacked a bus.", SAT, (date(2022, 7, 22), DAY)),
    ],
)
def test_resolve_event_date(text: str, published: datetime, expected: tuple[date, DatePrecision]) -> None:
    assert resolve_event_date(text, published) == expected


@pytest.mark.parametrize(
    ("text", "expected_day"),
    [
        ("A future date, on 30 July 2022, is ignored; gunmen attacked the camp.", date(2022, 7, 22)),
        ("On 31 February 2022 gunmen attacked the camp.", date(2022, 7, 22)),
    ],
)
def test_impossible_or_future_dates_fall_back(text: str, expected_day: date) -> None:
    assert resolve_event_date(text, SAT)[0] == expected_day


def test_language_argument_is_accepted() -> None:
    assert resolve_event_date("hier soir", SAT, language="fr") == (date(2022, 7, 22), DAY)


# --- news copy: datelines, reporting times, updates, night and week expressions --------------
# Saturday 10 October 2026 ... Thursday 15 October 2026 (texts written for these tests).
N_SAT = datetime(2026, 10, 10, 8, 0, tzinfo=timezone.utc)
N_SUN = datetime(2026, 10, 11, 8, 0, tzinfo=timezone.utc)
N_MON = datetime(2026, 10, 12, 8, 0, tzinfo=timezone.utc)
N_TUE = datetime(2026, 10, 13, 8, 0, tzinfo=timezone.utc)
N_WED = datetime(2026, 10, 14, 8, 0, tzinfo=timezone.utc)
N_THU = datetime(2026, 10, 15, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # The dateline ("Oct 10") and the statement day ("on Saturday") are reporting times;
        # the weekday of the incident clause wins.
        (
            "BAMAKO, Oct 10 (Sahel Wire) - Suspected militants attacked an army post in Boni on Friday, "
            "killing 12 soldiers, the army said in a statement on Saturday.",
            N_SAT,
            (date(2026, 10, 9), DAY),
        ),
        (
            "NIAMEY, 10 octobre 2026 (Agence) — Des assaillants ont attaqué un poste de gendarmerie jeudi, "
            "a indiqué samedi le ministère.",
            N_SAT,
            (date(2026, 10, 8), DAY),
        ),
        # a possessive weekday dates the incident it qualifies
        (
            "The death toll from Friday's raid on a cattle market has risen to 19, a district official "
            "told reporters on Monday.",
            N_MON,
            (date(2026, 10, 9), DAY),
        ),
        # night and part-of-day expressions
        ("Bandits stormed the settlement tuesday night and took 30 people away, residents said.", N_WED,
         (date(2026, 10, 13), DAY)),
        ("Insurgents shelled the barracks overnight Wednesday, a spokesman said on Thursday.", N_THU,
         (date(2026, 10, 14), DAY)),
        ("Heavy gunfire was heard overnight into Saturday around the airport.", N_SUN, (date(2026, 10, 9), DAY)),
        ("A suicide bomber struck a mosque in the early hours of Sunday, killing eight worshippers.", N_TUE,
         (date(2026, 10, 11), DAY)),
        ("Des hommes armés ont incendié le marché dans la nuit de samedi à dimanche.", N_MON,
         (date(2026, 10, 10), DAY)),
        ("Uomini armati hanno assaltato il villaggio nella notte tra sabato e domenica.", N_TUE,
         (date(2026, 10, 10), DAY)),
        # an explicit date next to its weekday
        ("Gunmen opened fire on a crowd on Sunday, October 4, killing at least 40 people.", N_TUE,
         (date(2026, 10, 4), DAY)),
        # week-level expressions
        ("Militants raided several hamlets earlier this week, officials said on Thursday.", N_THU,
         (date(2026, 10, 14), WEEK)),
        ("Des jihadistes ont attaqué une position de l'armée le week-end dernier.", N_WED,
         (date(2026, 10, 10), WEEK)),
        ("Rebels overran the district capital over the weekend, aid workers said.", N_MON,
         (date(2026, 10, 10), WEEK)),
        # a day named later inside that week says it more precisely
        ("Rebels overran the district capital over the weekend, aid workers said. The assault began on Sunday "
         "before dawn.", N_MON, (date(2026, 10, 11), DAY)),
        ("Il villaggio è stato attaccato sabato scorso, ha detto lunedì la polizia.", N_WED,
         (date(2026, 10, 10), DAY)),
        # a time stamp of the page is no event date: the undated default applies
        ("Updated: Oct 14, 2026 09:12 GMT\nGunmen killed five farmers in the district, police said.", N_WED,
         (date(2026, 10, 13), DAY)),
        # only the report is dated: ACLED codes the report date
        ("Gunmen killed five farmers in the district, police said on Monday.", N_WED, (date(2026, 10, 12), DAY)),
        # a background sentence about an older incident does not give the date
        (
            "Gunmen killed five farmers near the river, police said on Monday. Last month, 40 soldiers were "
            "killed in a similar attack on 2 October.",
            N_WED,
            (date(2026, 10, 12), DAY),
        ),
        # "said ... that X happened on <day>": the day belongs to the event
        ("Police said on Wednesday that gunmen had attacked the village on Monday.", N_THU,
         (date(2026, 10, 12), DAY)),
        # "next Friday" is no past event
        ("Protesters attacked the governor's office and vowed to return next Friday.", N_WED,
         (date(2026, 10, 13), DAY)),
        # "over the past month" is a span up to now, not a date
        ("A boy was killed by a patrol; several convoys had been attacked over the past month.", N_WED,
         (date(2026, 10, 13), DAY)),
        # lower-case English weekday without a date cue is not a date
        ("Gunmen killed a teacher at the sunday school, police said.", N_WED, (date(2026, 10, 13), DAY)),
    ],
)
def test_news_copy(text: str, published: datetime, expected: tuple[date, DatePrecision]) -> None:
    assert resolve_event_date(text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the start of this or last week: that week's Monday, week precision
        ("Des terroristes ont attaqué en début de semaine le village de Kiro, tuant dix civils.", SAT,
         (date(2022, 7, 18), WEEK)),
        ("Des hommes armés ont attaqué au début de la semaine dernière un convoi.", SAT, (date(2022, 7, 11), WEEK)),
        ("Gunmen attacked the village early last week, killing four.", SAT, (date(2022, 7, 11), WEEK)),
        ("Gunmen attacked the village early this week, killing four.", SAT, (date(2022, 7, 18), WEEK)),
    ],
)
def test_start_of_week(text: str, published: datetime, expected: tuple[date, DatePrecision]) -> None:
    assert resolve_event_date(text, published) == expected
