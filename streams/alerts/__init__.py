"""Alerts: rules (YAML, validated), the deterministic alert engine, and delivery to Alertmanager.

PURE package: no faust, kafka or aiokafka imports. The worker feeds `AlertEngine.evaluate` with
every published incident upsert and `AlertEngine.forget` with every retirement; state lives in a
caller-supplied mapping (a Faust table in the worker) behind `AlertStore`.
"""

from streams.alerts.engine import AlertEngine, AlertStore, alert_id_for
from streams.alerts.errors import AlertmanagerRejected, AlertsError, RulesFileError
from streams.alerts.rules import AlertRules, load_rules

__all__ = [
    "AlertEngine",
    "AlertRules",
    "AlertStore",
    "AlertmanagerRejected",
    "AlertsError",
    "RulesFileError",
    "alert_id_for",
    "load_rules",
]
