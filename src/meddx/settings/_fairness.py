"""The fairness settings of meddx.audit and meddx.train: the audited groups and the mitigation.

A mitigation is what ``fairness.mitigation`` names, registered in :data:`MITIGATIONS` as a
:class:`Mitigation`: the properties the config and the checks before training ask instead of
comparing names. How it acts in training (weights, draws, an adversary, post-processing) is
registered under the same name in ``meddx.train.MITIGATION_FITS``; training sits above the
config, so that half lives there (as ``meddx.models.MODES`` and ``meddx.train.FITS`` do for modes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, field_validator

from meddx._registry import Registry, check_choice, describe_choices
from meddx._settings import StrictModel

__all__ = ["MITIGATIONS", "FairnessConfig", "Mitigation", "register_mitigation"]


@dataclass(frozen=True)
class Mitigation:
    """One ``fairness.mitigation``: its name, one line on what it does, and what it needs."""

    name: str
    summary: str = ""
    uses_groups: bool = True  # acts over fairness.group_column (every mitigation but 'none')
    in_training: bool = False  # changes how much a note moves the model: refused with DP-SGD
    post_processing: bool = False  # fitted on the validation split after training
    single_label: bool = True  # refuses a multilabel task
    row_weights: bool = False  # weights each training row: not with a strategy that changes rows
    sampler: bool = False  # draws fine-tuning batches itself: not with an imbalance sampler


MITIGATIONS: Registry[Mitigation] = Registry("fairness mitigation")


def register_mitigation(mitigation: Mitigation) -> Mitigation:
    """Register ``mitigation`` under its name; its fit goes in ``meddx.train.MITIGATION_FITS``."""
    return MITIGATIONS.register(mitigation.name, mitigation)


for _mitigation in (
    Mitigation("none", "changes nothing", uses_groups=False, single_label=False),
    Mitigation("reweighting", "weights each (group x label) cell as if group and label were "
               "independent", in_training=True, row_weights=True, sampler=True),
    Mitigation("resampling", "oversamples every (group x label) cell to the largest",
               in_training=True, sampler=True),
    Mitigation("threshold", "chooses group-specific decision rules on the calibrated validation "
               "split (binary: fairlearn's ThresholdOptimizer; multiclass: per-group class "
               "offsets on log-probabilities equalising TPR; needs pip install 'meddx[audit]')",
               post_processing=True),
    Mitigation("adversarial", "trains against an adversary that predicts the group, through a "
               "gradient-reversal layer (fine-tuning and the frozen head; single-label tasks)",
               in_training=True),
):
    register_mitigation(_mitigation)


class FairnessConfig(StrictModel):
    mitigation: str = Field(
        "none",
        description="Subgroup-gap mitigation, by registered name (meddx.settings.MITIGATIONS): "
        + describe_choices((n, m.summary) for n, m in MITIGATIONS.in_order()) + ".",
    )
    adversary_weight: float = Field(
        1.0, ge=0, description="With mitigation=adversarial: lambda, the weight of the reversed "
        "adversary gradient (ramped up from 0 over the first half of training)."
    )
    adversary_on: Literal["logits", "representation"] = Field(
        "logits", description="With mitigation=adversarial: what the adversary reads, besides the "
        "true label: the classifier's logits (Zhang et al. 2018) or the pooled representation "
        "([CLS] hidden state when fine-tuning, a learned projection of the embeddings when frozen)."
    )
    groups: list[str] | None = Field(
        None, description="Group columns audited inside `meddx train` (audit.json, model_card.md, "
        "report sections, data audit); default: all data.group_columns. [] turns the audit off."
    )
    proxy_auroc: float = Field(
        0.65, gt=0.5, le=1, description="Data audit: flag a group column as having a proxy in the "
        "text when a TF-IDF logistic regression predicts it from the text with cross-validated "
        "AUROC above this."
    )
    group_column: str | None = Field(
        None, description="The group column to mitigate over; must be one of data.group_columns."
    )
    constraints: Literal[
        "equalized_odds", "demographic_parity", "true_positive_rate_parity",
        "false_positive_rate_parity", "false_negative_rate_parity", "true_negative_rate_parity",
    ] = Field("equalized_odds", description="With mitigation=threshold: the fairness constraint.")
    offset_direction: Literal["pooled", "raise"] = Field(
        "pooled", description="With mitigation=threshold on a multiclass task: 'pooled' moves "
        "every group's per-class TPR towards the pooled rate (raising some groups, lowering "
        "others); 'raise' only raises groups below the best group's rate."
    )

    @field_validator("mitigation")
    @classmethod
    def _registered_mitigation(cls, value: str) -> str:
        return check_choice(MITIGATIONS, value)
