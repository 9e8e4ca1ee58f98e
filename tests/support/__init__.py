"""Test support: real services (Kafka broker, worker processes, Prometheus, Alertmanager) for the integration tier."""
