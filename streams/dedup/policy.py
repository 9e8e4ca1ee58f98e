"""`MergePolicy`: every tunable of the matching rules and of the merger, with defaults.

Owns the numbers; ``rules`` and ``merge`` read them. Re-exported as
``streams.dedup.merge.MergePolicy``. Defaults are explained in docs/dedup.md.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.event import EventType

# Pairs reporters confuse for one attack: a raid with a car bomb is a battle for one outlet,
# an explosion for another and a massacre of civilians for a third. Protests and battles are
# never the same incident.
DEFAULT_COMPATIBLE_TYPES: tuple[tuple[EventType, EventType], ...] = (
    (EventType.BATTLES, EventType.VIOLENCE_AGAINST_CIVILIANS),
    (EventType.BATTLES, EventType.EXPLOSIONS_REMOTE_VIOLENCE),
    (EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.VIOLENCE_AGAINST_CIVILIANS),
    (EventType.PROTESTS, EventType.RIOTS),
    (EventType.RIOTS, EventType.VIOLENCE_AGAINST_CIVILIANS),
)


class MergePolicy(BaseModel):
    """Matching and retention settings (all distances in km, all durations in days)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    window_days: int = Field(
        default=30,
        ge=1,
        description="An area keeps incidents whose latest report is within this many days of the area's watermark.",
    )
    town_distance_km: float = Field(default=50.0, gt=0, description="Max distance when both places are town-precise.")
    region_distance_km: float = Field(
        default=150.0, gt=0, description="Max distance when the vaguer place is 'near/part of a region' (precision 2)."
    )
    province_distance_km: float = Field(
        default=300.0, gt=0, description="Max distance when the vaguer place is a large region or of unknown precision."
    )
    day_tolerance_days: int = Field(default=1, ge=0, description="Max |date difference| when both dates are day-precise.")
    week_tolerance_days: int = Field(default=7, ge=0, description="Max |date difference| when a date is week-precise.")
    copy_max_days: int = Field(
        default=7, ge=0, description="Near-copies are one report only if their event dates are this close."
    )
    support_similarity: float = Field(
        default=0.08,
        ge=0,
        le=1,
        description=(
            "Text similarity (MinHash Jaccard of 3-shingles) that counts as supporting evidence when one report "
            "has no usable place."
        ),
    )
    compatible_types: tuple[tuple[EventType, EventType], ...] = DEFAULT_COMPATIBLE_TYPES
    max_members_per_incident: int = Field(
        default=50,
        ge=2,
        description=(
            "Reports that vote on an incident's fields and take part in matching: the earliest (it names the "
            "incident) and the latest ones. Older reports beyond this are archived as sources only."
        ),
    )
    max_sources_per_incident: int = Field(
        default=500,
        ge=2,
        description="Sources listed per incident (members + archived); past this the oldest archived are only counted.",
    )
    max_incidents_per_area: int = Field(
        default=2000,
        ge=1,
        description=(
            "Live incidents an area keeps for matching; past this the least recently reported are evicted early "
            "(they stay published)."
        ),
    )
    max_confidence: float = Field(default=0.99, gt=0, le=1, description="Cap of the aggregated confidence.")
    non_main_confidence_factor: float = Field(
        default=0.5, ge=0, le=1, description="Weight of a report that mentions the incident only in passing."
    )

    def distance_limit_km(self, precision_a: int | None, precision_b: int | None) -> float:
        """The match radius for two places, set by the vaguer of the two precisions."""
        worst = max(precision_a or 3, precision_b or 3)
        if worst <= 1:
            return self.town_distance_km
        if worst == 2:
            return self.region_distance_km
        return self.province_distance_km

    def types_compatible(self, a: EventType, b: EventType) -> bool:
        return a == b or (a, b) in self.compatible_types or (b, a) in self.compatible_types
