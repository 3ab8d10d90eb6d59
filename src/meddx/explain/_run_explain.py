"""``meddx explain RUN``: explain notes of a file, the run's test split (global terms), or
measure faithfulness. Reads the run, calls the library, writes files; nothing here logs note
text (logs carry counts, methods and paths only).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np

from meddx._io import atomic_write_json, atomic_write_text
from meddx.errors import ConfigError, DataError, RunError
from meddx.explain._base import EXPLAINERS, Explainer, make_explainer
from meddx.explain._faithfulness import faithfulness, parse_k
from meddx.explain._global import global_terms
from meddx.explain._html import render_global_html, render_note_html

__all__ = ["default_methods", "explain_file", "explain_global", "faithfulness_run", "reload_test_split"]

log = logging.getLogger("meddx")

FOLDER = "explanations"


def default_methods(classifier, *, every: bool = False) -> list[str]:
    """Methods that suit ``classifier``: gradient and attention methods for fine-tuned
    encoders, model-agnostic ones otherwise (``every``: all that apply, for faithfulness)."""
    torch_ok = True
    try:
        from meddx.explain._torch import torch_parts

        torch_parts(classifier, "ig", "gradients")
    except Exception:  # noqa: BLE001 - any failure means: not a torch encoder
        torch_ok = False
    if torch_ok:
        return ["ig", "shap", "rollout", "occlusion"] if every else ["ig", "shap", "rollout"]
    return ["shap", "occlusion"]


def _explainers(classifier, methods: list[str] | None, params: dict | None, *, every: bool = False
                ) -> dict[str, Explainer]:
    names = methods or default_methods(classifier, every=every)
    params = params or {}
    unknown = [k for k in params if k not in EXPLAINERS]
    if unknown:
        raise ConfigError(f"settings given for unknown method '{unknown[0]}'; methods are: "
                          f"{', '.join(EXPLAINERS)}")
    out = {}
    for name in names:
        explainer = make_explainer(name, **params.get(name, {}))
        explainer.check(classifier)  # fail before any work, naming the method and model kind
        out[name] = explainer
    return out


def explain_file(run_dir, input_path, *, text_column: str | None = None, id_column: str | None = None,
                 methods: list[str] | None = None, limit: int | None = None, out=None,
                 params: dict | None = None, quiet: bool = True) -> tuple[int, Path]:
    """Explain the notes of ``input_path`` (de-identified first, as the run's config says, like
    ``meddx predict``): one HTML page per note plus ``explanations.json`` in ``out`` (default:
    ``<input>.explanations/`` beside the input, ``<input>`` being the name without its
    extension). A folder that already holds the explanations of another input file (e.g.
    ``notes.csv``'s, for ``notes.jsonl``) is refused, before the run is loaded; those of the same
    file name are replaced. Returns (notes, folder)."""
    from meddx.audit import served_proba
    from meddx.runs import load_run

    input_path = Path(input_path)
    if not input_path.is_file():  # before the model is loaded (seconds, for nothing)
        raise DataError("not a file" if input_path.exists() else "file not found",
                        file=str(input_path))
    if limit is not None and limit < 1:
        raise ConfigError(f"--limit must be at least 1; got {limit}")
    folder = Path(out) if out is not None else input_path.with_name(f"{input_path.stem}.explanations")
    _refuse_another_inputs_folder(folder, input_path)
    run = load_run(run_dir, with_baseline=False)
    ids, raw = run.input_notes(input_path, text_column=text_column, id_column=id_column,
                               limit=limit)
    explainers = _explainers(run.model, methods, params)
    texts = run.deidentify(raw, quiet=quiet)
    folder.mkdir(parents=True, exist_ok=True)
    by_method = {}
    for name, explainer in explainers.items():
        t0 = time.perf_counter()
        by_method[name] = explainer.explain(run.model, texts)
        log.info("explained %d notes with %s in %.1f s", len(texts), name, time.perf_counter() - t0)
    calibrated = served_proba(run, texts)
    notes, links = [], []
    for i, text in enumerate(texts):
        expl = [by_method[m][i] for m in explainers]
        page = f"note-{i + 1:05d}.html"
        atomic_write_text(folder / page, render_note_html(text, expl, title=f"row {i + 1}"))
        label = run.model.labels[int(np.argmax(calibrated[i]))]
        links.append((page, i + 1, label))
        notes.append({"row": i + 1, "id": ids[i], "label": label, "html": page,
                      "probabilities": {lab: round(float(p), 6)
                                        for lab, p in zip(run.model.labels, calibrated[i], strict=True)},
                      "text_explained": "de-identified" if run.config.deid.enabled else "as given",
                      "explanations": {e.method: e.to_dict() for e in expl}})
    atomic_write_json(folder / "explanations.json", {
        "run": str(run.path), "input": str(input_path), "methods": list(explainers), "notes": notes})
    atomic_write_text(folder / "index.html", _index(links, list(explainers)))
    return len(texts), folder


def _refuse_another_inputs_folder(folder: Path, input_path: Path) -> None:
    """Never replace the explanations of another input file silently: ``notes.csv`` and
    ``notes.jsonl`` both default to ``notes.explanations/``."""
    import json

    written = folder / "explanations.json"
    if not written.is_file():
        return
    try:
        earlier = json.loads(written.read_text(encoding="utf-8")).get("input")
    except (OSError, ValueError, AttributeError):
        earlier = None
    if earlier is not None and Path(str(earlier)).name == input_path.name:
        return  # the same file explained again: replaced
    what = f"the explanations of {Path(str(earlier)).name}" if earlier else "an explanations.json"
    raise ConfigError(f"{folder}/ already holds {what}; not replaced by those of "
                      f"{input_path.name}: pass --out with another folder, or remove {folder}/")


def _index(links, methods) -> str:
    import html

    from meddx.explain._html import _page

    rows = "".join(f'<li><a href="{p}">row {r}</a>: {html.escape(lab)}</li>' for p, r, lab in links)
    return _page("meddx explanations", f"<p>methods: {html.escape(', '.join(methods))}</p><ul>{rows}</ul>")


def reload_test_split(run, *, limit: int | None = None, seed: int = 0, quiet: bool = True
                     ) -> tuple[list[str], list[str]]:
    """The run's test split, reloaded with its config and de-identified as training did (the
    audit's way); with ``limit``, a seeded random sample of that many notes, in split order."""
    from meddx.data import make_splits

    cfg = run.config
    if cfg.data.path is None:
        raise RunError(f"run '{run.path}' does not record its data file, so its test split "
                       "cannot be reloaded")
    corpus = run.corpus(quiet=quiet)
    idx = make_splits(corpus, cfg.data.split).get("test", np.array([], dtype=np.int64))
    expected = (run.card().get("splits") or {}).get("test", {}).get("n")
    if len(idx) == 0 or expected not in (None, len(idx)):
        raise RunError(f"the data file '{cfg.data.path}' does not give run '{run.path}' its test "
                       f"split back ({len(idx)} rows, trained with {expected}); put the original "
                       "file in place")
    if limit is not None:
        if limit < 1:
            raise ConfigError(f"the number of notes must be at least 1; got {limit}")
        if limit < len(idx):
            idx = np.sort(np.random.default_rng(seed).choice(idx, size=limit, replace=False))
    part = corpus.subset(idx)
    return list(part.texts), list(part.ids)


def explain_global(run_dir, *, method: str | None = None, limit: int | None = None, out=None,
                   top: int = 20, min_notes: int = 3, seed: int = 0, params: dict | None = None,
                   quiet: bool = True) -> tuple[dict, Path]:
    """Top terms per class over the run's test split (or a seeded sample of ``limit`` notes),
    written as ``global.json`` and ``global.html`` into ``RUN/explanations/`` (or ``out``)."""
    from meddx.runs import load_run

    run = load_run(run_dir, with_baseline=False)
    names = [method] if method else default_methods(run.model)[:1]
    explainers = _explainers(run.model, names, params)
    texts, _ = reload_test_split(run, limit=limit, seed=seed, quiet=quiet)
    name, explainer = next(iter(explainers.items()))
    t0 = time.perf_counter()
    expl = explainer.explain(run.model, texts)
    result = global_terms(expl, run.model.labels, top=top, min_notes=min_notes)
    result.update(run=str(run.path), split="test", seconds=round(time.perf_counter() - t0, 1),
                  sampled=limit is not None, seed=seed)
    folder = Path(out) if out is not None else Path(run.path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_json(folder / "global.json", result)
    atomic_write_text(folder / "global.html", render_global_html(result))
    log.info("global explanation: %d test notes with %s", len(texts), name)
    return result, folder / "global.json"


def faithfulness_run(run_dir, *, methods: list[str] | None = None, n: int = 100, ks=(5, "10%"),
                     draws: int = 5, seed: int = 0, n_boot: int = 1000, out=None,
                     params: dict | None = None, quiet: bool = True) -> tuple[dict, Path]:
    """The deletion test on a seeded sample of ``n`` test notes, for each method; writes
    ``faithfulness.json`` into ``RUN/explanations/`` (or ``out``)."""
    from meddx.runs import load_run

    for spec in ks:  # fail on a bad k before any work
        parse_k(spec)
    run = load_run(run_dir, with_baseline=False)
    explainers = _explainers(run.model, methods, params, every=True)
    texts, _ = reload_test_split(run, limit=n, seed=seed, quiet=quiet)
    explanations, seconds = {}, {}
    for name, explainer in explainers.items():
        t0 = time.perf_counter()
        explanations[name] = explainer.explain(run.model, texts)
        seconds[name] = round(time.perf_counter() - t0, 1)
        log.info("faithfulness: %d notes explained with %s in %.1f s", len(texts), name, seconds[name])
    result = faithfulness(run.model, texts, explainers, ks=ks, draws=draws, seed=seed,
                          n_boot=n_boot, explanations=explanations)
    result.update(run=str(run.path), model_kind=run.model.kind, split="test",
                  explain_seconds=seconds,
                  settings={name: dict(vars(e)) for name, e in explainers.items()})
    folder = Path(out) if out is not None else Path(run.path) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "faithfulness.json"
    atomic_write_json(path, result)
    return result, path
