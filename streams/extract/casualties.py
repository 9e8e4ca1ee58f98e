"""How many: killed, wounded, abducted and arrested counts, per side where the text says so.

This module owns number parsing (``parse_number``: digits, English/French/Italian number words,
vague quantities) and ``extract_casualties(text, resolve_side=...) -> Casualties``.

Counting follows ACLED's conservative reading of reports:
- "at least 20", "more than 20", "about 20", "20-30", "between 20 and 30", "20 or 30" -> 20
  (the lower/stated figure);
- vague quantities: "a few"/"several"/"some"/"plusieurs" -> 3, "a dozen"/"dozens" -> 12,
  "scores" -> 20, "hundreds" -> 100, "une dizaine" -> 10, "une vingtaine" -> 20;
  an "unknown/unspecified number" killed -> 10 (ACLED notes: "unknown fatalities coded as 10");
- an explicit coding note ("fatalities coded as 3") wins over everything else;
- all sides count towards the total ("killing one soldier ... seven assailants killed" -> 8);
- sub-counts ("including three children", "dont deux soldats") do not add, also when set off by
  commas between a count and its verb ("Six civils, dont deux enfants, ont été tués" -> 6);
- the same count of the same side repeated in several sentences counts once, and so does an
  unattributed figure that repeats an attributed one ("huit civils tués ... 'il y a huit morts'");
- a definite singular victim counts one ("the chief was killed", "le chef du village a été tué"); a
  noun coordinated without its own count belongs to the counted phrase ("15 soldats et VDP ont été
  tués" -> 15); French puts the day between verb and object ("ont tué dimanche trois civils");
- explicit negation ("no one was hurt", "aucune victime") or nothing found -> 0;
- a revised toll ("the death toll has risen to 19", "rose to", "climbed to", "le bilan est passé
  à / s'alourdit à") is the newest figure: the largest revision wins and figures of sentences that
  report the first, superseded count ("had initially reported 12 killed", "un premier bilan faisait
  état de 12 morts") are dropped, as is a figure ahead of the revision in its own sentence ("30
  reported dead, but the toll has since increased to 100");
- people "neutralised" (communiqué wording: "a permis de neutraliser une vingtaine de terroristes")
  are killed, as are those whose death is reported ("la mort de six soldats"); devices, weapons
  and vehicles are never counted as people; quotation marks around a figure are ignored
  ('killing "several people"');
- dead and hurt counted together without a split ("dozens were killed or injured", "killing and
  wounding 20") -> killed = min(figure, 3), ACLED's low estimate for an unknown number of deaths
  among casualties (used only when no other death count exists; the mix is not counted as
  wounded either, its split is unknown). "Casualties" alone is no death count;
- a compound verb counts for both categories ("abducted and killed three teachers" -> 3 killed,
  3 abducted);
- figures about older incidents or cumulative statistics do not count, even if the caller passes
  them: sentences opening with "Last month," / "In 2019," or holding "since 2015", "so far this
  year" are dropped; "..., weeks after a similar attack killed 40" is dropped from its cue on;
  a clause with "in 2017" is dropped (see ``_incident_part``).

The pipeline passes only the sentences of the incident (it removes most background sentences
itself), and a ``resolve_side`` callback that maps a noun phrase ("soldiers", "assailants") to a
canonical actor name.

Speed: sentences without any casualty word are skipped by a cheap gate derived from the word
lists; the scanning patterns run on lower-cased text without IGNORECASE (several times faster).
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from models import Casualties, SideCasualties
from streams.extract.textutil import (
    guard_word_start, literal_prefixes, lower_same_length, lowered, split_alternatives, trie_regex,
)

__all__ = ["parse_number", "extract_casualties", "CasualtyFact", "find_facts", "VAGUE_SEVERAL"]

VAGUE_SEVERAL = 3
UNKNOWN_NUMBER = 10

# --------------------------------------------------------------------------- numbers

_UNITS = {
    # English
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "one hundred": 100, "thousand": 1000, "a thousand": 1000, "one thousand": 1000,
    "a couple of": 2, "couple of": 2, "a pair of": 2, "both": 2, "dozen": 12, "a dozen": 12, "half a dozen": 6,
    "half-a-dozen": 6, "dozens": 12, "dozens of": 12, "scores": 20, "scores of": 20, "hundreds": 100, "hundreds of": 100,
    "thousands": 1000, "thousands of": 1000, "tens of": 20, "several": VAGUE_SEVERAL, "a few": VAGUE_SEVERAL,
    "few": VAGUE_SEVERAL, "some": VAGUE_SEVERAL, "many": VAGUE_SEVERAL, "numerous": VAGUE_SEVERAL,
    "multiple": VAGUE_SEVERAL, "a number of": VAGUE_SEVERAL, "several dozen": 24, "a score of": 20,
    "another": 1, "other": 1, "the": 1, "his": 1, "her": 1,
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "dix-sept": 17,
    "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingts": 80, "quatre-vingt-dix": 90, "cent": 100, "mille": 1000,
    "une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20, "une trentaine": 30,
    "une quarantaine": 40, "une cinquantaine": 50, "une soixantaine": 60, "une centaine": 100,
    "des dizaines": 12, "des dizaines de": 12, "des centaines": 100, "des centaines de": 100, "plusieurs": VAGUE_SEVERAL,
    "quelques": VAGUE_SEVERAL, "plusieurs dizaines": 24, "plusieurs dizaines de": 24, "deux douzaines": 24,
    # Italian
    "uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10,
    "venti": 20, "trenta": 30, "cento": 100, "decine": 12, "decine di": 12, "centinaia": 100, "alcuni": VAGUE_SEVERAL,
    "diversi": VAGUE_SEVERAL, "una decina": 10, "una ventina": 20,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
         "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "quatre-vingt": 80}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "un": 1, "et-un": 1, "et un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
         "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
         "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19}
# Words that are numbers only in a count position; "a"/"an"/"some"/"other" need a following noun.
# French definite articles count one victim ("le chef du village a été enlevé", "tuant le chauffeur",
# see _DEFINITE); they are scanned only in sentences that can use them (see find_facts): most
# French sentences hold many articles and few such phrases.
_ARTICLES = {"le": 1, "la": 1}
_WEAK = frozenset({"the", "his", "her", "a", "an", "some", "another", "other", "many", "few", "numerous", "multiple", "un", "une", "uno", "both",
                   "le", "la"})

_word_alts = sorted(set(_UNITS) | {f"{t}-{o}" for t in _TENS for o in _ONES if _ONES[o] < 10}
                    | {f"{t} {o}" for t in _TENS for o in _ONES if _ONES[o] < 10}
                    | {f"{t}-{o}" for t in ("soixante", "quatre-vingt") for o in _ONES if 10 <= _ONES[o] < 20}
                    | {f"{t} et un" for t in _TENS} | {f"{t}-et-un" for t in _TENS}, key=len, reverse=True)
NUMBER_RE = (
    r"(?:\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d+)(?:\s*(?:hundred|thousand))?"
    r"|(?:" + trie_regex(_word_alts) + r")"
)
_NUMBER_FULL = re.compile(r"^(?:" + NUMBER_RE + r")$", re.IGNORECASE)


def parse_number(token: str) -> int | None:
    """Parse a count: '12', '1,200', 'seven', 'twenty-five', 'a dozen', 'une vingtaine', 'dozens' (12).

    Returns None when ``token`` is not a number.
    """
    if token.isdecimal():
        return int(token)  # the common case: plain digits (\d+ below, without the regexes)
    value = " ".join(token.strip().lower().replace("\u00a0", " ").split())
    if not value:
        return None
    if value[0].isdigit():
        m = re.match(r"^(\d{1,3}(?:[,. ]\d{3})+|\d+)(?:\s*(hundred|thousand))?$", value)
        if not m:
            return None
        num = int(re.sub(r"[,. ]", "", m.group(1)))
        if m.group(2) == "hundred":
            num *= 100
        elif m.group(2) == "thousand":
            num *= 1000
        return num
    if value in _UNITS:
        return _UNITS[value]
    for sep in ("-et-", " et ", "-", " "):
        if sep in value:
            head, _, tail = value.partition(sep)
            if head in _TENS and (tail in _ONES or (sep in ("-et-", " et ") and tail == "un")):
                return _TENS[head] + (_ONES.get(tail, 1))
    return None


# --------------------------------------------------------------------------- patterns

_QUAL = (r"(?:(?:between|at\s+least|more\s+than|over|nearly|almost|about|around|approximately|some|up\s+to|as\s+many\s+as|"
         r"a\s+total\s+of|roughly|an\s+estimated|estimated|no\s+fewer\s+than|not\s+less\s+than|"
         r"au\s+moins|plus\s+de|près\s+de|environ|quelque|pas\s+moins\s+de|jusqu'à|almeno|oltre|circa)\s+)?")
_NUM = r"(?P<num>" + NUMBER_RE + r")"
# Range tails: "20-30", "20 to 30", "between 20 and 30" -> the lower figure (num); the tail is consumed.
_RANGE = r"(?:\s*(?:-|–|to|or|à|ou|and)\s*(?:" + NUMBER_RE + r"))?"
# (A coordinated noun without its own count belongs to the phrase: "15 soldats et VDP ont été tués";
# "two soldiers and three civilians" are two counts, see _chain.)
_NP = (r"(?P<np>(?:\s+(?:(?:and|et)(?=\s+(?!(?:" + NUMBER_RE + r")(?!\w))[^\W\d])|"
       r"(?!(?:were|was|and|et|who|have|has|had|are|is)\b(?!/))[\w'’()/\"“”-]+)){0,8}?)")
_BE = (r"(?P<be>(?:\s+(?:were|was|have\s+been|has\s+been|had\s+been|have|has|had|are|is|got|being|been|reportedly|allegedly|also|later|"
       r"all|each|confirmed|reported|ont\s+été|a\s+été|sont|est|été|ont|sono\s+stati|è\s+stato|sono|furono|don|dey|"
       r"were\s+reportedly|were\s+allegedly|lost\s+their|lost\s+his|lost\s+her|perdu\s+la|trouvé\s+la|mortally|"
       r"critically|seriously|severely|fatally|badly|slightly|grievously|gravement|grièvement|légèrement|"
       r"subsequently|then|either|both|instantly|on\s+the\s+spot|who|which|that|qui|found|discovered|retrouvés?|"
       r"brought\s+in|brought|declared|pronounced|"
       r"(?:reported|believed|said|thought|feared|confirmed)\s+to\s+have\s+been))*)")

_CATEGORY_WORDS = {
    "killed": (r"killed|dead|died|dying|murdered|slain|executed|assassinated|shot\s+dead|succumb(?:ed|ing|s)?(?:\s+to\s+(?:his|her|their)\s+"
               r"(?:wounds|injuries))?|hacked\s+to\s+death|burned\s+to\s+death|"
               r"burnt\s+to\s+death|beheaded|lives|perished|massacred|lynched|bodies|corpses|deaths|fatalities|"
               r"tués?|tuées|morts?|décédés?|décès|exécutés?|égorgés?|assassinés?|abattus?|vie|péri|succombé|"
               r"lynchée?s?|battue?s?\s+à\s+mort|beaten\s+to\s+death|"
               r"uccis[oie]|mort[ie]|neutrali[sz]ed|neutralisés?|kill|die"),
    "wounded": (r"wounded|injured|hurt|blessés?|blessées?|atteints?|feriti|ferit[oa]|wound|injure"),
    "abducted": (r"abducted|kidnapped|taken\s+hostage|held\s+hostage|taken\s+captive|seized|missing|enlevés?|enlevées|"
                 r"kidnappés?|pris\s+en\s+otage|rapit[ie]|sequestrat[ie]|kidnap|abduct"),
    "arrested": (r"arrested|detained|apprehended|captured|taken\s+into\s+custody|nabbed|interpellés?|arrêtés?|"
                 r"appréhendés?|capturés?|arrestat[ie]|fermat[ie]|arrest"),
}
_ACTIVE_WORDS = {
    "killed": (r"killing|killed|kills|kill|murdering|murdered|executing|executed|slaughtering|massacring|assassinated|"
               r"(?:the\s+)?(?:killing|execution|murder|massacre|assassination)\s+of|"
               r"(?:resulting\s+in|led\s+to|leading\s+to|caused|causing)\s+the\s+deaths?\s+of|assassinating|beheaded|beheading|lynched|lynching|stabbed\s+to\s+death|hacked\s+to\s+death|burned\s+alive|"
               r"burnt\s+alive|"
               r"claim(?:ed|s|ing)\s+the\s+lives?\s+of|took\s+the\s+lives\s+of|shooting\s+dead|shot\s+dead|shot\s+and\s+killed|"
               r"tuant|tué|tue|tuent|abattant|abattu|exécuté|assassiné|égorgé|massacré|décapité|lynché|"
               r"coûté\s+la\s+vie\s+à|uccidendo|ucciso|uccisi|"
               r"neutralisé|neutralisant|neutraliser|neutralized|neutralised|"
               r"(?:la\s+)?mort\s+de|le\s+décès\s+de"),
    "wounded": r"wounding|wounded|injuring|injured|injure|blessant|blessé|ferendo|ferito",  # "injure": Pidgin
    "abducted": r"abducting|abducted|kidnapping|kidnapped|enlevant|enlevé|kidnappé|rapendo|rapito",
    "arrested": (r"arresting|arrested|detaining|detained|capturing|captured|apprehended|interpellé|arrêté|"
                 r"capturé|arrestato|arrestando"),
}
# "left 5 dead", "faisant 3 morts", "leaving 2 people injured"
_RESULT_VERBS = r"left|leaving|leaves|causing|caused|faisant|fait|ont\s+fait|a\s+fait|causant|provoquant|lasciando|resulted\s+in"

_SUBCOUNT_BEFORE = re.compile(
    r"(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which|dont|parmi\s+(?:eux|lesquels|lesquelles)|"
    r"tra\s+cui|among\s+the\s+(?:dead|victims|killed)|notably|mostly|mainly|of\s+them)\s*(?:at\s+least\s+|some\s+)?$",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:no\s+(?:one|body|casualt|fatalit|deaths?|injur|loss(?:es)?\s+of\s+li|victims?|lives?\s+were\s+lost)|nobody|none\s+(?:was|were)|"
    r"without\s+(?:causing\s+)?(?:any\s+)?(?:casualt|injur|victims|fatalit|loss)|did\s+not\s+(?:cause|result\s+in)\s+(?:any\s+)?"
    r"(?:casualt|injur|fatalit|damage)|escaped\s+unhurt|unharmed|no\s+casualties|aucune?\s+(?:victime|perte|blessé|mort)|"
    r"sans\s+(?:faire\s+(?:de\s+)?)?(?:victimes?|blessés?|morts?)|pas\s+de\s+(?:victimes?|blessés?|morts?)|"
    r"n'a\s+fait\s+(?:aucune\s+victime|aucun\s+(?:mort|blessé))|nessuna\s+vittima|senza\s+vittime)",
    re.IGNORECASE,
)
_CODED_AS = re.compile(
    r"(?:fatalit(?:y|ies)|casualt(?:y|ies)|deaths?)[^.]{0,60}?\bcoded\s+as\s+(?P<num>\d+)",
    re.IGNORECASE,
)
_SPLIT_ACROSS = re.compile(r"fatalities\s+(?:are\s+|were\s+)?split\s+(?:across|between|over)\s+(?:the\s+)?(?P<n>\d+|two|three|four|five)\s+"
                           r"(?:separate\s+)?(?:events|dates|locations|days)",
                           re.IGNORECASE)
_UNKNOWN_KILLED = re.compile(
    r"(?:(?:an?\s+)?(?:unknown|unspecified|undetermined|undisclosed|unconfirmed|indeterminate)\s+number\s+of\s+"
    r"(?P<np>(?:[\w'-]+\s+){0,4}?)(?:were\s+|was\s+|have\s+been\s+|reportedly\s+|also\s+)*(?:killed|dead)|"
    r"(?:killed|killing)\s+(?:or\s+(?:captured|wounded|injured)\s+)?(?:an?\s+)?(?:unknown|unspecified|undetermined|undisclosed)\s+"
    r"number\s+of(?P<np2>(?:\s+[\w'-]+){0,4})|"
    r"un\s+nombre\s+(?:indéterminé|inconnu|non\s+précisé)\s+de\s+(?P<np3>(?:[\w'-]+\s+){0,3}?)(?:ont\s+été\s+)?(?:tués|morts)|"
    r"(?:several|many)\s+killed|a\s+number\s+of\s+casualties)",
    re.IGNORECASE,
)
_VAGUE_HINT = re.compile(r"number|nombre|numero|several|many|toll|bilan")  # on lower-cased text
# "the death toll (from Friday's attack) has risen to 19", "the number of (soldiers) killed rose to",
# "le bilan s'alourdit à".
_TOLL = re.compile(
    r"(?:death\s+toll|toll|bilan|bilancio|number\s+of\s+(?P<tnp>(?:\w+\s+){0,2}?)(?:dead|killed|deaths|fatalities|victims)|"
    r"nombre\s+de\s+(?P<tnp_fr>(?:\w+\s+){0,2}?)(?:morts|victimes|tués)|numero\s+(?:dei|delle)\s+(?:morti|vittime))"
    # "... in Friday's attack on an army post in Boni, in central Mali, has risen to 19"
    r"(?:\s+(?:(?:from|of|in|during|after|de|du|des|dans|lors\s+de|della)\b|de\s+l'|dell')\s*[^.;:\d]{0,130}?)?"
    r"(?P<verbs>(?:\s+(?:has|had|have|now|since|later|further|already|then|officially|rose|risen|rises|climbed|climbs|"
    r"stood|stands|reached|reaches|increased|jumped|grew|passed|surged|hit|went\s+up|is|was|of|at|to|provisoire|officiel|"
    r"est|de|s'élève|s'est|alourdi|s'alourdit|passé|passe|grimpé|atteint|fait\s+état|désormais|à|a|è|salito|sale|"
    r"di|ora)){1,4})\s+" + _QUAL + _NUM,
    re.IGNORECASE,
)
_REVISION_VERB = re.compile(
    r"\b(?:rose|risen|rises|climbed|climbs|reached|reaches|increased|jumped|grew|passed|surged|went\s+up|alourdi|"
    r"s'alourdit|passé|passe|grimpé|atteint|salito|sale)\b",
    re.IGNORECASE,
)
# A sentence reporting an earlier, superseded figure ("The army had initially reported 12 killed").
_SUPERSEDED = re.compile(
    r"\b(?:initially|at\s+first|earlier\s+(?:reports?|figures?|tolls?)|had\s+(?:earlier\s+)?(?:said|reported)|"
    r"previous\s+(?:toll|figure)|initial\s+(?:toll|figure|reports?)|initialement|dans\s+un\s+premier\s+temps|"
    r"auparavant|précédent\s+bilan|(?:un|le)\s+premier\s+bilan|bilan\s+initial|first\s+toll|inizialmente|"
    r"in\s+un\s+primo\s+momento)\b",
    re.IGNORECASE,
)


# "killed or injured", "dead and wounded", "tués ou blessés" right after a killed/wounded word.
_MIX_AFTER = re.compile(r"\s*(?:or|and|/|&|ou|et|o|e)\s*(?:wounded|injured|hurt|killed|dead|blessés?|tués?|morts?|feriti|morti)\b",
                        re.IGNORECASE)
_SECOND_CAT = {"wounded": "wounded", "wounding": "wounded", "injured": "wounded", "injuring": "wounded", "blessé": "wounded",
               "captured": "arrested", "kidnapped": "abducted", "abducted": "abducted", "enlevé": "abducted",
               "killed": "killed", "killing": "killed", "executed": "killed", "tué": "killed"}

_NUMW = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|a\s+few|some)"
_MONTH_NAMES = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|janvier|février|"
                r"mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)")
# A sentence that opens on a part of a month and tells in the pluperfect is about an earlier
# event: "Début septembre, une attaque ... avait fait plus de 60 morts", "In early September,
# an attack on a boat had killed 60" (either alone may be the incident itself).
_BG_PLUPERFECT_LEAD = re.compile(
    r"^\W*(?:(?:in\s+)?(?:early|late|mid)[-\s]+|(?:au\s+)?(?:début|fin|mi-)\s*|courant\s+|(?:in|en)\s+)" + _MONTH_NAMES
    + r"\b[^.]*\b(?:had|avait|avaient)\b"
)
# The whole sentence is about older incidents or cumulative figures.
_BG_WHOLE = re.compile(
    r"^\W*(?:last\s+(?:year|month)|earlier\s+this\s+year|(?:in|en|nel)\s+(?:19|20)\d\d|previously|"
    r"in\s+(?:a|an)\s+(?:similar|earlier|previous)\s+(?:attack|incident|raid|ambush|assault)|l'an\s+dernier|"
    r"l'année\s+dernière|le\s+mois\s+dernier|(?:il\s+|lo\s+)?(?:mese|anno)\s+scorso|so\s+far\s+this\s+year)\b"
    r"|\b(?:since\s+(?:(?:19|20)\d\d|" + _MONTH_NAMES + r"|the\s+(?:start|beginning)|last\s+(?:year|month)|then)|"
    r"so\s+far\s+this\s+year|this\s+year\s+alone|(?:over|in|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?"
    r"(?:years?|months|decades?)|in\s+recent\s+(?:years|months)|depuis\s+(?:(?:19|20)\d\d|le\s+début|" + _MONTH_NAMES
    + r")|cette\s+année|dall'inizio\s+dell'anno|dal\s+(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# From here to the end of the sentence is about an older incident.
_BG_FROM = re.compile(
    r"\b(?:(?:barely|just|only|some|about|nearly|less\s+than|more\s+than|almost)\s+)?" + _NUMW
    + r"\s+(?:days?|weeks?|months?|years?)\s+(?:after|before|earlier|ago|since)\b|"
    r"\b(?:days|weeks|months|years)\s+(?:after|before|earlier)\b|"
    r"\b(?:after|like|following)\s+(?:a|an|the)\s+(?:similar|earlier|previous)\b|"
    r"\b(?:a|an)\s+similar\s+(?:attack|incident|assault|raid|bombing|ambush)|"
    r"\bthe\s+(?:scene|site)\s+of\s+(?:a|an|the)\b|\bthe\s+deadliest\s+since\b|\b(?:recalled|reminiscent|anniversary)\b|"
    r"\b(?:semaines?|mois|jours?|ans?)\s+après\b|\b(?:l'an\s+dernier|l'année\s+dernière|le\s+mois\s+dernier)\b|"
    r"\blast\s+(?:year|month)\b",
    re.IGNORECASE,
)
# A leading "(Barely) two weeks after the attack on X," clause: only it is background.
_BG_LEAD_CLAUSE = re.compile(
    r"^\W*(?:(?:barely|just|only|some|about|nearly|less\s+than|more\s+than|almost)\s+)?" + _NUMW
    + r"\s+(?:days?|weeks?|months?|years?)\s+(?:after|since|following|après)\b[^,;]{3,160}[,;]",
    re.IGNORECASE,
)
# "... killed 500 people in 2017": that clause is about an older incident.
# Every cue of _BG_WHOLE, _BG_FROM and _BG_YEAR contains one of these (lower case).
_BG_TRIGGERS = ("last", "earlier", "previous", "similar", "l'an", "l'année", "dernier", "dernière", "scorso", "so far",
                "since", "this year", "past", "recent", "depuis", "cette année", "dall'", "dal ", "after", "before",
                " ago", "scene of", "site of", "deadliest", "recalled", "reminiscent", "anniversary", "après",
                " 19", " 20")
_RELATIVE = re.compile(r"\b(?:who|which|that|where|when|whom|qui|où|lorsque|quand|che|dove)\b", re.IGNORECASE)
_BG_YEAR = re.compile(r"\b(?:in|en|nel|of)\s+(?:19|20)\d\d\b", re.IGNORECASE)

_CAT_ALT = "|".join(f"(?P<{cat}>{words})" for cat, words in _CATEGORY_WORDS.items())
# NUM [range] [noun phrase] [were] killed -> "seven assailants were killed", "12 dead", "deux soldats tués"
_RIGHT_PASSIVE = re.compile(
    _RANGE + _NP + _BE + r"\s+(?:(?:shot|stabbed|hacked|beaten|burned)\s+(?:and\s+)?)?(?:" + _CAT_ALT + r")(?!\w)",
    re.IGNORECASE,
)
_ACTIVE_ALT = "|".join(f"(?P<{cat}>{words})" for cat, words in _ACTIVE_WORDS.items())
# killed [and wounded] [at least] NUM -> "killing one soldier", "a tué sept civils" (left of the number)
_LEFT_ACTIVE = re.compile(
    r"(?<!\w)(?:" + _ACTIVE_ALT + r")(?:\s+(?:and|or|et|ou|&)\s+(?P<second>wounded|wounding|injured|injuring|captured|"
    r"kidnapped|abducted|blessé|enlevé|killed|killing|executed|tué))?"
    # (French puts the day between the verb and its object: "ont tué dimanche trois soldats")
    r"(?:\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|avant-hier)(?:\s+(?:soir|matin|après-midi|dernier))?)?"
    r"\s+" + _QUAL + r"(?=\S)",
    re.IGNORECASE,
)
_RIGHT_NP = re.compile(_RANGE + r"(?P<np>(?:\s+[\w'’\"“”/-]+){0,4})", re.IGNORECASE)
# "left 5 dead", "faisant 3 morts", "leaving 2 people injured"
_LEFT_RESULT = re.compile(r"(?<!\w)(?:" + _RESULT_VERBS + r")\s+" + _QUAL + r"(?=\S)", re.IGNORECASE)
_RIGHT_RESULT = re.compile(
    _RANGE + r"(?P<np>(?:\s+[\w'’-]+){0,3}?)\s+(?:people\s+|persons\s+|personnes\s+)?(?:" + _CAT_ALT + r")(?!\w)",
    re.IGNORECASE,
)
_NUM_TOKEN = re.compile(r"(?<![\w-])(?:" + NUMBER_RE + r")(?!\w)", re.IGNORECASE)
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
           r"novembre|décembre|decembre|gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre")
_DATE_AFTER = re.compile(r"(?:st|nd|rd|th|er)?\s*(?:of\s+)?(?:" + _MONTHS + r")\b|\s*[/:h]\d", re.IGNORECASE)
_DATE_BEFORE = re.compile(r"\b(?:" + _MONTHS + r")\.?\s*$|[/:]$", re.IGNORECASE)
# = (?<=[.!?])\s+(?=[A-Z"'«\d])|\n+ , written to start with a character class (\s) so that the
# regex engine skips to whitespace instead of trying both branches at every character.
_SENTENCE_SPLIT = re.compile(r"\s(?:(?<=[.!?]\s)\s*(?=[A-Z\"'«\d])|(?<=\n)\n*)")
# Words that end a noun phrase ("killed two soldiers in Gao" -> "soldiers").
_NP_STOP = re.compile(r"\b(?:in|at|on|near|during|and(?!/)|et|while|after|before|when|who|that|which|whose|from|of|à|dans|près|lors|for|"
                      r"qui|to|by|par|with|avec|as|including|dont|said|says|told|added|reported|according|selon|were|was|are|is|"
                      r"over|across|throughout|since|between|around|outside|inside|overnight|yesterday|today|last|this|"
                      r"earlier|later|pendant|depuis|entre|hier)\b", re.IGNORECASE)
# Numbers that are not counts of people.
_NOT_PEOPLE = re.compile(
    r"^\s*(?:km|kilomet|kilom|miles?|metres?|meters?|mètres|hours?|heures?|days?|jours?|weeks?|semaines?|months?|mois|"
    r"years?|ans|années|minutes?|vehicles?|véhicules?|motorbikes?|motorcycles?|motos?|cars?|trucks?|camions?|houses?|"
    r"maisons?|shops?|boutiques?|heads?\s+of|cattle|livestock|bétail|têtes|granaries|greniers|rounds?|percent|per\s+cent|%|"
    r"am|pm|a\.m|p\.m|h\d|times?|fois|attacks?|attaques?|incidents?|villages?|schools?|écoles?|weapons?|armes?|guns?|rifles?|"
    r"bombs?|bombes?|mortars?|shells?|rockets?|ieds?|engins?|(?:land)?mines?|devices?|explosives?|tonnes?|tons?|cfa|francs?|dollars?|naira|\$|euros?|donkeys?|oxen|ox|"
    r"cows?|goats?|sheep|camels?|horses?|animals?|bœufs?|boeufs?|chèvres?|moutons?|ânes?|numbers?|nombre|numero)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CasualtyFact:
    """One count found in text: category (killed/wounded/abducted/arrested), number, noun phrase."""

    category: str
    count: int
    noun_phrase: str
    sentence: int
    start: int
    side: str | None = None


def _clean_np(np: str) -> str:
    np = np.strip(" ,").replace('"', "").replace("“", "").replace("”", "")
    m = _NP_STOP_L.search(lower_same_length(np))
    if m:
        np = np[: m.start()]
    return np.strip(" ,")


_DEFINITE = frozenset({"the", "his", "her", "le", "la"})
# After "N X killed": an object means the N X did the killing ("An Islamist bomber killed a soldier").
_ACTIVE_OBJECT = re.compile(
    r"\s+(?:(?:at\s+least|some|about|around|au\s+moins|plus\s+de|près\s+de|environ|quelque)\s+)?"
    r"(?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|\d+|his|her|"
    r"their|several|dozens|un|une|deux|trois|quatre|cinq|sept|huit|neuf|dix|plusieurs|quelques|des|les|le|la|himself|"
    r"themselves)\b",
    re.IGNORECASE,
)
_CHAIN_RIGHT = re.compile(r"(?P<np>(?:\s+(?!(?:and|et|were|was)\b)[\w'’-]+){0,4}?)\s*(?:,\s*(?:and\s+|et\s+)?|and\s+|&\s*|et\s+|as\s+well\s+as\s+|plus\s+)$",
                          re.IGNORECASE)
_CHAIN_LEFT = re.compile(r"(?P<np>(?:\s+(?!(?:and|et|were|was)\b)[\w'’-]+){0,4}?)\s*(?:,\s*(?:and\s+|et\s+)?|and\s+|&\s*|et\s+|as\s+well\s+as\s+|plus\s+)$",
                         re.IGNORECASE)


# "killing himself and two soldiers", "killed herself as well as", "killing himself" (on the lower-cased sentence).
_REFLEXIVE_KILL = re.compile(r"(?<!\w)(?:killing|killed|kills|kill)\s+((?:him|her)self\b(?:\s+(?:and|as\s+well\s+as)\s+)?)")


def _np_ok(num_text: str, np_raw: str) -> str | None:
    """The cleaned noun phrase of a count, or None when the count is not about people
    ("3 km", "two donkeys"), needs a noun it lacks ("a", "the"), or is followed by a number."""
    partitive = _PARTITIVE.match(np_raw)
    if partitive:  # "three of the soldiers" -> soldiers
        np_raw = " " + np_raw[partitive.end():]
    if "year" in np_raw or "ans" in np_raw:
        np_raw = _AGE.sub("", np_raw)  # "a 16-year-old girl" -> "a girl"
    head = _NOT_PEOPLE.match(np_raw)
    if head and not _PERSON_AFTER.match(np_raw, head.end()):  # "3 km", but "two truck drivers"
        return None
    cleaned = _clean_np(np_raw)
    words = cleaned.split()
    low = num_text.lower()
    if low in _WEAK and not words:
        return None
    if low == "a" and _FR_VERB_AFTER_A.match(np_raw):
        return None  # "l'attaque a fait dix morts": French "a" is a verb, not "one"
    # The head noun: the last word ("the village chief"), or the first before a French "de"
    # complement ("le chef du village", "trois conducteurs de moto").
    fr_complement = len(words) > 2 and words[1].lower() in _FR_OF
    head_word = words[0] if fr_complement else (words[-1] if words else "")
    if words and (_NOT_PEOPLE.match(head_word) or _NUM_START.match(words[0])):
        return None
    if low in _DEFINITE and (not words or head_word.lower().endswith("s") or (len(words) > 3 and not fr_complement)):
        return None
    return cleaned


_FR_OF = frozenset({"de", "du", "des", "d'", "d’"})


_AGE = re.compile(r"\b(?:(?:over|under|about|around|some)\s+)?\d{1,3}(?:-|\s+)years?(?:-|\s+)olds?\b|\b\d{1,3}\s+ans\b",
                  re.IGNORECASE)
# Person nouns that make a "not people" word a modifier: "truck drivers", "cattle herders".
_PERSON_AFTER = re.compile(
    r"\s+(?:drivers?|owners?|riders?|passengers?|traders?|merchants?|sellers?|vendors?|herders?|herdsm[ae]n|breeders?|"
    r"teachers?|children|pupils|students?|chiefs?|heads?|elders?|officials?|leaders?|guards?|keepers?|workers?|operators?|dealers?|"
    r"transporters?|conducteurs?|chauffeurs?|propriétaires?|commerçants?|éleveurs?|élèves|enseignants?)\b",
    re.IGNORECASE,
)
# "three of the wounded died", "two of the dead": the category word is a noun, not a verb.
_NOMINAL_CAT = re.compile(r"\b(?:the|les|des|i|gli)\s*$", re.IGNORECASE)
_SUBCOUNT_TAIL = re.compile(r"\b(?:including|among|of\s+whom|dont|parmi|notamment|tra\s+cui|incl)\b.*", re.IGNORECASE)
_HAS_COUNT = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|deux|trois|quatre|cinq)\b", re.IGNORECASE)
_PARTITIVE = re.compile(r"^\s+(?:of|d'|de(?=\s))\s*(?:the|their|his|its|them|those|these|les|ses|leurs|ces)?\s*", re.IGNORECASE)
_RANGE_GAP = re.compile(r"^\s*(?:-|–|to|or|à|ou|and|et)\s*$", re.IGNORECASE)
_NEGATED_COUNT = re.compile(r"\b(?:no|not|aucun|aucune|nessun|nessuno)\s*$", re.IGNORECASE)
_ANY_CAT = re.compile(r"(?<!\w)(?:" + "|".join(_CATEGORY_WORDS.values()) + "|" + "|".join(_ACTIVE_WORDS.values())
                      + r"|taken\s+prisoner|prisoners?)(?!\w)", re.IGNORECASE)
_FR_VERB_AFTER_A = re.compile(r"\s+(?:fait|été|tué|coûté|causé|eu|blessé|enlevé|fait\s+état|\w+é|reconnu|perdu|vu|pu|"
                              r"reçu|dit|pris|repris|permis|mis|subi|fini|saisi|conduit|détruit|ouvert)\b", re.IGNORECASE)
_NUM_START = re.compile(r"^(?:\d|(?:" + NUMBER_RE + r")$)", re.IGNORECASE)


def _may_chain(low: str) -> bool:
    """Cheap necessary condition of _CHAIN_RIGHT/_CHAIN_LEFT (``low``: the lower-cased gap
    between two counts): one of their list joiners is there."""
    return "," in low or "&" in low or "and" in low or "et" in low or "well" in low or "plus" in low


def _chain(sentence: str, tokens: list, s_idx: int, offset: int) -> None:
    """Lists of counts share the category of the list's verb: "9 militants and 3 militiamen were
    killed" (verb after the list), "killing five civilians and two soldiers" (verb before)."""
    # Right to left: a count without a fact followed by "<np> and" + a count with a passive fact.
    for i in range(len(tokens) - 2, -1, -1):
        ns, ne, count, num_text, fact = tokens[i]
        nxt = tokens[i + 1]
        if fact is not None or nxt[4] is None:
            continue
        between = sentence[ne:nxt[0]]
        low = between.lower()
        m = None if not _may_chain(low) or _ANY_CAT_L.search(low) else _CHAIN_RIGHT.match(between)
        if m and num_text.lower() in _WEAK and not re.search(r"(?:and|&|et)\s+$", m.group()):
            continue
        np = _np_ok(num_text, m.group("np")) if m else None
        if np is not None and not _blocked(sentence, ns):
            tokens[i] = (ns, ne, count, num_text, CasualtyFact(nxt[4].category, count, np, s_idx, offset + ns))
    # Left to right: a count without a fact right after "<count> <np> and".
    for i in range(1, len(tokens)):
        ns, ne, count, num_text, fact = tokens[i]
        prev = tokens[i - 1]
        if fact is not None or prev[4] is None:
            continue
        between = sentence[prev[1]:ns]
        if num_text.lower() in _WEAK and not re.search(r"(?:and|&|et)\s+$", between):
            continue
        if _may_chain(between.lower()) and _CHAIN_LEFT.match(between) and not _ANY_CAT_L.search(between.lower()):
            rm = _RIGHT_NP.match(sentence, ne)
            np = _np_ok(num_text, rm.group("np") if rm else "")
            if np is not None and not _blocked(sentence, ns):
                tokens[i] = (ns, ne, count, num_text, CasualtyFact(prev[4].category, count, np, s_idx, offset + ns))


_CAT_WORD = re.compile(r"(?<!\w)(?:" + "|".join(_CATEGORY_WORDS.values()) + r")(?!\w)", re.IGNORECASE)


_SUBCOUNT_WORDS = frozenset({"including", "dont", "notably", "mostly", "mainly", "incl", "cui", "no", "not", "aucun",
                             "aucune", "nessun", "nessuno", "whom", "which", "them", "eux", "lesquels", "lesquelles", "among"})


_strip_punct = operator.methodcaller("strip", ",;:()")


def _blocked(sentence: str, ns: int) -> bool:
    """Sub-counts ("including three children") and negated counts ("no one") do not count."""
    if _SUBCOUNT_WORDS.isdisjoint(map(_strip_punct, sentence[max(0, ns - 30):ns].lower().split()[-3:])):
        return False
    return bool(_SUBCOUNT_BEFORE.search(sentence, max(0, ns - 30), ns) or _NEGATED_COUNT.search(sentence, max(0, ns - 10), ns))


def _gate() -> re.Pattern[str]:
    """Word starts every casualty verb/noun begins with (derived from the word lists, so it
    stays in step with them); a sentence without one is skipped before the costly patterns."""
    prefixes: set[str] = {"fai"}  # "a fait", "ont fait" (the literal scan stops at the space)
    for src in (*_CATEGORY_WORDS.values(), *_ACTIVE_WORDS.values(), _RESULT_VERBS):
        for alt in split_alternatives(src):
            alt = re.sub(r"^\(\?:the\\s\+\)\?", "", alt)  # optional leading article
            got = literal_prefixes(alt, 3)
            prefixes |= got if "" not in got else set()
    return re.compile(r"(?<!\w)(?:" + trie_regex(sorted(prefixes)) + ")")


# Quotation marks around a figure ('killing "several people"') are blanked: same length, so
# offsets hold.
_QUOTES_TO_SPACES = str.maketrans({q: " " for q in "\"\u201c\u201d\u00ab\u00bb"})


# A sub-count set off by commas between a count and its verb ("Six civils, dont deux enfants, ont
# été tués", "Five people, including two children, were killed"): blanked (same length), so the
# count reaches its verb and the sub-count is not counted (as _blocked does elsewhere).
_APPOSITIVE_SUBCOUNT = re.compile(
    r",\s*(?:dont|including|among\s+them|parmi\s+(?:eux|elles|lesquels|lesquelles))\s[^,.;:()]{1,60},(?=\s)")
_APPOSITIVE_HINT = re.compile(r",\s*(?:dont|including|among|parmi)\s")


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def find_facts(text: str) -> list[CasualtyFact]:
    """All casualty counts in ``text`` (before side resolution and aggregation)."""
    text = text.translate(_QUOTES_TO_SPACES)
    if _APPOSITIVE_HINT.search(text):
        text = _APPOSITIVE_SUBCOUNT.sub(_blank, text)
    facts: list[CasualtyFact] = []
    offset = 0
    extra: list[CasualtyFact] = []
    raw_sentences = _SENTENCE_SPLIT.split(text)
    # Incident parts (``_incident_part``), computed only for the sentences that pass the
    # casualty-word gate: blanking an older incident's clause never adds a casualty word (it
    # only turns characters into spaces, and no gate word starts after a blanked character
    # that was not already a non-word character), so a sentence that fails the gate as it is
    # fails it blanked too. The vague-count pass below fills in the rest when it runs.
    sentences: list[str | None] = [None] * len(raw_sentences)
    for s_idx, raw in enumerate(raw_sentences):
        tokens: list[tuple[int, int, int, str, CasualtyFact | None]] = []
        # Scans run on the lower-cased sentence with case-sensitive twins of the patterns:
        # several times faster than IGNORECASE; offsets are the same.
        low = raw.lower()
        same_length = len(low) == len(raw)
        if not same_length:
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in raw)
        if _CAS_GATE.search(low) is None:
            offset += len(raw) + 1
            continue  # no casualty word at all: nothing below can match
        # (Same-length lower-casing: ``low`` is what _incident_part would compute itself.)
        sentence = sentences[s_idx] = _incident_part(raw, low if same_length else None)
        if sentence is not raw:
            low = sentence.lower()
            if len(low) != len(sentence):
                low = "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)
            if _CAS_GATE.search(low) is None:
                offset += len(sentence) + 1
                continue
        if "self" in low:
            # "killing herself and three civilians": the attacker is one of the dead, and the count
            # that follows is the verb's object (the reflexive is blanked, offsets unchanged).
            for rm in _REFLEXIVE_KILL.finditer(low):
                facts.append(CasualtyFact("killed", 1, "attacker", s_idx, offset + rm.start(1)))
                blank = " " * (rm.end() - rm.start(1))
                low = low[: rm.start(1)] + blank + low[rm.end():]
                sentence = sentence[: rm.start(1)] + blank + sentence[rm.end():]
        # Verbs that take a count as object, by the position where the count starts; category words.
        # (Without either, or without a count, nothing below can match; most sentences that fail do
        # so here, which saves their number scan.)
        active_at = {am.end(): am for am in _LEFT_ACTIVE_LC.finditer(low)}
        cat_starts = [cm.start() for cm in _CAT_WORD_LC.finditer(low)]
        if not active_at and not cat_starts:
            offset += len(sentence) + 1
            continue
        with_articles = "été" in low or any(low.startswith(("le ", "la "), k) for k in active_at)
        numbers = list((_NUM_ARTICLE_TOKEN_LC if with_articles else _NUM_TOKEN_LC).finditer(low))
        if not numbers:
            offset += len(sentence) + 1
            continue
        result_at = {lm.end() for lm in _LEFT_RESULT_LC.finditer(low)}
        for m in numbers:
            num_text = m.group()
            ns, ne = m.start(), m.end()
            if num_text[0].isdigit():
                count = parse_number(num_text)
                # Years, days of month and clock times are not counts.
                if count is None or (len(num_text) == 4 and 1900 <= count <= 2100) or _DATE_AFTER_L.match(low, ne) \
                        or _DATE_BEFORE_L.search(low, max(0, ns - 12), ns):
                    continue
            else:
                if num_text in _ARTICLES:
                    if ns not in active_at and "été" not in low[ne:ne + 70]:
                        continue  # an article counts only as the object of a kill verb or before "a été ..."
                    count = 1
                else:
                    count = _UNITS.get(num_text.lower()) or parse_number(num_text)
                if count is None:
                    continue
            if tokens and _RANGE_GAP.match(sentence[tokens[-1][1]:ns]):
                continue  # upper bound of a range ("between two and six"): the lower figure counts
            fact: CasualtyFact | None = None
            am = active_at.get(ns)
            if am:
                cat = next(k for k, v in am.groupdict().items() if v)
                rm = _RIGHT_NP.match(sentence, ne)
                np = _np_ok(num_text, rm.group("np") if rm else "")
                if np is not None:
                    second = _SECOND_CAT.get(am["second"].lower()) if am["second"] else None
                    if second is not None and {cat, second} == {"killed", "wounded"}:
                        cat = "mixed"  # "killing and wounding 20": no split between dead and hurt
                    elif second is not None and second != cat:
                        # "abducted and killed three teachers": both happened to the same people
                        # (the killing is the main fact: lists that follow share it).
                        if second == "killed":
                            cat, second = second, cat
                        extra.append(CasualtyFact(second, count, np, s_idx, offset + ns))
                    fact = CasualtyFact(cat, count, np, s_idx, offset + ns)
            if fact is None and ns in result_at:
                rm = _RIGHT_RESULT.match(sentence, ne)
                np = _np_ok(num_text, rm.group("np")) if rm else None
                if np is not None:
                    cat = next(k for k in _CATEGORY_WORDS if rm.group(k))
                    fact = CasualtyFact(cat, count, np, s_idx, offset + ns)
            # (a category word starting within 100 characters after the count; cat_starts is sorted)
            if fact is None and (nxt_cat := bisect_right(cat_starts, ne)) < len(cat_starts) \
                    and cat_starts[nxt_cat] <= ne + 100:
                # Matched on the lower-cased sentence (no backtracking through case folding);
                # the noun phrase and auxiliaries are read from the original text.
                rm = _RIGHT_PASSIVE_L.match(low, ne)
                rm_np = sentence[rm.start("np"):rm.end("np")] if rm is not None else ""
                # "three of the wounded died" (a noun, not the verb); "19 after three of the wounded"
                # (the word belongs to the nearer count).
                if rm is not None and not _NOMINAL_CAT.search(rm_np) \
                        and not _HAS_COUNT.search(_SUBCOUNT_TAIL.sub("", _AGE.sub("", rm_np))):
                    left = sentence[max(0, ns - 8):ns]
                    plural_verb = (count == 1
                                   and re.search(r"\b(?:were|have|sont|ont)\b", sentence[rm.start("be"):rm.end("be")])
                                   and not re.search(r"(?:,|\band|&|\bet)\s+$", left))
                    if not plural_verb and not _ACTIVE_OBJECT.match(sentence, rm.end()):
                        np = _np_ok(num_text, rm_np)
                        if np is not None:
                            cat = next(k for k in _CATEGORY_WORDS if rm.group(k))
                            if cat in ("killed", "wounded") and _MIX_AFTER.match(sentence, rm.end()):
                                cat = "mixed"  # "dozens were killed or injured"
                            fact = CasualtyFact(cat, count, np, s_idx, offset + ns)
            if _blocked(sentence, ns):
                continue
            tokens.append((ns, ne, count, num_text, fact))
        _chain(sentence, tokens, s_idx, offset)
        for *_, fact in tokens:
            if fact is not None:
                facts.append(fact)
        facts.extend(extra)
        extra.clear()
        offset += len(sentence) + 1
    vague = _VAGUE_HINT.search(text.lower()) is not None
    offset = 0
    for s_idx, sentence in enumerate(sentences) if vague else ():
        if sentence is None:
            sentence = _incident_part(raw_sentences[s_idx])
        # Unknown number killed (ACLED: coded as 10).
        for um in _UNKNOWN_KILLED.finditer(sentence):
            np = _clean_np(um.group("np") or um.group("np2") or um.group("np3") or "")
            facts.append(CasualtyFact("killed", UNKNOWN_NUMBER, np, s_idx, offset + um.start()))
        for tm in _TOLL.finditer(sentence):
            count = parse_number(tm.group("num"))
            if count is not None and count < 100000:
                kind = "revised" if _REVISION_VERB.search(tm.group("verbs")) else "toll"
                # "the number of soldiers killed has risen to 19": the toll of that side
                np = (tm.group("tnp") or tm.group("tnp_fr") or "").strip()
                facts.append(CasualtyFact(kind, count, np, s_idx, offset + tm.start("num")))
        offset += len(sentence) + 1
    return facts


def _incident_part(sentence: str, low: str | None = None) -> str:
    """``sentence`` with the parts about older incidents blanked out (offsets kept).

    "Last month, 40 soldiers were killed ..." and "... have been killed since 2015" are
    background or cumulative figures as a whole; "..., weeks after a similar attack killed
    40" is background from its cue on; "... where a bomb killed 500 people in 2017" is a
    background clause. A leading "Two weeks after the attack on X, ..." clause is cut alone:
    the rest of the sentence reports the new incident. ``low`` is ``lower_same_length(sentence)``
    when the caller has it.
    """
    if low is None:
        low = lower_same_length(sentence)
    if ("had " in low or "avai" in low) and _BG_PLUPERFECT_LEAD.match(low):
        return " " * len(sentence)  # "Début septembre, une attaque avait fait 60 morts"
    if _BG_TRIGGER.search(low) is None:
        return sentence  # the common case: no cue at all (substring tests are far cheaper than the regexes)
    # Each pattern runs only when a word it needs is there: " 20" of "July 2020" opens the
    # gate above in most notes, and the unanchored patterns cost more than everything else here.
    if (_BG_WHOLE_CUE.search(low) or _BG_WHOLE_LEAD_YEAR.match(low)) and _BG_WHOLE_L.search(low):
        return " " * len(sentence)
    m = _BG_FROM_L.search(low) if _BG_FROM_CUE.search(low) else None
    if m:
        lead = _BG_LEAD_CLAUSE_L.match(low)
        if lead:
            return " " * lead.end() + sentence[lead.end():]
        start, end = m.start(), len(sentence)
        if sentence.rfind("(", 0, start) > sentence.rfind(")", 0, start):
            close = sentence.find(")", start)  # "(killed five days earlier)": only the parenthesis
            end = close if close != -1 else end
        return sentence[:start] + " " * (end - start) + sentence[end:]
    m = _BG_YEAR_L.search(low) if ("19" in low or "20" in low) else None
    if m:
        # The clause holding the year, from its delimiter or relative word ("... who had been
        # kidnapped in 2011", "where a bomb killed 500 people in 2017") to the next delimiter.
        start = max([sentence.rfind(ch, 0, m.start()) + 1 for ch in ",;:—("]
                    + [r.start() for r in _RELATIVE.finditer(sentence, 0, m.start())])
        end = min([i for i in (sentence.find(ch, m.end()) for ch in ",;:—)") if i != -1] or [len(sentence)])
        return sentence[:start] + " " * (end - start) + sentence[end:]
    return sentence


def _num_from_word(value: str) -> int:
    return int(value) if value.isdigit() else (parse_number(value) or 1)


def extract_casualties(
    text: str,
    *,
    resolve_side: Callable[[str], str | None] | None = None,
) -> Casualties:
    """Casualty totals and per-side counts for the incident ``text`` reports.

    ``resolve_side(noun_phrase)`` maps e.g. "soldiers" -> "Military Forces of Mali" (the pipeline
    maps "assailants"/"attackers" to its actor1).
    """
    low = text.lower()
    coded = _CODED_AS.search(text) if "coded" in low else None
    facts = find_facts(text)
    per_side: dict[str, dict[str, int]] = {}
    totals = {"killed": 0, "wounded": 0, "abducted": 0, "arrested": 0}
    # Per (category, side): numbers within one sentence add up; the same fact restated in another
    # sentence does not (max across sentences).
    by_key: dict[tuple[str, str], dict[int, int]] = {}
    seen_numbers: dict[tuple[str, str, int], int] = {}
    toll = 0
    revised = 0
    mixed = 0
    last_side: str = ""
    last_sentence = -1
    if any(f.category == "revised" for f in facts):
        # A revised toll supersedes the figures first reported ("had initially reported 12").
        sentences = _SENTENCE_SPLIT.split(text)
        old = {i for i, x in enumerate(sentences) if _SUPERSEDED.search(x)}
        # "... with 30 reported dead, but the toll has since risen to 100": a figure ahead of the
        # revision in its own sentence is the one it replaces.
        revised_at = {f.sentence: f.start for f in facts if f.category == "revised"}
        facts = [f for f in facts if f.category != "killed" or not (
            f.sentence in old or f.start < revised_at.get(f.sentence, -1))]
    side_tolls: dict[str, int] = {}  # "the number of soldiers killed has risen to 19"
    for fact in facts:
        if fact.category in ("toll", "revised"):
            if fact.category == "toll":
                toll = max(toll, fact.count)
            else:
                revised = max(revised, fact.count)  # tolls rise: the largest is the newest
            side = resolve_side(fact.noun_phrase) if fact.noun_phrase and resolve_side is not None else None
            if side:
                side_tolls[side] = max(side_tolls.get(side, 0), fact.count)
            continue
        if fact.category == "mixed":
            mixed = max(mixed, fact.count)
            continue
        side = ""
        np = fact.noun_phrase.lower()
        if resolve_side is not None:
            if not np or re.match(r"^(?:others?|more|autres?|altri|additional)\b", np):
                # "seven assailants were killed and eight (others) arrested": same side as before.
                side = last_side if fact.sentence == last_sentence else ""
            else:
                side = resolve_side(fact.noun_phrase) or ""
        last_side, last_sentence = side, fact.sentence
        key = (fact.category, side)
        # Identical count of the same side and category seen in an earlier sentence: a restatement.
        restated = seen_numbers.get((fact.category, side, fact.count))
        if restated is not None and restated != fact.sentence:
            continue
        seen_numbers[(fact.category, side, fact.count)] = fact.sentence
        sentences = by_key.setdefault(key, {})
        sentences[fact.sentence] = sentences.get(fact.sentence, 0) + fact.count
    for (cat, side), sentences in list(by_key.items()):
        if side or len(by_key) == 1:
            continue
        # An unattributed figure that repeats an attributed one of another sentence ("eight
        # civilians were killed ... 'There are eight dead', said ...") is the same dead.
        sided = {(i, n) for (c, sd), ss in by_key.items() if c == cat and sd for i, n in ss.items()}
        kept = {i: n for i, n in sentences.items() if not any(n == sn and i != si for si, sn in sided)}
        if kept:
            by_key[(cat, side)] = kept
        else:
            del by_key[(cat, side)]
    for (cat, side), sentences in by_key.items():
        value = max(sentences.values())
        totals[cat] += value
        if side:
            per_side.setdefault(side, {"killed": 0, "wounded": 0, "abducted": 0, "arrested": 0})[cat] += value
    for side, count in side_tolls.items():
        # A side's toll is a floor for that side, and the total holds every side's.
        figures = per_side.setdefault(side, {"killed": 0, "wounded": 0, "abducted": 0, "arrested": 0})
        figures["killed"] = max(figures["killed"], count)
    if side_tolls:
        totals["killed"] = max(totals["killed"], sum(f["killed"] for f in per_side.values()))
    # Unattributed counts that duplicate an attributed one in another sentence ("two soldiers were
    # killed ... the two dead were ...") are hard to tell apart; the toll, when given, is a floor.
    if toll:
        totals["killed"] = max(totals["killed"], toll)
    if revised:
        totals["killed"] = max(totals["killed"], revised)
    if mixed and not totals["killed"]:
        # Dead and hurt counted together without a split ("dozens were killed or injured"):
        # ACLED's low estimate for an unknown number of deaths, capped by the figure.
        totals["killed"] = min(mixed, VAGUE_SEVERAL)
    if coded:
        totals["killed"] = int(coded.group("num"))
    else:
        split = _SPLIT_ACROSS.search(text) if "split" in low else None
        if split and totals["killed"]:
            totals["killed"] = totals["killed"] // _num_from_word(split.group("n").lower())
    if not facts and not coded and _NEGATION_L.search(lower_same_length(text)):
        return Casualties()
    by_side = [
        SideCasualties(side=side, **counts)
        for side, counts in per_side.items()
        if any(counts.values())
    ]
    return Casualties(by_side=by_side, **totals)


_CAS_GATE = _gate()
# Case-sensitive twins for the lower-cased sentence; the verb and category scans run at every word
# of a sentence with a count, so a word that starts no verb is rejected by its first letters.
_NUM_TOKEN_LC = re.compile(_NUM_TOKEN.pattern)
_NUM_ARTICLE_TOKEN_LC = re.compile(r"(?<![\w-])(?:" + NUMBER_RE + r"|le|la)(?!\w)")
_LEFT_ACTIVE_LC = guard_word_start(re.compile(_LEFT_ACTIVE.pattern))
_LEFT_RESULT_LC = re.compile(_LEFT_RESULT.pattern)
_CAT_WORD_LC = guard_word_start(re.compile(_CAT_WORD.pattern))
_BG_TRIGGER = re.compile(trie_regex(sorted(_BG_TRIGGERS)))
# Lower-case twins of the background patterns (run on the lower-cased sentence) and the words
# each of them needs: every alternative of _BG_WHOLE contains a _BG_WHOLE_CUES word except the
# anchored "In 2019, ..." (_BG_WHOLE_LEAD_YEAR); every alternative of _BG_FROM a _BG_FROM_CUES word.
_BG_WHOLE_CUES = ("last", "earlier", "previous", "similar", "derni", "scorso", "far", "since", "alone", "past",
                  "recent", "depuis", "année", "dal")
_BG_FROM_CUES = ("day", "week", "month", "year", "similar", "earlier", "previous", "scene", "site", "deadliest",
                 "recalled", "reminiscent", "anniversary", "après", "derni", "last")
_BG_WHOLE_CUE = re.compile(trie_regex(sorted(_BG_WHOLE_CUES)))
_BG_FROM_CUE = re.compile(trie_regex(sorted(_BG_FROM_CUES)))
_BG_WHOLE_LEAD_YEAR = re.compile(r"^\W*(?:in|en|nel)\s+(?:19|20)\d\d")
_BG_WHOLE_L = lowered(_BG_WHOLE)
_BG_FROM_L = lowered(_BG_FROM)
_BG_LEAD_CLAUSE_L = lowered(_BG_LEAD_CLAUSE)
_BG_YEAR_L = lowered(_BG_YEAR)
_RIGHT_PASSIVE_L = lowered(_RIGHT_PASSIVE)
_DATE_AFTER_L = lowered(_DATE_AFTER)
_DATE_BEFORE_L = lowered(_DATE_BEFORE)
_ANY_CAT_L = lowered(_ANY_CAT)
_NP_STOP_L = lowered(_NP_STOP)
_NEGATION_L = lowered(_NEGATION)
