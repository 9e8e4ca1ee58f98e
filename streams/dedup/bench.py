"""Merger benchmark: throughput, memory and state size over a long synthetic stream.

Owns the protocol behind ``incidents bench dedup`` (docs/benchmarks.md, "Deduplication"):
1. ``synthetic.generate_stream`` produces N candidates lazily (40 countries x 60 places,
   ~10 years, ~45 % of candidates re-report an incident, 30 % of those are near-copies) in
   publication order;
2. one ``Merger`` over plain dict stores consumes them; only ``Merger.add`` is timed
   (``perf_counter`` and ``process_time`` around each call: wall-clock throughput, and
   CPU throughput, which stays meaningful on a shared, loaded machine), generation and
   checkpoints are not;
3. at each checkpoint: throughput since the previous checkpoint, tracemalloc current/peak
   (Python heap), max RSS, incidents kept in state, bytes of stored JSON (the size a
   Faust changelog would hold) and the largest stored value (one changelog message, which
   must stay under Kafka's 1 MB default). tracemalloc runs during the whole pass (it slows Python
   allocation), so the throughput is a lower bound; ``trace_memory=False`` measures
   throughput alone.
Pure: returns dataclasses; the CLI prints them.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from typing import Any

from streams.dedup.merge import Merger, MergePolicy
from streams.dedup.state import DedupStore
from streams.dedup.synthetic import generate_stream


@dataclass
class Checkpoint:
    candidates: int
    seconds: float
    per_second: float
    per_cpu_second: float
    incidents_kept: int
    members_kept: int
    state_json_bytes: int
    largest_value_bytes: int
    tracemalloc_current_mb: float | None
    tracemalloc_peak_mb: float | None
    max_rss_mb: float


@dataclass
class BenchResult:
    candidates: int
    window_days: int
    seconds: float
    per_second: float
    cpu_seconds: float
    per_cpu_second: float
    upserts: int
    retirements: int
    evictions: int
    checkpoints: list[Checkpoint] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _max_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _state_size(store: DedupStore) -> tuple[int, int, int, int]:
    """Incidents, members, total JSON bytes and the largest single value (one changelog
    message: it must stay under Kafka's message size limit, 1 MB by default)."""
    incidents = len(store.incidents)
    members = sum(len(v["members"]) for v in store.incidents.values())
    sizes = [len(json.dumps(v, separators=(",", ":"))) for m in (store.incidents, store.areas) for v in m.values()]
    return incidents, members, sum(sizes), max(sizes, default=0)


def run_bench(
    count: int = 200_000,
    *,
    window_days: int = 30,
    checkpoints: int = 10,
    seed: int = 7,
    trace_memory: bool = True,
) -> BenchResult:
    store = DedupStore({}, {})
    merger = Merger(store, MergePolicy(window_days=window_days))
    every = max(1, count // checkpoints)
    result = BenchResult(count, window_days, 0.0, 0.0, 0.0, 0.0, 0, 0, 0)
    if trace_memory:
        tracemalloc.start()
    timed = since = cpu = cpu_since = 0.0
    try:
        # Candidates are generated lazily (a list of 200,000 would dominate memory) and
        # only the merger calls are timed.
        for n, cand in enumerate(generate_stream(count, seed=seed), start=1):
            t0, c0 = time.perf_counter(), time.process_time()
            outcome = merger.add(cand)
            elapsed, used = time.perf_counter() - t0, time.process_time() - c0
            timed += elapsed
            since += elapsed
            cpu += used
            cpu_since += used
            result.upserts += len(outcome.upserts)
            result.retirements += len(outcome.retired)
            result.evictions += len(outcome.evicted)
            if n % every == 0 or n == count:
                incidents, members, size, largest = _state_size(store)
                current, peak = tracemalloc.get_traced_memory() if trace_memory else (None, None)
                done = n % every or every
                result.checkpoints.append(
                    Checkpoint(
                        candidates=n,
                        seconds=round(timed, 2),
                        per_second=round(done / since, 1) if since else 0.0,
                        per_cpu_second=round(done / cpu_since, 1) if cpu_since else 0.0,
                        incidents_kept=incidents,
                        members_kept=members,
                        state_json_bytes=size,
                        largest_value_bytes=largest,
                        tracemalloc_current_mb=round(current / 2**20, 1) if current is not None else None,
                        tracemalloc_peak_mb=round(peak / 2**20, 1) if peak is not None else None,
                        max_rss_mb=round(_max_rss_mb(), 1),
                    )
                )
                since = cpu_since = 0.0
    finally:
        if trace_memory:
            tracemalloc.stop()
    result.seconds = round(timed, 2)
    result.per_second = round(count / timed, 1) if timed else 0.0
    result.cpu_seconds = round(cpu, 2)
    result.per_cpu_second = round(count / cpu, 1) if cpu else 0.0
    return result
