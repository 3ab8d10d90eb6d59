"""``meddx monitor report``: exit 0 without alerts, 3 with one JSON line per alert on stdout,
4 for an empty window, 5 for one under --min-window, 2 with one error line for a bad --since."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from tests._support.helpers import make_tfidf_run, synthetic_notes
from tests._support.monitor import NAME, fill_store


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("monitor-cli"), synthetic_notes(900, seed=1),
                          name="cli")


def _invoke(*args):
    return CliRunner().invoke(app, ["monitor", "report", *map(str, args)])


def test_no_alert_exits_0_and_writes_the_report(run_dir, tmp_path):
    url = fill_store(run_dir, tmp_path / "p.db", shifted=False)
    result = _invoke(run_dir, "--store", url, "--since", "2026-11-01", "--groups", "sex",
                     "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "0 alert(s)" in result.stderr
    assert "group" not in result.stderr  # 'sex' is in the log: nothing to say about it
    assert (tmp_path / "out" / "monitor.html").is_file()
    assert (tmp_path / "out" / "monitor.json").is_file()


def test_alerts_exit_3_with_one_json_line_each(run_dir, tmp_path):
    fill_store(run_dir, run_dir / "predictions.db", shifted=True)  # the default store
    result = _invoke(run_dir)
    assert result.exit_code == 3, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    report = json.loads((run_dir / "monitor" / "monitor.json").read_text())
    assert len(lines) == len(report["alerts"]) > 3
    assert all(a["alert"] is True and a["run"] == "cli" for a in lines)
    assert {"scope", "test", "feature", "statistic", "p_value", "threshold"} <= set(lines[0])
    assert any(a["test"] == "ks" and a["feature"] == "n_chars" for a in lines)
    assert NAME not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "last-week"], "--since: 'last-week' is not a date or time"),
    (["--until", "2026-13-40"], "--until: '2026-13-40' is not a date or time"),
    (["--since", "2026-11-03", "--until", "2026-11-01"],
     "--since 2026-11-03 must be before --until 2026-11-01 (a date as --until includes that day)"),
    (["--since", "2026-11-02", "--until", "2026-11-01T23:00"],
     "--since 2026-11-02 must be before --until 2026-11-01T23:00"),
])
def test_bad_window_is_one_error_line_and_exit_2(run_dir, args, message):
    result = _invoke(run_dir, *args)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], result.stderr


def test_an_empty_window_is_no_data_with_exit_4(run_dir, tmp_path):
    url = fill_store(run_dir, tmp_path / "p.db", shifted=False)
    result = _invoke(run_dir, "--store", url, "--since", "2031-01-01", "--out", tmp_path / "out")
    assert result.exit_code == 4, result.output
    assert result.stdout == "" and "monitor: no data: 0 predictions" in result.stderr
    report = json.loads((tmp_path / "out" / "monitor.json").read_text())
    assert report["status"] == "no data" and report["window"]["n"] == 0


def test_a_group_no_prediction_carries_is_said_on_stderr(run_dir, tmp_path):
    url = fill_store(run_dir, tmp_path / "p.db", shifted=False)
    result = _invoke(run_dir, "--store", url, "--since", "2026-11-01", "--groups", "sex,sexx",
                     "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # stdout stays one JSON line per alert
    assert "monitor: group 'sexx': no predictions carry the attribute 'sexx'" in result.stderr
    assert "group 'sex':" not in result.stderr


def test_a_tiny_window_runs_no_drift_test_and_exits_5(run_dir, tmp_path):
    # 2 shifted notes and the PHI note: with --min-group-size 2 this raised PSI alerts on 3 rows
    url = fill_store(run_dir, tmp_path / "p.db", shifted=True, n=2)
    result = _invoke(run_dir, "--store", url, "--min-group-size", 2, "--out", tmp_path / "out")
    assert result.exit_code == 5, result.output
    assert result.stdout == ""  # no alert line
    assert ("monitor: too few predictions in the window (3 < 30): no drift test run; report in"
            in result.stderr)
    report = json.loads((tmp_path / "out" / "monitor.json").read_text())
    assert report["status"] == "too few predictions" and report["min_window"] == 30
    assert report["alerts"] == [] and report["overall"]["results"] == [] and report["groups"] == {}
    assert report["window"]["n"] == 3 and sum(d["count"] for d in report["timeseries"]) == 3
    html = (tmp_path / "out" / "monitor.html").read_text(encoding="utf-8")
    assert "too few predictions in the window (3 &lt; 30): no drift test run" in html
    assert "No alerts." not in html


@pytest.mark.parametrize(("min_window", "code"), [(4, 5), (3, 3), (2, 3)])
def test_min_window_below_at_and_above(run_dir, tmp_path, min_window, code):
    url = fill_store(run_dir, tmp_path / "p.db", shifted=True, n=2)  # 3 rows
    result = _invoke(run_dir, "--store", url, "--min-group-size", 2, "--min-window", min_window,
                     "--out", tmp_path / "out")
    assert result.exit_code == code, result.output
    report = json.loads((tmp_path / "out" / "monitor.json").read_text())
    assert report["status"] == ("too few predictions" if code == 5 else "alert")


def test_min_window_under_2_is_one_error_line(run_dir, tmp_path):
    result = _invoke(run_dir, "--min-window", 1)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --min-window must be an integer >= 2; got 1"
