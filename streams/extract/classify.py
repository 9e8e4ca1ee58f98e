"""Event-type classification: what kind of incident does a text report?

Owns the mapping *text -> ACLED event type / sub-event type* and the CASE 2021 label of
that sub-type (plus CASE's non-ACLED "unseen" labels such as NATURAL_DISASTER or DIPLO
for texts that are not political-violence events at all).

How it works (and why):
- Cue lists live in ``data/classify_cues.yaml`` (English, French, a little Italian), one
  category per concept ("ied", "ambush", "atk_civ" = attack verb + civilian target ...).
- They are compiled once into three combined regexes ("layers"). One alternation per
  layer keeps the cost to a few scans of the text (< 0.15 ms for a 300-char note); the
  layers exist because a regex alternation reports one category per position, and a
  relational cue ("ambushed a patrol") must not hide the lexical one ("ambush") or the
  actor ("patrol").
- ``_decide`` then applies ACLED's codebook precedence explicitly (explosive modality
  before target, complex ambush = battle, killing + abduction = attack, protesters'
  violence = riot, ...). Explicit rules are easier to audit than learned weights and
  behave predictably on unseen countries.
- Long articles: cues of the lead (first ~sentences) decide when the lead reports an
  event, so background paragraphs about older incidents do not override it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from re import _parser  # type: ignore[attr-defined]  # stable since 3.11; used once at import
from typing import Any, Callable, Iterable

import yaml

from models.event import EventType, SubEventType, SUB_EVENT_TYPES
from streams.extract.textutil import factor_alternatives, leading_group, split_alternatives, trie_regex

__all__ = [
    "Classification",
    "classify",
    "case_label_for",
    "CASE_LABELS",
    "UNSEEN_CASE_LABELS",
    "NO_EVENT_LABEL",
    "warm_up",
]


@dataclass(frozen=True)
class Classification:
    """Result of :func:`classify`. ``event_type`` None = not an ACLED event."""

    event_type: EventType | None
    sub_event_type: SubEventType | None
    case_label: str
    cues: tuple[str, ...] = ()


# CASE 2021 task-2 codes of ACLED's 25 sub-event types.
CASE_LABELS: dict[SubEventType, str] = {
    SubEventType.ARMED_CLASH: "ARMED_CLASH",
    SubEventType.GOVERNMENT_REGAINS_TERRITORY: "GOV_REGAINS_TERIT",
    SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY: "NON_STATE_ACTOR_OVERTAKES_TER",
    SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS: "FORCE_AGAINST_PROTEST",
    SubEventType.PROTEST_WITH_INTERVENTION: "PROTEST_WITH_INTER",
    SubEventType.PEACEFUL_PROTEST: "PEACE_PROTEST",
    SubEventType.VIOLENT_DEMONSTRATION: "VIOL_DEMONSTR",
    SubEventType.MOB_VIOLENCE: "MOB_VIOL",
    SubEventType.CHEMICAL_WEAPON: "CHEM_WEAP",
    SubEventType.AIR_DRONE_STRIKE: "AIR_STRIKE",
    SubEventType.SUICIDE_BOMB: "SUIC_BOMB",
    SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK: "ART_MISS_ATTACK",
    SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED: "REM_EXPLOS",
    SubEventType.GRENADE: "GRENADE",
    SubEventType.SEXUAL_VIOLENCE: "SEX_VIOL",
    SubEventType.ATTACK: "ATTACK",
    SubEventType.ABDUCTION_FORCED_DISAPPEARANCE: "ABDUCT_DISSAP",
    SubEventType.AGREEMENT: "AGREEMENT",
    SubEventType.ARREST: "ARREST",
    SubEventType.CHANGE_TO_GROUP_ACTIVITY: "CHANGE_TO_GROUP_ACT",
    SubEventType.DISRUPTED_WEAPONS_USE: "DISR_WEAP",
    SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED: "HQ_ESTABLISHED",
    SubEventType.LOOTING_PROPERTY_DESTRUCTION: "PROPERTY_DISTRUCT",
    SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY: "NON_VIOL_TERRIT_TRANSFER",
    SubEventType.OTHER: "OTHER",
}

# CASE labels for texts that are not ACLED events (event_type None).
NATURAL_DISASTER = "NATURAL_DISASTER"
MAN_MADE_DISASTER = "MAN_MADE_DISASTER"
DIPLO = "DIPLO"
ORG_CRIME = "ORG_CRIME"
ATTRIB = "ATTRIB"
UNSEEN_CASE_LABELS: tuple[str, ...] = (NATURAL_DISASTER, MAN_MADE_DISASTER, DIPLO, ORG_CRIME, ATTRIB)
# No cue at all: not an event, and not one of CASE's labels either (so it never
# counts as a false positive of a real class).
NO_EVENT_LABEL = "NO_EVENT"

_EVENT_TYPE_OF: dict[SubEventType, EventType] = {
    sub: etype for etype, subs in SUB_EVENT_TYPES.items() for sub in subs
}


def case_label_for(sub_event_type: SubEventType) -> str:
    """CASE 2021 code of an ACLED sub-event type (e.g. Air/drone strike -> AIR_STRIKE)."""
    return CASE_LABELS[SubEventType(sub_event_type)]


# ---------------------------------------------------------------------------
# Text normalisation
# ---------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    """Accent folding for Latin-1 + Latin Extended-A, typographic quotes/dashes to ASCII."""
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii():
            table[cp] = base.lower()
    table.update({ord("œ"): "oe", ord("æ"): "ae", ord("ß"): "ss", ord("ø"): "o", ord("đ"): "d", ord("ł"): "l"})
    for q in "\u2019\u2018\u02bc\u0060\u00b4":
        table[ord(q)] = "'"
    for q in "\u201c\u201d\u00ab\u00bb":
        table[ord(q)] = '"'
    for d in "\u2010\u2011\u2012\u2013\u2014":
        table[ord(d)] = "-"
    table[0xA0] = " "
    return table


_FOLD = _build_fold_table()


def _normalise(text: str) -> str:
    return text.lower().translate(_FOLD)


# Named armed organisations are replaced in the normalised text by a marker word of the same
# length: state/foreign forces by "ʘʘʘ…", non-state groups by "ǂǂǂ…". The cue patterns then
# need one token class instead of hundreds of names (``{ARMED}`` includes both markers, ``gov``
# and ``nonstate`` one each); positions stay those of the original text.
_STATE_MARK = "\u0298"  # ʘ
_NONSTATE_MARK = "\u01c2"  # ǂ


def _normalise_text(text: str) -> str:
    """``_normalise`` for input text, with armed organisations' names replaced by markers."""
    norm = text.lower().translate(_FOLD)
    nouns = _actor_nouns()
    spans: list[tuple[int, int, str]] = []
    # The tries start with a literal character set, so the engine skips most positions in C;
    # the word-start test is done here for the few hits.
    kinds = nouns.name_kind
    for m in nouns.name_re.finditer(norm):
        start = m.start()
        if start == 0 or not norm[start - 1].isalnum():
            spans.append((start, m.end(), kinds[m.group()]))
    if len(norm) == len(text):
        kinds = nouns.acronym_kind
        for m in nouns.acronym_re.finditer(text):
            start = m.start()
            if start == 0 or not text[start - 1].isalnum():
                spans.append((start, m.end(), kinds[m.group()]))
    if not spans:
        return norm
    spans.sort()
    out: list[str] = []
    last = 0
    for start, end, mark in spans:
        if start < last:
            continue  # overlapping names ("JNIM" inside a longer one)
        out.append(norm[last:start])
        out.append(mark * (end - start))
        last = end
    out.append(norm[last:])
    return "".join(out)


@dataclass(frozen=True)
class _ActorNouns:
    """Names of armed organisations in ``data/actors.yaml`` prepared for ``_normalise_text``."""

    name_re: re.Pattern[str]  # organisation names (normalised, lower case), a trie
    name_kind: dict[str, str]  # matched name -> marker
    acronym_re: re.Pattern[str]  # acronyms, matched case-sensitively in the original text
    acronym_kind: dict[str, str]


# actors.yaml kinds that can be a party to a battle (its ARMED_KINDS, split for gov/nonstate).
_STATE_KINDS = frozenset({"state", "external"})
_NONSTATE_KINDS = frozenset({"rebel", "islamist", "militia", "ethnic_militia", "unidentified"})
_ACRONYM_MAX = 6


def _alternation(words: Iterable[str]) -> str:
    """A character trie of literal names: fails after a character or two on non-names, where a
    flat alternation of hundreds of names would try every one at each position."""
    uniq = sorted(set(w for w in words if w))
    return "(?:" + trie_regex(uniq) + ")" if uniq else "(?!)"


@lru_cache(maxsize=1)
def _actor_nouns() -> _ActorNouns:
    """Organisation names and acronyms of armed actors from the shared alias table (read once).

    The cue file keeps the generic nouns (soldiers, militants, gendarmes, villagers); the names
    of organisations (MSA, Dan Na Ambassagou, Katiba Macina, FAMa ...) come from ``actors.yaml``
    so both modules agree on who is armed. Templates (generic nouns) are skipped: a long list of
    generic phrases in every target slot would cost more than it finds."""
    raw = yaml.safe_load(resources.files("streams.extract").joinpath("data/actors.yaml").read_text("utf-8"))
    name_kind: dict[str, str] = {}
    acronym_kind: dict[str, str] = {}
    for entry in raw.get("actors", []):
        kind = entry.get("kind")
        if "{" in str(entry.get("name", "")) or kind not in _STATE_KINDS | _NONSTATE_KINDS:
            continue
        mark = _STATE_MARK if kind in _STATE_KINDS else _NONSTATE_MARK
        aliases = [str(a) for a in entry.get("aliases", ())]
        aliases += [str(a) for u in entry.get("units", ()) for a in u.get("aliases", ())]
        for alias in aliases:
            letters = alias.replace(".", "").replace("-", "")
            if letters.isupper() and len(letters) <= _ACRONYM_MAX and " " not in alias:
                acronym_kind.setdefault(alias, mark)
            else:
                name_kind.setdefault(_normalise(alias), mark)
    return _ActorNouns(
        name_re=re.compile(_alternation(name_kind) + r"(?!\w)"),
        name_kind=name_kind,
        acronym_re=re.compile(_alternation(acronym_kind) + r"(?!\w)"),
        acronym_kind=acronym_kind,
    )


# ---------------------------------------------------------------------------
# Cue compilation
# ---------------------------------------------------------------------------

# Words inside one sentence: a token, then separators that are not sentence punctuation.
_WORD_GAP = r"(?:[\w'-]+[^\w.!?;]+){{0,{n}}}?"
# Same, but the gap may not contain "by"/"par": in "killed by gunmen" the noun after
# the verb is the perpetrator, not the target.
# Nor a preposition of place/time: in "killed two sheep in the village" the village is
# where, not whom ("tués lors d'une attaque de miliciens": the militiamen attacked).
_WORD_GAP_NO_AGENT = (
    r"(?:(?!(?:by|par|in|at|near|inside|outside|during|after|before|while|when|dans|pres|lors|pendant|durant|apres)\b"
    r"|(?:around|between)\b(?!\s+(?:\d|a |an |one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|a dozen|dozens|several|some)))"
    r"[\w'-]+[^\w.!?;]+){{0,{n}}}?"
)
# ("around"/"between" + a number is an estimate of the victims, "killed around fifteen
# militants", not a place or time.)
# Noun-first passives ("soldiers ... were killed"): no comma and no preposition in the gap,
# else "arrested by soldiers at X were executed" makes the soldiers the victims.
_WORD_GAP_CLAUSE = (
    r"(?:(?!(?:by|par|in|at|near|from|of|dans|pres|de)\b)[\w'-]+[^\w.!?;,]+){{0,{n}}}?"
)
_MACRO_RE = re.compile(r"\{([A-Z_]+|[wvp]\d)\}")

# Categories scanned in the "relational" layer (verb + object/subject within a window)
# and the "generic" layer (actors, generic violence words); everything else is lexical.
_RELATIONAL = (
    "force", "disrupt", "terr_nonviolent", "terr_gov_verb", "terr_take", "atk", "killt", "abductt", "loot", "hq", "mob",
)
_GENERIC = ("gov", "nonstate", "gunmen", "attack", "nocas", "kill", "riot_weak")


@dataclass(frozen=True)
class _Layer:
    """One scan: per first character of a word, an alternation of the cues that can start with it.

    Python's regex engine tries every branch of an alternation at every position; with
    ~700 cues that is far too slow. Dispatching on the word's first character leaves a
    few dozen branches per word, which keeps a 300-char text well under 0.1 ms.
    """

    # word's first 3 characters -> alternation of the cues that can start so (or None);
    # filled lazily: only keys seen in real text are ever compiled.
    by_key: dict[str, re.Pattern[str] | None]
    # (group name, regex source specialised per first char, exact 3-char starts, open starts)
    entries: tuple[tuple[str, dict[str, str], frozenset[str], frozenset[str]], ...]
    # Cheap pre-check before running a regex at a word: the word's first 3 characters
    # must be a possible cue start (``starts3``) or extend a shorter open prefix
    # (``starts_open``, e.g. "hq" or "" for a cue that can start with any letter).
    starts3: frozenset[str]
    starts_open: frozenset[str]
    # outer group name -> category
    categories: dict[str, str]
    # outer group name -> ((inner group name, emitted category), ...) for {TGT} patterns
    targets: dict[str, tuple[tuple[str, str], ...]]
    # outer group name -> gate bit (``_pattern_gate``) of the cues that need a gate word
    gates: dict[str, int]


def _expand(pattern: str, macros: dict[str, str]) -> str:
    def repl(m: re.Match[str]) -> str:
        key = m.group(1)
        if key[0] in "wvp" and key[1:].isdigit():
            gap = {"w": _WORD_GAP, "v": _WORD_GAP_NO_AGENT, "p": _WORD_GAP_CLAUSE}[key[0]]
            return gap.format(n=key[1:])
        return macros[key]

    return _MACRO_RE.sub(repl, pattern)


# (+ the two actor markers, see ``_normalise_text``)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_\u0298\u01c2")


def _first_chars(items: Iterable[tuple[Any, Any]]) -> tuple[frozenset[str] | None, bool]:
    """First characters a parsed regex sequence can match (None = any) and whether it can match ''."""
    acc: set[str] = set()
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width
        if name == "LITERAL":
            acc.add(chr(av))
            return frozenset(acc), False
        if name == "IN":
            chars: set[str] = set()
            for sop, sav in av:
                sname = str(sop)
                if sname == "LITERAL":
                    chars.add(chr(sav))
                elif sname == "RANGE":
                    chars.update(chr(c) for c in range(sav[0], sav[1] + 1))
                elif sname == "CATEGORY" and str(sav) == "CATEGORY_DIGIT":
                    chars.update("0123456789")
                else:
                    return None, False
            acc |= chars
            return frozenset(acc), False
        if name == "SUBPATTERN":
            sub, nullable = _first_chars(av[-1])
        elif name == "BRANCH":
            sub, nullable = frozenset(), False
            for branch in av[1]:
                bset, bnull = _first_chars(branch)
                if bset is None:
                    return None, False
                sub, nullable = sub | bset, nullable or bnull
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            sub, nullable = _first_chars(av[2])
            nullable = nullable or av[0] == 0
        else:
            return None, False
        if sub is None:
            return None, False
        acc |= sub
        if not nullable:
            return frozenset(acc), False
    return frozenset(acc), True


_PREFIX_LEN = 3
_MAX_PREFIXES = 5000


def _prefixes(items: Iterable[tuple[Any, Any]], k: int = _PREFIX_LEN) -> set[tuple[str, bool]] | None:
    """Possible starts of a parsed regex sequence, as (text, closed) with len(text) <= k.

    closed=False means "anything may follow" (a \\w, a class we do not enumerate);
    closed=True strings shorter than k are complete matches. None = too many to list.
    """
    current: set[tuple[str, bool]] = {("", True)}
    for op, av in items:
        if all(not closed or len(text) >= k for text, closed in current):
            break
        item = _item_prefixes(op, av, k)
        if item is None:
            return None
        nxt: set[tuple[str, bool]] = set()
        for text, closed in current:
            if not closed or len(text) >= k:
                nxt.add((text, closed))
                continue
            for add, add_closed in item:
                joined = text + add
                nxt.add((joined[:k], add_closed or len(joined) >= k) if len(joined) >= k else (joined, add_closed))
        if len(nxt) > _MAX_PREFIXES:
            return None
        current = nxt
    return current


def _item_prefixes(op: Any, av: Any, k: int) -> set[tuple[str, bool]] | None:
    name = str(op)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return {("", True)}
    if name == "LITERAL":
        return {(chr(av), True)}
    if name == "IN":
        chars: set[str] = set()
        for sop, sav in av:
            sname = str(sop)
            if sname == "LITERAL":
                chars.add(chr(sav))
            elif sname == "RANGE" and sav[1] - sav[0] < 40:
                chars.update(chr(c) for c in range(sav[0], sav[1] + 1))
            elif sname == "CATEGORY" and str(sav) == "CATEGORY_DIGIT":
                chars.update("0123456789")
            else:
                return {("", False)}
        return {(c, True) for c in chars}
    if name == "SUBPATTERN":
        return _prefixes(av[-1], k)
    if name == "BRANCH":
        out: set[tuple[str, bool]] = set()
        for branch in av[1]:
            sub = _prefixes(branch, k)
            if sub is None:
                return None
            out |= sub
        return out
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = av
        one = _prefixes(body, k)
        if one is None:
            return None
        out = {("", True)} if low == 0 else set()
        seq: set[tuple[str, bool]] = {("", True)}
        for n in range(1, min(high, k) + 1):
            seq = {
                ((t + a)[:k], c2 if len(t + a) < k else True) if c else (t, c)
                for t, c in seq
                for a, c2 in one
            }
            if n >= low:
                out |= seq
        if high > k:
            out |= {(t, False) for t, c in seq if len(t) < k}
        return out
    return {("", False)}


@lru_cache(maxsize=None)
def _first_of(source: str) -> frozenset[str] | None:
    first, nullable = _first_chars(_parser.parse(source))
    if first is None or nullable or not first <= _WORD_CHARS:
        return None
    return first


def _only_starting_with(alternation: str, ch: str) -> str | None:
    """Keep the alternatives of a '(?:a|b|...)' group that can start with ``ch``."""
    lead = leading_group(alternation)
    if lead is None or lead[1]:
        return alternation
    kept = [alt for alt in split_alternatives(lead[0]) if (f := _first_of(alt)) is None or ch in f]
    return "(?:" + "|".join(kept) + ")" if kept else None


# Actor classes spliced into the cue patterns after normalisation.
_ACTOR_SLOTS = {
    "\x011": f"[{_STATE_MARK}{_NONSTATE_MARK}]+",
    "\x012": f"{_STATE_MARK}+",
    "\x013": f"{_NONSTATE_MARK}+",
}


def _fill_actor_slots(pattern: str) -> str:
    if "\x01" not in pattern:
        return pattern
    return re.sub("\x01[1-3]", lambda m: _ACTOR_SLOTS[m.group()], pattern)


def _norm_pattern(pattern: str) -> str:
    return _fill_actor_slots(_normalise(pattern))


def _factored(alternation: str) -> str:
    """A '(?:a|b|...)' macro with the shared literal starts of its alternatives factored out
    (``textutil.factor_alternatives``: same matches, same preferences). Verb-first cues try a
    target list of ~150 nouns after every word of their gap; factored, a word that starts no
    noun is rejected after a few character tests."""
    lead = leading_group(alternation)
    if lead is None or lead[1]:
        return alternation
    return "(?:" + factor_alternatives(split_alternatives(lead[0])) + ")"


def _compile_layer(
    cats: Iterable[tuple[str, list[str]]], macros: dict[str, str], targets: dict[str, dict[str, str]]
) -> _Layer:
    """Build the per-first-character alternations of one layer (priority = YAML order)."""
    norm_macros = {k: _norm_pattern(v) for k, v in macros.items()}
    # (Normalising is idempotent, so the normalised macros can be spliced into raw cues.)
    factored_macros = {k: _factored(v) for k, v in norm_macros.items()}
    entries: list[tuple[str, str]] = []  # (group name, pattern with \x00 for a {TGT} slot)
    categories: dict[str, str] = {}
    inner: dict[str, tuple[tuple[str, str], ...]] = {}
    gates: dict[str, int] = {}
    for name, patterns in cats:
        for raw in patterns:
            group = f"g{len(entries)}"
            pattern = _norm_pattern(_expand(raw.replace("{TGT}", "\x00"), factored_macros))
            if "\x00" in pattern:
                inner[group] = tuple((f"{group}_{kind}", emitted) for kind, emitted in targets[name].items())
            entries.append((group, pattern))
            categories[group] = name
            if gate := _pattern_gate(raw):
                gates[group] = gate

    def target_slot(group: str, ch: str | None) -> str | None:
        # Nearest target noun wins: the lazy word gap tries the shortest distance first
        # and, at one distance, ARMED before CIV. At a pattern start only the nouns
        # beginning with the word's first letter are kept.
        branches = []
        for (g, _), kind in zip(inner[group], targets[categories[group]]):
            nouns = norm_macros[kind.upper()]
            if ch is not None:
                nouns = _only_starting_with(nouns, ch)
            if nouns:
                branches.append(f"(?P<{g}>{_factored(nouns)})")
        return "(?:" + "|".join(branches) + ")" if branches else None

    starts3: set[str] = set()
    starts_open: set[str] = set()
    compiled_entries = []
    for group, pattern in entries:
        source = pattern.replace("\x00", target_slot(group, None) or "") if group in inner else pattern
        starts = _prefixes(_parser.parse(source))
        exact: set[str] = set()
        open_: set[str] = set()
        if starts is None:
            open_.add("")
        else:
            for text, _closed in starts:
                # shorter than the key: an open prefix ("hq" + anything, "" = any word)
                (exact if len(text) >= _PREFIX_LEN else open_).add(text)
        starts3 |= exact
        starts_open |= open_
        per_char: dict[str, str] = {}
        for ch in sorted(_WORD_CHARS):
            if pattern.startswith("\x00"):
                slot = target_slot(group, ch)
                if slot is None:
                    continue
                body: str | None = slot + pattern[1:].replace("\x00", target_slot(group, None) or "")
            else:
                first = _first_of(source)
                body = source if first is None or ch in first else None
            if body is not None:
                per_char[ch] = body
        compiled_entries.append((group, per_char, frozenset(exact), frozenset(open_)))
    return _Layer(
        by_key={},
        entries=tuple(compiled_entries),
        starts3=frozenset(starts3),
        starts_open=frozenset(starts_open),
        categories=categories,
        targets=inner,
        gates=gates,
    )


# Gate words: a noun-first cue that needs one of them cannot match a text without it, so its
# branch is left out of the regexes run on such a text (exact, no change of any match). The
# French passives ("ont été tués") need "été": English copy never tries them, and French or
# mixed copy (a French quote in an English report) does. The words are ``_ANCHOR`` words, so
# the anchor scan collects them for free. Word -> gate bit.
_GATE_WORDS = {"ete": 1, "including": 2, "among": 2}
_GATES_OPEN = 3  # every gate word present: the full regexes
# A '(?:a|b|...)' group of plain words that is not optional (no ?, *, {...} after it).
_WORD_GROUP = re.compile(r"\(\?:([a-z' ]+(?:\|[a-z' ]+)+)\)(?![?*{+])")


def _pattern_gate(raw: str) -> int:
    """Gate bit of a raw cue: a mandatory top-level group of plain words all of which end in
    a gate word of one gate ("{TGT} {w2}(?:a ete|ont ete) ..." -> the "ete" bit); else 0."""
    for m in _WORD_GROUP.finditer(raw):
        before = raw[: m.start()].replace("\\(", "").replace("\\)", "")
        if before.count("(") != before.count(")"):
            continue  # nested: the group may sit in an optional or alternative part
        bits = {_GATE_WORDS.get(alt.split()[-1], 0) if alt.strip() else 0 for alt in m.group(1).split("|")}
        if len(bits) == 1 and 0 not in bits:
            return bits.pop()
    return 0


_UNSEEN: Any = object()


def _key_regex(layer: _Layer, key: str, gate: int = _GATES_OPEN) -> re.Pattern[str] | None:
    """Alternation of the cues of ``layer`` that can start with ``key`` (cached in ``by_key``).

    With ``gate`` (bits of the gate words the text holds) short of ``_GATES_OPEN``, the cues
    whose gate word is missing are left out (the caller caches that variant)."""
    if not (key in layer.starts3 or key[:2] in layer.starts_open or key[:1] in layer.starts_open
            or "" in layer.starts_open):
        if gate == _GATES_OPEN:
            layer.by_key[key] = None
        return None
    gates = layer.gates
    branches = [
        f"(?P<{group}>{per_char[key[0]]})"
        for group, per_char, exact, open_ in layer.entries
        if key[0] in per_char and (key in exact or any(key.startswith(o) for o in open_))
        and gates.get(group, 0) & ~gate == 0
    ]
    # (?!\w): a cue must end at a word end ("grad" must not match "graduated").
    rx = re.compile("(?:" + "|".join(branches) + r")(?!\w)") if branches else None
    if gate == _GATES_OPEN:
        layer.by_key[key] = rx
    return rx


# (word's first 3 characters, gate bits) -> noun-first layer regex without the cues whose
# gate word the text lacks; only the few gate combinations real texts show are compiled.
_GATED_NOUN: dict[tuple[str, int], "re.Pattern[str] | None"] = {}


def _gated_noun_regex(key: str, gate: int) -> re.Pattern[str] | None:
    rx = _GATED_NOUN[(key, gate)] = _key_regex(_layers()[_NOUN_LAYER], key, gate)
    return rx


@lru_cache(maxsize=1)
def _layers() -> tuple[_Layer, _Layer, _Layer, _Layer]:
    raw = yaml.safe_load(resources.files("streams.extract").joinpath("data/classify_cues.yaml").read_text("utf-8"))
    macros = {k: _unsquash(v) for k, v in raw["macros"].items()}
    # Named armed organisations (markers, see ``_normalise_text``) join the armed targets.
    macros["ARMED"] = macros["ARMED"][:-1] + "|\x011)"
    targets = raw.get("targets", {})
    lexical: list[tuple[str, list[str]]] = []
    relational: list[tuple[str, list[str]]] = []
    generic: list[tuple[str, list[str]]] = []
    noun_first: list[tuple[str, list[str]]] = []
    for name, spec in raw["categories"].items():
        patterns = (spec.get("en") or []) + (spec.get("fr") or [])
        if name == "gov":
            patterns.append("(?:\x012)")
        elif name == "nonstate":
            patterns.append("(?:\x013)")
        if name in _RELATIONAL:
            relational.append((name, [x for x in patterns if not _NOUN_FIRST.match(x)]))
            noun_first.append((name, [x for x in patterns if _NOUN_FIRST.match(x)]))
        elif name in _GENERIC:
            generic.append((name, patterns))
        else:
            lexical.append((name, patterns))
    return (
        _compile_layer(lexical, macros, targets),
        _compile_layer(relational, macros, targets),
        _compile_layer(generic, macros, targets),
        _compile_layer(noun_first, macros, targets),
    )


# Relational cues that start with a noun class ("{TGT} were killed", "two soldiers died") would be
# tried at every noun; they form their own layer, scanned only where one of their closing
# words (a passive auxiliary, a casualty or attack participle) follows within _ANCHOR_WINDOW.
_NOUN_FIRST = re.compile(r"'?\{(?:TGT|NUM|PROTESTERS)\}")
_ANCHOR = re.compile(
    r"\b(?:were|was|been|being|came|come|comes|dead|died|killed|wounded|injured|lost|attacked|ambushed|targeted|raided|"
    r"overrun|subjected|including|among|shot|assassinated|executed|murdered|beaten|ete|tue\w*|abattu\w*|bless\w*)\b"
)
_ANCHOR_WINDOW = 110
_NOUN_LAYER = 3



def _unsquash(folded_yaml_value: str) -> str:
    """YAML '>-' folds line breaks into spaces; alternatives are split on '|' so drop those spaces."""
    return re.sub(r"\|\s+", "|", re.sub(r"\s+\|", "|", folded_yaml_value.strip()))


# Capture of a named place (original casing): "rebels seized Gao", "troops retook Kidal".
_CAPTURE_NAMED = re.compile(
    r"\b(?i:captured|seized|took|taken|retook|recaptured|retaken|overran|overrun|overtook|overtake|occupied|liberated|"
    r"took over|taken over|overtakes|overtaken|regained|secured|entered|reprise|repris|libere|libéré|occupé)"
    r"\s+(?:(?i:the|la|le|l')\s*)?(?:(?i:town|city|village|locality|district|ville|localite|localité)\s+(?:(?i:of|de)\s+)?)?"
    r"[A-Z][\w'-]{2,}"
)

# Cheap guard: most texts have none of the capture verbs, so skip the case-sensitive scan (a trie:
# only whether one occurs matters).
_CAPTURE_HINT = re.compile(trie_regex(sorted((
    "captur", "seiz", "took", "taken", "retook", "overr", "overt", "occup", "liberat", "libere", "regain", "secured",
    "entered", "repri"))))

_SENTENCE_END = re.compile(r"[.!?;]\s|\n")

# Texts longer than this are articles: their lead decides unless it reports no event
# (later paragraphs are often background about older incidents).
_LEAD_CHARS = 450
_LEAD_MIN_CHARS = 80


# ---------------------------------------------------------------------------
# Feature extraction
# ---------------------------------------------------------------------------


_NOWHERE = 1 << 30


class _Features:
    """First position (and surfaces) of each cue category found in a text window."""

    __slots__ = ("first", "surfaces", "norm")

    def __init__(self, norm: str) -> None:
        self.first: dict[str, int] = {}
        self.surfaces: list[tuple[int, str, str]] = []
        self.norm = norm

    def add(self, cat: str, pos: int, surface: str) -> None:
        if cat not in self.first:
            self.first[cat] = pos
        self.surfaces.append((pos, cat, surface))

    def has(self, *cats: str) -> bool:
        first = self.first
        for c in cats:
            if c in first:
                return True
        return False

    def pos(self, *cats: str) -> int:
        first = self.first
        best = _NOWHERE
        for c in cats:
            p = first.get(c, _NOWHERE)
            if p < best:
                best = p
        return best

    def restrict(self, end: int) -> "_Features":
        sub = _Features(self.norm)
        for pos, cat, surface in self.surfaces:
            if pos < end:
                sub.add(cat, pos, surface)
        return sub

    def without(self, cat: str, drop: Callable[[int], bool]) -> "_Features":
        """These features less the ``cat`` cues at the positions ``drop`` names."""
        kept = _Features(self.norm)
        for pos, c, surface in self.surfaces:
            if not (c == cat and drop(pos)):
                kept.add(c, pos, surface)
        return kept


_WORD = re.compile(r"\w+")
_ATTACK_WORDS = ("attacked", "stormed")
# word's first 3 characters -> (layer index, regex, layer) of the layers with a cue starting so.
# Filled lazily (and with every known cue start by ``warm_up``).
_KEY_TABLE: dict[str, "tuple[tuple[int, re.Pattern[str], _Layer], ...] | None"] = {}


def _key_regexes(key: str) -> tuple[tuple[int, re.Pattern[str], _Layer], ...] | None:
    """(layer index, regex, layer) of the layers with a cue starting with ``key`` (None if none).

    Only the layers that can match are listed, so the scan loop does no work for the others."""
    layers = _layers()
    entries = tuple(
        (i, rx, layer) for i, layer in enumerate(layers) if (rx := _key_regex(layer, key)) is not None
    )
    result = entries or None
    _KEY_TABLE[key] = result
    return result


# Second dispatch, on the word's first _LONG_KEY characters: of the layers ``_KEY_TABLE`` lists
# for the first 3, only those whose regex can start with these characters (``_prefixes`` of the
# regex; a superset of its real starts, so no match is lost). Most failing regex calls -- a
# word that shares its first 3 letters with a cue and nothing more -- are then never made.
# Filled lazily; cleared when it grows past _LONG_KEY_MAX (a long-running service sees an
# unbounded vocabulary). The noun-first layer is checked on _NOUN_KEY characters only: its
# regexes (noun lists times word gaps) take seconds each to list at 6 characters.
_LONG_KEY = 6
_NOUN_KEY = 4
_LONG_KEY_MAX = 200_000
_LONG_KEY_TABLE: dict[str, "tuple[tuple[int, re.Pattern[str], _Layer], ...] | None"] = {}
# (regex, length) -> the strings of at most that length every match starts with (None: too
# many to list, any start); computed on first use, ~1 ms per regex (~1 s for all of them).
_REGEX_STARTS: dict[tuple[re.Pattern[str], int], "tuple[str, ...] | None"] = {}


def _regex_starts(rx: re.Pattern[str], size: int) -> tuple[str, ...] | None:
    starts = _REGEX_STARTS.get((rx, size), _UNSEEN)
    if starts is _UNSEEN:
        found = _prefixes(_parser.parse(rx.pattern), size)
        # An open start ("" or a short text followed by anything) admits every word it begins.
        starts = _REGEX_STARTS[(rx, size)] = None if found is None else tuple(sorted({text for text, _closed in found}))
    return starts


def _long_key_entries(key: str) -> tuple[tuple[int, re.Pattern[str], _Layer], ...] | None:
    """``_KEY_TABLE`` entries for ``key[:3]`` whose regex can start with ``key`` (cached)."""
    entries = _KEY_TABLE.get(key[:3], _UNSEEN)
    if entries is _UNSEEN:
        entries = _key_regexes(key[:3])
    if entries is not None:
        kept = []
        for entry in entries:
            starts = _regex_starts(entry[1], _NOUN_KEY if entry[0] == _NOUN_LAYER else _LONG_KEY)
            if starts is None or key.startswith(starts):
                kept.append(entry)
        entries = tuple(kept) or None
    if len(_LONG_KEY_TABLE) >= _LONG_KEY_MAX:
        _LONG_KEY_TABLE.clear()
    _LONG_KEY_TABLE[key] = entries
    return entries


def _scan(text: str, norm: str) -> _Features:
    feats = _Features(norm)
    add = feats.add
    table = _LONG_KEY_TABLE
    resume = [0, 0, 0, 0]  # per layer, like finditer: a cue's words are not re-read by its layer
    anchors: list[int] | None = None  # computed on the first noun-first candidate
    next_anchor = _NOWHERE
    ai = 0
    gate = 0  # gate words seen (with the anchors)
    gate_words, gated = _GATE_WORDS, _GATED_NOUN
    for w in _WORD.finditer(norm):
        pos = w.start()
        long_key = norm[pos : pos + _LONG_KEY]
        entries = table.get(long_key, _UNSEEN)
        if entries is _UNSEEN:
            entries = _long_key_entries(long_key)
        if entries is None:
            continue
        for i, rx, layer in entries:
            if pos < resume[i]:
                continue
            if i == _NOUN_LAYER:
                if anchors is None:
                    # Anchors before the first candidate are never looked at (whole words: none
                    # spans ``pos``), nor are gate words: they follow the noun of their cue.
                    anchors = []
                    for am in _ANCHOR.finditer(norm, pos):
                        anchors.append(am.start())
                        gate |= gate_words.get(am.group(), 0)
                    next_anchor = anchors[0] if anchors else _NOWHERE
                while next_anchor < pos:
                    ai += 1
                    next_anchor = anchors[ai] if ai < len(anchors) else _NOWHERE
                if next_anchor - pos > _ANCHOR_WINDOW:
                    continue
                if gate != _GATES_OPEN:
                    key = long_key[:3]
                    rx = gated.get((key, gate), _UNSEEN)
                    if rx is _UNSEEN:
                        rx = _gated_noun_regex(key, gate)
                    if rx is None:
                        continue
            m = rx.match(norm, pos)
            if m is None:
                continue
            group = m.lastgroup
            cat = layer.categories[group]
            inner = layer.targets.get(group)
            if inner is not None:
                for inner_group, emitted in inner:
                    if m.group(inner_group) is not None:
                        cat = emitted
                        break
            add(cat, pos, m.group(0))
            resume[i] = m.end()
    if "riot_weak" in feats.first:
        # One word, one category per layer: "attacked"/"stormed" are read as riot behaviour
        # (only used next to a protest cue) and must still count as generic attack words.
        for pos, cat, surface in list(feats.surfaces):
            if cat == "riot_weak" and surface.startswith(_ATTACK_WORDS):
                add("attack", pos, surface)
    if _CAPTURE_HINT.search(norm):
        for m in _CAPTURE_NAMED.finditer(text):
            add("terr_named", m.start(), m.group(0).lower())
    if "terr_nonviolent" in feats.first and "clash" in feats.first:
        feats = _drop_negated_clashes(feats)
    if "clash" in feats.first and _WAR_CONTEXT_HINT.search(norm):
        feats = feats.without("clash", lambda pos: _names_the_war(norm, pos))
    if "kill_civ" in feats.first and ("gov" in feats.first or "nonstate" in feats.first):
        # "two civilians and an army officer were killed": the cue names the first victim only;
        # an armed victim inside the same span makes it an armed victim too.
        spans = [(pos, pos + len(surface)) for pos, cat, surface in feats.surfaces if cat == "kill_civ"]
        for pos, cat, surface in list(feats.surfaces):
            if cat in ("gov", "nonstate") and any(a < pos < b for a, b in spans):
                feats.add("kill_armed", pos, surface)
    return feats


# The war an incident belongs to, not the incident: "in three months of fighting between the
# army and the RSF", "des années de combats", "as fighting between ... continued" (a day or two
# of fighting, or "amid clashes with X", may be the event itself).
_WAR_CONTEXT_HINT = re.compile(r"\b(?:months|years|decades|mois|annees|ans|continu\w*|rag(?:ed|es|ing)|intensifi\w*|"
                               r"escalat\w*)\b")  # (accent-free text)
_WAR_SPAN_BEFORE = re.compile(
    r"(?:\b(?:months|years|decades|a\s+month|a\s+year|a\s+decade)\s+of\s+(?:\w+\s+)?|"
    r"\b(?:mois|annees|ans)\s+(?:de|d')\s*(?:\w+\s+)?|\bas\s+(?:\w+\s+){0,2})$"
)
_ONGOING_AFTER = re.compile(r"[^.;]{0,90}?\b(?:continu\w*|rag(?:ed|es|ing)|intensifi\w*|escalat\w*|spread|spreads)\b")


def _names_the_war(norm: str, pos: int) -> bool:
    """Whether the clash cue at ``pos`` names the war around the incident (see above)."""
    before = _WAR_SPAN_BEFORE.search(norm, max(0, pos - 40), pos)
    # "as fighting ... continued": only with a verb of continuation after it.
    return before is not None and (not before.group().startswith("as") or _ONGOING_AFTER.match(norm, pos) is not None)


def _drop_negated_clashes(feats: _Features) -> _Features:
    """Forget "clashes" read inside a negation ("no clashes were reported")."""
    spans = [(pos, pos + len(surface)) for pos, cat, surface in feats.surfaces if cat == "terr_nonviolent"]
    return feats.without("clash", lambda pos: any(a <= pos < b for a, b in spans))


# ---------------------------------------------------------------------------
# Decision (ACLED codebook precedence)
# ---------------------------------------------------------------------------

S = SubEventType

# Specific cues of a violent act (what the event *is*), used for "what comes first" tests.
_VIOLENT = (
    "chem", "suicide", "air", "shell", "ied", "grenade", "clash", "ambush", "atk_armed", "atk_civ",
    "kill_civ", "kill_armed", "execute", "abduct", "sexual", "force",
)
_ARMED_CONFLICT = _VIOLENT + ("gunmen", "nonstate", "milop", "bomb", "disrupt", "terr_take")
_PROTEST_CUES = ("protest", "rioting", "force")
_EVENT_CUES = _VIOLENT + (
    "protest", "rioting", "mob", "loot", "arrest", "disrupt", "hq", "terr_take", "terr_gov_verb", "terr_named",
    "agreement", "bomb", "gunmen", "attack", "kill", "milop", "change", "diplo", "natural", "manmade",
    "orgcrime", "attrib", "air_weak",
)


_EVENT_CUES_NO_ATTRIB = tuple(c for c in _EVENT_CUES if c not in ("attrib", "diplo"))


def _decide(f: _Features) -> S | str | None:
    """Return the ACLED sub-event type, an unseen CASE label, or None (no cue)."""
    violent_pos = f.pos(*_VIOLENT)
    any_violent_pos = min(violent_pos, f.pos("attack", "kill", "gunmen", "bomb"))

    # --- Not ACLED events --------------------------------------------------
    if f.has("diplo") and not f.has("protest", "rioting") and f.pos("diplo") < any_violent_pos:
        return DIPLO
    if (
        f.has("attrib")
        and f.pos("attrib") < min(f.pos(*_EVENT_CUES_NO_ATTRIB), 250)
        # "a man accused of theft was whipped": a description of the victim, not a claim of blame
        and not (_first_surface(f, "attrib") in ("accused of", "accuse of") and f.has(*_VIOLENT, "kill", "attack"))
    ):
        return ATTRIB
    armed_scene = f.has(*_ARMED_CONFLICT) or f.has("gov") and f.has("attack")
    if f.has("natural") and (not armed_scene or f.pos("natural") < f.pos(*_ARMED_CONFLICT)) and not f.has("protest"):
        return NATURAL_DISASTER
    if f.has("manmade") and not f.has("protest") and (
        not (armed_scene or f.has("nonstate"))
        or f.pos("manmade") < min(f.pos(*_ARMED_CONFLICT), f.pos("nonstate"))
        and not f.has("ied", "suicide", "air", "shell", "grenade")
    ):
        return MAN_MADE_DISASTER

    # --- Demonstrations ----------------------------------------------------
    protest_pos = f.pos(*_PROTEST_CUES)
    conflict_pos = f.pos(
        "chem", "suicide", "air", "shell", "ied", "clash", "ambush", "atk_armed", "kill_armed", "abduct",
        "terr_take", "gunmen",
    )
    if f.has("mob") and f.pos("mob") <= min(protest_pos, conflict_pos) and not _armed_beating(f):
        return S.MOB_VIOLENCE
    if f.has(*_PROTEST_CUES) and protest_pos < conflict_pos:
        if f.has("mob") and not f.has("protest"):
            return S.MOB_VIOLENCE
        if f.has("rioting") or (f.has("riot_weak") and f.has("protest")):
            return S.VIOLENT_DEMONSTRATION
        if f.has("force"):
            return S.EXCESSIVE_FORCE_AGAINST_PROTESTERS
        if f.has("intervention", "arrest"):
            return S.PROTEST_WITH_INTERVENTION
        if _crowd_violence(f, protest_pos) or f.has("air_shots"):
            # violence told after the demonstration ("... assaulted a manager", "one killed"):
            # with no force/intervention by the authorities it is the demonstrators'.
            return S.VIOLENT_DEMONSTRATION
        return S.PEACEFUL_PROTEST

    # --- Explosions / remote violence, territory, disrupted weapons -----------
    if f.has("chem"):
        return S.CHEMICAL_WEAPON

    if f.has("terr_take", "terr_gov_verb", "terr_named") and not (
        f.has("terr_named") and not f.has("terr_take", "terr_gov_verb") and (
            f.has("arrest", "abduct")
            # "gunmen entered the village and killed two men": a raid, not a capture
            or _first_surface(f, "terr_named").startswith("entered")
            and f.has("kill_civ", "atk_civ", "execute", "kill", "attack", "loot")
        )
    ):
        return _territory(f)

    ground_fight = f.has("clash") or (f.has("ambush") and f.has("atk_armed", "kill_armed"))
    # ACLED: air support of a ground operation or of a battle is one battle event.
    ground_op = any(c == "milop" and "ground" in surface for _, c, surface in f.surfaces)
    air_weak_strike = (
        f.has("air_weak")
        and f.has("attack", "kill", "bomb", "loot", "disrupt", "atk_armed", "atk_civ")
        and not f.pos("atk_armed", "kill_armed") < f.pos("air_weak")
    )

    if f.has("disrupt") and not f.has("suicide", "air") and not air_weak_strike:
        before = f.pos("clash", "ambush", "atk_armed", "atk_civ", "kill_civ", "kill_armed", "kill", "suicide")
        if f.pos("disrupt") < before:
            return S.DISRUPTED_WEAPONS_USE

    if (
        _first_surface(f, "disrupt").startswith(_SEIZE)
        and f.has("kill_armed", "atk_armed", "milop", "clash")
        and f.pos("disrupt") < f.pos("ied", "bomb", "shell", "grenade", "suicide")
        and not f.has("air")
    ):
        # "killed ten militants and seized IEDs and explosives": the explosives are the
        # haul of a ground operation, not the weapon used.
        return S.ARMED_CLASH
    if f.has("planting") and not f.has("clash", "suicide", "air"):
        # "killed when the IED they were planting exploded": the device never reached a target
        return S.DISRUPTED_WEAPONS_USE
    if f.has("suicide") or (f.has("suicide_weak") and f.has("bomb", "ied")):
        # ACLED: a suicide blast that opens a ground assault on armed forces ("complex attack")
        # is one battle.
        assault = f.has("kill_armed", "atk_armed") and any(
            c in ("attack", "gunmen") and surface.startswith(("assault", "attacker", "assailant", "commando"))
            for _, c, surface in f.surfaces
        )
        return S.ARMED_CLASH if f.has("clash") or assault else S.SUICIDE_BOMB
    if f.has("air"):
        return S.ARMED_CLASH if f.has("clash") or ground_op else S.AIR_DRONE_STRIKE
    if f.has("ied", "shell", "grenade"):
        if ground_fight:
            return S.ARMED_CLASH
        first = min(("ied", "shell", "grenade"), key=lambda c: f.pos(c))
        if first == "shell" and _ground_assault(f):
            # mortars or rockets opening (or backing) a ground assault on a base: one battle
            return S.ARMED_CLASH
        return {
            "ied": S.REMOTE_EXPLOSIVE_LANDMINE_IED,
            "shell": S.SHELLING_ARTILLERY_MISSILE_ATTACK,
            "grenade": S.GRENADE,
        }[first]
    if air_weak_strike and not ground_fight:
        return S.AIR_DRONE_STRIKE
    if f.has("bomb") and not ground_fight and not f.has("atk_civ", "kill_civ", "execute") or (
        f.has("bomb") and f.pos("bomb") < f.pos("atk_civ", "kill_civ", "clash", "ambush", "atk_armed")
    ):
        return S.REMOTE_EXPLOSIVE_LANDMINE_IED

    # --- Battles / violence against civilians -------------------------------
    # ACLED: a battle needs two armed, organised sides; violence against civilians
    # is one-sided violence against unarmed people. Any armed victim/target or an
    # exchange of fire makes it a battle, even when civilians also died.
    civ_target = f.has("atk_civ", "kill_civ", "execute")
    armed_target = f.has("kill_armed") and not _off_duty(f, "kill_armed") or (
        f.has("atk_armed") and f.pos("atk_armed") < f.pos("kill_civ", "execute", "atk_civ")
        and not _off_duty(f, "atk_armed")
    )
    if f.has("sexual") and not f.has("clash"):
        return S.SEXUAL_VIOLENCE
    if f.has("clash"):
        if _crowd_fight(f) and not f.has("nonstate", "gunmen", "atk_armed", "kill_armed", "ambush", "milop", "air_weak"):
            # ACLED: a fight of youths, students or traders with each other or with the police
            # is mob violence (rioters), not a battle between organised armed groups.
            return S.MOB_VIOLENCE
        if _civilian_toll_only(f):
            # "civilians were killed in the crossfire": ACLED records the civilians' deaths as
            # violence against civilians when no combatant casualty is reported
            return S.ATTACK
        return S.ARMED_CLASH
    if f.has("abduct"):
        if f.has("agreement") and f.pos("agreement") < f.pos("abduct"):
            return S.AGREEMENT
        if armed_target and f.pos("atk_armed", "kill_armed") < f.pos("abduct"):
            return S.ARMED_CLASH
        if f.pos("abduct_armed") < f.pos("abduct_civ", "kill_civ", "execute", "atk_civ") and not _off_duty(f, "abduct_armed"):
            # soldiers or militia officers taken: ACLED codes it between the two armed sides
            return S.ARMED_CLASH
        if (
            f.pos("arrest") < f.pos("abduct")
            and not f.has("kill", "kill_civ", "execute")
            and not _first_surface(f, "arrest").startswith("intercept")  # stopping a vehicle is not yet an arrest
        ):
            # "arrested for the kidnapping of ...": the event is the arrest.
            return S.ARREST
        if f.has("kill_civ", "execute") or (f.has("kill") and not armed_target):
            return S.ATTACK
        return S.ABDUCTION_FORCED_DISAPPEARANCE
    if armed_target:
        return S.ARMED_CLASH
    if civ_target:
        return S.ATTACK
    if f.has("ambush", "milop"):
        if f.has("ambush") and f.has("loot") and not f.has("kill", "milop", "clash"):
            # vehicles ambushed and robbed or burned, nobody hurt: looting (ACLED)
            return S.LOOTING_PROPERTY_DESTRUCTION
        return S.ARMED_CLASH

    # --- Non-violent / strategic ---------------------------------------------
    if f.has("orgcrime") and not f.has("nonstate"):
        return ORG_CRIME
    if f.has("loot") and not f.has("kill"):
        if f.pos("arrest") < f.pos("loot") and f.has("gov"):
            return S.ARREST  # "police arrested suspects after the robbery"
        if _physical_violence(f) and f.pos("attack") < f.pos("loot"):
            # "assaulted and robbed the passengers": violence against the people comes first
            return S.ATTACK
        return S.LOOTING_PROPERTY_DESTRUCTION
    if f.has("agreement"):
        return S.AGREEMENT
    if f.has("arrest") and f.has("kill"):
        return S.ATTACK  # killed/tortured in custody: one-sided violence
    if f.has("arrest"):
        return S.ARREST
    if f.has("hq"):
        return S.HEADQUARTERS_OR_BASE_ESTABLISHED
    if f.has("terr_nonviolent") and f.has("change", "gov", "nonstate"):
        return S.NON_VIOLENT_TRANSFER_OF_TERRITORY
    if f.has("loot"):
        return S.ATTACK if f.has("kill") else S.LOOTING_PROPERTY_DESTRUCTION

    # --- Generic violence with no target cue ---------------------------------
    if f.has("attack", "kill", "gunmen", "riot_weak") and f.has("attack", "kill"):
        if f.has("gov") and f.has("nonstate") and not f.has("gunmen"):
            return S.ARMED_CLASH
        return S.ATTACK
    if f.has("change"):
        return S.CHANGE_TO_GROUP_ACTIVITY
    if any(c == "riot_weak" and surface.startswith(_DESTROY_WORDS) for _, c, surface in f.surfaces):
        # "militants burned the health centre" (no victim): property destruction; by an unarmed
        # group with no demonstration ("youths burned a bar"): mob violence.
        return S.MOB_VIOLENCE if f.has("crowd", "mob") else S.LOOTING_PROPERTY_DESTRUCTION
    if f.has("other_sd"):
        return S.OTHER
    if f.has("gunmen", "attack"):
        return S.ATTACK
    return None


# ACLED analysts often open a strategic-development note with the name of its kind
# ("Looting: ...", "Movement of forces: ...", "Weapons seizure: ..."); the labels are the
# codebook's own sub-types and their sub-categories, so a leading label decides.
_HEADER = re.compile(
    r"\s*(agreements?|arrests?|looting|property destruction|looting/property destruction|non-violent activity|"
    r"movement of forces|formation of (?:an? )?(?:new )?armed group|change to (?:armed )?group(?:/activity)?|recruitment|"
    r"defections?|defusal|weapons? seizures?|disrupted weapons use|headquarters or base established|"
    r"base established|non-violent transfer of territory)\s*:\s"
)
_HEADER_SUB: dict[str, S] = {
    "agreement": S.AGREEMENT,
    "arrest": S.ARREST,
    "looting": S.LOOTING_PROPERTY_DESTRUCTION,
    "property destruction": S.LOOTING_PROPERTY_DESTRUCTION,
    "non-violent activity": S.OTHER,
    "movement of forces": S.CHANGE_TO_GROUP_ACTIVITY,
    "formation": S.CHANGE_TO_GROUP_ACTIVITY,
    "change to": S.CHANGE_TO_GROUP_ACTIVITY,
    "recruitment": S.CHANGE_TO_GROUP_ACTIVITY,
    "defection": S.CHANGE_TO_GROUP_ACTIVITY,
    "defusal": S.DISRUPTED_WEAPONS_USE,
    "weapon": S.DISRUPTED_WEAPONS_USE,
    "disrupted": S.DISRUPTED_WEAPONS_USE,
    "headquarters": S.HEADQUARTERS_OR_BASE_ESTABLISHED,
    "base": S.HEADQUARTERS_OR_BASE_ESTABLISHED,
    "non-violent transfer": S.NON_VIOLENT_TRANSFER_OF_TERRITORY,
}


def _header_sub_type(norm: str) -> S | None:
    """Sub-type named by a leading ACLED label ("Arrests: ..."), else None."""
    m = _HEADER.match(norm)
    if m is None:
        return None
    label = m.group(1)
    for prefix, sub in _HEADER_SUB.items():
        if label.startswith(prefix):
            return sub
    return None


_CROWD_VIOLENCE = ("atk_civ", "atk_armed", "kill_armed", "loot", "terr_take", "air_shots")
# "protest against the attacks on ...": the violence is the grievance, not the crowd's.
_GRIEVANCE = re.compile(r"\b(?:against|over|denounc\w*|condemn\w*|reaction to|protest\w*|seizure|following|after)\W+(?:\w+\W+){0,4}$")


def _crowd_violence(f: _Features, protest_pos: int) -> bool:
    """A violent act after the first protest cue that is not what the crowd protests against."""
    for pos, cat, _ in f.surfaces:
        if pos > protest_pos and cat in _CROWD_VIOLENCE and not _GRIEVANCE.search(f.norm, max(0, pos - 50), pos):
            return True
    return False


_CALM_PROTEST = (S.PEACEFUL_PROTEST, S.PROTEST_WITH_INTERVENTION)
_CROWD_EVENTS = (
    S.PROTEST_WITH_INTERVENTION, S.EXCESSIVE_FORCE_AGAINST_PROTESTERS, S.VIOLENT_DEMONSTRATION, S.MOB_VIOLENCE,
)


# ACLED codes off-duty, former or merely associated members of armed groups as civilians.
_OFF_DUTY = re.compile(
    r"\b(?:former|ex-|off[- ]duty|retired|on leave|associated|informants?|relatives?|family|"
    r"(?:sub-?)?contract(?:ors?|ed)|chartered|employees?|civilian staff)\b"
)


def _off_duty(f: _Features, cat: str) -> bool:
    """The first ``cat`` target is qualified as not on duty (in its cue or just after it)."""
    for pos, c, surface in f.surfaces:
        if c == cat:
            return _OFF_DUTY.search(f.norm, pos, pos + len(surface) + 40) is not None
    return False


_DESTROY_WORDS = ("burn", "torch", "set ablaze", "set fire", "loot", "ransack", "vandal", "trash")
_PHYSICAL = ("assault", "shot", "shoot", "opened fire", "open fire", "gunfire", "stabb", "machete", "fusillade")


def _physical_violence(f: _Features) -> bool:
    """Attack words that hurt people (not "attacked the village")."""
    return any(c == "attack" and surface.startswith(_PHYSICAL) for _, c, surface in f.surfaces)


def _armed_beating(f: _Features) -> bool:
    """Beating/burning someone to death by soldiers, police or militants: one-sided violence, not a mob."""
    surface = _first_surface(f, "mob")
    return surface.startswith(("beat", "burn")) and f.pos("gov", "nonstate") < f.pos("mob")


def _civilian_toll_only(f: _Features) -> bool:
    if f.has("kill_armed", "atk_armed", "ambush", "milop", "air", "air_weak", "abduct_armed"):
        return False
    spans = [(pos, pos + len(surface)) for pos, c, surface in f.surfaces if c == "kill_civ" and "civilian" in surface]
    if not spans:
        return False
    if any(c in ("gov", "nonstate", "gunmen") and a <= pos < b for pos, c, _ in f.surfaces for a, b in spans):
        return False  # "two civilians and four fighters were killed"
    # only the "caught in the fighting" wording: a clash between others, not with the victims
    return any(c == "clash" and ("crossfire" in surface or surface.startswith("killed in")) for _, c, surface in f.surfaces) or (
        "stray bullet" in f.norm
    )


_ASSAULT = ("assault", "opened fire", "open fire", "storm", "breach", "overr")


def _ground_assault(f: _Features) -> bool:
    return any(c in ("attack", "atk_armed") and surface.startswith(_ASSAULT) for _, c, surface in f.surfaces)


_SEIZE = ("seiz", "recover", "found", "discover", "captur", "confiscat", "retriev")


def _crowd_fight(f: _Features) -> bool:
    """An unarmed group (youths, students, traders) named next to a clash word."""
    crowd = [pos for pos, c, _ in f.surfaces if c == "crowd" and not f.norm.endswith("armed ", 0, pos)]
    if not crowd:
        return False
    return any(c == "clash" and any(abs(pos - p) < 50 for p in crowd) for pos, c, _ in f.surfaces)


def _first_surface(f: _Features, cat: str) -> str:
    for _, c, surface in f.surfaces:
        if c == cat:
            return surface
    return ""


def _territory(f: _Features) -> S:
    """Who took the ground, and was there a fight? (ACLED's three territory sub-types)."""
    violent = f.has("clash", "kill", "kill_armed", "kill_civ", "air", "shell", "ambush", "atk_armed")
    if f.has("terr_nonviolent") and not (f.has("clash") and f.pos("clash") < f.pos("terr_nonviolent")):
        return S.NON_VIOLENT_TRANSFER_OF_TERRITORY
    cue_pos = f.pos("terr_take", "terr_gov_verb", "terr_named")
    actor = _subject_before(f, cue_pos)
    if actor is None:
        if f.has("terr_gov_verb") and f.pos("terr_gov_verb") <= cue_pos:
            actor = "gov"
        else:
            actor = _actor_after(f, cue_pos) or "nonstate"
    if actor == "gov":
        return S.GOVERNMENT_REGAINS_TERRITORY
    if not violent and f.has("change") and f.pos("change") < cue_pos:
        # "forces withdrew from X; militants then took over" reads as a handover.
        return S.NON_VIOLENT_TRANSFER_OF_TERRITORY
    return S.NON_STATE_ACTOR_OVERTAKES_TERRITORY


def _sentence_start(norm: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(norm, 0, pos):
        start = m.end()
    return start


# What joins two coordinated subjects ("the SNA and clan militias", "l'armee et les VDP").
_COORDINATED = re.compile(r"\s*(?:,\s*)?(?:and|et|&|along\s+with|together\s+with|alongside)?\s*(?:the\s+|les?\s+|la\s+|l')?"
                          r"(?:(?:allied|local|pro-government|clan|affiliated|community|regional|state|federal)\s+){0,2}")
# "forces backed by clan militias retook X": the backer is not the subject (accent-free text).
_BACKER_BEFORE = re.compile(r"\b(?:(?:backed|supported|aided|assisted|helped|accompanied)\s+by|"
                            r"(?:appuye|soutenu|aide|accompagne)(?:e|s|es)?\s+par)\s+(?:\w+\s+){0,2}$")


def _subject_before(f: _Features, cue_pos: int) -> str | None:
    """Nearest government / non-state actor mention before ``cue_pos`` in its sentence (not
    a backer: "forces backed by militias retook X")."""
    start = _sentence_start(f.norm, cue_pos)
    found = sorted((pos, pos + len(surface), cat) for pos, cat, surface in f.surfaces
                   if start <= pos < cue_pos and cat in ("gov", "nonstate", "gunmen")
                   and not _BACKER_BEFORE.search(f.norm, max(start, pos - 40), pos))
    if not found:
        return None
    k = len(found) - 1
    side = "gov" if found[k][2] == "gov" else "nonstate"
    # "the army and allied militias retook X": a subject coordinated with the state's is the
    # state's operation (ACLED codes the state first).
    while k > 0 and _COORDINATED.fullmatch(f.norm, found[k - 1][1], found[k][0]):
        k -= 1
        if found[k][2] == "gov":
            side = "gov"
    return side


def _actor_after(f: _Features, cue_pos: int) -> str | None:
    """"X fell to the rebels" / "was captured by the army": first actor after the cue."""
    best: tuple[int, str] | None = None
    for pos, cat, _ in f.surfaces:
        if pos > cue_pos and cat in ("gov", "nonstate", "gunmen"):
            if best is None or pos < best[0]:
                best = (pos, "gov" if cat == "gov" else "nonstate")
    return best[1] if best else None


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def warm_up() -> None:
    """Compile every cue regex now (a few seconds) instead of lazily on first sight of each word start.

    Call once at service start / before benchmarking; ``classify`` works without it.
    """
    layers = _layers()
    for key in frozenset().union(*(layer.starts3 for layer in layers)):
        if key not in _KEY_TABLE:
            _key_regexes(key)
    # The start lists of the second dispatch (``_long_key_entries``; ~1 s more).
    for entries in list(_KEY_TABLE.values()):
        for i, rx, _layer in entries or ():
            _regex_starts(rx, _NOUN_KEY if i == _NOUN_LAYER else _LONG_KEY)


def classify(text: str, *, language: str = "en") -> Classification:
    """Classify the main incident a text reports into ACLED's taxonomy (+ its CASE label).

    ``language`` is accepted for interface symmetry; cue lists of all supported languages
    are always applied because wire copy mixes languages and detection can be wrong.
    """
    del language  # all languages' cues are compiled together (see docstring)
    norm = _normalise_text(text)
    feats = _scan(text, norm)

    decision: S | str | None = _header_sub_type(norm) if norm[:1].isalpha() else None
    used = feats
    if decision is None and len(norm) > _LEAD_CHARS:
        # The lead: the first sentence that ends after _LEAD_MIN_CHARS (a dateline and
        # a short first sentence are not a whole lead).
        end = _SENTENCE_END.search(norm, _LEAD_MIN_CHARS)
        end = end.start() if end else -1
        lead = feats.restrict(len(norm) if end < 0 else end + 1)
        decision = _decide(lead)
        used = lead
        if decision in _CALM_PROTEST:
            # How a demonstration ended (violence, intervention) is often told after the lead.
            whole = _decide(feats)
            if whole in _CROWD_EVENTS:
                decision, used = whole, feats
    if decision is None:
        decision = _decide(feats)
        used = feats

    cues = tuple(dict.fromkeys(f"{cat}:{surface.strip()}" for _, cat, surface in sorted(used.surfaces)))
    if decision is None:
        return Classification(None, None, NO_EVENT_LABEL, cues)
    if isinstance(decision, SubEventType):
        return Classification(_EVENT_TYPE_OF[decision], decision, CASE_LABELS[decision], cues)
    return Classification(None, None, decision, cues)
