"""Integrated Gradients (Captum) over the token-embedding layer of a fine-tuned encoder.

The baseline is the same note with every text token replaced by the pad (or mask) token, the
special tokens kept. Attributions are taken for the target class's probability, summed over
the embedding dimension per token and then per word; by completeness they add up to
``p(note) - p(baseline)``, up to the integral's approximation error (``info["delta"]``).
"""

from __future__ import annotations

import numpy as np

from meddx.errors import ConfigError, require
from meddx.explain._base import Explainer, Explanation, register_explainer
from meddx.explain._torch import (
    note_visible,
    pool_window_scores,
    target_prob,
    torch_parts,
    windows_of,
)

__all__ = ["IntegratedGradientsExplainer"]

BASELINES = ("pad", "mask")


@register_explainer
class IntegratedGradientsExplainer(Explainer):
    """``n_steps`` points of the path integral (Gauss-Legendre); ``baseline`` "pad" or
    "mask"; ``internal_batch_size`` bounds memory."""

    name = "ig"
    needs = "gradients"

    def __init__(self, *, n_steps: int = 32, baseline: str = "pad", internal_batch_size: int = 32
                 ) -> None:
        if baseline not in BASELINES:
            raise ConfigError(f"ig baseline must be one of {', '.join(BASELINES)}; got '{baseline}'")
        if n_steps < 2:
            raise ConfigError(f"ig n_steps must be at least 2; got {n_steps}")
        self.n_steps = n_steps
        self.baseline = baseline
        self.internal_batch_size = internal_batch_size

    def _explain_one(self, classifier, text: str, target: int, probability: float) -> Explanation:
        torch = require("torch", "train")
        captum_attr = require("captum.attr", "explain")
        model, tokenizer = torch_parts(classifier, self.name, self.needs)
        note = windows_of(classifier, text)
        base_id = self._baseline_id(tokenizer)
        device = next(model.parameters()).device
        model.eval()

        def forward(input_ids, attention_mask):
            logits = model(input_ids=input_ids, attention_mask=attention_mask).logits
            return target_prob(logits.float(), target, classifier.task)

        lig = captum_attr.LayerIntegratedGradients(forward, model.get_input_embeddings())
        per_window, deltas, gaps = [], [], []
        for ids, pos in zip(note.input_ids, note.positions, strict=True):
            x = torch.tensor([ids], device=device)
            base = x.clone()
            base[0, note.n_prefix:note.n_prefix + len(pos)] = base_id  # special tokens stay
            mask = torch.ones_like(x)
            attr, delta = lig.attribute(
                x, baselines=base, additional_forward_args=(mask,), n_steps=self.n_steps,
                internal_batch_size=self.internal_batch_size, return_convergence_delta=True)
            per_window.append(attr.sum(dim=-1)[0].detach().float().cpu().numpy())
            deltas.append(float(delta.abs().max()))
            with torch.no_grad():
                gaps.append(float(forward(x, mask)[0] - forward(base, mask)[0]))
        token_scores, word_scores = pool_window_scores(note, per_window)
        return self._make(
            classifier, note.words, word_scores, target, probability, note_visible(note),
            tokens=note.tmap.tokens, token_scores=[float(s) for s in token_scores],
            info={"n_steps": self.n_steps, "baseline": self.baseline,
                  "delta": float(np.max(deltas)) if deltas else 0.0,
                  "p_minus_p_baseline": float(np.mean(gaps)) if gaps else 0.0,
                  "windows": len(note.input_ids)})

    def _baseline_id(self, tokenizer) -> int:
        token_id = tokenizer.pad_token_id if self.baseline == "pad" else tokenizer.mask_token_id
        if token_id is None:
            raise ConfigError(f"ig baseline '{self.baseline}': this tokenizer has no "
                              f"{self.baseline} token; use baseline "
                              f"'{'mask' if self.baseline == 'pad' else 'pad'}'")
        return int(token_id)

