"""The evaluation settings: bootstrap intervals, calibration error bins, the multilabel threshold
and the calibrator, checked against the registered calibrators (:data:`CALIBRATORS`)."""

from __future__ import annotations

import difflib

from pydantic import Field, field_validator

from meddx._settings import StrictModel

__all__ = ["EvalConfig"]


class EvalConfig(StrictModel):
    bootstrap: int = Field(1000, ge=0, description="Bootstrap resamples for confidence intervals.")
    ci: float = Field(0.95, gt=0, lt=1, description="Confidence level of the intervals.")
    ece_bins: int = Field(15, ge=2, description="Bins of the expected calibration error.")
    threshold: float = Field(0.5, gt=0, lt=1, description="Decision threshold (multilabel).")
    calibration: str = Field(
        "temperature",
        description="Calibrator fitted on the validation split after training and applied by "
        "`meddx predict`, by registered name (temperature, toplabel, toplabel_class, "
        "dirichlet_top, vector, dirichlet, isotonic, platt, auto, or one registered in "
        "meddx.evaluate.CALIBRATORS), or 'none'; metrics.json reports test ECE and Brier before "
        "and after. 'toplabel' recalibrates the top label's confidence and keeps the argmax; "
        "'toplabel_class' does so with one map per predicted class; 'dirichlet_top' is "
        "'dirichlet' with the model's top label restored; 'vector' is vector scaling (a "
        "temperature and a bias per class); 'dirichlet' a regularised linear map of "
        "log-probabilities; 'auto' picks by cross-validated NLL on the validation split only, "
        "among temperature, toplabel, toplabel_class and dirichlet_top (which keep the top "
        "label) and vector, dirichlet and isotonic only when they clearly raise held-out "
        "accuracy (by more than 1.96 paired standard errors, macro-F1 not lower).",
    )

    blend: str = Field(
        "none",
        description="Blend the model's probabilities with the run's TF-IDF baseline before "
        "calibration, by registered name (meddx.evaluate.BLENDS): 'baseline' serves "
        "calibrator(softmax((1-w) log p_model + w log p_baseline)), with w (0 to 0.7, 0 = the "
        "model alone) and the calibrator chosen together by cross-fitted NLL on the validation "
        "split only; `meddx predict` and `meddx serve` then run the baseline too. 'none': the "
        "model alone. Needs `baseline: true`, a calibrator (eval.calibration not 'none') and a "
        "single-label task; skipped (and logged) otherwise.",
    )

    @field_validator("blend")
    @classmethod
    def _known_blend(cls, value: str) -> str:
        from meddx.evaluate._blend import BLENDS

        known = ["none", *BLENDS]
        if value not in known:
            raise ValueError(f"unknown blend '{value}'; known: {', '.join(known)}")
        return value

    @field_validator("calibration")
    @classmethod
    def _known_calibrator(cls, value: str) -> str:
        from meddx.evaluate._calibrators import CALIBRATORS

        known = ["none", *CALIBRATORS]
        if value not in known:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ValueError(f"unknown calibrator '{value}'{hint}; known: {', '.join(known)}")
        return value
