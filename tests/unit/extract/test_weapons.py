"""Weapon cues in English and French (texts written for these tests)."""

from __future__ import annotations

import pytest

from streams.extract.weapons import extract_weapons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two car bombs exploded near the base.", ["car bomb"]),
        ("A roadside bomb hit the convoy.", ["IED"]),
        ("Le véhicule a sauté sur une mine.", ["landmine"]),
        ("Une voiture piégée a explosé devant le camp.", ["car bomb"]),
        ("A suicide bomber blew himself up at the market.", ["suicide vest"]),
        ("A drone strike hit the compound.", ["drone"]),
        ("Fighter jets bombed the camp.", ["aircraft"]),
        ("Militants fired mortar shells at the camp.", ["mortar"]),
        ("A hand grenade was thrown into the bar.", ["grenade"]),
        ("Gunmen opened fire on worshippers.", ["small arms"]),
        ("Attackers armed with machetes hacked two farmers.", ["knife/machete"]),
        ("They set fire to houses in the village.", ["arson"]),
        ("The artisanal gold mine was closed by the authorities.", []),
        ("The protest was peaceful.", []),
    ],
)
def test_weapons(text: str, expected: list[str]) -> None:
    assert extract_weapons(text) == expected


def test_specific_explosive_subsumes_generic() -> None:
    weapons = extract_weapons("An IED explosion killed two soldiers; the blast destroyed a truck.")
    assert "IED" in weapons and "explosives" not in weapons
