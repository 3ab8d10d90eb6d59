"""Adversarial debiasing, multiclass group offsets, extra calibrators, the data audit, the audit
inside ``meddx train`` and its errors."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from meddx.audit import (
    CALIBRATORS,
    GroupOffsetMitigator,
    calibrator_from_dict,
    compare_mitigations,
    data_audit,
    synthetic_biased_notes,
    synthetic_biased_scores,
)
from meddx.config import load_config
from meddx.errors import ConfigError, DataError, ModelError, RunError
from meddx.train._adversarial import fit_adversarial_head


def _label_depends_on_group(n: int, seed: int):
    """Prevalence 0.7 in M, 0.3 in F; features: a noisy label signal, the group, noise."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["F", "M"], n)
    y = (rng.random(n) < np.where(sex == "M", 0.7, 0.3)).astype(np.int64)
    X = np.c_[y + rng.normal(0, 1.2, n), (sex == "M") * 2.0, rng.normal(0, 1, (n, 6))]
    return X, y, pd.DataFrame({"sex": sex})


def _eo(table, method, cls=None):
    rows = table[(table["method"] == method) & (table["metric"] == "equal_opportunity_difference")]
    if cls is not None:
        rows = rows[rows["class"] == cls]
    return rows.iloc[0]


@pytest.mark.slow
def test_adversarial_head_reduces_the_tpr_gap_and_weight_zero_is_a_plain_head():
    X, y, g = _label_depends_on_group(2000, 0)
    Xt, yt, gt = _label_depends_on_group(2000, 1)
    plain = fit_adversarial_head(X, y, g["sex"], n_classes=2, adversary_weight=0.0, seed=0)
    adv = fit_adversarial_head(X, y, g["sex"], n_classes=2, adversary_weight=3.0, seed=0)
    table = compare_mitigations(yt, {"none": plain.predict_proba(Xt),
                                     "adversarial": adv.predict_proba(Xt)}, gt, n_boot=100)
    after = _eo(table, "adversarial")
    assert after["flagged_before"]
    assert after["value"] < after["value_before"] / 2
    assert after["macro_f1_change"] > -0.1
    again = fit_adversarial_head(X, y, g["sex"], n_classes=2, adversary_weight=3.0, seed=0)
    assert np.allclose(again.weight, adv.weight)  # reproducible from the seed


def test_adversarial_head_errors():
    X, y, g = _label_depends_on_group(50, 0)
    with pytest.raises(ConfigError, match="adversary_weight must be >= 0"):
        fit_adversarial_head(X, y, g["sex"], n_classes=2, adversary_weight=-1)
    with pytest.raises(ConfigError, match="adversary_on must be one of logits, representation"):
        fit_adversarial_head(X, y, g["sex"], n_classes=2, adversary_on="pooled")
    with pytest.raises(DataError, match="at least 2 groups"):
        fit_adversarial_head(X, y, ["F"] * 50, n_classes=2)


def test_group_offsets_cut_a_multiclass_tpr_gap():
    yv, pv, gv = synthetic_biased_scores(3000, n_classes=3, rate=0.6, seed=1)
    yt, pt, gt = synthetic_biased_scores(3000, n_classes=3, rate=0.6, seed=2)
    mitigator = GroupOffsetMitigator().fit(pv, yv, gv["sex"])
    assert set(mitigator.offsets_) == {"F", "M"} and len(mitigator.targets_) == 3
    decisions = mitigator.predict(pt, gt["sex"])
    table = compare_mitigations(yt, {"none": pt, "threshold": decisions}, gt[["sex"]], n_boot=100)
    after = _eo(table, "threshold", cls="2")
    assert after["flagged_before"] and after["value"] < after["value_before"] / 2
    # the biased group's offset favours the class it misses
    assert mitigator.offsets_["F"][2] > mitigator.offsets_["M"][2]
    with pytest.raises(DataError, match="group 'X' was not seen"):
        mitigator.predict(pt[:2], ["X", "F"])
    with pytest.raises(ModelError, match="not fitted"):
        GroupOffsetMitigator().predict(pt, gt["sex"])


@pytest.mark.parametrize("method", ["vector", "dirichlet", "auto"])
def test_new_calibrators_lower_nll_and_round_trip(method):
    y, p, _ = synthetic_biased_scores(1500, n_classes=4, rate=0.0, strength=4.0, seed=3)
    p = p ** 0.4  # under-confident, and not a pure temperature change
    p /= p.sum(axis=1, keepdims=True)
    cal = CALIBRATORS.get(method)().fit(p[:800], y[:800])
    q = cal.transform(p[800:])
    nll = lambda r: -np.mean(np.log(r[np.arange(len(r)), y[800:]]))  # noqa: E731
    assert nll(q) < nll(p[800:])
    assert np.allclose(q.sum(axis=1), 1.0)
    back = calibrator_from_dict(json.loads(json.dumps(cal.to_dict())))
    assert np.allclose(back.transform(p[800:]), q)
    if method == "auto":
        assert cal.selection_["chosen"] in cal.selection_["nll"]
        assert back.method == cal.chosen_method != "auto"


def test_vector_scaling_rejects_multilabel():
    with pytest.raises(ConfigError, match="single-label tasks only"):
        CALIBRATORS.get("vector")().fit(np.full((4, 2), 0.5), np.array([[1, 0], [0, 1]] * 2))


def _notes_with_cue(n: int, seed: int) -> pd.DataFrame:
    notes = synthetic_biased_notes(n, seed=seed)
    cue = np.where(notes["sex"] == "F", "she", "he")
    notes["note"] = cue + " " + notes["note"]  # the text now names the group
    return notes


def test_data_audit_counts_prevalence_missing_and_proxy_flag():
    notes = _notes_with_cue(300, 0)
    notes.loc[:4, "age_band"] = None
    labels = sorted(notes["dx"].unique())
    y = np.array([labels.index(v) for v in notes["dx"]])
    out = data_audit(notes["note"].tolist(), y, labels, notes[["sex", "age_band"]],
                     ["sex", "age_band"], proxy_auroc=0.65)
    sex, age = out["sex"], out["age_band"]
    assert sex["missing"] == 0 and age["missing"] == 5
    assert age["representation"]["(missing)"]["n"] == 5
    assert sum(v["n"] for v in sex["representation"].values()) == 300
    f_rows = (notes["sex"] == "F").to_numpy()
    assert sex["label_prevalence"]["F"]["cardiac"] == pytest.approx(
        np.mean(notes["dx"][f_rows] == "cardiac"), abs=1e-4)
    assert sex["proxy"]["flagged"] and sex["proxy"]["auroc"] > 0.9  # "she"/"he" give it away
    assert not age["proxy"]["flagged"]  # random: no proxy
    assert "she" not in json.dumps(out)  # no note text
    with pytest.raises(DataError, match="group column 'race' was not loaded"):
        data_audit(notes["note"].tolist(), y, labels, notes[["sex"]], ["race"])


def _cfg(tmp_path, model_tiny, *, mode="frozen", fairness=None, split=None, calibration=None):
    notes = _notes_with_cue(240, 1)
    path = tmp_path / "notes.csv"
    notes.to_csv(path, index=False)
    data = {"path": str(path), "text_column": "note", "label_column": "dx",
            "id_column": "note_id", "group_columns": ["sex", "age_band"]}
    if split:
        data["split"] = split
    return load_config(overrides={
        "name": f"run-{mode}", "out_dir": str(tmp_path / "runs"), "data": data,
        "prep": {"max_length": 32}, "model": {"name": str(model_tiny), "mode": mode},
        "train": {"threads": 1, "max_steps": 2, "batch_size": 8},
        "eval": {"bootstrap": 0, **({"calibration": calibration} if calibration else {})},
        "baseline": False, "fairness": fairness or {}})


@pytest.mark.slow
def test_train_with_groups_writes_the_audit_card_and_report_section(tmp_path, model_tiny):
    from meddx.audit import audit_run
    from meddx.pipeline import train_run

    result = train_run(_cfg(tmp_path, model_tiny, calibration="auto"), quiet=True)
    run = result.run_dir
    audit = json.loads((run / "audit.json").read_text(encoding="utf-8"))
    assert audit["group_columns"][:2] == ["sex", "age_band"] and audit["gaps"]
    assert audit["calibration"]["ece_after"] is not None
    assert (run / "model_card.md").is_file()
    report = (run / "report.html").read_text(encoding="utf-8")
    assert 'id="audit"' in report and "equal_opportunity_difference" in report
    assert report.count("meddx:audit:begin") == 1
    card = json.loads((run / "data_card.json").read_text(encoding="utf-8"))
    assert card["data_audit"]["sex"]["proxy"]["flagged"]
    # meddx audit RUN refreshes the same section (one, not two)
    audit_run(run, groups=["sex"], calibration=None, n_boot=50)
    report = (run / "report.html").read_text(encoding="utf-8")
    assert report.count("meddx:audit:begin") == 1 and "No calibration" in report


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["frozen", "full"])
def test_train_with_adversarial_mitigation(tmp_path, model_tiny, mode):
    from meddx.pipeline import train_run

    fairness = {"mitigation": "adversarial", "group_column": "sex", "adversary_weight": 1.0,
                "groups": []}
    if mode == "full":
        fairness["adversary_on"] = "representation"
    result = train_run(_cfg(tmp_path, model_tiny, mode=mode, fairness=fairness), quiet=True)
    assert not (result.run_dir / "audit.json").exists()  # fairness.groups [] turns it off
    proba = result.metrics["model"]
    assert 0 <= proba["macro_f1"] <= 1


@pytest.mark.slow
def test_multiclass_threshold_mitigation_in_training(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    fairness = {"mitigation": "threshold", "group_column": "sex", "groups": []}
    result = train_run(_cfg(tmp_path, model_tiny, fairness=fairness), quiet=True)
    fair = result.metrics["fairness"]
    assert fair["method"] == "GroupOffsetMitigator" and fair["fitted_on"] == "validation"


@pytest.mark.slow
def test_clear_errors(tmp_path, model_tiny):
    from meddx.audit import audit_run
    from meddx.pipeline import train_run

    with pytest.raises(ConfigError, match="fairness.groups: 'race' is not in data.group_columns"):
        _cfg(tmp_path, model_tiny, fairness={"groups": ["race"]})
    # no validation split: the audit has no calibration data
    cfg = _cfg(tmp_path, model_tiny, split={"train": 0.7, "validation": 0.0, "test": 0.3},
               fairness={"groups": []})
    run = train_run(cfg, quiet=True).run_dir
    with pytest.raises(RunError, match="no validation split.*no calibration data"):
        audit_run(run, groups=["sex"], calibration="temperature")
    # a missing group column names the file, the column and the columns there are
    with pytest.raises(DataError, match="group column 'race' not found; columns are: note_id") as e:
        audit_run(run, groups=["race"], calibration=None)
    assert "notes.csv" in str(e.value)
    # a group with one member
    frame = pd.read_csv(tmp_path / "notes.csv")
    frame.loc[0, "sex"] = "X"
    frame.to_csv(tmp_path / "notes.csv", index=False)
    with pytest.raises(DataError, match="one member|1 row|single"):
        audit_run(run, data_path=tmp_path / "notes.csv", groups=["sex"], calibration=None)
