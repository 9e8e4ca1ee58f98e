"""Prometheus metrics of the worker: one module, explicit buckets, low-cardinality labels.

Served on the worker's web server at /metrics. Labels never carry ids (article, incident,
alert): only topics, partitions, reasons, rules and tables, so series stay bounded.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics

# The *_created series (one per labelled counter) double the series count and no panel or
# rule reads them.
disable_created_metrics()

REGISTRY = CollectorRegistry(auto_describe=True)

# Extraction and merging take well under a second; default buckets (5 ms .. 10 s) would put
# nearly every observation in the first bucket, so the low end is spread out instead.
_STAGE_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
# End-to-end latency spans queueing behind a backlog: sub-second to minutes.
_E2E_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)

MESSAGES_IN = Counter("incidents_messages_in_total", "Messages consumed, by topic.", ["topic"], registry=REGISTRY)
MESSAGES_OUT = Counter("incidents_messages_out_total", "Messages produced, by topic.", ["topic"], registry=REGISTRY)
DEAD_LETTERS = Counter(
    "incidents_dead_letters_total", "Input messages sent to the dead-letter topic, by reason.", ["reason"],
    registry=REGISTRY,
)
ARTICLES_WITHOUT_INCIDENT = Counter(
    "incidents_articles_without_incident_total", "Valid articles in which no incident was found.", registry=REGISTRY
)
# Articles are extracted in runs: each article observes its run's time divided by the
# run's size (its share of the work; its latency is the whole batch's).
EXTRACT_SECONDS = Histogram(
    "incidents_extract_seconds", "Extraction time per article (a run's time divided by its size).",
    buckets=_STAGE_BUCKETS, registry=REGISTRY,
)
EXTRACT_BATCH_SIZE = Histogram(
    "incidents_extract_batch_size", "Articles extracted together per run (a batch cut at INGEST_BATCH_MAX_CHARS).",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024), registry=REGISTRY,
)
MERGE_SECONDS = Histogram(
    "incidents_merge_seconds", "Time to merge one candidate into the incident state.", buckets=_STAGE_BUCKETS,
    registry=REGISTRY,
)
END_TO_END_SECONDS = Histogram(
    "incidents_end_to_end_seconds",
    "From the article's arrival on the input topic (its Kafka timestamp) to its incident being emitted.",
    buckets=_E2E_BUCKETS,
    registry=REGISTRY,
)
INCIDENT_CHANGES = Counter(
    "incidents_incident_changes_total", "Incident upserts and retirements, by kind (created, updated, retired).",
    ["kind"], registry=REGISTRY,
)
ALERTS_RAISED = Counter(
    "incidents_alerts_raised_total", "Alerts raised, by rule and severity.", ["rule", "severity"], registry=REGISTRY
)
ALERTS_DELIVERED = Counter(
    "incidents_alerts_delivered_total", "Alerts accepted by an external sink, by sink.", ["sink"], registry=REGISTRY
)
ALERT_DELIVERY_FAILURES = Counter(
    "incidents_alert_delivery_failures_total", "Failed delivery attempts to an external sink (retried).", ["sink"],
    registry=REGISTRY,
)
CONSUMER_LAG = Gauge(
    "incidents_consumer_lag_messages", "Messages behind the partition's high watermark.", ["topic", "partition"],
    registry=REGISTRY,
)
CONSUMER_LAG_SECONDS = Gauge(
    "incidents_consumer_lag_seconds", "Age of the last consumed message's timestamp when it was processed.",
    ["topic", "partition"], registry=REGISTRY,
)
TABLE_KEYS = Gauge("incidents_table_keys", "Keys held in each local state table.", ["table"], registry=REGISTRY)
LAST_EVENT_EMITTED = Gauge(
    "incidents_last_event_emitted_timestamp_seconds", "Unix time of the last record published to the events topic.",
    registry=REGISTRY,
)
