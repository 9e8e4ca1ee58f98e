"""Deduplication scoring against multi-source gold clusters (``incidents eval dedup``).

Owns the metric definitions (docs/evaluation.md, "Deduplication"):
- every gold article is assigned the predicted incident of its *main* candidate; an
  article that yields no incident is a singleton cluster of its own;
- pairwise precision/recall/F1 over unordered article pairs placed in the same cluster;
- B-cubed precision/recall/F1 (per-article overlap of predicted and gold clusters, averaged);
- predicted vs gold cluster counts.

Gold rows: ``id, url, outlet, published_at (YYYY-MM-DD or null), text, incident``. The
stream never sees an undated article (``Article.published_at`` is required), but gold rows
may lack the date, and relative dates ("on Sunday") cannot be resolved without it. Fallback,
in two steps and using no gold label:
1. extract the undated article with the latest publication date of the file (an upper
   bound: the collection holds nothing newer);
2. find the dated articles whose main report agrees with it on everything but the date
   (same country, same place, compatible type and perpetrators: ``rules.decide`` with the
   date taken as equal); if there are any, re-extract the article with the lower median of
   their publication dates, else keep step 1.
Pure: returns dataclasses; the CLI prints them. The gold texts are read at evaluation time
only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from itertools import combinations
from pathlib import Path
from typing import Any

from models import Article, IncidentCandidate
from streams.dedup.candidates import Extractor, build_candidates
from streams.dedup.merge import MergePolicy
from streams.dedup.offline import extract_all, merge_articles
from streams.dedup.rules import Report, decide


@dataclass(frozen=True)
class GoldArticle:
    article: Article
    incident: str
    date_imputed: bool


@dataclass
class DedupScores:
    articles: int
    gold_incidents: int
    predicted_incidents: int
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    articles_without_incident: list[str] = field(default_factory=list)
    dates_imputed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def load_gold(path: Path) -> list[GoldArticle]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dates = [row["published_at"] for row in rows if row.get("published_at")]
    fallback = max(dates) if dates else "1970-01-01"
    out = []
    for row in rows:
        published = row.get("published_at") or fallback
        article = Article(
            id=row["id"],
            text=row["text"],
            published_at=datetime.fromisoformat(published).replace(tzinfo=timezone.utc),
            url=row.get("url"),
            outlet=row.get("outlet"),
        )
        out.append(GoldArticle(article, row["incident"], not row.get("published_at")))
    return out


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    ids = sorted(gold)
    same_pred = {(a, b) for a, b in combinations(ids, 2) if predicted[a] == predicted[b]}
    same_gold = {(a, b) for a, b in combinations(ids, 2) if gold[a] == gold[b]}
    tp = len(same_pred & same_gold)
    precision = tp / len(same_pred) if same_pred else 1.0
    recall = tp / len(same_gold) if same_gold else 1.0
    return precision, recall, _f1(precision, recall)


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        overlap = len(by_pred[predicted[item]] & by_gold[gold[item]])
        precision += overlap / len(by_pred[predicted[item]])
        recall += overlap / len(by_gold[gold[item]])
    n = len(gold) or 1
    precision, recall = precision / n, recall / n
    return precision, recall, _f1(precision, recall)


def score(predicted: Mapping[str, str], gold: Mapping[str, str]) -> DedupScores:
    pp, pr, pf = pairwise(predicted, gold)
    bp, br, bf = bcubed(predicted, gold)
    return DedupScores(
        articles=len(gold),
        gold_incidents=len(set(gold.values())),
        predicted_incidents=len({predicted[a] for a in gold}),
        pairwise_precision=round(pp, 4),
        pairwise_recall=round(pr, 4),
        pairwise_f1=round(pf, 4),
        bcubed_precision=round(bp, 4),
        bcubed_recall=round(br, 4),
        bcubed_f1=round(bf, 4),
    )


def impute_dates(
    rows: list[GoldArticle],
    per_article: dict[str, list[IncidentCandidate]],
    *,
    policy: MergePolicy,
    extractor: Extractor | None,
) -> dict[str, datetime]:
    """Re-extract undated articles with a publication date borrowed from the dated
    articles they agree with (see the module docstring); returns the dates used."""
    dated = [
        (r.article.published_at, Report.from_candidate(per_article[r.article.id][0]))
        for r in rows
        if not r.date_imputed and per_article.get(r.article.id)
    ]
    used: dict[str, datetime] = {}
    for row in rows:
        built = per_article.get(row.article.id)
        if not row.date_imputed or not built:
            continue
        mine = Report.from_candidate(built[0])
        neighbours = sorted(
            published
            for published, other in dated
            if decide(replace(mine, event_day=other.event_day, precision=other.precision), other, policy).same
        )
        if not neighbours:
            continue
        published = neighbours[(len(neighbours) - 1) // 2]
        article = row.article.model_copy(update={"published_at": published})
        per_article[row.article.id] = build_candidates(article, extractor)
        used[row.article.id] = published
    return used


def evaluate(
    rows: Iterable[GoldArticle], *, policy: MergePolicy | None = None, extractor: Extractor | None = None
) -> DedupScores:
    rows = list(rows)
    policy = policy or MergePolicy()
    errors: list[str] = []
    per_article = extract_all(
        (r.article for r in rows),
        extractor=extractor,
        on_error=lambda article, exc: errors.append(f"{article.id}: {type(exc).__name__}: {exc}"),
    )
    imputed = impute_dates(rows, per_article, policy=policy, extractor=extractor)
    result = merge_articles(per_article, policy=policy)
    predicted: dict[str, str] = {}
    missing: list[str] = []
    for row in rows:
        incident = result.article_incident.get(row.article.id)
        if incident is None:
            missing.append(row.article.id)
            incident = f"singleton:{row.article.id}"
        predicted[row.article.id] = incident
    gold = {r.article.id: r.incident for r in rows}
    scores = score(predicted, gold)
    scores.articles_without_incident = missing
    scores.dates_imputed = [
        f"{r.article.id}={imputed[r.article.id].date().isoformat() if r.article.id in imputed else 'latest'}"
        for r in rows
        if r.date_imputed
    ]
    scores.errors = errors
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, incident in predicted.items():
        members[incident].append(article_id)
    for incident, ids in sorted(members.items(), key=lambda kv: sorted(kv[1])):
        record = result.incidents.get(incident)
        scores.clusters.append(
            {
                "incident_id": incident,
                "articles": sorted(ids),
                "gold": sorted({gold[i] for i in ids}),
                "event_date": record.event_date.isoformat() if record else None,
                "event_type": record.event_type.value if record else None,
                "place": record.location.name if record else None,
                "source_count": record.source_count if record else 0,
            }
        )
    return scores
