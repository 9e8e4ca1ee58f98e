"""The `incidents` command line: one module per area registers its commands on the groups."""

from __future__ import annotations

import importlib

from streams.cli.groups import cli

# Each module attaches its commands to the groups in streams.cli.groups when imported.
_COMMAND_MODULES = ("platform", "extract", "dedup", "alerts")


def main() -> None:
    for name in _COMMAND_MODULES:
        importlib.import_module(f"streams.cli.{name}")
    cli()
