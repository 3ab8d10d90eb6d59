"""The fairness audit on synthetic scores with a known injected bias, and its controls."""

from __future__ import annotations

import inspect
import json
import logging

import numpy as np
import pandas as pd
import pytest

from meddx.audit import (
    GAP_METRICS,
    OVERALL_GAP_METRICS,
    FairnessAuditor,
    fairness_audit,
    synthetic_biased_scores,
)
from meddx.errors import ConfigError, DataError, ModelError


def gap(result, column, metric, label):
    found = [g for g in result["gaps"] if g["group_column"] == column and g["metric"] == metric
             and g["class"] == label]
    assert len(found) == 1, (column, metric, label)
    return found[0]


@pytest.fixture(scope="module")
def biased():
    y, p, groups = synthetic_biased_scores(2000, n_classes=2, rate=0.5, seed=1)
    return y, p, groups, fairness_audit(y, p, groups[["sex", "age_band"]], n_boot=300)


def test_the_injected_gap_is_flagged_with_an_interval_excluding_zero(biased):
    *_, result = biased
    eo = gap(result, "sex", "equal_opportunity_difference", "1")
    assert eo["flagged"] and eo["ci95"][0] > 0.1
    assert (eo["higher_group"], eo["lower_group"]) == ("M", "F")
    assert 0.3 < eo["value"] < 0.6  # half of F's positives hidden: TPR drops by ~0.45
    assert gap(result, "sex", "equalized_odds_difference", "1")["flagged"]
    assert gap(result, "sex", "demographic_parity_ratio", "1")["flagged"]
    # nothing else differs between the groups: FPR is equal, age bands are random
    assert not gap(result, "sex", "predictive_equality_difference", "1")["flagged"]
    assert not [g for g in result["gaps"] if g["group_column"] == "age_band" and g["flagged"]]


@pytest.mark.parametrize("n_classes", [2, 3])
def test_random_groups_are_not_flagged(n_classes):
    y, p, groups = synthetic_biased_scores(2000, n_classes=n_classes, rate=0.0, seed=2)
    result = fairness_audit(y, p, groups, n_boot=300, intersections="none")
    assert result["n_flagged"] == 0
    assert not [g for g in result["gaps"] if g["flagged"]]


def test_every_interval_contains_its_point_estimate(biased):
    *_, result = biased
    assert {g["metric"] for g in result["gaps"]} == set(GAP_METRICS) | set(OVERALL_GAP_METRICS)
    for g in result["gaps"]:
        lo, hi = g["ci95"]
        assert lo <= g["value"] <= hi, g
        assert 0.0 <= lo and hi <= 1.0


def test_point_estimates_match_fairlearn(biased):
    from fairlearn.metrics import (
        demographic_parity_difference,
        demographic_parity_ratio,
        equal_opportunity_difference,
        equalized_odds_difference,
    )

    y, p, groups, result = biased
    pred = p.argmax(axis=1)
    for column in ("sex", "age_band"):
        sf = groups[column]
        expected = {
            "demographic_parity_difference": demographic_parity_difference(y, pred, sensitive_features=sf),
            "demographic_parity_ratio": demographic_parity_ratio(y, pred, sensitive_features=sf),
            "equal_opportunity_difference": equal_opportunity_difference(y, pred, sensitive_features=sf),
            "equalized_odds_difference": equalized_odds_difference(y, pred, sensitive_features=sf),
        }
        for metric, value in expected.items():
            assert gap(result, column, metric, "1")["value"] == pytest.approx(value)


def test_per_group_figures(biased):
    y, p, groups, result = biased
    females = result["subgroups"]["sex"]["F"]
    mask = (groups["sex"] == "F").to_numpy()
    assert females["support"] == mask.sum()
    assert females["accuracy"] == pytest.approx(np.mean(p[mask].argmax(1) == y[mask]))
    figures = females["per_class"]["1"]
    assert set(figures) == {"n_positive", "tpr", "fpr", "precision", "f1", "auroc", "ece",
                            "selection_rate"}
    pos = mask & (y == 1)
    assert figures["n_positive"] == pos.sum()
    assert figures["tpr"] == pytest.approx(np.mean(p[pos].argmax(1) == 1))
    assert 0.5 < figures["auroc"] <= 1.0
    json.dumps(result)


def test_intersectional_groups(biased):
    *_, result = biased
    assert result["group_columns"] == ["sex", "age_band", "sex*age_band"]
    cells = result["subgroups"]["sex*age_band"]
    assert len(cells) == 8 and "F & 18-39" in cells
    assert sum(c["support"] for c in cells.values()) == 2000
    assert gap(result, "sex*age_band", "equal_opportunity_difference", "1")["flagged"]
    y, p, groups = synthetic_biased_scores(600, n_classes=2, seed=3)
    out = fairness_audit(y, p, groups, intersections=[["sex", "age_band", "site"]], n_boot=50)
    assert out["group_columns"][-1] == "sex*age_band*site"


def test_multiclass_is_audited_one_vs_rest_per_class():
    y, p, groups = synthetic_biased_scores(1500, n_classes=3, rate=0.6, seed=4)
    result = fairness_audit(y, p, groups[["sex"]], labels=["a", "b", "c"], n_boot=300)
    assert {g["class"] for g in result["gaps"]} == {"a", "b", "c", None}  # None: all classes
    assert set(result["subgroups"]["sex"]["F"]["per_class"]) == {"a", "b", "c"}
    assert gap(result, "sex", "equal_opportunity_difference", "c")["flagged"]  # the target
    assert not gap(result, "sex", "equal_opportunity_difference", "a")["flagged"]
    assert all(g["ci_classes"] == 3 for g in result["gaps"] if g["class"] is not None)


def test_multilabel_is_audited_per_label():
    rng = np.random.default_rng(5)
    y = (rng.random((400, 2)) < 0.5).astype(int)
    p = np.clip(y * 0.6 + rng.random((400, 2)) * 0.4, 0, 1)
    result = fairness_audit(y, p, {"sex": rng.choice(["F", "M"], 400)}, labels=["x", "z"],
                            n_boot=50)
    assert result["task"] == "multilabel"
    assert {g["class"] for g in result["gaps"]} == {"x", "z", None}  # None: all labels


def test_small_groups_are_warned_about_and_singletons_are_errors(caplog):
    y, p, groups = synthetic_biased_scores(300, n_classes=2, seed=6)
    groups = groups[["sex"]].copy()
    groups.loc[:9, "sex"] = "X"  # 10 rows
    with caplog.at_level(logging.WARNING, logger="meddx"):
        result = fairness_audit(y, p, groups, n_boot=50, min_group_size=30)
    assert any("'X' (10)" in w and "min_group_size=30" in w for w in result["warnings"])
    assert "'X' (10)" in caplog.text
    groups.loc[0, "sex"] = "Y"
    with pytest.raises(DataError, match="column 'sex': group 'Y' has only 1 row"):
        fairness_audit(y, p, groups, n_boot=50)


def test_missing_group_values_form_their_own_group():
    y, p, groups = synthetic_biased_scores(300, n_classes=2, seed=7)
    sex = groups["sex"].astype(object)
    sex[:40] = None
    result = fairness_audit(y, p, pd.DataFrame({"sex": sex}), n_boot=50)
    assert result["subgroups"]["sex"]["(missing)"]["support"] == 40


def test_estimator_contract_and_bad_settings():
    params = inspect.signature(FairnessAuditor.__init__).parameters
    assert all(p.kind is p.KEYWORD_ONLY for name, p in params.items() if name != "self")
    y, p, groups = synthetic_biased_scores(200, n_classes=2, seed=8)
    auditor = FairnessAuditor(n_boot=20)
    with pytest.raises(ModelError, match="FairnessAuditor is not fitted yet"):
        auditor.to_dict()
    assert auditor.fit(y, p, groups[["sex"]]) is auditor
    assert {"task_", "labels_", "n_", "group_columns_", "subgroups_", "gaps_", "warnings_"} <= \
        set(vars(auditor))
    with pytest.raises(ConfigError, match="tolerance must be a number in"):
        FairnessAuditor(tolerance=2).fit(y, p, groups)
    with pytest.raises(ConfigError, match="intersections must be 'pairs', 'all', 'none'"):
        FairnessAuditor(intersections="both").fit(y, p, groups)
    with pytest.raises(DataError, match="groups has 5 rows but there are 200 predictions"):
        FairnessAuditor().fit(y, p, groups.iloc[:5])
