"""`incidents alerts check|evaluate` and `incidents bench alerts`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from streams.cli.alerts import alerts_group, bench_alerts_command
from support.alert_events import event


def test_check_lists_default_rules() -> None:
    result = CliRunner().invoke(alerts_group, ["check"])
    assert result.exit_code == 0, result.output
    assert "fatalities" in result.output and "death_toll_revision" in result.output


def test_check_refuses_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [{name: fatalities, levels: [{min: 50}, {min: 10}]}]\n")
    result = CliRunner().invoke(alerts_group, ["check", str(bad)])
    assert result.exit_code == 1
    assert "ascending" in result.output


def test_evaluate_prints_alerts_as_json_lines(tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(
        "\n".join(e.model_dump_json() for e in [event("a", killed=3), event("b", killed=70),
                                                 event("b", version=2, killed=70)]) + "\n"
    )
    result = CliRunner().invoke(alerts_group, ["evaluate", "--input", str(events)])
    assert result.exit_code == 0, result.output
    alerts = [json.loads(line) for line in result.output.splitlines()]
    assert [(a["rule"], a["incident_id"], a["level"]) for a in alerts] == [("fatalities", "b", 2)]


def test_bench_prints_numbers() -> None:
    result = CliRunner().invoke(bench_alerts_command, ["--count", "300", "--json"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)
    assert numbers["upserts"] == 300 and numbers["upserts_per_second"] > 0 and numbers["state_keys"] > 0
