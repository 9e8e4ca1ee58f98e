"""Claims of responsibility (texts written for these tests)."""

from __future__ import annotations

import pytest

from streams.extract.claims import extract_claims

JNIM = "JNIM: Group for Support of Islam and Muslims"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Al Shabaab claimed responsibility for the blast.", ["Al Shabaab"]),
        ("The attack was claimed by ISWAP in a statement.", ["Islamic State (West Africa)"]),
        ("L'attaque a été revendiquée par l'EIGS.", ["Islamic State (Sahel)"]),
        ("JNIM said in a statement that its fighters carried out the ambush.", [JNIM]),
        ("JNIM said its Katiba Macina carried out the attack.", [JNIM]),
        ("ISWAP said on its news agency that its fighters killed 10 soldiers near Dikwa.",
         ["Islamic State (West Africa)"]),
        ("Le JNIM a affirmé dans un communiqué que ses combattants ont tué douze soldats.", [JNIM]),
        ("No group has claimed responsibility; officials blamed Boko Haram.", []),
        ("Gunmen claimed responsibility.", []),
        ("Soldiers killed five militants.", []),
    ],
)
def test_claims(text: str, expected: list[str]) -> None:
    assert extract_claims(text, country="Mali") == expected
