"""Article in, incident candidates out: the extraction pipeline.

Owns ``extract_incidents(article) -> list[EnrichedEvent]`` (main incident first), its batch
forms ``extract_batch`` and ``extract_each`` (the worker's), and
``candidate_incident_id(article_id, index)``.

Steps:
1. Language: ``article.language`` (en/fr/it, else en; Nigerian Pidgin is served by the English
   rules; ingest detects it when the article has none). The stages apply every language's cues
   anyway.
2. Sentences, each flagged as *background* when it refers to an older incident ("Barely two
   weeks after the attack on ...", "last month's attack", "In 2019, ...", "depuis", "rappelle")
   -- a leading background clause is cut off instead when the rest of the sentence reports the
   new event.
3. Passages: a new passage starts where the text moves to another dated incident ("On 3 May,
   ..." after "On 1 May, ...") or signals one ("In a separate attack", "Elsewhere", "Dans une
   autre attaque"). Each passage is classified; passages that report no violent/protest event
   are dropped; so is an article with none ([]).
4. Per passage: place (geo.locate), the incident's country (``_incident_country``: the place,
   country names/demonyms, single-country actors, the outlet's ccTLD, geo's vote, identity groups
   and main theatres of multi-country actors -- "(Unknown)" only when nothing points anywhere),
   date (dates.resolve_event_date), actors and roles, claims, casualties (claim sentences left
   out when the rest reports a toll: a group's own figures are propaganda), weapons; then the
   type/actor conventions ACLED applies (violence against civilians has Civilians as actor2,
   battles need two armed sides, protests are by Protesters and crowd control by police, IEDs
   and suicide bombs are laid by armed groups, air strikes are flown by states, arrests are
   made by the state, unowned looted property is civilians').
5. Confidence from what was found; a generated one-sentence summary.

Speed: a batch is processed stage by stage (every passage is classified, then every passage
is located, ...), so that each stage's regexes and tables stay in the CPU caches; one article
is a batch of one. The text is lower-cased once (``textutil.lower_same_length``) and the cue
regexes are compiled for lower-cased text (``textutil.lowered``); a one-passage article is
located once (no separate ``detect_country`` scan); actor mentions and country votes are cached
per text.

Deterministic: no wall clock (first_seen = updated_at = article.published_at).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING

from models import Article
from models.event import (
    Actor,
    ActorRole,
    Casualties,
    DatePrecision,
    EnrichedEvent,
    EventType,
    Location,
    Source,
    SubEventType,
)
from streams.extract import actors as act
from streams.extract.casualties import extract_casualties
from streams.extract.claims import extract_claims
from streams.extract.textutil import guard_word_start, lower_same_length, lowered, trie_regex
from streams.extract.weapons import extract_weapons

if TYPE_CHECKING:
    from streams.extract.classify import Classification

__all__ = [
    "extract_incidents", "extract_batch", "extract_each", "candidate_incident_id", "split_sentences", "warm_up",
    "MAX_INCIDENTS",
]

# A roundup rarely reports more than a handful of distinct incidents; more passages are noise.
MAX_INCIDENTS = 5


def candidate_incident_id(article_id: str, index: int) -> str:
    """Deterministic id of the index-th incident found in an article."""
    return "inc-" + hashlib.blake2b(f"{article_id}\x1f{index}".encode(), digest_size=8).hexdigest()


# --------------------------------------------------------------------------- sentences

# = (?<=[.!?»"])\s+(?=[A-ZÀ-Ý"'«(\d])|\n\s*\n|\n(?=[A-ZÀ-Ý"'«(\d-]), written to start with a character
# class (\s) so that the regex engine skips to whitespace instead of trying every branch everywhere.
_SPLIT = re.compile(r"\s(?:(?<=[.!?»\"]\s)\s*(?=[A-ZÀ-Ý\"'«(\d])|(?<=\n)\s*\n|(?<=\n)(?=[A-ZÀ-Ý\"'«(\d-]))")
# Tokens before a period that do not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Capt|Sgt|Maj|Cpl|Gov|Sen|Rep|Rev|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    r"No|Nos|approx|Mt|Ft|Brig|Cmdr|Adm|Pres|Prof|vs|etc|al|M|Mme|Mgr|Lieut)\.|\b[A-Z]\.|\b(?:U\.S|U\.N|U\.K)\.)$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SPLIT.finditer(text):
        piece_end = m.start()
        if _ABBREV.search(text, max(0, piece_end - 8), piece_end):
            continue
        if text[start:piece_end].strip():
            spans.append((start, piece_end))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


# --------------------------------------------------------------------------- background / segmentation

_NUMW = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|a\s+few|un|une|deux|trois|quatre|cinq|six|sept|huit|dix|quelques)"
_UNITW = r"(?:days?|weeks?|months?|years?|jours?|semaines?|mois|ans|années|giorni|settimane|mesi|anni)"
# A leading clause about an earlier incident; the rest of the sentence may be the new event.
_BACKGROUND_PREFIX = re.compile(
    r"^\W*(?:(?:barely|just|only|some|about|nearly|less\s+than|more\s+than|almost|moins\s+de|à\s+peine|seulement|"
    r"quelques)\s+)?" + _NUMW + r"\s+" + _UNITW + r"\s+(?:after|since|following|après|depuis|dopo)\b[^,;]{3,160}[,;]\s*",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(
    r"\b(?:last\s+(?:week|month|year)'s|earlier\s+this\s+(?:month|year)|last\s+(?:month|year)|previous(?:ly)?|"
    r"in\s+a\s+similar\s+(?:attack|incident)|similar\s+attack|the\s+latest\s+in\s+a\s+(?:series|string|spate)|"
    r"this\s+(?:comes|came)\s+(?:after|weeks|days|months)|the\s+attack\s+(?:comes|came)\s+(?:after|weeks|days|months)|"
    r"(?:comes|came)\s+(?:just\s+)?" + _NUMW + r"\s+" + _UNITW + r"\s+after|"
    r"" + _NUMW + r"\s+" + _UNITW + r"\s+(?:ago|earlier)|recalled|recalls|reminiscent|anniversary|since\s+(?:19|20)\d\d|"
    r"in\s+(?:19|20)\d\d,|(?:in|since)\s+(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\s+(?:19|20)\d\d|"
    r"rappel(?:le|ons|ant)|depuis\s+(?:le\s+début|plusieurs|des\s+mois|des\s+années|(?:19|20)\d\d)|il\s+y\s+a\s+" + _NUMW
    + r"\s+" + _UNITW + r"|le\s+mois\s+dernier|l'année\s+dernière|l'an\s+dernier|déjà\s+(?:été\s+)?(?:attaqué|visé|ciblé)|"
    r"en\s+(?:19|20)\d\d,|lo\s+scorso\s+anno|il\s+mese\s+scorso)",
    re.IGNORECASE,
)
# A sentence that starts a new incident: "In a separate attack", "Elsewhere", "Meanwhile, in ...".
_NEW_INCIDENT = re.compile(
    r"^\W*(?:in\s+(?:a|another)\s+(?:separate|different|similar|second|related)?\s*(?:attack|incident|development|raid|"
    r"ambush|clash|operation)|in\s+another\s+\w+|separately|elsewhere|meanwhile,?\s+in|also\s+on|the\s+same\s+day,?\s+in|"
    r"dans\s+une?\s+autre\s+(?:attaque|incident)|par\s+ailleurs|ailleurs|in\s+un\s+altro\s+attacco)\b",
    re.IGNORECASE,
)
# An incident sentence opening with its date: "On 12 July 2020, ...", "Le 3 mai, ...", "Around 4 June ...".
_DATE_LEAD = re.compile(
    r"^\W*(?:on|around|between|in\s+the\s+night\s+of|overnight|le|dans\s+la\s+nuit\s+du|entre|il|nella\s+notte)\s+"
    r"(?P<d>(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|\d{1,2}|"
    r"jan\w*|feb\w*|fév\w*|mar\w*|apr\w*|avr\w*|may|mai\w*|jun\w*|juin|jul\w*|juil\w*|aug\w*|août|sep\w*|oct\w*|nov\w*|dec\w*|"
    r"déc\w*)[\w\s,-]{0,25}?)(?:,|\s+(?:\(|the|a|an|un|une|des|les|suspected|presumed|unknown|gunmen|soldiers|at\s+least))",
    re.IGNORECASE,
)
# Quick test for an event sentence (used only for segmentation; classify() decides the type).
_EVENT_CUE = re.compile(
    r"(?<!\w)(?:attack|ambush|kill|dead|died|shot|shoot|abduct|kidnap|clash|fight|fought|fire[sd]?\b|raid|storm|bomb|"
    r"explo|detonat|blast|ied|mine|strike|struck|shell|mortar|rocket|grenade|seiz|loot|burn|torch|set\s+fire|"
    r"execut|assassin|behead|arrest|detain|protest|demonstrat|march|riot|lynch|rape|wound|injur|casualt|massacre|"
    r"attaqu|tué|tuant|mort|enlev|kidnapp|embusc|affront|tir|incendi|pill|manifest|arrêt|interpell|abattu|bless|explos|"
    r"attentat|violen|uccis|attacc|rapit|scontr|feriti|esplos|took\s+control|captur|overr[au]n|overt[ao]ok|regain|stoned|"
    r"took\s+to\s+the\s+streets|barricad|sit-in|rall(?:y|ied)|strike)",
    re.IGNORECASE,
)


# Segmentation cues run on lower-cased text (textutil.lowered): several times faster.
_BACKGROUND_PREFIX_L = lowered(_BACKGROUND_PREFIX)
_BACKGROUND_L = lowered(_BACKGROUND)
_NEW_INCIDENT_L = lowered(_NEW_INCIDENT)
_DATE_LEAD_L = lowered(_DATE_LEAD)
_EVENT_CUE_L = guard_word_start(lowered(_EVENT_CUE))  # (searched over every sentence)


# Necessary conditions of _BACKGROUND (lower-cased): every alternative contains one of these
# words or matches _BACKGROUND_DATED; the full pattern runs only then (it is the costliest cue).
_BACKGROUND_WORDS = re.compile(trie_regex(sorted((
    "last", "earlier", "previous", "similar", "latest", "came", "comes", "ago", "recall", "reminiscent", "anniversary",
    "since", "rappel", "depuis", "derni", "déjà", "scorso"))))
# (Every alternative opens with a letter, not a group, so the engine skips to "i"/"e".)
_BACKGROUND_DATED = re.compile(
    r"in\s+(?:19|20)\d\d,|en\s+(?:19|20)\d\d,|il\s+y\s+a\s|in\s+(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\s+(?:19|20)\d\d")


def _may_be_background(low: str) -> bool:
    return _BACKGROUND_WORDS.search(low) is not None or _BACKGROUND_DATED.search(low) is not None


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    background: bool
    event: bool
    date_lead: str | None
    new_incident: bool


def _analyse_sentences(text: str, lower: str | None = None) -> list[_Sentence]:
    """Sentences of ``text`` with their flags; ``lower`` is ``lower_same_length(text)`` when the
    caller has it already."""
    if lower is None:
        lower = lower_same_length(text)
    out: list[_Sentence] = []
    for start, end in split_sentences(text):
        low = lower[start:end]
        body_start = start
        prefix = _BACKGROUND_PREFIX_L.match(low)
        background = False
        if prefix:
            rest = low[prefix.end():]
            if _EVENT_CUE_L.search(rest):
                low = rest  # "Barely two weeks after the attack on X, gunmen killed ..." -> the new event
                body_start = start + prefix.end()
            else:
                background = True
        event = _EVENT_CUE_L.search(low) is not None
        if not background and _may_be_background(low) and _BACKGROUND_L.search(low):
            background = True
        dl = _DATE_LEAD_L.match(low)
        out.append(
            _Sentence(body_start, end, text[body_start:end], background, event,
                      dl.group("d").strip() if dl else None, _NEW_INCIDENT_L.match(low) is not None)
        )
    return out


def _passages(sentences: list[_Sentence]) -> list[list[_Sentence]]:
    """Group sentences into incident passages; background sentences are dropped, except that the
    first event sentence of an article is kept even when it mentions an older incident too."""
    passages: list[list[_Sentence]] = []
    current: list[_Sentence] = []
    current_date: str | None = None
    current_has_event = False
    first_event_seen = False
    for s in sentences:
        starts_new = current_has_event and (
            (s.date_lead is not None and current_date is not None and s.date_lead != current_date and s.event)
            or (s.new_incident and s.event)
        )
        if starts_new:
            passages.append(current)
            current, current_date, current_has_event = [], None, False
        if s.background and (first_event_seen or not s.event):
            continue  # about an older incident: part of no passage
        # (The article's first event sentence is kept even when it also mentions older events:
        # leads report the new incident first.)
        current.append(s)
        if s.date_lead and current_date is None:
            current_date = s.date_lead
        if s.event:
            current_has_event = True
            first_event_seen = True
    if current:
        passages.append(current)
    passages = [p for p in passages if p]
    if not passages:
        # Everything that reports an event was background: fall back to the first event sentences
        # (an article about a past incident still reports that incident).
        events = [s for s in sentences if s.event]
        if events:
            passages = [events[:3]]
    return passages


# --------------------------------------------------------------------------- lazy imports of sibling modules


@lru_cache(maxsize=1)
def _geo():  # type: ignore[no-untyped-def]
    from streams.extract import geo

    return geo


@lru_cache(maxsize=1)
def _dates():  # type: ignore[no-untyped-def]
    from streams.extract import dates

    return dates


@lru_cache(maxsize=1)
def _classify():  # type: ignore[no-untyped-def]
    from streams.extract import classify

    return classify


# --------------------------------------------------------------------------- actors per type

_STATE_KINDS = frozenset({"state", "external"})
_ATTACKER_GENERIC = re.compile(
    r"^(?:the\s+)?(?:suspected\s+|presumed\s+|alleged\s+|unknown\s+|unidentified\s+|armed\s+)*(?:gunm[ae]n|assailants?|attackers?|"
    r"militants?|insurgents?|terrorists?|jihadists?|jihadis|fighters?|kidnappers?|bandits?|raiders?|bombers?|"
    r"assaillants?|terroristes?|djihadistes?|jihadistes?|ravisseurs?|hommes\s+armés|individus\s+armés|islamists?|"
    r"militiamen|miliciens)\b",
    re.IGNORECASE,
)


def _actor(*, name: str, role: ActorRole, affiliations: list[str] | tuple[str, ...] | None = None,
           unit: str | None = None) -> Actor:
    """An Actor from values this module built itself. Validated: with pydantic 2.x the compiled
    validator is faster than ``model_construct`` (pure Python), and it guards the contract."""
    return Actor(name=name, role=role, affiliations=list(affiliations or ()), unit=unit)


def _mention_actor(m: act.Mention | None, role: ActorRole) -> Actor | None:
    if m is None:
        return None
    affs = list(m.affiliations) or list(act.affiliations_of(m.name))
    return _actor(name=m.name, role=role, affiliations=[a for a in affs if a != m.name] if m.unit is None else affs,
                 unit=m.unit)


def _named(name: str, role: ActorRole) -> Actor:
    return _actor(name=name, role=role, affiliations=list(act.affiliations_of(name)))


def _kind(name: str | None) -> str | None:
    return act.actor_kind(name) if name else None


# Places where the people hit by a strike or a blast are civilians.
_CIVILIAN_SITE = re.compile(
    r"\b(?:markets?|marketplace|wedding|funeral|mosque|church|school|hospital|clinic|displacement\s+camp|IDP\s+camp|"
    r"residential|neighbou?rhood|bus\s+station|restaurant|hotel|march[ée]s?|mariage|fun[ée]railles|mosqu[ée]e|[ée]glise|"
    r"[ée]cole|h[ôo]pital|quartier|gare\s+routi[èe]re)\b",
    re.IGNORECASE,
)


def _build_actors(
    passage: str,
    mentions: list[act.Mention],
    event_type: EventType,
    sub_event: SubEventType,
    country: str | None,
    claimed: list[str],
) -> list[Actor]:
    roles = act.assign_roles(passage, mentions)
    # Who only reports ("police said") is no fallback party for any role below.
    parties = [m for m in mentions if m not in roles.sources]
    a1 = _mention_actor(roles.actor1, ActorRole.ACTOR1)
    a2 = _mention_actor(roles.actor2, ActorRole.ACTOR2)
    assoc1 = [x for x in (_mention_actor(m, ActorRole.ASSOC_ACTOR1) for m in roles.assoc1) if x]
    assoc2_names = list(roles.assoc2)
    civilians = act.template_name("Civilians ({country})", country)
    uag = act.template_name("Unidentified Armed Group ({country})", country)
    military = act.template_name("Military Forces of {country}", country)

    # A claim names the perpetrator when the text itself only says "gunmen"/"attackers".
    if claimed and (a1 is None or a1.name != claimed[0]) and (
            a1 is None or _kind(a1.name) in ("unidentified", "civilians", "state", "external", None)
            or a1.name.startswith("Islamist Militia")):
        if a1 is not None and _kind(a1.name) in ("state", "external", "civilians") and (
                a2 is None or a2.name == claimed[0] or _kind(a2.name) in ("unidentified", "civilians")):
            # "army post attacked ... JNIM claimed the attack", "a suicide bomber hit a police
            # checkpoint, killing officers and civilians ... Al Shabaab claimed it": the state
            # side named first is the target.
            a2 = _actor(name=a1.name, role=ActorRole.ACTOR2, affiliations=a1.affiliations, unit=a1.unit)
        elif a1 is not None and _kind(a1.name) in ("state", "external"):
            claimed = []  # the state fought another named group; the claim is about something else
    if claimed and (a1 is None or a1.name != claimed[0]) and (
            a1 is None or _kind(a1.name) in ("unidentified", "civilians", "state", "external", None)
            or a1.name.startswith("Islamist Militia")):
        unit = next((m.unit for m in mentions if m.name == claimed[0] and m.unit), None)
        affs = list(act.affiliations_of(claimed[0]))
        if unit:
            affs = [claimed[0], *affs]
        if a2 is not None and a2.name == claimed[0]:
            a2 = None
        a1 = _actor(name=claimed[0], role=ActorRole.ACTOR1, affiliations=affs, unit=unit)

    def armed(actor: Actor | None) -> bool:
        return actor is not None and (_kind(actor.name) or "") in act.ARMED_KINDS

    if event_type is EventType.PROTESTS:
        a1 = _named(act.template_name("Protesters ({country})", country), ActorRole.ACTOR1)
        state = next((m for m in parties if m.kind == "state"), None)
        a2 = None
        if sub_event is not SubEventType.PEACEFUL_PROTEST and state is not None:
            a2 = _crowd_control(state, country)
        assoc1 = []
        assoc2_names = []
    elif event_type is EventType.RIOTS:
        rioters = act.template_name("Rioters ({country})", country)
        others = [m for m in parties if m.kind not in ("protesters", "rioters") and m.name != rioters]
        if sub_event is SubEventType.MOB_VIOLENCE:
            target = next((m for m in others if m.kind in ("civilians",) or m.kind in act.ARMED_KINDS), None)
        else:
            target = next((m for m in others if m.kind == "state"), None)
        a1 = _named(rioters, ActorRole.ACTOR1)
        a2 = _crowd_control(target, country) if target is not None and target.kind == "state" else _mention_actor(
            target, ActorRole.ACTOR2)
        assoc1 = []
    elif event_type is EventType.VIOLENCE_AGAINST_CIVILIANS:
        if not armed(a1):
            cand = next((m for m in parties if m.armed and (roles.actor2 is None or m is not roles.actor2)), None)
            a1 = _mention_actor(cand, ActorRole.ACTOR1) if cand else _named(uag, ActorRole.ACTOR1)
        if a2 is None or _kind(a2.name) != "civilians":  # keep named civilians ("Civilians (International)")
            a2 = _actor(name=civilians, role=ActorRole.ACTOR2)
    elif event_type is EventType.BATTLES:
        if not armed(a1):
            # The other side of a battle is not on the victims' side: soldiers attacked -> an armed group.
            a2_state = a2 is not None and _kind(a2.name) in _STATE_KINDS
            side2 = {a2.name, *(m.name for m in roles.allies2)} if a2 is not None else set()
            cand = next((m for m in parties if m.armed and m.name not in side2
                         and not (a2_state and _kind(m.name) in _STATE_KINDS)), None)
            a1 = _mention_actor(cand, ActorRole.ACTOR1) if cand else _named(uag, ActorRole.ACTOR1)
        if not armed(a2) or a2.name == a1.name:
            cand = next((m for m in parties if m.armed and m.name != a1.name), None)
            if cand is not None:
                a2 = _mention_actor(cand, ActorRole.ACTOR2)
            else:
                a2 = _named(uag if _kind(a1.name) in _STATE_KINDS else military, ActorRole.ACTOR2)
        assoc2_names = [m.name for m in roles.allies2]
    elif event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE:
        planted = sub_event in (SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED, SubEventType.SUICIDE_BOMB)
        if planted and a1 is not None and _kind(a1.name) in _STATE_KINDS and not claimed and roles.actor1 is None:
            # Mines, IEDs and suicide bombs are laid by armed groups: a state actor named as the
            # subject ("an army vehicle hit a mine", "soldiers killed by an IED") was the target.
            if a2 is None or not armed(a2) or _kind(a2.name) in _STATE_KINDS:
                a2 = _actor(name=a1.name, role=ActorRole.ACTOR2, affiliations=a1.affiliations, unit=a1.unit)
            cand = next((m for m in parties if m.armed and m.kind not in _STATE_KINDS and not m.generic
                         and m.name != a2.name), None)
            a1 = _mention_actor(cand, ActorRole.ACTOR1) if cand else _named(uag, ActorRole.ACTOR1)
        if a2 is None and planted and armed(a1):
            # A device that hit no named party hit civilians ("a vehicle struck an IED").
            a2 = _actor(name=civilians, role=ActorRole.ACTOR2)
        if not armed(a1):
            # "two soldiers were killed by an IED": the soldiers are the target.
            if a1 is not None and a2 is None:
                a2 = _actor(name=a1.name, role=ActorRole.ACTOR2, affiliations=a1.affiliations, unit=a1.unit)
            if sub_event is SubEventType.AIR_DRONE_STRIKE:
                # Air power belongs to states here: a named state/foreign force, else the country's military.
                state = next((m for m in parties if _kind(m.name) in _STATE_KINDS
                              and (a2 is None or m.name != a2.name)), None)
                a1 = _mention_actor(state, ActorRole.ACTOR1) if state else _named(military, ActorRole.ACTOR1)
            else:
                a1 = _named(uag, ActorRole.ACTOR1)
        if a2 is None and _CIVILIAN_SITE.search(passage):
            # "a drone strike hit a market, killing 20": whoever was there, the target was civilian.
            a2 = _actor(name=civilians, role=ActorRole.ACTOR2)
    elif sub_event is SubEventType.ARREST and (a1 is None or _kind(a1.name) not in _STATE_KINDS):
        # Arrests are made by the state: its forces are actor1, the arrested side actor2.
        state = next((m for m in parties if _kind(m.name) in _STATE_KINDS), None)
        if state is not None:
            if a1 is not None and a1.name != state.name and (a2 is None or a2.name == state.name):
                a2 = _actor(name=a1.name, role=ActorRole.ACTOR2, affiliations=a1.affiliations, unit=a1.unit)
            a1 = _mention_actor(state, ActorRole.ACTOR1)
            if a2 is not None and a2.name == a1.name:
                other = next((m for m in parties if m.name != a1.name), None)
                a2 = _mention_actor(other, ActorRole.ACTOR2)
    elif sub_event is SubEventType.LOOTING_PROPERTY_DESTRUCTION and a2 is None and armed(a1):
        # Looted or burnt property without a named owner belongs to civilians (ACLED's default).
        a2 = _actor(name=civilians, role=ActorRole.ACTOR2)
    # Other strategic developments keep the text's roles.

    if a1 is not None and a2 is not None and a1.name == a2.name and event_type is not EventType.BATTLES:
        a2 = None
    out: list[Actor] = []
    if a1 is not None:
        out.append(a1)
        out.extend(x for x in assoc1 if x.name != a1.name and (a2 is None or x.name != a2.name))
    if a2 is not None:
        out.append(a2 if a2.role is ActorRole.ACTOR2 else a2.model_copy(update={"role": ActorRole.ACTOR2}))
        for name in assoc2_names:
            if name != a2.name:
                out.append(_actor(name=name, role=ActorRole.ASSOC_ACTOR2))
    return out


# Crowd control is police work: "security forces dispersed the protesters" are police forces.
_CROWD_FORCES = re.compile(r"security\s+forces|forces\s+de\s+(?:l'ordre|sécurité)|riot|anti-riot|law\s+enforcement",
                           re.IGNORECASE)


def _crowd_control(state: act.Mention, country: str | None) -> Actor | None:
    """The state actor that intervened in a protest or riot."""
    if state.generic and state.name.startswith("Military Forces of") and _CROWD_FORCES.search(state.surface):
        return _named(act.template_name("Police Forces of {country}", country), ActorRole.ACTOR2)
    return _mention_actor(state, ActorRole.ACTOR2)


def _apply_successors(actors: list[Actor], day: date, iso3: str | None) -> list[Actor]:
    """Groups that had merged into another by the event date are coded as the successor
    (old name kept as the unit): Ansar Dine in Mali after March 2017 -> JNIM."""
    out: list[Actor] = []
    for a in actors:
        new = act.successor(a.name, day, iso3)
        if new is not None:
            a = _actor(name=new, role=a.role, affiliations=[new, *act.affiliations_of(new)], unit=a.unit or a.name)
            a = a.model_copy(update={"affiliations": [x for x in a.affiliations if x != new] or list(act.affiliations_of(new))})
        out.append(a)
    # Two mentions may now name the same actor ("AQIM and Ansar Dine"): keep the first per role.
    seen: set[tuple[str, ActorRole]] = set()
    dedup: list[Actor] = []
    for a in out:
        if (a.name, a.role) in seen:
            continue
        seen.add((a.name, a.role))
        dedup.append(a)
    return dedup


# --------------------------------------------------------------------------- summary / confidence

_VERB = {
    SubEventType.ARMED_CLASH: "clashed with",
    SubEventType.GOVERNMENT_REGAINS_TERRITORY: "regained territory from",
    SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY: "took territory from",
    SubEventType.ATTACK: "attacked",
    SubEventType.ABDUCTION_FORCED_DISAPPEARANCE: "abducted",
    SubEventType.SEXUAL_VIOLENCE: "sexually assaulted",
    SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED: "hit with explosives",
    SubEventType.SUICIDE_BOMB: "carried out a suicide bombing against",
    SubEventType.AIR_DRONE_STRIKE: "carried out an air/drone strike on",
    SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK: "shelled",
    SubEventType.GRENADE: "threw a grenade at",
    SubEventType.CHEMICAL_WEAPON: "used a chemical weapon against",
    SubEventType.PEACEFUL_PROTEST: "demonstrated",
    SubEventType.PROTEST_WITH_INTERVENTION: "demonstrated and were dispersed by",
    SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS: "demonstrated and met excessive force from",
    SubEventType.VIOLENT_DEMONSTRATION: "rioted against",
    SubEventType.MOB_VIOLENCE: "attacked",
    SubEventType.ARREST: "arrested",
    SubEventType.LOOTING_PROPERTY_DESTRUCTION: "looted or destroyed property of",
}


def _short(name: str) -> str:
    return name.split(":", 1)[0].strip()


def _summary(event_type: EventType, sub: SubEventType, actors: list[Actor], loc: Location, day: date,
             cas: Casualties) -> str:
    a1 = next((a.name for a in actors if a.role is ActorRole.ACTOR1), None)
    a2 = next((a.name for a in actors if a.role is ActorRole.ACTOR2), None)
    subject = _short(a1) if a1 else "Unidentified actors"
    verb = _VERB.get(sub)
    if verb and a2:
        core = f"{subject} {verb} {_short(a2)}"
    elif verb and verb.endswith(("demonstrated", "attacked", "shelled", "arrested", "abducted")):
        core = f"{subject} {verb.split(' and ')[0]}" if a2 is None else f"{subject} {verb}"
    else:
        core = f"{sub.value} ({event_type.value}) involving {subject}"
    place = ", ".join(x for x in (loc.name, loc.country) if x)
    where = f" in {place}" if place else ""
    toll = []
    if cas.killed:
        toll.append(f"{cas.killed} killed")
    if cas.wounded:
        toll.append(f"{cas.wounded} wounded")
    if cas.abducted:
        toll.append(f"{cas.abducted} abducted")
    tail = f" ({', '.join(toll)})" if toll else ""
    return f"{core}{where} on {day.isoformat()}{tail}."


def _confidence(cues: int, loc: Location, precision: DatePrecision, actors: list[Actor], date_found: bool) -> float:
    score = 0.15
    score += min(0.25, 0.1 + 0.05 * cues)
    score += {1: 0.2, 2: 0.14, 3: 0.08}.get(loc.geo_precision or 0, 0.04 if loc.country else 0.0)
    score += ({DatePrecision.DAY: 0.15, DatePrecision.WEEK: 0.1, DatePrecision.MONTH: 0.05}[precision]
              if date_found else 0.05)
    a1 = next((a for a in actors if a.role is ActorRole.ACTOR1), None)
    if a1 is not None:
        kind = act.actor_kind(a1.name)
        score += 0.1 if kind in ("unidentified", "protesters", "rioters") else 0.2
    return round(max(0.0, min(1.0, score)), 3)


# --------------------------------------------------------------------------- main entry


def _tld_iso3(url: str | None) -> str | None:
    """ISO3 of a country-code top-level domain ("https://www.example.ml/..." -> MLI)."""
    if not url:
        return None
    m = _TLD.match(url)
    if not m:
        return None
    return _tld_table().get(m.group(1).lower())


_TLD = re.compile(r"^[a-z]+://[^/?#:]+\.([a-z]{2})(?:[:/?#]|$)", re.IGNORECASE)
# Generic-looking ccTLDs used worldwide (.co, .io, .tv, .me, .fm, .ai ...) say nothing about a country.
_GENERIC_TLDS = frozenset({"co", "io", "tv", "me", "fm", "ai", "ly", "to", "cc", "ws", "gg", "la", "am", "im", "is", "it"})


@lru_cache(maxsize=1)
def _tld_table() -> dict[str, str]:
    import pycountry

    table = {c.alpha_2.lower(): c.alpha_3 for c in pycountry.countries if c.alpha_2.lower() not in _GENERIC_TLDS}
    table["uk"] = "GBR"
    return table


def _focus_countries() -> frozenset[str]:
    return getattr(_geo(), "FOCUS_COUNTRIES", frozenset())


@dataclass
class _ArticleCountry:
    """Country evidence of the whole article, computed once and only when a passage needs it."""

    text: str
    title: str | None
    url: str | None
    _votes: dict[str, float] | None = None
    _mentions: list[act.Mention] | None = None
    _geo: str | None | bool = False  # False = not computed yet

    def votes(self) -> dict[str, float]:
        if self._votes is None:
            votes = act.country_votes(self.text)
            if self.title:
                for name, weight in act.country_votes(self.title).items():
                    votes[name] = votes.get(name, 0.0) + weight
            self._votes = votes
        return self._votes

    def mentions(self) -> list[act.Mention]:
        if self._mentions is None:
            self._mentions = act.find_mentions(self.text)
        return self._mentions

    def geo_iso3(self) -> str | None:
        if self._geo is False:
            self._geo = _geo().detect_country(self.text)
        return self._geo  # type: ignore[return-value]


def _best(votes: dict[str, float], minimum: float) -> str | None:
    if not votes:
        return None
    name = max(votes, key=lambda k: votes[k])
    return name if votes[name] >= minimum else None


def _incident_country(loc: Location, passage: str, art: _ArticleCountry, geo_iso3: str | None) -> str | None:
    """ACLED name of the country the passage's incident happened in, by decreasing evidence:
    the geocoded place (when in a covered country or named in the text), country names and
    demonyms (passage, then article), single-country actors (FAMa -> Mali), the outlet's
    ccTLD, geo's country vote, identity groups and main theatres of multi-country actors
    (Dogon -> Mali, JNIM -> Mali), weak mentions (a neighbour, French troops). None when
    nothing points anywhere."""
    focus = _focus_countries()
    passage_votes = act.country_votes(passage)
    place_iso = loc.iso3 if loc.iso3 and loc.name else None
    if place_iso is not None:
        name = act.country_name(place_iso)
        if place_iso in focus or name in passage_votes or name in art.votes():
            return name
    for votes in (passage_votes, art.votes()):
        best = _best(votes, 0.9)
        if best is not None:
            return best
    # The passage's actor mentions (without a country) are resolved only when the place and the
    # country names leave the question open: most passages never get that far.
    mentions = act.find_mentions(passage)
    homes = act.home_countries(mentions) or act.home_countries(art.mentions())
    if homes:
        return act.country_name(homes[0])
    tld = _tld_iso3(art.url)
    if tld is not None:
        return act.country_name(tld)
    if geo_iso3 is not None:
        return act.country_name(geo_iso3)
    others = act.actor_countries(mentions) or act.actor_countries(art.mentions()) or act.identity_countries(art.text)
    if others:
        return act.country_name(others[0])
    if place_iso is not None:
        return act.country_name(place_iso)
    best = _best(passage_votes, 0.0) or _best(art.votes(), 0.0)
    return best


@dataclass(slots=True)
class _Passage:
    """One passage of one article on its way through the stages of ``extract_batch``; each
    stage fills its fields."""

    article: Article
    slot: int  # index of the article in the batch
    sentences: list[_Sentence]
    text: str
    lower: str  # the passage, lower-cased
    article_lower: str  # the whole article, lower-cased (sentence offsets point into it)
    whole: bool  # the passage is the whole article
    country_evidence: _ArticleCountry
    language: str
    cls: Classification | None = None
    loc: Location | None = None
    geo_iso3: str | None = None
    country: str | None = None
    iso3: str | None = None
    day: date | None = None
    precision: DatePrecision | None = None
    actors: list[Actor] | None = None
    claimed: list[str] | None = None
    casualties: Casualties | None = None
    weapons: list[str] | None = None


def extract_incidents(article: Article) -> list[EnrichedEvent]:
    """Incident candidates reported by ``article`` (main incident first; [] when none)."""
    return extract_batch([article])[0]


def extract_batch(articles: Sequence[Article]) -> list[list[EnrichedEvent]]:
    """``extract_incidents`` of each article (same results, same order), computed stage by stage
    over the whole batch: each stage's regexes and tables then stay in the CPU caches while it
    runs, which makes a batch of a few hundred articles ~1.3x faster than one article at a time
    (docs/benchmarks.md)."""
    passages = [p for slot, article in enumerate(articles) for p in _article_passages(slot, article)]
    classify = _classify().classify
    for p in passages:
        p.cls = classify(p.text, language=p.language)
    passages = [p for p in passages if p.cls.event_type is not None and p.cls.sub_event_type is not None]
    for p in passages:
        _locate(p)
    for p in passages:
        _set_country(p)
    resolve_event_date = _dates().resolve_event_date
    for p in passages:
        p.day, p.precision = resolve_event_date(p.text, p.article.published_at, language=p.language)
    for p in passages:
        _set_actors(p)
    for p in passages:
        p.casualties = _passage_casualties(p.text, p.sentences, p.article_lower, p.actors, p.country)
    for p in passages:
        p.weapons = extract_weapons(p.text)
    found: list[list[EnrichedEvent]] = [[] for _ in articles]
    for p in passages:
        events = found[p.slot]
        events.append(_event(p, len(events)))
    return found


def extract_each(articles: Sequence[Article]) -> list[list[EnrichedEvent] | Exception]:
    """``extract_batch``, and when the batch fails, each article alone: one article that breaks
    extraction fails alone (its slot holds the exception) and the others keep their incidents."""
    try:
        return list(extract_batch(articles))
    except Exception:  # noqa: BLE001 - isolated below, article by article
        pass
    results: list[list[EnrichedEvent] | Exception] = []
    for article in articles:
        try:
            results.append(extract_incidents(article))
        except Exception as exc:  # noqa: BLE001 - handed to the caller (the worker dead-letters it)
            results.append(exc)
    return results


def _article_passages(slot: int, article: Article) -> list[_Passage]:
    text = article.text.replace("\u2019", "'")
    # The stages apply the cues of every supported language whatever this says (mixed-language
    # copy is common), so no stop-word vote is spent on articles that arrive without a language.
    language = article.language if article.language in ("en", "fr", "it") else "en"
    lower = lower_same_length(text)
    sentences = _analyse_sentences(text, lower)
    groups = _passages(sentences)[:MAX_INCIDENTS]
    evidence = _ArticleCountry(text, article.title, article.url)
    # One passage that is the whole text (short reports): locate() votes the country itself,
    # so the article-level detect_country() would repeat the same scan.
    whole = len(groups) == 1 and len(groups[0]) == len(sentences)
    return [
        _Passage(article=article, slot=slot, sentences=group, text=" ".join(s.text for s in group),
                 lower=" ".join(lower[s.start:s.end] for s in group), article_lower=lower, whole=whole,
                 country_evidence=evidence, language=language)
        for group in groups
    ]


def _locate(p: _Passage) -> None:
    geo = _geo()
    if p.whole:
        loc = geo.locate(p.text, language=p.language)
        # Without a place, locate() returns its country vote; a place outside the covered
        # countries that the text does not name is no country evidence on its own.
        p.geo_iso3 = loc.iso3 if loc.name is None or loc.iso3 in _focus_countries() else None
    else:
        p.geo_iso3 = p.country_evidence.geo_iso3()
        loc = geo.locate(p.text, language=p.language, country_hint=p.geo_iso3)
    p.loc = loc


def _set_country(p: _Passage) -> None:
    loc = p.loc
    country = _incident_country(loc, p.text, p.country_evidence, p.geo_iso3)
    iso = act.country_iso3(country) if country else None
    if iso and (loc.iso3 is None or (loc.name is None and loc.iso3 != iso)):
        p.loc = Location(country=country, iso3=iso)
    p.country, p.iso3 = country, iso


def _set_actors(p: _Passage) -> None:
    mentions = act.find_mentions(p.text, country=p.country)
    claimed = extract_claims(p.text, mentions)
    actor_list = _build_actors(p.text, mentions, p.cls.event_type, p.cls.sub_event_type, p.country, claimed)
    p.actors = _apply_successors(actor_list, p.day, p.iso3)
    p.claimed = [act.successor(c, p.day, p.iso3) or c for c in claimed]


def _event(p: _Passage, index: int) -> EnrichedEvent:
    article, cls, loc = p.article, p.cls, p.loc
    return EnrichedEvent(
        incident_id=candidate_incident_id(article.id, index),
        version=1,
        event_date=p.day,
        date_precision=p.precision,
        event_type=cls.event_type,
        sub_event_type=cls.sub_event_type,
        actors=p.actors,
        location=loc,
        casualties=p.casualties,
        weapons=p.weapons,
        claimed_by=p.claimed,
        sources=[Source(article_id=article.id, url=article.url, outlet=article.outlet,
                        published_at=article.published_at)],
        source_count=1,
        confidence=_confidence(len(cls.cues), loc, p.precision, p.actors, _has_date_hint(p.lower)),
        summary=_summary(cls.event_type, cls.sub_event_type, p.actors, loc, p.day, p.casualties),
        first_seen=article.published_at,
        updated_at=article.published_at,
    )


# Does a passage give a date at all (for the confidence)? On the lower-cased passage, one of:
# "3 march" (a day number and a word), a day word, "march 3"/"mar. 3" (a word and a day number).
# The three searches together are the test of the single alternation
#   \d{1,2}\s+[a-zéû]{3,}|\b(?:yesterday|...)\b|[a-z][a-z]{2,8}\.?\s+\d{1,2}\b
# (for existence, three letters next to the number are as good as more) and are faster: each
# opens with a character class the regex engine skips to, the last one at whitespace only.
_DATE_NUMBER_WORD = re.compile(r"\d\s+[a-zéû]{3}")
_DATE_DAY_WORD = re.compile(r"\b(?:" + trie_regex(sorted((
    "yesterday", "today", "tonight", "overnight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "hier", "aujourd'hui", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "ieri",
    "oggi"))) + r")\b")
_DATE_WORD_NUMBER = re.compile(r"\s(?:(?<=[a-z]{3}\s)|(?<=[a-z]{3}\.\s))\s*\d{1,2}\b")


def _has_date_hint(lower: str) -> bool:
    return (_DATE_NUMBER_WORD.search(lower) is not None or _DATE_WORD_NUMBER.search(lower) is not None
            or _DATE_DAY_WORD.search(lower) is not None)


# A perpetrator's own toll ("Al-Shabaab claimed responsibility, saying its fighters killed 12
# officers") is propaganda: ACLED codes the conservative, independently reported figure.
_CLAIM_SENTENCE_L = lowered(re.compile(
    r"claim(?:ed|s|ing)?\s+(?:responsibility|credit)|claimed\s+(?:the|an?|that)\s|took\s+responsibility|"
    r"revendiqu|rivendic", re.IGNORECASE))


def _passage_casualties(passage: str, sents: list[_Sentence], lower: str, actor_list: list[Actor],
                        country: str | None) -> Casualties:
    """Casualties of a passage, leaving out claim-of-responsibility sentences when the other
    sentences report a toll of their own."""
    if len(sents) > 1:
        kept = [s for s in sents if not _CLAIM_SENTENCE_L.search(lower, s.start, s.end)]
        if kept and len(kept) < len(sents):
            cas = _casualties(" ".join(s.text for s in kept), actor_list, country)
            if cas.killed or cas.wounded or cas.abducted:
                return cas
    return _casualties(passage, actor_list, country)


@lru_cache(maxsize=4096)
def _np_mention(np: str, country: str | None) -> act.Mention | None:
    """First actor mention in a casualty noun phrase ("Malian soldiers"); cached, phrases repeat a lot."""
    found = act.find_mentions(np, country=country)
    return found[0] if found else None


def _casualties(passage: str, actor_list: list[Actor], country: str | None) -> Casualties:
    a1 = next((a.name for a in actor_list if a.role is ActorRole.ACTOR1), None)
    a2 = next((a.name for a in actor_list if a.role is ActorRole.ACTOR2), None)
    a1_state = _kind(a1) in _STATE_KINDS if a1 else False

    def resolve(np: str) -> str | None:
        # Attackers' own losses ("seven assailants killed") belong to actor1 when actor1 is not the state.
        if a1 and not a1_state and _ATTACKER_GENERIC.match(np):
            return a1
        found = _np_mention(np, country)
        if found is None:
            return None
        name = found.name
        if a2 and found.kind in ("unidentified", "islamist") and a1_state:
            return a2 if _kind(a2) not in ("civilians",) else name
        return name

    return extract_casualties(passage, resolve_side=resolve)


def warm_up() -> None:
    """Build what extraction builds lazily (gazetteer, actor tables, every classification cue
    regex; a few seconds) now, so that the first articles a worker reads are not slowed by it.
    Call once at service start; extraction works without it."""
    _classify().warm_up()
    extract_incidents(Article(
        id="warm-up", url="https://example.org/warm-up", outlet="warm-up", title="",
        text="Gunmen attacked an army post in Gao on Sunday, killing three soldiers, the army said.",
        published_at=datetime(2024, 1, 8, tzinfo=timezone.utc), language="en",
    ))
