"""docker-compose.yml cannot run here (no Docker engine), so it is read against the code: every
worker variable is a Settings field, topic names match the defaults the tests exercise, mounted
files exist, and the ports line up with the Prometheus scrape config."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_worker_environment_is_made_of_settings_fields_and_validates() -> None:
    env = SERVICES["worker"]["environment"]
    unknown = {name for name in env if name.lower() not in Settings.model_fields}
    assert not unknown, f"docker-compose.yml sets variables Settings does not read: {unknown}"
    settings = Settings(**{name.lower(): value for name, value in env.items()})
    defaults = Settings()
    for topic in ("topic_articles", "topic_deadletter", "topic_candidates", "topic_events", "topic_alerts"):
        assert getattr(settings, topic) == getattr(defaults, topic)
    assert settings.kafka_bootstrap_servers.split(":")[0] == "kafka"
    assert settings.alertmanager_url == "http://alertmanager:9093"


@pytest.mark.parametrize("service", ["prometheus", "alertmanager", "grafana"])
def test_mounted_ops_files_exist(service: str) -> None:
    for volume in SERVICES[service]["volumes"]:
        source = volume.split(":")[0]
        if source.startswith("./"):
            assert (ROOT / source).exists(), f"{service} mounts missing {source}"


def test_prometheus_scrapes_the_worker_port_compose_exposes() -> None:
    worker_port = str(SERVICES["worker"]["environment"]["WEB_PORT"])
    scrape = yaml.safe_load((ROOT / "ops" / "prometheus" / "prometheus.yml").read_text())
    targets = [t for job in scrape["scrape_configs"] for sc in job.get("static_configs", []) for t in sc["targets"]]
    assert f"worker:{worker_port}" in targets
    assert f"{worker_port}:{worker_port}" in SERVICES["worker"]["ports"]


def test_kafka_service_is_single_node_kraft() -> None:
    env = SERVICES["kafka"]["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert SERVICES["worker"]["depends_on"]["kafka"]["condition"] == "service_healthy"
