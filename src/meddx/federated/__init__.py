"""Federated training across sites with Flower (Message API), at the train level of the
pipeline: only weights travel.

- :func:`fit_federated`: the ``meddx federate`` fit (frozen-encoder head; FedAvg or FedProx),
  returning the same ``Fitted`` as ``meddx.train.fit_model`` plus metrics.json's ``federated``
  block;
- :func:`make_client_app`, :func:`make_server_app`: the Flower apps;
- :func:`run_loopback`: runs them in one process without Ray.

Flower is imported inside the functions (``pip install 'meddx[federated]'``).
"""

from meddx.federated._apps import (
    STRATEGIES,
    initial_head,
    local_train,
    make_client_app,
    make_server_app,
    make_strategy,
)
from meddx.federated._fit import fit_federated, server_settings, site_index
from meddx.federated._loopback import run_loopback
from meddx.federated._lora import LoraSite, build_lora_model, lora_train, trainable_state
from meddx.settings import FederatedConfig

__all__ = [
    "STRATEGIES",
    "FederatedConfig",
    "LoraSite",
    "build_lora_model",
    "fit_federated",
    "initial_head",
    "local_train",
    "lora_train",
    "make_client_app",
    "make_server_app",
    "make_strategy",
    "run_loopback",
    "server_settings",
    "site_index",
    "trainable_state",
]
