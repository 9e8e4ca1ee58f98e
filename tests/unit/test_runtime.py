"""Process settings shared by the worker and the extraction benchmark."""

from __future__ import annotations

import gc

from streams.runtime import GC_GEN0_THRESHOLD, tune_gc


def test_tune_gc_raises_only_the_young_generation_threshold() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        tune_gc()
        assert gc.get_threshold() == (GC_GEN0_THRESHOLD, 10, 10)
        assert GC_GEN0_THRESHOLD > 700
    finally:
        gc.set_threshold(*before)
