"""What was used: canonical weapon names from English, French and Italian cues.

Owns ``extract_weapons(text) -> list[str]`` with these canonical names (order of first mention):
'car bomb' (VBIED), 'suicide vest', 'IED', 'landmine', 'drone', 'aircraft', 'artillery', 'mortar',
'rocket', 'grenade', 'small arms', 'explosives', 'knife/machete', 'arson'.

More specific cues win over generic ones at the same place ("suicide car bomb" is a car bomb,
not also "explosives"); one compiled regex, the cue that matched names the weapon.
"""

from __future__ import annotations

import re

from streams.extract.textutil import literal_prefixes, lower_same_length, lowered, prefix_guard

__all__ = ["extract_weapons", "WEAPONS"]

# canonical name -> cue regex fragments (case-insensitive, word-bounded)
_CUES: dict[str, tuple[str, ...]] = {
    "car bomb": (r"(?:suicide\s+)?car[\s-]bombs?(?:ing|s)?", r"vehicle[\s-]borne\s+(?:improvised\s+)?explosive(?:\s+devices?)?",
                 r"VBIEDs?", r"SVBIEDs?", r"booby[\s-]trapped\s+(?:car|vehicle|truck)s?", r"truck\s+bombs?",
                 r"voitures?[\s-]piégées?", r"véhicules?[\s-]piégés?", r"camions?[\s-]piégés?", r"autobombas?",
                 r"auto\s+bomba", r"explosives?-laden\s+(?:car|vehicle|truck|pick-?up)s?"),
    "suicide vest": (r"suicide\s+(?:vests?|belts?)", r"explosive\s+(?:vests?|belts?)", r"ceintures?\s+d'explosifs",
                     r"gilets?\s+(?:explosifs|piégés)", r"suicide\s+bombers?", r"kamikazes?", r"attentat[\s-]suicide",
                     r"female\s+suicide\s+bombers?"),
    "IED": (r"IEDs?", r"improvised\s+explosive\s+devices?", r"roadside\s+(?:bombs?|explosives?|devices?)",
            r"engins?\s+explosifs?\s+improvisés?", r"EEIs?", r"explosive\s+devices?", r"homemade\s+bombs?",
            r"ordigni?\s+esplosiv[oi]"),
    "landmine": (r"(?:land[\s-]?)?mines?", r"anti-personnel\s+mines?", r"anti-tank\s+mines?", r"mines?\s+antipersonnel",
                 r"mines?\s+terrestres?", r"mines?\s+artisanales?"),
    "drone": (r"drones?", r"UAVs?", r"unmanned\s+aerial\s+vehicles?", r"drone\s+strikes?", r"frappes?\s+de\s+drones?"),
    "aircraft": (r"air[\s-]?strikes?", r"air\s+raids?", r"aerial\s+(?:bombardments?|strikes?|attacks?)", r"warplanes?",
                 r"fighter\s+jets?", r"jets?", r"helicopters?", r"helicopter\s+gunships?", r"gunships?", r"aircrafts?",
                 r"air\s+force", r"frappes?\s+aériennes?", r"raids?\s+aériens?", r"hélicoptères?", r"avions?\s+de\s+chasse",
                 r"bombardements?\s+aériens?", r"raid\s+aereo", r"attacco\s+aereo", r"bombed\s+from\s+the\s+air",
                 r"Mirage(?:\s+2000)?", r"Tigre\s+helos?", r"helos"),
    "mortar": (r"mortar\s+(?:shells?|rounds?|fire|bombs?)", r"mortars?", r"obus\s+de\s+mortier", r"mortiers?", r"tirs?\s+de\s+mortiers?",
               r"mortai"),
    "rocket": (r"rockets?", r"RPGs?", r"rocket[\s-]propelled\s+grenades?", r"roquettes?", r"lance-roquettes?", r"razzi"),
    "artillery": (r"artillery", r"shelling", r"shells?", r"howitzers?", r"heavy\s+weapons", r"tirs?\s+d'artillerie",
                  r"obus", r"artiglieria", r"missiles?"),
    "grenade": (r"(?:hand\s+)?grenades?", r"grenade\s+attacks?", r"granat[ae]"),
    "small arms": (r"gun(?:fire|shots?|shot\s+wounds?)?", r"guns", r"rifles?", r"AK-?47s?", r"Kalashnikovs?", r"shot",
                   r"shooting", r"opened\s+fire", r"open\s+fire", r"fired\s+(?:on|at|upon|into|shots)", r"firearms?",
                   r"machine[\s-]guns?", r"pistols?", r"live\s+(?:rounds|ammunition|bullets)", r"bullets?",
                   r"armes?\s+à\s+feu", r"coups?\s+de\s+feu", r"tirs?", r"fusillade", r"ouvert\s+le\s+feu", r"balles?",
                   r"abattus?", r"kalach(?:nikov)?s?", r"colpi\s+d'arma\s+da\s+fuoco", r"spari", r"gunmen", r"shot\s+dead"),
    "explosives": (r"explosives?", r"explosions?", r"bombs?", r"bombings?", r"blasts?", r"detonat(?:ed|ion|ions)",
                   r"explosifs?", r"bombes?", r"esplosion[ei]", r"esplosiv[oi]", r"dynamite", r"booby[\s-]trap(?:ped|s)?"),
    "knife/machete": (r"knives", r"knife", r"machetes?", r"cutlass(?:es)?", r"stabb(?:ed|ing)", r"hacked", r"beheaded",
                      r"slit\s+(?:their|his|her)\s+throats?", r"throats?\s+slit", r"couteaux?", r"machettes?", r"égorgés?",
                      r"décapités?", r"armes?\s+blanches?", r"machete-wielding", r"coltell[oi]", r"machete"),
    "arson": (r"set\s+(?:fire|ablaze|alight)", r"set\s+on\s+fire", r"burn(?:ed|t|ing)\s+(?:down\s+)?(?:houses?|homes?|villages?|"
              r"vehicles?|shops?|the\s+\w+|granaries)", r"torch(?:ed|ing)", r"arson", r"razed", r"incendi(?:é|ée|és|ées|aire|e)s?",
              r"mis\s+le\s+feu", r"brûl(?:é|és|ée|ées|ant)", r"incendiat[oi]", r"dato\s+(?:alle\s+)?fiamme", r"burned\s+alive",
              r"burnt\s+alive", r"razzia"),
}
# Cues that are case-sensitive acronyms.
_CASE_SENSITIVE = re.compile(r"^(?:IEDs\?|VBIEDs\?|SVBIEDs\?|UAVs\?|RPGs\?|EEIs\?)$")

_ORDER = tuple(_CUES)
_alts: list[str] = []
_alt_prefixes: list[set[str]] = []  # per alternative: lower-cased literal starts ({""} = any)
_names: dict[str, str] = {}
for _i, (_name, _cues) in enumerate(_CUES.items()):
    for _j, _cue in enumerate(_cues):
        group = f"w{_i}_{_j}"
        _names[group] = _name
        if _CASE_SENSITIVE.match(_cue):
            _alts.append(f"(?P<{group}>(?-i:{_cue}))")
        else:
            _alts.append(f"(?P<{group}>{_cue})")
        _alt_prefixes.append(literal_prefixes(_cue, 4))
# Longest cue first at a position: Python's alternation is ordered, so sort by specificity
# (the order of _CUES puts specific weapons before generic ones).
# The guard skips, with one trie test, the positions where no cue can start.
_GUARD = prefix_guard((c for cues in _CUES.values() for c in cues), size=4)
# Candidate positions are found on the lower-cased text (faster than IGNORECASE); the cue
# regex then runs on the original text, where acronym cues are case-sensitive.
_CANDIDATE_RE = lowered(re.compile(r"(?<![\w-])" + _GUARD, re.IGNORECASE))
_WEAPON_RE = re.compile(r"(?:" + "|".join(_alts) + r")(?![\w])", re.IGNORECASE)
# _WEAPON_RE tries its ~130 alternatives one by one at a candidate; the alternatives that can
# start with the candidate's first four (lower-cased) characters, in the same order, find the
# same first match. One such sub-pattern per distinct start, built on first use.
_BY_START: dict[str, re.Pattern[str]] = {}


def _weapon_re_for(start: str) -> re.Pattern[str]:
    pattern = _BY_START.get(start)
    if pattern is None:
        alts = [alt for alt, prefixes in zip(_alts, _alt_prefixes)
                if any(start.startswith(p) for p in prefixes)]
        pattern = re.compile(r"(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE) if alts else _WEAPON_RE
        if len(_BY_START) < 20_000:  # bounded: starts are few in practice
            _BY_START[start] = pattern
    return pattern

# Generic cues that a more specific weapon in the same text makes redundant.
_SUBSUMED = {
    "explosives": ("car bomb", "suicide vest", "IED", "landmine", "grenade", "mortar", "rocket", "artillery", "drone",
                   "aircraft"),
    "small arms": (),
    # "a suicide bomber drove an explosives-laden vehicle": the bomber's weapon is the car bomb.
    "suicide vest": ("car bomb",),
}
# "mines" as in gold mines is not a weapon.
_NOT_LANDMINE = re.compile(r"(?:gold|artisanal|mining|orpaillage|d'or)\s+(?:mines?|sites?)$|mines?\s+(?:d'or|de\s+gold)", re.IGNORECASE)


def extract_weapons(text: str) -> list[str]:
    """Canonical weapon names mentioned in ``text``, in order of first mention, no duplicates."""
    found: list[str] = []
    pos_done = -1
    low = lower_same_length(text)
    for cand in _CANDIDATE_RE.finditer(low):
        pos = cand.start()
        if pos < pos_done:
            continue
        m = _weapon_re_for(low[pos:pos + 4]).match(text, pos)
        if m is None:
            continue
        pos_done = m.end()
        name = _names[m.lastgroup or ""]
        if name == "landmine":
            window = text[max(0, m.start() - 20):m.end() + 8]
            if _NOT_LANDMINE.search(window) or re.search(r"\bgold\b|\bmining\b|\bminers?\b", window, re.IGNORECASE):
                continue
        if name not in found:
            found.append(name)
    for generic, specifics in _SUBSUMED.items():
        if generic in found and any(s in found for s in specifics):
            found.remove(generic)
    return found
