"""The federated-training settings of meddx.federated (Flower)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from meddx._settings import StrictModel

__all__ = ["FederatedConfig"]


class FederatedConfig(StrictModel):
    site_column: str | None = Field(
        None, description="`meddx federate`: the column naming each note's site (hospital); "
        "each site trains locally and only weights travel. None: not a federated run.",
    )
    rounds: int = Field(10, ge=1, description="Federated rounds (one local fit per site each).")
    strategy: Literal["fedavg", "fedprox", "fedavgm", "fedadam", "fedyogi"] = Field(
        "fedavg", description="Aggregation (Flower's strategies): 'fedavg' (weighted by site "
        "size), 'fedprox' (FedAvg plus a proximal term on each site's loss), 'fedavgm' (server "
        "momentum), 'fedadam' or 'fedyogi' (the server takes an Adam/Yogi step along the "
        "averaged update).",
    )
    proximal_mu: float = Field(0.1, ge=0, description="With fedprox: the proximal term's weight.")
    server_learning_rate: float = Field(
        1.0, gt=0, description="Server step: fedavgm's server learning rate, fedadam/fedyogi's "
        "eta (fedavg and fedprox take the plain average).",
    )
    server_momentum: float = Field(
        0.0, ge=0, lt=1, description="fedavgm's server momentum; fedadam/fedyogi's beta_1 "
        "(0: Flower's default 0.9).",
    )
    local_epochs: int = Field(1, ge=1, description="Epochs of local training per round.")
    local_steps: int = Field(
        0, ge=0, description="Cap on a site's optimiser steps per round (0: local_epochs full "
        "passes). Few steps per round keep skewed sites from drifting apart.",
    )
    local_optimizer: Literal["adam", "sgd"] = Field(
        "adam", description="Local optimiser of the head: 'adam' or plain 'sgd'.",
    )
    learning_rate: float = Field(
        0.05, gt=0, description="Local learning rate of the frozen-encoder head (LoRA sites "
        "fine-tune at model.lora.learning_rate, as meddx train does, with batches of "
        "train.batch_size).",
    )
    weight_decay: float = Field(
        0.0, ge=0, description="L2 penalty weight_decay/2 ||W||^2 on the head's weights, in every "
        "site's loss (a logistic regression's 1/(C n)).",
    )
    batch_size: int = Field(
        32, ge=0, description="Local batch size of the head (0: the whole site in one batch).",
    )
    min_site_notes: int = Field(
        10, ge=1, description="Refuse a site with fewer training notes than this.",
    )
