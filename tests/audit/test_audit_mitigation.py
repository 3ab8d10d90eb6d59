"""Mitigation: reweighing, group-balanced resampling, ThresholdMitigator, the comparison table,
the ``fairness`` config and its wiring into training."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from meddx.audit import (
    ThresholdMitigator,
    compare_mitigations,
    group_balanced_indices,
    reweighting_weights,
    synthetic_biased_notes,
    synthetic_biased_scores,
)
from meddx.config import load_config
from meddx.errors import ConfigError, DataError, ModelError
from meddx.train import ImbalanceConfig
from meddx.train._head import fit_head

# -- reweighting ---------------------------------------------------------------------------


@pytest.mark.parametrize(("y", "groups", "expected"), [
    # 4 rows: F has labels 1,1,1,0; M has 0,0,0,1 (n=8). n_g=4, n_y=4: w = 2 / n_gy
    ([1, 1, 1, 0, 0, 0, 0, 1], list("FFFFMMMM"), [2 / 3] * 3 + [2.0] + [2 / 3] * 3 + [2.0]),
    # independent already: every weight is 1
    ([0, 1, 0, 1], list("FFMM"), [1.0] * 4),
])
def test_reweighting_weights_table(y, groups, expected):
    assert reweighting_weights(np.array(y), groups) == pytest.approx(expected)


def test_reweighting_makes_group_and_label_independent():
    y, _, groups = synthetic_biased_scores(900, n_classes=3, seed=4)
    moved = (groups["sex"] == "F").to_numpy() & (y == 2) & (np.arange(900) % 2 == 0)
    y = np.where(moved, 0, y)  # label depends on group; every cell still occurs
    w = reweighting_weights(y, groups["sex"])
    assert w.mean() == pytest.approx(1.0)
    total = w.sum()
    for g in ("F", "M"):
        for c in range(3):
            cell = w[(groups["sex"] == g).to_numpy() & (y == c)].sum() / total
            share_g = np.mean(groups["sex"] == g)
            share_c = np.mean(y == c)
            assert cell == pytest.approx(share_g * share_c)
    empty = np.where((groups["sex"] == "F").to_numpy() & (y == 2), 0, y)  # an empty cell
    assert reweighting_weights(empty, groups["sex"]).mean() == pytest.approx(1.0)


def test_reweighting_crosses_dataframe_columns_and_rejects_multilabel():
    y, _, groups = synthetic_biased_scores(400, seed=1)
    crossed = reweighting_weights(y, groups[["sex", "site"]])
    keys = groups["sex"] + " & " + groups["site"]
    assert crossed == pytest.approx(reweighting_weights(y, keys.to_numpy()))
    with pytest.raises(ConfigError, match="single-label"):
        reweighting_weights(np.zeros((4, 2)), list("FFMM"))
    with pytest.raises(DataError, match="groups has 3 rows"):
        reweighting_weights(np.array([0, 1, 0, 1]), pd.DataFrame({"sex": list("FFM")}))


# -- resampling ----------------------------------------------------------------------------


def test_group_balanced_indices_equalises_cells_and_keeps_every_row():
    y, _, groups = synthetic_biased_scores(500, seed=2)
    y = np.where((groups["sex"] == "F").to_numpy() & (np.arange(500) % 3 == 0), 1, y)
    idx = group_balanced_indices(y, groups["sex"], seed=5)
    cells = pd.crosstab(groups["sex"].to_numpy()[idx], y[idx])
    assert cells.to_numpy().min() == cells.to_numpy().max()
    assert set(idx.tolist()) == set(range(500)) and np.all(np.diff(idx) >= 0)
    assert np.array_equal(idx, group_balanced_indices(y, groups["sex"], seed=5))
    assert not np.array_equal(idx, group_balanced_indices(y, groups["sex"], seed=6))


# -- mitigation reduces a gap --------------------------------------------------------------


def _label_depends_on_group(n: int, seed: int):
    """Label prevalence 0.7 in M, 0.3 in F; features: a noisy signal and the group itself."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["F", "M"], n)
    y = (rng.random(n) < np.where(sex == "M", 0.7, 0.3)).astype(np.int64)
    X = np.c_[y + rng.normal(0, 1.2, n), (sex == "M") * 2.0]
    return X, y, pd.DataFrame({"sex": sex})


def _gap(table, method, metric="equal_opportunity_difference", column="sex"):
    row = table[(table["method"] == method) & (table["metric"] == metric)
                & (table["group_column"] == column)]
    return row.iloc[0]


def test_reweighting_and_resampling_reduce_the_flagged_gap_of_a_head():
    X, y, groups = _label_depends_on_group(2000, 0)
    X_test, y_test, groups_test = _label_depends_on_group(2000, 1)
    kw = {"n_classes": 2, "C": 1.0, "imbalance": ImbalanceConfig(), "seed": 0}
    plain = fit_head(X, y, **kw)
    reweighted = fit_head(X, y, sample_weight=reweighting_weights(y, groups["sex"]), **kw)
    rows = group_balanced_indices(y, groups["sex"], seed=0)
    resampled = fit_head(X[rows], y[rows], **kw)
    table = compare_mitigations(
        y_test, {"none": plain.predict_proba(X_test), "reweighting": reweighted.predict_proba(X_test),
                 "resampling": resampled.predict_proba(X_test)}, groups_test, n_boot=200)
    before = _gap(table, "none")
    assert before["flagged"]
    for method in ("reweighting", "resampling"):
        after = _gap(table, method)
        assert after["value"] < before["value"] / 2 and after["change"] < 0
        assert after["value_before"] == before["value"] and after["flagged_before"]
        dp = _gap(table, method, "demographic_parity_difference")
        assert dp["value"] < dp["value_before"]


def test_threshold_mitigator_reduces_the_injected_tpr_gap():
    y_val, p_val, g_val = synthetic_biased_scores(2000, rate=0.6, seed=1)
    y_test, p_test, g_test = synthetic_biased_scores(2000, rate=0.6, seed=2)
    mitigator = ThresholdMitigator(seed=3).fit(p_val, y_val, g_val["sex"])
    decisions = mitigator.predict(p_test, g_test["sex"])
    assert set(np.unique(decisions)) <= {0, 1}
    assert np.array_equal(decisions, mitigator.predict(p_test, g_test["sex"]))
    table = compare_mitigations(y_test, {"none": p_test, "threshold": decisions}, g_test[["sex"]],
                                n_boot=200)
    after = _gap(table, "threshold")
    assert after["flagged_before"] and not after["flagged"]
    assert after["value"] < after["value_before"] / 2
    assert set(table["method"]) == {"none", "threshold"}
    assert table["macro_f1_change"].iloc[0] == 0


# -- estimator contract and errors ---------------------------------------------------------


def test_threshold_mitigator_follows_the_estimator_contract():
    y, p, g = synthetic_biased_scores(300, seed=0)
    with pytest.raises(TypeError):
        ThresholdMitigator("equalized_odds")  # keyword-only
    mitigator = ThresholdMitigator(constraints="demographic_parity")
    assert mitigator.get_params()["constraints"] == "demographic_parity"
    with pytest.raises(ModelError, match="not fitted yet"):
        mitigator.predict(p, g["sex"])
    assert not [k for k in vars(mitigator) if k.endswith("_")]
    assert mitigator.fit(p, y, g["sex"]) is mitigator
    fitted = {k for k in vars(mitigator) if k.endswith("_")}
    assert fitted == {"optimizer_", "groups_", "n_"}
    assert mitigator.groups_ == ["F", "M"] and mitigator.n_ == 300


def test_threshold_mitigator_errors_name_the_limitation():
    y, p, g = synthetic_biased_scores(300, n_classes=3, seed=0)
    with pytest.raises(ConfigError, match="binary tasks only.*shape \\(300, 3\\).*Multiclass"):
        ThresholdMitigator().fit(p, y, g["sex"])
    y, p, g = synthetic_biased_scores(300, seed=0)
    with pytest.raises(ConfigError, match="constraints must be one of .*got 'parity'"):
        ThresholdMitigator(constraints="parity").fit(p, y, g["sex"])
    mitigator = ThresholdMitigator().fit(p, y, g["sex"])
    with pytest.raises(DataError, match="group 'X' was not seen"):
        mitigator.predict(p[:2], ["F", "X"])
    with pytest.raises(ConfigError, match="reference method 'base'"):
        compare_mitigations(y, {"none": p}, g, reference="base")


# -- config and training -------------------------------------------------------------------


def test_fairness_config_validates_the_group_column():
    ok = load_config(overrides={"data": {"group_columns": ["sex"]},
                                "fairness": {"mitigation": "reweighting", "group_column": "sex"}})
    assert ok.fairness.mitigation == "reweighting"
    with pytest.raises(ConfigError, match="fairness.group_column 'race' is not in "
                                          "data.group_columns; they are: sex"):
        load_config(overrides={"data": {"group_columns": ["sex"]},
                               "fairness": {"mitigation": "resampling", "group_column": "race"}})
    with pytest.raises(ConfigError, match="needs fairness.group_column"):
        load_config(overrides={"fairness": {"mitigation": "threshold"}})
    with pytest.raises(ConfigError, match="fairness.mitigation"):
        load_config(overrides={"fairness": {"mitigation": "adversarial"}})


def test_config_docs_list_the_fairness_fields():
    text = (Path(__file__).parents[2] / "docs" / "config.md").read_text(encoding="utf-8")
    assert "fairness.mitigation" in text and "fairness.group_column" in text


def _run_cfg(tmp_path, model_tiny, mitigation, *, binary=False, mode="frozen"):
    notes = synthetic_biased_notes(240, seed=1)
    if binary:
        notes = notes[notes["dx"] != "neuro"]
    path = tmp_path / "notes.csv"
    notes.to_csv(path, index=False)
    return load_config(overrides={
        "name": f"{mitigation}-{mode}", "out_dir": str(tmp_path / "runs"),
        "data": {"path": str(path), "text_column": "note", "label_column": "dx",
                 "id_column": "note_id", "group_columns": ["sex", "age_band"]},
        "prep": {"max_length": 32},
        "model": {"name": str(model_tiny), "mode": mode},
        "train": {"threads": 1, "max_steps": 2, "batch_size": 8},
        "eval": {"bootstrap": 0}, "baseline": False,
        "fairness": {"mitigation": mitigation, "group_column": "sex"}})


@pytest.mark.parametrize("mitigation", ["reweighting", "resampling", "threshold"])
def test_train_run_with_mitigation(tmp_path, model_tiny, mitigation):
    from meddx.pipeline import train_run

    result = train_run(_run_cfg(tmp_path, model_tiny, mitigation, binary=True), quiet=True)
    report = (result.run_dir / "report.html").read_text(encoding="utf-8")
    assert "Fairness mitigation" in report
    metrics = json.loads((result.run_dir / "metrics.json").read_text(encoding="utf-8"))
    if mitigation == "threshold":
        fairness = metrics["fairness"]
        assert fairness["group_column"] == "sex" and fairness["fitted_on"] == "validation"
        assert {g["metric"] for g in fairness["gaps"]} >= {"equal_opportunity_difference"}
    else:
        assert "fairness" not in metrics


def test_finetune_with_reweighting_and_task_checks(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    result = train_run(_run_cfg(tmp_path, model_tiny, "reweighting", mode="full"), quiet=True)
    assert (result.run_dir / "metrics.json").is_file()
    clash = _run_cfg(tmp_path, model_tiny, "reweighting")
    clash.train.imbalance.strategy = "oversample"
    with pytest.raises(ConfigError, match="cannot be combined with train.imbalance.strategy"):
        train_run(clash, quiet=True)
