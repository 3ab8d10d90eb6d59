"""``meddx privacy-audit``: the membership attacks find an overfitted model, find nothing when
membership is random, and the run-level audit writes its JSON, report section and model card."""

from __future__ import annotations

import json

import numpy as np
import pytest

from meddx.privacy import PRIVACY_AUDIT_FILE, attack_metrics, membership_attack, privacy_audit_run
from tests._support.helpers import make_tfidf_run, synthetic_notes


def _overfit(n=80, n_out=80, d=300, k=3, seed=0):
    """Random features and random labels: an unregularised model can only memorise."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(seed)
    X_in, X_out = rng.normal(size=(n, d)), rng.normal(size=(n_out, d))
    y_in, y_out = rng.integers(0, k, n), rng.integers(0, k, n_out)
    model = LogisticRegression(C=1e4, max_iter=5000).fit(X_in, y_in)
    return model, (X_in, y_in), (X_out, y_out)


def test_attack_finds_a_memorising_model():
    model, (X_in, y_in), (X_out, y_out) = _overfit()
    result = membership_attack(model.predict_proba(X_in), y_in, model.predict_proba(X_out), y_out,
                               task="multiclass", n_boot=200)
    loss = result["attacks"]["loss"]
    assert loss["auc"] > 0.9 and loss["ci"]["auc"][0] > 0.8
    assert 0 <= loss["tpr_at_1pct_fpr"] <= 1  # 80 non-members cannot resolve 1% FPR:
    assert result["attacks"]["confidence"]["auc"] > 0.8
    assert result["fpr_resolvable"] == {"tpr_at_1pct_fpr": False, "tpr_at_0p1pct_fpr": False}


def test_attack_is_chance_when_membership_is_random():
    """Same model, but 'members' and 'non-members' are two random halves of unseen notes."""
    model, _, (X_out, y_out) = _overfit(n_out=2000)
    half = np.random.default_rng(1).permutation(len(X_out))
    a, b = half[:1000], half[1000:]
    p = model.predict_proba(X_out)
    result = membership_attack(p[a], y_out[a], p[b], y_out[b], task="multiclass", n_boot=100)
    for name, r in result["attacks"].items():
        assert abs(r["auc"] - 0.5) < 0.04, name  # null SD of the AUC here: 0.013
        assert r["ci"]["auc"][0] < 0.5 < r["ci"]["auc"][1], name


def test_tpr_at_fpr_reads_the_roc_curve():
    members = np.array([0.9, 0.8, 0.7, 0.2])
    nonmembers = np.r_[np.linspace(0.0, 0.6, 199), 0.75]  # one above 0.7: FPR 0.5%
    m = attack_metrics(members, nonmembers)
    assert m["tpr_at_1pct_fpr"] == pytest.approx(0.75)
    assert m["tpr_at_0p1pct_fpr"] == pytest.approx(0.5)


def test_attack_metrics_match_sklearns_roc_curve_with_ties():
    """The numpy AUC and TPR-at-FPR equal sklearn's (roc_auc_score; roc_curve read at the FPR)
    on scores with many ties, where rank and threshold conventions matter."""
    from sklearn.metrics import roc_auc_score, roc_curve

    rng = np.random.default_rng(3)
    for m, n, levels in ((40, 1500, 6), (300, 531, 40), (5, 99, 3)):
        members = rng.integers(0, levels, m) + (rng.random(m) < 0.3)
        nonmembers = rng.integers(0, levels, n).astype(float)
        y, s = np.r_[np.ones(m), np.zeros(n)], np.r_[members, nonmembers]
        fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
        got = attack_metrics(members, nonmembers)
        assert got["auc"] == pytest.approx(roc_auc_score(y, s))
        for key, target in (("tpr_at_1pct_fpr", 0.01), ("tpr_at_0p1pct_fpr", 0.001)):
            assert got[key] == pytest.approx(tpr[fpr <= target + 1e-12].max())


def test_privacy_audit_run_writes_json_report_and_model_card(tmp_path):
    from typer.testing import CliRunner

    from meddx.cli import app

    run = make_tfidf_run(tmp_path, synthetic_notes(150, seed=3), name="mia")
    (run / "report.html").write_text("<html><body><h1>run</h1></body></html>", encoding="utf-8")
    result, path = privacy_audit_run(run, n_boot=50)
    assert path == run / PRIVACY_AUDIT_FILE
    saved = json.loads(path.read_text())
    card = json.loads((run / "data_card.json").read_text())
    assert saved["n_members"] == card["splits"]["train"]["n"]
    assert saved["n_nonmembers"] == card["splits"]["test"]["n"]
    assert set(saved["attacks"]) == {"loss", "confidence"} and saved["dp"] is None
    html = (run / "report.html").read_text()
    assert html.count("Privacy: membership inference") == 1
    privacy_audit_run(run, n_boot=20)  # a second audit replaces the section
    assert (run / "report.html").read_text().count("Privacy: membership inference") == 1
    (run / "model_card.md").write_text("old", encoding="utf-8")
    out = CliRunner().invoke(app, ["privacy-audit", str(run), "--bootstrap", "20", "-q"])
    assert out.exit_code == 0, out.output
    assert "membership inference" in out.output
    model_card = (run / "model_card.md").read_text(encoding="utf-8")
    assert "## Privacy" in model_card and "| loss |" in model_card
    notes = synthetic_notes(150, seed=3)["note"].tolist()
    for text in [html, model_card, path.read_text()]:
        assert not any(note in text for note in notes)


def test_privacy_audit_refuses_a_changed_data_file(tmp_path):
    from meddx.errors import RunError

    run = make_tfidf_run(tmp_path, synthetic_notes(90, seed=4), name="changed")
    synthetic_notes(90, seed=5).to_csv(tmp_path / "changed.csv", index=False)
    with pytest.raises(RunError, match="not the one run .* was trained on"):
        privacy_audit_run(run, n_boot=10)


def test_calibrated_attack_with_reference_models():
    """Reference models that saw neither set: the calibrated attack still finds the memorising
    model, and stays at chance when membership is random."""
    model, (X_in, y_in), (X_out, y_out) = _overfit(n_out=400)
    refs = [_overfit(seed=s)[0] for s in (1, 2, 3)]  # same kind of model, other notes

    def ref(X):
        return np.mean([r.predict_proba(X) for r in refs], axis=0)

    out = membership_attack(model.predict_proba(X_in), y_in, model.predict_proba(X_out[:80]),
                            y_out[:80], task="multiclass", n_boot=50,
                            reference=(ref(X_in), ref(X_out[:80])))
    assert set(out["attacks"]) == {"loss", "confidence", "calibrated"}
    # well above chance; below the plain loss attack here, since reference models fitted to
    # random labels add their own confident noise to each note's reference loss
    assert out["attacks"]["calibrated"]["auc"] > 0.75
    a, b = X_out[:200], X_out[200:]
    null = membership_attack(model.predict_proba(a), y_out[:200], model.predict_proba(b),
                             y_out[200:], task="multiclass", n_boot=50,
                             reference=(ref(a), ref(b)))
    assert abs(null["attacks"]["calibrated"]["auc"] - 0.5) < 0.08  # null SD here: about 0.03


def test_cli_privacy_audit_runs_the_calibrated_attack_on_a_frozen_run(tmp_path, model_tiny):
    """``meddx privacy-audit RUN`` (reference heads on by default) adds the calibrated attack
    to privacy_audit.json, the report and the model card of a frozen-encoder run."""
    from typer.testing import CliRunner

    from meddx.cli import app
    from meddx.pipeline import train_run
    from tests._support.helpers import tiny_run_config

    notes = synthetic_notes(90, seed=6, patients=45)
    cfg = tiny_run_config(tmp_path, notes, model_tiny, name="cal", prep={"max_length": 16},
                          registry={"enabled": False})
    run = train_run(cfg, quiet=True).run_dir
    (run / "model_card.md").write_text("old", encoding="utf-8")
    out = CliRunner().invoke(app, ["privacy-audit", str(run), "--bootstrap", "20",
                                   "--reference-models", "2", "-q"])
    assert out.exit_code == 0, out.output
    saved = json.loads((run / PRIVACY_AUDIT_FILE).read_text())
    assert set(saved["attacks"]) == {"loss", "confidence", "calibrated"}
    cal = saved["calibrated"]
    assert cal["reference_models"] == 2 and 0 < cal["n_members"] < saved["n_members"]
    assert 0 <= saved["attacks"]["calibrated"]["auc"] <= 1
    assert "calibrated" in out.output
    assert "<td>calibrated</td>" in (run / "report.html").read_text(encoding="utf-8")
    card = (run / "model_card.md").read_text(encoding="utf-8")
    assert "| calibrated |" in card and "2 reference heads" in card
