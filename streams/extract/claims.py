"""Who claimed it: actors that claimed responsibility for the incident.

Owns ``extract_claims(text, mentions) -> list[str]`` (canonical actor names, in order). Cues:
"X claimed responsibility/the attack", "responsibility was claimed by X", "claimed by X",
"revendiqué(e) par X", "X a revendiqué", "X said its fighters/its Katiba Macina carried out the
attack", "X said (on its news agency) that its fighters killed ...", "rivendicato da X". Only named actors count (a claim by "gunmen" says nothing);
a claim denied ("did not claim", "no group has claimed") is not a claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from streams.extract.actors import Mention, find_mentions
from streams.extract.textutil import lower_same_length, lowered

__all__ = ["extract_claims"]

# Cue after the claimant: "JNIM claimed responsibility", "JNIM a revendiqué", "JNIM said its ... carried out".
_AFTER_ACTOR = re.compile(
    r"^[\s,]*(?:\([^)]{0,40}\)\s*)?(?:(?:has|have|had|later|quickly|also|reportedly|subsequently|officially|a|ont|avait|"
    r"aurait|,)\s+)*(?:claim(?:ed|s|ing)?\s+(?:responsibility|credit|the\s+(?:attack|assault|ambush|bombing|killing|abduction|"
    r"kidnapping|operation|raid|strike|blast))|(?:took|takes|take)\s+responsibility|"
    r"revendiqu(?:é|e|ée|ait|ent|ant)|rivendicat[oa]|ha\s+rivendicato|"
    r"(?:said|says|stated|announced|declared|a\s+(?:affirmé|déclaré|annoncé)|affirme|dit)"
    r"(?:\s+(?:in\s+a\s+statement|on\s+\w+|online|late\s+\w+|dans\s+un\s+communiqué|(?:on|via|through|sur)\s+(?:its|ses|son|sa)"
    r"\s+[\w' -]{1,30}?))*,?\s+(?:that\s+|qu'|que\s+)?"
    r"(?:(?:its|it|their|they|his|ses|son|sa|leurs|ils|il)\b[^.;]{0,80}?\b(?:carried\s+out|conducted|launched|was\s+behind|"
    r"were\s+behind|staged|executed|perpetrated|mené|perpétré|commis|lancé|responsible)|"
    # "... that its fighters killed 10 soldiers": the group's own men did it
    r"(?:its|their|ses|leurs)\s+(?:fighters|militants|men|mujahideen|soldiers|combattants|hommes|moudjahidines?)\s+"
    r"(?:had\s+|have\s+|ont\s+)?(?:killed|attacked|ambushed|abducted|kidnapped|bombed|struck|targeted|detonated|stormed|"
    r"overran|shot|tué|attaqué|enlevé|visé)))",
    re.IGNORECASE,
)
# Cue before the claimant: "claimed by JNIM", "revendiquée par l'EIGS", "claim of responsibility from ISWAP".
_BEFORE_ACTOR = re.compile(
    r"(?:claimed\s+by|responsibility\s+(?:was\s+|has\s+been\s+)?claimed\s+by|claim(?:s|ed)?\s+of\s+responsibility\s+(?:by|from)|"
    r"revendiqu(?:é|ée|és|ées)\s+par|revendication\s+(?:de|d'|du|par)|rivendicat[oaie]\s+da|rivendicazione\s+(?:di|da|del))"
    r"\s+(?:the\s+|l'|la\s+|le\s+|les\s+|the\s+jihadist\s+group\s+|the\s+militant\s+group\s+|the\s+group\s+)?$",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:no(?:\s+group|\s+one)?|not|never|yet\s+to|denied|denies|aucun|n'a\s+pas|pas\s+encore|nessun)\b[^.]{0,30}$",
                      re.IGNORECASE)
_CLAIM_HINT = lowered(re.compile(r"claim|revendi|rivendic|responsib|carried\s+out|behind|mené|perpétré|"
                                  r"(?:its|their|ses|leurs)\s+(?:fighters|militants|men|mujahideen|combattants|hommes|moudjahid)",
                                  re.IGNORECASE))


def extract_claims(text: str, mentions: Sequence[Mention] | None = None, *, country: str | None = None) -> list[str]:
    """Canonical names of the named actors that claimed the incident described in ``text``."""
    if not _CLAIM_HINT.search(lower_same_length(text)):
        return []
    if mentions is None:
        mentions = find_mentions(text, country=country)
    claimed: list[str] = []
    for m in mentions:
        if m.generic or m.kind in ("civilians", "protesters", "rioters", "state"):
            continue
        after = text[m.end:m.end + 160]
        before = text[max(0, m.start - 80):m.start]
        hit = False
        am = _AFTER_ACTOR.match(after)
        if am and not _NEGATED.search(before[-25:]):
            hit = True
        elif _BEFORE_ACTOR.search(before):
            prefix = before[: _BEFORE_ACTOR.search(before).start()]  # type: ignore[union-attr]
            if not _NEGATED.search(prefix[-30:]):
                hit = True
        if hit and m.name not in claimed:
            claimed.append(m.name)
    return claimed
