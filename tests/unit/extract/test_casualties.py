"""Number parsing and ACLED-style casualty counting (texts written for these tests)."""

from __future__ import annotations

import pytest

from streams.extract.casualties import extract_casualties, parse_number


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("12", 12), ("1,200", 1200), ("seven", 7), ("twenty-five", 25), ("a dozen", 12), ("dozens", 12),
        ("hundreds", 100), ("several", 3), ("une dizaine", 10), ("une vingtaine", 20), ("deux", 2), ("sept", 7),
        ("trente", 30), ("vingt-cinq", 25), ("one", 1), ("banana", None),
    ],
)
def test_parse_number(token: str, value: int | None) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("Gunmen killed seven villagers and wounded three others.", 7, 3),
        ("At least 20 people were killed in the attack.", 20, 0),
        ("More than 30 civilians were killed.", 30, 0),
        ("Between 20 and 30 people were killed.", 20, 0),
        ("Dozens were killed when militants stormed the town.", 12, 0),
        ("Several soldiers were killed.", 3, 0),
        ("No one was hurt in the blast.", 0, 0),
        ("The explosion caused no casualties.", 0, 0),
        ("L'attaque n'a fait aucune victime.", 0, 0),
        ("Des hommes armés ont tué sept civils et blessé deux autres.", 7, 2),
        ("Une vingtaine de personnes ont été tuées.", 20, 0),
        ("Two soldiers and three civilians were killed.", 5, 0),
        ("The attack killed five people, including three children.", 5, 0),
        ("On 12 July 2021, gunmen killed two traders.", 2, 0),
        ("An unknown number of militants were killed in the strikes.", 10, 0),
        ("Attackers killed a teacher in the village.", 1, 0),
        ("The attack left 4 dead and 9 injured.", 4, 9),
    ],
)
def test_totals(text: str, killed: int, wounded: int) -> None:
    cas = extract_casualties(text)
    assert (cas.killed, cas.wounded) == (killed, wounded)


def test_all_sides_count_and_by_side() -> None:
    sides = {"soldier": "Military Forces of Mali", "assailants": "JNIM"}
    text = "Militants attacked the camp, killing one soldier. Seven assailants were killed and eight arrested."
    cas = extract_casualties(text, resolve_side=lambda np: sides.get(np.split()[-1]))
    assert cas.killed == 8
    assert cas.arrested == 8
    by_side = {s.side: s for s in cas.by_side}
    assert by_side["Military Forces of Mali"].killed == 1
    assert by_side["JNIM"].killed == 7
    assert by_side["JNIM"].arrested == 8


def test_restated_count_counts_once() -> None:
    text = "Gunmen killed five villagers on Sunday. The five villagers were buried on Monday after they were killed."
    assert extract_casualties(text).killed == 5


def test_abducted() -> None:
    assert extract_casualties("Bandits abducted 15 students from their school.").abducted == 15
