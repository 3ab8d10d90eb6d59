"""report.html of a real (tiny) training run, in Debian's chromium driven by Playwright: a
full-page screenshot, every in-page link resolves, and the first-day fixes hold (a verdict,
served figures beside uncalibrated ones, the leak-scan status, the data card as tables)."""

from __future__ import annotations

import json

import pytest

from tests._support.helpers import synthetic_notes, tiny_run_config


@pytest.fixture(scope="module")
def report_run(model_tiny, tmp_path_factory):
    from meddx.pipeline import train_run

    folder = tmp_path_factory.mktemp("report-run")
    notes = synthetic_notes(90, seed=4, patients=40)
    data = {"path": str(folder / "notes.csv"), "text_column": "note", "label_column": "dx",
            "id_column": "note_id", "patient_column": "patient", "group_columns": ["sex"]}
    cfg = tiny_run_config(folder, notes, model_tiny, name="run",
                          data=data, prep={"max_length": 16}, registry={"enabled": False})
    return train_run(cfg, quiet=True).run_dir


def test_report_reads_right(report_run):
    html = (report_run / "report.html").read_text(encoding="utf-8")
    metrics = json.loads((report_run / "metrics.json").read_text())
    assert "meddx run run" not in html and "<title>meddx report: run run</title>" in html
    assert "main model: <strong>model</strong>" not in html
    assert "main model: <strong>tiny (frozen), calibrated (temperature)</strong>" in html
    assert "<td>tiny (frozen), uncalibrated</td>" in html  # beside the served figures
    assert metrics["served"] == {"probabilities": "calibrated", "calibrator": "temperature",
                                 "metrics": "model", "uncalibrated_metrics": "model_uncalibrated"}
    assert metrics["model"]["ece"] == pytest.approx(metrics["calibration"]["test"]["ece_after"],
                                                    abs=1e-9)
    assert metrics["verdict"]["sentence"] in html
    assert "Leak scan: passed." in html
    assert "Differences: largest group minus smallest (0 is parity)" in html  # the audit's gaps
    assert "Ratios: smallest group / largest (1 is parity)" in html  # apart from the ratios
    assert "macro_f1_difference" in html and "all classes" in html
    assert "Class imbalance: none" not in html and "no correction applied" in html
    assert "n/a: the class has a single value" not in html  # nothing is n/a here
    assert "<pre>{" not in html and "dropped_by_reason" not in html  # tables; empty left out
    card = json.loads((report_run / "data_card.json").read_text())
    assert card["truncation"]["n_notes"] == 90 and card["truncation"]["n_truncated"] > 0
    assert f"Truncation: {card['truncation']['n_truncated']} of 90 notes" in html
    predictions = (report_run / "predictions.csv").read_text().splitlines()[0]
    assert "model_pred" in predictions and "model_uncalibrated_pred" in predictions


@pytest.mark.slow
def test_report_in_chromium_links_resolve_and_screenshot(report_run, tmp_path):
    from tests._support.browser import chromium_page

    with chromium_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((report_run / "report.html").as_uri())
        hrefs = page.eval_on_selector_all("a[href^='#']", "els => els.map(e => e.getAttribute('href'))")
        assert {"#verdict", "#headline", "#audit", "#privacy", "#data"} <= set(hrefs)
        missing = [h for h in hrefs if page.locator(f"[id='{h[1:]}']").count() != 1]
        assert not missing, missing
        page.click("a[href='#audit']")
        assert page.evaluate("location.hash") == "#audit"
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 50_000
        height = page.evaluate("document.body.scrollHeight")
        assert height > 2000  # the whole report, not an error page
        assert not errors, errors
