# The two front-door commands (see README.md) and a few helpers.
.PHONY: demo test test-unit install schemas clean

demo:            ## run the main job: local broker, worker, sample articles, incidents and alerts on screen
	ops/bootstrap.sh
	ops/demo.sh

test:            ## the whole test suite: unit, functional and integration (real Kafka, Prometheus, Alertmanager)
	ops/bootstrap.sh --monitoring
	.venv/bin/pytest

test-unit:       ## the fast tiers only (no broker)
	ops/bootstrap.sh
	.venv/bin/pytest tests/unit tests/functional

install:
	ops/bootstrap.sh

schemas:         ## regenerate docs/schemas from models/
	.venv/bin/incidents schemas

clean:
	rm -rf var .pytest_cache .hypothesis
