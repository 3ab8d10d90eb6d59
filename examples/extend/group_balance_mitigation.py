"""A fairness mitigation, registered in ``meddx.settings.MITIGATIONS`` (what it needs, checked by
the config) and ``meddx.train.MITIGATION_FITS`` (how it trains) (docs/architecture.md, "How to
add").

``fairness.mitigation: group_balance`` gives every group of ``fairness.group_column`` the same
total weight: the frozen head weights its rows, fine-tuning draws its batches with the weights.
"""

from __future__ import annotations

import numpy as np

from meddx.settings import Mitigation, register_mitigation
from meddx.train import MitigationFit, register_mitigation_fit


def group_balance(cfg, train, groups) -> np.ndarray:
    """One weight per note: n / (number of groups x the size of the note's group)."""
    names, codes, counts = np.unique(np.asarray(groups, dtype=str), return_inverse=True,
                                     return_counts=True)
    return len(codes) / (len(names) * counts[codes])


register_mitigation(Mitigation("group_balance", "gives every group the same total weight",
                               in_training=True, row_weights=True, sampler=True))
register_mitigation_fit("group_balance", MitigationFit(head_weights=group_balance,
                                                       sampler=group_balance))
