"""`incidents bench dedup` protocol on a short stream: every figure is measured, none invented."""

from __future__ import annotations

from streams.dedup.bench import run_bench


def test_bench_reports_state_size_and_the_largest_changelog_value() -> None:
    result = run_bench(600, checkpoints=3, trace_memory=False)
    assert [cp.candidates for cp in result.checkpoints] == [200, 400, 600]
    assert result.upserts >= 600 and result.per_cpu_second > 0
    last = result.checkpoints[-1]
    assert last.incidents_kept > 0 and last.members_kept >= last.incidents_kept
    assert 0 < last.largest_value_bytes < last.state_json_bytes
    assert last.tracemalloc_peak_mb is None
