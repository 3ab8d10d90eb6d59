"""Which spans a change moves, set by set (session 17, branch tidydeid17): the default detectors'
spans on the training writer groups A-F, the validation sets (fresh10, notes11, notes12v,
notes15c, notes16c; as written and in lower case) and the Medical Abstracts, dumped by one
version of ``src`` and compared with another's dump.

    PYTHONPATH=<base src> .venv/bin/python bench/deid_span_diff.py dump /tmp/base.json
    PYTHONPATH=$PWD/src   .venv/bin/python bench/deid_span_diff.py dump /tmp/new.json
    PYTHONPATH=$PWD/src   .venv/bin/python bench/deid_span_diff.py diff /tmp/base.json /tmp/new.json \
        [--read A,E]

``--set G=FILE`` (both commands) adds a training file as one more group, e.g. a writer's set not
yet in ``deid_writer_groups`` (G = notes17/dev, session 17); a held-out or lead-only path is
refused.

``diff`` prints, per set and case, recall, precision and hard negatives tagged of both dumps and
how many spans differ; the validation sets pooled; the abstracts' span count. The spans that
differ are listed (note id, label, text) only for the training groups named in ``--read``;
a validation set's are never listed. Groups as ``bench/deid_writer_groups.py`` defines them
(no lead-only or held-out set is read).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deid_realstyle as rs  # noqa: E402
from deid_case import load, transform  # noqa: E402
from deid_writer_groups import VALIDATION, groups, refuse_lead_only  # noqa: E402

_SETS = ("A", "B", "C", "D", "E", "F", *VALIDATION)
_NOTES15C = str(Path(__file__).resolve().parent / "data" / "deid_round3" / "notes15c" / "fresh.jsonl")


_EXTRA: dict[str, str] = {}  # --set NAME=FILE


def _notes(name: str) -> tuple[list[dict], list[list[dict]]]:
    notes: list[dict] = []
    negs: list[list[dict]] = []
    for path in [_EXTRA[name]] if name in _EXTRA else groups(_NOTES15C)[name]:
        rows, hn = load(path)
        notes += rows
        negs += hn if hn is not None else [[] for _ in rows]
    return notes, negs


def dump(out: Path) -> None:
    from meddx.deid import Deidentifier

    deid, res = Deidentifier(), {}
    for name in (*_SETS, *_EXTRA, "abstracts"):
        base = rs.abstracts() if name == "abstracts" else [n["text"] for n in _notes(name)[0]]
        for variant in ("orig",) if name == "abstracts" else ("orig", "lower"):
            texts = [transform(t, variant) for t in base]
            res[f"{name}/{variant}"] = [[(s.start, s.end, s.label) for s in spans]
                                        for spans in deid.detect_many(texts)]
        print(name, len(base), flush=True)
    out.write_text(json.dumps(res))


def diff(base_path: Path, new_path: Path, read: set[str]) -> None:
    base, new = json.loads(base_path.read_text()), json.loads(new_path.read_text())
    pooled: dict[tuple[str, str], list] = {}
    for key in new:
        name, variant = key.split("/")
        before = [set(map(tuple, spans)) for spans in base[key]]
        after = [set(map(tuple, spans)) for spans in new[key]]
        changed = sum(len(a ^ b) for a, b in zip(before, after, strict=True))
        if name == "abstracts":
            print(f"abstracts spans {sum(map(len, before))} -> {sum(map(len, after))} (changed {changed})")
            continue
        notes, negs = _notes(name)
        texts = [transform(n["text"], variant) for n in notes]
        gold = [[(p["start"], p["end"], p["type"]) for p in n["phi"]] for n in notes]
        line = f"{name:8s} {variant:5s}"
        for tag, preds in (("base", base[key]), ("new", new[key])):
            preds = [[tuple(s) for s in spans] for spans in preds]
            o = rs.score(list(zip(texts, gold, preds, strict=True)))["overall"]
            tagged = sum(x["tagged"] for x in rs.negative_hits(negs, preds).values())
            line += f" | {tag} R {o['recall']:.4f} P {o['precision']:.4f} negs {tagged}"
            if name in VALIDATION:
                pooled.setdefault((variant, tag), []).extend(zip(texts, gold, preds, strict=True))
        print(f"{line} | changed spans {changed}")
        if name in read and changed:
            for n, t, a, b in zip(notes, texts, before, after, strict=True):
                for s in sorted(a - b):
                    print(f"    - {n['id']} {s[2]} {t[s[0]:s[1]]!r}")
                for s in sorted(b - a):
                    print(f"    + {n['id']} {s[2]} {t[s[0]:s[1]]!r}")
    for (variant, tag), docs in sorted(pooled.items()):
        o = rs.score(docs)["overall"]
        print(f"POOLED {variant:5s} {tag:4s} R {o['recall']:.4f} P {o['precision']:.4f} "
              f"({o['found']}/{o['n_gold']} found, {o['right']}/{o['n_pred']} right)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", action="append", default=[], help="NAME=FILE: one more training group")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    c = sub.add_parser("diff")
    c.add_argument("base", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--read", default="", help="training groups whose changed spans are listed")
    args = ap.parse_args()
    for item in args.set:
        name, _, path = item.partition("=")
        refuse_lead_only("--set", path)
        if name in _SETS or not path:
            sys.exit(f"--set {item}: give a new group's NAME=FILE")
        _EXTRA[name] = path
    if args.cmd == "dump":
        dump(args.out)
        return
    read = {g for g in args.read.split(",") if g}
    if not read <= set("ABCDEF") | set(_EXTRA):
        sys.exit("--read names training groups only")
    diff(args.base, args.new, read)


if __name__ == "__main__":
    main()
