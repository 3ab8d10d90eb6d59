"""Abbreviation disambiguation on held-out reverse-substituted contexts.

    nice -n 5 .venv/bin/python bench/abbrev_bench.py [--per-sense 100] [--no-cues] [--write-docs]

``--no-cues`` measures the system without the bundled cue file (the learned model of version 8
and before, the measurement this benchmark first reported); it writes its own result file and
docs section.

The default model (``meddx abbrev`` without --model) is built from the TRAIN split of the bundled
abstracts and tuned on the VALIDATION split. Here, contexts are harvested from the TEST split
(never seen by the model): each long form of an ambiguous short form is replaced by the short
form, and the gold sense is the long form replaced (or, in "(PE)"-defining abstracts, the defined
sense). The gold file goes through the same path as ``meddx abbrev-eval --gold FILE``
(detection, then disambiguation), so a mention the detector misses counts as wrong.
Caveat: abstracts are not clinical notes, and substituted contexts are easier than real ones
(the long form was written in full, so its context was chosen for it).
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

_DEFAULT_CMD = "nice -n 5 .venv/bin/python bench/abbrev_bench.py --write-docs"
ABBREVIATIONS = ["pe", "ra", "ms", "bs", "av", "la", "pt", "cp", "rom", "bm", "arf", "mi", "dc",
                 "er", "ca", "us", "ms", "pa", "ivf", "dm", "cva", "sa", "pr", "ad", "im", "ac"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-sense", type=int, default=40, help="Test contexts per sense, at most.")
    ap.add_argument("--gold-out", type=Path, default=ROOT / "bench" / "results" /
                    "abbrev_test_gold.jsonl")
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--no-cues", action="store_true",
                    help="Without the bundled cue file (the previous system).")
    ap.add_argument("--docs-only", action="store_true",
                    help="Rewrite the docs section from bench/results/abbrev.json, no run.")
    args = ap.parse_args()
    out = ROOT / "bench" / "results" / ("abbrev_nocues.json" if args.no_cues else "abbrev.json")
    if args.no_cues and args.gold_out == ap.get_default("gold_out"):
        args.gold_out = args.gold_out.with_name("abbrev_test_gold_nocues.jsonl")
    title = _title(args.no_cues)
    if args.docs_only:
        from _markdown import write_section

        result = json.loads(out.read_text())
        write_section(ROOT / "docs" / "benchmarks.md", title,
                      _section(result, _table(result), result.get("command", _DEFAULT_CMD),
                               title))
        return

    from meddx.models import text_embedder
    from meddx.text import (
        default_abbreviation_model,
        demo_split_texts,
        evaluate_abbreviations,
        harvest_contexts,
        load_inventory,
    )

    t0 = time.time()
    inventory = load_inventory(bundled_cues=not args.no_cues)
    model = default_abbreviation_model(inventory, text_embedder())
    keys = [k for k in dict.fromkeys(ABBREVIATIONS) if k in inventory
            and len(inventory.senses[k]) > 1]
    test = demo_split_texts()["test"]
    contexts = harvest_contexts(test, inventory, keys, per_sense=args.per_sense, seed=1)
    args.gold_out.parent.mkdir(parents=True, exist_ok=True)
    with args.gold_out.open("w", encoding="utf-8") as fh:
        for i, c in enumerate(contexts):
            start = c.offset
            fh.write(json.dumps({"id": f"t{i}", "text": c.text, "abbreviations": [
                {"start": start, "end": start + len(c.written), "short": c.written,
                 "sense": inventory.senses[c.key][c.sense].name}]}) + "\n")
    result = evaluate_abbreviations(inventory, args.gold_out, model=model)
    result["seconds"] = round(time.time() - t0, 1)
    result["model"] = {"params": model.params_, "fit": model.fit_info_}
    result["command"] = ("nice -n 5 .venv/bin/python bench/" + Path(__file__).name + " "
                         + " ".join(shlex.quote(a) for a in sys.argv[1:])).strip()
    out.write_text(json.dumps(result, indent=2))
    table = _table(result)
    print(table)
    if args.write_docs:
        from _markdown import write_section

        write_section(ROOT / "docs" / "benchmarks.md", title,
                      _section(result, table, result["command"], title))


def _table(result: dict) -> str:
    rows = ["| abbreviation | contexts | senses | accuracy | balanced acc. | coverage | "
            "majority acc. | majority bal. acc. |", "|---|---:|---:|---:|---:|---:|---:|---:|"]

    def line(name: str, r: dict) -> str:
        return (f"| {name} | {r['n']} | {r['senses']} | {r['accuracy']:.3f} | "
                f"{r['balanced_accuracy']:.3f} | {r['coverage']:.3f} | "
                f"{r['majority_accuracy']:.3f} | {r['majority_balanced_accuracy']:.3f} |")

    for k, r in result["by_abbreviation"].items():
        rows.append(line(k.upper(), r))
    rows.append(line("**all**", result["overall"]))
    return "\n".join(rows)


def _title(no_cues: bool) -> str:
    return ("## Abbreviation disambiguation on abstracts, without the cue file (previous system)"
            if no_cues else "## Abbreviation disambiguation")


def _section(result: dict, table: str, cmd: str, title: str) -> str:
    p = result["model"]["params"]
    fit = result["model"]["fit"]
    cues = "without the cue file" if "no-cues" in cmd else (
        "with the bundled cue file (clinical senses and context cues per sense; "
        "README, 'The cue file')")
    return (
        f"{title}\n\n"
        f"Command: `{cmd}` ({result['seconds']} s on 2 shared CPU cores, model build included "
        "when not cached).\n\n"
        "Held-out reverse-substituted contexts from the TEST split of the bundled abstracts "
        "(never used to fit or tune): each long form of an ambiguous short form replaced by the "
        "short form; gold = the long form. They go through `meddx abbrev-eval` (detection, then "
        "disambiguation); an abstention (sense null) counts as wrong. Balanced accuracy is the "
        "mean over (abbreviation, sense) of per-sense recall. The majority baseline always gives "
        "the inventory's most frequent sense in clinical notes (Vanderbilt/Stetson prior), "
        "without looking at the context.\n\n"
        f"Model: default (`meddx abbrev` without --model, version {fit.get('version')}), {cues}: "
        "similarity of the MiniLM context embedding to each sense name + naive-Bayes context "
        f"words learned from {fit.get('train_contexts')} reverse-substituted train contexts + "
        f"clinical-note prior; weights chosen on {fit.get('validation_contexts')} validation "
        f"contexts (balanced accuracy {fit.get('validation_balanced_accuracy')}): "
        f"T={p['T']}, beta={p['beta']}, gamma={p['gamma']}; abstains below "
        f"tau={p['tau']:.3f} (formula scoring on validation). "
        f"{result['overall'].get('detected', float('nan')):.1%} of the gold mentions were "
        "detected.\n\n" + table + "\n\n"
        f"Overall: balanced accuracy {result['overall']['balanced_accuracy']:.3f} against "
        f"{result['overall']['majority_balanced_accuracy']:.3f} for the majority sense "
        f"(accuracy {result['overall']['accuracy']:.3f} against "
        f"{result['overall']['majority_accuracy']:.3f}). Issue 17's target (balanced accuracy "
        "0.90) is on real notes, which this is not. "
        "The gold contexts are harvested with the inventory in use, and the cue file adds and "
        "merges senses (pleural effusion for PE, acute respiratory failure for ARF, ...), so "
        "the tables with and without it are drawn from the same abstracts but are not the same "
        "contexts. "
        "Rows with 1 sense: the test split had contexts of only one sense of that "
        "abbreviation (its balanced accuracy is its recall). "
        "Caveats: abstracts are not clinical notes (a sense such as 'bowel movement' or "
        "'room air' is rare in them, so its row has few or no contexts), and substituted "
        "contexts are easier than real use. This table is not evidence of accuracy on notes.\n")


if __name__ == "__main__":
    main()
