"""The fairness settings of meddx.audit and meddx.train: the audited groups and the mitigation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from meddx._settings import StrictModel

__all__ = ["FairnessConfig"]


class FairnessConfig(StrictModel):
    mitigation: Literal["none", "reweighting", "resampling", "threshold", "adversarial"] = Field(
        "none",
        description="Subgroup-gap mitigation: 'reweighting' weights each (group x label) cell as if "
        "group and label were independent; 'resampling' oversamples every (group x label) cell to "
        "the largest; 'threshold' chooses group-specific decision rules on the calibrated "
        "validation split (binary: fairlearn's ThresholdOptimizer; multiclass: per-group class "
        "offsets on log-probabilities equalising TPR; needs pip install 'meddx[audit]'); "
        "'adversarial' trains against an adversary that predicts the group, through a "
        "gradient-reversal layer (fine-tuning and the frozen head; single-label tasks).",
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
