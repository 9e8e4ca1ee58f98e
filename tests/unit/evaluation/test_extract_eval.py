"""Extraction evaluation harness: metric functions and scoring on synthetic cases.

Every text and gold record here is invented for the test; the extractor, classifier and
actor canonicaliser are injected fakes so these tests do not depend on extraction quality.
"""

from __future__ import annotations

import gc
import io
import json
from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from models import Actor, ActorRole, Article, Casualties, DatePrecision, EnrichedEvent, Location, Source
from streams.cli import extract as cli_extract
from streams.cli.groups import cli
from streams.evaluation import bench
from streams.evaluation import extract_eval as ev

PUB = datetime(2024, 3, 2, tzinfo=timezone.utc)


def make_event(
    *,
    event_type: str = "Battles",
    sub_event_type: str = "Armed clash",
    killed: int = 0,
    lat: float | None = None,
    lon: float | None = None,
    admin1: str | None = None,
    event_date: date = date(2024, 3, 1),
    actor1: str | None = None,
    actor2: str | None = None,
) -> EnrichedEvent:
    actors = []
    if actor1:
        actors.append(Actor(name=actor1, role=ActorRole.ACTOR1))
    if actor2:
        actors.append(Actor(name=actor2, role=ActorRole.ACTOR2))
    return EnrichedEvent(
        incident_id="inc-test",
        version=1,
        event_date=event_date,
        date_precision=DatePrecision.DAY,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actors=actors,
        location=Location(latitude=lat, longitude=lon, admin1=admin1),
        casualties=Casualties(killed=killed),
        sources=[Source(article_id="a", published_at=PUB)],
        source_count=1,
        confidence=0.5,
        first_seen=PUB,
        updated_at=PUB,
    )


def acled_gold(**overrides):
    gold = {
        "event_date": "2024-03-01",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Rebel Front (2010-)",
        "actor2": None,
        "admin1": "Ségou",
        "latitude": 13.0,
        "longitude": -6.0,
        "fatalities": 10,
    }
    gold.update(overrides)
    return gold


def acled_row(row_id: str, gold: dict, line_no: int = 1) -> ev.GoldRow:
    return ev.GoldRow(line_no, row_id, "acled", f"Invented report {row_id}.", "2024-03-02", gold)


FAKE_ALIASES = {"rebel front (2010-)": "Rebel Front", "rf": "Rebel Front", "rebel front": "Rebel Front"}


def fake_canonical(name: str) -> str | None:
    return FAKE_ALIASES.get(name.lower())


# --------------------------------------------------------------------------- metric functions


@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        ((0.0, 0.0), (0.0, 0.0), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111.195),  # one degree of longitude on the equator
        ((0.0, 0.0), (1.0, 0.0), 111.195),
        ((60.0, 0.0), (60.0, 1.0), 55.597),  # cos(60°) shrinks longitude degrees by half
    ],
)
def test_haversine_km(a, b, expected_km):
    assert ev.haversine_km(*a, *b) == pytest.approx(expected_km, abs=0.01)


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        ((13.0, -6.0), True),
        ((13.0 + 24.9 / 111.195, -6.0), True),
        ((13.0 + 25.1 / 111.195, -6.0), False),
        ((None, -6.0), False),
        ((13.0, None), False),
        ((None, None), False),
    ],
)
def test_within_radius(pred, expected):
    assert ev.within_radius(pred[0], pred[1], 13.0, -6.0) is expected


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        (0, 0, True),
        (1, 0, False),  # gold 0 needs pred 0
        (4, 5, False),  # gold below 10 needs an exact match
        (5, 5, True),
        (9, 10, True),
        (11, 10, True),
        (12, 10, False),
        (18, 20, True),
        (17, 20, False),
        (110, 100, True),
        (111, 100, False),
    ],
)
def test_fatalities_within_10pct(pred, gold, expected):
    assert ev.fatalities_within_10pct(pred, gold) is expected


@pytest.mark.parametrize(
    ("pred", "gold", "expected"),
    [
        ("Ségou", "Segou", True),
        ("SEGOU", "Ségou", True),
        ("Tombouctou", "Timbuktu", False),
        ("Kayes-Nord", "kayes nord", True),
        (None, "Segou", False),
        ("", "", False),
    ],
)
def test_admin1_match(pred, gold, expected):
    assert ev.admin1_match(pred, gold) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Military Forces of Testland (2013-)", "Military Forces of Testland"),
        ("Police Forces of Testland (1990-2001)", "Police Forces of Testland"),
        ("Civilians (Testland)", "Civilians (Testland)"),
        ("Unidentified Armed Group", "Unidentified Armed Group"),
    ],
)
def test_strip_date_suffix(name, expected):
    assert ev.strip_date_suffix(name) == expected


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ("Rebel Front (2010-)", "Rebel Front", True),  # canonical of gold
        ("Rebel Front (2010-)", "RF", True),  # canonical applied to the prediction too
        ("Military Forces of Testland (2013-)", "military forces of testland", True),  # unknown: suffix stripped
        ("Rebel Front (2010-)", "Other Group", False),
        ("Rebel Front (2010-)", None, False),
        (None, None, True),  # null gold matches no predicted actor
        (None, "Rebel Front", False),
    ],
)
def test_actor_match(gold, pred, expected):
    assert ev.actor_match(gold, pred, fake_canonical) is expected


def test_per_label_prf_and_weighted_f1_hand_computed():
    gold = ["A", "A", "B", "C"]
    pred = ["A", "B", "B", "D"]
    scores = {s.label: s for s in ev.per_label_prf(gold, pred)}
    assert set(scores) == {"A", "B", "C", "D"}
    assert (scores["A"].precision, scores["A"].recall, scores["A"].f1) == (1.0, 0.5, pytest.approx(2 / 3))
    assert (scores["B"].precision, scores["B"].recall, scores["B"].f1) == (0.5, 1.0, pytest.approx(2 / 3))
    assert (scores["C"].precision, scores["C"].recall, scores["C"].f1, scores["C"].support) == (0.0, 0.0, 0.0, 1)
    assert (scores["D"].support, scores["D"].predicted, scores["D"].f1) == (0, 1, 0.0)
    # weighted by gold support: (2 * 2/3 + 1 * 2/3 + 1 * 0) / 4; D has no weight
    assert ev.weighted_f1(list(scores.values())) == pytest.approx(0.5)
    assert ev.macro_f1(list(scores.values())) == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)


def test_per_label_prf_rejects_length_mismatch():
    with pytest.raises(ValueError):
        ev.per_label_prf(["A"], ["A", "B"])


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [(list(range(1, 101)), 95, 95.0), (list(range(1, 101)), 50, 50.0), ([7], 95, 7.0), ([], 95, 0.0), ([1, 2], 95, 2.0)],
)
def test_percentile_nearest_rank(values, q, expected):
    assert bench.percentile(values, q) == expected


# --------------------------------------------------------------------------- gold loading


def test_load_gold_reports_bad_lines_and_detects_kinds():
    lines = [
        json.dumps({"id": "x1", "source": "ACLED", "text": "Invented.", "published_at": "2024-01-02",
                    "gold": acled_gold()}),
        "{not json",
        "",
        json.dumps({"id": "x2", "text": "", "gold": {}}),
        json.dumps({"id": "c1", "source": "CASE2021", "text": "Invented snippet.", "gold": {"sub_event_type": "DIPLO"}}),
        json.dumps([1, 2]),
        json.dumps({"id": "c2", "text": "Another.", "gold": {"sub_event_type": "ARREST"}}),
    ]
    rows, bad = ev.load_gold(lines)
    assert [(r.id, r.kind, r.line_no) for r in rows] == [("x1", "acled", 1), ("c1", "case", 5), ("c2", "case", 7)]
    assert [b.line_no for b in bad] == [2, 4, 6]
    assert bad[0].reason.startswith("invalid JSON")
    rows, bad = ev.load_gold(lines, limit=1)
    assert len(rows) == 1 and not bad


def test_row_to_article_uses_reference_date_when_absent():
    row = ev.GoldRow(1, "c1", "case", "Invented snippet.", None, {"sub_event_type": "DIPLO"})
    assert ev.row_to_article(row).published_at == ev.REFERENCE_PUBLISHED_AT
    row2 = acled_row("r", acled_gold())
    assert ev.row_to_article(row2).published_at == datetime(2024, 3, 2, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- scoring


def test_evaluate_rows_acled_counts_and_errors():
    perfect = make_event(killed=10, lat=13.05, lon=-6.0, admin1="Segou", actor1="Rebel Front")
    wrong = make_event(event_type="Riots", sub_event_type="Mob violence", killed=11, lat=14.0, lon=-6.0,
                       admin1="Kayes", event_date=date(2024, 2, 28), actor1="Other Group", actor2="Someone")
    predictions = {"r1": [perfect, wrong], "r2": [wrong], "r3": []}

    def fake_extractor(article: Article):
        if article.id == "r4":
            raise RuntimeError("boom")
        return predictions[article.id]

    rows = [acled_row(f"r{i}", acled_gold(), line_no=i) for i in range(1, 5)]
    res = ev.evaluate_rows(rows, extractor=fake_extractor, canonical=fake_canonical)
    m = {k: (s.correct, s.scored) for k, s in res.acled.metrics.items()}
    assert res.rows == 4 and res.acled.rows == 4
    assert res.acled.no_prediction == 2  # r3 (empty) and r4 (error)
    assert res.error_rows == 1 and res.errors[0].id == "r4" and "boom" in res.errors[0].error
    assert m["event_type"] == (1, 4)
    assert m["sub_event_type"] == (1, 4)
    assert m["fatalities_exact"] == (1, 4)
    assert m["fatalities_10pct"] == (2, 4)  # 11 vs 10 is within 10 %
    assert m["location_25km"] == (1, 4)
    assert m["admin1"] == (1, 4)
    assert m["event_date"] == (1, 4)
    assert m["actor1"] == (1, 4)
    assert m["actor2"] == (1, 4)  # null gold matches r1's missing actor2 only
    assert dict(res.acled.confusion["Battles"]) == {"Battles": 1, "Riots": 1, ev.NO_PREDICTION: 2}
    out = res.as_dict()
    json.dumps(out)  # JSON-serialisable
    assert out["acled"]["metrics"]["event_type"] == {"correct": 1, "scored": 4, "value": 0.25}
    assert "case" not in out


def test_evaluate_rows_skips_null_gold_fields():
    gold = acled_gold(admin1=None, latitude=None, fatalities=None, event_date=None)
    res = ev.evaluate_rows([acled_row("r1", gold)], extractor=lambda a: [make_event()], canonical=fake_canonical)
    m = res.acled.metrics
    assert (m["admin1"].scored, m["location_25km"].scored, m["fatalities_exact"].scored, m["event_date"].scored) == (
        0, 0, 0, 0)
    assert m["admin1"].value is None
    assert m["event_type"].scored == 1


def test_evaluate_rows_scoring_failure_counts_row_as_error_without_double_counting():
    def bad_canonical(name: str) -> str | None:
        raise KeyError(name)

    res = ev.evaluate_rows([acled_row("r1", acled_gold())], extractor=lambda a: [make_event(actor1="X")],
                           canonical=bad_canonical)
    assert res.error_rows == 1
    assert res.acled.rows == 1
    assert all(s.scored == 1 for name, s in res.acled.metrics.items())
    assert all(s.correct == 0 for s in res.acled.metrics.values())


def test_evaluate_rows_case_uses_classifier_and_survives_errors():
    rows = [
        ev.GoldRow(i, f"c{i}", "case", text, None, {"sub_event_type": label})
        for i, (text, label) in enumerate(
            [("t-diplo", "DIPLO"), ("t-arrest", "ARREST"), ("t-arrest2", "ARREST"), ("t-crash", "ARMED_CLASH")], 1
        )
    ]
    labels = {"t-diplo": "DIPLO", "t-arrest": "ARREST", "t-arrest2": "DIPLO"}

    def fake_classifier(text: str) -> str:
        return labels[text]  # KeyError on "t-crash"

    def no_extractor(article):  # CASE rows must not reach the pipeline
        raise AssertionError("extractor called for a CASE row")

    res = ev.evaluate_rows(rows, extractor=no_extractor, case_classifier=fake_classifier)
    assert res.case.rows == 4 and res.acled.rows == 0
    assert (res.case.accuracy.correct, res.case.accuracy.scored) == (2, 4)
    assert res.error_rows == 1 and res.errors[0].id == "c4"
    by = {s.label: s for s in res.case.labels}
    assert by["DIPLO"].precision == 0.5 and by["DIPLO"].recall == 1.0
    assert by["ARREST"].precision == 1.0 and by["ARREST"].recall == 0.5
    assert by[ev.NO_PREDICTION].support == 0
    # weighted: DIPLO f1 2/3 (w1), ARREST f1 2/3 (w2), ARMED_CLASH 0 (w1) -> 2/4
    assert res.case.weighted_f1 == pytest.approx(0.5)
    assert "acled" not in res.as_dict()


def test_format_eval_renders_tables():
    rows = [acled_row("r1", acled_gold()), ev.GoldRow(2, "c1", "case", "t", None, {"sub_event_type": "DIPLO"})]
    res = ev.evaluate_rows(rows, extractor=lambda a: [make_event(event_type="Protests",
                                                                 sub_event_type="Peaceful protest")],
                           case_classifier=lambda t: "DIPLO", canonical=fake_canonical).as_dict()
    text = cli_extract.format_eval(res)
    assert "event_type" in text and "confusion" in text and "weighted F1 1.000" in text
    confusion_row = next(line for line in text.splitlines() if line.startswith("Battles"))
    assert confusion_row.split()[1:] == ["0", "1", "1"]  # BAT 0, PRO 1, n 1


# --------------------------------------------------------------------------- CLI: incidents extract


def _article_line(article_id: str, text: str = "Invented article text.") -> str:
    return json.dumps({"id": article_id, "text": text, "published_at": "2024-03-02T10:00:00Z"})


def test_run_extract_reports_bad_lines_and_writes_one_line_per_article():
    lines = [
        _article_line("a1").encode(),
        b"{broken",
        b"\n",
        json.dumps({"id": "a2", "text": "x"}).encode(),  # missing published_at
        b"\xff\xfe",
        _article_line("a3").encode(),
        _article_line("boom").encode(),
    ]

    def fake(article: Article):
        if article.id == "boom":
            raise RuntimeError("kaput")
        return [make_event()] if article.id == "a1" else []

    out, err = io.StringIO(), io.StringIO()
    assert cli_extract.run_extract(lines, out, err, fake) == (6, 2, 4)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["article_id"] for r in records] == ["a1", "a3"]
    assert records[0]["incidents"][0]["event_type"] == "Battles" and records[1]["incidents"] == []
    messages = err.getvalue().splitlines()
    assert [m.split(":")[0] for m in messages] == ["line 2", "line 4", "line 5", "line 7"]
    assert "invalid_json" in messages[0] and "published_at" in messages[1] and "invalid_utf8" in messages[2]
    assert "kaput" in messages[3]


def test_extract_command_summary_and_exit_codes(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_extract, "_load_extractor", lambda: (lambda article: [make_event()]))
    src = tmp_path / "in.jsonl"
    src.write_text(_article_line("a1") + "\nnot json\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["extract", "--input", str(src), "--output", str(dst)])
    assert result.exit_code == 0, result.output
    assert "1 read" not in result.stderr and "2 read, 1 ok, 1 bad" in result.stderr
    assert json.loads(dst.read_text(encoding="utf-8"))["article_id"] == "a1"

    src.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--input", str(src), "--output", "-"])
    assert result.exit_code == 1
    assert "1 read, 0 ok, 1 bad" in result.stderr and result.stdout == ""


def test_eval_command_json_with_injected_fakes(tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "_default_extractor", lambda: (lambda a: [make_event(killed=10)]))
    monkeypatch.setattr(ev, "_default_canonicaliser", lambda: fake_canonical)
    monkeypatch.setattr(ev, "_default_case_classifier", lambda: (lambda t: "ARREST"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join([
            json.dumps({"id": "r1", "source": "ACLED", "text": "Invented.", "published_at": "2024-03-02",
                        "gold": acled_gold()}),
            json.dumps({"id": "c1", "source": "CASE2021", "text": "Invented.", "gold": {"sub_event_type": "ARREST"}}),
        ]) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["eval", "extract", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["acled"]["metrics"]["fatalities_exact"]["value"] == 1.0
    assert data["case"]["weighted_f1"] == 1.0
    human = CliRunner().invoke(cli, ["eval", "extract", "--gold", str(gold)])
    assert human.exit_code == 0 and "rows/s" in human.stdout


# --------------------------------------------------------------------------- bench


def _fake_extractor(calls: list[list[str]]):
    """Articles in, one incident per article out; article a3 fails (as extract_each reports it)."""

    def extract(batch):
        calls.append([a.id for a in batch])
        return [ValueError("bad") if a.id == "a3" else [make_event()] for a in batch]

    return extract


@pytest.mark.parametrize(
    ("batch_size", "batches", "ms_per_batch"),
    [(1, [["a0"], ["a1"], ["a2"], ["a3"], ["a4"]], 1.0), (2, [["a0", "a1"], ["a2", "a3"], ["a4"]], 1.0),
     (5, [["a0", "a1", "a2", "a3", "a4"]], 1.0)],
)
def test_run_bench_times_batches_with_a_fake_clock(batch_size, batches, ms_per_batch):
    articles = [Article(id=f"a{i}", text="Invented.", published_at=PUB) for i in range(5)]
    ticks = iter(range(0, 10**9, 1_000_000))  # each clock call advances 1 ms: every batch takes 1 ms
    calls: list[list[str]] = []
    res = bench.run_bench(articles, _fake_extractor(calls), repeat=2, batch_size=batch_size,
                          clock_ns=lambda: next(ticks), pin_cpu=False)
    assert calls == batches * 3  # warm-up + 2 timed passes
    assert res.articles == 5 and res.batch_size == batch_size and res.incidents == 4 and res.errors == 1
    assert res.batch_p50_ms == pytest.approx(ms_per_batch) and res.batch_max_ms == pytest.approx(ms_per_batch)
    assert res.articles_per_s == pytest.approx(5 / (len(batches) * 1e-3)) == pytest.approx(res.best_pass_articles_per_s)
    assert res.mean_ms == pytest.approx(len(batches) / 5)
    assert res.gc_thresholds == gc.get_threshold()
    assert res.max_rss_mb > 0
    assert "profile" not in res.as_dict()


def test_run_bench_best_pass_is_the_fastest_pass():
    articles = [Article(id=f"a{i}", text="Invented.", published_at=PUB) for i in range(2)]
    # Batch size 1, two passes: each batch reads the clock twice; pass 1 takes 1+1 ms, pass 2 takes 3+3 ms.
    ticks = iter([0, 1_000_000, 1_000_000, 2_000_000, 2_000_000, 5_000_000, 5_000_000, 8_000_000])
    res = bench.run_bench(articles, _fake_extractor([]), repeat=2, clock_ns=lambda: next(ticks), pin_cpu=False)
    assert res.best_pass_articles_per_s == pytest.approx(1000.0)
    assert res.articles_per_s == pytest.approx(4 / 8e-3)


def test_run_bench_refuses_an_empty_batch():
    with pytest.raises(ValueError):
        bench.run_bench([], _fake_extractor([]), batch_size=0, pin_cpu=False)


def test_run_bench_profile_lists_top_functions():
    articles = [Article(id="a", text="Invented.", published_at=PUB)]
    res = bench.run_bench(articles, _fake_extractor([]), profile=True, pin_cpu=False)
    assert 0 < len(res.profile) <= 15
    assert res.profile[0].cumtime_s >= res.profile[-1].cumtime_s
    assert "cumulative" in res.profile_text or "cumtime" in res.profile_text


def test_default_dev_file_env(tmp_path, monkeypatch):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "acled_mali.jsonl").write_text("", encoding="utf-8")
    monkeypatch.setenv("INCIDENTS_DATA_DIR", str(tmp_path))
    assert bench.default_dev_file() == tmp_path / "dev" / "acled_mali.jsonl"
    monkeypatch.delenv("INCIDENTS_DATA_DIR")
    assert bench.default_dev_file().parts[-4:] == ("shared", "data", "dev", "acled_mali.jsonl")
