"""The `incidents` command group and its sub-groups; command modules attach to these."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="incidents")
def cli() -> None:
    """Turn news articles about armed violence into deduplicated incidents and alerts.

    Configuration comes from environment variables (see docs/configuration.md).
    """


@cli.group(name="eval")
def eval_group() -> None:
    """Score extraction or deduplication against gold data (see docs/evaluation.md)."""


@cli.group(name="bench")
def bench_group() -> None:
    """Benchmarks that print numbers (see docs/benchmarks.md)."""
