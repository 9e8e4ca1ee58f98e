"""Alert rules: the YAML configuration format, its validation (pydantic) and loading.

Owns the *what* of alerting (which rules exist, their thresholds and severities); the *when*
(state, escalation, deduplication) is `streams.alerts.engine`. The packaged defaults live in
`default_rules.yaml` next to this module; a user file (env ALERT_RULES_FILE) is laid over them
(see `load_rules`). docs/alerts.md documents every rule with an example.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.alert import AlertSeverity
from models.event import EventType
from streams.alerts.errors import RulesFileError

DEFAULT_RULES_RESOURCE = "default_rules.yaml"

# Rule names become Alertmanager's `alertname` label and part of alert ids: keep them plain.
_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CountLevel(_Config):
    """One step of a count threshold: fires at `min` or more; `severity` defaults to the rule's."""

    min: int = Field(ge=1)
    severity: AlertSeverity | None = None


class RatioLevel(_Config):
    """One step of an escalation threshold: fires when the 7-day count is `ratio` x the baseline or more."""

    ratio: float = Field(ge=1.0)
    severity: AlertSeverity | None = None


class WatchedPlace(_Config):
    """A place to watch: incidents within `radius_km` of (lat, lon) fire `near_watched_place`."""

    name: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(gt=0, le=1000)
    severity: AlertSeverity | None = Field(default=None, description="Overrides the rule's severity for this place.")


class _RuleBase(_Config):
    """Fields every rule has."""

    name: str = Field(pattern=_NAME_PATTERN, description="Unique; Alertmanager's alertname.")
    enabled: bool = True
    severity: AlertSeverity = AlertSeverity.WARNING
    description: str | None = None
    countries: list[str] = Field(default_factory=list, description="ISO3 codes; empty = every country.")
    event_types: list[EventType] = Field(default_factory=list, description="Empty = every event type.")
    max_event_age_days: int | None = Field(
        default=30,
        ge=0,
        description="Ignore incidents whose event_date is older than this at their updated_at "
        "(a replay of old news raises nothing); null = no limit.",
    )

    @field_validator("countries")
    @classmethod
    def _upper_iso3(cls, value: list[str]) -> list[str]:
        for code in value:
            if len(code) != 3 or not code.isalpha():
                raise ValueError(f"country {code!r} is not an ISO3 code")
        return [code.upper() for code in value]

    def history_days(self) -> int:
        """Days of per-area history this rule needs (0 = none)."""
        return 0


def _ascending(levels: list[Any], key: str) -> list[Any]:
    values = [getattr(level, key) for level in levels]
    if values != sorted(values) or len(set(values)) != len(values):
        raise ValueError(f"levels must be strictly ascending by {key}: {values}")
    return levels


class _CountLevelsRule(_RuleBase):
    """A rule that fires when one casualty count reaches ascending levels."""

    levels: list[CountLevel] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _sorted(cls, value: list[CountLevel]) -> list[CountLevel]:
        return _ascending(value, "min")


class FatalitiesRule(_CountLevelsRule):
    """Incident with `casualties.killed` at or above a level."""

    kind: Literal["fatalities"]


class MassAbductionRule(_CountLevelsRule):
    """Incident with `casualties.abducted` at or above a level."""

    kind: Literal["mass_abduction"]


class WatchedPlaceRule(_RuleBase):
    """Incident located within the radius of a watched place."""

    kind: Literal["near_watched_place"]
    places: list[WatchedPlace] = Field(default_factory=list)
    extra_places: list[WatchedPlace] = Field(
        default_factory=list, description="Appended to `places`: lets a user file add places and keep the defaults."
    )
    max_geo_precision: int = Field(
        default=2, ge=1, le=3, description="Skip incidents located only to a region (ACLED geo precision 3)."
    )

    @property
    def all_places(self) -> list[WatchedPlace]:
        return [*self.places, *self.extra_places]


class QuietAreaRule(_RuleBase):
    """First incident in an admin2 area for `quiet_days` days."""

    kind: Literal["quiet_area"]
    quiet_days: int = Field(default=90, ge=1)
    min_history_days: int | None = Field(
        default=None,
        ge=0,
        description="The country must have been watched this long before the rule can tell quiet from unknown; "
        "default = quiet_days.",
    )

    @property
    def required_history_days(self) -> int:
        return self.quiet_days if self.min_history_days is None else self.min_history_days

    def history_days(self) -> int:
        return self.quiet_days


class NewActorRule(_RuleBase):
    """An actor seen in an admin1 area for the first time within `lookback_days`."""

    kind: Literal["new_actor_in_area"]
    lookback_days: int = Field(default=180, ge=1)
    min_history_days: int = Field(default=90, ge=0, description="How long the country must have been watched.")
    ignore_actors: list[str] = Field(
        default_factory=list, description="Regular expressions (case-insensitive) of generic actor names to ignore."
    )

    @field_validator("ignore_actors")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"ignore_actors pattern {pattern!r}: {exc}") from exc
        return value

    def history_days(self) -> int:
        return self.lookback_days


class EscalationRule(_RuleBase):
    """Incidents (or fatalities) in an admin1 area over `window_days` against its own trailing baseline."""

    kind: Literal["escalation"]
    metric: Literal["incidents", "fatalities"] = "incidents"
    window_days: int = Field(default=7, ge=1)
    baseline_days: int = Field(default=28, ge=1, description="Trailing period before the window; its mean per window.")
    min_count: int = Field(default=5, ge=1, description="The window's count must reach this too.")
    min_baseline: float = Field(
        default=1.0, gt=0, description="Floor of the baseline per window, so a zero baseline does not divide by zero."
    )
    require_full_baseline: bool = Field(
        default=True, description="Only fire once the country has been watched for window + baseline days."
    )
    levels: list[RatioLevel] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _sorted(cls, value: list[RatioLevel]) -> list[RatioLevel]:
        return _ascending(value, "ratio")

    def history_days(self) -> int:
        return self.window_days + self.baseline_days


class DeathTollRevisionRule(_RuleBase):
    """An incident's death toll revised sharply upward: new >= factor x reference and >= reference + min_increase.

    The reference is the toll when the rule last fired for the incident, else the first toll of at
    least `min_previous`; a downward correction lowers it. Comparing against that reference (not
    only the previous version) catches a toll that creeps up in several small revisions.
    """

    kind: Literal["death_toll_revision"]
    factor: float = Field(default=2.0, ge=1.0)
    min_increase: int = Field(default=10, ge=1)
    min_previous: int = Field(default=1, ge=1)


Rule = Annotated[
    FatalitiesRule
    | MassAbductionRule
    | WatchedPlaceRule
    | QuietAreaRule
    | NewActorRule
    | EscalationRule
    | DeathTollRevisionRule,
    Field(discriminator="kind"),
]


class AlertRules(_Config):
    """The whole alert configuration."""

    rules: list[Rule] = Field(default_factory=list)
    incident_retention_days: int = Field(
        default=60,
        ge=1,
        description="Per-incident alert state is dropped this many days (event time) after the incident; "
        "keep it above the worker's MERGE_WINDOW_DAYS so updates of live incidents still find their state.",
    )

    @model_validator(mode="after")
    def _unique_names(self) -> AlertRules:
        names = [rule.name for rule in self.rules]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule names: {duplicates}")
        return self

    @property
    def enabled_rules(self) -> list[Rule]:
        return [rule for rule in self.rules if rule.enabled]

    @property
    def history_days(self) -> int:
        """Longest per-area lookback of the enabled rules: area history older than this is dropped."""
        return max((rule.history_days() for rule in self.enabled_rules), default=0)

    def rule(self, name: str) -> Rule:
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)


def _deep_merge(base: Any, overlay: Any) -> Any:
    """Mappings merge key by key; anything else (lists included) is replaced by the overlay."""
    if isinstance(base, Mapping) and isinstance(overlay, Mapping):
        merged = dict(base)
        for key, value in overlay.items():
            merged[key] = _deep_merge(base[key], value) if key in base else value
        return merged
    return overlay


def merge_rule_documents(defaults: Mapping[str, Any], user: Mapping[str, Any]) -> dict[str, Any]:
    """Lay a user rules document over the defaults.

    Top-level keys other than `rules` overlay as usual. A user rule whose `name` matches a default
    rule is deep-merged over it (so `{name: fatalities, levels: [...]}` changes only the levels);
    new names are appended (they need a `kind`). `replace_defaults: true` drops the default rules.
    """
    user = dict(user)
    replace = bool(user.pop("replace_defaults", False))
    user_rules = user.pop("rules", None) or []
    if not isinstance(user_rules, list):
        raise ValueError("`rules` must be a list")
    merged = _deep_merge({k: v for k, v in defaults.items() if k != "rules"}, user)
    rules: list[Any] = [] if replace else [dict(rule) for rule in defaults.get("rules", [])]
    index = {rule.get("name"): i for i, rule in enumerate(rules)}
    for rule in user_rules:
        if not isinstance(rule, Mapping) or "name" not in rule:
            raise ValueError(f"every rule needs a name: {rule!r}")
        if rule["name"] in index:
            rules[index[rule["name"]]] = _deep_merge(rules[index[rule["name"]]], rule)
        else:
            index[rule["name"]] = len(rules)
            rules.append(dict(rule))
    merged["rules"] = rules
    return merged


def _read_yaml(text: str, origin: str) -> dict[str, Any]:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesFileError(f"{origin}: not valid YAML: {exc}") from exc
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise RulesFileError(f"{origin}: the top level must be a mapping, got {type(document).__name__}")
    return document


def default_rules_document() -> dict[str, Any]:
    """The packaged defaults as a plain document (before validation)."""
    text = resources.files("streams.alerts").joinpath(DEFAULT_RULES_RESOURCE).read_text(encoding="utf-8")
    return _read_yaml(text, f"streams/alerts/{DEFAULT_RULES_RESOURCE}")


def load_rules(path: Path | None = None) -> AlertRules:
    """The packaged default rules, with the YAML file at `path` (if any) laid over them.

    The worker passes `Settings.alert_rules_file` (env ALERT_RULES_FILE). Raises `RulesFileError`
    naming the file and the invalid field.
    """
    document = default_rules_document()
    origin = f"streams/alerts/{DEFAULT_RULES_RESOURCE}"
    if path is not None:
        origin = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RulesFileError(f"{path}: cannot read alert rules: {exc}") from exc
        try:
            document = merge_rule_documents(document, _read_yaml(text, origin))
        except ValueError as exc:
            raise RulesFileError(f"{path}: {exc}") from exc
    try:
        return AlertRules.model_validate(document)
    except ValidationError as exc:
        raise RulesFileError(f"{origin}: invalid alert rules:\n{exc}") from exc
