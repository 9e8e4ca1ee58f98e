"""Extraction evaluation: load gold rows, run the extractor, score the main incident.

Owns the metric definitions behind ``incidents eval extract`` (documented in
docs/evaluation.md, section "Extraction"). Everything here is pure: the extractor, the
CASE classifier and the actor canonicaliser are injected callables (defaults = the real
``streams.extract`` functions, imported lazily) so that tests can score synthetic cases
with fakes, independent of extraction quality.

Two gold row kinds are supported (see shared/data/README.md):
- ACLED rows: ``text``, ``published_at``, ``gold`` with the full ACLED record; the
  prediction is the first (main) incident that ``extract_incidents`` returns.
- CASE rows: ``gold`` has only ``sub_event_type`` (a CASE 2021 code). CASE is a
  classification task on short snippets without a date, so the prediction is
  ``classify(text).case_label`` directly (not the pipeline, which may legitimately
  return no incident for non-violent labels such as NATURAL_DISASTER).

One failing row never aborts the run: an exception in the extractor/classifier counts
as an error row (scored as "no prediction") and is reported with its id.
"""

from __future__ import annotations

import json
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from models import Article, EnrichedEvent
from models.event import ActorRole

# CASE rows carry no publication date; rows of any kind without ``published_at`` are
# given this fixed reference date so that runs are deterministic (no wall clock).
REFERENCE_PUBLISHED_AT = datetime(2021, 1, 1, tzinfo=timezone.utc)

LOCATION_RADIUS_KM = 25.0
EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius
NO_PREDICTION = "(none)"
MAX_REPORTED_ERRORS = 50

Extractor = Callable[[Article], Sequence[EnrichedEvent]]
CaseClassifier = Callable[[str], str]  # text -> CASE label
ActorCanonicaliser = Callable[[str], "str | None"]


# --------------------------------------------------------------------------- gold rows


@dataclass(frozen=True)
class GoldRow:
    """One gold row as read from a JSONL file (kind = "acled" or "case")."""

    line_no: int
    id: str
    kind: str
    text: str
    published_at: str | None
    gold: dict[str, Any]


@dataclass(frozen=True)
class BadLine:
    line_no: int
    reason: str


def parse_gold_line(line: str, line_no: int) -> GoldRow:
    """Parse one JSONL line; raises ValueError with a readable reason when unusable."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON: {exc.msg} (col {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    text, gold = obj.get("text"), obj.get("gold")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing or empty 'text'")
    if not isinstance(gold, dict):
        raise ValueError("missing 'gold' object")
    row_id = str(obj.get("id") or f"line-{line_no}")
    source = str(obj.get("source") or "")
    # A CASE row is recognised by its source or by a gold record without event_type
    # (CASE gold has only sub_event_type).
    kind = "case" if source.upper().startswith("CASE") or "event_type" not in gold else "acled"
    published_at = obj.get("published_at")
    return GoldRow(line_no, row_id, kind, text, published_at if isinstance(published_at, str) else None, gold)


def load_gold(lines: Iterable[str], limit: int | None = None) -> tuple[list[GoldRow], list[BadLine]]:
    """Read gold rows from JSONL lines; blank lines are skipped, unusable lines reported."""
    rows: list[GoldRow] = []
    bad: list[BadLine] = []
    for line_no, line in enumerate(lines, start=1):
        if limit is not None and len(rows) >= limit:
            break
        if not line.strip():
            continue
        try:
            rows.append(parse_gold_line(line, line_no))
        except ValueError as exc:
            bad.append(BadLine(line_no, str(exc)))
    return rows, bad


def load_gold_file(path: str | Path, limit: int | None = None) -> tuple[list[GoldRow], list[BadLine]]:
    with open(path, encoding="utf-8") as fh:
        return load_gold(fh, limit)


def row_to_article(row: GoldRow) -> Article:
    """The Article the extractor sees: id, text, published_at (or the fixed reference)."""
    published = row.published_at or REFERENCE_PUBLISHED_AT
    return Article(id=row.id, text=row.text, published_at=published)


# --------------------------------------------------------------------------- metrics


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def within_radius(
    pred_lat: float | None, pred_lon: float | None, gold_lat: float, gold_lon: float, radius_km: float = LOCATION_RADIUS_KM
) -> bool:
    """True when the predicted point is within ``radius_km`` of gold; no predicted coordinates = miss."""
    if pred_lat is None or pred_lon is None:
        return False
    return haversine_km(pred_lat, pred_lon, gold_lat, gold_lon) <= radius_km


def fatalities_within_10pct(pred: int, gold: int) -> bool:
    """|pred - gold| <= 0.1 * gold, in integer arithmetic (10*|pred-gold| <= gold).

    Integer arithmetic avoids float rounding at the boundary; gold 0 requires pred 0 and
    any gold below 10 requires an exact match.
    """
    return 10 * abs(pred - gold) <= gold


def fold_text(value: str | None) -> str:
    """Case- and accent-insensitive key: NFKD, drop combining marks, casefold, non-alphanumerics -> one space."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", stripped.casefold()))


def admin1_match(pred: str | None, gold: str) -> bool:
    key = fold_text(pred)
    return bool(key) and key == fold_text(gold)


# ACLED dates its state actors, e.g. "Military Forces of Mali (2013-)"; canonical names have no suffix.
_DATE_SUFFIX = re.compile(r"\s*\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)\s*$")


def strip_date_suffix(name: str) -> str:
    return _DATE_SUFFIX.sub("", name).strip()


def actor_key(name: str | None, canonical: ActorCanonicaliser) -> str:
    """Comparison key of an actor name: canonical_actor(name), else the name without its
    ACLED date suffix; then folded (case/accent/punctuation-insensitive). Applied to gold
    and prediction alike so that an alias on either side still matches."""
    if not name:
        return ""
    canon = canonical(name) or strip_date_suffix(name)
    return fold_text(canon)


def actor_match(gold: str | None, pred: str | None, canonical: ActorCanonicaliser) -> bool:
    """Gold null matches only a missing prediction; otherwise keys must be equal."""
    gold_key, pred_key = actor_key(gold, canonical), actor_key(pred, canonical)
    if not gold_key:
        return not pred_key
    return gold_key == pred_key


def first_actor(event: EnrichedEvent | None, role: ActorRole) -> str | None:
    if event is None:
        return None
    for actor in event.actors:
        if actor.role == role:
            return actor.name
    return None


@dataclass
class Score:
    """n correct out of n scored."""

    correct: int = 0
    scored: int = 0

    def add(self, ok: bool) -> None:
        self.scored += 1
        self.correct += int(ok)

    @property
    def value(self) -> float | None:
        return self.correct / self.scored if self.scored else None

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "scored": self.scored, "value": self.value}


@dataclass(frozen=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold rows with this label
    predicted: int  # rows predicted with this label


def per_label_prf(gold: Sequence[str], pred: Sequence[str]) -> list[LabelScore]:
    """Per-label precision/recall/F1 over the union of gold and predicted labels.

    A label never predicted has precision 0; a label absent from gold has recall 0
    (support 0); 0/0 is taken as 0, as in scikit-learn's ``zero_division=0``.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred must have the same length")
    tp: Counter[str] = Counter(g for g, p in zip(gold, pred) if g == p)
    support, predicted = Counter(gold), Counter(pred)
    out = []
    for label in sorted(set(support) | set(predicted)):
        p = tp[label] / predicted[label] if predicted[label] else 0.0
        r = tp[label] / support[label] if support[label] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out.append(LabelScore(label, p, r, f1, support[label], predicted[label]))
    return out


def weighted_f1(scores: Sequence[LabelScore]) -> float:
    """F1 averaged over labels weighted by gold support (labels with support 0 weigh 0)."""
    total = sum(s.support for s in scores)
    return sum(s.f1 * s.support for s in scores) / total if total else 0.0


def macro_f1(scores: Sequence[LabelScore]) -> float:
    """Unweighted mean F1 over labels present in gold."""
    present = [s for s in scores if s.support]
    return sum(s.f1 for s in present) / len(present) if present else 0.0


# --------------------------------------------------------------------------- evaluation


ACLED_METRICS = (
    "event_type",
    "sub_event_type",
    "fatalities_exact",
    "fatalities_10pct",
    "location_25km",
    "admin1",
    "event_date",
    "actor1",
    "actor2",
)


@dataclass
class AcledResult:
    rows: int = 0
    no_prediction: int = 0
    metrics: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in ACLED_METRICS})
    # confusion[gold event_type][predicted event_type or NO_PREDICTION] = count
    confusion: dict[str, Counter[str]] = field(default_factory=dict)


@dataclass
class CaseResult:
    rows: int = 0
    accuracy: Score = field(default_factory=Score)
    labels: list[LabelScore] = field(default_factory=list)
    weighted_f1: float = 0.0
    macro_f1: float = 0.0


@dataclass(frozen=True)
class RowError:
    id: str
    line_no: int
    error: str


@dataclass
class ExtractEvalResult:
    gold_file: str | None
    rows: int
    bad_lines: list[BadLine]
    errors: list[RowError]
    error_rows: int
    elapsed_s: float
    acled: AcledResult
    case: CaseResult

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable dict with every number (the ``--json`` output)."""
        out: dict[str, Any] = {
            "gold_file": self.gold_file,
            "rows": self.rows,
            "bad_lines": len(self.bad_lines),
            "bad_line_details": [asdict(b) for b in self.bad_lines[:MAX_REPORTED_ERRORS]],
            "error_rows": self.error_rows,
            "errors": [asdict(e) for e in self.errors],
            "elapsed_s": round(self.elapsed_s, 4),
            "rows_per_s": round(self.rows_per_s, 1),
        }
        if self.acled.rows:
            out["acled"] = {
                "rows": self.acled.rows,
                "no_prediction": self.acled.no_prediction,
                "metrics": {name: score.as_dict() for name, score in self.acled.metrics.items()},
                "confusion": {g: dict(sorted(c.items())) for g, c in sorted(self.acled.confusion.items())},
            }
        if self.case.rows:
            out["case"] = {
                "rows": self.case.rows,
                "accuracy": self.case.accuracy.as_dict(),
                "weighted_f1": self.case.weighted_f1,
                "macro_f1": self.case.macro_f1,
                "per_label": {s.label: {k: v for k, v in asdict(s).items() if k != "label"} for s in self.case.labels},
            }
        return out


def _default_extractor() -> Extractor:
    from streams.extract.pipeline import extract_incidents

    return extract_incidents


def _default_case_classifier() -> CaseClassifier:
    from streams.extract.classify import classify

    return lambda text: classify(text).case_label


def _default_canonicaliser() -> ActorCanonicaliser:
    from streams.extract.actors import canonical_actor

    return canonical_actor


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _as_float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def score_acled_row(result: AcledResult, gold: dict[str, Any], pred: EnrichedEvent | None, canonical: ActorCanonicaliser) -> None:
    """Add one ACLED row to ``result``. A gold field that is absent/null is not scored
    (except actor2/actor1, where null gold means "no such actor" and is scored)."""
    m = result.metrics
    result.rows += 1
    if pred is None:
        result.no_prediction += 1

    gold_type = gold.get("event_type")
    if gold_type:
        pred_type = str(pred.event_type) if pred else NO_PREDICTION
        m["event_type"].add(pred_type == gold_type)
        result.confusion.setdefault(gold_type, Counter())[pred_type] += 1
    if gold.get("sub_event_type"):
        m["sub_event_type"].add(pred is not None and str(pred.sub_event_type) == gold["sub_event_type"])

    gold_fat = gold.get("fatalities")
    if isinstance(gold_fat, int) and not isinstance(gold_fat, bool):
        killed = pred.casualties.killed if pred else None
        m["fatalities_exact"].add(killed is not None and killed == gold_fat)
        m["fatalities_10pct"].add(killed is not None and fatalities_within_10pct(killed, gold_fat))

    gold_lat, gold_lon = _as_float(gold.get("latitude")), _as_float(gold.get("longitude"))
    if gold_lat is not None and gold_lon is not None:
        loc = pred.location if pred else None
        m["location_25km"].add(
            loc is not None and within_radius(loc.latitude, loc.longitude, gold_lat, gold_lon)
        )
    if gold.get("admin1"):
        m["admin1"].add(pred is not None and admin1_match(pred.location.admin1, gold["admin1"]))

    gold_date = _parse_date(gold.get("event_date"))
    if gold_date is not None:
        m["event_date"].add(pred is not None and pred.event_date == gold_date)

    # Actors are scored on every row: a null gold actor matches only "no predicted actor".
    # Without a prediction at all, every actor (even a null gold one) counts as a miss.
    for metric, role in (("actor1", ActorRole.ACTOR1), ("actor2", ActorRole.ACTOR2)):
        if pred is None:
            m[metric].add(False)
        else:
            m[metric].add(actor_match(gold.get(metric), first_actor(pred, role), canonical))


def evaluate_rows(
    rows: Sequence[GoldRow],
    *,
    extractor: Extractor | None = None,
    case_classifier: CaseClassifier | None = None,
    canonical: ActorCanonicaliser | None = None,
    bad_lines: Sequence[BadLine] = (),
    gold_file: str | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> ExtractEvalResult:
    """Score every row; the real ``streams.extract`` functions are used for any callable not given.

    Real modules are imported only when a row of the matching kind exists, so an ACLED-only
    run does not need ``classify`` to be importable and vice versa.
    """
    acled, case = AcledResult(), CaseResult()
    errors: list[RowError] = []
    error_rows = 0
    case_gold: list[str] = []
    case_pred: list[str] = []
    has_acled = any(r.kind == "acled" for r in rows)
    has_case = any(r.kind == "case" for r in rows)
    if has_acled:
        extractor = extractor or _default_extractor()
        canonical = canonical or _default_canonicaliser()
    if has_case:
        case_classifier = case_classifier or _default_case_classifier()

    def fail(row: GoldRow, exc: BaseException) -> None:
        nonlocal error_rows
        error_rows += 1
        if len(errors) < MAX_REPORTED_ERRORS:
            # One line per error: multi-line messages (e.g. YAML parser errors) are collapsed.
            message = " ".join(f"{type(exc).__name__}: {exc}".split())
            errors.append(RowError(row.id, row.line_no, message[:300]))

    start = clock()
    for row in rows:
        if row.kind == "case":
            assert case_classifier is not None
            try:
                label = str(case_classifier(row.text))
            except Exception as exc:  # one bad row must not abort the run
                fail(row, exc)
                label = NO_PREDICTION
            gold_label = str(row.gold.get("sub_event_type") or "")
            if not gold_label:
                continue
            case.rows += 1
            case_gold.append(gold_label)
            case_pred.append(label)
            case.accuracy.add(label == gold_label)
            continue

        assert extractor is not None and canonical is not None
        pred: EnrichedEvent | None = None
        try:
            events = extractor(row_to_article(row))
            pred = events[0] if events else None
        except Exception as exc:
            fail(row, exc)
        # Score into a per-row result and merge only when complete, so an exception
        # half-way (e.g. canonical_actor raising) cannot leave inconsistent counts.
        part = AcledResult()
        try:
            score_acled_row(part, row.gold, pred, canonical)
        except Exception as exc:
            fail(row, exc)
            part = AcledResult()
            score_acled_row(part, row.gold, None, lambda name: None)
        _merge(acled, part)
    elapsed = clock() - start

    if case.rows:
        case.labels = per_label_prf(case_gold, case_pred)
        case.weighted_f1 = weighted_f1(case.labels)
        case.macro_f1 = macro_f1(case.labels)
    return ExtractEvalResult(
        gold_file=gold_file,
        rows=len(rows),
        bad_lines=list(bad_lines),
        errors=errors,
        error_rows=error_rows,
        elapsed_s=elapsed,
        acled=acled,
        case=case,
    )


def _merge(into: AcledResult, part: AcledResult) -> None:
    into.rows += part.rows
    into.no_prediction += part.no_prediction
    for name, score in part.metrics.items():
        into.metrics[name].correct += score.correct
        into.metrics[name].scored += score.scored
    for g, counts in part.confusion.items():
        into.confusion.setdefault(g, Counter()).update(counts)


def evaluate_file(
    path: str | Path,
    *,
    limit: int | None = None,
    extractor: Extractor | None = None,
    case_classifier: CaseClassifier | None = None,
    canonical: ActorCanonicaliser | None = None,
) -> ExtractEvalResult:
    """Load a gold JSONL file and score it (see ``evaluate_rows``)."""
    rows, bad = load_gold_file(path, limit)
    return evaluate_rows(
        rows,
        extractor=extractor,
        case_classifier=case_classifier,
        canonical=canonical,
        bad_lines=bad,
        gold_file=str(path),
    )
