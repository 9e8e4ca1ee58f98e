"""Who took part in an incident: actor mentions, canonical ACLED-style names and roles.

This module owns:
- ``canonical_actor(name)``: any alias, spelling or ACLED name (with or without ACLED's date
  suffix, e.g. "Military Forces of Mali (2013-)") -> the canonical name used in records. The
  evaluation harness compares gold and predicted actors through it.
- ``find_mentions(text, country=...)``: actor mentions in text, resolved to canonical names;
  generic nouns ("gunmen", "soldiers", "villagers") are resolved with the incident's country
  ("Unidentified Armed Group (Mali)"), demonym phrases with their own ("French forces" ->
  "Military Forces of France"), branch names with the country's branch ("Islamic State" in
  Nigeria -> ISWAP; "peacekeepers" in Mali -> MINUSMA). Phrases that only contain an alias
  ("Owo Local Government Area", "Government Secondary School") are no mentions.
- ``assign_roles(text, mentions)``: who acted (actor1), against whom (actor2), associates,
  and who only reports ("police said", "a police officer, Ali Nur, told AP"): a source is no
  party unless it speaks of its own action ("the army said it killed ...").

All names, aliases and affiliations live in ``data/actors.yaml``; no actor name is hard-coded
here. Matching uses one trie-shaped regex over the lower-cased text (plus a small
case-sensitive one for acronyms), compiled once: a flat alternation of thousands of aliases
would be tried alternative by alternative at every position, a trie fails after one
character on almost all of them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

import yaml

from streams.extract.textutil import DATELINE_WEIGHT, RIVER_BEFORE
from streams.extract.textutil import dateline_end as _dateline_end
from streams.extract.textutil import finditer_words as _finditer_words
from streams.extract.textutil import guard_word_start as _guard_word_start
from streams.extract.textutil import lower_same_length as _lower
from streams.extract.textutil import lowered as _lowered
from streams.extract.textutil import trie_regex as _trie_regex

__all__ = [
    "Mention",
    "Roles",
    "canonical_actor",
    "find_mentions",
    "assign_roles",
    "country_name",
    "country_iso3",
    "actor_kind",
    "affiliations_of",
    "template_name",
    "ARMED_KINDS",
    "successor",
    "country_from_text",
    "country_votes",
    "home_country",
    "home_countries",
    "identity_countries",
    "actor_countries",
]

_DATA_FILE = Path(__file__).parent / "data" / "actors.yaml"

# Kinds that can be a party to armed violence (Battles need two of these).
ARMED_KINDS = frozenset({"state", "rebel", "islamist", "militia", "ethnic_militia", "external", "unidentified"})
# Acronyms (all capitals, this short) match case-sensitively: "SAF"/"RSF"/"CMA" are common letter
# sequences or words in lower case.
_ACRONYM_MAX = 6
UNKNOWN_COUNTRY = "Unknown"


@dataclass(frozen=True, slots=True)
class _Target:
    """What an alias resolves to. ``name`` may contain a {country} placeholder or be a branch
    placeholder such as {peacekeepers} (see ``branches`` in the data file)."""

    name: str
    kind: str
    affiliations: tuple[str, ...] = ()
    unit: str | None = None
    country: str | None = None  # fixed country (demonym aliases); else the incident's
    generic: bool = False  # a common noun ("soldiers"), not a proper name
    ethnic: str | None = None  # identity group carried by the phrase ("Fulani villagers")


# What a ``not_actors`` phrase resolves to: matched (so the alias inside it is not), then dropped.
_NOT_AN_ACTOR = _Target("", "none")


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor mention in a text, resolved to a canonical name."""

    start: int
    end: int
    surface: str
    name: str
    kind: str
    affiliations: tuple[str, ...] = ()
    unit: str | None = None
    generic: bool = False
    ethnic_group: str | None = None  # e.g. "Fulani Ethnic Group (Mali)" for "Fulani villagers"

    @property
    def armed(self) -> bool:
        return self.kind in ARMED_KINDS


@dataclass
class Roles:
    """Role assignment for one incident passage."""

    actor1: Mention | None = None
    actor2: Mention | None = None
    assoc1: list[Mention] = field(default_factory=list)
    assoc2: list[str] = field(default_factory=list)  # canonical names (may be identity groups)
    sources: list[Mention] = field(default_factory=list)  # parties that report, not act ("police said")
    allies2: list[Mention] = field(default_factory=list)  # armed parties on actor2's side ("VDP and soldiers repelled")


# --------------------------------------------------------------------------- data loading


def _strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _norm_key(value: str) -> str:
    """Lookup key for names: accent-free, case-folded, single spaces, curly quotes straightened."""
    value = value.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(_strip_accents(value).casefold().split())


@dataclass
class _Tables:
    ci: dict[str, _Target]  # lower-cased alias -> target
    cs: dict[str, _Target]  # case-sensitive acronyms
    ci_re: re.Pattern[str]
    cs_re: re.Pattern[str] | None
    canonical: dict[str, str]  # normalised alias/name -> canonical name (non-template)
    kinds: dict[str, str]  # canonical name -> kind
    affiliations: dict[str, tuple[str, ...]]
    countries: dict[str, str]  # iso3 -> ACLED country name
    iso3_by_name: dict[str, str]  # normalised country name / demonym -> iso3
    branches: dict[str, dict[str, str]]  # placeholder key -> ISO3 (or "default") -> organisation
    ethnic_canon: dict[str, str]  # normalised ethnic alias -> canonical group name
    template_kinds: list[tuple[re.Pattern[str], str]]
    merges: dict[str, tuple[str, date, frozenset[str]]]  # name -> (successor, since, ISO3 countries)
    country_re: re.Pattern[str]
    country_by_word: dict[str, str]  # country name / demonym -> ACLED country name
    homes: dict[str, str]  # canonical name -> ISO3 of its only country of operation
    theatres: dict[str, tuple[str, ...]]  # canonical name -> ISO3 of its countries of operation, main first
    ethnic_homes: dict[str, str]  # identity group -> ISO3 of the country where it mostly lives
    demonym_country: dict[str, str]  # capitalised demonym -> ACLED country name
    ethnic_re: re.Pattern[str] | None  # capitalised names of identity groups that have a home country
    ethnic_word_home: dict[str, str]  # such a name -> ISO3
    with_article: frozenset[str] = frozenset()  # ACLED country names written "of the <name>"


def _variants(alias: str) -> set[str]:
    alias = alias.replace("\u2019", "'")
    out = {alias, _strip_accents(alias)}
    return {a for a in out if a}


@cache
def _tables() -> _Tables:
    data = yaml.safe_load(_DATA_FILE.read_text(encoding="utf-8"))
    ci: dict[str, _Target] = {}
    cs: dict[str, _Target] = {}
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    affiliations: dict[str, tuple[str, ...]] = {}

    def add(alias: str, target: _Target) -> None:
        for variant in _variants(str(alias)):
            letters = variant.replace(".", "").replace("-", "")
            if letters.isupper() and len(letters) <= _ACRONYM_MAX and " " not in variant:
                cs.setdefault(variant, target)
            else:
                # First definition wins: specific actors are listed before generic templates.
                ci.setdefault(variant.lower(), target)

    countries: dict[str, str] = {}
    iso3_by_name: dict[str, str] = {}
    demonyms: dict[str, list[str]] = {}
    for cname, info in data["countries"].items():
        countries[info["iso3"]] = cname
        iso3_by_name[_norm_key(cname)] = info["iso3"]
        iso3_by_name[info["iso3"].casefold()] = info["iso3"]
        demonyms[cname] = [str(d) for d in info.get("demonyms", [])]

    merges: dict[str, tuple[str, date, frozenset[str]]] = {}
    homes: dict[str, str] = {}
    theatres: dict[str, tuple[str, ...]] = {}
    for entry in data["actors"]:
        if "home" in entry:
            homes[entry["name"]] = entry["home"]
        if "countries" in entry:
            theatres[entry["name"]] = tuple(entry["countries"])
        name = entry["name"]
        is_template = "{" in name
        if "merged_into" in entry:
            mi = entry["merged_into"]
            since = mi["since"] if isinstance(mi["since"], date) else date.fromisoformat(str(mi["since"]))
            merges[name] = (mi["name"], since, frozenset(mi.get("countries", ())))
        target = _Target(name, entry["kind"], tuple(entry.get("affiliations", ())), generic=is_template)
        if not is_template:
            kinds[name] = entry["kind"]
            affiliations[name] = target.affiliations
            canonical[_norm_key(name)] = name
        for alias in entry.get("aliases", ()):
            add(alias, target)
            if not is_template:
                canonical.setdefault(_norm_key(str(alias)), name)
        for unit in entry.get("units", ()):
            unit_target = _Target(name, entry["kind"], (name, *target.affiliations), unit=unit["name"])
            canonical.setdefault(_norm_key(unit["name"]), name)
            for alias in unit.get("aliases", ()):
                add(alias, unit_target)
                canonical.setdefault(_norm_key(str(alias)), name)

    for phrase in data.get("not_actors", ()):
        # (with "the": the alias "the government" would otherwise match first, one word earlier)
        add(phrase, _NOT_AN_ACTOR)
        add(f"the {phrase}", _NOT_AN_ACTOR)
    template_kinds: list[tuple[re.Pattern[str], str]] = []
    for entry in data["templates"]:
        name = entry["name"]
        generic = _Target(name, entry["kind"], generic=entry.get("generic", True))
        for alias in entry.get("aliases", ()):
            add(alias, generic)
        for pattern in entry.get("demonym_aliases", ()):
            for cname, dems in demonyms.items():
                fixed = _Target(name, entry["kind"], country=cname)
                for dem in dems:
                    add(pattern.replace("{d}", dem), fixed)
        if "{country}" in name:
            rx = re.compile("^" + re.escape(name).replace(re.escape("{country}"), r"(.+)") + "$")
            template_kinds.append((rx, entry["kind"]))
    for entry in data["actors"]:
        if "{country}" in entry["name"]:
            rx = re.compile("^" + re.escape(entry["name"]).replace(re.escape("{country}"), r"(.+)") + "$")
            template_kinds.append((rx, entry["kind"]))

    branches = {str(key): {str(k): str(v) for k, v in table.items()} for key, table in data["branches"].items()}
    for entry in data["templates"]:
        for org in branches.get(entry["name"].strip("{}"), {}).values():
            kinds.setdefault(org, entry["kind"])

    # Identity groups: "<group> militiamen" -> ethnic militia, "<group> villagers" -> civilians.
    ethnic_canon: dict[str, str] = {}
    militia_suffixes = ("militia", "militias", "militiamen", "militiaman", "militia members", "gunmen", "fighters",
                        "armed men", "self-defense group", "self-defence group", "self-defense militia",
                        "self-defence militia", "hunters", "herdsmen", "ethnic militia", "vigilantes")
    militia_prefixes_fr = ("milice", "milices", "miliciens", "milicien", "chasseurs", "hommes armés")
    civilian_suffixes = ("civilians", "civilian", "villagers", "villager", "village", "villages", "hamlet", "hamlets",
                         "community", "communities", "herders", "herder", "farmers", "farmer", "men", "man", "women",
                         "people", "residents", "traders", "pastoralists", "shepherds", "chief", "civils", "villageois",
                         "éleveurs", "eleveurs", "bergers", "cultivateurs")
    civilian_prefixes_fr = ("civils", "villageois", "village", "villages", "éleveurs", "communauté", "hameau", "bergers",
                            "cultivateurs")
    for group, aliases in data.get("ethnic_groups", {}).items():
        militia = _Target(f"{group} Ethnic Militia ({{country}})", "ethnic_militia", generic=True)
        civ = _Target("Civilians ({country})", "civilians", generic=True, ethnic=group)
        for alias in aliases:
            ethnic_canon[_norm_key(str(alias))] = group
            for suffix in militia_suffixes:
                add(f"{alias} {suffix}", militia)
            for prefix in militia_prefixes_fr:
                add(f"{prefix} {alias}", militia)
                add(f"{prefix} {alias}s", militia)
            for suffix in civilian_suffixes:
                add(f"{alias} {suffix}", civ)
            for prefix in civilian_prefixes_fr:
                add(f"{prefix} {alias}", civ)
                add(f"{prefix} {alias}s", civ)
    for group, aliases in data.get("ethnic_generic", {}).items():
        militia = _Target(f"{group} Ethnic Militia ({{country}})", "ethnic_militia", generic=True)
        for alias in aliases:
            add(alias, militia)
    template_kinds.append((re.compile(r"^(.+) Ethnic Militia \((.+)\)$"), "ethnic_militia"))

    country_by_word: dict[str, str] = {}
    demonym_country: dict[str, str] = {}
    for cname, dems in demonyms.items():
        country_by_word[cname] = cname
        if " " not in cname:
            country_by_word[cname + "s"] = cname  # a possessive that lost its apostrophe ("Malis army")
        for dem in dems:
            if dem[:1].isupper():
                country_by_word[dem] = cname
                demonym_country[dem] = cname
    country_re = re.compile(r"(?<!\w)(?:" + _trie_regex(sorted(country_by_word)) + r")(?!\w)")
    ci_re = re.compile(r"(?<!\w)(?:" + _trie_regex(sorted(ci)) + r")(?!\w)")
    cs_re = re.compile(r"(?<![\w-])(?:" + _trie_regex(sorted(cs)) + r")(?![\w])") if cs else None
    ethnic_homes = {str(k): str(v) for k, v in (data.get("ethnic_homes") or {}).items()}
    ethnic_word_home: dict[str, str] = {}
    for group, aliases in data.get("ethnic_groups", {}).items():
        if group in ethnic_homes:
            for alias in aliases:
                ethnic_word_home[str(alias)] = ethnic_homes[group]
    ethnic_re = (re.compile(r"(?<!\w)(?:" + _trie_regex(sorted(ethnic_word_home)) + r")(?!\w)")
                 if ethnic_word_home else None)
    return _Tables(ci, cs, ci_re, cs_re, canonical, kinds, affiliations, countries, iso3_by_name, branches,
                   ethnic_canon, template_kinds, merges, country_re, country_by_word, homes, theatres, ethnic_homes,
                   demonym_country, ethnic_re, ethnic_word_home,
                   frozenset(c for c, info in data["countries"].items() if info.get("article")))


def home_country(mentions: Sequence[Mention]) -> str | None:
    """ACLED country name where the first country-specific named actor operates (None if none)."""
    tables = _tables()
    for m in mentions:
        iso = tables.homes.get(m.name)
        if iso:
            return tables.countries.get(iso) or country_name(iso)
    return None


def successor(name: str, on: date, iso3: str | None) -> str | None:
    """The organisation ``name`` had merged into by ``on`` in country ``iso3`` (None if none)."""
    merge = _tables().merges.get(name)
    if merge is None:
        return None
    new, since, countries = merge
    if on >= since and (not countries or (iso3 is not None and iso3 in countries)):
        return new
    return None


def home_countries(mentions: Sequence[Mention]) -> list[str]:
    """ISO3 codes of the single countries where the named actors of ``mentions`` operate."""
    homes = _tables().homes
    out: list[str] = []
    for m in mentions:
        iso = homes.get(m.name)
        if iso and iso not in out:
            out.append(iso)
    return out


def identity_countries(text: str) -> list[str]:
    """ISO3 codes where the identity groups named in ``text`` mostly live ("Dogon", "Dawsahak"),
    in order of first mention: weak evidence of the incident's country."""
    tables = _tables()
    if tables.ethnic_re is None:
        return []
    out: list[str] = []
    for m in _finditer_words(tables.ethnic_re, text):
        iso = tables.ethnic_word_home[m.group()]
        if iso not in out:
            out.append(iso)
    return out


def actor_countries(mentions: Sequence[Mention]) -> list[str]:
    """ISO3 codes where the named actors and identity groups of ``mentions`` operate or live,
    strongest first: single-country actors ("FAMa", "Al Shabaab"), then identity groups
    concentrated in one country ("Dogon"), then the main theatre of multi-country actors
    ("JNIM" -> Mali, Burkina Faso, Niger). A fallback for the incident's country when the text
    names neither a place nor a country."""
    tables = _tables()
    homes: list[str] = []
    groups: list[str] = []
    theatres: list[str] = []
    for m in mentions:
        iso = tables.homes.get(m.name)
        if iso and iso not in homes:
            homes.append(iso)
        if m.ethnic_group or m.kind == "ethnic_militia":
            group = (m.ethnic_group or m.name).split(" Ethnic ", 1)[0]
            iso = tables.ethnic_homes.get(group)
            if iso and iso not in groups:
                groups.append(iso)
        for iso in tables.theatres.get(m.name, ()):
            if iso not in theatres:
                theatres.append(iso)
    out: list[str] = []
    for iso in (*homes, *groups, *theatres):
        if iso not in out:
            out.append(iso)
    return out


# A demonym right before these nouns names foreign personnel (peacekeepers serve abroad by
# definition), before these others a national force that may fight abroad.
_DEMONYM_ABROAD = re.compile(r"\s+(?:UN\s+|U\.N\.\s+)?(?:peacekeepers?|contingent|blue\s+helmets|casques\s+bleus|nationals?|"
                             r"citizens?|hostages?|tourists?|expatriates?|workers?|engineers?|ressortissants?)\b", re.IGNORECASE)
_DEMONYM_FORCE = re.compile(r"\s+(?:forces?|troops?|soldiers?|army|military|commandos?|special\s+forces|jets?|aircraft|"
                            r"warplanes?|drones?|helicopters?|air\s+force|operation)\b", re.IGNORECASE)
# A country named here is a neighbour, not the incident's place: "near the border with Niger".
_NEIGHBOUR_BEFORE = re.compile(r"(?:border\s+(?:with|of)|borders?\s+of|frontière\s+(?:avec|du|de\s+la|de\s+l')|neighbou?ring|"
                               r"voisin|from|fled\s+to|to|vers|en\s+provenance\s+d[eu]s?)\s+(?:the\s+|le\s+|la\s+|l')?$",
                               re.IGNORECASE)
# "the Niger River", "Niger Delta" (before it: textutil.RIVER_BEFORE): a river, not the country.
_RIVER_AFTER = re.compile(r"\s+(?:river|delta|basin)\b", re.IGNORECASE)


def country_votes(text: str) -> dict[str, float]:
    """See ``_country_votes``; a fresh dict the caller may change."""
    return dict(_country_votes(text))


@lru_cache(maxsize=1024)
def _country_votes(text: str) -> tuple[tuple[str, float], ...]:
    """Evidence for the country (ACLED name) where the incident of ``text`` happened, from
    country names and capitalised demonyms: a name counts 3, a demonym 1; a country named as
    a neighbour ("border with Niger") or origin counts little, a demonym of foreign personnel
    ("Chadian peacekeepers") nothing, and forces of countries that often fight abroad
    ("French troops") little. Earlier mentions win ties."""
    tables = _tables()
    votes: dict[str, float] = {}
    dl_end = _dateline_end(text)
    for m in _finditer_words(tables.country_re, text):
        word = m.group()
        cname = tables.country_by_word[word]
        if word in tables.demonym_country and word != cname:
            after = text[m.end():m.end() + 30]
            if _DEMONYM_ABROAD.match(after):
                continue
            # Forces of countries that often fight abroad ("French Barkhane forces") are weak evidence.
            weight = 0.3 if cname in _FOREIGN_FORCES else 1.0
        else:
            if RIVER_BEFORE.search(text, max(0, m.start() - 20), m.start()) or _RIVER_AFTER.match(text, m.end()):
                continue  # "le fleuve Niger", "the Niger River": a river, not the country
            weight = 0.3 if _NEIGHBOUR_BEFORE.search(text, max(0, m.start() - 30), m.start()) else 3.0
        if m.start() < dl_end:
            weight *= DATELINE_WEIGHT  # where the reporter files from
        votes[cname] = votes.get(cname, 0.0) + weight - m.start() * 1e-7
    return tuple(votes.items())


def country_from_text(text: str) -> str | None:
    """Most likely incident country (ACLED name) by country names and demonyms (``country_votes``)."""
    votes = country_votes(text)
    if not votes:
        return None
    return max(votes, key=lambda k: votes[k])


# Countries whose forces often operate abroad in the covered regions.
_FOREIGN_FORCES = frozenset({"France", "United States", "Russia", "Chad", "Kenya", "Uganda", "Ethiopia", "Rwanda", "Burundi"})


# --------------------------------------------------------------------------- names


_DATE_SUFFIX = re.compile(r"\s*\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\).*$")


# Cached: the pipeline asks for the same few countries for every passage (a miss normalises the
# name and may query pycountry).
@lru_cache(maxsize=1024)
def country_name(iso3_or_name: str | None) -> str | None:
    """ACLED country name for an ISO3 code or a country name/demonym ('MLI' -> 'Mali')."""
    if not iso3_or_name:
        return None
    tables = _tables()
    value = iso3_or_name.strip()
    if value.upper() in tables.countries:
        return tables.countries[value.upper()]
    iso = tables.iso3_by_name.get(_norm_key(value))
    if iso:
        return tables.countries[iso]
    try:  # countries outside the table: pycountry's common name
        import pycountry

        rec = pycountry.countries.get(alpha_3=value.upper()) if len(value) == 3 else None
        if rec is None:
            rec = pycountry.countries.lookup(value)
        return getattr(rec, "common_name", None) or rec.name
    except (LookupError, KeyError, ImportError):
        return value


@lru_cache(maxsize=1024)  # (as country_name)
def country_iso3(name: str | None) -> str | None:
    if not name:
        return None
    tables = _tables()
    iso = tables.iso3_by_name.get(_norm_key(name))
    if iso:
        return iso
    try:
        import pycountry

        return pycountry.countries.lookup(name).alpha_3
    except (LookupError, ImportError):
        return None


_BRANCH = re.compile(r"^\{(\w+)\}$")


def template_name(template: str, country: str | None) -> str:
    """Fill a '{country}' template ('Civilians ({country})', 'Mali') -> 'Civilians (Mali)'."""
    branch = _BRANCH.match(template)
    if branch is not None:
        table = _tables().branches[branch.group(1)]
        iso = country_iso3(country) if country else None
        template = table.get(iso or "", table["default"])
        if "{country}" not in template:
            return template
    if country in _tables().with_article and " of {country}" in template:
        # ACLED: "Military Forces of the United States", but "Civilians (United States)".
        return template.replace("{country}", f"the {country}")
    return template.replace("{country}", country or UNKNOWN_COUNTRY)


def canonical_actor(name: str) -> str | None:
    """Canonical actor name for any alias or ACLED name; None for an empty name.

    "Military Forces of Mali (2013-)" -> "Military Forces of Mali";
    "Police Forces of Mali (2013-) Gendarmerie" -> "Police Forces of Mali";
    "Katiba Macina" -> "JNIM: Group for Support of Islam and Muslims" (a JNIM unit);
    "ISGS" / "Islamic State (Greater Sahara)" -> "Islamic State (Sahel)".
    Unknown names come back without their date suffix, unchanged otherwise.
    """
    if not name or not name.strip():
        return None
    tables = _tables()
    stripped = _DATE_SUFFIX.sub("", name.strip()).strip()
    if not stripped:
        return None
    key = _norm_key(stripped)
    if key in tables.canonical:
        return tables.canonical[key]
    # Exact alias (incl. case-sensitive acronyms); generic nouns are not names.
    target = tables.cs.get(stripped) or tables.ci.get(stripped.lower())
    if target is not None and not target.generic and "{" not in target.name:
        return target.name
    # Templated names: normalise the country part ("Civilians (Malian)" is not expected, but
    # "Fula Ethnic Militia (Burkina Faso)" -> "Fulani Ethnic Militia (Burkina Faso)").
    m = re.match(r"^(.+) Ethnic (Militia|Group) \((.+)\)$", stripped)
    if m:
        group = tables.ethnic_canon.get(_norm_key(m.group(1)), m.group(1))
        return f"{group} Ethnic {m.group(2)} ({m.group(3)})"
    return stripped


# Cached: a templated name is tried against every template pattern, and the same names recur.
@lru_cache(maxsize=4096)
def actor_kind(name: str) -> str | None:
    """Kind of a canonical name ('state', 'civilians', ...), also for templated names."""
    tables = _tables()
    if name in tables.kinds:
        return tables.kinds[name]
    for rx, kind in tables.template_kinds:
        if rx.match(name):
            return kind
    return None


def affiliations_of(name: str) -> tuple[str, ...]:
    return _tables().affiliations.get(name, ())


# --------------------------------------------------------------------------- mentions


def _resolve(target: _Target, country: str | None) -> tuple[str, str | None]:
    cname = target.country or country
    name = template_name(target.name, cname) if "{" in target.name else target.name
    ethnic = f"{target.ethnic} Ethnic Group ({cname or UNKNOWN_COUNTRY})" if target.ethnic else None
    return name, ethnic


# "suspected JNIM militants", "ISWAP fighters", "Al Shabaab gunmen": the generic noun just after a
# named actor is the same party.
_GLUE = re.compile(r"^[\s\-]*(?:'s\s+)?$")
# "gunmen believed to be members of ISWAP": the generic noun is the named actor.
_LINK = re.compile(
    r"^[\s,]*(?:\((?:(?:presumably|probably|possibly|suspected|assumed|presumed|likely|allegedly|reportedly)\s+)?"
    r"(?:(?:members\s+of|fighters\s+of|militants\s+of|from)\s+)?(?:the\s+)?|"
    # "unknown gunmen, presumably JNIM militants", "gunmen - likely ISWAP fighters -"
    r"(?:-\s*)?(?:presumably|probably|possibly|likely|most\s+likely|allegedly|reportedly|apparently)\s+(?:the\s+)?|"
    r"(?:who are |who were )?(?:suspected|believed|thought|"
    r"said|presumed|reported)\s+to\s+be\s+(?:members\s+of\s+|from\s+|fighters\s+of\s+|militants\s+of\s+)?(?:the\s+)?|"
    r"(?:linked|affiliated|loyal|belonging|allied)\s+(?:to|with)\s+(?:the\s+)?|of\s+(?:the\s+)?|from\s+(?:the\s+)?|"
    r"(?:liés?|affiliés?|appartenant)\s+(?:à|au|aux)\s+(?:l'|la\s+)?|"
    # "hommes armés soupçonnés d'appartenir à l'EIGS", "présumés membres du JNIM"
    r"(?:(?:qui\s+seraient\s+)?(?:soupçonnés|suspectés|présumés|supposés)\s+)?(?:d'appartenir|d'être\s+(?:des\s+)?(?:membres|"
    r"combattants|éléments))\s+(?:à\s+l'|à\s+la\s+|au\s+|aux\s+|de\s+l'|de\s+la\s+|du\s+|des\s+|d')|"
    # "jihadistes présumés du JNIM", "combattants supposés de l'EIGS", "éléments du JNIM"
    r"(?:(?:présumée?s?|supposée?s?|membres)\s+)?(?:du\s+|de\s+l'|de\s+la\s+|des\s+|de\s+|d'))$"
)


# A bracket opening right after a mention: "Dozos (Dan Na Ambassagou)", "(presumed JNIM".
_BRACKET_OPEN = re.compile(r"^\s*\(\s*(?:(?:presumably|probably|possibly|suspected|presumed|likely|allegedly|reportedly)\s+)?"
                           r"(?:the\s+)?$")
_COMMUNAL_KINDS = frozenset({"ethnic_militia", "militia"})

_FORCE_OF = re.compile(r"^((?:Military|Police) Forces of )(.+)$")
# "troops from Niger", "soldiers of the Chadian contingent": a country after a generic force noun.
_FROM_COUNTRY = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?")

# "French and Malian troops": the first demonym shares the noun of the second.
_COORD_DEMONYM = re.compile(r"([A-Z][\w\u00C0-\u017F-]+)\s*(?:,|and|&|et)\s*$")


@lru_cache(maxsize=512)
def _raw_mentions(norm: str) -> tuple[tuple[int, int, _Target], ...]:
    """Alias matches (start, end, target) of a text, country-independent; cached because the
    pipeline resolves the same passage more than once (roles, casualties, claims)."""
    tables = _tables()
    lower = norm.lower()
    if len(lower) != len(norm):  # a few Unicode letters change length when lower-cased
        lower = "".join(ch.lower()[0] for ch in norm)
    found: list[tuple[int, int, _Target]] = []
    for m in tables.ci_re.finditer(lower):
        target = tables.ci[m.group()]
        if target is _NOT_AN_ACTOR:
            continue
        own = _FORCE_OF.match(target.name)
        # A demonym alias ("Malian troops") or a national force's own alias ("Chadian troops").
        own_country = target.country or (own.group(2).removeprefix("the ") if own and not target.generic and "{" not in target.name else None)
        if own is not None and own_country is not None:
            before = _COORD_DEMONYM.search(norm, max(0, m.start() - 40), m.start())
            if before is not None:
                cname = tables.demonym_country.get(before.group(1)) or tables.country_by_word.get(before.group(1))
                if cname is not None and cname != own_country:
                    found.append((before.start(1), before.end(1),
                                  _Target(own.group(1) + "{country}", target.kind, country=cname)))
        if target.generic and target.country is None and target.name.startswith(("Military", "Police")):
            # "troops from Niger", "soldiers of the Chadian contingent": the force's own country.
            after = _FROM_COUNTRY.match(norm, m.end())
            if after is not None:
                word = tables.country_re.match(norm, after.end())
                if word is not None:
                    cname = tables.country_by_word[word.group()]
                    found.append((m.start(), word.end(),
                                  _Target(target.name, target.kind, target.affiliations, country=cname)))
                    continue
        found.append((m.start(), m.end(), target))
    if tables.cs_re is not None:
        for m in _finditer_words(tables.cs_re, norm):
            found.append((m.start(), m.end(), tables.cs[m.group()]))
    found.sort(key=lambda x: (x[0], -x[1]))
    return tuple(found)


def find_mentions(text: str, *, country: str | None = None) -> list[Mention]:
    """Actor mentions in ``text`` in order, resolved with ``country`` (an ACLED country name)."""
    return list(_resolved_mentions(text.replace("\u2019", "'"), country))


@lru_cache(maxsize=1024)
def _resolved_mentions(norm: str, country: str | None) -> tuple[Mention, ...]:
    """find_mentions, cached: the pipeline asks for the same passage's mentions several times
    (country evidence, roles, claims, casualty phrases). Mentions are immutable."""
    found = _raw_mentions(norm)
    mentions: list[Mention] = []
    last_end = -1
    for start, end, target in found:
        if start < last_end:  # overlapping: keep the earlier/longer one
            continue
        name, ethnic = _resolve(target, country)
        mention = Mention(start, end, norm[start:end], name, target.kind, target.affiliations, target.unit,
                          target.generic, ethnic)
        if mentions:
            prev = mentions[-1]
            between = norm[prev.end:start]
            if target.generic and not prev.generic and _GLUE.match(between):
                # Named actor + generic noun: one mention (extend the named one).
                mentions[-1] = Mention(prev.start, end, norm[prev.start:end], prev.name, prev.kind, prev.affiliations,
                                       prev.unit, False, prev.ethnic_group)
                last_end = end
                continue
            if (not target.generic and prev.generic and prev.kind in ("unidentified", "islamist", "militia")
                    and len(between) <= 40 and (_LINK.match(between) or between == " ")):
                # Generic noun + "linked to"/"(suspected" + named actor, or in apposition ("des
                # miliciens CODECO", "combattants ISWAP"): the named actor.
                mentions[-1] = mention
                last_end = end
                continue
            if (not target.generic and prev.kind in _COMMUNAL_KINDS and prev.name != name
                    and _BRACKET_OPEN.match(between)):
                # "Dogon militiamen (Dana Amassagou)", "Dozos (Dan Na Ambassagou)": the bracket
                # names the organisation the community's fighters belong to.
                mentions[-1] = mention
                last_end = end
                continue
            if (not target.generic and not prev.generic and prev.name == name and target.unit is None
                    and prev.unit is not None and _LINK.match(between)):
                # "Katiba Macina (JNIM)": keep the unit.
                mentions[-1] = Mention(prev.start, end, norm[prev.start:end], prev.name, prev.kind, prev.affiliations,
                                       prev.unit, False, prev.ethnic_group)
                last_end = end
                continue
            if (target.unit is not None and not prev.generic and prev.name == name and prev.unit is None
                    and _GLUE.match(between)):
                mentions[-1] = Mention(prev.start, end, norm[prev.start:end], name, target.kind, target.affiliations,
                                       target.unit, False, None)
                last_end = end
                continue
        mentions.append(mention)
        last_end = end
    return _name_communal_militias(mentions, country)


def _name_communal_militias(mentions: list[Mention], country: str | None) -> tuple[Mention, ...]:
    """"Fulani gunmen attacked the Dogon village of X; village self-defence repelled them": an
    unnamed communal militia defends the one community the passage names as victims, so it is
    that group's ethnic militia (ACLED's "Dogon Ethnic Militia (Mali)")."""
    communal = [i for i, m in enumerate(mentions) if m.generic and m.name.startswith("Unidentified Communal Militia")]
    if not communal:
        return tuple(mentions)
    groups = {m.ethnic_group.split(" Ethnic ", 1)[0] for m in mentions if m.kind == "civilians" and m.ethnic_group}
    if len(groups) != 1:
        return tuple(mentions)
    group = groups.pop()
    name = f"{group} Ethnic Militia ({country or UNKNOWN_COUNTRY})"
    for i in communal:
        m = mentions[i]
        mentions[i] = Mention(m.start, m.end, m.surface, name, "ethnic_militia", m.affiliations, m.unit, True, None)
    return tuple(mentions)


# --------------------------------------------------------------------------- roles

# Main action cues (EN/FR/IT; Pidgin uses English words). Only their position matters here.
_ACTION = re.compile(
    r"(?<!\w)(?:attack(?:ed|s|ing)?|ambush(?:ed|es|ing)?|kill(?:ed|s|ing)?|shot|shoot(?:s|ing)?|abduct(?:ed|s|ing)?|"
    r"kidnap(?:ped|s|ping)?|clash(?:ed|es)?|fought|fight(?:s|ing)?|(?:opened|open|opens) fire|fired|fire[sd]? on|raid(?:ed|s)?|"
    r"storm(?:ed|s)?|target(?:ed|ted|s|ing)?|struck|strikes?|bomb(?:ed|s|ing)?|detonat(?:ed|es|ing)|set off|sets off|"
    r"launch(?:ed|es)?|shell(?:ed|s|ing)|seiz(?:ed|es|ing)|burn(?:ed|t|s)|set fire|torch(?:ed|es)|loot(?:ed|s)?|"
    r"execut(?:ed|es)|assassinat(?:ed|es)|arrest(?:ed|s)?|detain(?:ed|s)|protest(?:ed|s|ing)?|demonstrat(?:ed|es|ing)|"
    r"march(?:ed|es)|riot(?:ed|s)?|lynch(?:ed|es)?|beat(?:en)?|tortur(?:ed|es)|rap(?:ed|es)|destroy(?:ed|s)|hit|"
    r"invad(?:ed|es)|overr(?:an|un)|captur(?:ed|es)|took control|retook|recaptur(?:ed|es)|repel(?:led|s)|repuls(?:ed|es)|"
    r"engag(?:ed|es)|exchang(?:ed|es) fire|conducted|carried out|dropped|plant(?:ed|s)|blew up|"
    r"assault(?:ed|s)?|dismantl(?:ed|es)|pillag(?:ed|es)|ransack(?:ed|s)|besieg(?:ed|es)|occup(?:ied|ies)|"
    r"rout(?:ed|s)|neutrali[sz](?:ed|es)|intercept(?:ed|s)|stabb(?:ed|s)|hack(?:ed|s)|behead(?:ed|s)|"
    r"stepped on|ran over|drove over|injur(?:ed|es|ing)|wound(?:ed|s|ing)|foil(?:ed|s)|thwart(?:ed|s)|"
    r"fought off|fended off|subjected to|came under|come under|comes under|"
    r"attaqu\w*|tu[ée]s?|tuant|ont tué|enlev[ée]\w*|kidnapp\w*|embusqu\w*|tendu une embuscade|affront\w*|"
    r"ouvert le feu|tir[ée]\w*|incendi\w*|pill[ée]\w*|manifest[ée]\w*|arr[êe]t[ée]s?|interpell\w*|abattu\w*|"
    r"assassin[ée]\w*|frapp(?:é\w*|ant|ent|ait|aient|er)|bombard\w*|ciblé\w*|visé\w*|neutralis\w*|"
    r"été la cible|été pris(?:e|es)? pour cible|trouvé la mort|perdu la vie|péri|succombé|bless[ée]e?s?|"
    r"repouss\w*|attaccat\w*|ucciso|uccisi|ucciden\w*|rapit\w*|scontr\w*)(?!\w)",
    re.IGNORECASE,
)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|got|gets|is|are|be|été|est|sont|stato|stati|sono|furono)\s+"
    r"(?:(?:reportedly|allegedly|also|later|all|then|subsequently|reportedly|both|seriously|critically|fatally|slightly|"
    r"grièvement|gravement|légèrement|mortellement|également|aussi|ensuite|tous|toutes)\s+){0,2}$",
    re.IGNORECASE,
)
# "FAMa checkpoint in Gossi attacked around 18h", "MINUSMA vehicle struck by IED": a participle with no object.
# A number right after the verb is its object ("killed 3 soldiers"), so digits are not listed.
_REDUCED_PASSIVE_AFTER = re.compile(
    r"\s*(?:by\b|in\b|on\b|at\b|near\b|outside\b|around\s+(?:\d{1,2}(?:[:h]|\s*(?:am|pm|a\.m|p\.m|hours?|o'clock))|"
    r"midnight|noon|dawn|dusk|mid)|while\b|during\b|when\b|overnight\b|early\b|late\b|"
    r"this\b|last\b|yesterday\b|today\b|tonight\b|after\b|following\b|along\b|inside\b|"
    r"and\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|others?|another|dozens)\b|"
    r"incl\b|including\b|severely\b|seriously\b|critically\b|lightly\b|dans\b|à\b|au\b(?!\s+moins)|lors\b|"
    r"près\b|[,.;:(\[]|$)",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(r"(?:ed|en|ck|hot|ught|hit|struck|tu[ée]s?|bless[ée]s?|attaqu[ée]s?|enlev[ée]s?)$", re.IGNORECASE)
_AGENT_BEFORE = re.compile(
    r"(?:\b(?:by|par|da|dai|dagli|from)\s+(?:the\s+|a\s+|an\s+|une?\s+|des\s+|les?\s+|la\s+|l'|some\s+|a\s+group\s+of\s+|"
    r"suspected\s+|presumed\s+|alleged\s+|unknown\s+|unidentified\s+|armed\s+|heavily\s+armed\s+|présumés?\s+|"
    r"\d+\s+|(?:one|two|three|four|five|six|seven|eight|nine|ten|several|dozens\s+of|hundreds\s+of|a\s+dozen)\s+|"
    r"militants\s+of\s+|fighters\s+of\s+|members\s+of\s+|"
    r"(?:éléments|combattants|membres|hommes|militants|miliciens|jihadistes|djihadistes)\s+(?:présumés\s+|armés\s+)?"
    r"(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d')|"
    r"présumés\s+(?:éléments\s+|membres\s+|combattants\s+)?(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'))*|"
    r"\battacks?\s+(?:carried\s+out\s+)?by\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
# "The device was likely planted by X", "the attack was attributed to X": X is the perpetrator,
# whatever the subject of the first verb was.
_PERPETRATOR_BEFORE = re.compile(
    r"(?:(?:planted|carried\s+out|perpetrated|claimed|staged|orchestrated|committed|masterminded|laid|set)\s+by|"
    r"attributed\s+to|blamed\s+on|blaming|imputed\s+to|attribuée?s?\s+(?:à|au|aux)|imputée?s?\s+(?:à|au|aux)|perpétrée?s?\s+par|"
    r"posée?s?\s+par)\s+(?:the\s+|l'|les?\s+|la\s+|des\s+)?(?:(?:suspected|presumed|alleged|likely|probably|présumés?)\s+)*$",
    re.IGNORECASE,
)
# More perpetrator frames, tried only when one of their words is in the window (_PERPETRATOR_WORDS):
# "ont attribué l'attaque aux terroristes du JNIM", "blamed the attack on", "les autorités soupçonnent X".
_PERPETRATOR_MORE = re.compile(
    r"(?:(?:attribué|imputé|attributed|blamed)\s+(?:l'attaque|l'attentat|l'embuscade|l'explosion|l'enlèvement|cette\s+attaque|"
    r"the\s+(?:attack|bombing|ambush|blast|killings?|abduction))\s+(?:à|au|aux|to|on)|"
    r"soupçonnent|soupçonne|suspectent|suspecte|accusent|accuse|attributed\s+to|attribuée?s?\s+(?:à|au|aux))\s+"
    r"(?:the\s+|l'|les?\s+|la\s+|des\s+)?(?:(?:suspected|presumed|alleged|likely|probably|présumés?)\s+)*"
    # ("aux terroristes du JNIM", "to fighters of ISWAP": the generic noun merged into the named group)
    r"(?:(?:terroristes|jihadistes|djihadistes|combattants|éléments|membres|militants|fighters|members)\s+"
    r"(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?))?$",
    re.IGNORECASE,
)
_PERPETRATOR_WORDS = ("attribu", "imput", "blamed", "soupçon", "suspect", "accus")
# "a MINUSMA vehicle struck an IED": the subject of these verbs is the victim of the device.
_HIT_VERBS = frozenset({"struck", "hit", "hits", "strikes", "stepped on", "ran over", "drove over"})
_HIT_DEVICE = re.compile(r"\s+(?:an?\s+|the\s+|one\s+|two\s+)?(?:[\w-]+\s+){0,2}?(?:IEDs?|(?:land)?mines?|explosives?|"
                         r"explosive\s+devices?|devices?|bombs?|roadside)\b", re.IGNORECASE)
_LEAD_CLAUSE = re.compile(r"^\W*(?:in|during|after|following|amid|amidst|despite|before|lors|après|pendant|dans)\s[^,;.]{3,140},",
                          re.IGNORECASE)
# A party that reports rather than acts: "police said", "police and witnesses said", "police
# spokesman Ali Nur told AP", "a police officer, Ali Nur, said". Up to three words of a name may
# follow a speaker's title (the text is lower-cased here, so a name cannot be told by its case).
_SAYS = (r"\s*(?:,\s*)?(?:(?:also|later|then|since|now|has|have|had)\s+){0,2}(?:said|says|told|reports|reported|announced|"
         r"stated|confirmed|added|indicated|a\s+(?:déclaré|annoncé|indiqué|affirmé|confirmé)|ont\s+(?:déclaré|annoncé|indiqué)|"
         r"selon)\b(?!\s+(?:that\s+|qu'|que\s+)?(?:it|its|they|their|ils|il|ses|leurs)\b)(?!\s+(?:responsibility|credit))"
         r"(?!\s+(?:dead|killed|missing|injured|wounded|kidnapped|abducted)\b)")  # "30 people reported dead"
_SPEAKER_NAME = r"(?:\s*,?(?:\s+[\w'.-]+){1,3}?\s*,?)?"
_SPEAKER_TITLE = (r"(?:spokes(?:man|woman|person)|officers?|officials?|captain|colonel|major|lieutenant|commander|"
                  r"chief|sources?|statements?|porte-parole|responsables?|communiqués?)")
_CO_SOURCES = (r"(?:\s+(?:and|et)\s+(?:the\s+|local\s+|other\s+)?(?:witnesses|residents|sources|officials|medics|doctors|"
               r"survivors|locals|relatives|emergency\s+services|rescuers|témoins|habitants))?")
_SOURCE_AFTER = re.compile(rf"(?:\s+{_SPEAKER_TITLE}\b{_SPEAKER_NAME})?{_CO_SOURCES}{_SAYS}")
# After a mention that is itself a title ("police officer"): a name, then the verb of saying.
_TITLED_SOURCE_AFTER = re.compile(_SPEAKER_NAME + _SAYS)
# Named armed groups speak of their own acts (claims); the state and the UN report on others'.
_CLAIMING_KINDS = frozenset({"islamist", "rebel", "militia", "ethnic_militia"})
_TITLE_END = re.compile(_SPEAKER_TITLE + "$")
_AGENT_WORDS = re.compile(r" (?:by|par|da|dai|dagli|from) ")
_UNDERGO = re.compile(r"^(?:subjected to|came under|come under|comes under|repel(?:led|s)|repuls(?:ed|es)|repouss\w*|foil(?:ed|s)|"
                     r"été la cible|été pris(?:e|es)? pour cible|trouvé la mort|perdu la vie|péri|succombé|"
                     r"thwart(?:ed|s)|fought off|fended off)$", re.IGNORECASE)
_TARGET_BEFORE = re.compile(
    r"\b(?:(?:on|against|targeting|targeted|at|upon|contre|visant|sur|contro|ambush(?:ed)?|attack(?:ed)?|killing|killed|"
    r"kidnapped|abducted|attaqué|tuant|enlevé|tué|tués|blessant|blessé|abattu|exécuté|assassiné|enlevant|visé|ciblé|"
    r"frappé)\s+|passage\s+d(?:'|e\s+|u\s+|es\s+))"
    r"(?:the\s+|a\s+|an\s+|two\s+|three\s+|several\s+|une?\s+|des\s+|les?\s+|la\s+|l'|"
    r"[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_JOIN_BEFORE = re.compile(
    r"^\s*(?:,|and|with|alongside|together with|backed by|supported by|accompanied by|assisted by|guided by|et|avec|"
    r"appuyés? par|soutenus? par|aux côtés de|e|con)\s+(?:the\s+|les?\s+|la\s+|l'|des\s+)?"
    r"(?:(?:local|allied|clan|pro-government|friendly|loyalist|locales?|alliés?)\s+)?$",
    re.IGNORECASE,
)
# Mentions in these frames are context, not parties: "in response to the presence of Wagner".
_CONTEXT_BEFORE = re.compile(
    r"(?:presence of|in response to|response to|in retaliation (?:for|against)|retaliation for|reprisal for|in reprisal|"
    r"fight against|war against|war on|campaign against|cooperation with|collaborat\w+ with|accused of collaborat\w+ with|"
    r"accused of working (?:for|with)|informants? (?:for|of)|suspected of (?:being|collaborat\w+)|withdrawal of|departure of|"
    r"deployment of|arrival of|présence d[eu]s?|en représailles|riposte à|lutte contre|départ d[eu]s?|retrait d[eu]s?|"
    r"collaboration avec|accusés? de collaborer avec|leader of|chief of|head of|spokesman (?:for|of)|according to|selon|"
    r"arrivée d[eu]s?)"
    r"(?:\s+(?:the|a|les?|la|l'|des|du|de|Russia's|Russian|French|foreign|[A-Z][\w'-]*'s))*\s*$",
    re.IGNORECASE,
)
# Attacks in general "attributed to" a group ("le nord est régulièrement la cible d'attaques attribuées
# au JNIM"): background, the group is no party (tried only when "attribu"/"imput"/"blamed" is there).
_GENERAL_ATTRIBUTION = re.compile(
    r"(?:attacks|attaques|violences|exactions)\s+(?:\w+\s+)?(?:attributed\s+to|blamed\s+on|attribuées\s+(?:à|au|aux)|"
    r"imputées\s+(?:à|au|aux))(?:\s+(?:the|a|les?|la|l'|des|du))*\s*$")
_CONTEXT_WINDOW = 70
# Mentions that name a weapon use of their actor ("French airstrikes", "a Kenyan air raid"); an
# aircraft itself may be a target ("a Malian helicopter was shot down"), so vehicles are not listed.
_INSTRUMENT = re.compile(r"(?:strikes?|raids?|bombardments?|shelling)$",
                         re.IGNORECASE)
# Verbs whose parties act on each other: "X and Y clashed" names two sides, and the participle
# is never a reduced passive ("JNIM and ISGS militants reportedly clashed near ...").
_RECIPROCAL = re.compile(r"^(?:clash(?:ed|es)?|fought|fight(?:s|ing)?|exchang(?:ed|es) fire|engag(?:ed|es)|affront\w*|"
                         r"scontr\w*)$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|entre|tra|fra)\s+(?:the\s+|les?\s+|la\s+|l'|des\s+)?(?:[\w-]+\s+){0,2}$",
                             re.IGNORECASE)
_OPPOSED_JOIN = re.compile(r"^\s*(?:and|et|e)\s+(?:the\s+|les?\s+|la\s+|l'|des\s+)?$", re.IGNORECASE)
# French perfect with "avoir" is active: "X ont tué au moins dix civils" (no reduced passive).
_FR_PERFECT = re.compile(r"(?:^|\s)(?:a|ont|avait|avaient|auraient|aurait)\s+\S+$")
# "attaque de/des (présumés) (éléments de) X", "attaque terroriste": X attacked (see assign_roles).
_ATTACK_OF_BEFORE = re.compile(
    r"\b(?:(?:attaques?|attentats?|embuscades?|incursions?)\s+|(?:raids?|assauts?|offensives?)\s+(?=d))"
    r"(?:(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')"
    r"(?:(?:présumés?|supposés?|éléments|combattants|membres|hommes|miliciens|jihadistes|djihadistes)\s+(?:armés\s+)?"
    r"(?:de\s+la\s+|de\s+l'|du\s+|des\s+|de\s+|d')?)*)?$")  # (no preposition: "une attaque terroriste")
_ATTACK_OF_HINT = re.compile(r"attaque|attentat|embuscade|incursion|raid|assaut|offensive")
# State and foreign forces joined by "and" fight on the same side ("French and Malian troops").
_FORCE_KINDS = frozenset({"state", "external"})
# Role cues run on lower-cased text (textutil.lowered): several times faster than IGNORECASE.
_ACTION = _guard_word_start(_lowered(_ACTION))  # (and searched over the whole passage)
_PASSIVE_BEFORE = _lowered(_PASSIVE_BEFORE)
_REDUCED_PASSIVE_AFTER = _lowered(_REDUCED_PASSIVE_AFTER)
_AGENT_BEFORE = _lowered(_AGENT_BEFORE)
_TARGET_BEFORE = _lowered(_TARGET_BEFORE)
_PERPETRATOR_BEFORE = _lowered(_PERPETRATOR_BEFORE)
_PERPETRATOR_MORE = _lowered(_PERPETRATOR_MORE)
_HIT_DEVICE = _lowered(_HIT_DEVICE)
_JOIN_BEFORE = _lowered(_JOIN_BEFORE)
_CONTEXT_BEFORE = _lowered(_CONTEXT_BEFORE)
_LEAD_CLAUSE = _lowered(_LEAD_CLAUSE)
_UNDERGO = _lowered(_UNDERGO)
_PARTICIPLE = _lowered(_PARTICIPLE)
# Words one of the context frames needs; a passage without any has no context mentions.
# (A character trie of the words: one test per character instead of one per word.)
_CONTEXT_HINT = re.compile(_trie_regex(sorted((
    "presence", "response", "retaliation", "reprisal", "fight against", "war ", "campaign", "cooperation", "collaborat",
    "informant", "suspected of", "withdrawal", "departure", "deployment", "arrival", "présence", "représailles", "riposte",
    "lutte", "départ", "retrait", "leader", "chief", "head of", "spokesman", "according", "selon", "arrivée",
    "attributed", "blamed", "attribuées", "imputées"))))
_CLAUSE_BREAK = re.compile(r"[;:!?]|\.\s|,\s(?:and|but|while|whereas|mais)\b")


def _is_context(text: str, mention: Mention) -> bool:
    window = text[max(0, mention.start - _CONTEXT_WINDOW):mention.start]
    if _CONTEXT_BEFORE.search(window) or _names_a_dated_incident(text, mention):
        return True
    return ("attribu" in window or "imput" in window or "blamed" in window) and _GENERAL_ATTRIBUTION.search(window) is not None


def _perpetrator_before(window: str) -> bool:
    if _PERPETRATOR_BEFORE.search(window):
        return True
    return any(w in window for w in _PERPETRATOR_WORDS) and _PERPETRATOR_MORE.search(window) is not None


# The group of an older incident a report recalls: "the scene of a massive al-Shabab blast in
# 2017", "the 2019 ISWAP attack on Metele", "l'attentat de l'EI en 2021" (lower-cased text).
_EVENT_NOUN = (r"(?:blast|bombing|explosion|attack|raid|massacre|assault|ambush|siege|offensive|killings?|"
               r"attentat|attaque|embuscade|assaut)s?")
_DATED_EVENT_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}" + _EVENT_NOUN + r"\s+(?:[\w'-]+\s+){0,3}?(?:in|en|of|de)\s+"
                                r"(?:(?:early|late|mid|début|fin)\s+)?(?:[a-zéû]+\s+)?(?:19|20)\d\d\b")
_YEAR_BEFORE = re.compile(r"\b(?:19|20)\d\d(?:\s+[\w-]+)?\s+$")
_EVENT_NOUN_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,1}" + _EVENT_NOUN + r"\b")
_YEAR_HINT = re.compile(r"\b(?:19|20)\d\d\b")


def _names_a_dated_incident(text: str, mention: Mention) -> bool:
    if _DATED_EVENT_AFTER.match(text, mention.end):
        return True
    return bool(_YEAR_BEFORE.search(text, max(0, mention.start - 20), mention.start)
                and _EVENT_NOUN_AFTER.match(text, mention.end))


def _is_source(text: str, mention: Mention) -> bool:
    if mention.kind in _CLAIMING_KINDS and not mention.generic:
        return False  # "ISWAP said in a statement that its fighters killed ...": a claim, not a report
    if _SOURCE_AFTER.match(text, mention.end):
        return True
    return bool(_TITLE_END.search(mention.surface.lower()) and _TITLED_SOURCE_AFTER.match(text, mention.end))


def _before(text: str, mention: Mention, width: int = 60) -> str:
    return text[max(0, mention.start - width):mention.start]


def assign_roles(text: str, mentions: Sequence[Mention]) -> Roles:
    """Pick actor1 (the side that acted), actor2 (its target/opponent) and associates.

    The main verb is the first action verb. When it is active, actor1 is the (first armed)
    party before it; an agent phrase ("by X") only names actor1 when no party acts as a
    subject ("the post ... was looted by the assailants" repeats the subject, it does not
    replace it). When it is passive ("two soldiers were killed", "MINUSMA convoy hit by an
    IED", "soldiers wounded in an ambush"), the parties before it are victims and actor1 is
    the agent ("by X"), or nobody. actor2 prefers an explicit target ("attack on X",
    "against X"), then the victims, then the first other party after the verb. Parties
    joined to actor1 ("French and Malian forces", "army backed by Wagner") are its associates.
    """
    text = _lower(text.replace("\u2019", "'"))  # every cue below is written for lower-cased text
    parties = (list(mentions) if not (_CONTEXT_HINT.search(text) or _YEAR_HINT.search(text))
               else [m for m in mentions if not _is_context(text, m)])
    roles = Roles()
    if not parties:
        return roles
    verb = _ACTION.search(text)
    while verb is not None and any(m.start <= verb.start() < m.end for m in parties):
        verb = _ACTION.search(text, verb.end())  # "army post attacked": the verb is not inside a name
    verb_pos = verb.start() if verb else len(text)
    passive = bool(verb and _PASSIVE_BEFORE.search(text, max(0, verb_pos - 40), verb_pos))
    reciprocal = bool(verb and _RECIPROCAL.match(verb.group()))
    if (verb and not passive and not reciprocal and _PARTICIPLE.search(verb.group())
            and not _FR_PERFECT.search(text, max(0, verb_pos - 8), verb.end())
            and _REDUCED_PASSIVE_AFTER.match(text, verb.end())):
        # Reduced passive only when a party sits right before the participle ("FAMa post attacked in ...").
        prev = [m for m in parties if m.end <= verb_pos]
        passive = bool(prev) and verb_pos - prev[-1].end <= 30 and not re.search(r"[,;.]", text[prev[-1].end:verb_pos])
    if verb and not passive and verb.group().lower() in _HIT_VERBS and _HIT_DEVICE.match(text, verb.end()):
        passive = True
    if verb and not passive and _UNDERGO.match(verb.group()):
        # "FAMa camp subjected to mortar fire", "the army repelled an attack by militants": the
        # subject defended; the attacker is the agent, if named.
        prev = [m for m in parties if m.end <= verb_pos]
        passive = verb.group().lower().startswith(("rep", "foil", "thwart", "fought", "fended")) or (
            bool(prev) and verb_pos - prev[-1].end <= 40 and not re.search(r"[,;.]", text[prev[-1].end:verb_pos]))
    victims: list[Mention] = []
    if passive:
        clause_start = max(text.rfind(",", 0, verb_pos), text.rfind(";", 0, verb_pos), text.rfind(". ", 0, verb_pos)) + 1
        victims = [m for m in parties if clause_start <= m.start and m.end <= verb_pos]
    victims = [m for m in victims if not (m.armed and _INSTRUMENT.search(m.surface))]
    victim_ids = {id(m) for m in victims}
    # "the Malian army said on Monday": a source of the report, not a subject of the action
    # (unless it speaks of its own action: "the army said it killed ...").
    roles.sources = [m for m in parties if _is_source(text, m)]
    source_ids = {id(m) for m in roles.sources}
    # Agent phrases need one of a few words; checking for them first skips most regex searches.
    agents = [m for m in parties if m.kind != "civilians" and id(m) not in victim_ids
              and _AGENT_WORDS.search(text, max(0, m.start - 60), m.start)
              and _AGENT_BEFORE.search(_before(text, m))]
    if _ATTACK_OF_HINT.search(text):
        # "lors d'une attaque de miliciens de la CODECO": French "attaque de" + a non-state
        # armed group names who attacked ("l'attaque du camp militaire" names the target: forces
        # are left out).
        of = [m for m in parties if m.armed and m.kind not in _FORCE_KINDS and id(m) not in victim_ids
              and all(m is not a for a in agents) and _ATTACK_OF_BEFORE.search(_before(text, m, 50))]
        if of:
            agents = sorted(agents + of, key=lambda m: m.start)
    # "killed during French airstrikes": a strike is the acting side's weapon, never its target.
    instruments = {id(m) for m in parties if m.armed and _INSTRUMENT.search(m.surface)}
    targets = [m for m in parties if id(m) not in instruments and _TARGET_BEFORE.search(_before(text, m, 50))]
    target_ids = {id(m) for m in targets}

    # "In an exchange of fire with rebels, a UN helicopter shot ...": a leading adverbial
    # clause holds no subject.
    lead = _LEAD_CLAUSE.match(text)
    lead_end = lead.end() if lead and lead.end() < verb_pos else -1

    actor1: Mention | None = None
    if passive:
        after_verb = [m for m in agents if m.start >= verb_pos]
        # "herders were killed during French airstrikes": the strike's owner acted.
        strikes = [m for m in parties if id(m) in instruments and m.start >= verb_pos]
        actor1 = (after_verb or agents or strikes or [None])[0]
    else:
        before = [m for m in parties if lead_end <= m.start and m.end <= verb_pos and id(m) not in target_ids]
        if verb is None or any(id(m) not in source_ids for m in before):
            # "Police said gunmen stormed ...", "a car exploded, a police officer told AP": the
            # speaker is not the subject. A speaker alone before an action verb reports its own
            # action ("Barkhane said its soldiers neutralised 20 jihadists"); a named armed group
            # is never a mere speaker (``_is_source``).
            before = [m for m in before if id(m) not in source_ids]
        armed_before = [m for m in before if m.armed]
        named_agents = [m for m in agents if not m.generic]
        if armed_before:
            actor1 = armed_before[0]
            if actor1.generic and actor1.kind == "unidentified" and named_agents:
                actor1 = named_agents[0]  # "gunmen, later identified as fighters of X"
        elif agents:
            actor1 = agents[0]
        elif before and before[0].kind not in ("civilians",):
            actor1 = before[0]
        elif before:
            actor1 = before[0]  # "villagers lynched a suspected thief"
        else:
            # No subject ("Friday's attack on an army post ... suspected jihadists attacked"): the
            # first armed party that is neither the target's side nor a mere source.
            target_names = {m.name for m in targets}
            actor1 = next((m for m in parties if m.armed and id(m) not in target_ids and id(m) not in source_ids
                           and m.name not in target_names), None) or next(
                (m for m in parties if m.armed and id(m) not in target_ids and id(m) not in source_ids), None)
    perpetrators = [m for m in parties if m.armed and id(m) not in victim_ids
                    and _perpetrator_before(_before(text, m, 80))]
    if perpetrators and (actor1 is None or passive or (actor1.generic and not perpetrators[0].generic)):
        actor1 = perpetrators[0]
    roles.actor1 = actor1

    # Associates of actor1: other parties joined to it ("French and Malian forces", "army backed by Wagner").
    assoc_ids: set[int] = set()
    opponent: Mention | None = None
    if actor1 is not None:
        idx = parties.index(actor1)
        prev_end = actor1.end
        for m in parties[idx + 1:]:
            between = text[prev_end:m.start]
            if m.name == actor1.name and _JOIN_BEFORE.match(between):
                prev_end = m.end
                assoc_ids.add(id(m))
                continue
            if _JOIN_BEFORE.match(between) and m.armed and id(m) not in target_ids and id(m) not in victim_ids:
                opposed = reciprocal or _BETWEEN_BEFORE.search(text, max(0, actor1.start - 40), actor1.start)
                if opposed and opponent is None and _OPPOSED_JOIN.match(between) and not (
                        actor1.kind in _FORCE_KINDS and m.kind in _FORCE_KINDS):
                    # "JNIM and ISGS clashed", "fighting between the army and rebels": the
                    # second party of a reciprocal verb or of "between" is the other side.
                    opponent = m
                    break
                if all(a.name != m.name for a in roles.assoc1):
                    roles.assoc1.append(m)
                assoc_ids.add(id(m))
                prev_end = m.end
                continue
            break

    def candidate(m: Mention) -> bool:
        if id(m) in assoc_ids or (actor1 is not None and m.name == actor1.name):
            return False
        if id(m) in source_ids and id(m) not in target_ids and id(m) not in victim_ids:
            return False  # "a government statement said ...": who reports is not the target
        # A later "the assailants"/"the attackers" repeats a non-state actor1.
        return not (actor1 is not None and actor1.kind not in ("state", "external") and m.generic
                    and m.kind == "unidentified" and id(m) not in target_ids and id(m) not in victim_ids)

    ordered = [m for m in targets if candidate(m)]
    if not ordered and opponent is not None:
        ordered = [opponent]
    if not ordered:
        ordered = [m for m in victims if candidate(m)] + [m for m in parties if m.start >= verb_pos and candidate(m)]
    if not ordered:
        ordered = [m for m in parties if candidate(m)]
    if ordered:
        roles.actor2 = ordered[0]
        if roles.actor2.generic and roles.actor2.kind == "unidentified":
            # "retook the town from al Shabaab ... killing 15 militants": the named group is the side.
            named = next((m for m in parties if candidate(m) and m.armed and not m.generic
                          and m.kind not in _FORCE_KINDS and id(m) not in source_ids), None)
            if named is not None and actor1 is not None and actor1.kind in _FORCE_KINDS:
                roles.actor2 = named
    if roles.actor2 is not None and roles.actor2.ethnic_group:
        roles.assoc2.append(roles.actor2.ethnic_group)
    if roles.actor2 is not None and id(roles.actor2) in victim_ids:
        # "VDP and soldiers repelled an attack": the defenders in one clause fought together.
        roles.allies2 = [m for m in victims if m.armed and m.name != roles.actor2.name]
    return roles
