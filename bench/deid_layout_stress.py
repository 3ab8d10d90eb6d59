"""De-identification under note layout: annotated notes re-laid out one way at a time (hard
wrapped, CRLF, tabs, padded spaces, NBSP, smart quotes, bullets, letter case), gold offsets mapped
exactly, scored as the held-out sets are (``bench/deid_crf_eval.py``: found = every
alphanumeric character covered, any label; typed recall by spans of the same type; hard
negatives touched).

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_layout_stress.py \
        [--sets rsdev,r3dev,r3fresh,notes11] [--variants orig,wrap60,...] \
        [--detectors rules,names,places,crf] [--show-errors] [--out FILE.json]

Sets: ``rsdev`` (bench/data/deid_realstyle/dev.jsonl) and ``r3dev`` (every non-fresh round-3
file but session 12's ``notes12``) were tuned on; ``r3fresh`` (the round-3 ``fresh.jsonl``
files), ``notes11`` (``bench/data/deid_round3/notes11/fresh.jsonl``), ``notes12`` (its
``dev.jsonl``, written in session 12; training data of the learned taggers, never tuned on by
the rules) and ``notes12v`` (its ``fresh.jsonl``) are validation: aggregates only, never their
errors (``--show-errors`` prints misses and false positives of the tuned sets alone). The
held-out sets and the real-style test split are never read.

Every transformation maps each character of the note to a replacement string (the character
itself, a line break for a space, "\\r\\n" for "\\n", two spaces for one ...), so a gold span
maps to the replacements of its characters; the mapped surface is checked against the
original (whitespace runs, quotes, dashes and case folded) before anything is scored.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_crf_data as data  # noqa: E402
from deid_crf_eval import _line, _types  # noqa: E402
from deid_realstyle import is_found, negative_hits, overlaps, score  # noqa: E402

Pieces = list[str]
TUNED = ("rsdev", "r3dev")
#: written for the learned taggers (sessions 12-14; notes12 partly hard-wrapped by its writers):
#: reported apart from the rules' tuned sets
TAGGER_TRAINING = ("notes12", "notes13", "notes14")
_SPACE = re.compile(r" ")
_LABEL = re.compile(r"(?m)^[ \t]*[A-Za-z][A-Za-z /#.&()-]{0,30}:(?= )")


def wrap(text: str, width: int) -> Pieces:
    """A text editor's hard wrap at ``width`` columns: the space before a word that would pass
    the column becomes a line break (words longer than a line stay whole)."""
    out = list(text)
    line_start = 0
    for m in re.finditer(r"\n|[^\s]+", text):
        if m.group() == "\n":
            line_start = m.end()
            continue
        if m.end() - line_start > width and m.start() > line_start and text[m.start() - 1] == " ":
            out[m.start() - 1] = "\n"
            line_start = m.start()
    return out


def crlf(text: str) -> Pieces:
    return ["\r\n" if c == "\n" else c for c in text]


def tabs(text: str, rng: random.Random) -> Pieces:
    """A tab after each template label ("BP:\\t120/80") and for one space in six elsewhere."""
    out = list(text)
    after_label = {m.end() for m in _LABEL.finditer(text)}
    for m in _SPACE.finditer(text):
        if m.start() in after_label or rng.random() < 1 / 6:
            out[m.start()] = "\t"
    return out


def spaces(text: str) -> Pieces:
    """Two spaces after sentence punctuation and commas' template cousins (": ", "; "), and
    template labels padded to column 16 ("Name:           John")."""
    out = list(text)
    for m in re.finditer(r"(?<=[.:;?!]) (?=\S)", text):
        out[m.start()] = "  "
    for m in _LABEL.finditer(text):
        pad = max(1, 16 - (m.end() - m.start()))
        out[m.end()] = " " * pad
    return out


def nbsp(text: str, rng: random.Random) -> Pieces:
    """U+00A0 for the space after a title or a number and for one space in five elsewhere."""
    out = list(text)
    for m in _SPACE.finditer(text):
        before = text[max(0, m.start() - 4):m.start()]
        if re.search(r"(?:\b(?:Dr|Mr|Mrs|Ms|St)\.|\d)$", before) or rng.random() < 0.2:
            out[m.start()] = "\u00a0"
    return out


def smart(text: str) -> Pieces:
    """Curly apostrophes and quotes, en dashes between numbers and for a spaced hyphen."""
    out = list(text)
    for i, c in enumerate(text):
        if c == "'":
            out[i] = "\u2018" if i == 0 or text[i - 1].isspace() else "\u2019"
        elif c == '"':
            out[i] = "\u201c" if i == 0 or text[i - 1].isspace() else "\u201d"
        elif c == "-" and 0 < i < len(text) - 1 and (
                (text[i - 1].isdigit() and text[i + 1].isdigit())
                or (text[i - 1] == " " and text[i + 1] == " ")):
            out[i] = "\u2013"
    return out


def bullets(text: str) -> Pieces:
    """A bullet and a space ("\u2022 ") before every line after the first that starts with a
    letter (carried by the line break, so a span starting the line does not take it)."""
    out = list(text)
    for m in re.finditer(r"\n(?=[^\W\d_])", text):
        out[m.start()] = "\n\u2022 "
    return out


def _case(f: Callable[[str], str]) -> Callable[[str], Pieces]:
    return lambda text: [f(c) if len(f(c)) == 1 else c for c in text]


def _then(first: Callable[[str], Pieces], second: Callable[[str], Pieces]) -> Callable[[str], Pieces]:
    """``second`` applied to the characters ``first`` made (both keep one piece per char)."""
    def both(text: str) -> Pieces:
        return ["".join(second(p)) for p in first(text)]
    return both


def variants(seed: int) -> dict[str, Callable[[str], Pieces]]:
    rng = random.Random(seed)
    return {
        "orig": list, "wrap60": lambda t: wrap(t, 60), "wrap78": lambda t: wrap(t, 78),
        "crlf": crlf, "tabs": lambda t: tabs(t, rng), "spaces": spaces,
        "nbsp": lambda t: nbsp(t, rng), "smart": smart, "bullets": bullets, "upper": _case(str.upper),
        "lower": _case(str.lower), "wrap60+upper": _then(lambda t: wrap(t, 60), _case(str.upper)),
        "wrap78+crlf": _then(lambda t: wrap(t, 78), crlf),
    }


def _fold(s: str) -> str:
    s = s.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2022: ""})
    return re.sub(r"\s+", " ", s).casefold()


def relayout(note: dict, pieces: Pieces) -> dict:
    """``note`` (text, phi, negatives) with the text made of ``pieces`` and every span moved;
    raises when a moved surface is not the original one (layout folded)."""
    text = "".join(pieces)
    pos = [0]
    for p in pieces:
        pos.append(pos[-1] + len(p))

    def move(span: dict) -> dict:
        s, e = pos[span["start"]], pos[span["end"]]
        old = note["text"][span["start"]:span["end"]]
        if _fold(text[s:e]) != _fold(old):
            raise AssertionError(f"{note['id']}: a span moved to a different surface")
        return {**span, "start": s, "end": e}

    return {"id": note["id"], "text": text, "phi": [move(p) for p in note["phi"]],
            "negatives": [move(n) for n in note.get("negatives", [])]}


def sets(names: list[str]) -> dict[str, list[dict]]:
    files = {
        "rsdev": [data.REALSTYLE_DEV],
        "r3dev": [f for d in data.folders() if d.name not in TAGGER_TRAINING for f in data.dev_files(d)],
        "r3fresh": data.fresh_files(),
        "notes11": [data.ROUND3 / "notes11" / "fresh.jsonl"],
        "notes12": data.dev_files(data.ROUND3 / "notes12"),
        "notes12v": [data.ROUND3 / "notes12v" / "fresh.jsonl"],
        "notes13": data.dev_files(data.ROUND3 / "notes13"),
        "notes14": data.dev_files(data.ROUND3 / "notes14"),
        "notes13v": [data.ROUND3 / "notes13v" / "fresh.jsonl"],
        "notes14v": [data.ROUND3 / "notes14v" / "fresh.jsonl"],
    }
    return {n: data.notes(files[n]) for n in names}


def run(rows: list[dict], detectors: list[str] | None) -> tuple[list, float]:
    from meddx.deid import Deidentifier

    deid = Deidentifier() if detectors is None else Deidentifier(detectors=detectors)
    t0 = time.process_time()
    preds = [[(s.start, s.end, s.label) for s in spans]
             for spans in deid.detect_many([r["text"] for r in rows])]
    return preds, time.process_time() - t0


def scored(rows: list[dict], preds: list) -> dict:
    gold = [[(p["start"], p["end"], p["type"]) for p in r["phi"]] for r in rows]
    res = score(list(zip([r["text"] for r in rows], gold, preds, strict=True)))
    res["hard_negatives_tagged"] = sum(
        v["tagged"] for v in negative_hits([r["negatives"] for r in rows], preds).values())
    return res


def show_errors(rows: list[dict], preds: list) -> None:
    """Misses and false positives (tuned sets only), in the transformed text."""
    for r, p in zip(rows, preds, strict=True):
        t = r["text"]
        for g in r["phi"]:
            if not is_found(t, (g["start"], g["end"], g["type"]), p):
                print(f"  MISS {r['id']} {g['type']:9s} {t[g['start']:g['end']]!r}  "
                      f"...{t[max(0, g['start'] - 30):g['end'] + 20]!r}")
        gold = [(g["start"], g["end"], g["type"]) for g in r["phi"]]
        for s in p:
            if not overlaps(s, gold):
                print(f"  FP   {r['id']} {s[2]:9s} {t[s[0]:s[1]]!r}  "
                      f"...{t[max(0, s[0] - 25):s[1] + 25]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="rsdev,r3dev,r3fresh,notes11")
    ap.add_argument("--variants", default=",".join(variants(0)))
    ap.add_argument("--detectors", default=None, help="comma-separated (default: the defaults)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--show-errors", action="store_true", help="misses and FPs of rsdev, r3dev")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    detectors = args.detectors.split(",") if args.detectors else None
    result: dict = {"argv": sys.argv[1:], "detectors": detectors or "default"}
    for name, rows in sets(args.sets.split(",")).items():
        for v in args.variants.split(","):
            transform = variants(args.seed)[v]
            moved = [relayout(r, transform(r["text"])) for r in rows]
            preds, cpu = run(moved, detectors)
            res = scored(moved, preds)
            res["cpu_s"] = round(cpu, 2)
            result[f"{name}/{v}"] = res
            print(f"{name}/{v} ({len(rows)} notes, {cpu:.1f} cpu-s)\n  " + _line(v, res)
                  + "\n      " + _types(res), flush=True)
            if args.show_errors and name in TUNED and v != "orig":
                show_errors(moved, preds)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_suffix(".tmp")
        tmp.write_text(json.dumps(result, indent=1) + "\n")
        tmp.replace(args.out)


if __name__ == "__main__":
    main()
