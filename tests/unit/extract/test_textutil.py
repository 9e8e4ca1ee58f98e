"""Text helpers: lower-casing with stable offsets and regexes rewritten for lower-cased text."""

from __future__ import annotations

import re

import pytest

from streams.extract.textutil import (
    dateline_end,
    factor_alternatives,
    finditer_words,
    guard_word_start,
    leading_group,
    lower_same_length,
    lowered,
    split_alternatives,
)


def test_lower_same_length_keeps_offsets() -> None:
    text = "İstanbul and BAMAKO"
    low = lower_same_length(text)
    assert len(low) == len(text) and low.endswith("bamako")


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?<!\w)(?:attack(?:ed|s)?|Ambush)\b", "Gunmen ATTACKED a post; an Ambush followed. No attacks since."),
        (r"\b(?:in|near)\s+[A-Z][a-z]+", "Clashes NEAR Gao and in Kidal"),
        (r"(?P<d>\d{1,2})\s+(?:Mai|juin)\b", "le 3 MAI et le 4 Juin"),
        (r"\W+(?:by|par)\s+(?:the\s+)?$", "was burned BY THE "),
    ],
)
def test_lowered_finds_the_same_spans(pattern: str, text: str) -> None:
    original = re.compile(pattern, re.IGNORECASE)
    fast = lowered(original)
    assert not fast.flags & re.IGNORECASE
    expected = [m.span() for m in original.finditer(text)]
    assert expected  # the case is meaningful
    assert [m.span() for m in fast.finditer(lower_same_length(text))] == expected


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?<!\w)(?:Mali|Malian|Burkina Faso|Faso)(?!\w)", "Malian troops left Mali; xBurkina Faso and NMali are not names."),
        (r"(?<![\w-])(?:JNIM|ISGS|IS)(?![\w])", "JNIM and ISGS fought; pro-JNIM and xIS do not count, IS does."),
        (r"(?<!\w)(?:ab|abc|b)(?!\w)", "abc ab b xab ab-b"),
        (r"(?:no|guard)", "no guard here: plain finditer"),
    ],
)
def test_finditer_words_equals_guarded_finditer(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    expected = [(m.span(), m.group()) for m in compiled.finditer(text)]
    assert expected
    assert [(m.span(), m.group()) for m in finditer_words(compiled, text)] == expected


@pytest.mark.parametrize(
    ("alternatives", "factored"),
    [
        (["military", "militia", "militants?"], "milit(?:a(?:ry|nts?)|ia)"),
        # An alternative that may match anything (no literal start) keeps its place.
        (["militia", "[xy]+", "military"], "militia|[xy]+|military"),
        # A shorter alternative listed first stays preferred.
        (["police", "policemen", "troops"], "police(?:|men)|troops"),
        (["soldiers?", "soldats?", "s"], "s(?:old(?:iers?|ats?)|)"),
        (["a", "b"], "a|b"),
    ],
)
def test_factor_alternatives_shares_literal_starts(alternatives: list[str], factored: str) -> None:
    assert factor_alternatives(alternatives) == factored


@pytest.mark.parametrize(
    ("alternatives", "text"),
    [
        (["police", "police officers", "officers?"], "police officers were shot"),
        (["militia", r"mil\w+ men", "militants? (?:were|was) killed", r"[mx]\w+"], "militants were killed by militia men"),
        (["a", "ab", "x", "abc"], "abc"),
        (["tue(?:e|es)?", r"tu\w+", "tues"], "tues tuees tuer"),
    ],
)
def test_factor_alternatives_keeps_matches_and_preferences(alternatives: list[str], text: str) -> None:
    plain = re.compile("(?:" + "|".join(alternatives) + r")(?:\s|$)")
    fast = re.compile("(?:" + factor_alternatives(alternatives) + r")(?:\s|$)")
    expected = [m.span() for m in plain.finditer(text)]
    assert expected
    assert [m.span() for m in fast.finditer(text)] == expected
    assert [m.span() for pos in range(len(text)) if (m := fast.match(text, pos))] == [
        m.span() for pos in range(len(text)) if (m := plain.match(text, pos))
    ]


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        ("a|b(?:c|d)|[|]e", ["a", "b(?:c|d)", "[|]e"]),
        (r"x\|y|z", [r"x\|y", "z"]),
        ("single", ["single"]),
    ],
)
def test_split_alternatives_only_splits_the_top_level(source: str, parts: list[str]) -> None:
    assert split_alternatives(source) == parts


@pytest.mark.parametrize(
    ("source", "lead"),
    [
        ("(?:a|b)c", ("a|b", "c")),
        ("(?:a|(?:b))", ("a|(?:b)", "")),
        ("(?:a|b)?c", None),  # optional: not a leading group
        ("(a|b)c", None),
    ],
)
def test_leading_group(source: str, lead: tuple[str, str] | None) -> None:
    assert leading_group(source) == lead


@pytest.mark.parametrize(
    ("pattern", "flags", "text"),
    [
        (r"(?<!\w)(?:(?P<k>killing|killed)|(?P<w>wounding|wounded))\s+\d+", 0, "killing 3, wounded 4, unkilled 5, skilled 6"),
        (r"\b(?:attack|ambush|fire[ds]?\b)", re.IGNORECASE, "Attackers fired; an AMBUSH; counterattack; fires"),
        (r"(?<![\w-])(?:the\s+killing|death)\s+of", 0, "the killing of two; pre-death of; death of"),
    ],
)
def test_guard_word_start_finds_the_same_spans(pattern: str, flags: int, text: str) -> None:
    original = re.compile(pattern, flags)
    guarded = guard_word_start(original)
    assert guarded.pattern != original.pattern  # a guard was added
    expected = [m.span() for m in original.finditer(text)]
    assert expected
    assert [m.span() for m in guarded.finditer(text)] == expected


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"(?<!\w)(?:\w+ed|attack)", 0),  # an alternative without a literal start
        (r"(?<!\w)(?:Attack|ambush)", 0),  # upper case in a case-sensitive pattern
        (r"(?:attack|ambush)", 0),  # no word-start guard
    ],
)
def test_guard_word_start_leaves_unguardable_patterns(pattern: str, flags: int) -> None:
    original = re.compile(pattern, flags)
    assert guard_word_start(original) is original


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("BAMAKO (AFP) - Gunmen attacked a post.", "BAMAKO (AFP) -"),
        # French wires write the place in title case; the agency in brackets and the dash make it a dateline
        ("Ouagadougou, 16 janvier (AFP) - Des femmes ont été enlevées.", "Ouagadougou, 16 janvier (AFP) -"),
        ("Niamey (ActuNiger) - Deux soldats ont été tués.", "Niamey (ActuNiger) -"),
        ("Fada N'Gourma, 3 mai (AIB) - Une attaque a visé un poste.", "Fada N'Gourma, 3 mai (AIB) -"),
        # no agency bracket and dash: no dateline
        ("Gunmen attacked a post in Gao (Gao) on Monday.", ""),
        ("Des hommes armés ont attaqué Djibo (Soum), lundi.", ""),
    ],
)
def test_dateline_end(text: str, dateline: str) -> None:
    assert text[: dateline_end(text)] == dateline
