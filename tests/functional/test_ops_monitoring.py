"""ops/ monitoring files: valid for promtool/amtool, rule unit tests pass, and every metric they
(and the Grafana dashboard) use is one the worker exports."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from streams import metrics

OPS = Path(__file__).resolve().parents[2] / "ops"
PROMTOOL = "/usr/bin/promtool"
AMTOOL = "/usr/bin/amtool"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(list(args), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.parametrize("config", ["prometheus.yml", "prometheus.local.yml"])
def test_prometheus_config_is_valid(config: str) -> None:
    _run(PROMTOOL, "check", "config", str(OPS / "prometheus" / config))


def test_prometheus_rules_are_valid_and_their_unit_tests_pass() -> None:
    assert "SUCCESS: 8 rules found" in _run(PROMTOOL, "check", "rules", str(OPS / "prometheus" / "rules.yml")).stdout
    _run(PROMTOOL, "test", "rules", str(OPS / "prometheus" / "rules.test.yml"))


def test_alertmanager_config_is_valid_and_routes_critical_incident_alerts_to_the_webhook() -> None:
    config = str(OPS / "alertmanager" / "alertmanager.yml")
    _run(AMTOOL, "check-config", config)
    route = _run(AMTOOL, "config", "routes", "test", f"--config.file={config}", "alert_id=alert-1", "severity=critical")
    assert route.stdout.strip() == "webhook-example"
    route = _run(AMTOOL, "config", "routes", "test", f"--config.file={config}", "alert_id=alert-1", "severity=warning")
    assert route.stdout.strip() == "default"


def _exported_names() -> set[str]:
    names: set[str] = set()
    for collector in metrics.REGISTRY._names_to_collectors.values():  # noqa: SLF001 - the registry's own index
        for family in collector.describe():
            names.add(family.name)
            names.update(f"{family.name}{suffix}" for suffix in ("_total", "_bucket", "_count", "_sum", "_created"))
    return names


_METRIC = re.compile(r"\bincidents_[a-z0-9_]+")


def _used_names(text: str) -> set[str]:
    return set(_METRIC.findall(text)) - {"incidents_worker"}


def test_rules_and_dashboard_use_only_exported_metrics() -> None:
    exported = _exported_names()
    rules = (OPS / "prometheus" / "rules.yml").read_text()
    dashboard = json.loads((OPS / "grafana" / "dashboards" / "pipeline.json").read_text())
    exprs = " ".join(t["expr"] for p in dashboard["panels"] for t in p.get("targets", []))
    for source, text in (("rules.yml", rules), ("pipeline.json", exprs)):
        used = _used_names(text)
        assert used, source
        assert used <= exported, f"{source} uses metrics the worker does not export: {sorted(used - exported)}"


def test_dashboard_has_the_panels_operators_need() -> None:
    dashboard = json.loads((OPS / "grafana" / "dashboards" / "pipeline.json").read_text())
    titles = {p["title"] for p in dashboard["panels"]}
    for title in ("Messages in per topic", "Messages out per topic", "Dead letters by reason", "Extract latency",
                  "Merge latency", "End-to-end latency", "Incidents created / updated / retired",
                  "Alerts raised by rule", "Consumer lag per partition (messages)", "Table sizes (keys)"):
        assert title in titles
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    datasource = yaml.safe_load((OPS / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    uid = datasource["datasources"][0]["uid"]
    assert all(p["datasource"]["uid"] == uid for p in dashboard["panels"] if "datasource" in p)
    provider = yaml.safe_load((OPS / "grafana" / "provisioning" / "dashboards" / "dashboards.yml").read_text())
    assert provider["providers"][0]["options"]["path"] == "/var/lib/grafana/dashboards"
