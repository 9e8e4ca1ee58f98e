"""Text helpers: lower-casing with stable offsets and regexes rewritten for lower-cased text."""

from __future__ import annotations

import re

import pytest

from streams.extract.textutil import finditer_words, lower_same_length, lowered


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
