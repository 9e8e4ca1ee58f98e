"""Small text helpers shared by the extraction modules (no domain knowledge here)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

__all__ = [
    "trie_regex", "factor_alternatives", "split_alternatives", "leading_group", "literal_prefixes", "prefix_guard",
    "guard_word_start", "lower_same_length", "lowered", "finditer_words", "dateline_end", "DATELINE_WEIGHT",
    "RIVER_BEFORE",
]


def trie_regex(words: Iterable[str]) -> str:
    """Alternation of ``words`` shaped as a character trie (longest match first)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # Optional continuation: greedy, so the longest alias wins; backtracks to the shorter.
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return build(trie)


def _outside_classes(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) for each character of a regex source that is
    neither escaped nor inside a character class."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        else:
            depth += (c == "(") - (c == ")")
            yield i, c, depth
        i += 1


def split_alternatives(body: str) -> list[str]:
    """Split a regex source on its top-level '|'."""
    parts, start = [], 0
    for i, c, depth in _outside_classes(body):
        if c == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return parts


def leading_group(pattern: str) -> tuple[str, str] | None:
    """(inner, rest) when ``pattern`` starts with a non-optional '(?:...)' group."""
    if not pattern.startswith("(?:"):
        return None
    for i, c, depth in _outside_classes(pattern):
        if c == ")" and depth == 0:
            rest = pattern[i + 1 :]
            if rest[:1] in ("?", "*", "+", "{"):
                return None
            return pattern[3:i], rest
    return None


# Characters with a meaning in a regex source: a literal head stops before them.
_META = frozenset("\\()[]{}?*+|.^$")
_QUANTIFIERS = frozenset("?*+{")


def _literal_head(alternative: str) -> int:
    """Length of the leading plain characters of a regex alternative that always match
    themselves (a character followed by a quantifier is not one: "s?" may match nothing)."""
    n = 0
    while n < len(alternative) and alternative[n] not in _META:
        if n + 1 < len(alternative) and alternative[n + 1] in _QUANTIFIERS:
            break
        n += 1
    return n


def factor_alternatives(alternatives: Sequence[str]) -> str:
    """``"|".join(alternatives)`` with leading literal characters shared, for case-sensitive use.

    "military|militia|militants?" becomes "mili(?:tary|tia|tants?)": the regex engine then tests
    a character once instead of once per alternative, which matters for lists of hundreds of
    nouns tried at many places. The result matches exactly what the plain alternation matches,
    preferring the same alternatives: alternatives are only grouped with others that start with
    the same literal character (at one place at most one such group can match its first
    character, so the order between groups is free), in their original order, and never across
    an alternative without a literal start (it may match anything, so nothing moves past it).
    """
    return _factor([(alt, _literal_head(alt)) for alt in alternatives])


def _shared_head(members: list[tuple[str, int]]) -> int:
    """Length of the literal head all ``members`` (two or more) start with."""
    first = members[0][0]
    n = min(head for _, head in members)
    for alt, _head in members[1:]:
        k = 0
        while k < n and alt[k] == first[k]:
            k += 1
        n = k
    return n


def _factor(items: list[tuple[str, int]]) -> str:
    parts: list[str] = []
    groups: dict[str, list[tuple[str, int]]] = {}  # first character -> items of the current run
    order: list[str] = []

    def close_run() -> None:
        for ch in order:
            members = groups[ch]
            if len(members) == 1:
                parts.append(members[0][0])
                continue
            shared = _shared_head(members)
            rest = _factor([(alt[shared:], head - shared) for alt, head in members])
            parts.append(members[0][0][:shared] + "(?:" + rest + ")")
        groups.clear()
        order.clear()

    for alt, head in items:
        if head == 0:
            close_run()  # no literal start: it keeps its place between the runs around it
            parts.append(alt)
            continue
        if alt[0] not in groups:
            groups[alt[0]] = []
            order.append(alt[0])
        groups[alt[0]].append((alt, head))
    close_run()
    return "|".join(parts)


def literal_prefixes(pattern: str, size: int = 2) -> set[str]:
    """Lower-cased first ``size`` characters any match of ``pattern`` can start with.

    Understands the simple shapes used in cue lists: a literal start, a leading optional group
    "(?:x)?rest" and a leading alternation "(?:a|b)rest". Returns {""} (no restriction) when the
    start is not literal, so a guard built from it never loses a match.
    """
    m = re.match(r"\(\?:([^()]*)\)\?(.*)$", pattern)
    if m:
        return literal_prefixes(m.group(1) + m.group(2), size) | literal_prefixes(m.group(2), size)
    m = re.match(r"\(\?:([^()]*)\)(.*)$", pattern)
    if m:
        out: set[str] = set()
        for alt in m.group(1).split("|"):
            out |= literal_prefixes(alt + m.group(2), size)
        return out
    m = re.match(r"\(\?-i:(.*)\)$", pattern)
    if m:
        return literal_prefixes(m.group(1), size)
    lit = re.match(r"[^\\()\[\]?*+{}|.^$]+", pattern)
    if not lit:
        return {""}
    text = lit.group()
    # A quantifier right after the literal makes its last character optional.
    rest = pattern[lit.end():]
    if rest[:1] in ("?", "*") or rest[:1] == "{":
        text = text[:-1]
    return {text[:size].lower()} if len(text) >= 2 else {""}


def prefix_guard(patterns: Iterable[str], size: int = 2) -> str:
    """A lookahead that only lets positions through where one of ``patterns`` can start
    (case-insensitive use). Empty string when some pattern has no literal start."""
    prefixes: set[str] = set()
    for p in patterns:
        prefixes |= literal_prefixes(p, size)
    if "" in prefixes:
        return ""
    return "(?=" + "(?:" + trie_regex(sorted(prefixes)) + "))"


# Word-start guards a pattern may open with (guard_word_start).
_WORD_STARTS = ("(?<!\\w)", "(?<![\\w-])", "\\b")
_GROUP_OPEN = re.compile(r"\((?:\?:|\?P<\w+>|(?!\?))")  # a plain, non-capturing or named group


def _word_alternatives(alternative: str) -> list[str]:
    """The alternatives of a regex alternative that is one (named or plain) group as a whole,
    flattened; else the alternative itself."""
    opener = _GROUP_OPEN.match(alternative)
    if opener is None or alternative[-1:] != ")":
        return [alternative]
    for i, c, depth in _outside_classes(alternative):
        if c == ")" and depth == 0:
            if i != len(alternative) - 1:
                return [alternative]  # the group closes before the end: "(?:a|b)c"
            inner = alternative[opener.end():i]
            return [w for alt in split_alternatives(inner) for w in _word_alternatives(alt)]
    return [alternative]


def guard_word_start(pattern: re.Pattern[str], size: int = 3) -> re.Pattern[str]:
    """``pattern`` = (?<!\\w)(?:a|b|...)rest (or \\b, (?<![\\w-]) first) with a lookahead right after
    that guard which admits only the first ``size`` characters its alternatives can start with
    (``prefix_guard``).

    Same matches: the lookahead is a necessary condition of every alternative. Faster: at each
    word start the engine rejects a word after a few character tests instead of trying each
    alternative (dozens of verbs, each tried at every word of a sentence). Returned unchanged
    when some alternative has no literal start, or when upper-case literals meet a
    case-sensitive pattern (the guard is lower case)."""
    src = pattern.pattern
    start = next((g for g in _WORD_STARTS if src.startswith(g)), None)
    lead = leading_group(src[len(start):]) if start is not None else None
    if start is None or lead is None:
        return pattern
    words = [w for alt in split_alternatives(lead[0]) for w in _word_alternatives(alt)]
    if not pattern.flags & re.IGNORECASE and any(ch.isupper() for w in words for ch in w):
        return pattern
    guard = prefix_guard(words, size)
    if not guard:
        return pattern
    return re.compile(start + guard + src[len(start):], pattern.flags)


def lower_same_length(text: str) -> str:
    """``text.lower()``, keeping offsets: a few characters change length when lower-cased
    ("İ"); those are lower-cased one by one to their first character."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(ch.lower()[0] for ch in text)
    return lower


def lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-insensitive ``pattern`` rewritten for lower-cased text: literals and character
    ranges lower-cased (escapes such as ``\\W``/``\\S`` kept), compiled without IGNORECASE.

    Matching a lower-cased text (``lower_same_length``) with it finds the same spans several
    times faster: the regex engine skips its per-character case folding and can use its
    first-character prefilter."""
    src = pattern.pattern
    out: list[str] = []
    escaped = False
    for ch in src:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        else:
            out.append(ch.lower())
    source = "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


# A leading "not after a word character" guard: (?<!\w) or (?<![\w-]).
_GUARDS = {"(?<!\\w)": re.compile(r"\w"), "(?<![\\w-])": re.compile(r"[\w-]")}


@lru_cache(maxsize=64)
def _unguarded(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    for guard, before in _GUARDS.items():
        if pattern.pattern.startswith(guard):
            return re.compile(pattern.pattern[len(guard):], pattern.flags), before
    return None


def finditer_words(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern that opens with a (?<!\\w) or (?<![\\w-])
    guard (alias tries), found faster: the pattern without the guard starts with literal
    characters, which lets the regex engine skip to them; a hit right after a word character
    is dropped and the search resumes one character later, as the guarded scan would."""
    split = _unguarded(pattern)
    if split is None:
        return list(pattern.finditer(text))
    body, before = split
    out: list[re.Match[str]] = []
    search, after_word = body.search, before.match
    pos = 0
    while (m := search(text, pos)) is not None:
        start = m.start()
        if start and after_word(text, start - 1):
            pos = start + 1
            continue
        out.append(m)
        pos = m.end() if m.end() > start else start + 1
    return out


# "MOGADISHU, Somalia (AP) —", "BAMAKO, March 3 (Wire) -": an all-capitals place, optional
# comma-separated parts and a bracketed agency, then a dash, colon or space.
_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Þ][A-ZÀ-Þ'’. -]{2,40}(?:,\s*[A-Z][\w.'’ -]{1,40}?)*(?:\s*\([^)]{1,40}\))?\s*(?:[-–—:]|\s)"
)
# "Ouagadougou, 16 janvier (AFP) -", "Niamey (ActuNiger) -": French wires often write the place
# in title case; the bracketed agency and the dash right after it make it a dateline.
_DATELINE_TITLE = re.compile(
    r"^\s*[A-ZÀ-Þ][\w'’.-]{2,30}(?:\s[A-ZÀ-Þ][\w'’.-]{1,30}){0,2}(?:,\s*[\w.'’ -]{1,40}?)?\s*\([^)]{1,40}\)\s*[-–—:]"
)
_FIRST_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Country evidence inside a dateline counts this much against the body's: bureaus cover their
# neighbours ("DAKAR, Senegal (AP) - Malian troops ...").
DATELINE_WEIGHT = 0.2


def dateline_end(text: str) -> int:
    """End of the wire dateline that opens ``text`` (where the reporter files from), 0 if none."""
    m = _DATELINE.match(text)
    if not m:
        title = _DATELINE_TITLE.match(text)
        return title.end() if title else 0
    first = _FIRST_WORD.search(text, 0, m.end())
    # A real dateline starts with an all-capitals place ("MOGADISHU," / "BAMAKO,").
    if not first or not first.group().isupper() or len(first.group()) < 3:
        return 0
    return m.end()


# The words before a country name that make it a river or its basin ("le fleuve Niger", "the
# river Niger", "la boucle du Niger"): no country evidence (geo and actors country votes).
RIVER_BEFORE = re.compile(r"(?:fleuve|river|boucle\s+du|delta\s+du|bassin\s+du|vallée\s+du)\s+$", re.IGNORECASE)
