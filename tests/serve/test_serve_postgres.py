"""The prediction log, the review page's feedback table and ``meddx monitor report`` on
PostgreSQL (``.ci/with-postgres`` starts a server; without one these tests skip, and fail
under ``MEDDX_REQUIRE_POSTGRES=1``)."""

from __future__ import annotations

import pytest

from meddx.monitor import monitor_report
from meddx.monitor._log import read_feedback, read_window
from meddx.serve import PredictionService, ServeSettings
from meddx.serve._feedback import FeedbackStore
from tests._support.helpers import make_tfidf_run, synthetic_notes

NAME = "Hannah Whitfield"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("pg"), synthetic_notes(400, seed=5), name="pgmon")


@pytest.mark.parametrize("commit", ["batched", "per_request"])
def test_the_prediction_log_feedback_and_monitor_report_on_postgresql(run_dir, tmp_path, postgres_url,
                                                                       commit):
    assert postgres_url.startswith("postgresql+psycopg://")
    service = PredictionService(run_dir, ServeSettings.build(
        store_url=postgres_url, store_text=True, insecure_no_auth=True, log_commit=commit))
    notes = synthetic_notes(80, seed=11)["note"].tolist()
    for sex, part in (("F", notes[:40]), ("M", notes[40:])):
        for i in range(0, len(part), 10):
            service.predict(part[i:i + 10], groups={"sex": sex})
    service.predict([f"Chest pain. Spoke with daughter {NAME}, troponin elevated."], groups={"sex": "F"})
    feedback = FeedbackStore(service.store)  # the review page's table, next to the log
    rows = service.store.rows()
    assert len(rows) == 81 and rows[0]["created_at"].tzinfo is not None
    assert NAME not in (rows[-1]["text"] or "") and rows[-1]["groups"] == {"sex": "F"}
    for row in rows[:30]:
        feedback.add(row["id"], reviewer="dr-a", label=row["label"], agree=True)
    feedback.add(rows[30]["id"], reviewer="dr-b", comment="unsure")
    service.close()

    window = read_window(postgres_url)
    assert len(window) == 81 and set(window["model_version"]) == {service.model_version}
    labelled = read_feedback(postgres_url)
    assert len(labelled) == 30  # the comment alone has no label
    report = monitor_report(run_dir, postgres_url, out_dir=tmp_path / "out", tests=["psi", "ks"])
    assert report["window"]["n"] == 81
    assert set(report["groups"]["sex"]) == {"F", "M"}
    assert report["performance"]["status"] == "ok"
    assert sum(d["n_labelled"] for d in report["performance"]["daily"]) == 30
