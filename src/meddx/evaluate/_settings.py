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
        "`meddx predict`, by registered name (temperature, vector, dirichlet, isotonic, platt, "
        "auto, or one registered in meddx.evaluate.CALIBRATORS), or 'none'; metrics.json "
        "reports test ECE and Brier before and after. 'vector' is "
        "vector scaling (a temperature and a bias per class); 'dirichlet' a regularised linear map "
        "of log-probabilities; 'auto' picks among temperature, vector, dirichlet and isotonic by "
        "cross-validated NLL on the validation split only.",
    )

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
