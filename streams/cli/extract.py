"""Extraction commands: `incidents extract`, `incidents eval extract`, `incidents bench extract`.

Only I/O and formatting live here; the work is done by ``streams.extract.pipeline`` and
the pure ``streams.evaluation`` modules. The extraction package is imported lazily so
that `incidents --help` works even while it is being built.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import click

from models import Article, EnrichedEvent
from streams.cli.groups import bench_group, cli, eval_group
from streams.ingest import Rejection, decode_article
from streams.settings import Settings

Extractor = Callable[[Article], Sequence[EnrichedEvent]]


def _load_extractor() -> Extractor:
    from streams.extract.pipeline import extract_incidents

    return extract_incidents


def run_extract(
    lines: Any, out: IO[str], err: IO[str], extractor: Extractor
) -> tuple[int, int, int]:
    """Process input lines (bytes); returns (read, ok, bad). Blank lines are ignored."""
    read = ok = bad = 0
    for line_no, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        read += 1
        article = decode_article(raw, supported_languages=Settings().supported_languages)
        if isinstance(article, Rejection):
            # The same checks, and the same reasons, as the worker's dead letters.
            bad += 1
            print(f"line {line_no}: {article.reason.value}: {article.message}", file=err)
            continue
        try:
            events = extractor(article)
        except Exception as exc:  # one article must not stop the batch
            bad += 1
            print(f"line {line_no}: extraction error ({article.id}): {type(exc).__name__}: {exc}", file=err)
            continue
        record = {"article_id": article.id, "incidents": [e.model_dump(mode="json") for e in events]}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        ok += 1
    return read, ok, bad


@cli.command("extract")
@click.option("--input", "input_path", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Article JSON Lines ('-' = stdin).")
@click.option("--output", "output_path", default="-", show_default=True,
              type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="Output JSON Lines ('-' = stdout).")
def extract_command(input_path: str, output_path: str) -> None:
    """Extract incidents from articles offline (no broker).

    One output line per valid input line: {"article_id": ..., "incidents": [EnrichedEvent, ...]}
    with the main incident first. Bad lines are reported on stderr with their line number
    and skipped; a summary "N read, N ok, N bad" ends the run. Exit code 1 only when there
    were bad lines and none succeeded.
    """
    extractor = _load_extractor()
    with click.open_file(input_path, "rb") as fin, click.open_file(output_path, "w", encoding="utf-8") as fout:
        read, ok, bad = run_extract(fin, fout, sys.stderr, extractor)
    click.echo(f"{read} read, {ok} ok, {bad} bad", err=True)
    if ok == 0 and bad > 0:
        sys.exit(1)


# --------------------------------------------------------------------------- eval

_TYPE_ABBREV = {
    "Battles": "BAT",
    "Explosions/Remote violence": "ERV",
    "Violence against civilians": "VAC",
    "Protests": "PRO",
    "Riots": "RIO",
    "Strategic developments": "SD",
}


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_eval(result: dict[str, Any]) -> str:
    """Compact aligned text report of an ``ExtractEvalResult.as_dict()``."""
    lines: list[str] = []
    acled, case = result.get("acled"), result.get("case")
    lines.append(f"Extraction evaluation: {result['gold_file']}")
    lines.append(
        f"rows {result['rows']} (ACLED {acled['rows'] if acled else 0}, CASE {case['rows'] if case else 0}), "
        f"bad lines {result['bad_lines']}, error rows {result['error_rows']}, "
        f"{result['elapsed_s']:.2f} s = {result['rows_per_s']:.0f} rows/s"
    )
    if acled:
        lines.append("")
        lines.append(f"ACLED rows: main incident scored (no prediction on {acled['no_prediction']} rows)")
        lines.append(f"{'metric':<18}{'correct':>9}{'scored':>9}{'value':>8}")
        for name, m in acled["metrics"].items():
            lines.append(f"{name:<18}{m['correct']:>9}{m['scored']:>9}{_fmt(m['value']):>8}")
        lines.append("")
        lines.append("event_type confusion (rows = gold, columns = predicted; '-' = no prediction)")
        # Taxonomy order (legend order) for both axes; unknown labels last.
        order = {t: i for i, t in enumerate(_TYPE_ABBREV)}
        gold_labels = sorted(acled["confusion"], key=lambda t: (order.get(t, len(order)), t))
        seen = {p for c in acled["confusion"].values() for p in c} | set(gold_labels)
        pred_labels = sorted(seen, key=lambda t: (order.get(t, len(order)), t))
        cols = [_TYPE_ABBREV.get(p, "-") for p in pred_labels]
        corner = "gold \\ pred"
        width = max([len(g) for g in gold_labels] + [len(corner)]) + 2
        lines.append(f"{corner:<{width}}" + "".join(f"{c:>6}" for c in cols) + f"{'n':>7}")
        for g in gold_labels:
            row = acled["confusion"][g]
            lines.append(
                f"{g:<{width}}" + "".join(f"{row.get(p, 0):>6}" for p in pred_labels) + f"{sum(row.values()):>7}"
            )
        lines.append("legend: " + ", ".join(f"{a}={t}" for t, a in _TYPE_ABBREV.items()))
    if case:
        lines.append("")
        acc = case["accuracy"]
        lines.append(
            f"CASE rows: classify(text).case_label  accuracy {_fmt(acc['value'])} ({acc['correct']}/{acc['scored']})"
            f"  weighted F1 {_fmt(case['weighted_f1'])}  macro F1 {_fmt(case['macro_f1'])}"
        )
        width = max(len(label) for label in case["per_label"]) + 2
        lines.append(f"{'label':<{width}}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}{'pred':>6}")
        for label, s in case["per_label"].items():
            lines.append(
                f"{label:<{width}}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                f"{s['support']:>9}{s['predicted']:>6}"
            )
    if result["errors"]:
        lines.append("")
        shown = min(10, len(result["errors"]))
        lines.append(f"error rows ({result['error_rows']}; first {shown} shown, --json lists up to 50):")
        lines.extend(f"  {e['id']} (line {e['line_no']}): {e['error'][:160]}" for e in result["errors"][:10])
    if result["bad_lines"]:
        lines.append("")
        lines.append(f"bad gold lines ({result['bad_lines']}):")
        lines.extend(f"  line {b['line_no']}: {b['reason']}" for b in result["bad_line_details"][:10])
    return "\n".join(lines)


@eval_group.command("extract")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold JSON Lines (ACLED or CASE rows, see shared/data/README.md).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with all numbers.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N rows.")
def eval_extract_command(gold_path: str, as_json: bool, limit: int | None) -> None:
    """Score extraction against gold rows (metrics: docs/evaluation.md, "Extraction")."""
    from streams.evaluation.extract_eval import evaluate_file

    result = evaluate_file(gold_path, limit=limit).as_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo(format_eval(result))


# --------------------------------------------------------------------------- bench


def format_bench(result: dict[str, Any], source: str) -> str:
    lines = [
        f"Extraction benchmark: {source}",
        f"articles {result['articles']} x {result['repeat']} pass(es) in batches of {result['batch_size']}, "
        f"single process, pinned CPU {result['pinned_cpu']} of {result['cpu_count']}, Python {result['python']}, "
        f"gc thresholds {tuple(result['gc_thresholds'])}, load average {result['load_avg_1m']}",
        f"{'articles/s':<22}{result['articles_per_s']:>12.0f}",
        f"{'best pass articles/s':<22}{result['best_pass_articles_per_s']:>12.0f}",
        f"{'mean ms/article':<22}{result['mean_ms']:>12.4f}",
        f"{'p50 ms/batch':<22}{result['batch_p50_ms']:>12.4f}",
        f"{'p95 ms/batch':<22}{result['batch_p95_ms']:>12.4f}",
        f"{'max ms/batch':<22}{result['batch_max_ms']:>12.4f}",
        f"{'incidents/pass':<22}{result['incidents']:>12}",
        f"{'errors/pass':<22}{result['errors']:>12}",
        f"{'tracemalloc peak MB':<22}{result['tracemalloc_peak_mb']:>12.1f}",
        f"{'max RSS MB':<22}{result['max_rss_mb']:>12.1f}",
    ]
    return "\n".join(lines)


@bench_group.command("extract")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="JSONL file whose texts are used (default: $INCIDENTS_DATA_DIR or ../shared/data/dev/acled_mali.jsonl).")
@click.option("--repeat", type=click.IntRange(min=1), default=1, show_default=True, help="Timed passes.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Use only the first N rows.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per batch, as the worker reads a backlog (default: INGEST_BATCH_MAX, 256); "
                   "1 times one article at a time.")
@click.option("--profile", is_flag=True, help="Also print the top 15 functions by cumulative time (cProfile).")
def bench_extract_command(
    as_json: bool, gold_path: str | None, repeat: int, limit: int | None, batch_size: int | None, profile: bool
) -> None:
    """Articles/s on one core, batch latency and peak memory of the worker's extraction (docs/benchmarks.md)."""
    from streams.evaluation.bench import default_dev_file, load_articles, run_bench

    path = Path(gold_path) if gold_path else default_dev_file()
    if not path.is_file():
        raise click.ClickException(f"data file not found: {path} (set INCIDENTS_DATA_DIR or pass --gold)")
    articles = load_articles(path, limit)
    if not articles:
        raise click.ClickException(f"no usable rows in {path}")
    from streams.runtime import tune_gc

    tune_gc()  # as the worker does
    result = run_bench(articles, repeat=repeat, batch_size=batch_size or Settings().ingest_batch_max,
                       profile=profile)
    data = result.as_dict()
    data["data_file"] = str(path)
    if as_json:
        click.echo(json.dumps(data))
    else:
        click.echo(format_bench(data, str(path)))
        if profile:
            click.echo("")
            click.echo(result.profile_text.rstrip())
