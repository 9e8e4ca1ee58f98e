"""Extraction benchmark: articles/s, batch latency and peak memory on one core.

Owns the measurement protocol behind ``incidents bench extract`` (docs/benchmarks.md):
1. texts are turned into ``Article`` objects up front (parsing/validation is not timed);
2. a warm-up pass runs under ``tracemalloc`` so lazily built indexes and regexes are
   created and their allocations counted in the Python peak; tracemalloc is then stopped
   because it slows allocation-heavy code several-fold;
3. ``repeat`` timed passes, single process, the articles in consecutive batches of
   ``batch_size`` as the worker reads a backlog, ``time.perf_counter_ns`` around each
   ``extract_each`` call (the worker's: an article that fails is counted as an error);
4. optionally one more pass under cProfile for the hot-spot list.
Pure: returns dataclasses; the CLI prints them.
"""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from models import Article, EnrichedEvent
from streams.evaluation.extract_eval import load_gold_file, row_to_article

DATA_DIR_ENV = "INCIDENTS_DATA_DIR"
DEFAULT_DEV_FILE = "acled_mali.jsonl"
# streams/evaluation/bench.py -> repository root is two levels above the package.
REPO_ROOT = Path(__file__).resolve().parents[2]

# Articles in, each article's incidents or its exception out (``streams.extract.pipeline.extract_each``).
BatchExtractor = Callable[[Sequence[Article]], Sequence[Sequence[EnrichedEvent] | Exception]]


def default_dev_file() -> Path:
    """``$INCIDENTS_DATA_DIR/acled_mali.jsonl`` (or ``.../dev/acled_mali.jsonl``), else
    ``<repo>/../shared/data/dev/acled_mali.jsonl``."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        base = Path(env)
        for candidate in (base / DEFAULT_DEV_FILE, base / "dev" / DEFAULT_DEV_FILE):
            if candidate.is_file():
                return candidate
        return base / DEFAULT_DEV_FILE
    return REPO_ROOT.parent / "shared" / "data" / "dev" / DEFAULT_DEV_FILE


def load_articles(path: str | Path, limit: int | None = None) -> list[Article]:
    """Articles built from a gold file's rows (text + published_at or the fixed reference)."""
    rows, _bad = load_gold_file(path, limit)
    return [row_to_article(row) for row in rows]


@dataclass(frozen=True)
class ProfileEntry:
    function: str
    ncalls: int
    tottime_s: float
    cumtime_s: float


@dataclass
class BenchResult:
    articles: int
    repeat: int
    batch_size: int
    total_s: float
    articles_per_s: float  # over all timed passes
    # The fastest pass: other processes on a shared machine only ever slow a pass down, so the
    # best one is the least disturbed (the convention of Python's timeit).
    best_pass_articles_per_s: float
    mean_ms: float  # per article
    # Per batch: every article of a batch waits for the whole batch (per article at batch size 1).
    batch_p50_ms: float
    batch_p95_ms: float
    batch_max_ms: float
    incidents: int
    errors: int
    tracemalloc_peak_mb: float
    max_rss_mb: float
    python: str
    gc_thresholds: tuple[int, int, int]  # the worker raises the first (streams.runtime.tune_gc)
    cpu_count: int | None
    pinned_cpu: int | None
    # 1-minute load average at the end of the run: other processes sharing the cores
    # inflate the timings, so a number is only comparable with a similar load.
    load_avg_1m: float | None
    profile: list[ProfileEntry] = field(default_factory=list)
    profile_text: str = ""

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("profile_text")
        if not self.profile:
            out.pop("profile")
        for key, value in out.items():
            if isinstance(value, float):
                out[key] = round(value, 4)
        return out


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100]) of an ascending sequence; 0.0 when empty."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * q // 100))  # ceil(n*q/100), at least 1
    return float(sorted_values[int(min(rank, len(sorted_values))) - 1])


def _run_batch(batch: Sequence[Article], extractor: BatchExtractor) -> tuple[int, int]:
    """(incidents, errors) of one batch."""
    incidents = errors = 0
    for events in extractor(batch):
        if isinstance(events, Exception):
            errors += 1
        else:
            incidents += len(events)
    return incidents, errors


def _batches(articles: Sequence[Article], size: int) -> list[Sequence[Article]]:
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def _run_pass(
    batches: Sequence[Sequence[Article]], extractor: BatchExtractor, clock_ns: Callable[[], int]
) -> tuple[int, int, list[int]]:
    """(incidents, errors, nanoseconds per batch) of one pass over ``batches``."""
    incidents = errors = 0
    timings: list[int] = []
    for batch in batches:
        t0 = clock_ns()
        found, failed = _run_batch(batch, extractor)
        timings.append(clock_ns() - t0)
        incidents += found
        errors += failed
    return incidents, errors, timings


def _max_rss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def profile_pass(
    articles: Sequence[Article], extractor: BatchExtractor, batch_size: int = 1, top: int = 15
) -> tuple[list[ProfileEntry], str]:
    """One pass under cProfile; top ``top`` functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    _run_pass(_batches(articles, batch_size), extractor, time.perf_counter_ns)
    profiler.disable()
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf).sort_stats(pstats.SortKey.CUMULATIVE)
    stats.print_stats(top)
    entries = []
    # stats.fcn_list holds the sorted keys after sort_stats; stats.stats[key] = (cc, nc, tt, ct, callers)
    for key in stats.fcn_list[:top]:  # type: ignore[attr-defined]
        _cc, ncalls, tottime, cumtime, _callers = stats.stats[key]  # type: ignore[attr-defined]
        filename, line, name = key
        entries.append(ProfileEntry(f"{_short_path(filename)}:{line}({name})", ncalls, tottime, cumtime))
    return entries, buf.getvalue()


def _short_path(filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(REPO_ROOT))
    except (ValueError, OSError):
        return filename


def run_bench(
    articles: Sequence[Article],
    extractor: BatchExtractor | None = None,
    *,
    repeat: int = 1,
    batch_size: int = 1,
    profile: bool = False,
    pin_cpu: bool = True,
    clock_ns: Callable[[], int] = time.perf_counter_ns,
) -> BenchResult:
    """Benchmark ``extractor`` (default: the real ``extract_each``) over ``articles``.

    With ``pin_cpu`` the process is pinned to one CPU (Linux ``sched_setaffinity``) for the
    run, so the number is a one-core number even if a library spawns threads; the previous
    affinity is restored afterwards.
    """
    if repeat < 1 or batch_size < 1:
        raise ValueError("repeat and batch_size must be >= 1")
    pinned: int | None = None
    previous: set[int] | None = None
    if pin_cpu and hasattr(os, "sched_setaffinity"):
        previous = os.sched_getaffinity(0)
        pinned = min(previous)
        os.sched_setaffinity(0, {pinned})
    try:
        return _run_bench(articles, extractor, repeat, batch_size, profile, clock_ns, pinned)
    finally:
        if previous is not None:
            os.sched_setaffinity(0, previous)


def _run_bench(
    articles: Sequence[Article],
    extractor: BatchExtractor | None,
    repeat: int,
    batch_size: int,
    profile: bool,
    clock_ns: Callable[[], int],
    pinned: int | None,
) -> BenchResult:
    tracemalloc.start()
    try:
        if extractor is None:
            from streams.extract.pipeline import extract_each

            extractor = extract_each
        batches = _batches(articles, batch_size)
        _run_pass(batches, extractor, time.perf_counter_ns)  # warm-up: lazy indexes, regex caches
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    timings: list[int] = []
    pass_ns: list[int] = []
    incidents = errors = 0
    for _ in range(repeat):
        found, failed, batch_ns = _run_pass(batches, extractor, clock_ns)
        timings.extend(batch_ns)
        pass_ns.append(sum(batch_ns))
        incidents += found
        errors += failed
    total_ns = sum(timings)
    timings.sort()
    n = len(articles) * repeat
    entries: list[ProfileEntry] = []
    text = ""
    if profile:
        entries, text = profile_pass(articles, extractor, batch_size)
    return BenchResult(
        articles=len(articles),
        repeat=repeat,
        batch_size=batch_size,
        total_s=total_ns / 1e9,
        articles_per_s=n / (total_ns / 1e9) if total_ns else 0.0,
        best_pass_articles_per_s=len(articles) / (min(pass_ns) / 1e9) if pass_ns and min(pass_ns) else 0.0,
        mean_ms=total_ns / n / 1e6 if n else 0.0,
        batch_p50_ms=percentile(timings, 50) / 1e6,
        batch_p95_ms=percentile(timings, 95) / 1e6,
        batch_max_ms=(timings[-1] / 1e6) if timings else 0.0,
        incidents=incidents // repeat,
        errors=errors // repeat,
        tracemalloc_peak_mb=peak / (1024 * 1024),
        max_rss_mb=_max_rss_mb(),
        python=sys.version.split()[0],
        gc_thresholds=gc.get_threshold(),
        cpu_count=os.cpu_count(),
        pinned_cpu=pinned,
        load_avg_1m=os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        profile=entries,
        profile_text=text,
    )
