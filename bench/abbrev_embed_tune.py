"""Choose the weights of the sentence-embedding term of the abbreviation fallback (session 10).

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python bench/abbrev_embed_tune.py [1|2]

Reads ONLY the tuning dev files (bench/data/abbrev_clinical/dev/{tune,extend,extend3,extend4,
stress,stress2,stress3,stress4}.jsonl); never holdout, the *_check files, embed_check or test.
For each gold mention the detector finds, it computes the fallback's parts (masked-window
similarity to the sense names, naive Bayes, clinical prior) and the new term: cosine between the
window (kept or masked) and each sense's long form in a template; then grid-searches the
template, the window variant, the new term's weight and the prior's weight by balanced accuracy
(argmax over the candidate senses, abstention left out) for --no-cues, and the tie-breaker
weight for short forms WITH cue rows whose cues find nothing in the context (with cues).
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from meddx.models import text_embedder
from meddx.text import default_abbreviation_model, find_abbreviations, load_inventory
from meddx.text._abbrev_harvest import _window
from meddx.text._abbrev_model import _masked

DEV = Path(__file__).parent / "data" / "abbrev_clinical" / "dev"
FILES = ["tune", "extend", "extend3", "extend4", "stress", "stress2", "stress3", "stress4"]
ROUND = int(sys.argv[1]) if len(sys.argv) > 1 else 2  # 1: the first, coarse grid
ROUND1_W = (0.0, 2.0, 5.0, 10.0, 20.0, 40.0)
TEMPLATES = {"name": "{lf}", "patient": "the patient has {lf}", "paren": "{lf} ({short})",
             "note": "clinical note: {lf}"}


def mentions(inv):
    out = []
    for name in FILES:
        for line in (DEV / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            found = {m.start: m for m in find_abbreviations(rec["text"], inv)}
            for g in rec["abbreviations"]:
                m = found.get(g["start"])
                if m is None or len(inv.senses[m.key]) < 2:
                    continue
                names = [s.name.lower() for s in inv.senses[m.key]]
                if g["sense"].lower() not in names:
                    continue
                out.append((rec["text"], m, names.index(g["sense"].lower())))
    return out


def bal(keys, gold, pred):
    hits = defaultdict(list)
    for k, g, p in zip(keys, gold, pred, strict=True):
        hits[(k, g)].append(p == g)
    return float(np.mean([np.mean(v) for v in hits.values()]))


def main():
    embed = text_embedder("minilm")
    for cued in (False, True):
        inv = load_inventory(bundled_cues=cued)
        model = default_abbreviation_model(inv, embed)
        ms = mentions(inv)
        spans = [_window(t, m.start, m.end, model.window) for t, m, _ in ms]
        kept = embed([w for w, _ in spans])
        masked = embed([_masked(w, at, m.end - m.start)
                        for (w, at), (_, m, _) in zip(spans, ms, strict=True)])
        keys = sorted({m.key for _, m, _ in ms})
        tmpl = {}
        for tn, tt in TEMPLATES.items():
            texts = [tt.format(lf=s.name, short=k.upper()) for k in keys for s in inv.senses[k]]
            e = embed(texts)
            row = 0
            for k in keys:
                n = len(inv.senses[k])
                tmpl[(tn, k)] = e[row:row + n]
                row += n
        gold = [g for _, _, g in ms]
        mkeys = [m.key for _, m, _ in ms]
        rows = []
        for (t, m, _), (w, _), ek, em in zip(ms, spans, kept, masked, strict=True):
            fb = m.key not in inv.cues.senses
            p = model.params_["fallback"] if fb else model.params_
            ctx = em if fb else ek
            zs, rs, _ = model._parts(m.key, ctx, m.short, w)
            prior = np.log(np.maximum(inv.clinical_prior(m.key, m.short), 1e-6))
            cand = inv.candidates(m.key)
            mask = np.full(len(zs), -np.inf)
            mask[cand] = 0
            found = inv.cues.score(t, m.start, m.end, m.key)
            boost = np.zeros(len(zs))
            for i in cand:
                for a in inv.senses[m.key][i].aliases:
                    if a in found:
                        boost[i] += found[a][0]
            rows.append(dict(fb=fb, zs=zs / p["T"] + p["beta"] * rs, prior=prior, g0=p["gamma"],
                             mask=mask + boost, nocue=not boost.any(), key=m.key, ek=ek, em=em))
        for k in keys:  # the mean of the templates, renormalised
            v = sum(tmpl[(tn, k)] for tn in TEMPLATES)
            tmpl[("mean", k)] = v / np.linalg.norm(v, axis=1, keepdims=True)
        grid_w = ROUND1_W if ROUND == 1 else ((0.0, 3.0, 4.0, 5.0, 6.0, 8.0) if not cued
                                               else (0.0, 0.5, 1.0, 2.0, 3.0))
        grid_g = ((0.05, 0.1, 0.2, 0.4) if ROUND == 1 else (0.15, 0.2, 0.3)) if not cued else (None,)
        grid_a = (1.0,) if ROUND == 1 or cued else (0.5, 1.0)
        names = list(TEMPLATES) if ROUND == 1 else ["patient", "mean"]
        res = []
        for tn, var, w, gm, a in itertools.product(names, ("masked", "kept"), grid_w, grid_g,
                                                    grid_a):
            pred = []
            for r in rows:
                c = r["em"] if var == "masked" else r["ek"]
                extra = w * (tmpl[(tn, r["key"])] @ c) if (r["fb"] or r["nocue"]) else 0.0
                gam = r["g0"] if gm is None or not r["fb"] else gm
                z = a * r["zs"] if r["fb"] else r["zs"]
                pred.append(int(np.argmax(z + gam * r["prior"] + extra + r["mask"])))
            res.append((bal(mkeys, gold, pred), tn, var, w, gm, a))
        res.sort(key=lambda x: -x[0])
        base = [x for x in res if x[3] == 0.0]
        print(f"cues={cued} mentions={len(rows)} without a cue={sum(r['nocue'] for r in rows)}")
        print("  best without the new term:", base[0])
        for x in res[:15]:
            print("  ", x)
        for tn in names:
            for var in ("masked", "kept"):
                b = max(x for x in res if x[1] == tn and x[2] == var)
                print("   best for", tn, var, b)


if __name__ == "__main__":
    main()
