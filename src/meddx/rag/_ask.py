"""``meddx ask``: ranked diagnoses for one note, the passages retrieved for it, and a rationale
that quotes only those passages.

With a causal-LM model (``model.backend: causal_lm``) the passages go into the prompt before
the labels are scored, and the model is asked for a rationale that copies supporting sentences;
only sentences found verbatim in a passage are kept (:func:`verified_quotes`). Otherwise, or
when nothing survives, the rationale is extractive and says so. Other backends score the note
alone; their passages are cited, not read by the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from meddx.errors import ConfigError, RunError
from meddx.rag._rationale import Quote, extractive_quotes, verified_quotes

__all__ = ["Answer", "ask"]

_RATIONALE_SYSTEM = ("You justify a diagnosis using only sentences copied word for word from the "
                     "reference passages.")


@dataclass
class Answer:
    """What ``meddx ask`` returns."""

    diagnoses: list[tuple[str, float]]  # (label, probability), most likely first
    passages: list[Any]                 # Passage objects, as retrieved
    rationale: list[Quote]              # verbatim pieces of the passages, with source ids
    rationale_kind: str                 # "generated" (verified quotes) or "extractive"
    calibrated: bool                    # probabilities went through the run's calibrator
    passages_in_prompt: bool            # the model read the passages when scoring
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "diagnoses": [{"label": lab, "probability": round(p, 6)} for lab, p in self.diagnoses],
            "passages": [{"source_id": p.source_id, "score": round(float(p.score), 6),
                          "text": p.text, "label": (p.metadata or {}).get("label")}
                         for p in self.passages],
            "rationale": {"kind": self.rationale_kind,
                          "quotes": [{"text": q.text, "source_id": q.source_id}
                                     for q in self.rationale]},
            "calibrated": self.calibrated, "passages_in_prompt": self.passages_in_prompt,
            "notes": self.notes,
        }


class _Fixed:
    """A knowledge base that returns passages already retrieved (so they are retrieved once)."""

    def __init__(self, passages: list[Any]) -> None:
        self.passages = passages

    def search(self, query: str, k: int = 5) -> list[Any]:
        return list(self.passages)


def ask(model: str | Path, note: str, *, kb: str | Path | None = None, k: int = 4,
        top: int = 3, generate: bool = True, max_new_tokens: int = 96,
        encoder: str | None = None) -> Answer:
    """Diagnose ``note`` with a run directory (or saved model folder) ``model``, citing passages
    from ``kb`` (default: the model's own knowledge base, for causal-LM RAG runs)."""
    from meddx.deid import deidentify_texts

    if not isinstance(note, str) or not note.strip():
        raise ConfigError("the note is empty")
    clf, calib_dir, deid = _load(Path(model))
    (text,), _ = deidentify_texts([note], deid)
    base = _knowledge_base(clf, kb, encoder, Path(model))
    passages = base.search(text, k)
    notes: list[str] = []
    causal = getattr(clf, "kind", None) == "causal_lm"
    if causal:
        proba, same_prompt = _score_causal(clf, text, passages)
    else:
        proba, same_prompt = clf.predict_proba([text])[0], True
        notes.append(f"a '{getattr(clf, 'kind', '?')}' model scores the note alone; the passages "
                     "are cited, not read by the model")
    from meddx.audit import load_blend, load_calibrator

    calibrator = load_calibrator(calib_dir)
    blend = load_blend(calib_dir)
    blended = blend is not None and blend.weight_ > 0  # its calibrator expects the blend
    calibrated = calibrator is not None and same_prompt and not blended
    if calibrated:
        proba = calibrator.transform(np.asarray(proba, dtype=np.float64)[None, :])[0]
    elif blended:
        notes.append("probabilities are the model's own: the run serves a blend with its TF-IDF "
                     "baseline, which `meddx ask` does not run")
    elif calibrator is not None:
        notes.append("probabilities are not calibrated: the run was calibrated without passages "
                     "in the prompt")
    order = np.argsort(-proba, kind="stable")[:max(1, top)]
    diagnoses = [(clf.labels[i], float(proba[i])) for i in order]
    best = diagnoses[0][0]
    answer_text = _answer_text(clf, best)
    quotes: list[Quote] = []
    if causal and generate and passages:
        quotes = verified_quotes(_generate(clf, text, answer_text, passages, max_new_tokens),
                                 passages)
    kind = "generated"
    if not quotes:
        kind = "extractive"
        quotes = extractive_quotes(text, answer_text, passages, label=best)
    return Answer(diagnoses, passages, quotes, kind, calibrated, causal, notes)


def _load(path: Path):
    """(classifier, folder holding its calibration, de-identification config)."""
    from meddx.deid import DeidConfig
    from meddx.models import load_classifier

    if (path / "config.yaml").is_file() and (path / "model").is_dir():
        from meddx.runs import load_run

        run = load_run(path, with_baseline=False)
        return run.model, path, run.config.deid
    if (path / "meddx_model.json").is_file():
        return load_classifier(path), path, DeidConfig()
    raise RunError(f"'{path}' is neither a finished meddx run (config.yaml and model/) nor a saved "
                   "model folder (meddx_model.json)")


def _knowledge_base(clf, kb, encoder: str | None, model: Path):
    from meddx.models import KnowledgeBase

    if isinstance(kb, KnowledgeBase):
        return kb
    if kb is not None:
        return KnowledgeBase.load(kb, encoder=encoder)
    llm = getattr(clf, "llm", None)
    if getattr(clf, "kb", None) is not None:
        return clf.kb
    if llm is not None and getattr(llm, "kb_path", None):
        return KnowledgeBase.load(llm.kb_path, encoder=encoder)
    pool = getattr(clf, "pool", None)
    if pool is not None and getattr(pool, "embeddings", None) is not None:
        return clf._pool_kb()  # the training split's labelled neighbours
    raise ConfigError(f"'{model}' has no knowledge base of its own: pass --kb KB (build one with "
                      "`meddx kb build`), or use a causal-LM run trained with model.mode rag")


def _score_causal(clf, text: str, passages: list[Any]) -> tuple[np.ndarray, bool]:
    """Label probabilities with ``passages`` in the prompt; True if that is how the model was
    trained and calibrated (mode rag)."""
    from meddx.models import get_mode

    saved = clf.mode, clf.kb
    clf.mode, clf.kb = "rag", _Fixed(passages)  # the mode whose prompt carries passages
    try:
        proba = clf.predict_proba([text])[0]
    finally:
        clf.mode, clf.kb = saved
    return proba, get_mode("causal_lm", saved[0]).passages


def _answer_text(clf, label: str) -> str:
    prompts = getattr(clf, "prompts", None)
    if prompts is not None:
        return prompts.answers[clf.labels.index(label)]
    return str(label)


def _cut(tokenizer, text: str, budget: int) -> str:
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    return text if len(ids) <= budget else tokenizer.decode(ids[:budget])


def _generate(clf, text: str, answer: str, passages: list[Any], max_new_tokens: int) -> str:
    from meddx.models import render_chat

    tok = clf.tokenizer
    budget = clf.llm.passage_tokens
    refs = "\n".join(f"[{p.source_id}] {_cut(tok, p.text, budget)}" for p in passages)
    user = (f"Reference passages:\n{refs}\n\nNote: {_cut(tok, text, 2 * budget)}\n\n"
            f"The most likely diagnosis is: {answer}. Copy, word for word, the one or two "
            "sentences from the reference passages that best support it, each followed by its "
            "[id]. Do not add anything else.")
    return clf.generate(render_chat(tok, _RATIONALE_SYSTEM, user), max_new_tokens=max_new_tokens)
