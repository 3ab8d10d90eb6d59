"""The settings of the stages that sit above the run directory in the import layers.

A stage's settings live with the stage wherever the layers allow it (``meddx.data.DataConfig``,
``meddx.deid.DeidConfig``, ``meddx.text.PrepConfig``, ``meddx.models.ModelConfig``,
``meddx.evaluate.EvalConfig``, ``meddx.registry.RegistryConfig``). train, audit, privacy and
federated read finished runs through ``meddx.runs``, which reads a run's ``config.yaml`` into
``meddx.config.RunConfig``; so their settings sit here, one module per stage, below
``meddx.config``, and each stage re-exports its own (``meddx.train.TrainConfig``,
``meddx.audit.FairnessConfig``, ``meddx.privacy.PrivacyConfig``,
``meddx.federated.FederatedConfig``). Nothing here imports a stage.

The choices of ``fairness.mitigation`` and ``train.imbalance.strategy`` are registries here
(:data:`MITIGATIONS`, :data:`IMBALANCE_STRATEGIES`): what each choice needs, checked by the
config; how it acts is registered in ``meddx.train`` (``MITIGATION_FITS``, ``IMBALANCE_FITS``).
"""

from meddx.settings._fairness import (
    MITIGATIONS,
    FairnessConfig,
    Mitigation,
    register_mitigation,
)
from meddx.settings._federated import FederatedConfig
from meddx.settings._privacy import PrivacyConfig
from meddx.settings._train import (
    IMBALANCE_STRATEGIES,
    ImbalanceConfig,
    ImbalanceStrategy,
    TrainConfig,
    register_imbalance_strategy,
)

__all__ = [
    "IMBALANCE_STRATEGIES",
    "MITIGATIONS",
    "FairnessConfig",
    "FederatedConfig",
    "ImbalanceConfig",
    "ImbalanceStrategy",
    "Mitigation",
    "PrivacyConfig",
    "TrainConfig",
    "register_imbalance_strategy",
    "register_mitigation",
]
