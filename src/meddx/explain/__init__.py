"""Explain stage: why did the model say that, and is the explanation faithful?

* :class:`Explainer` methods in the :data:`EXPLAINERS` registry, built with
  :func:`make_explainer`: ``ig`` (Integrated Gradients with Captum, fine-tuned encoders),
  ``shap`` (text masker, any model), ``rollout`` (attention rollout, fine-tuned encoders) and
  ``occlusion`` (word deletion, any model). Each returns an :class:`Explanation` per note:
  words, character offsets, scores, target label and probability.
* :func:`top_tokens`: the fast call the prediction service uses.
* :func:`faithfulness`: probability drop when deleting the top-k words vs k random words.
* :func:`global_terms`: top terms per class over many notes.
* :func:`render_note_html` / :func:`render_global_html`: self-contained HTML.
* :func:`explain_file`, :func:`explain_global`, :func:`faithfulness_run`: ``meddx explain``.

Needs ``pip install 'meddx[explain]'`` for ig (captum) and shap.
"""

from meddx.explain._base import EXPLAINERS, Explainer, Explanation, make_explainer, register_explainer
from meddx.explain._faithfulness import faithfulness
from meddx.explain._global import global_terms
from meddx.explain._html import render_global_html, render_note_html
from meddx.explain._ig import IntegratedGradientsExplainer
from meddx.explain._occlusion import OcclusionExplainer, top_tokens
from meddx.explain._rollout import AttentionRolloutExplainer, attention_rollout
from meddx.explain._run_explain import explain_file, explain_global, faithfulness_run
from meddx.explain._shap import ShapExplainer
from meddx.explain._words import Word, split_words

__all__ = [
    "EXPLAINERS",
    "AttentionRolloutExplainer",
    "Explainer",
    "Explanation",
    "IntegratedGradientsExplainer",
    "OcclusionExplainer",
    "ShapExplainer",
    "Word",
    "attention_rollout",
    "explain_file",
    "explain_global",
    "faithfulness",
    "faithfulness_run",
    "global_terms",
    "make_explainer",
    "register_explainer",
    "render_global_html",
    "render_note_html",
    "split_words",
    "top_tokens",
]
