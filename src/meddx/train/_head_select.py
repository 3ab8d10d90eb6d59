"""The logistic-regression head of the frozen-encoder and SetFit modes, with its C chosen on
the validation split (or the adversarial head when the fairness.mitigation's fit asks for an
adversary, as 'adversarial' does)."""

from __future__ import annotations

from meddx.settings import IMBALANCE_STRATEGIES, MITIGATIONS
from meddx.train._head import fit_head
from meddx.train._imbalance import class_weights
from meddx.train._mitigation import group_values, head_mitigation, mitigation_fit

__all__ = ["HEAD_C_GRID", "select_head"]

HEAD_C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)


def select_head(cfg, x_train, train, x_val, val, labels, task, notes, what: str):
    """Logistic-regression head on embeddings; C from the grid, chosen on validation."""
    from sklearn.metrics import f1_score

    imb = cfg.train.imbalance
    weights = class_weights(train.y, labels, imb) \
        if IMBALANCE_STRATEGIES.get(imb.strategy).class_weights else None
    # Fairness mitigation (fairness.mitigation): per-row weights (reweighting) or a
    # group-balanced row index (resampling) from its fit's hooks; both None otherwise.
    sample_weight, rows = head_mitigation(cfg, train)
    y_train = train.y
    if rows is not None:
        x_train, y_train = x_train[rows], train.y[rows]
    if MITIGATIONS.get(cfg.fairness.mitigation).uses_groups:
        notes.append(f"Fairness mitigation: {cfg.fairness.mitigation} over "
                     f"'{cfg.fairness.group_column}'.")
    if mitigation_fit(cfg).adversary:
        from meddx.train._adversarial import fit_adversarial_head

        head = fit_adversarial_head(
            x_train, y_train, group_values(cfg, train), n_classes=len(labels),
            adversary_weight=cfg.fairness.adversary_weight, adversary_on=cfg.fairness.adversary_on,
            seed=cfg.train.seed)
        notes.append(f"{what} + softmax head trained against a group adversary "
                     f"(gradient reversal, lambda={cfg.fairness.adversary_weight}, adversary on "
                     f"{cfg.fairness.adversary_on}).")
        return head

    def fit(C: float):
        return fit_head(x_train, y_train, n_classes=len(labels), C=C, imbalance=imb,
                        seed=cfg.train.seed, class_weight=weights, sample_weight=sample_weight)

    if cfg.model.head_c == "auto" and len(val):
        best_c, best = HEAD_C_GRID[0], -1.0
        for C in HEAD_C_GRID:
            head = fit(C)
            proba = head.predict_proba(x_val)
            pred = (proba >= cfg.eval.threshold).astype(int) if task == "multilabel" \
                else proba.argmax(1)
            score = float(f1_score(val.y, pred, average="macro", zero_division=0))
            if score > best:
                best_c, best = C, score
        notes.append(f"{what} + logistic-regression head; C={best_c} chosen on the "
                     f"validation split (macro-F1 {best:.3f}) from {list(HEAD_C_GRID)}.")
    else:
        best_c = 1.0 if cfg.model.head_c == "auto" else float(cfg.model.head_c)
        notes.append(f"{what} + logistic-regression head, C={best_c}.")
    return fit(best_c)
