"""The LLM track's main table on the demo: macro-F1, ECE after calibration and wall time per mode.

    nice -n 10 .venv/bin/python bench/llm_modes.py \\
        --data src/meddx/data/demo/medical_abstracts.csv --config src/meddx/data/demo/demo.yaml \\
        --finetuned-run runs/demo-20261127-161744 --modes all \\
        --test-n 200 --val-n 100 --lora-train-n 300 --out bench/results/llm_modes.json

Cost on this project's 2-core CPU (1 torch thread): SmolLM2-135M scores roughly one note per
4 CPU-seconds with 4 in-context examples (measured in bench/learning_curve.py, 2026-11-27),
so each causal mode above costs roughly (test n + validation n) x 2-4 s plus, for LoRA, the
training; SetFit's 100 body steps take about 4 CPU-seconds each. Budget an hour or more for
all rows, or run them in several invocations (--modes); results merge by mode.

Every mode except `finetuned` is trained and scored through meddx.pipeline.train_run with its own
config, so the real pipeline runs (de-identification, fitting, calibration on validation,
metrics with bootstrap intervals). The default splits of --config are written once into a CSV
with a split column (beside the runs, --runs), with fixed-seed subsamples where asked:
--test-n and --val-n for every mode alike (comparable rows), --lora-train-n for LoRA, and
--setfit-shots examples per class for SetFit. `finetuned` trains nothing: it reads an existing
run directory (--finetuned-run, e.g. the demo's MiniLM full fine-tune) and scores its stored
test predictions on the same test rows, calibrated with the run's own calibrator.

Modes: zero-shot, few-shot (kNN in context), rag, lora (LoRA-SFT label likelihood) need the
causal-LM backend (branch llm-core; rag with --kb also the knowledge base of branch rag); a
mode whose code is missing is reported as "not run: needs branch ...". setfit, frozen and
finetuned run on the encoder. Results are merged by mode into --out; the section
"LLM track: modes on the demo" of docs/benchmarks.md is rewritten from them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # the scripts' shared helpers (_markdown)
CACHE = ROOT / "bench" / "cache" / "llm_modes"
SECTION = "## LLM track: modes on the demo"


@dataclass(frozen=True)
class Mode:
    title: str
    needs: str | None  # branch whose code the mode needs, for the "not run" message
    causal: bool


MODES = {
    "zero-shot": Mode("zero-shot, label likelihood", "llm-core", True),
    "few-shot": Mode("few-shot, kNN examples in context", "llm-core", True),
    "rag": Mode("RAG, retrieved passages in context", "llm-core and rag", True),
    "lora": Mode("LoRA-SFT, label likelihood", "llm-core", True),
    "setfit": Mode("SetFit (encoder)", None, False),
    "frozen": Mode("frozen encoder + LR head", None, False),
    "finetuned": Mode("fine-tuned encoder (existing run)", None, False),
}


class NotRun(Exception):
    pass


def load_split_corpus(args):
    """The corpus of --config/--data (raw text: train_run de-identifies) and its default splits."""
    import yaml

    from meddx.config import load_config
    from meddx.data import load_corpus, make_splits
    from meddx.deid import deidentify_corpus

    raw = yaml.safe_load(Path(args.config).read_text()) if args.config else {}
    tree = {k: raw[k] for k in ("data", "deid", "prep") if k in raw}
    tree.setdefault("data", {})["path"] = str(args.data)
    cfg = load_config(overrides=tree)
    corpus = load_corpus(cfg.data)
    raw_texts = list(corpus.texts)
    # Split as train_run does: after de-identification (identical texts share a split).
    deidentify_corpus(corpus, cfg.deid, quiet=True)
    splits = make_splits(corpus, cfg.data.split)
    corpus.texts = raw_texts  # the runs de-identify again themselves
    return cfg, corpus, splits


def _draw(index: np.ndarray, n: int | None, seed: int) -> np.ndarray:
    if n is None or n >= len(index):
        return index
    return np.sort(np.random.default_rng(seed).choice(index, size=n, replace=False))


def split_rows(args, corpus, splits, mode: str) -> dict[str, np.ndarray]:
    """Row indices per split for ``mode``: shared val/test subsamples, per-mode train."""
    from meddx.data import few_shot_per_class

    train = splits["train"]
    if mode == "lora":
        train = _draw(train, args.lora_train_n, args.seed)
    elif mode == "setfit" and args.setfit_shots:
        train = train[few_shot_per_class(corpus.y[train], args.setfit_shots, seed=args.seed,
                                         labels=corpus.labels, allow_fewer=True)]
    return {"train": train, "validation": _draw(splits["validation"], args.val_n, args.seed),
            "test": _draw(splits["test"], args.test_n, args.seed)}


def write_csv(path: Path, corpus, rows: dict[str, np.ndarray]) -> Path:
    import pandas as pd

    parts = []
    for split, idx in rows.items():
        parts.append(pd.DataFrame({"id": [corpus.ids[i] for i in idx],
                                   "text": [corpus.texts[i] for i in idx],
                                   "label": [corpus.labels[corpus.y[i]] for i in idx],
                                   "split": split}))
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.concat(parts).to_csv(path, index=False)
    return path


def mode_tree(args, base, mode: str, csv: Path, labels: list[str]) -> dict:
    """The run config of one mode: data, de-id and prep from --config, model and training here."""
    tree = {
        "name": f"{mode}-{time.strftime('%Y%m%d-%H%M%S')}", "out_dir": str(args.runs),
        "data": {"path": str(csv), "text_column": "text", "label_column": "label",
                 "id_column": "id", "labels": labels, "duplicates": "keep_all",
                 "split": {"column": "split", "seed": base.data.split.seed}},
        "deid": base.deid.model_dump(mode="json"),
        "prep": base.prep.model_dump(mode="json"),
        "train": {"seed": 42, "threads": args.threads, "batch_size": args.batch_size},
        "eval": {"bootstrap": args.bootstrap, "calibration": "temperature"},
        "baseline": False,
    }
    if mode in ("zero-shot", "few-shot", "rag", "lora"):
        tree["model"] = {"name": args.llm_model, "backend": "causal_lm", "mode": mode}
        if mode == "few-shot":
            tree["llm"] = {"few_shot_k": args.k, "few_shot_strategy": "knn"}
        if mode == "rag":
            tree["llm"] = {"rag_k": args.k, **({"kb_path": str(args.kb)} if args.kb else {})}
        if mode == "lora":
            tree["train"].update(epochs=args.lora_epochs, learning_rate=args.lora_lr,
                                 max_steps=args.lora_max_steps)
    elif mode == "setfit":
        tree["model"] = {"name": args.model, "mode": "setfit",
                         "setfit": {"iterations": args.setfit_iterations}}
        tree["train"]["max_steps"] = args.setfit_max_steps
    else:
        tree["model"] = {"name": args.model, "mode": "frozen"}
    return tree


def run_mode(args, base, corpus, splits, mode: str) -> dict:
    from meddx.config import load_config
    from meddx.errors import ConfigError, MissingExtraError
    from meddx.pipeline import train_run

    rows = split_rows(args, corpus, splits, mode)
    if mode == "finetuned":
        return score_existing_run(args, corpus, rows)
    csv = write_csv(args.runs / f"{mode}-data.csv", corpus, rows)
    needs = MODES[mode].needs
    try:
        cfg = load_config(overrides=mode_tree(args, base, mode, csv, corpus.labels))
    except ConfigError as exc:
        if needs:
            raise NotRun(f"needs branch {needs} ({str(exc).splitlines()[0][:160]})") from None
        raise
    started = time.monotonic()
    try:
        result = train_run(cfg, quiet=args.quiet)
    except (ImportError, MissingExtraError, NotImplementedError) as exc:
        if needs:
            raise NotRun(f"needs branch {needs} ({type(exc).__name__}: "
                         f"{str(exc).splitlines()[0][:160]})") from None
        raise
    wall = time.monotonic() - started
    m = result.metrics
    cal = m.get("calibration", {}).get("test", {})
    return {"macro_f1": m["model"]["macro_f1"], "ci95": m["model"]["ci95"].get("macro_f1"),
            "ece_before": cal.get("ece_before", m["model"]["ece"]),
            "ece_after": cal.get("ece_after"), "train_seconds": m["train_seconds"],
            "wall_seconds": round(wall, 1), "run_dir": str(result.run_dir),
            **{f"n_{k}": len(v) for k, v in rows.items()}}


def score_existing_run(args, corpus, rows) -> dict:
    """The fine-tuned encoder's stored test predictions on the chosen test rows, calibrated."""
    import pandas as pd

    from meddx.audit import apply_calibration
    from meddx.evaluate import expected_calibration_error

    if args.finetuned_run is None:
        raise NotRun("no --finetuned-run given")
    run = Path(args.finetuned_run)
    pred = pd.read_csv(run / "predictions.csv", dtype={"id": str}).set_index("id")
    ids = [corpus.ids[i] for i in rows["test"]]
    missing = [i for i in ids if i not in pred.index]
    if missing:
        raise NotRun(f"{run} has no test predictions for {len(missing)} of the chosen test rows "
                     "(trained on other data or splits?)")
    pred = pred.loc[ids]
    labels = corpus.labels
    proba = pred[[f"model_p[{lab}]" for lab in labels]].to_numpy(dtype=float)
    y = np.array([labels.index(t) for t in pred["true"]])
    from sklearn.metrics import f1_score

    after = apply_calibration(run, proba)
    metrics = json.loads((run / "metrics.json").read_text()) if (run / "metrics.json").is_file() \
        else {}
    task = "binary" if len(labels) == 2 else "multiclass"
    card = json.loads((run / "data_card.json").read_text()) if (run / "data_card.json").is_file() \
        else {}
    n_train = card.get("splits", {}).get("train", {}).get("n")
    return {"macro_f1": float(f1_score(y, proba.argmax(1), average="macro", zero_division=0)),
            "ci95": None,
            "ece_before": expected_calibration_error(y, proba, task=task),
            "ece_after": expected_calibration_error(y, after, task=task),
            "train_seconds": metrics.get("train_seconds"), "wall_seconds": None,
            "run_dir": str(run), "n_train": n_train, "n_validation": None, "n_test": len(ids)}


def _run_model(run: Path) -> str:
    import yaml

    cfg = yaml.safe_load((run / "config.yaml").read_text()) if (run / "config.yaml").is_file() \
        else {}
    model = cfg.get("model", {})
    return f"{Path(str(model.get('name', '?'))).name} {model.get('mode', '')} (run {run.name})"


def _fmt(v, spec=".3f") -> str:
    return "—" if v is None else format(v, spec)


def table(records: list[dict]) -> str:
    lines = ["| mode | model | macro-F1 [95% CI] | ECE before → after calibration | "
             "train n | test n | train s | wall s |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in records:
        title = MODES.get(r["mode"], Mode(r["mode"], None, False)).title
        if r["status"] != "ok":
            lines.append(f"| {title} | {r.get('model', '')} | {r['status']} | | | | | |")
            continue
        ci = r.get("ci95")
        f1 = _fmt(r["macro_f1"]) + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci and None not in ci else "")
        lines.append(f"| {title} | {r['model']} | {f1} | {_fmt(r['ece_before'])} → "
                     f"{_fmt(r['ece_after'])} | {r['n_train'] or '—'} | {r['n_test']} | "
                     f"{_fmt(r['train_seconds'], '.0f')} | {_fmt(r['wall_seconds'], '.0f')} |")
    return "\n".join(lines) + "\n"


def section(records: list[dict], machine: str) -> str:
    commands = list(dict.fromkeys(r["command"] for r in records))
    return "\n".join([
        SECTION, "",
        "Each row is one `meddx.pipeline.train_run` on the demo's default splits (validation and "
        "test subsampled with a fixed seed where the test n says so, identically for every "
        "row), except the fine-tuned encoder, whose stored test predictions from an existing "
        "run are scored on the same test rows. ECE after calibration uses the temperature "
        "fitted on the validation split. \"train s\" runs from loading the data to the end of "
        f"fitting; \"wall s\" includes test scoring and the report. {machine}, shared with other "
        "jobs: times are indicative.", "",
        table(records), "Commands:", "", "```bash", *commands, "```", ""])


def merge(path: Path, records: list[dict]) -> list[dict]:
    old = json.loads(path.read_text())["records"] if path.is_file() else []
    done = {r["mode"] for r in records}
    merged = [r for r in old if r["mode"] not in done] + records
    order = list(MODES)
    return sorted(merged, key=lambda r: order.index(r["mode"]) if r["mode"] in order else 99)


def merge_files(args) -> int:
    merged, machine = [], ""
    for path in args.merge:
        data = json.loads(path.read_text())
        machine = machine or data["machine"]
        merged = [r for r in merged if r["mode"] not in {x["mode"] for x in data["records"]}]
        merged += data["records"]
    _write(args, merge(args.out, merged), machine)
    return 0


def _write(args, merged: list[dict], machine: str) -> None:
    """The merged records into --out, the table to stdout, the section into --doc."""
    from meddx._io import atomic_write_json

    atomic_write_json(args.out, {"machine": machine, "records": merged})
    print(table(merged))
    if str(args.doc) != "-":
        from _markdown import write_section

        write_section(args.doc, SECTION, section(merged, machine))


def parse_args(argv: list[str] | None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default=str(ROOT / "src/meddx/data/demo/medical_abstracts.csv"))
    p.add_argument("--config", default=str(ROOT / "src/meddx/data/demo/demo.yaml"),
                   help="YAML whose data, deid and prep sections are used ('' for defaults)")
    p.add_argument("--modes", nargs="+", default=["all"], choices=["all", *MODES])
    p.add_argument("--finetuned-run", help="existing run directory for the fine-tuned row")
    p.add_argument("--model", default="minilm", help="encoder for setfit and frozen")
    p.add_argument("--llm-model", default="smollm2", help="causal LM for the LLM modes")
    p.add_argument("--kb", help="RAG knowledge base (meddx kb build); default: the train split")
    p.add_argument("--k", type=int, default=4, help="in-context examples or passages")
    p.add_argument("--test-n", type=int, help="test notes per mode (default: all)")
    p.add_argument("--val-n", type=int, help="validation notes per mode (default: all)")
    p.add_argument("--lora-train-n", type=int, default=300, help="training notes for LoRA")
    p.add_argument("--lora-epochs", type=float, default=1)
    p.add_argument("--lora-lr", type=float, default=2e-4)
    p.add_argument("--lora-max-steps", type=int, help="cap on LoRA optimizer steps")
    p.add_argument("--setfit-shots", type=int, default=64, help="SetFit examples per class")
    p.add_argument("--setfit-iterations", type=int, default=20)
    p.add_argument("--setfit-max-steps", type=int, default=100)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--bootstrap", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0, help="seed of every subsample")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=Path, default=CACHE / "runs", help="where the runs go")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "llm_modes.json")
    p.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks.md",
                   help="markdown file to write the section into ('-' for none)")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("--merge", nargs="+", type=Path, default=[],
                   help="run nothing: merge the records of these result files (from parallel "
                        "invocations with their own --out) into --out and rewrite the section")
    args = p.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if "all" in args.modes:
        args.modes = list(MODES)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    if args.merge:
        return merge_files(args)
    base, corpus, splits = load_split_corpus(args)
    command = "python bench/llm_modes.py " + " ".join(shlex.quote(a) for a in args.argv)
    records = []
    for mode in args.modes:
        model = Path(args.llm_model if MODES[mode].causal else args.model).name
        if mode == "finetuned" and args.finetuned_run:
            model = _run_model(Path(args.finetuned_run))
        rec = {"mode": mode, "model": model, "command": command,
               "date": time.strftime("%Y-%m-%d")}
        try:
            rec.update(status="ok", **run_mode(args, base, corpus, splits, mode))
            print(f"{mode}: macro-F1 {rec['macro_f1']:.3f}, ECE after {_fmt(rec['ece_after'])}, "
                  f"wall {_fmt(rec['wall_seconds'], '.0f')} s", flush=True)
        except NotRun as exc:
            rec["status"] = f"not run: {exc}"
            print(f"{mode}: {rec['status']}", flush=True)
        records.append(rec)
    machine = f"{os.cpu_count()} CPU cores ({platform.machine()}), no GPU, torch threads " \
              f"{args.threads}"
    _write(args, merge(args.out, records), machine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
