"""bench/calib18_split.py and bench/calib18_floor.py: the demo from a config copy with another
split share, and the ECE floor as a function of the test size (docs/benchmarks.md, session 18,
calib18)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _split():
    return load_script("calib18_split", BENCH / "calib18_split.py")


def _floor():
    return load_script("calib18_floor", BENCH / "calib18_floor.py")


def test_config_copy_replaces_only_the_split_and_the_budget():
    import yaml

    from meddx.config import load_config
    from meddx.data import demo_path

    bench = _split()
    tree = bench.config_copy(7, 0.6, 0.2, 60.0)
    demo = yaml.safe_load(demo_path().with_name("demo.yaml").read_text(encoding="utf-8"))
    assert tree["data"]["split"] == {"train": 0.6, "validation": 0.2, "test": 0.2, "seed": 7}
    assert tree["train"]["time_budget_minutes"] == 60.0
    for section in ("model", "prep", "eval"):
        assert tree[section] == demo[section]
    assert {k: v for k, v in tree["train"].items() if k != "time_budget_minutes"} == {
        k: v for k, v in demo["train"].items() if k != "time_budget_minutes"}
    cfg = load_config(None, {**tree, "data": {**tree["data"], "path": str(demo_path())}})
    assert cfg.data.split.validation == 0.2 and cfg.train.time_budget_minutes == 60.0


@pytest.mark.slow  # loads the bundled corpus twice (a few seconds)
def test_a_larger_validation_share_draws_other_test_notes():
    bench = _split()
    a, b = bench.test_rows(13, 0.7, 0.1), bench.test_rows(13, 0.6, 0.2)
    assert abs(len(a) - len(b)) <= 1
    assert 0 < len(a & b) < len(a)  # the greedy deal changes: the test notes are not kept


def test_proba_with_confidence_keeps_the_top_label_confidence():
    bench = _floor()
    conf = np.array([0.2, 0.5, 0.99, 1.0])
    p = bench.proba_with_confidence(conf, 5)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p.max(axis=1), conf)
    with pytest.raises(ValueError, match="confidences"):
        bench.proba_with_confidence(np.array([0.1]), 5)


def test_the_floor_shrinks_with_the_test_size():
    bench = _floor()
    conf = np.random.default_rng(0).uniform(0.4, 0.95, 300)
    rows = bench.floor_by_size(conf, [100, 2000], k=3, draws=200)
    small, large = rows
    assert large["floor_mean"] < small["floor_mean"] / 2
    assert small["floor_95"][0] < small["floor_mean"] < small["floor_95"][1]


def test_smallest_size_reads_the_mean_or_the_upper_end():
    bench = _floor()
    rows = [{"n": 500, "floor_mean": 0.04, "floor_95": [0.02, 0.06]},
            {"n": 1000, "floor_mean": 0.029, "floor_95": [0.013, 0.046]},
            {"n": 3000, "floor_mean": 0.017, "floor_95": [0.008, 0.028]}]
    assert bench.smallest_size(rows, 0.03, key="mean") == 1000
    assert bench.smallest_size(rows, 0.03, key="upper") == 3000
    assert bench.smallest_size(rows, 0.001, key="mean") is None


def test_served_confidences_read_the_served_columns_only(tmp_path):
    bench = _floor()
    path = tmp_path / "predictions.csv"
    path.write_text("id,true,model_p[a],model_p[b],baseline_p[a],baseline_p[b]\n"
                    "1,a,0.7,0.3,0.1,0.9\n2,b,0.2,0.8,0.6,0.4\n", encoding="utf-8")
    np.testing.assert_allclose(bench.served_confidences(path), [0.7, 0.8])
    bad = tmp_path / "bad.csv"
    bad.write_text("id,p\n1,0.5\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        bench.served_confidences(bad)


def test_share_at_most_inverts_a_quantile_function():
    bench = _floor()
    draws = np.sort(np.random.default_rng(1).uniform(0.0, 0.1, 5000))
    share = bench.share_at_most(lambda q: float(np.quantile(draws, q)), 0.03)
    assert share == pytest.approx(np.mean(draws <= 0.03), abs=0.002)
    assert bench.share_at_most(lambda q: 0.5, 0.03) == 0.0


def test_the_share_within_target_matches_the_floor():
    bench = _floor()
    conf = np.random.default_rng(0).uniform(0.4, 0.95, 300)
    (row,) = bench.floor_by_size(conf, [400], k=3, target=0.05, draws=300)
    lo, hi = row["floor_95"]
    assert lo < 0.05 < hi or not 0.025 < row["share_at_most_target"] < 0.975
    (below,) = bench.floor_by_size(conf, [400], k=3, target=lo, draws=300)
    assert below["share_at_most_target"] == pytest.approx(0.025, abs=0.01)


def _row(f1, acc, auroc, ece, tfidf=(0.5, 0.6, 0.85)):
    return {"served": {"macro_f1": f1, "accuracy": acc, "macro_auroc": auroc, "ece": ece},
            "tfidf": dict(zip(("macro_f1", "accuracy", "macro_auroc"), tfidf, strict=True))}


@pytest.mark.parametrize(("candidate", "adopt", "failed"), [
    ([_row(0.60, 0.65, 0.88, 0.04), _row(0.62, 0.66, 0.89, 0.05)], True, None),
    ([_row(0.60, 0.65, 0.88, 0.06), _row(0.62, 0.66, 0.89, 0.05)], False,
     "mean served ECE lower"),
    ([_row(0.60, 0.59, 0.88, 0.04), _row(0.62, 0.66, 0.89, 0.05)], False,
     "beats TF-IDF on each split"),
    ([_row(0.58, 0.65, 0.88, 0.04), _row(0.60, 0.66, 0.89, 0.05)], False,
     "mean macro-F1 not lower by more than 0.015"),
])
def test_the_preregistered_rule(candidate, adopt, failed):
    bench = _split()
    current = [_row(0.60, 0.65, 0.88, 0.05), _row(0.62, 0.66, 0.89, 0.06)]
    out = bench.decide(current, candidate)
    assert out["adopt"] is adopt
    assert [k for k, ok in out["checks"].items() if not ok] == ([failed] if failed else [])
