"""The incidents stream processor.

Layers, by folder:
- ``streams/extract``, ``streams/dedup``, ``streams/alerts``: pure logic. They import neither
  Faust nor Kafka; they take and return the pydantic models of ``models/``.
- ``streams/app.py``, ``streams/agents.py``: the Faust app and its thin agents (decode, call pure
  code, emit).
- ``streams/cli``: the ``incidents`` command line.
"""
