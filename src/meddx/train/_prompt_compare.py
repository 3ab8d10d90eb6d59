"""Compare prompt templates on the validation split (``meddx prompts compare``).

Each template scores the same validation notes with the same model (and the same example pool,
knowledge base or adapters when a finished run is given); the table reports macro-F1, ECE and
wall time. Templates are chosen on validation, never on test.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from meddx.config import RunConfig
from meddx.errors import ConfigError

__all__ = ["compare_templates"]


def _validation(cfg: RunConfig, quiet: bool):
    from meddx.data import load_corpus, make_splits
    from meddx.deid import deidentify_corpus

    corpus = load_corpus(cfg.data)
    deidentify_corpus(corpus, cfg.deid, quiet=quiet)
    splits = make_splits(corpus, cfg.data.split)
    return corpus, {name: corpus.subset(idx) for name, idx in splits.items()}


def compare_templates(cfg: RunConfig, templates: list[str], *, run_dir: str | Path | None = None,
                      limit: int | None = None, seed: int = 0, quiet: bool = True) -> list[dict]:
    """One row per template: macro-F1 and ECE on (up to ``limit`` notes of) validation, seconds."""
    from meddx.evaluate import evaluate
    from meddx.models import TEMPLATES, CausalLMClassifier, PromptBuilder, get_mode, load_template

    if cfg.model.backend != "causal_lm":
        from meddx.models import PRESETS

        causal = [name for name, p in PRESETS.items() if p.family == "causal_lm"]
        raise ConfigError(f"prompts compare needs a causal-LM model (model '{cfg.model.name}' "
                          f"has backend '{cfg.model.backend}'); pass --model with a causal-LM "
                          f"preset ({', '.join(causal)}) or a local causal-LM folder")
    if not templates:
        raise ConfigError("name at least one template: a built-in one "
                          f"({', '.join(TEMPLATES)}; `meddx prompts list`) or a template file, "
                          "e.g. --templates plain,my_prompt.j2")
    for name in templates:
        load_template(name)  # fail before any model work
    corpus, part = _validation(cfg, quiet)
    val = part["validation"]
    if len(val) == 0:
        raise ConfigError("the validation split is empty: set data.split.validation > 0")
    rows = np.arange(len(val))
    if limit is not None and limit < len(rows):
        rows = np.sort(np.random.default_rng(seed).choice(rows, size=limit, replace=False))
    texts = [val.texts[i] for i in rows]
    y = np.asarray(val.y)[rows]
    if run_dir is not None:
        from meddx.models import load_classifier

        base = load_classifier(Path(run_dir) / "model")
        if not isinstance(base, CausalLMClassifier):
            raise ConfigError(f"run '{run_dir}' is not a causal-LM label-likelihood run "
                              f"(kind '{base.kind}')")
    else:
        from meddx.train._causal_fit import fit_causal

        if get_mode(cfg.model.backend, cfg.model.mode).trains_weights:
            raise ConfigError(f"model.mode '{cfg.model.mode}' trains weights: train it with "
                              "`meddx train`, then compare with --run RUN")
        base = fit_causal(cfg, part, corpus.labels, corpus.task, None, quiet=quiet,
                          notes=[]).classifier
    out = []
    for name in templates:
        llm = base.llm.model_copy(update={"template": name, "system_prompt": None,
                                          "prior_correction": cfg.llm.prior_correction})
        clf = CausalLMClassifier(labels=base.labels, task=base.task, prep=base.prep,
                                 base_model=base.base_model, mode=base.mode, llm=llm,
                                 pool=base.pool, model=base.model, tokenizer=base.tokenizer,
                                 seed=base.seed, kb=base.kb)
        clf.prompts = PromptBuilder(clf.tokenizer, clf.labels, llm)
        start = time.perf_counter()
        proba = clf.predict_proba(texts, quiet=quiet)
        seconds = time.perf_counter() - start
        m = evaluate(y, proba, task=corpus.task, labels=corpus.labels, n_boot=0,
                     ece_bins=cfg.eval.ece_bins, quiet=True)
        out.append({"template": name, "n": len(texts), "macro_f1": m["macro_f1"], "ece": m["ece"],
                    "seconds": round(seconds, 1), "notes_per_second": round(len(texts) / seconds, 2)})
    return out
