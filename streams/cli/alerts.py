"""Alert commands: `incidents alerts check`, `incidents alerts evaluate`, `incidents bench alerts`.

Only I/O and formatting live here; the work is done by the pure `streams.alerts` package (the same
engine the worker's merge agent runs).
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import UTC, date, datetime, time as dtime, timedelta
from pathlib import Path

import click

from models import Actor, ActorRole, Casualties, DatePrecision, EnrichedEvent, EventType, Location, Source, SubEventType
from streams.alerts import AlertEngine, RulesFileError, load_rules
from streams.cli.groups import bench_group, cli

_RULES_OPTION = click.option(
    "--rules", "rules_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="YAML rules laid over the packaged defaults (as ALERT_RULES_FILE).",
)


@cli.group(name="alerts")
def alerts_group() -> None:
    """Alert rules: validate a rules file, run the engine over incidents offline (docs/alerts.md)."""


@alerts_group.command("check")
@click.argument("rules_path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_command(rules_path: Path | None) -> None:
    """Validate RULES_PATH (laid over the defaults; the defaults alone when omitted) and list the rules."""
    try:
        rules = load_rules(rules_path)
    except RulesFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for rule in rules.rules:
        state = "on " if rule.enabled else "off"
        click.echo(f"{state} {rule.name:<24} kind={rule.kind:<20} severity={rule.severity.value}")
    click.echo(f"history kept: {rules.history_days} days; incident state kept: {rules.incident_retention_days} days")


@alerts_group.command("evaluate")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="EnrichedEvent JSON lines (e.g. a dump of events.enriched), in publication order.")
@_RULES_OPTION
def evaluate_command(input_path: Path, rules_path: Path | None) -> None:
    """Run the alert engine over INPUT and print the alerts as JSON lines (state starts empty)."""
    try:
        engine = AlertEngine(load_rules(rules_path), {})
    except RulesFileError as exc:
        raise click.ClickException(str(exc)) from exc
    with input_path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                event = EnrichedEvent.model_validate_json(line)
            except ValueError as exc:
                raise click.ClickException(f"{input_path}:{number}: not an EnrichedEvent: {exc}") from exc
            for alert in engine.evaluate(event):
                sys.stdout.write(alert.model_dump_json() + "\n")


def synthetic_events(count: int, *, seed: int = 7) -> list[EnrichedEvent]:
    """Incidents spread over 5 countries, 40 admin1 and 400 admin2 areas, ~15 a day, some revised."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    events: list[EnrichedEvent] = []
    for i in range(count):
        day = start + timedelta(days=i // 15)
        country = rng.randrange(5)
        admin1 = rng.randrange(8)
        updated = datetime.combine(day + timedelta(days=1), dtime(12, 0), tzinfo=UTC)
        events.append(EnrichedEvent(
            incident_id=f"inc-{i}", version=1 + (i % 3 == 0), event_date=day, date_precision=DatePrecision.DAY,
            event_type=EventType.VIOLENCE_AGAINST_CIVILIANS, sub_event_type=SubEventType.ATTACK,
            actors=[Actor(name=f"Group {rng.randrange(30)}", role=ActorRole.ACTOR1)],
            location=Location(name=f"Town {i % 500}", admin1=f"Region {country}-{admin1}",
                              admin2=f"District {country}-{admin1}-{rng.randrange(10)}", country=f"Country {country}",
                              iso3=["MLI", "BFA", "NER", "NGA", "SOM"][country],
                              latitude=10 + rng.random() * 8, longitude=-8 + rng.random() * 20, geo_precision=1),
            casualties=Casualties(killed=rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 30, 70]), abducted=rng.choice([0] * 9 + [20])),
            sources=[Source(article_id=f"art-{i}", outlet="Bench Wire", published_at=updated)], source_count=1,
            confidence=0.7, first_seen=updated, updated_at=updated,
        ))
    return events


@bench_group.command("alerts")
@click.option("--count", type=click.IntRange(min=1), default=20_000, show_default=True, help="Incident upserts.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench_alerts_command(count: int, as_json: bool) -> None:
    """Alert engine throughput on synthetic incidents (all default rules, JSON-round-tripped state)."""
    events = synthetic_events(count)
    store: dict[str, str] = {}

    class _JsonStore(dict):  # what a Faust table with the json serializer does on every write/read
        def __setitem__(self, key: str, value: object) -> None:
            store[key] = json.dumps(value)

        def get(self, key: str, default: object = None) -> object:
            return json.loads(store[key]) if key in store else default

        def __contains__(self, key: object) -> bool:
            return key in store

        def __delitem__(self, key: str) -> None:
            del store[key]

    engine = AlertEngine(load_rules(None), _JsonStore())
    began = time.perf_counter()
    alerts = sum(len(engine.evaluate(event)) for event in events)
    elapsed = time.perf_counter() - began
    result = {
        "upserts": count, "alerts": alerts, "seconds": round(elapsed, 3),
        "upserts_per_second": round(count / elapsed), "state_keys": len(store),
        "state_bytes": sum(len(v) for v in store.values()),
    }
    if as_json:
        click.echo(json.dumps(result))
    else:
        for key, value in result.items():
            click.echo(f"{key:>20}: {value}")
