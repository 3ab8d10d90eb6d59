"""Subgroup mitigation in training (``fairness.mitigation`` in the run config).

* ``reweighting``: per-example weights from :func:`meddx.audit.reweighting_weights`. The
  frozen head takes them as sample weights; fine-tuning draws batches with them (a weighted
  sampler with replacement, which reweights in expectation).
* ``resampling``: the frozen head trains on :func:`meddx.audit.group_balanced_indices`;
  fine-tuning draws every (group x label) cell equally often.
* ``adversarial``: an adversary predicts the group through a gradient-reversal layer
  (:mod:`meddx.train._adversarial`): on the frozen head, or inside the fine-tuning loop.
* ``threshold`` is post-processing: it changes nothing here (see ``meddx.audit``).
"""

from __future__ import annotations

import numpy as np

from meddx.config import RunConfig
from meddx.errors import ConfigError
from meddx.models import get_mode

__all__ = ["adversary_groups", "check_mitigation", "head_mitigation", "sampler_weights",
           "threshold_mitigation"]


def _groups(cfg: RunConfig, corpus) -> object:
    col = cfg.fairness.group_column
    if corpus.groups is None or col not in corpus.groups.columns:
        raise ConfigError(f"fairness.group_column '{col}' is not among the loaded group columns; "
                          f"data.group_columns are: {', '.join(cfg.data.group_columns) or '(none)'}")
    return corpus.groups[col]


def head_mitigation(cfg: RunConfig, train) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(sample_weight, indices)`` for the frozen head's training split; ``None`` when unused."""
    from meddx.audit import group_balanced_indices, reweighting_weights

    method = cfg.fairness.mitigation
    if method == "reweighting":
        return reweighting_weights(train.y, _groups(cfg, train)), None
    if method == "resampling":
        return None, group_balanced_indices(train.y, _groups(cfg, train), seed=cfg.train.seed)
    return None, None


def sampler_weights(cfg: RunConfig, train) -> np.ndarray | None:
    """Per-note draw weights for fine-tuning, or ``None`` when the mitigation is not in training."""
    from meddx.audit import group_balanced_weights, reweighting_weights

    method = cfg.fairness.mitigation
    if method not in ("reweighting", "resampling"):
        return None
    if cfg.train.imbalance.strategy in ("oversample", "undersample"):
        raise ConfigError(
            f"fairness.mitigation '{method}' and train.imbalance.strategy "
            f"'{cfg.train.imbalance.strategy}' both set the batch sampler; choose one")
    groups = _groups(cfg, train)
    if method == "reweighting":
        return reweighting_weights(train.y, groups)
    return group_balanced_weights(train.y, groups)  # resampling: every cell equally likely


def adversary_groups(cfg: RunConfig, train) -> tuple[np.ndarray, list[str]] | None:
    """``(group code per note, group names)`` for adversarial fine-tuning, else ``None``."""
    if cfg.fairness.mitigation != "adversarial":
        return None
    from meddx.train._adversarial import group_codes

    return group_codes(_groups(cfg, train), len(train.y))


def check_mitigation(cfg: RunConfig, task: str) -> None:
    """Stop before training when the mitigation cannot apply to this task."""
    method = cfg.fairness.mitigation
    if method in ("threshold", "adversarial", "reweighting", "resampling") and task == "multilabel":
        raise ConfigError(f"fairness.mitigation '{method}' supports single-label tasks only; this "
                          "task is multilabel")
    strategy = cfg.train.imbalance.strategy
    on_rows = get_mode(cfg.model.backend, cfg.model.mode).frozen_embeddings  # the frozen head
    clash = ("oversample", "undersample", "smote") if method == "reweighting" else \
        ("oversample", "undersample") if method == "resampling" and not on_rows else ()
    if strategy in clash:
        raise ConfigError(f"fairness.mitigation '{method}' cannot be combined with "
                          f"train.imbalance.strategy '{strategy}' (both reweight or resample rows); "
                          "choose one")


def threshold_mitigation(cfg: RunConfig, classifier, part, test_proba: np.ndarray, run_path,
                         labels: list[str], baseline=None) -> dict:
    """Fit group thresholds on the (calibrated) validation split, apply them to the test split,
    and compare macro-F1 and every gap before and after (``metrics.json`` ``fairness``)."""
    from meddx.audit import ThresholdMitigator, apply_calibration, compare_mitigations

    col = cfg.fairness.group_column
    val, test = part["validation"], part["test"]
    # the served probabilities (a blend with the baseline, when the run serves one)
    def base(texts):
        return None if baseline is None else baseline.predict_proba(texts)

    val_proba = apply_calibration(run_path, classifier.predict_proba(val.texts, quiet=True),
                                  baseline_proba=base(val.texts))
    test_proba = apply_calibration(run_path, test_proba, baseline_proba=base(test.texts))
    if val_proba.shape[1] == 2:
        mitigator = ThresholdMitigator(constraints=cfg.fairness.constraints, seed=cfg.train.seed)
    else:  # multiclass: per-group class offsets on log-probabilities (equal TPR)
        from meddx.audit import GroupOffsetMitigator

        mitigator = GroupOffsetMitigator(direction=cfg.fairness.offset_direction)
    mitigator.fit(val_proba, val.y, _groups(cfg, val))
    decisions = mitigator.predict(test_proba, _groups(cfg, test))
    table = compare_mitigations(test.y, {"none": test_proba, "threshold": decisions},
                                test.groups[[col]], labels=labels, seed=cfg.train.seed)
    after = table[table["method"] == "threshold"]
    return {
        "mitigation": "threshold", "group_column": col,
        "method": type(mitigator).__name__,
        "constraints": cfg.fairness.constraints if val_proba.shape[1] == 2 else "true_positive_rate_parity",
        "fitted_on": "validation", "applied_to": "test",
        "macro_f1_before": float(after["macro_f1_before"].iloc[0]),
        "macro_f1_after": float(after["macro_f1"].iloc[0]),
        "gaps": [{k: _plain(r[k]) for k in ("group_column", "class", "metric", "value_before",
                                            "value", "flagged_before", "flagged")}
                 for r in after.to_dict("records")],
    }


def _plain(value):
    """A JSON-able scalar: NaN (an undefined gap in the table) becomes None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value
