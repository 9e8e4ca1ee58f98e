"""Near-copy (syndication) detection with MinHash over word shingles.

Owns the ``text_signature`` format carried by ``IncidentCandidate.text_signature`` and the
near-copy decision used by the merger to mark ``Source.copy_of``.

Signature layout (a plain ``list[int]`` so it travels as JSON):
``[SIGNATURE_VERSION, n_shingles, h_0 ... h_{NUM_PERM-1}]``.
- Word 3-shingles of the accent-folded, lower-cased text: agency copies and lightly edited
  re-posts keep most 3-word sequences, while two independent write-ups of the same event
  share only a few (names, quotes), so 3-shingles separate "copy" from "same story".
- ``NUM_PERM = 128``: the Jaccard estimate's standard error is sqrt(J(1-J)/128), i.e.
  <= 0.044, so the 0.5 threshold below is decided with a margin of ~2 standard errors for
  true copies (J >= 0.8) and independent reports (J <= 0.1). 128 values are ~1 KB of JSON
  per stored report, which bounds state size.
- ``n_shingles`` lets us estimate *containment* too: an excerpt or a truncated re-post of a
  longer article has a low Jaccard (the sets differ in size) but almost all of its shingles
  are in the longer text.
- ``SIGNATURE_VERSION`` guards against comparing signatures built by a different layout or
  permutation set: mismatching versions compare as similarity 0 (never a copy).

Speed: shingles are hashed with ``zlib.crc32`` (C, deterministic across processes, unlike
``hash()``) and fed to ``MinHash.update_batch`` (vectorised numpy); the permutations are
built once per process. ~0.35 ms for a 5,000-character article.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np

from datasketch import MinHash

SIGNATURE_VERSION = 1
NUM_PERM = 128
SHINGLE_WORDS = 3
SEED = 20240601
SCHEME = "affine32"
# Jaccard of 3-shingles at or above which two texts are the same write-up.
NEAR_COPY_JACCARD = 0.5
# Share of the smaller text's shingles found in the larger one (excerpts, truncations).
NEAR_COPY_CONTAINMENT = 0.8
# Containment is only trusted when the smaller text has enough shingles to be distinctive.
MIN_SHINGLES_FOR_CONTAINMENT = 20

_HEADER = 2
_WORD = re.compile(r"\w+", re.UNICODE)
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
_PERMUTATIONS = _TEMPLATE.permutations


_COMBINING = re.compile(r"[\u0300-\u036f]")


def _fold(text: str) -> str:
    """Lower-case and strip accents, so 'Ségou' and 'Segou' give the same shingles."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Distinct word ``size``-shingles of ``text`` (a short text gives one shingle of all its words)."""
    words = _WORD.findall(_fold(text))
    if not words:
        return set()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def text_signature(text: str) -> list[int]:
    """MinHash signature of ``text`` (see the module docstring for the layout); [] for no words."""
    grams = shingles(text)
    if not grams:
        return []
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32, permutations=_PERMUTATIONS, scheme=SCHEME)
    sketch.update_batch(list(grams))
    return [SIGNATURE_VERSION, len(grams), *sketch.hashvalues.tolist()]


def _valid(signature: Sequence[int]) -> bool:
    return len(signature) == _HEADER + NUM_PERM and signature[0] == SIGNATURE_VERSION


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets; 0.0 if either is empty/foreign."""
    if not (_valid(a) and _valid(b)):
        return 0.0
    # A plain loop beats numpy here: the inputs are JSON lists, converting them costs more.
    equal = sum(1 for x, y in zip(a[_HEADER:], b[_HEADER:]) if x == y)
    return equal / NUM_PERM


def containment(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated share of the smaller text's shingles that occur in the other text."""
    jaccard = similarity(a, b)
    if jaccard <= 0.0:
        return 0.0
    size_a, size_b = a[1], b[1]
    smaller = min(size_a, size_b)
    if smaller <= 0:
        return 0.0
    # |A n B| = J * |A u B| and |A u B| = (|A| + |B|) / (1 + J).
    intersection = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, intersection / smaller)


def is_near_copy(a: Sequence[int], b: Sequence[int]) -> bool:
    """True when one text is a syndicated or lightly edited copy (or an excerpt) of the other."""
    jaccard = similarity(a, b)
    if jaccard >= NEAR_COPY_JACCARD:
        return True
    if jaccard <= 0.0 or min(a[1], b[1]) < MIN_SHINGLES_FOR_CONTAINMENT:
        return False
    return containment(a, b) >= NEAR_COPY_CONTAINMENT


def earliest_copies(signatures: Sequence[Sequence[int]]) -> list[int | None]:
    """For each signature, the index of the first earlier one it is a near-copy of (or None).

    Same decision as ``is_near_copy`` pair by pair, vectorised: an incident reported by
    hundreds of outlets needs n comparisons of n x 128 arrays, not n^2 Python loops."""
    valid = [_valid(s) for s in signatures]
    if not any(valid):
        return [None] * len(signatures)
    rows = np.array(
        [list(s[_HEADER:]) if ok else [-1 - i] * NUM_PERM for i, (s, ok) in enumerate(zip(signatures, valid))],
        dtype=np.int64,
    )
    sizes = np.array([s[1] if ok else 0 for s, ok in zip(signatures, valid)], dtype=np.float64)
    out: list[int | None] = [None] * len(signatures)
    for i in range(1, len(signatures)):
        if not valid[i]:
            continue
        jaccard = (rows[:i] == rows[i]).sum(axis=1) / NUM_PERM
        smaller = np.minimum(sizes[:i], sizes[i])
        with np.errstate(divide="ignore", invalid="ignore"):
            inter = jaccard * (sizes[:i] + sizes[i]) / (1.0 + jaccard)
            contained = np.where(smaller > 0, np.minimum(1.0, inter / smaller), 0.0)
        copy = (jaccard >= NEAR_COPY_JACCARD) | (
            (jaccard > 0) & (smaller >= MIN_SHINGLES_FOR_CONTAINMENT) & (contained >= NEAR_COPY_CONTAINMENT)
        )
        copy &= np.array(valid[:i])
        hits = np.flatnonzero(copy)
        if hits.size:
            out[i] = int(hits[0])
    return out
