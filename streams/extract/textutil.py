"""Small text helpers shared by the extraction modules (no domain knowledge here)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["trie_regex", "literal_prefixes", "prefix_guard", "lower_same_length", "lowered", "finditer_words"]


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
