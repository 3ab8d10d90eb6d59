"""Privacy-preserving training and its audit, at the train level of the pipeline.

- :func:`fit_private`: ``meddx train`` with ``privacy.epsilon`` (DP-SGD with Opacus) for the
  frozen-encoder head, LoRA and full fine-tuning, with a check after every optimiser step that
  the trainable weights moved, and the spent epsilon/delta for metrics.json;
- :func:`dp_train`, :func:`dp_fit_head`: the DP-SGD loop and the DP head on embeddings;
- :func:`membership_attack`, :func:`privacy_audit_run`: ``meddx privacy-audit RUN``, loss- and
  confidence-threshold membership inference with bootstrap CIs.

Opacus is imported inside the functions (``pip install 'meddx[privacy]'``).
"""

from meddx.privacy._dp import DELTA_CAP, DPOutcome, MovementCheck, dp_train, resolve_delta, spent_epsilon
from meddx.privacy._fit import OUTSIDE_GUARANTEE, fit_private
from meddx.privacy._head import dp_fit_head

__all__ = [
    "DELTA_CAP",
    "OUTSIDE_GUARANTEE",
    "DPOutcome",
    "MovementCheck",
    "dp_fit_head",
    "dp_train",
    "fit_private",
    "resolve_delta",
    "spent_epsilon",
]
