"""Few-shot learning curve: test macro-F1 at 8, 16, 32 and 64 training examples per class.

    nice -n 10 .venv/bin/python bench/learning_curve.py \\
        --data src/meddx/data/demo/medical_abstracts.csv --config src/meddx/data/demo/demo.yaml \\
        --shots 8 16 32 64 --seeds 0 --methods tfidf frozen setfit incontext

The data, preparation and de-identification come from --config (the demo's by default) and the
default splits from meddx.data.make_splits. For each seed, the training set is
``few_shot_per_class(train split, n, seed)`` (nested: the 8-shot set lies inside the 16-shot
set) and the validation set is drawn the same way from the validation split (n per class, all
of a class if it has fewer): it picks the regularisation of every head, as a few-shot user
could. Every method is scored once on the test split, or on a fixed-seed subsample of it
(--test-n, --incontext-test-n); the table states n. Methods:

* tfidf: TF-IDF + logistic regression (meddx's baseline, C chosen on validation);
* frozen: the frozen encoder (--model, MiniLM) + logistic-regression head;
* setfit: SetFit, the encoder fine-tuned on contrastive pairs, then the head;
* incontext: the causal LM (--llm-model) with k in-context examples chosen by kNN from the
  few-shot training set (needs the causal-LM backend from branch llm-core).

Results are merged into bench/results/learning_curve.json by (method, n, seed), so methods can
be run in separate invocations; the table in docs/benchmarks.md ("Few-shot learning curve")
is rewritten from that file with the commands that produced it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # the scripts' shared helpers (_markdown)
RESULTS = ROOT / "bench" / "results" / "learning_curve.json"
SECTION = "## Few-shot learning curve"
METHOD_NAMES = {
    "tfidf": "TF-IDF + LR",
    "frozen": "frozen encoder + LR",
    "setfit": "SetFit",
    "incontext": "in-context kNN (causal LM)",
}


class NotAvailable(Exception):
    """A method that needs work not on this branch yet."""


def load_data(args) -> tuple[object, dict]:
    """The run config and the de-identified train/validation/test corpora (default splits)."""
    import yaml

    from meddx.config import load_config
    from meddx.data import load_corpus, make_splits
    from meddx.deid import deidentify_corpus

    raw = yaml.safe_load(Path(args.config).read_text()) if args.config else {}
    keep = {k: raw[k] for k in ("data", "deid", "prep") if k in raw}
    keep.setdefault("data", {})["path"] = str(args.data)
    for key, value in (("text_column", args.text_column), ("label_column", args.label_column)):
        if value:
            keep["data"][key] = value
    keep["model"] = {"name": args.model, "mode": "frozen"}
    keep["train"] = {"seed": 42, "threads": args.threads}
    cfg = load_config(overrides=keep)
    corpus = load_corpus(cfg.data)
    deidentify_corpus(corpus, cfg.deid, quiet=True)
    splits = make_splits(corpus, cfg.data.split)
    return cfg, {name: corpus.subset(idx) for name, idx in splits.items()}


def subsample(corpus, n: int | None, seed: int):
    """A fixed-seed random subset of ``n`` rows (all rows if n is None or larger)."""
    if n is None or n >= len(corpus):
        return corpus
    rng = np.random.default_rng(seed)
    return corpus.subset(np.sort(rng.choice(len(corpus), size=n, replace=False)))


def macro_f1(y: np.ndarray, proba: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, proba.argmax(1), average="macro", zero_division=0))


class Context:
    """What the methods share: config, corpora and the frozen encoder's embeddings by text."""

    def __init__(self, cfg, args) -> None:
        self.cfg, self.args = cfg, args
        self._emb: dict[str, np.ndarray] = {}

    def frozen_embeddings(self, texts: list[str]) -> np.ndarray:
        from meddx.models import FrozenEncoderClassifier

        missing = list(dict.fromkeys(t for t in texts if t not in self._emb))
        if missing:
            probe = FrozenEncoderClassifier(labels=[], task="multiclass", prep=self.cfg.prep,
                                            model=self.cfg.model.name,
                                            pooling=self.cfg.model.pooling)
            for t, row in zip(missing, probe.embed(missing, quiet=self.args.quiet), strict=True):
                self._emb[t] = row
        return np.stack([self._emb[t] for t in texts])


def _head(ctx, x_train, train, x_val, val):
    from meddx.train import select_head

    return select_head(ctx.cfg, x_train, train, x_val, val, train.labels, train.task, [], "head")


def run_tfidf(ctx, train, val, test):
    from meddx.models import TfidfBaseline

    clf = TfidfBaseline.fit((train.texts, train.y), (val.texts, val.y), labels=train.labels,
                            task=train.task, prep=ctx.cfg.prep, seed=ctx.cfg.train.seed)
    return clf.predict_proba(test.texts), {"C": clf.C}


def run_frozen(ctx, train, val, test):
    head = _head(ctx, ctx.frozen_embeddings(train.texts), train,
                 ctx.frozen_embeddings(val.texts), val)
    return head.predict_proba(ctx.frozen_embeddings(test.texts)), {}


def run_setfit(ctx, train, val, test):
    from meddx.models import SetFitClassifier, SetFitSettings, train_setfit_body

    a = ctx.args
    settings = SetFitSettings(iterations=a.setfit_iterations, epochs=1, learning_rate=a.setfit_lr)
    body = train_setfit_body(ctx.cfg.model.name, train.texts, train.y, task=train.task,
                             prep=ctx.cfg.prep, settings=settings, batch_size=a.batch_size,
                             seed=ctx.cfg.train.seed, max_steps=a.setfit_max_steps, quiet=a.quiet)
    clf = SetFitClassifier(labels=train.labels, task=train.task, prep=ctx.cfg.prep, body=body)
    clf.head = _head(ctx, clf.embed(train.texts), train, clf.embed(val.texts), val)
    steps = min(2 * a.setfit_iterations * len(train) // a.batch_size, a.setfit_max_steps or 10**9)
    return clf.predict_proba(test.texts, quiet=a.quiet), {"body_steps": steps}


def run_incontext(ctx, train, val, test):
    """k nearest few-shot training notes (MiniLM kNN) in the causal LM's prompt; no training."""
    try:
        from meddx.models import CausalLMClassifier, ExamplePool, LlmConfig
    except ImportError:
        raise NotAvailable("needs branch llm-core (CausalLMClassifier)") from None
    from meddx.text import normalize_all

    a = ctx.args
    llm = LlmConfig(few_shot_k=a.k, few_shot_strategy="knn", embedder=ctx.cfg.model.name,
                    threads=a.threads)
    # The pool as meddx.train fits it: normalised notes, unit-length MiniLM embeddings.
    pool = ExamplePool(normalize_all(train.texts, ctx.cfg.prep), np.asarray(train.y, dtype=int),
                       ctx.frozen_embeddings(train.texts))
    loaded = getattr(ctx, "causal", None) or {}
    clf = CausalLMClassifier(labels=train.labels, task=train.task, prep=ctx.cfg.prep,
                             base_model=a.llm_model, mode="few-shot", llm=llm, pool=pool,
                             seed=ctx.cfg.train.seed, **loaded)
    ctx.causal = {"model": clf.model, "tokenizer": clf.tokenizer}  # load the LM once
    return clf.predict_proba(test.texts, quiet=a.quiet), {"k": a.k}


METHODS = {"tfidf": run_tfidf, "frozen": run_frozen, "setfit": run_setfit,
           "incontext": run_incontext}


def run_curve(args, cfg, part: dict, on_record=None) -> list[dict]:
    """Every (seed, shots, method) point; ``on_record(records)`` after each (saves progress)."""
    from meddx.data import few_shot_per_class

    ctx = Context(cfg, args)
    train_all, val_all = part["train"], part["validation"]
    tests = {m: subsample(part["test"], args.incontext_test_n if m == "incontext" else args.test_n,
                          args.test_seed) for m in args.methods}
    command = "python bench/learning_curve.py " + " ".join(shlex.quote(a) for a in args.argv)
    records = []
    # Method by method, cheapest first as given, so an interrupted run keeps whole columns.
    for method in args.methods:
        for seed in args.seeds:
            for n in args.shots:
                train = train_all.subset(few_shot_per_class(train_all.y, n, seed=seed,
                                                            labels=train_all.labels))
                val = val_all.subset(few_shot_per_class(val_all.y, n, seed=seed,
                                                        labels=val_all.labels, allow_fewer=True))
                test = tests[method]
                started = time.monotonic()
                try:
                    proba, extra = METHODS[method](ctx, train, val, test)
                except NotAvailable as exc:
                    print(f"{method}: not run ({exc})", flush=True)
                    records.append({"method": method, "shots": n, "seed": seed,
                                    "status": f"not run: {exc}", "command": command})
                    if on_record:
                        on_record(records)
                    continue
                rec = {"method": method, "shots": n, "seed": seed, "status": "ok",
                       "macro_f1": macro_f1(test.y, proba),
                       "accuracy": float((proba.argmax(1) == test.y).mean()),
                       "n_train": len(train), "n_validation": len(val), "n_test": len(test),
                       "seconds": round(time.monotonic() - started, 1), "command": command,
                       "date": time.strftime("%Y-%m-%d"), **extra}
                records.append(rec)
                print(f"{method} n={n} seed={seed}: macro-F1 {rec['macro_f1']:.3f} "
                      f"({rec['seconds']:.0f} s, test n={len(test)})", flush=True)
                if on_record:
                    on_record(records)
    return records


def merge_results(path: Path, records: list[dict]) -> list[dict]:
    """Replace earlier records of the same (method, shots, seed); keep the others."""
    old = json.loads(path.read_text())["records"] if path.is_file() else []
    key = lambda r: (r["method"], r["shots"], r["seed"])  # noqa: E731
    new_keys = {key(r) for r in records}
    merged = [r for r in old if key(r) not in new_keys] + records
    return sorted(merged, key=lambda r: (list(METHOD_NAMES).index(r["method"])
                                         if r["method"] in METHOD_NAMES else 99,
                                         r["shots"], r["seed"]))


def table(records: list[dict]) -> str:
    """Markdown: one row per shots, one column per method (mean over seeds, with sd)."""
    methods = list(METHOD_NAMES)
    shots = sorted({r["shots"] for r in records})
    head = []
    for m in methods:
        ns = sorted({r["n_test"] for r in records if r["method"] == m and r["status"] == "ok"})
        head.append(f"{METHOD_NAMES[m]}" + (f" (test n={'/'.join(map(str, ns))})" if ns else ""))
    lines = ["| examples per class | " + " | ".join(head) + " |",
             "| --- |" + " --- |" * len(methods)]
    for n in shots:
        cells = []
        for m in methods:
            ok = [r["macro_f1"] for r in records if r["method"] == m and r["shots"] == n
                  and r["status"] == "ok"]
            if not ok:
                cells.append("not run")
            elif len(ok) == 1:
                cells.append(f"{ok[0]:.3f}")
            else:
                cells.append(f"{np.mean(ok):.3f} ± {np.std(ok, ddof=1):.3f} ({len(ok)} seeds)")
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _steps(records: list[dict]) -> int:
    return max(r["body_steps"] for r in records)


def section(records: list[dict], machine: str) -> str:
    commands = list(dict.fromkeys(r["command"] for r in records))
    skipped = sorted({f"{METHOD_NAMES.get(r['method'], r['method'])}: {r['status']}"
                      for r in records if r["status"] != "ok"})
    secs = {}
    for r in records:
        if r["status"] == "ok":
            secs.setdefault(r["method"], []).append(r["seconds"])
    timing = ", ".join(f"{METHOD_NAMES[m]} {np.mean(v):.0f} s" for m, v in secs.items())
    setfit = [r for r in records if r["method"] == "setfit" and r["status"] == "ok"]
    incontext = [r for r in records if r["method"] == "incontext" and r["status"] == "ok"]
    parts = [
        SECTION, "",
        "Macro-F1 on the demo test split (Medical Abstracts, 5 classes) after training on n "
        "examples per class drawn with `meddx.data.few_shot_per_class` from the default train "
        "split; the validation set is drawn the same way (n per class) and chooses each head's "
        "regularisation. Nothing is tuned on test. The encoder is MiniLM-L6 (128 tokens, as in "
        "the demo). " + (
            f"SetFit trained the body for at most {_steps(setfit)} steps of 16 pairs "
            f"({16 * _steps(setfit)} pairs, cosine-similarity loss): a CPU budget far below "
            "SetFit's default of 40 pairs per note (1,600 pairs at 8 shots, 12,800 at 64). "
            if setfit else "")
        + (f"In-context: SmolLM2-135M-Instruct scored by label likelihood with the "
           f"{incontext[0].get('k', 4)} nearest few-shot training notes (MiniLM kNN) in the "
           "prompt; nothing is trained, so n only changes the pool the examples come from. "
           if incontext else ""),
        "", table(records),
        f"Mean wall time per point (fit + test scoring): {timing}; {machine}, shared with other "
        "jobs, so times are indicative only." if timing else "",
        "",
    ]
    if skipped:
        parts += ["Not run: " + "; ".join(skipped) + ".", ""]
    if "not run |" in parts[4] and not skipped:
        parts += ["\"not run\": the point was not measured within this run's CPU budget.", ""]
    shown = []
    for c in commands:
        made: dict[str, list[int]] = {}
        for r in records:
            if r["command"] == c and r["status"] == "ok":
                made.setdefault(METHOD_NAMES.get(r["method"], r["method"]), []).append(r["shots"])
        shown += ["# points: " + ("; ".join(f"{m} at {', '.join(map(str, sorted(set(v))))}"
                                            for m, v in made.items()) or "none"), c]
    parts += ["Commands (each with the points it produced; a run stopped early to save CPU "
              "produced fewer than it names):", "", "```bash", *shown, "```", ""]
    return "\n".join(parts)


def parse_args(argv: list[str] | None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(ROOT / "src/meddx/data/demo/medical_abstracts.csv"))
    p.add_argument("--config", default=str(ROOT / "src/meddx/data/demo/demo.yaml"),
                   help="YAML whose data, deid and prep sections are used ('' for defaults)")
    p.add_argument("--text-column")
    p.add_argument("--label-column")
    p.add_argument("--shots", type=int, nargs="+", default=[8, 16, 32, 64])
    p.add_argument("--seeds", type=int, nargs="+", default=[0])
    p.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    p.add_argument("--model", default="minilm", help="encoder for frozen and SetFit")
    p.add_argument("--llm-model", default="smollm2", help="causal LM for in-context")
    p.add_argument("--k", type=int, default=4, help="in-context examples per prompt")
    p.add_argument("--test-n", type=int, help="score on this many test notes (default: all)")
    p.add_argument("--incontext-test-n", type=int, default=100,
                   help="test notes for the causal LM (slow on CPU)")
    p.add_argument("--test-seed", type=int, default=0, help="seed of the test subsample")
    p.add_argument("--setfit-iterations", type=int, default=20)
    p.add_argument("--setfit-max-steps", type=int, default=40)
    p.add_argument("--setfit-lr", type=float, default=2e-5)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--results", type=Path, default=RESULTS)
    p.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md",
                   help="markdown file to write the section into ('-' for none)")
    p.add_argument("--render-only", action="store_true",
                   help="rewrite the doc section from --results without running anything")
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch

    torch.set_num_threads(args.threads)
    from meddx._io import atomic_write_json

    machine = f"{os.cpu_count()} CPU cores ({platform.machine()}), no GPU, torch threads " \
              f"{args.threads}"
    if args.render_only:
        from _markdown import write_section

        stored = json.loads(args.results.read_text())
        write_section(args.doc, SECTION, section(stored["records"], stored.get("machine", machine)))
        print(table(stored["records"]))
        return 0
    cfg, part = load_data(args)

    def save(records: list[dict]) -> list[dict]:
        merged = merge_results(args.results, records)
        atomic_write_json(args.results, {"machine": machine, "records": merged})
        if str(args.doc) != "-":
            from _markdown import write_section

            write_section(args.doc, SECTION, section(merged, machine))
        return merged

    merged = save(run_curve(args, cfg, part, on_record=save))
    print(table(merged))
    print(f"wrote {args.results}" + ("" if str(args.doc) == "-" else
                                     f" and the section '{SECTION[3:]}' of {args.doc}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
