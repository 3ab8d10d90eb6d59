"""Attention rollout (Abnar & Zuidema, 2020): how much each input token flows into the first
([CLS]) position through all layers, with the residual connection counted as attention to
oneself. Scores are shares (non-negative, unsigned) and do not depend on the class."""

from __future__ import annotations

import numpy as np

from meddx.errors import ModelError, require
from meddx.explain._base import Explainer, Explanation, register_explainer
from meddx.explain._torch import note_visible, pool_window_scores, torch_parts, windows_of

__all__ = ["AttentionRolloutExplainer", "attention_rollout"]


def attention_rollout(attentions, *, residual: bool = True) -> np.ndarray:
    """Roll out per-layer attention maps, first layer first.

    Each map is ``(heads, seq, seq)`` or ``(seq, seq)``; heads are averaged, the identity is
    added (``residual``) and rows renormalised, then layers are multiplied. Every row of the
    result sums to 1.
    """
    result = None
    for layer in attentions:
        a = np.asarray(layer, dtype=np.float64)
        if a.ndim == 3:
            a = a.mean(axis=0)
        if a.ndim != 2 or a.shape[0] != a.shape[1]:
            raise ModelError(f"attention maps must be (heads, seq, seq) or (seq, seq); got {a.shape}")
        if residual:
            a = 0.5 * a + 0.5 * np.eye(a.shape[0])
        a = a / np.clip(a.sum(axis=-1, keepdims=True), 1e-12, None)
        result = a if result is None else a @ result
    if result is None:
        raise ModelError("attention rollout needs at least one layer of attention")
    return result


@register_explainer
class AttentionRolloutExplainer(Explainer):
    """Rollout of the fine-tuned encoder's attention to its [CLS] token."""

    name = "rollout"
    signed = False
    needs = "attention weights"

    def __init__(self, *, residual: bool = True) -> None:
        self.residual = residual

    def _explain_one(self, classifier, text: str, target: int, probability: float) -> Explanation:
        torch = require("torch", "train")
        model, _ = torch_parts(classifier, self.name, self.needs)
        note = windows_of(classifier, text)
        device = next(model.parameters()).device
        model.eval()
        per_window = []
        with _eager_attention(model), torch.inference_mode():
            for ids in note.input_ids:
                x = torch.tensor([ids], device=device)
                out = model(input_ids=x, attention_mask=torch.ones_like(x), output_attentions=True)
                maps = getattr(out, "attentions", None)
                if not maps or any(m is None for m in maps):
                    raise ModelError(f"explanation method '{self.name}' needs attention weights, "
                                     "but this model returned none (its attention implementation "
                                     "does not expose them)")
                rolled = attention_rollout([m[0].float().cpu().numpy() for m in maps],
                                           residual=self.residual)
                per_window.append(rolled[0])
        token_scores, word_scores = pool_window_scores(note, per_window)
        return self._make(classifier, note.words, word_scores, target, probability,
                          note_visible(note),
                          tokens=note.tmap.tokens, token_scores=[float(s) for s in token_scores],
                          info={"residual": self.residual, "windows": len(note.input_ids)})


class _eager_attention:
    """Switch the model to eager attention (which returns weights) and back afterwards."""

    def __init__(self, model) -> None:
        self.model = model
        self.before = None

    def __enter__(self):
        config = getattr(self.model, "config", None)
        self.before = getattr(config, "_attn_implementation", None)
        if self.before not in (None, "eager") and hasattr(self.model, "set_attn_implementation"):
            self.model.set_attn_implementation("eager")
        return self

    def __exit__(self, *exc) -> None:
        if self.before not in (None, "eager") and hasattr(self.model, "set_attn_implementation"):
            self.model.set_attn_implementation(self.before)
