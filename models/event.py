"""`EnrichedEvent`: one real-world incident (topic `events.enriched`, key = `incident_id`, compacted).

Field names here are the public contract. A record is a versioned upsert: consumers keep
the highest `version` per `incident_id`; a null value (tombstone) means the incident was
merged into another one (see `supersedes` on the survivor).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class EventType(StrEnum):
    """ACLED's six event types."""

    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(StrEnum):
    """ACLED's 25 sub-event types."""

    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    ARMED_CLASH = "Armed clash"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "Excessive force against protesters"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    PEACEFUL_PROTEST = "Peaceful protest"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING_ARTILLERY_MISSILE_ATTACK = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE_LANDMINE_IED = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION_FORCED_DISAPPEARANCE = "Abduction/forced disappearance"
    AGREEMENT = "Agreement"
    ARREST = "Arrests"
    CHANGE_TO_GROUP_ACTIVITY = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "Headquarters or base established"
    LOOTING_PROPERTY_DESTRUCTION = "Looting/property destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "Non-violent transfer of territory"
    OTHER = "Other"


SUB_EVENT_TYPES: dict[EventType, tuple[SubEventType, ...]] = {
    EventType.BATTLES: (
        SubEventType.GOVERNMENT_REGAINS_TERRITORY,
        SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
        SubEventType.ARMED_CLASH,
    ),
    EventType.PROTESTS: (
        SubEventType.EXCESSIVE_FORCE_AGAINST_PROTESTERS,
        SubEventType.PROTEST_WITH_INTERVENTION,
        SubEventType.PEACEFUL_PROTEST,
    ),
    EventType.RIOTS: (SubEventType.VIOLENT_DEMONSTRATION, SubEventType.MOB_VIOLENCE),
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: (
        SubEventType.CHEMICAL_WEAPON,
        SubEventType.AIR_DRONE_STRIKE,
        SubEventType.SUICIDE_BOMB,
        SubEventType.SHELLING_ARTILLERY_MISSILE_ATTACK,
        SubEventType.REMOTE_EXPLOSIVE_LANDMINE_IED,
        SubEventType.GRENADE,
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (
        SubEventType.SEXUAL_VIOLENCE,
        SubEventType.ATTACK,
        SubEventType.ABDUCTION_FORCED_DISAPPEARANCE,
    ),
    EventType.STRATEGIC_DEVELOPMENTS: (
        SubEventType.AGREEMENT,
        SubEventType.ARREST,
        SubEventType.CHANGE_TO_GROUP_ACTIVITY,
        SubEventType.DISRUPTED_WEAPONS_USE,
        SubEventType.HEADQUARTERS_OR_BASE_ESTABLISHED,
        SubEventType.LOOTING_PROPERTY_DESTRUCTION,
        SubEventType.NON_VIOLENT_TRANSFER_OF_TERRITORY,
        SubEventType.OTHER,
    ),
}


class DatePrecision(StrEnum):
    """How exactly `event_date` is known (ACLED time_precision 1, 2, 3)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class ActorRole(StrEnum):
    ACTOR1 = "actor1"
    ACTOR2 = "actor2"
    ASSOC_ACTOR1 = "assoc_actor1"
    ASSOC_ACTOR2 = "assoc_actor2"


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Actor(_Contract):
    """A party to the incident, by canonical (ACLED-style) name."""

    name: str = Field(min_length=1, description="Canonical name, e.g. 'JNIM: Group for Support of Islam and Muslims'.")
    role: ActorRole
    affiliations: list[str] = Field(
        default_factory=list, description="Parent organisations, nearest first (Katiba Macina -> JNIM -> al-Qaeda)."
    )
    unit: str | None = Field(default=None, description="Named sub-unit the text credits, e.g. 'Katiba Macina'.")


class Location(_Contract):
    """Geocoded place. Coordinates are WGS84 decimal degrees."""

    name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso3: str | None = Field(default=None, min_length=3, max_length=3)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: int | None = Field(
        default=None, ge=1, le=3, description="ACLED geo precision: 1 town, 2 near/part of a region, 3 larger region."
    )


class SideCasualties(_Contract):
    """Casualties on one side, where the text attributes them."""

    side: str = Field(description="Canonical actor name or a group such as 'Civilians (Mali)'.")
    killed: int = Field(default=0, ge=0)
    wounded: int = Field(default=0, ge=0)
    abducted: int = Field(default=0, ge=0)
    arrested: int = Field(default=0, ge=0)


class Casualties(_Contract):
    """Totals follow ACLED's conservative reading; 0 when the text reports none."""

    killed: int = Field(default=0, ge=0)
    wounded: int = Field(default=0, ge=0)
    abducted: int = Field(default=0, ge=0)
    arrested: int = Field(default=0, ge=0)
    by_side: list[SideCasualties] = Field(default_factory=list)


class Source(_Contract):
    """One article the incident was built from."""

    article_id: str
    url: str | None = None
    outlet: str | None = None
    published_at: datetime
    copy_of: str | None = Field(
        default=None, description="Article id this one is a near-copy of (syndication); copies are not independent."
    )


class EnrichedEvent(_Contract):
    """One real-world incident, as known now."""

    schema_version: int = SCHEMA_VERSION
    incident_id: str = Field(min_length=1, description="Deterministic id; the message key.")
    version: int = Field(ge=1, description="Increases with every published change of this incident.")
    event_date: date
    date_precision: DatePrecision
    event_type: EventType
    sub_event_type: SubEventType
    actors: list[Actor] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)
    casualties: Casualties = Field(default_factory=Casualties)
    weapons: list[str] = Field(default_factory=list, description="Canonical weapon names, e.g. 'car bomb'.")
    claimed_by: list[str] = Field(default_factory=list, description="Canonical names of actors claiming it.")
    sources: list[Source] = Field(
        min_length=1,
        description="Articles the incident was built from, by publication time. Bounded: past the merge "
        "policy's limit (500 by default) the oldest after the first are dropped from the list and counted "
        "in sources_omitted.",
    )
    sources_omitted: int = Field(default=0, ge=0, description="Sources counted but no longer listed in sources.")
    source_count: int = Field(
        ge=1, description="Independent sources (near-copies count once), listed or omitted."
    )
    confidence: float = Field(ge=0, le=1)
    summary: str | None = Field(default=None, description="One-sentence description.")
    supersedes: list[str] = Field(default_factory=list, description="Incident ids merged into this one.")
    first_seen: datetime
    updated_at: datetime
