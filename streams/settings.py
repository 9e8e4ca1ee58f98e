"""Runtime configuration: one `Settings` object, read from environment variables and validated
at start-up. docs/configuration.md lists every variable; keep the two in step."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from streams.dedup.policy import MergePolicy

_POLICY = {name: field.default for name, field in MergePolicy.model_fields.items()}  # one place for defaults


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092", description="Comma-separated host:port list of Kafka brokers."
    )
    app_id: str = Field(default="incidents", description="Faust app id: consumer group and changelog topic prefix.")
    topic_articles: str = Field(default="articles.raw", description="Input topic of raw articles (key = article id).")
    topic_deadletter: str = Field(default="articles.deadletter", description="Dead-letter topic for bad input.")
    topic_candidates: str = Field(
        default="incidents.candidates", description="Internal topic: per-article candidates keyed by area."
    )
    topic_events: str = Field(default="events.enriched", description="Output topic of incidents (compacted).")
    topic_alerts: str = Field(default="alerts", description="Output topic of alerts (compacted).")
    topic_partitions: int = Field(default=6, ge=1, description="Partitions of every topic this service creates.")
    store_url: str = Field(default="rocksdb://", description="Faust table store: rocksdb:// in production, memory:// in tests.")
    data_dir: Path = Field(default=Path("var/worker"), description="Where the worker keeps RocksDB tables.")
    web_host: str = Field(default="127.0.0.1", description="Bind address of the worker's web server (/metrics, /health).")
    web_port: int = Field(default=6066, ge=1, le=65535, description="Port of the worker's web server.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO")
    supported_languages: tuple[str, ...] = Field(
        default=("en", "fr", "it", "pcm"),
        description="Languages the extractor handles; others are dead-lettered as unsupported_language.",
    )
    consumer_session_timeout_seconds: float = Field(
        default=45.0, ge=6.0,
        description="A worker that stops heartbeating (crash) loses its partitions after this; Kafka's default.",
    )
    ingest_batch_max: int = Field(
        default=256, ge=1, le=10_000,
        description="Articles extracted together at most: a backlog is read in batches, each extraction stage runs over "
                    "the whole batch (~1.3x the throughput of one article at a time).",
    )
    ingest_batch_max_chars: int = Field(
        default=500_000, ge=1_000,
        description="Article text extracted in one go at most: the worker's event loop (and the consumer's heartbeat) "
                    "waits for one such run, ~2 s at this size.",
    )
    ingest_batch_wait_seconds: float = Field(
        default=0.05, gt=0.0, le=5.0,
        description="How long the ingest agent waits for a batch to fill before extracting what it has.",
    )
    merge_window_days: int = Field(
        default=_POLICY["window_days"], ge=1,
        description="Incidents whose latest report is older than this (publication time, per area) leave the merge state.",
    )
    merge_max_members_per_incident: int = Field(
        default=_POLICY["max_members_per_incident"], ge=2, description="Reports that vote on an incident's fields; older ones are kept as sources only."
    )
    merge_max_sources_per_incident: int = Field(
        default=_POLICY["max_sources_per_incident"], ge=2, description="Sources listed per incident; past this the oldest are only counted."
    )
    merge_max_incidents_per_area: int = Field(
        default=_POLICY["max_incidents_per_area"], ge=1, description="Live incidents per area; past this the least recently reported leave early."
    )

    def merge_policy(self) -> MergePolicy:
        return MergePolicy(
            window_days=self.merge_window_days,
            max_members_per_incident=self.merge_max_members_per_incident,
            max_sources_per_incident=self.merge_max_sources_per_incident,
            max_incidents_per_area=self.merge_max_incidents_per_area,
        )
    alert_rules_file: Path | None = Field(default=None, description="YAML alert rules; the packaged defaults when unset.")
    alertmanager_url: str | None = Field(
        default=None, description="Alertmanager base URL, e.g. http://127.0.0.1:9093; no push when unset."
    )

    @property
    def broker_url(self) -> str:
        """Faust's broker URL form of `kafka_bootstrap_servers`."""
        return ";".join(f"kafka://{host.strip()}" for host in self.kafka_bootstrap_servers.split(",") if host.strip())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
