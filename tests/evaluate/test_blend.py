"""The blend with the baseline (eval.blend: baseline), on synthetic probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.errors import ConfigError, ModelError
from meddx.evaluate import BLENDS, BaselineBlend, blend_proba


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _data(n=300, k=3, seed=0, baseline_signal=1.5):
    """An over-confident model and a baseline whose errors are independent of the model's."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    onehot = np.eye(k)[y]
    model = _softmax(3.0 * (1.2 * onehot + rng.normal(0, 1, (n, k))))
    baseline = _softmax(baseline_signal * onehot + rng.normal(0, 1, (n, k)))
    return y, model, baseline


def _nll(p, y):
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))


def test_blend_proba_is_geometric_and_zero_weight_is_the_model():
    p = np.array([[0.8, 0.2], [0.5, 0.5]])
    b = np.array([[0.2, 0.8], [0.9, 0.1]])
    np.testing.assert_allclose(blend_proba(p, b, 0.0), p)
    mid = blend_proba(p, b, 0.5)
    np.testing.assert_allclose(mid[0], [0.5, 0.5])
    np.testing.assert_allclose(mid.sum(axis=1), 1.0)
    with pytest.raises(ModelError, match="differ in shape"):
        blend_proba(p, b[:1], 0.5)


def test_blend_with_an_informative_baseline_gets_weight_and_lower_held_out_nll():
    y, model, baseline = _data()
    blend = BaselineBlend(calibration="temperature").fit(model, baseline, y)
    assert blend.weight_ > 0
    nll = blend.selection_["nll"]
    assert nll[blend.selection_["chosen"]] < nll["0"]
    # On fresh rows from the same process, the served blend beats the model calibrated alone.
    y2, model2, baseline2 = _data(seed=1)
    assert _nll(blend.transform(model2, baseline2), y2) < _nll(
        blend.transform_unblended(model2), y2)


def test_blend_with_a_useless_baseline_keeps_the_model_alone():
    y, model, baseline = _data(baseline_signal=0.0)
    blend = BaselineBlend(calibration="temperature").fit(model, baseline, y)
    assert blend.weight_ == 0.0
    np.testing.assert_allclose(blend.transform(model, baseline), blend.transform_unblended(model))


def test_blend_is_chosen_on_the_rows_it_is_fitted_on_only():
    """The weight and calibrator depend on the validation rows only: scoring other rows with
    transform() changes nothing, and refitting on the same rows gives the same choice."""
    y, model, baseline = _data()
    a = BaselineBlend(calibration="temperature", weights=(0, 0.3, 0.6)).fit(model, baseline, y)
    before = a.to_dict()
    _, model2, baseline2 = _data(seed=3)
    a.transform(model2, baseline2)
    assert a.to_dict() == before
    b = BaselineBlend(calibration="temperature", weights=(0, 0.3, 0.6)).fit(model, baseline, y)
    assert b.weight_ == a.weight_ and b.chosen_method == a.chosen_method


def test_blend_round_trips_through_json():
    import json

    y, model, baseline = _data()
    blend = BaselineBlend(calibration="auto", weights=(0, 0.5)).fit(model, baseline, y)
    again = BLENDS.get("baseline").from_dict(json.loads(json.dumps(blend.to_dict())))
    np.testing.assert_allclose(again.transform(model, baseline), blend.transform(model, baseline))
    np.testing.assert_allclose(again.transform_unblended(model), blend.transform_unblended(model))
    assert again.weight_ == blend.weight_


def test_blend_errors():
    y, model, baseline = _data(n=60)
    with pytest.raises(ConfigError, match="weights"):
        BaselineBlend(weights=[1.0]).fit(model, baseline, y)
    with pytest.raises(ConfigError, match="unknown calibrator"):
        BaselineBlend(calibration="nope").fit(model, baseline, y)
    with pytest.raises(ModelError, match="not fitted"):
        BaselineBlend().transform(model, baseline)
    with pytest.raises(ConfigError, match="single-label"):
        BaselineBlend().fit(model, baseline, np.eye(3, dtype=int)[y])


def test_fits_run_on_one_blas_thread_and_give_the_setting_back(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    from meddx.evaluate import CALIBRATORS

    def blas():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    temperature = CALIBRATORS.get("temperature")
    inner, seen = temperature._fit, []

    def probe(self, p, y, task):
        seen.append(blas())
        return inner(self, p, y, task)

    monkeypatch.setattr(temperature, "_fit", probe)
    y, model, baseline = _data(n=120)
    with threadpool_limits(limits=2, user_api="blas"):  # what a 2-core machine starts with
        before = blas()
        temperature().fit(model, y)
        BaselineBlend(calibration="temperature", weights=(0.5,)).fit(model, baseline, y)
        assert blas() == before
    assert len(seen) > 2 and all(n == [1] * len(n) for n in seen)


def test_the_demo_config_builds_a_toplabel_blend_that_keeps_the_blends_top_label():
    """The demo's served recipe since session 12 (demo.yaml: eval.blend baseline, eval.calibration
    toplabel; docs/benchmarks.md, branch cal12), built as the pipeline builds it: the weight is
    chosen by held-out NLL, the calibrator at every weight (and the model-alone one reported
    beside it) is toplabel, the served top label is the blend's own at the chosen weight."""
    import json
    from importlib import resources
    from pathlib import Path

    from meddx.config import load_config

    demo = Path(str(resources.files("meddx.data") / "demo" / "demo.yaml"))
    cfg = load_config(demo, {"data": {"path": str(demo.with_name("medical_abstracts.csv"))}})
    assert (cfg.eval.blend, cfg.eval.calibration) == ("baseline", "toplabel")
    y, model, baseline = _data(seed=4)
    blend = BLENDS.get(cfg.eval.blend)(calibration=cfg.eval.calibration).fit(model, baseline, y)
    assert blend.weight_ > 0
    nll = blend.selection_["nll"]
    assert nll[blend.selection_["chosen"]] == min(nll.values())
    assert set(blend.selection_["calibrator"].values()) == {"toplabel"}
    assert blend.chosen_method == "toplabel" and blend.unblended_.method == "toplabel"
    _, model2, baseline2 = _data(seed=5)
    served = blend.transform(model2, baseline2)
    np.testing.assert_allclose(served.sum(axis=1), 1.0)
    np.testing.assert_array_equal(served.argmax(axis=1),
                                  blend_proba(model2, baseline2, blend.weight_).argmax(axis=1))
    again = BLENDS.get("baseline").from_dict(json.loads(json.dumps(blend.to_dict())))
    np.testing.assert_allclose(again.transform(model2, baseline2), served)
