"""When did the incident happen: resolve an event date from article text.

This module owns ``resolve_event_date(text, published_at, language=...)``. It reads
explicit dates ("On 31 July 2020", "July 31, 2020", "31/07/2020", "le 22 juillet 2022",
"between 10 and 12 March", "in late July 2020") and relative phrases ("on Friday",
"yesterday", "hier", "la semaine dernière", "two days ago", "dans la nuit de jeudi à
vendredi") in English, French and Italian (Nigerian Pidgin uses the English words), and
resolves them against the article's publication date.

Design:
- Pure regex, compiled once at import. No dateparser in the hot path (it costs
  milliseconds per call; the pipeline budget is ~0.5 ms per article in total).
- Every date mention becomes a candidate with its position and sentence. The winner is
  the first candidate in an *incident* sentence (one with a violence verb) that is not a
  *background* sentence ("two weeks after the attack on ...", "last year", ...); failing
  that the first non-background candidate; failing that the first candidate.
- Precision follows ACLED's time_precision: a known day -> DAY; "around", a range of up
  to a week, "last week", "early/mid/late <month>" -> WEEK; a month only or a range
  longer than a week -> MONTH. Ranges are coded on their first day (ACLED practice),
  long ranges on their midpoint.
- Nothing found: the day before publication, DAY precision. Wire reports without any
  temporal expression nearly always report the previous day's events (a same-day event
  is normally flagged "today"/"this morning"); the dev set's synthetic publication date
  (event date + 1 day) encodes the same convention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from models import DatePrecision

__all__ = ["resolve_event_date", "DEFAULT_REPORTING_LAG_DAYS"]

# Days between an undated event and its report (see module docstring).
DEFAULT_REPORTING_LAG_DAYS = 1
# Year-less dates may roll back into the previous year by at most this much.
_MAX_ROLLBACK_DAYS = 120
# Mentions older than this are background unless nothing fresher exists.
_STALE_DAYS = 31

# --- vocabularies -----------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("january", "jan", "janvier", "janv", "gennaio"),
        ("february", "feb", "février", "fevrier", "févr", "fevr", "febbraio"),
        ("march", "mar", "mars", "marzo"),
        ("april", "apr", "avril", "avr", "aprile"),
        ("may", "mai", "maggio"),
        ("june", "jun", "juin", "giugno"),
        ("july", "jul", "juillet", "juil", "luglio"),
        ("august", "aug", "août", "aout", "agosto"),
        ("september", "sep", "sept", "septembre", "settembre"),
        ("october", "oct", "octobre", "ottobre"),
        ("november", "nov", "novembre"),
        ("december", "dec", "décembre", "decembre", "déc", "dicembre"),
    ),
    start=1,
):
    for _n in _names:
        _MONTHS[_n] = _num

# Monday = 0 as in date.weekday().
_WEEKDAYS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        ("monday", "lundi", "lunedì", "lunedi"),
        ("tuesday", "mardi", "martedì", "martedi"),
        ("wednesday", "mercredi", "mercoledì", "mercoledi"),
        ("thursday", "jeudi", "giovedì", "giovedi"),
        ("friday", "vendredi", "venerdì", "venerdi"),
        ("saturday", "samedi", "sabato"),
        ("sunday", "dimanche", "domenica"),
    )
):
    for _n in _names:
        _WEEKDAYS[_n] = _num

_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "un": 1, "une": 1, "deux": 2,
    "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
    "otto": 8, "nove": 9, "dieci": 10,
}  # fmt: skip


def _alt(words: list[str] | set[str] | dict[str, int]) -> str:
    # Longest first so that "sept" does not shadow "september".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


# Any word here; month names are checked with a dict look-up afterwards (a 60-way
# alternation tried at every position of the text is several times slower).
_MON = r"(?:[^\W\d_]{3,10}\.?)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|e|º)?"
_YEAR = r"(?:19|20)\d\d"
_WD = _alt(_WEEKDAYS)
_NUM = rf"(?:\d{{1,2}}|{_alt(_NUMBERS)})"

_F = re.IGNORECASE | re.UNICODE

# Ranges first: "between 10 and 12 March 2020", "from 13 - 14 June", "10-12 March",
# "overnight between 25 and 26 March", "du 10 au 12 mars", "entre le 3 et le 5 mai".
_RANGE_DM = re.compile(
    rf"(?:\b(?:between|from|du|entre(?:\s+le)?|dal|tra(?:\s+il)?)\s+)?"
    rf"\b(?P<d1>{_DAYNUM})(?:\s+(?P<m1>{_MON}))?\s*(?:-|–|and|to|au|et(?:\s+le)?|al|e)\s*"
    rf"(?P<d2>{_DAYNUM})\s+(?P<m2>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b",
    _F,
)
# "July 10-12, 2020", "between July 10 and 12"
_RANGE_MD = re.compile(
    rf"\b(?P<m1>{_MON})\s+(?P<d1>{_DAYNUM})\s*(?:-|–|and|to)\s*(?:(?P<m2>{_MON})\s+)?"
    rf"(?P<d2>{_DAYNUM})(?!\d)(?:,?\s+(?P<y>{_YEAR}))?\b",
    _F,
)
# "31 July 2020", "le 22 juillet", "1er août 2021", "31st of July"
_DMY = re.compile(
    rf"\b(?P<d>{_DAYNUM})(?:\s+of)?\s+(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?\b", _F
)
# "July 31, 2020", "November, 24", "July 31st"
_MDY = re.compile(
    rf"\b(?P<m>{_MON}),?\s+(?P<d>{_DAYNUM})(?![\d:])(?:,?\s+(?P<y>{_YEAR}))?\b", _F
)
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")
# "in early July 2020", "fin juillet", "mid-March", "début mars 2021"
_PART_MONTH = re.compile(
    rf"\b(?P<part>early|mid|late|end\s+of|beginning\s+of|start\s+of|début|debut|mi|fin|"
    rf"inizio|metà|fine)[-\s]+(?:d['e]\s*)?(?P<m>{_MON})(?:\s+(?P<y>{_YEAR}))?\b",
    _F,
)
# "in July 2020", "en juillet 2021", "July 2020"
_MONTH_YEAR = re.compile(rf"\b(?P<m>{_MON})\s+(?P<y>{_YEAR})\b", _F)

# Relative expressions.
_NIGHT_FR = re.compile(
    rf"\bnuit\s+(?:de\s+|du\s+)?(?P<w1>{_WD})\s+(?:à|au|a)\s+(?P<w2>{_WD})\b", _F
)
_NIGHT_EN = re.compile(rf"\b(?:night|overnight)\s+(?:of\s+|from\s+)?(?P<w1>{_WD})\s+(?:to|into)\s+(?P<w2>{_WD})\b", _F)
_LAST_WD = re.compile(
    rf"\b(?:last\s+(?P<w1>{_WD})|(?P<w2>{_WD})\s+(?:dernier|scorso)|(?:lo\s+)?scorso\s+(?P<w3>{_WD}))\b", _F
)
_WEEKDAY = re.compile(rf"\b(?P<w>{_WD})\b", _F)
# Substrings shared by every weekday name (EN "-day", FR "lundi".."dimanche", IT "-dì"/"sabato"/"domenica").
_WEEKDAY_STEMS = ("day", "di", "dì", "sabato", "domenica")
_HAS_DIGIT = re.compile(r"\d")
_AGO = re.compile(
    rf"\b(?:(?P<n1>{_NUM})\s+(?P<u1>days?|weeks?)\s+ago|il\s+y\s+a\s+(?P<n2>{_NUM})\s+(?P<u2>jours?|semaines?)|"
    rf"(?P<n3>{_NUM})\s+(?P<u3>giorni|giorno|settimane|settimana)\s+fa)\b",
    _F,
)
_YESTERDAY = re.compile(r"\b(?:the\s+day\s+before\s+yesterday|yesterday|avant-hier|hier|l'altro\s+ieri|ieri)\b", _F)
_TODAY = re.compile(
    r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|aujourd'hui|aujourd’hui|ce\s+matin|"
    r"cet\s+après-midi|ce\s+soir|oggi|stamattina|stamani|stasera)\b",
    _F,
)
_LAST_NIGHT = re.compile(
    r"\b(?:last\s+night|overnight|late\s+on\s+\w+\s+night|la\s+nuit\s+dernière|cette\s+nuit|"
    r"dans\s+la\s+nuit|stanotte|ieri\s+sera|ieri\s+notte)\b",
    _F,
)
_LAST_WEEK = re.compile(
    r"\b(?:last\s+week|earlier\s+this\s+week|this\s+week|la\s+semaine\s+derni[eè]re|cette\s+semaine|"
    r"la\s+settimana\s+scorsa|questa\s+settimana)\b",
    _F,
)
_THIS_MONTH = re.compile(
    r"\b(?:earlier\s+this\s+month|this\s+month|plus\s+tôt\s+ce\s+mois|ce\s+mois|début\s+du\s+mois|"
    r"questo\s+mese)\b",
    _F,
)
_LAST_MONTH = re.compile(r"\b(?:last\s+month|le\s+mois\s+dernier|il\s+mese\s+scorso)\b", _F)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“«(])|\n+")
_INCIDENT = re.compile(
    r"\b(?:kill|attack|ambush|clash|explo|detonat|bomb|shoot|shot|fire[ds]?\b|abduct|kidnap|raid|"
    r"storm|assault|strik|struck|shell|loot|burn|protest|demonstrat|riot|arrest|execut|massacr|"
    r"fought|fight|wound|injur|dead|died|seiz|captur|"
    r"tu[ée]|attaqu|embusc|affront|explos|enlev|enlèv|bless|mort|incendi|manifest|arrêt|frapp|"
    r"uccis|attacc|esplos|ferit|morti|rapit|scontr)",
    _F,
)
_BACKGROUND = re.compile(
    r"\b(?:(?:weeks?|months?|days?|years?)\s+(?:after|before|since)|after\s+(?:the|an?)\s+(?:earlier|previous|similar)|"
    r"last\s+year|previous(?:ly)?|earlier\s+attack|in\s+a\s+similar|recalled|anniversary|since\s+(?:the|last)|"
    r"(?:semaines?|mois|jours?|ans?)\s+après|l'an\s+dernier|l'année\s+dernière|précédent|rappel|"
    r"settimane\s+dopo|l'anno\s+scorso|in\s+\d{4},)",
    _F,
)
# "BAMAKO, July 23 (Reuters) -": the dateline date is the filing date, not the event's.
_DATELINE_AFTER = re.compile(r"\s*(?:\((?:Reuters|AFP|AP|Xinhua|AA|UPI|dpa|ANSA|Anadolu)\)|[-–—]\s)")
_DATELINE_BEFORE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]*)?,\s*$")
_AROUND_BEFORE = re.compile(
    r"(?:around|about|approximately|circa|on\s+or\s+around|vers\s+le|aux\s+alentours\s+du|autour\s+du|"
    r"intorno\s+al|\[and\s+around\]|and\s+around|as\s+reported\s+on|reported\s+on)\s*$",
    _F,
)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    day: date
    precision: DatePrecision


def _infer_year(month: int, day: int, ref: date) -> int | None:
    """Year that puts (month, day) on or before ``ref`` (the latest such year).

    Rolling back into the previous year is allowed only for recent dates ("December 28"
    in a 3 January article): a year-less date months away is more likely a later date
    ("JNIM claimed the attack on October 17" in an early-October report) or a slip.
    """
    for year in (ref.year, ref.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 Feb in a non-leap year
        if candidate <= ref:
            return year if (ref - candidate).days <= _MAX_ROLLBACK_DAYS or year == ref.year else None
    return None


def _make(year: str | None, month: int, day: int, ref: date) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        y = _infer_year(month, day, ref)
        return date(y, month, day) if y else None
    except ValueError:
        return None


def _daynum(token: str) -> int:
    return int(re.match(r"\d+", token).group())  # type: ignore[union-attr]


def _month(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")]


def _is_month(token: str | None) -> bool:
    return token is None or token.lower().rstrip(".") in _MONTHS


def _most_recent_weekday(weekday: int, ref: date, *, strictly_before: bool) -> date:
    delta = (ref.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return ref - timedelta(days=delta)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


def _explicit_mentions(text: str, ref: date) -> list[_Mention]:
    out: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    if not _HAS_DIGIT.search(text):
        return out  # every explicit form has a day or a year

    def add(m: re.Match[str], d: date | None, prec: DatePrecision) -> None:
        taken.append(m.span())
        if d is None:
            return
        before = text[max(0, m.start() - 40) : m.start()]
        if m.start() < 80 and _DATELINE_BEFORE.match(text[: m.start()]) and _DATELINE_AFTER.match(text, m.end()):
            return  # dateline: filing date, not the event date
        if prec is DatePrecision.DAY and _AROUND_BEFORE.search(before):
            prec = DatePrecision.WEEK
        out.append(_Mention(m.start(), m.end(), d, prec))

    for rx in (_RANGE_DM, _RANGE_MD):
        for m in rx.finditer(text):
            if _overlaps(*m.span(), taken) or not (_is_month(m["m1"]) and _is_month(m["m2"])):
                continue
            m2 = _month(m["m2"]) if m["m2"] else _month(m["m1"])
            m1 = _month(m["m1"]) if m["m1"] else m2
            d1, d2 = _daynum(m["d1"]), _daynum(m["d2"])
            end = _make(m["y"], m2, d2, ref)
            start = None
            if end is not None:
                y1 = end.year - 1 if m1 > m2 else end.year
                start = _make(str(y1), m1, d1, ref)
            if start is None or end is None or not (0 <= (end - start).days <= 62):
                taken.append(m.span())
                continue
            if (end - start).days > 7:
                add(m, start + (end - start) / 2, DatePrecision.MONTH)
            else:
                add(m, start, DatePrecision.WEEK)
    for m in _ISO.finditer(text):
        if not _overlaps(*m.span(), taken):
            add(m, _make(m["y"], int(m["m"]), int(m["d"]), ref), DatePrecision.DAY)
    for m in _NUMERIC.finditer(text):
        if _overlaps(*m.span(), taken):
            continue
        a, b, y = int(m["a"]), int(m["b"]), m["y"]
        y = y if len(y) == 4 else str(2000 + int(y))
        # Day-first (international and French usage) unless impossible.
        day_, mon = (a, b) if b <= 12 else (b, a)
        add(m, _make(y, mon, day_, ref) if mon <= 12 else None, DatePrecision.DAY)
    for rx in (_DMY, _MDY):
        for m in rx.finditer(text):
            if _overlaps(*m.span(), taken) or not _is_month(m["m"]):
                continue
            mon_tok = m["m"]
            # "may" / "mar" are also ordinary words: lower-case needs a year to count.
            if mon_tok in ("may", "mar") and not m["y"]:
                continue
            add(m, _make(m["y"], _month(mon_tok), _daynum(m["d"]), ref), DatePrecision.DAY)
    for m in _PART_MONTH.finditer(text):
        if _overlaps(*m.span(), taken) or not _is_month(m["m"]):
            continue
        part = m["part"].lower()
        dom = 5 if part in ("early", "beginning of", "start of", "début", "debut", "inizio") else (
            15 if part in ("mid", "mi", "metà") else 25
        )
        add(m, _make(m["y"], _month(m["m"]), dom, ref), DatePrecision.WEEK)
    for m in _MONTH_YEAR.finditer(text):
        if _overlaps(*m.span(), taken) or not _is_month(m["m"]):
            continue
        d = _make(m["y"], _month(m["m"]), 15, ref)
        if d is not None and d > ref:
            d = _make(m["y"], _month(m["m"]), 1, ref)
        add(m, d, DatePrecision.MONTH)
    return out


def _relative_mentions(text: str, ref: date, taken: list[tuple[int, int]]) -> list[_Mention]:
    out: list[_Mention] = []

    explicit_starts = [s for s, _ in taken]

    def add(m: re.Match[str], d: date, prec: DatePrecision) -> None:
        taken.append(m.span())
        # "Overnight between 20-21 July", "yesterday, 21 July": the explicit date says it.
        if any(0 <= s - m.end() <= 20 for s in explicit_starts):
            return
        out.append(_Mention(m.start(), m.end(), d, prec))

    low = text.lower()
    # Cheap substring tests first: most texts have no relative expression at all, and
    # `in` on a str is far cheaper than running a regex over it.
    has_weekday = any(w in low for w in _WEEKDAY_STEMS)
    for rx in (_NIGHT_FR, _NIGHT_EN) if has_weekday and ("night" in low or "nuit" in low) else ():
        for m in rx.finditer(text):
            if _overlaps(*m.span(), taken):
                continue
            end_day = _most_recent_weekday(_WEEKDAYS[m["w2"].lower()], ref, strictly_before=False)
            start_wd = _WEEKDAYS[m["w1"].lower()]
            add(m, end_day - timedelta(days=(end_day.weekday() - start_wd) % 7 or 1), DatePrecision.DAY)
    for m in _LAST_WD.finditer(text) if has_weekday else ():
        if not _overlaps(*m.span(), taken):
            wd = _WEEKDAYS[(m["w1"] or m["w2"] or m["w3"]).lower()]
            add(m, _most_recent_weekday(wd, ref, strictly_before=True), DatePrecision.DAY)
    for m in _AGO.finditer(text) if (" ago" in low or "il y a" in low or " fa" in low) else ():
        if _overlaps(*m.span(), taken):
            continue
        n_tok = (m["n1"] or m["n2"] or m["n3"]).lower()
        n = int(n_tok) if n_tok.isdigit() else _NUMBERS[n_tok]
        unit = (m["u1"] or m["u2"] or m["u3"]).lower()
        weeks = unit.startswith(("week", "semaine", "settiman"))
        add(m, ref - timedelta(days=n * (7 if weeks else 1)), DatePrecision.WEEK if weeks else DatePrecision.DAY)
    for rx, delta, prec, triggers in (
        (_YESTERDAY, 1, DatePrecision.DAY, ("yesterday", "hier", "ieri")),
        (_LAST_NIGHT, 1, DatePrecision.DAY, ("night", "nuit", "overnight", "stanotte", "ieri")),
        (_TODAY, 0, DatePrecision.DAY, ("today", "this ", "tonight", "aujourd", " ce", "cet ", "oggi", "sta")),
        (_LAST_WEEK, 7, DatePrecision.WEEK, ("week", "semaine", "settimana")),
    ):
        if not any(t in low for t in triggers):
            continue
        for m in rx.finditer(text):
            if _overlaps(*m.span(), taken):
                continue
            low = m.group().lower()
            d = delta
            if "avant" in low or "before" in low or "altro" in low:
                d = 2
            elif low in ("this week", "cette semaine", "questa settimana", "earlier this week"):
                d = max(1, ref.weekday()) // 2 or 1
            add(m, ref - timedelta(days=d), prec)
    for m in _THIS_MONTH.finditer(text) if ("month" in low or "mois" in low or "mese" in low) else ():
        if not _overlaps(*m.span(), taken):
            add(m, ref.replace(day=max(1, (ref.day + 1) // 2)), DatePrecision.MONTH)
    for m in _LAST_MONTH.finditer(text) if ("month" in low or "mois" in low or "mese" in low) else ():
        if not _overlaps(*m.span(), taken):
            add(m, (ref.replace(day=1) - timedelta(days=1)).replace(day=15), DatePrecision.MONTH)
    for m in _WEEKDAY.finditer(text) if has_weekday else ():
        if _overlaps(*m.span(), taken):
            continue
        word = m.group()
        # English weekdays are capitalised; a lower-case "sunday" is not a date cue.
        if word.lower() in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday") and not word[0].isupper():
            continue
        add(m, _most_recent_weekday(_WEEKDAYS[word.lower()], ref, strictly_before=False), DatePrecision.DAY)
    return out


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def resolve_event_date(
    text: str, published_at: datetime, *, language: str = "en"
) -> tuple[date, DatePrecision]:
    """Event date of the incident ``text`` reports, and how precisely it is known.

    ``published_at`` is the reference for relative expressions and year-less dates.
    ``language`` is accepted for interface symmetry: the patterns cover English,
    French and Italian at once (mixed-language copy is common), so it is not needed.
    """
    del language
    ref = published_at.date()
    mentions = _explicit_mentions(text, ref)
    taken = [(m.start, m.end) for m in mentions]
    mentions += _relative_mentions(text, ref, taken)
    # A date after publication is a forecast or a typo, never the reported incident.
    mentions = [m for m in mentions if m.day <= ref]
    # News reports incidents of the last days; an old date is usually a reminder of an
    # earlier attack. Keep old mentions only if nothing recent exists, and never a bare
    # month ("in March 2016") then: the undated default is the better guess.
    fresh = [m for m in mentions if (ref - m.day).days <= _STALE_DAYS]
    if fresh:
        mentions = fresh
    else:
        mentions = [m for m in mentions if m.precision is not DatePrecision.MONTH]
    if not mentions:
        return ref - timedelta(days=DEFAULT_REPORTING_LAG_DAYS), DatePrecision.DAY
    mentions.sort(key=lambda m: m.start)
    if len(mentions) == 1:
        return mentions[0].day, mentions[0].precision

    best: _Mention | None = None
    best_rank = 99
    for (s, e) in _sentence_spans(text):
        inside = [m for m in mentions if s <= m.start < e]
        if not inside:
            continue
        incident = bool(_INCIDENT.search(text, s, e))
        # A background clause runs from its cue ("weeks after", "last year") to the next
        # comma or the end of the sentence; dates inside it are about older events.
        clauses = []
        for bg in _BACKGROUND.finditer(text, s, e):
            comma = text.find(",", bg.end(), e)
            clauses.append((bg.start(), comma if comma != -1 else e))
        for m in inside:
            in_bg = any(cs <= m.start < ce for cs, ce in clauses)
            rank = 0 if incident and not in_bg else (1 if not in_bg else 2)
            if rank < best_rank:
                best, best_rank = m, rank
        if best_rank == 0:
            break
    assert best is not None
    return best.day, best.precision
