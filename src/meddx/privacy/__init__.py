"""Privacy-preserving training and its audit, at the train level of the pipeline.

- :func:`fit_private`: ``meddx train`` with ``privacy.epsilon`` (DP-SGD with Opacus) for the
  frozen-encoder head, LoRA and full fine-tuning, with a check after every optimiser step that
  the trainable weights moved, and the spent epsilon/delta for metrics.json;
- :func:`dp_train`, :func:`dp_fit_head`: the DP-SGD loop and the DP head on embeddings;
- :func:`membership_attack`, :func:`privacy_audit_run`: ``meddx privacy-audit RUN``, loss- and
  confidence-threshold membership inference with bootstrap CIs.

Opacus is imported inside the functions (``pip install 'meddx[privacy]'``).
"""

from meddx.privacy._audit_run import PRIVACY_AUDIT_FILE, privacy_audit_run, update_report_privacy
from meddx.privacy._dp import (
                               DELTA_CAP,
                               DPOutcome,
                               MovementCheck,
                               dp_train,
                               plan_noise,
                               resolve_delta,
                               spent_epsilon,
)
from meddx.privacy._fit import OUTSIDE_GUARANTEE, fit_private
from meddx.privacy._head import dp_fit_head
from meddx.privacy._mia import ATTACKS, attack_metrics, attack_scores, membership_attack
from meddx.settings import PrivacyConfig

__all__ = [
                               "ATTACKS",
                               "DELTA_CAP",
                               "OUTSIDE_GUARANTEE",
                               "PRIVACY_AUDIT_FILE",
                               "DPOutcome",
                               "MovementCheck",
                               "PrivacyConfig",
                               "attack_metrics",
                               "attack_scores",
                               "dp_fit_head",
                               "dp_train",
                               "fit_private",
                               "membership_attack",
                               "plan_noise",
                               "privacy_audit_run",
                               "resolve_delta",
                               "spent_epsilon",
                               "update_report_privacy",
]
