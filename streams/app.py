"""The Faust application: topics, tables, agents and web views, built from `Settings`.

Agents are thin: decode, call pure code (`streams.ingest`, `streams.dedup`, `streams.alerts`),
emit. Delivery is at-least-once (offsets are committed after processing; Faust's
exactly-once mode is not used) and every output is idempotent:

- `events.enriched` records are keyed by a deterministic `incident_id` and carry a `version`
  that only increases; a redelivered input re-publishes an identical record, never a new id.
- `alerts` records are keyed by a deterministic `alert_id` (rule x incident).
- the Alertmanager sink remembers what it delivered per alert id and level.

Each agent runs with concurrency 1: with more, faust-streaming can commit offsets past
messages still in flight (faust-streaming#606) and lose them on a crash.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from datetime import datetime, timezone
from typing import Any

import faust
from faust.web import Request, Response, View
from prometheus_client import generate_latest

from models import Alert, Article, DeadLetter, DeadLetterReason, EnrichedEvent, IncidentCandidate
from streams import metrics
from streams.alerts.alertmanager import AlertmanagerClient
from streams.alerts.engine import AlertEngine
from streams.alerts.rules import load_rules
from streams.dedup.candidates import build_candidate_batches
from streams.dedup.merge import Merger
from streams.dedup.state import DedupStore
from streams.ingest import Rejection, decode_article, split_by_text_size
from streams.settings import Settings

log = logging.getLogger(__name__)

# Carries the input message's Kafka timestamp (ms) through the candidates topic, so the
# merge stage can measure end-to-end latency from ingest to emitted incident.
INGEST_TS_HEADER = "x-ingest-ts-ms"
# generate_latest's format; without a charset parameter, which aiohttp refuses in content_type.
PROMETHEUS_TEXT_FORMAT = "text/plain; version=0.0.4"


def create_app(settings: Settings) -> faust.App:
    """Build the app. Tables use `settings.store_url` (rocksdb:// in production, memory:// in tests)."""
    app = faust.App(
        settings.app_id,
        broker=settings.broker_url,
        store=settings.store_url,
        datadir=str(settings.data_dir),
        processing_guarantee="at_least_once",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=1,
        topic_allow_declare=True,
        key_serializer="raw",
        value_serializer="raw",
        web_host=settings.web_host,
        web_port=settings.web_port,
        web_in_thread=False,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.consumer_session_timeout_seconds,
    )

    def topic(name: str) -> faust.TopicT:
        # internal=False: the service's own topics are created by streams.topics with their
        # documented configs; Faust only creates its changelog topics.
        return app.topic(name, key_type=bytes, value_type=bytes, partitions=settings.topic_partitions)

    articles = topic(settings.topic_articles)
    candidates = topic(settings.topic_candidates)
    deadletters = topic(settings.topic_deadletter)
    events = topic(settings.topic_events)
    alerts = topic(settings.topic_alerts)

    # Table values are JSON documents that the pure stores (re)assign whole: Faust writes a
    # changelog record only on __setitem__/__delitem__, never for in-place mutation.
    table_schema = faust.Schema(key_serializer="json", value_serializer="json")

    def table(name: str, help_text: str) -> faust.TableT:
        return app.Table(
            name, default=None, schema=table_schema, partitions=settings.topic_partitions, help=help_text
        )

    incidents_table = table("incidents", "Merge state of incidents in the retention window, by '<area>/<incident id>'.")
    areas_table = table("incident-areas", "Index of incidents in the retention window, by area key.")
    alert_state_table = table("alert-state", "Alert rule history, by area key and incident id.")
    delivered_table = table("alerts-delivered", "Highest alert level delivered to Alertmanager, by alert id.")
    tables = {
        "incidents": incidents_table, "incident-areas": areas_table, "alert-state": alert_state_table,
        "alerts-delivered": delivered_table,
    }

    merger = Merger(DedupStore(incidents_table, areas_table), settings.merge_policy())
    alert_engine = AlertEngine(load_rules(settings.alert_rules_file), alert_state_table)

    async def dead_letter(event: faust.EventT, reason: DeadLetterReason, message: str) -> None:
        msg = event.message
        record = DeadLetter(
            reason=reason, message=message[:4000], original_base64=base64.b64encode(msg.value or b"").decode(),
            original_key=msg.key.decode("utf-8", "replace") if msg.key is not None else None,
            source_topic=msg.topic, source_partition=msg.partition, source_offset=msg.offset,
            failed_at=datetime.now(timezone.utc),
        )
        await deadletters.send(
            key=msg.key, value=record.model_dump_json().encode(), headers={"reason": reason.value.encode()}
        )
        metrics.DEAD_LETTERS.labels(reason.value).inc()
        metrics.MESSAGES_OUT.labels(settings.topic_deadletter).inc()
        log.warning("dead letter %s at %s[%s]@%s: %s", reason.value, msg.topic, msg.partition, msg.offset, message)

    async def extract(batch: list[Article]) -> list[list[IncidentCandidate] | Exception]:
        """Candidates of each article (or the exception it raised), extracted in runs of at
        most ``ingest_batch_max_chars`` characters."""
        results: list[list[IncidentCandidate] | Exception] = []
        for run in split_by_text_size(batch, settings.ingest_batch_max_chars):
            started = time.perf_counter()
            results.extend(build_candidate_batches(run))
            per_article = (time.perf_counter() - started) / len(run)
            metrics.EXTRACT_BATCH_SIZE.observe(len(run))
            for _ in run:
                metrics.EXTRACT_SECONDS.observe(per_article)
            await asyncio.sleep(0)  # extraction never awaits: let the consumer heartbeat between runs
        return results

    @app.agent(articles, name="ingest", concurrency=1)
    async def ingest(stream: faust.StreamT) -> None:
        """articles.raw -> (decode, extract) -> incidents.candidates keyed by area, or dead letter.

        Reads up to ``ingest_batch_max`` messages at a time (waiting at most
        ``ingest_batch_wait_seconds`` for more) and extracts them in runs of at most
        ``ingest_batch_max_chars`` characters; take_events acks a batch's messages only after
        this loop body has handled all of them."""
        async for batch in stream.take_events(settings.ingest_batch_max, within=settings.ingest_batch_wait_seconds):
            decoded: list[tuple[faust.EventT, Article]] = []
            for event in batch:
                metrics.MESSAGES_IN.labels(settings.topic_articles).inc()
                _observe_lag(event)
                article = decode_article(event.message.value, supported_languages=settings.supported_languages)
                if isinstance(article, Rejection):
                    await dead_letter(event, article.reason, article.message)
                else:
                    decoded.append((event, article))
            if not decoded:
                continue
            results = await extract([article for _, article in decoded])
            for (event, article), found in zip(decoded, results, strict=True):
                if isinstance(found, Exception):
                    log.error("extraction failed for article %s", article.id, exc_info=found)
                    await dead_letter(event, DeadLetterReason.PROCESSING_ERROR, f"{type(found).__name__}: {found}")
                    continue
                if not found:
                    metrics.ARTICLES_WITHOUT_INCIDENT.inc()
                headers = {INGEST_TS_HEADER: str(int(event.message.timestamp * 1000)).encode()}
                for candidate in found:
                    await candidates.send(
                        key=candidate.area_key.encode(), value=candidate.model_dump_json().encode(), headers=headers
                    )
                    metrics.MESSAGES_OUT.labels(settings.topic_candidates).inc()

    @app.agent(candidates, name="merge", concurrency=1)
    async def merge(stream: faust.StreamT) -> None:
        """incidents.candidates -> merge state -> events.enriched upserts/tombstones and alerts."""
        async for event in stream.events():
            metrics.MESSAGES_IN.labels(settings.topic_candidates).inc()
            _observe_lag(event)
            try:
                candidate = IncidentCandidate.model_validate_json(event.message.value)
                with metrics.MERGE_SECONDS.time():
                    outcome = merger.add(candidate)
            except Exception as exc:  # noqa: BLE001 - one bad candidate must not stop the stream
                log.exception("merge failed at %s[%s]@%s", event.message.topic, event.message.partition,
                              event.message.offset)
                await dead_letter(event, DeadLetterReason.PROCESSING_ERROR, f"merge: {type(exc).__name__}: {exc}")
                continue
            raised = [alert for record in outcome.upserts for alert in alert_engine.evaluate(record)]
            for incident_id in outcome.retired:
                alert_engine.forget(incident_id)
            if outcome.upserts or outcome.retired:
                # State before output: wait until the tables' changelog writes are acknowledged
                # before publishing. Otherwise a crash can lose state whose records were already
                # published, and re-processing after recovery would publish lower versions.
                await app.producer.flush()
            for record in outcome.upserts:
                await publish_incident(record)
            for alert in raised:
                await publish_alert(alert)
            for incident_id in outcome.retired:
                await events.send(key=incident_id.encode(), value=None)
                metrics.INCIDENT_CHANGES.labels("retired").inc()
            ingest_ms = _header_int(event.message.headers, INGEST_TS_HEADER)
            if outcome.upserts and ingest_ms is not None:
                metrics.END_TO_END_SECONDS.observe(max(0.0, time.time() - ingest_ms / 1000))

    async def publish_incident(record: EnrichedEvent) -> None:
        await events.send(key=record.incident_id.encode(), value=record.model_dump_json().encode())
        metrics.MESSAGES_OUT.labels(settings.topic_events).inc()
        metrics.INCIDENT_CHANGES.labels("created" if record.version == 1 else "updated").inc()
        metrics.LAST_EVENT_EMITTED.set_to_current_time()

    async def publish_alert(alert: Alert) -> None:
        await alerts.send(key=alert.alert_id.encode(), value=alert.model_dump_json().encode())
        metrics.MESSAGES_OUT.labels(settings.topic_alerts).inc()
        metrics.ALERTS_RAISED.labels(alert.rule, alert.severity.value).inc()

    if settings.alertmanager_url:
        client = AlertmanagerClient(settings.alertmanager_url)

        @app.agent(alerts, name="alertmanager-sink", concurrency=1)
        async def alertmanager_sink(stream: faust.StreamT) -> None:
            """alerts -> Alertmanager v2 API; blocks (retrying) while Alertmanager is down, so
            pending alerts stay uncommitted and are delivered when it returns."""
            async for event in stream.events():
                metrics.MESSAGES_IN.labels(settings.topic_alerts).inc()
                if event.message.value is None:
                    continue
                alert = Alert.model_validate_json(event.message.value)
                if (delivered_table.get(alert.alert_id) or 0) >= alert.level:
                    continue
                await client.deliver([alert])
                delivered_table[alert.alert_id] = alert.level

    @app.timer(interval=5.0)
    async def report_state_sizes() -> None:
        for name, tbl in tables.items():
            metrics.TABLE_KEYS.labels(name).set(len(tbl))
        _report_partition_lag(app, {settings.topic_articles, settings.topic_candidates, settings.topic_alerts})

    @app.page("/metrics")
    async def metrics_view(self: View, request: Request) -> Response:
        return self.bytes(generate_latest(metrics.REGISTRY), content_type=PROMETHEUS_TEXT_FORMAT)

    @app.page("/health")
    async def health_view(self: View, request: Request) -> Response:
        status = {"status": "ok", "app_id": settings.app_id, "rebalancing": bool(app.rebalancing)}
        return self.json(status)

    return app


def _observe_lag(event: faust.EventT) -> None:
    msg = event.message
    metrics.CONSUMER_LAG_SECONDS.labels(msg.topic, str(msg.partition)).set(max(0.0, time.time() - msg.timestamp))


def _report_partition_lag(app: faust.App, source_topics: set[str]) -> None:
    """Lag of the agents' source partitions (changelog partitions are written, not consumed)."""
    consumer = app.consumer
    # Faust keeps the last offset read per partition here; it has no public accessor.
    read_offsets: dict[Any, int | None] = getattr(consumer, "_read_offset", {})
    for tp in consumer.assignment():
        if tp.topic not in source_topics:
            continue
        highwater = consumer.highwater(tp)
        last_read = read_offsets.get(tp)
        if highwater is None:
            continue
        next_offset = 0 if last_read is None else last_read + 1
        metrics.CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(max(0, highwater - next_offset))


def _header_int(headers: Any, name: str) -> int | None:
    for key, value in (headers.items() if isinstance(headers, dict) else headers or ()):
        if key == name and value is not None:
            try:
                return int(value)
            except ValueError:
                return None
    return None
