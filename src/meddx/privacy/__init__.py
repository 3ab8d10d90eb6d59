"""Privacy-preserving training and its audit, at the train level of the pipeline.

- :func:`fit_private`: ``meddx train`` with ``privacy.epsilon`` (DP-SGD with Opacus) for the
  frozen-encoder head, LoRA and full fine-tuning, with a check after every optimiser step that
  the trainable weights moved, and the spent epsilon/delta for metrics.json;
- :func:`dp_train`, :func:`dp_fit_head`: the DP-SGD loop and the DP head on embeddings;
- :func:`dp_lora`: DP-LoRA (a DP head, then DP-LoRA on the top encoder layer, one budget);
- :func:`membership_attack`, :func:`privacy_audit_run`: ``meddx privacy-audit RUN``, loss- and
  confidence-threshold membership inference with bootstrap CIs.

Opacus is imported inside the functions (``pip install 'meddx[privacy]'``).
"""

from meddx.privacy._audit_run import PRIVACY_AUDIT_FILE, privacy_audit_run, update_report_privacy
from meddx.privacy._canary import CANARIES_FILE, Canary, canary_exposure, make_canaries, plant_canaries
from meddx.privacy._canary_run import (
                                       canary_note,
                                       measure_canaries,
                                       plant_run_canaries,
                                       read_run_canaries,
)
from meddx.privacy._dp import (
                               DELTA_CAP,
                               DPOutcome,
                               MovementCheck,
                               dp_train,
                               plan_noise,
                               plan_noise_after,
                               resolve_delta,
                               spent_epsilon,
)
from meddx.privacy._encoder import dp_finetune, note_tensors
from meddx.privacy._fit import OUTSIDE_GUARANTEE, PRIVATE_FITS, PrivateFit, fit_private
from meddx.privacy._head import dp_fit_head, head_batch_size
from meddx.privacy._lora import HEAD_EPOCHS, HEAD_LEARNING_RATE, ClsTop, dp_lora, top_layer_inputs
from meddx.privacy._mia import ATTACKS, attack_metrics, attack_scores, membership_attack
from meddx.privacy._reference import reference_probabilities
from meddx.settings import PrivacyConfig

__all__ = [
                                       "ATTACKS",
                                       "CANARIES_FILE",
                                       "DELTA_CAP",
                                       "HEAD_EPOCHS",
                                       "HEAD_LEARNING_RATE",
                                       "OUTSIDE_GUARANTEE",
                                       "PRIVACY_AUDIT_FILE",
                                       "PRIVATE_FITS",
                                       "Canary",
                                       "ClsTop",
                                       "DPOutcome",
                                       "MovementCheck",
                                       "PrivacyConfig",
                                       "PrivateFit",
                                       "attack_metrics",
                                       "attack_scores",
                                       "canary_exposure",
                                       "canary_note",
                                       "dp_finetune",
                                       "dp_fit_head",
                                       "dp_lora",
                                       "dp_train",
                                       "fit_private",
                                       "head_batch_size",
                                       "make_canaries",
                                       "measure_canaries",
                                       "membership_attack",
                                       "note_tensors",
                                       "plan_noise",
                                       "plan_noise_after",
                                       "plant_canaries",
                                       "plant_run_canaries",
                                       "privacy_audit_run",
                                       "read_run_canaries",
                                       "reference_probabilities",
                                       "resolve_delta",
                                       "spent_epsilon",
                                       "top_layer_inputs",
                                       "update_report_privacy",
]
