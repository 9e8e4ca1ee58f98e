"""Offline evaluation and benchmarks: gold files in, numbers out.

Pure package: no Faust or Kafka imports, no printing. Each module returns plain
dataclasses / dicts; the ``incidents eval ...`` and ``incidents bench ...`` commands in
``streams/cli/`` format them. Gold data is read at evaluation time only and never copied
into the project (see docs/evaluation.md).
"""
