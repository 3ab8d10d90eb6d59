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
    strategy: Literal["fedavg", "fedprox"] = Field(
        "fedavg", description="Aggregation: 'fedavg' (weighted by site size) or 'fedprox' "
        "(FedAvg plus a proximal term on each site's loss, for heterogeneous sites).",
    )
    proximal_mu: float = Field(0.1, ge=0, description="With fedprox: the proximal term's weight.")
    local_epochs: int = Field(1, ge=1, description="Epochs of local training per round.")
    learning_rate: float = Field(0.05, gt=0, description="Local learning rate (Adam) of the head.")
    batch_size: int = Field(32, ge=1, description="Local batch size.")
    min_site_notes: int = Field(
        10, ge=1, description="Refuse a site with fewer training notes than this.",
    )
