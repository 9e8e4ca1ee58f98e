"""Process settings of the worker that the extraction benchmark applies too, so that the
benchmark measures the worker's configuration.

Owns ``tune_gc()``.
"""

from __future__ import annotations

import gc

# Python runs a young-generation collection every 700 net container allocations (objects that
# can hold references). A batch keeps its passages, actors and models alive until it is done,
# so at the default ~600 collections ran per 3,973-article pass in batches of 256: 5-6 % of the
# time (measured with gc.callbacks). At 20,000 none ran. Objects without reference cycles are
# freed by reference counting either way, so memory does not grow; only cyclic garbage waits a
# little longer.
GC_GEN0_THRESHOLD = 20_000


def tune_gc() -> None:
    """Raise the young-generation threshold (the older generations keep theirs)."""
    _gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)
