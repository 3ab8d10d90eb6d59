"""Subgroup mitigation in training (``fairness.mitigation`` in the run config).

Each mitigation (registered in ``meddx.settings.MITIGATIONS``, where the config checks what it
needs) registers how it acts in :data:`MITIGATION_FITS`, a :class:`MitigationFit` whose hooks
the training code calls instead of comparing names:

* ``reweighting``: per-example weights from :func:`meddx.audit.reweighting_weights`. The
  frozen head takes them as sample weights; fine-tuning draws batches with them (a weighted
  sampler with replacement, which reweights in expectation).
* ``resampling``: the frozen head trains on :func:`meddx.audit.group_balanced_indices`;
  fine-tuning draws every (group x label) cell equally often.
* ``adversarial``: an adversary predicts the group through a gradient-reversal layer
  (:mod:`meddx.train._adversarial`): on the frozen head, or inside the fine-tuning loop.
* ``threshold`` is post-processing: after training, group thresholds fitted on validation are
  compared on test (:func:`threshold_mitigation`; the model itself is unchanged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from meddx._registry import Registry
from meddx.config import RunConfig
from meddx.errors import ConfigError
from meddx.models import get_mode
from meddx.settings import IMBALANCE_STRATEGIES, MITIGATIONS

__all__ = ["MITIGATION_FITS", "MitigationFit", "adversary_groups", "check_mitigation",
           "group_values", "head_mitigation", "mitigation_fit", "post_mitigation",
           "register_mitigation_fit", "sampler_weights", "threshold_mitigation"]


@dataclass(frozen=True)
class MitigationFit:
    """How one mitigation acts in training; a hook left None changes nothing there.

    Each hook gets the run config, a split (a ``Corpus``) and that split's values of
    ``fairness.group_column``. ``head_weights`` gives one weight per row of the frozen (or
    SetFit) head; ``head_rows`` the row index the head is fitted on; ``sampler`` the per-note
    draw weights of fine-tuning; ``adversary`` trains the head or the fine-tuned model against
    a group adversary. ``after(cfg, classifier, part, test_proba, run_path, labels)`` runs
    once the model is trained and returns ``(block, sentence)``: the ``metrics.json``
    ``fairness`` block and the report's note.
    """

    head_weights: Callable[[RunConfig, object, object], np.ndarray] | None = None
    head_rows: Callable[[RunConfig, object, object], np.ndarray] | None = None
    sampler: Callable[[RunConfig, object, object], np.ndarray] | None = None
    adversary: bool = False
    after: Callable[..., tuple[dict, str]] | None = None


MITIGATION_FITS: Registry[MitigationFit] = Registry("fairness mitigation fit")


def register_mitigation_fit(name: str, fit: MitigationFit) -> MitigationFit:
    """Register how the mitigation ``name`` (in ``meddx.settings.MITIGATIONS``) trains."""
    return MITIGATION_FITS.register(name, fit)


def mitigation_fit(cfg: RunConfig) -> MitigationFit:
    """The fit of the configured mitigation."""
    return MITIGATION_FITS.get(cfg.fairness.mitigation)


def group_values(cfg: RunConfig, corpus) -> object:
    """The values of ``fairness.group_column`` in ``corpus`` (a ConfigError when not loaded)."""
    col = cfg.fairness.group_column
    if corpus.groups is None or col not in corpus.groups.columns:
        raise ConfigError(f"fairness.group_column '{col}' is not among the loaded group columns; "
                          f"data.group_columns are: {', '.join(cfg.data.group_columns) or '(none)'}")
    return corpus.groups[col]


def head_mitigation(cfg: RunConfig, train) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(sample_weight, indices)`` for the frozen head's training split; ``None`` when unused."""
    fit = mitigation_fit(cfg)
    weights = fit.head_weights(cfg, train, group_values(cfg, train)) if fit.head_weights else None
    rows = fit.head_rows(cfg, train, group_values(cfg, train)) if fit.head_rows else None
    return weights, rows


def sampler_weights(cfg: RunConfig, train) -> np.ndarray | None:
    """Per-note draw weights for fine-tuning, or ``None`` when the mitigation draws none."""
    fit = mitigation_fit(cfg)
    if fit.sampler is None:
        return None
    strategy = cfg.train.imbalance.strategy
    if IMBALANCE_STRATEGIES.get(strategy).sampler:
        raise ConfigError(
            f"fairness.mitigation '{cfg.fairness.mitigation}' and train.imbalance.strategy "
            f"'{strategy}' both set the batch sampler; choose one")
    return fit.sampler(cfg, train, group_values(cfg, train))


def adversary_groups(cfg: RunConfig, train) -> tuple[np.ndarray, list[str]] | None:
    """``(group code per note, group names)`` for adversarial fine-tuning, else ``None``."""
    if not mitigation_fit(cfg).adversary:
        return None
    from meddx.train._adversarial import group_codes

    return group_codes(group_values(cfg, train), len(train.y))


def check_mitigation(cfg: RunConfig, task: str) -> None:
    """Stop before training when the mitigation cannot apply to this task."""
    method = cfg.fairness.mitigation
    spec = MITIGATIONS.get(method)
    if spec.single_label and task == "multilabel":
        raise ConfigError(f"fairness.mitigation '{method}' supports single-label tasks only; this "
                          "task is multilabel")
    strategy = cfg.train.imbalance.strategy
    imbalance = IMBALANCE_STRATEGIES.get(strategy)
    on_rows = get_mode(cfg.model.backend, cfg.model.mode).frozen_embeddings  # the frozen head
    # Row weights misalign with resampled rows; two samplers cannot both draw the batches
    # (the frozen head has no sampler: its rows are resampled after the mitigation's index).
    if (spec.row_weights and imbalance.resamples) or \
            (spec.sampler and imbalance.sampler and not on_rows):
        raise ConfigError(f"fairness.mitigation '{method}' cannot be combined with "
                          f"train.imbalance.strategy '{strategy}' (both reweight or resample rows); "
                          "choose one")


def post_mitigation(cfg: RunConfig, classifier, part, test_proba: np.ndarray, run_path,
                    labels: list[str]) -> tuple[dict, str] | None:
    """The configured mitigation's post-processing after training, when it has one and there
    is a validation split: ``(metrics.json 'fairness' block, report sentence)``."""
    after = mitigation_fit(cfg).after
    if after is None or not len(part["validation"]):
        return None
    return after(cfg, classifier, part, test_proba, run_path, labels)


def threshold_mitigation(cfg: RunConfig, classifier, part, test_proba: np.ndarray, run_path,
                         labels: list[str]) -> dict:
    """Fit group thresholds on the (calibrated) validation split, apply them to the test split,
    and compare macro-F1 and every gap before and after (``metrics.json`` ``fairness``)."""
    from meddx.audit import ThresholdMitigator, apply_calibration, compare_mitigations, load_blend

    col = cfg.fairness.group_column
    val, test = part["validation"], part["test"]
    # The served probabilities: blended with the run's baseline first when the run says so.
    blend = load_blend(run_path)
    baseline = None
    if blend is not None and blend.weight_ > 0:
        from pathlib import Path

        from meddx.models import load_classifier

        baseline = load_classifier(Path(run_path) / "baseline")

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
    mitigator.fit(val_proba, val.y, group_values(cfg, val))
    decisions = mitigator.predict(test_proba, group_values(cfg, test))
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


def _threshold_after(cfg: RunConfig, classifier, part, test_proba: np.ndarray, run_path,
                     labels: list[str]) -> tuple[dict, str]:
    block = threshold_mitigation(cfg, classifier, part, test_proba, run_path, labels)
    return block, (
        f"Fairness mitigation: {block['method']} ({block['constraints']}) over "
        f"'{cfg.fairness.group_column}', fitted on validation; test macro-F1 "
        f"{block['macro_f1_before']:.3f} -> {block['macro_f1_after']:.3f} (metrics.json "
        "'fairness').")


def _reweighting(cfg: RunConfig, train, groups) -> np.ndarray:
    from meddx.audit import reweighting_weights

    return reweighting_weights(train.y, groups)


def _balanced_rows(cfg: RunConfig, train, groups) -> np.ndarray:
    from meddx.audit import group_balanced_indices

    return group_balanced_indices(train.y, groups, seed=cfg.train.seed)


def _balanced_draws(cfg: RunConfig, train, groups) -> np.ndarray:
    from meddx.audit import group_balanced_weights

    return group_balanced_weights(train.y, groups)  # every (group x label) cell equally likely


for _name, _fit in (
    ("none", MitigationFit()),
    ("reweighting", MitigationFit(head_weights=_reweighting, sampler=_reweighting)),
    ("resampling", MitigationFit(head_rows=_balanced_rows, sampler=_balanced_draws)),
    ("threshold", MitigationFit(after=_threshold_after)),
    ("adversarial", MitigationFit(adversary=True)),
):
    register_mitigation_fit(_name, _fit)
