"""``monitor_report`` on a cheap TF-IDF run and a prediction log filled through the service:
quiet on traffic like the training data, alerts on shifted traffic, per-group results, the
daily series, the cached reference, feedback, and a dashboard without note text."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from meddx.errors import ConfigError, RunError
from meddx.monitor import MIN_WINDOW, NO_FEEDBACK, TOO_FEW, monitor_report
from tests._support.helpers import make_tfidf_run, synthetic_notes
from tests._support.monitor import NAME, fill_store


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("monitor"), synthetic_notes(900, seed=1),
                          name="mon")


@pytest.fixture(scope="module")
def same(run_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("same") / "p.db"
    url = fill_store(run_dir, db, shifted=False, extra_group=5)
    return url, monitor_report(run_dir, url, out_dir=db.parent / "out")


@pytest.fixture(scope="module")
def shifted(run_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("shifted") / "p.db"
    url = fill_store(run_dir, db, shifted=True)
    return url, monitor_report(run_dir, url, out_dir=db.parent / "out")


def test_traffic_like_the_training_data_raises_no_alert(same):
    _, report = same
    assert report["window"]["n"] == 246 and report["min_window"] == MIN_WINDOW == 30
    assert report["status"] == "ok" and report["alerts"] == []
    tests = {r["test"] for r in report["overall"]["results"]}
    assert tests == {"psi", "js", "ks", "mmd", "domain_classifier"}
    features = {(r["test"], r["feature"]) for r in report["overall"]["results"]}
    assert {("ks", "n_chars"), ("ks", "oov_rate"), ("psi", "predicted_label"),
            ("mmd", "probabilities"), ("domain_classifier", "features")} <= features


def test_shifted_traffic_alerts_from_psi_ks_and_the_domain_classifier(shifted):
    _, report = shifted
    fired = {(a["test"], a["feature"]) for a in report["alerts"] if a["scope"] == "overall"}
    assert {("psi", "n_chars"), ("ks", "n_chars"), ("ks", "oov_rate"), ("psi", "predicted_label"),
            ("domain_classifier", "features"), ("mmd", "probabilities")} <= fired
    assert {a["scope"] for a in report["alerts"]} == {"overall", "sex=F", "sex=M"}
    assert all(a["alert"] and set(a) >= {"statistic", "p_value", "threshold"} for a in report["alerts"])


def test_groups_are_tested_per_value_above_the_minimum_size(same):
    _, report = same
    sex = report["groups"]["sex"]
    assert set(sex) == {"F", "M", "X"}
    assert sex["F"]["n"] == 121 and sex["M"]["n"] == 120 and sex["F"]["results"]
    assert sex["X"] == {"n": 5, "skipped": "fewer than 30 predictions", "results": [],
                        "compared_with": "overall reference"}


def test_groups_argument_and_min_group_size(run_dir, same, tmp_path):
    url, _ = same
    report = monitor_report(run_dir, url, groups=["sex", "site"], min_group_size=200,
                            tests=["psi"], out_dir=tmp_path)
    assert report["groups"]["sex"]["F"]["skipped"] == "fewer than 200 predictions"
    assert report["groups"]["site"] == {"note": "no predictions carry the attribute 'site'"}
    assert {r["test"] for r in report["overall"]["results"]} == {"psi"}
    with pytest.raises(ConfigError, match="min_group_size must be an integer >= 2"):
        monitor_report(run_dir, url, min_group_size=1)
    with pytest.raises(ConfigError, match="unknown drift test 'kss'; did you mean 'ks'"):
        monitor_report(run_dir, url, tests=["kss"])


def test_daily_series_window_and_feedback_status(run_dir, same, tmp_path):
    url, report = same
    assert [d["date"] for d in report["timeseries"]] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    assert sum(d["count"] for d in report["timeseries"]) == 246
    day = report["timeseries"][0]
    assert 0 <= day["abstain_rate"] <= 1 and 0 < day["mean_confidence"] <= 1
    assert set(day["label_mix"]) == {"cardiac", "gi", "neuro"}
    assert report["performance"] == {"status": NO_FEEDBACK, "daily": []}
    one_day = monitor_report(run_dir, url, since="2026-11-02", until="2026-11-02", out_dir=tmp_path)
    assert [d["date"] for d in one_day["timeseries"]] == ["2026-11-02"]
    assert one_day["window"]["since"] == "2026-11-02T00:00:00+00:00"
    assert one_day["window"]["until"] == "2026-11-03T00:00:00+00:00"
    with pytest.raises(ConfigError, match="--since: 'yesterday' is not a date or time"):
        monitor_report(run_dir, url, since="yesterday")
    with pytest.raises(RunError, match="no prediction log at"):
        monitor_report(run_dir, f"sqlite:///{tmp_path / 'none.db'}")


def test_feedback_labels_give_performance_per_day(run_dir, same, tmp_path):
    url, _ = same
    db = tmp_path / "fb.db"
    shutil.copy(url.removeprefix("sqlite:///"), db)
    with sqlite3.connect(db) as conn:
        conn.execute("create table feedback (id integer primary key, prediction_id integer, label text)")
        rows = conn.execute("select id, label from predictions order by id").fetchall()
        conn.executemany("insert into feedback (prediction_id, label) values (?, ?)", rows[:100])
    perf = monitor_report(run_dir, f"sqlite:///{db}", out_dir=tmp_path)["performance"]
    assert perf["status"] == "ok"
    assert sum(d["n_labelled"] for d in perf["daily"]) == 100
    assert all(d["accuracy"] == 1.0 and d["macro_f1"] > 0.9 for d in perf["daily"])  # label = prediction


def test_outputs_are_written_self_contained_and_without_text(run_dir, same, shifted):
    for _url, report in (same, shifted):
        html = Path(report["paths"]["html"]).read_text(encoding="utf-8")
        data = Path(report["paths"]["json"]).read_text(encoding="utf-8")
        assert json.loads(data)["alerts"] == report["alerts"]
        assert "<img alt='time series' src='data:image/png;base64," in html
        assert "http://" not in html and "https://" not in html and "<script" not in html
        for secret in (NAME, "Whitfield", "617-555-0199", "lorem ipsum"):
            assert secret not in html and secret not in data
    assert (run_dir / "monitor" / "reference.npz").is_file()
    meta = json.loads((run_dir / "monitor" / "reference.json").read_text())
    assert meta["labels"] == ["cardiac", "gi", "neuro"] and set(meta["train_groups"]) == {"sex"}


def test_the_cached_reference_is_reused(run_dir, same, tmp_path, monkeypatch):
    import meddx.data

    url, _ = same
    monkeypatch.setattr(meddx.data, "load_corpus", lambda *a, **k: pytest.fail("recomputed"))
    assert monitor_report(run_dir, url, tests=["psi"], out_dir=tmp_path)["window"]["n"] == 246


@pytest.mark.parametrize(("min_window", "status"), [(247, TOO_FEW), (246, "ok"), (245, "ok")])
def test_min_window_below_at_and_above_on_the_library(run_dir, same, tmp_path, min_window, status):
    url, _ = same  # 246 predictions
    report = monitor_report(run_dir, url, tests=["psi"], out_dir=tmp_path, min_window=min_window)
    assert report["status"] == status and report["min_window"] == min_window
    if status == TOO_FEW:
        assert report["overall"] == {"n": 246, "results": [], "skipped":
                                     "too few predictions in the window (246 < 247): no drift test run"}
        assert report["groups"] == {} and report["alerts"] == []
        assert [d["date"] for d in report["timeseries"]] == ["2026-11-01", "2026-11-02", "2026-11-03"]
    else:
        assert report["overall"]["results"] and set(report["groups"]["sex"]) == {"F", "M", "X"}
    with pytest.raises(ConfigError, match="--min-window must be an integer >= 2; got 0"):
        monitor_report(run_dir, url, min_window=0)
