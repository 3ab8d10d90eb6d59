"""Drift figures: does ``meddx monitor report`` stay quiet on traffic like the training data and
alert on shifted traffic? One finished run, one prediction log per scenario, the report run
through the real CLI.

    nice -n 10 .venv/bin/python bench/drift.py runs/NAME [--work /tmp/meddx-drift] \\
        [--out bench/results/drift.json]

The run directory is copied (without checkpoints) into --work, since the monitor writes its
reference and reports into the run. Scenarios, each logged through ``PredictionService`` (as
``meddx serve`` does, de-identified) into its own SQLite store:

* ``same_distribution``: the run's held-out test split (a random split of the same data);
* ``perturbed``: the same test notes in ALL CAPS, with common clinical abbreviations and cut to
  the first 30% of their words;
* ``one_class``: only the test notes of the most frequent label.

For each, ``meddx monitor report RUN --store sqlite:///... --out ...`` is run; its exit code
(0: no alert, 3: alert) and the alerts it printed are recorded. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ABBREVIATIONS = {"patients": "pts", "patient": "pt", "with": "w/", "without": "w/o",
                 "history": "hx", "treatment": "tx", "diagnosis": "dx", "and": "&",
                 "symptoms": "sx", "fracture": "fx", "years": "yrs", "blood pressure": "BP",
                 "myocardial infarction": "MI", "significant": "signif", "increased": "incr",
                 "decreased": "decr", "disease": "dz", "between": "b/w"}


def perturb(text: str, keep: float = 0.3) -> str:
    for long, short in ABBREVIATIONS.items():
        text = re.sub(rf"\b{re.escape(long)}\b", short, text, flags=re.IGNORECASE)
    words = text.split()
    return " ".join(words[: max(5, int(len(words) * keep))]).upper()


def _test_notes(run) -> tuple[list[str], list[str]]:
    """Raw test-split notes and their labels, as the run split them."""
    from meddx.data import load_corpus, make_splits
    from meddx.deid import deidentify_corpus

    corpus = load_corpus(run.config.data)
    raw = list(corpus.texts)
    deidentify_corpus(corpus, run.config.deid)  # the split groups de-identified texts
    idx = make_splits(corpus, run.config.data.split)["test"]
    return [raw[int(i)] for i in idx], [corpus.labels[int(corpus.y[int(i)])] for i in idx]


def _log(run_dir: Path, db: Path, texts: list[str]) -> float:
    from meddx.serve import PredictionService, ServeSettings

    if db.exists():
        db.unlink()
    started = time.monotonic()
    service = PredictionService(run_dir, ServeSettings.build(
        store_url=f"sqlite:///{db}", insecure_no_auth=True))
    for i in range(0, len(texts), 32):
        service.predict(texts[i:i + 32])
    service.close()
    return time.monotonic() - started


def _report(run_dir: Path, db: Path, out: Path) -> dict:
    cmd = [sys.executable, "-m", "meddx", "monitor", "report", str(run_dir),
           "--store", f"sqlite:///{db}", "--out", str(out)]
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    alerts = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    report = json.loads((out / "monitor.json").read_text()) if (out / "monitor.json").is_file() else {}
    results = report.get("overall", {}).get("results", [])
    return {"exit_code": proc.returncode, "seconds": round(time.monotonic() - started, 1),
            "n": report.get("window", {}).get("n"),
            "alerts": [f"{a['test']}:{a['feature']}" for a in alerts],
            "tests": {f"{r['test']}:{r['feature']}": {"statistic": r["statistic"],
                                                      "p_value": r["p_value"], "alert": r["alert"]}
                      for r in results},
            "stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.returncode not in (0, 3)
            else [],
            "command": " ".join(["meddx", *cmd[3:]])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/meddx-drift"))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    from meddx.runs import load_run

    work_run = args.work / args.run.name
    if not work_run.is_dir():
        shutil.copytree(args.run, work_run, ignore=shutil.ignore_patterns("checkpoints", "monitor"))
    run = load_run(work_run, with_baseline=False)
    texts, labels = _test_notes(run)
    top = Counter(labels).most_common(1)[0][0]
    scenarios = {
        "same_distribution": texts,
        "perturbed": [perturb(t) for t in texts],
        "one_class": [t for t, lab in zip(texts, labels, strict=True) if lab == top],
    }
    result = {"run": args.run.name, "n_test": len(texts), "one_class_label": top, "scenarios": {}}
    for name, notes in scenarios.items():
        db = args.work / f"{name}.db"
        seconds = _log(work_run, db, notes)
        rep = _report(work_run, db, args.work / f"report-{name}")
        rep["log_seconds"] = round(seconds, 1)
        result["scenarios"][name] = rep
        print(f"{name}: n={rep['n']} exit={rep['exit_code']} alerts={rep['alerts']}", file=sys.stderr)
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
