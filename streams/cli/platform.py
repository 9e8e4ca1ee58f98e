"""Platform commands: run the worker, create topics, replay articles, tail topics, write schemas."""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import IO

import click

from streams.cli.groups import cli
from streams.settings import Settings


def _settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic ValidationError: show it as a usage error
        raise click.ClickException(f"invalid configuration: {exc}") from exc


@cli.command()
@click.option("--create-topics/--no-create-topics", default=True, show_default=True,
              help="Create missing topics (with their documented configs) before starting.")
def worker(create_topics: bool) -> None:
    """Run the stream processor (ingest, merge, alert agents) until stopped with Ctrl-C/SIGTERM."""
    from streams.topics import TopicSetupError, ensure_topics

    settings = _settings()
    logging.basicConfig(level=settings.log_level, format="[%(asctime)s] %(levelname)s %(name)s: %(message)s")
    if create_topics:
        try:
            created = ensure_topics(settings)
        except TopicSetupError as exc:
            raise click.ClickException(str(exc)) from exc
        if created:
            click.echo(f"created topics: {', '.join(created)}", err=True)
    import faust

    from streams.app import create_app
    from streams.extract.pipeline import warm_up
    from streams.runtime import tune_gc

    warm_up()
    tune_gc()
    app = create_app(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    faust.Worker(app, loglevel=settings.log_level.lower(), quiet=True).execute_from_commandline()


@cli.group()
def topics() -> None:
    """Manage the service's Kafka topics."""


@topics.command("create")
def topics_create() -> None:
    """Create missing topics; fail if an existing one has the wrong partition count."""
    from streams.topics import TopicSetupError, ensure_topics, topic_specs

    settings = _settings()
    try:
        created = ensure_topics(settings)
    except TopicSetupError as exc:
        raise click.ClickException(str(exc)) from exc
    for spec in topic_specs(settings):
        state = "created" if spec.name in created else "exists"
        click.echo(f"{spec.name:28} {spec.partitions:3} partitions  {spec.config.get('cleanup.policy')}  {state}")


@cli.command()
@click.argument("file", type=click.File("rb"))
@click.option("--rate", type=float, default=0.0, show_default=True,
              help="Messages per second; 0 sends as fast as the broker takes them.")
@click.option("--topic", default=None, help="Target topic (default: TOPIC_ARTICLES).")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar.")
def replay(file: IO[bytes], rate: float, topic: str | None, progress: bool) -> None:
    """Send FILE (JSON Lines of articles, '-' for stdin) to the input topic, keyed by article id.

    Lines are sent as they are, invalid ones included: the worker dead-letters what it cannot
    use, which is how bad input is meant to be handled. Blank lines are skipped.
    """
    from kafka import KafkaProducer
    from kafka.errors import KafkaTimeoutError
    from tqdm import tqdm

    settings = _settings()
    target = topic or settings.topic_articles
    try:
        producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all", linger_ms=5)
    except KafkaTimeoutError as exc:
        raise click.ClickException(
            f"no Kafka broker at {settings.kafka_bootstrap_servers} (start one: ops/kafka.sh start)"
        ) from exc
    lines = [line.rstrip(b"\r\n") for line in file if line.strip()]
    interval = 1.0 / rate if rate > 0 else 0.0
    sent = 0
    next_at = time.monotonic()
    for line in tqdm(lines, unit="msg", disable=not progress, file=sys.stderr):
        producer.send(target, key=_article_key(line), value=line)
        sent += 1
        if interval:
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))
    producer.flush()
    producer.close()
    click.echo(f"sent {sent} messages to {target}", err=True)


def _article_key(line: bytes) -> bytes | None:
    try:
        value = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    article_id = value.get("id") if isinstance(value, dict) else None
    return str(article_id).encode() if article_id is not None else None


@cli.command()
@click.argument("topic")
@click.option("--from-beginning/--latest", default=True, show_default=True)
@click.option("--max-messages", type=int, default=0, help="Stop after this many messages (0: run until Ctrl-C).")
@click.option("--timeout", type=float, default=0.0, help="Stop after this many idle seconds (0: never).")
@click.option("--format", "fmt", type=click.Choice(["pretty", "summary", "raw"]), default="pretty", show_default=True,
              help="pretty: indented JSON; summary: one line per incident/alert/dead letter; raw: values as they are.")
def tail(topic: str, from_beginning: bool, max_messages: int, timeout: float, fmt: str) -> None:
    """Pretty-print messages of TOPIC as they arrive (events.enriched, alerts, articles.deadletter, ...)."""
    from kafka import KafkaConsumer
    from kafka.errors import KafkaTimeoutError

    settings = _settings()
    try:
        consumer = KafkaConsumer(
            topic, bootstrap_servers=settings.kafka_bootstrap_servers, group_id=None,
            auto_offset_reset="earliest" if from_beginning else "latest", enable_auto_commit=False,
            consumer_timeout_ms=int(timeout * 1000) if timeout else float("inf"),
        )
    except KafkaTimeoutError as exc:
        raise click.ClickException(f"no Kafka broker at {settings.kafka_bootstrap_servers}") from exc
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    count = 0
    try:
        for message in consumer:
            click.echo(format_record(message.topic, message.partition, message.offset, message.key, message.value, fmt))
            count += 1
            if max_messages and count >= max_messages:
                break
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


def format_record(topic: str, partition: int, offset: int, key: bytes | None, value: bytes | None, fmt: str) -> str:
    """One message for a person: pretty JSON under a header line, a one-line summary, or the raw value."""
    key_text = key.decode("utf-8", "replace") if key is not None else "-"
    if fmt == "raw":
        return value.decode("utf-8", "replace") if value is not None else "null"
    header = click.style(f"{topic}[{partition}]@{offset} key={key_text}", fg="cyan")
    if value is None:
        return f"{header}  tombstone: merged into another incident"
    try:
        payload = json.loads(value)
    except ValueError:
        return f"{header}\n{value[:500]!r}"
    if fmt == "summary" and isinstance(payload, dict):
        return f"{header}  {summarize(payload)}"
    return f"{header}\n{json.dumps(payload, indent=2, ensure_ascii=False)}"


def summarize(payload: dict) -> str:
    """A one-line reading of an incident, an alert or a dead letter (other JSON: compact)."""
    if "incident_id" in payload and "version" in payload and "sources" in payload:
        loc = payload.get("location") or {}
        place = ", ".join(p for p in (loc.get("name"), loc.get("admin1"), loc.get("country")) if p) or "unknown place"
        cas = payload.get("casualties") or {}
        actors = " vs ".join(a["name"] for a in payload.get("actors", []) if a.get("role") in ("actor1", "actor2"))
        return click.style(
            f"INCIDENT v{payload['version']} {payload['event_date']} {payload['event_type']} / "
            f"{payload['sub_event_type']} | {place} | {actors or 'actors unknown'} | killed {cas.get('killed', 0)} "
            f"wounded {cas.get('wounded', 0)} abducted {cas.get('abducted', 0)} | "
            f"{payload['source_count']} independent source(s), {len(payload['sources'])} article(s)",
            fg="green",
        )
    if "alert_id" in payload:
        return click.style(
            f"ALERT {payload['severity'].upper()} [{payload['rule']}] level {payload.get('level', 1)}: "
            f"{payload['title']}", fg="red", bold=True,
        )
    if "reason" in payload and "original_base64" in payload:
        return click.style(f"DEAD LETTER {payload['reason']}: {payload['message'][:160]}", fg="yellow")
    return json.dumps(payload, ensure_ascii=False)[:300]


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/schemas"),
              show_default=True)
@click.option("--check", is_flag=True, help="Exit 1 if the files differ from the models instead of writing them.")
def schemas(out_dir: Path, check: bool) -> None:
    """Write the JSON Schemas of the message contracts (models/) to docs/schemas/."""
    from streams.schemas import render_schemas

    rendered = render_schemas()
    stale = [name for name, text in rendered.items()
             if not (out_dir / name).exists() or (out_dir / name).read_text() != text]
    if check:
        if stale:
            raise click.ClickException(f"schemas out of date: {', '.join(stale)} (run: incidents schemas)")
        click.echo("schemas up to date")
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in rendered.items():
        (out_dir / name).write_text(text)
    click.echo(f"wrote {len(rendered)} schemas to {out_dir} ({len(stale)} changed)")
