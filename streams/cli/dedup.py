"""Deduplication commands: `incidents dedup`, `incidents eval dedup`, `incidents bench dedup`.

Only I/O and formatting live here; the work is done by the pure ``streams.dedup`` package
(the same code the stream's merge agent runs).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from models import Article
from streams.cli.groups import bench_group, cli, eval_group
from streams.dedup.merge import MergePolicy
from streams.dedup.offline import LineError, read_articles, run_offline, write_incidents
from streams.settings import Settings

GOLD_FILE = "multi_source.jsonl"
_REPO_ROOT = Path(__file__).resolve().parents[2]


def _default_gold() -> Path:
    """``$INCIDENTS_DATA_DIR[/dev]/multi_source.jsonl``, else ``<repo>/../shared/data/dev/...``."""
    env = os.environ.get("INCIDENTS_DATA_DIR")
    if env:
        for candidate in (Path(env) / GOLD_FILE, Path(env) / "dev" / GOLD_FILE):
            if candidate.is_file():
                return candidate
    return _REPO_ROOT.parent / "shared" / "data" / "dev" / GOLD_FILE


@cli.command("dedup")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--window-days", type=click.IntRange(min=1), default=None, help="Retention window (default 30).")
def dedup_command(input_path: Path, output_path: Path, window_days: int | None) -> None:
    """Extract and deduplicate ARTICLES.jsonl offline: one line per final incident (EnrichedEvent JSON).

    Bad lines and articles whose extraction fails are reported on stderr with their line
    number and skipped; a summary ends the run. Exit code 1 only when lines were skipped
    and no article was processed (as `incidents extract`)."""
    articles: list[Article] = []
    skipped = 0
    line_of: dict[str, int] = {}
    for number, item in read_articles(input_path, supported_languages=Settings().supported_languages):
        if isinstance(item, LineError):
            skipped += 1
            click.echo(f"line {item.line}: {item.message}", err=True)
            continue
        line_of[item.id] = number
        articles.append(item)

    def on_error(article: Article, exc: Exception) -> None:
        nonlocal skipped
        skipped += 1
        click.echo(f"line {line_of.get(article.id, '?')}: extraction error ({article.id}): "
                   f"{type(exc).__name__}: {exc}", err=True)

    policy = MergePolicy(window_days=window_days) if window_days else None
    result = run_offline(articles, policy=policy, on_error=on_error)
    records = result.sorted_incidents()
    write_incidents(records, output_path)
    no_incident = sum(1 for v in result.article_incident.values() if v is None)
    click.echo(
        f"{len(articles)} articles read, {skipped} skipped, {no_incident} without incident, "
        f"{result.candidates} candidates -> {len(records)} incidents written to {output_path}",
        err=True,
    )
    if skipped and not result.article_incident:
        sys.exit(1)


@eval_group.command("dedup")
@click.option("--gold", "gold_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help=f"Gold multi-source file (default: shared/data/dev/{GOLD_FILE}).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--window-days", type=click.IntRange(min=1), default=None)
def eval_dedup_command(gold_path: Path | None, as_json: bool, window_days: int | None) -> None:
    """Pairwise and B-cubed precision/recall/F1 of the offline dedup pipeline on gold clusters."""
    from streams.dedup.evaluation import evaluate, load_gold

    path = gold_path or _default_gold()
    if not path.is_file():
        raise click.ClickException(f"gold file not found: {path}")
    policy = MergePolicy(window_days=window_days) if window_days else None
    scores = evaluate(load_gold(path), policy=policy)
    if as_json:
        click.echo(json.dumps(scores.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"gold file: {path}")
    click.echo(f"articles: {scores.articles}   gold incidents: {scores.gold_incidents}   "
               f"predicted incidents: {scores.predicted_incidents}")
    click.echo(f"{'':10}{'precision':>10}{'recall':>10}{'F1':>10}")
    click.echo(f"{'pairwise':10}{scores.pairwise_precision:>10.4f}{scores.pairwise_recall:>10.4f}"
               f"{scores.pairwise_f1:>10.4f}")
    click.echo(f"{'B-cubed':10}{scores.bcubed_precision:>10.4f}{scores.bcubed_recall:>10.4f}{scores.bcubed_f1:>10.4f}")
    if scores.dates_imputed:
        click.echo(f"publication date imputed (null in gold): {', '.join(scores.dates_imputed)}")
    if scores.articles_without_incident:
        click.echo(f"articles without incident (singletons): {', '.join(scores.articles_without_incident)}")
    for error in scores.errors:
        click.echo(f"error: {error}", err=True)
    click.echo("clusters:")
    for cluster in scores.clusters:
        click.echo(f"  {', '.join(cluster['articles'])}  gold={'/'.join(cluster['gold'])}  "
                   f"{cluster['event_date']} {cluster['event_type']} @ {cluster['place']}")


@bench_group.command("dedup")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--articles", "count", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="Synthetic candidates to stream through the merger.")
@click.option("--window-days", type=click.IntRange(min=1), default=30, show_default=True)
@click.option("--checkpoints", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--no-tracemalloc", is_flag=True, help="Measure throughput without tracemalloc overhead.")
def bench_dedup_command(as_json: bool, count: int, window_days: int, checkpoints: int, no_tracemalloc: bool) -> None:
    """Stream synthetic candidates through the Merger: throughput, memory, state size."""
    from streams.dedup.bench import run_bench

    result = run_bench(count, window_days=window_days, checkpoints=checkpoints, trace_memory=not no_tracemalloc)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
        return
    click.echo(f"{result.candidates} candidates, window {result.window_days} days: {result.seconds} s wall "
               f"({result.per_second:.0f}/s), {result.cpu_seconds} s CPU ({result.per_cpu_second:.0f}/s); "
               f"{result.upserts} upserts, {result.retirements} retired, {result.evictions} evicted")
    header = ("candidates", "cand/s", "cand/cpu-s", "incidents", "members", "state MB", "largest KB", "tm cur MB", "tm peak MB", "maxRSS MB")
    click.echo("".join(f"{h:>12}" for h in header))
    for cp in result.checkpoints:
        row = (cp.candidates, cp.per_second, cp.per_cpu_second, cp.incidents_kept, cp.members_kept,
               round(cp.state_json_bytes / 2**20, 2), round(cp.largest_value_bytes / 2**10, 1), cp.tracemalloc_current_mb, cp.tracemalloc_peak_mb, cp.max_rss_mb)
        click.echo("".join(f"{str(v):>12}" for v in row))
