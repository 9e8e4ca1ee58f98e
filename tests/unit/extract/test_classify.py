"""Table-driven tests of streams.extract.classify (texts written for these tests)."""

from __future__ import annotations

import pytest

from models.event import EventType, SubEventType, SUB_EVENT_TYPES
from streams.extract.classify import (
    CASE_LABELS,
    NO_EVENT_LABEL,
    UNSEEN_CASE_LABELS,
    Classification,
    case_label_for,
    classify,
)

S = SubEventType

SUB_TYPE_CASES: list[tuple[str, str, SubEventType]] = [
    # --- Explosions / remote violence
    ("en", "A roadside bomb struck a police vehicle outside the town, wounding three officers.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ("en", "Two herders were killed when their cart hit a landmine near the village.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ("en", "A car bomb exploded at the gate of the army base; gunfire was heard afterwards.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ("en", "An IED planted by insurgents killed four civilians travelling to the market.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ("fr", "Un véhicule de la gendarmerie a sauté sur un engin explosif improvisé près de la frontière.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ("en", "A suicide bomber blew himself up at a checkpoint, killing two soldiers.", S.SUICIDE_BOMB),
    ("en", "A female suicide bomber detonated her vest in a crowded mosque.", S.SUICIDE_BOMB),
    ("fr", "Un kamikaze s'est fait exploser devant le commissariat.", S.SUICIDE_BOMB),
    ("en", "Military jets carried out airstrikes on insurgent hideouts, killing dozens of fighters.", S.AIR_DRONE_STRIKE),
    ("en", "A drone strike hit a vehicle carrying two commanders of the group.", S.AIR_DRONE_STRIKE),
    ("fr", "Des frappes aériennes ont visé un camp terroriste dans la forêt.", S.AIR_DRONE_STRIKE),
    ("en", "Militants fired several mortar shells at the peacekeepers' camp overnight.", S.SHELLING_ARTILLERY_MISSILE_ATTACK),
    ("en", "Artillery shelling of the district destroyed dozens of homes.", S.SHELLING_ARTILLERY_MISSILE_ATTACK),
    ("fr", "Des obus de mortier sont tombés sur le camp de la mission onusienne.", S.SHELLING_ARTILLERY_MISSILE_ATTACK),
    ("en", "Unknown men hurled a hand grenade into a bar, injuring five customers.", S.GRENADE),
    ("en", "Residents reported breathing problems after a chlorine gas attack on the suburb.", S.CHEMICAL_WEAPON),
    # the war the strike belongs to is context, not a clash
    ("en", "An air strike on a market killed 14 people on Sunday, in two years of fighting between the army and rebels.",
     S.AIR_DRONE_STRIKE),
    ("fr", "Une frappe de drone a tué huit civils samedi, après des mois de combats entre l'armée et les rebelles.",
     S.AIR_DRONE_STRIKE),
    ("en", "A drone strike hit a crowded market on Sunday, killing 26 people, as fighting between the army and the "
     "militia continued in the region.", S.AIR_DRONE_STRIKE),
    # --- Battles
    ("en", "Soldiers clashed with jihadists near the border; six militants were killed.", S.ARMED_CLASH),
    ("en", "Two days of fighting between soldiers and militants near the border left 16 dead.", S.ARMED_CLASH),
    ("en", "Gunmen ambushed a military convoy on the highway, killing four soldiers.", S.ARMED_CLASH),
    ("en", "Insurgents attacked an army checkpoint at dawn and the troops repelled the assault.", S.ARMED_CLASH),
    ("en", "The convoy was hit by an IED and then came under heavy gunfire in a complex ambush.", S.ARMED_CLASH),
    ("fr", "Des affrontements ont opposé l'armée à des jihadistes près du village.", S.ARMED_CLASH),
    ("fr", "Une patrouille militaire est tombée dans une embuscade tendue par des hommes armés.", S.ARMED_CLASH),
    ("en", "Rebels seized control of the town after government troops fled.", S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ("en", "Al-Shabaab fighters captured the district headquarters after heavy fighting.", S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ("en", "The army recaptured the town from the insurgents on Sunday.", S.GOVERNMENT_REGAINS_TERRITORY),
    ("fr", "L'armée a repris le contrôle de la ville après deux jours de combats.", S.GOVERNMENT_REGAINS_TERRITORY),
    # a backer named before the verb is not its subject
    ("en", "Government forces backed by clan militias retook the town from the insurgents.", S.GOVERNMENT_REGAINS_TERRITORY),
    ("fr", "Les soldats appuyés par des miliciens ont repris le contrôle de la localité.", S.GOVERNMENT_REGAINS_TERRITORY),
    # --- Violence against civilians
    ("en", "Armed men stormed the village and shot dead twelve villagers.", S.ATTACK),
    ("en", "Gunmen opened fire on worshippers leaving the church, killing three.", S.ATTACK),
    ("en", "Soldiers executed five civilians accused of helping the militants.", S.ATTACK),
    ("en", "Militants abducted and killed a village chief.", S.ATTACK),
    ("fr", "Des hommes armés ont attaqué des cultivateurs dans leurs champs, tuant deux personnes.", S.ATTACK),
    ("en", "Gunmen kidnapped three aid workers on the road to the camp.", S.ABDUCTION_FORCED_DISAPPEARANCE),
    ("fr", "Des individus armés ont enlevé le maire de la commune.", S.ABDUCTION_FORCED_DISAPPEARANCE),
    ("en", "Fighters raped several women during the raid on the settlement.", S.SEXUAL_VIOLENCE),
    # --- Protests
    ("en", "Hundreds of students marched peacefully to the ministry to demand unpaid grants.", S.PEACEFUL_PROTEST),
    ("fr", "Des centaines de manifestants ont marché pacifiquement dans la capitale.", S.PEACEFUL_PROTEST),
    ("en", "Police fired tear gas to disperse a protest by traders in the capital.", S.PROTEST_WITH_INTERVENTION),
    ("fr", "La police a dispersé la manifestation à coups de gaz lacrymogènes.", S.PROTEST_WITH_INTERVENTION),
    ("en", "Security forces opened fire on protesters, killing three demonstrators.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
    # --- Riots
    ("en", "Youths protesting the arrest burned tyres and threw stones at the police.", S.VIOLENT_DEMONSTRATION),
    ("fr", "Des jeunes en colère ont érigé des barricades et brûlé des pneus pour protester.", S.VIOLENT_DEMONSTRATION),
    ("en", "An angry mob lynched a suspected thief in the market.", S.MOB_VIOLENCE),
    # --- Strategic developments
    ("en", "The two armed movements signed a ceasefire agreement in the capital.", S.AGREEMENT),
    ("fr", "Un accord de cessez-le-feu a été signé entre le gouvernement et les rebelles.", S.AGREEMENT),
    ("en", "Police arrested a suspected militant commander at his home.", S.ARREST),
    ("en", "Soldiers discovered and defused an IED planted on the road.", S.DISRUPTED_WEAPONS_USE),
    ("en", "Troops seized a large cache of weapons and ammunition in the forest.", S.DISRUPTED_WEAPONS_USE),
    ("en", "The army established a new military base in the town.", S.HEADQUARTERS_OR_BASE_ESTABLISHED),
    ("en", "Armed men stole about two hundred head of cattle from herders.", S.LOOTING_PROPERTY_DESTRUCTION),
    ("en", "Militants looted shops and set granaries ablaze in the deserted village.", S.LOOTING_PROPERTY_DESTRUCTION),
    ("en", "Government forces withdrew from the town and the rebels moved in without a fight.", S.NON_VIOLENT_TRANSFER_OF_TERRITORY),
    ("en", "Reinforcements were deployed to the northern region ahead of the rainy season.", S.CHANGE_TO_GROUP_ACTIVITY),
]


@pytest.mark.parametrize(("language", "text", "expected"), SUB_TYPE_CASES)
def test_sub_event_type(language: str, text: str, expected: SubEventType) -> None:
    result = classify(text, language=language)
    assert result.sub_event_type == expected, result.cues
    assert expected in SUB_EVENT_TYPES[result.event_type]
    assert result.case_label == CASE_LABELS[expected]


UNSEEN_CASES: list[tuple[str, str]] = [
    ("A magnitude 6.1 earthquake struck the province overnight, collapsing hundreds of homes.", "NATURAL_DISASTER"),
    ("Flash floods after torrential rain swept away bridges and displaced thousands.", "NATURAL_DISASTER"),
    ("Fire broke out at a chemical factory, killing four workers.", "MAN_MADE_DISASTER"),
    ("A passenger train derailed near the station, injuring dozens.", "MAN_MADE_DISASTER"),
    ("The government expelled two diplomats and recalled its ambassador.", "DIPLO"),
    ("The European Union imposed new sanctions on senior army officers.", "DIPLO"),
    ("Police seized two tonnes of cocaine and arrested members of a trafficking cartel.", "ORG_CRIME"),
    ("The minister accused the neighbouring country of being behind last week's bombing.", "ATTRIB"),
]


@pytest.mark.parametrize(("text", "expected"), UNSEEN_CASES)
def test_unseen_case_labels(text: str, expected: str) -> None:
    result = classify(text)
    assert result.event_type is None and result.sub_event_type is None
    assert result.case_label == expected, result.cues


@pytest.mark.parametrize(
    "text",
    ["The central bank kept interest rates unchanged on Tuesday.", "Le festival de musique a attiré des milliers de visiteurs."],
)
def test_no_event(text: str) -> None:
    assert classify(text) == Classification(None, None, NO_EVENT_LABEL, ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # accent folding and typographic apostrophes
        ("Des hommes armés ont enlevé l’imam du village.", S.ABDUCTION_FORCED_DISAPPEARANCE),
        ("DES HOMMES ARMÉS ONT ENLEVÉ L'IMAM DU VILLAGE.", S.ABDUCTION_FORCED_DISAPPEARANCE),
        # negated casualties do not turn an arrest into an attack
        ("Police arrested ten suspects; no casualties were reported.", S.ARREST),
        # "killed by X": X is the perpetrator, not the target
        ("Three farmers were killed by militiamen near the river.", S.ATTACK),
        # word ends: "graduated" is not the Grad rocket, "mineral" is not a mine
        ("Students who graduated from the mineral institute protested in the city.", S.PEACEFUL_PROTEST),
    ],
)
def test_normalisation_and_precedence(text: str, expected: SubEventType) -> None:
    assert classify(text).sub_event_type == expected, classify(text).cues


# Victims that are armed organisations named in actors.yaml make a battle, not violence
# against civilians (ACLED: two armed, organised sides). Sentences written for these tests.
ARMED_VICTIM_CASES: list[tuple[str, SubEventType]] = [
    ("Militants killed two members of Dan Na Ambassagou near the village.", S.ARMED_CLASH),
    ("Unknown gunmen shot dead an MSA commander at the market.", S.ARMED_CLASH),
    ("Jihadists ambushed a GATIA patrol north of the town.", S.ARMED_CLASH),
    ("Gunmen killed three Dozo hunters on the road to the fields.", S.ARMED_CLASH),
    ("Assailants killed an officer of the Katiba Macina in the forest.", S.ARMED_CLASH),
    ("Suspected jihadists killed a customs officer at the border post.", S.ARMED_CLASH),
    ("Des hommes armés ont tué deux éléments du MNLA près du puits.", S.ARMED_CLASH),
    # same shapes with civilian victims stay attacks
    ("Unknown gunmen shot dead a trader at the market.", S.ATTACK),
    ("Militants killed two villagers near the well.", S.ATTACK),
    # acronyms count only in capitals: "fan" is a word, "FAN" the Nigerien army
    ("Gunmen killed two fan club members outside the stadium.", S.ATTACK),
    ("Gunmen killed two FAN members outside the camp.", S.ARMED_CLASH),
]


@pytest.mark.parametrize(("text", "expected"), ARMED_VICTIM_CASES)
def test_armed_victims_from_actor_table(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


def test_actor_names_are_replaced_by_same_length_markers() -> None:
    from streams.extract.classify import _normalise_text

    text = "Fighters of the MSA and of Dan Na Ambassagou clashed; a fan watched."
    norm = _normalise_text(text)
    assert len(norm) == len(text)
    assert "msa" not in norm and "ambassagou" not in norm and "dan na" not in norm
    assert "a fan watched" in norm


def test_lead_decides_for_long_articles() -> None:
    lead = "Gunmen kidnapped two engineers working on a road project in the north on Monday, police said. "
    background = "Last year, a suicide bomber killed dozens of people at a market in the same region. " * 8
    assert classify(lead + background).sub_event_type == S.ABDUCTION_FORCED_DISAPPEARANCE


@pytest.mark.parametrize("sub", list(SubEventType))
def test_case_label_for_every_sub_type(sub: SubEventType) -> None:
    label = case_label_for(sub)
    assert label == CASE_LABELS[sub]
    assert label.isupper() and label not in UNSEEN_CASE_LABELS


def test_case_labels_are_distinct() -> None:
    labels = list(CASE_LABELS.values()) + list(UNSEEN_CASE_LABELS) + [NO_EVENT_LABEL]
    assert len(labels) == len(set(labels)) == 31
    assert case_label_for(SubEventType("Air/drone strike")) == "AIR_STRIKE"


def test_cues_explain_decision() -> None:
    result = classify("Gunmen ambushed a military convoy on the highway.")
    assert any(c.startswith("ambush:") for c in result.cues)
    assert result.event_type is EventType.BATTLES


# ACLED notes may open with the codebook name of a strategic development; it decides.
HEADER_CASES: list[tuple[str, SubEventType]] = [
    ("Property destruction: militants set fire to the district office and killed two goats.", S.LOOTING_PROPERTY_DESTRUCTION),
    ("Movement of forces: the army sent troops to reinforce the garrison after clashes with rebels.", S.CHANGE_TO_GROUP_ACTIVITY),
    ("Non-violent activity: the rebel movement announced it would leave the peace talks.", S.OTHER),
    ("Arrests: police detained a man suspected of the kidnapping of two engineers.", S.ARREST),
    ("Weapons seizure: soldiers found rockets and rifles in an abandoned camp.", S.DISRUPTED_WEAPONS_USE),
    # a label-like opening that is not a codebook name does not decide
    ("Tension: gunmen attacked an army post and killed two soldiers.", S.ARMED_CLASH),
]


@pytest.mark.parametrize(("text", "expected"), HEADER_CASES)
def test_leading_acled_label(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


# Generic attack words read as riot behaviour still count as attacks.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A gendarmerie station was attacked by rebel fighters in the north.", S.ARMED_CLASH),
        ("The weekly market was attacked overnight.", S.ATTACK),
        # "around"/"between" + number is the victim count, not a place
        ("Troops killed around twenty militants near the border.", S.ARMED_CLASH),
        ("Soldiers killed between two and four insurgents at the ford.", S.ARMED_CLASH),
    ],
)
def test_generic_attack_and_estimates(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


_LONG_MARCH = (
    "Thousands of supporters of the opposition coalition marched through the capital on Friday, "
    "waving flags and chanting slogans against the government, which they accuse of failing to end "
    "the insecurity in the centre of the country and of mismanaging the economy; organisers said the "
    "march would be repeated every week until the prime minister resigned and new elections were held. "
    "Later in the day groups of marchers burned tyres and threw stones at the police near the assembly."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # violence by the crowd after the demonstration cue
        ("Factory workers staged a demonstration; the demonstrators assaulted a trader.", S.VIOLENT_DEMONSTRATION),
        # the violence the crowd protests against does not make it a riot
        ("Women staged a protest against the repeated attacks on the army.", S.PEACEFUL_PROTEST),
        ("Residents marched in reaction to the recent attacks against villagers.", S.PEACEFUL_PROTEST),
        # the end of a long report tells how the march turned violent
        (_LONG_MARCH, S.VIOLENT_DEMONSTRATION),
    ],
)
def test_crowd_violence(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a village self-defence group is an armed, organised side (ACLED: battle)
        ("Militants raided the hamlet and killed two members of the village self-defence group.", S.ARMED_CLASH),
        ("Militants raided the hamlet and killed two villagers.", S.ATTACK),
        # the arrest is the event; the kidnapping is why
        ("Police arrested three men suspected of the kidnapping of a trader last month.", S.ARREST),
        ("Gunmen kidnapped a trader; police later arrested three suspects.", S.ABDUCTION_FORCED_DISAPPEARANCE),
    ],
)
def test_armed_community_groups_and_arrest_order(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # air power supporting a ground operation or a battle: one battle (ACLED)
        ("The operation began with airstrikes on the camp, followed by a ground assault; twelve militants were killed.", S.ARMED_CLASH),
        ("Insurgents attacked an army base and killed four soldiers; helicopters later struck the fleeing fighters.", S.ARMED_CLASH),
        # air power alone stays a strike
        ("Helicopters struck a convoy of fighters near the river, killing nine.", S.AIR_DRONE_STRIKE),
    ],
)
def test_air_and_ground(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unarmed groups fighting the police or each other: mob violence, not a battle
        ("Police clashed with market traders over new taxes; three people were injured.", S.MOB_VIOLENCE),
        ("Clashes broke out between rival students on the campus, leaving one dead.", S.MOB_VIOLENCE),
        # armed groups stay battles
        ("Soldiers clashed with militants near the market; three fighters were killed.", S.ARMED_CLASH),
        ("Armed students clashed with gunmen outside the hall.", S.ARMED_CLASH),
    ],
)
def test_crowd_fights(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # entering a village to kill or loot is a raid, not a capture of territory
        ("Militiamen entered the village and killed three herders.", S.ATTACK),
        ("Gunmen entered the village and looted shops.", S.LOOTING_PROPERTY_DESTRUCTION),
        # seizing livestock is looting, not taking ground
        ("Militants seized livestock in the village.", S.LOOTING_PROPERTY_DESTRUCTION),
        # a real capture stays one
        ("Rebels seized the town after government troops fled.", S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ],
)
def test_raids_are_not_captures(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # explosives found after a ground fight are the haul, not the weapon used
        ("Troops killed six militants in a raid and seized rifles, ammunition and IEDs.", S.ARMED_CLASH),
        ("An IED killed two soldiers on the road; troops later found more explosives nearby.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ],
)
def test_seized_explosives(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # complex attack: a suicide blast opening a ground assault on a military camp is a battle
        ("A suicide car bomb exploded at the gate of the army camp before an assault by fighters; four soldiers were killed.", S.ARMED_CLASH),
        ("A suicide bomber blew himself up at a market, killing nine shoppers.", S.SUICIDE_BOMB),
    ],
)
def test_complex_suicide_attack(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # taking soldiers or a militia commander: between two armed sides (ACLED battle)
        ("Insurgents abducted three soldiers at a checkpoint near the river.", S.ARMED_CLASH),
        ("Gunmen kidnapped a militia commander on the road to the market.", S.ARMED_CLASH),
        # off-duty or former members count as civilians
        ("Gunmen kidnapped a former soldier at his farm.", S.ABDUCTION_FORCED_DISAPPEARANCE),
        ("Militants abducted an off-duty policeman near the bus station.", S.ABDUCTION_FORCED_DISAPPEARANCE),
        ("Gunmen kidnapped two teachers on the road to the school.", S.ABDUCTION_FORCED_DISAPPEARANCE),
    ],
)
def test_abduction_targets(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # killing an off-duty or retired member of the forces is violence against a civilian
        ("Gunmen shot dead a retired soldier at his home.", S.ATTACK),
        ("Gunmen shot dead two soldiers at their post.", S.ARMED_CLASH),
        # "accused of" describing the victim is not a claim of blame
        ("A trader accused of theft was flogged by the militants in the square.", S.ATTACK),
    ],
)
def test_victim_descriptions(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # burning or robbing with no one hurt: looting/property destruction
        ("Militants burned the health centre in the village overnight.", S.LOOTING_PROPERTY_DESTRUCTION),
        ("Gunmen stopped a bus and stripped the passengers of their belongings.", S.LOOTING_PROPERTY_DESTRUCTION),
        ("Youths burned a bar in the old quarter of the town.", S.MOB_VIOLENCE),
        # vocabulary: misspelt killing, atrocities, a vehicle struck by a mine
        ("Members of the clan assasinated a rival leader.", S.ATTACK),
        ("The militia committed atrocities against villagers.", S.ATTACK),
        ("A lorry was struck by a mine near the border.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ],
)
def test_property_and_vocabulary(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the target after the perpetrator: "an attack by X on an army post"
        ("An attack by unknown assailants on an army checkpoint left two dead.", S.ARMED_CLASH),
        ("A supply convoy of the army comes under attack near the wells.", S.ARMED_CLASH),
        ("A band of fighters engaged the army in the hills.", S.ARMED_CLASH),
        ("Gunfire was exchanged between soldiers and smugglers at the border.", S.ARMED_CLASH),
        # two-sided communal violence is fighting between the groups
        ("Five people were killed in tit-for-tat attacks between herders and farmers.", S.ARMED_CLASH),
        ("Leaders of the two communities signed an accord to end the hostilities between them.", S.AGREEMENT),
    ],
)
def test_battle_wording(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # robbery with violence against the people robbed is an attack
        ("Gunmen assaulted and robbed traders on their way to the market.", S.ATTACK),
        ("Gunmen stole cattle from the herders at night.", S.LOOTING_PROPERTY_DESTRUCTION),
    ],
)
def test_robbery_with_violence(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # devices that went off or were found before reaching a target
        ("Two militants were killed when the mine they were planting exploded.", S.DISRUPTED_WEAPONS_USE),
        ("Soldiers arrested three men in the process of laying an IED on the road.", S.DISRUPTED_WEAPONS_USE),
        ("A hand grenade was discovered near the school and made safe.", S.DISRUPTED_WEAPONS_USE),
        # a negated fight does not make a battle
        ("Rebels took control of the town; no clashes were reported.", S.NON_VIOLENT_TRANSFER_OF_TERRITORY),
        ("Rebels seized the town after clashes with the army.", S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ],
)
def test_disrupted_devices_and_negated_fights(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a convoy of civilians or officials is not a military convoy
        ("Gunmen attacked the convoy of a mayor on the road to the capital.", S.ATTACK),
        ("Gunmen ambushed a Red Cross convoy near the river.", S.ATTACK),
        ("Gunmen ambushed a convoy of soldiers near the river.", S.ARMED_CLASH),
    ],
)
def test_civilian_convoys(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # killing by the forces is one-sided violence even when the words are a mob's
        ("Policemen beat a street vendor to death at the station.", S.ATTACK),
        ("Soldiers arrested two herders and burned them alive.", S.ATTACK),
        ("An angry crowd beat a suspected thief to death at the market.", S.MOB_VIOLENCE),
    ],
)
def test_killing_by_forces_is_not_mob(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # only civilians reported killed, caught in someone else's fight
        ("Two civilians were killed in the crossfire between the army and the rebels.", S.ATTACK),
        ("Soldiers clashed with rebels; two civilians and four fighters were killed in the crossfire.", S.ARMED_CLASH),
    ],
)
def test_civilians_caught_in_fighting(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


def test_mixed_victims_include_armed() -> None:
    result = classify("Two civilians and an army officer were killed when gunmen attacked the checkpoint.")
    assert result.sub_event_type == S.ARMED_CLASH, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # protesters firing in the air, a protest that turned violent
        ("Soldiers demanding unpaid bonuses fired shots in the air in protest at their camp.", S.VIOLENT_DEMONSTRATION),
        ("A march against rising prices turned violent in the evening.", S.VIOLENT_DEMONSTRATION),
        # a non-violent demonstration broken up with live bullets stays excessive force
        ("Security forces opened fire on a non-violent demonstration, wounding ten protesters.", S.EXCESSIVE_FORCE_AGAINST_PROTESTERS),
        ("Police fired shots in the air to disperse the protesters.", S.PROTEST_WITH_INTERVENTION),
    ],
)
def test_violent_demonstration_wording(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three soldiers died when their truck hit mine on the northern road.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
        ("A soldier was killed by an exploding mine near the base.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
        # "combat helicopters" are aircraft, not a battle
        ("Combat helicopters carried out airstrikes on a militant camp, killing ten fighters.", S.AIR_DRONE_STRIKE),
        ("French aircrafts carried out strikes targeting militants in the forest.", S.AIR_DRONE_STRIKE),
    ],
)
def test_explosive_and_air_vocabulary(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Heavy violence erupted between two rival militias near the wells.", S.ARMED_CLASH),
        ("Government troops besieged the rebel-held town for a week.", S.ARMED_CLASH),
        ("Rebels made further advances towards the provincial capital.", S.ARMED_CLASH),
        ("The rebel movement overtakes Kalama after a week of fighting.", S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
    ],
)
def test_fighting_vocabulary(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Army post in a small village in the east of the district was attacked by gunmen.", S.ARMED_CLASH),
        ("Musa Kalu, a senior MNLA commander, was killed in the market town.", S.ARMED_CLASH),
        ("Musa Kalu, a well-known trader, was killed in the market town.", S.ATTACK),
    ],
)
def test_long_subjects(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # contractors and employees of a mission are civilians (ACLED)
        ("Gunmen shot dead a MINUSMA contractor near the airport.", S.ATTACK),
        ("Gunmen shot dead a MINUSMA peacekeeper near the airport.", S.ARMED_CLASH),
    ],
)
def test_mission_contractors(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abuse of detainees and a body found after an abduction are violence against civilians
        ("Soldiers arrested five herders and beat them at the camp.", S.ATTACK),
        ("Gunmen abducted a village elder; his corpse was found two days later.", S.ATTACK),
        ("Police arrested five suspects after the robbery.", S.ARREST),
        # ambushed and robbed, nobody hurt: looting
        ("Gunmen ambushed two lorries on the highway and stole their cargo.", S.LOOTING_PROPERTY_DESTRUCTION),
        ("Gunmen ambushed a military patrol on the highway.", S.ARMED_CLASH),
        # "beat back" is not a beating
        ("Soldiers beat back an assault by insurgents on the base.", S.ARMED_CLASH),
    ],
)
def test_abuse_and_ambush_robbery(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # mortars opening a ground assault on a base: one battle
        ("Insurgents fired mortars at the army base before fighters stormed the perimeter.", S.ARMED_CLASH),
        ("Insurgents targeted the army base with a barrage of mortar shells.", S.SHELLING_ARTILLERY_MISSILE_ATTACK),
        # mine wording
        ("An army truck strikes a mine on the desert track, wounding two.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
        ("A herder was wounded when his cart drove on a mine near the well.", S.REMOTE_EXPLOSIVE_LANDMINE_IED),
    ],
)
def test_shelling_with_assault_and_mines(text: str, expected: SubEventType) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unknown men stabwounded a shopkeeper in the market.", S.ATTACK),
        # "anti-poaching" names a unit, not a crime
        ("A guide of the anti-poaching unit was assassinated at his home.", S.ATTACK),
        ("The MINUSMA stabilization mission opened a new office in the town.", None),
    ],
)
def test_attack_vocabulary_edges(text: str, expected: SubEventType | None) -> None:
    result = classify(text)
    assert result.sub_event_type == expected, result.cues


@pytest.mark.parametrize(
    "text",
    ["Hundreds of people went to the streets to support the new constitution.", "A march against the curfew took place in the capital."],
)
def test_protest_wording(text: str) -> None:
    assert classify(text).sub_event_type == S.PEACEFUL_PROTEST, classify(text).cues


# --- gate words of the noun-first cues (a cue needing "été"/"including" is not run on a text
# without that word; the matches must be exactly those of the full cue set)

from streams.extract import classify as _classify_module  # noqa: E402


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{TGT} {w2}(?:a ete|ont ete) (?:attaqu\\w*|cibl\\w*)", 1),
        ("{TGT} {p4}(?:ont ete|a ete) {w2}(?:tue\\w*|abattu\\w*)", 1),
        ("{TGT} (?:including|among) {w3}(?:killed|dead)", 2),
        ("{TGT} {p4}(?:were|was|had been) {w2}{KILL}", 0),  # common words: no gate
        ("{NUM} {TGT} (?:were |was )?(?:dead|died)", 0),
        ("{TGT} (?:a ete|ont ete)? killed", 0),  # optional group: no requirement
        ("{TGT} (?:(?:a ete|ont ete)|were) killed", 0),  # nested in an alternative
        ("(?:killed|dead),? (?:including|among them) {w2}{TGT}", 0),  # "them" is no gate word
    ],
)
def test_pattern_gate(raw: str, expected: int) -> None:
    assert _classify_module._pattern_gate(raw) == expected


def _surfaces(text: str) -> list[tuple[int, str, str]]:
    norm = _classify_module._normalise_text(text)
    return _classify_module._scan(text, norm).surfaces


def _ungated_surfaces(text: str) -> list[tuple[int, str, str]]:
    # Every gate word after a line break (no cue spans one): the full regexes run, and the
    # matches within ``text`` are the reference.
    return [s for s in _surfaces(text + "\nete including among") if s[0] < len(text)]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Deux soldats ont été tués lundi près de Gao.", "kill_armed:soldats ont ete tues"),
        ("Trois civils ont été enlevés par des hommes armés.", "abduct"),
        ("Des militaires ont été attaqués à Ménaka.", "atk"),
        # A French quote inside English copy still gets the French passive.
        ("Gunmen struck on Monday. 'Nos soldats ont été tués', an officer said.", "kill_armed:soldats ont ete tues"),
        ("Twelve soldiers including two officers killed in the ambush.", "kill_armed"),
        ("Four soldiers were killed when gunmen attacked the camp.", "kill_armed"),
    ],
)
def test_gated_scan_equals_full_scan(text: str, cue: str) -> None:
    got = _surfaces(text)
    assert got == _ungated_surfaces(text)
    cues = classify(text).cues
    assert any(c.startswith(cue) for c in cues), cues


@pytest.mark.parametrize(
    "text",
    [
        "Four soldiers were killed when gunmen attacked the camp near the border.",
        "Residents said two traders were shot dead by bandits on the main road.",
        "Police dispersed protesters who had blocked the bridge; several were injured.",
    ],
)
def test_english_text_needs_no_french_passive(text: str) -> None:
    # No gate word: the cheaper regexes run and find the same cues as the full ones.
    assert "ete" not in text.lower().split()
    assert _surfaces(text) == _ungated_surfaces(text)


# The second dispatch on a word's first characters (``_long_key_entries``) only skips regex calls
# that cannot match: the cues found must be those of the plain 3-character dispatch.
LONG_KEY_TEXTS = [
    "Unidentified gunmen killed three soldiers and wounded two civilians near the market on Monday.",
    "Two soldiers were killed when their vehicle struck an improvised explosive device.",
    "Soldiers regained control of the town after militants stormed the base and looted shops.",
    "Protesters marched peacefully through the capital; police fired tear gas to disperse them.",
    "Des hommes armés ont attaqué le village, trois civils ont été tués et plusieurs blessés.",
    "Among the dead were four children, including a baby, after the mortar shells hit the camp.",
    "A drone strike killed a commander of the group; residents said the house was destroyed.",
]


@pytest.mark.parametrize("text", LONG_KEY_TEXTS)
def test_long_key_dispatch_finds_the_same_cues(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import streams.extract.classify as cls

    filtered = classify(text)
    monkeypatch.setattr(cls, "_LONG_KEY_TABLE", {})
    monkeypatch.setattr(cls, "_regex_starts", lambda rx, size: None)  # every layer admitted
    unfiltered = classify(text)
    assert filtered.cues  # the texts report events
    assert filtered == unfiltered


def test_long_key_entries_drop_layers_that_cannot_start_there() -> None:
    import streams.extract.classify as cls

    cls.warm_up()
    admitted = cls._long_key_entries("killed")
    assert admitted is not None
    everything = cls._KEY_TABLE["kil"]
    assert everything is not None and len(admitted) <= len(everything)
    # "kilometres" shares "kil" with "killed" but starts no cue of the lexical layers.
    far = cls._long_key_entries("kilome") or ()
    assert len(far) < len(everything)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a subject coordinated with the state's ("the army and a clan militia") is the state's operation
        ("The SNA and allied clan militia retook control of the village from Al Shabaab.", S.GOVERNMENT_REGAINS_TERRITORY),
        ("Soldiers and VDP recaptured the town from the militants.", S.GOVERNMENT_REGAINS_TERRITORY),
        ("Al Shabaab militants recaptured the town after heavy fighting with the army.",
         S.NON_STATE_ACTOR_OVERTAKES_TERRITORY),
        # taken once the other side had left: no fight, a transfer
        ("The rebels took control of the town after government troops withdrew.", S.NON_VIOLENT_TRANSFER_OF_TERRITORY),
        ("Militants entered and took control of the district once the soldiers had pulled out of the base.",
         S.NON_VIOLENT_TRANSFER_OF_TERRITORY),
    ],
)
def test_territory_subject_and_withdrawal(text: str, expected: SubEventType) -> None:
    assert classify(text, language="en").sub_event_type == expected


# French wire copy (texts written for these tests).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # angry youths ransacking a police station: a violent demonstration, even after a death that set it off
        ("Des jeunes en colère ont saccagé et incendié le commissariat après la mort d'un conducteur de moto-taxi.",
         S.VIOLENT_DEMONSTRATION),
        ("Des manifestants ont caillassé les véhicules de la police dans le centre-ville.", S.VIOLENT_DEMONSTRATION),
        # an attack on a military detachment or a gendarmerie post is a battle (armed target)
        ("Au moins 12 volontaires ont été tués dans une attaque contre leur détachement de Titao.", S.ARMED_CLASH),
        ("Des hommes armés ont attaqué la caserne de la ville, selon une source sécuritaire.", S.ARMED_CLASH),
        # "attaque de miliciens": de names the attackers, not the target
        ("Douze personnes ont été tuées lors d'une attaque de miliciens contre un site de déplacés.", S.ATTACK),
        ("Une attaque de jihadistes contre un camp militaire a fait dix morts.", S.ARMED_CLASH),
        ("Douze personnes ont été tuées lors d'une attaque de miliciens contre un village.", S.ATTACK),
        # a convoy of traders is civilian; a military convoy is armed
        ("Vingt personnes ont péri dans l'attaque d'un convoi de commerçants entre Dori et Seytenga.", S.ATTACK),
        ("Des hommes armés ont attaqué un convoi militaire sur l'axe Dori-Seytenga.", S.ARMED_CLASH),
        # "une frappe de l'aviation", "a visé", "tuant"
        ("Une frappe de l'aviation a visé mardi des positions de Boko Haram, tuant une trentaine de terroristes.",
         S.AIR_DRONE_STRIKE),
        ("Des hommes armés ont attaqué le marché, tuant trois civils.", S.ATTACK),
    ],
)
def test_french_copy(text: str, expected: SubEventType) -> None:
    result = classify(text, language="fr")
    assert result.sub_event_type == expected, result.cues
