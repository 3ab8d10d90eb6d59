"""Span-by-span check that this checkout's de-identifier gives exactly a baseline's output.

    git archive 6dadf3c src | tar -x -C /tmp/base13          # the version to compare against
    PYTHONPATH=src OMP_NUM_THREADS=1 python bench/deid_crf_identity.py \
        --baseline-src /tmp/base13/src [--sets synth,abstracts,realstyle_dev,round3] \
        [--case lower|upper]

For CPU work that must not change a single span (session 13, deidcpu13). Both versions are
imported into one process (the baseline as the renamed copy ``meddx_base``, as in
``bench/deid_cpu_compare.py``) and run on:

* ``synth``: ``synth_notes(300, 4243)`` (the notes ``deid_cpu_compare.py`` times);
* ``abstracts``: all Medical Abstracts (bundled CSV, no PHI);
* ``realstyle_dev``: ``bench/data/deid_realstyle/dev.jsonl``;
* ``round3``: every non-fresh notes file of ``bench/data/deid_round3/*/`` (development notes;
  the hard-negative files hold no text; the fresh validation files are not read);
* ``shared_dev``: ``/work/shared/data/deid_dev/notes.jsonl`` (80 development notes, read in
  place; skipped where the file is absent).

With ``--features`` (session 25, crf25), only the crf's features are compared, note by note
and token by token (``note_features`` of both versions' bundled ``crf`` detectors; cheap: no
tagging), and the lower-cased words whose features differ are counted: equal features give
equal tags and probabilities, so a note with none changed cannot change the crf's output.
``--containing WORD`` keeps only the notes that hold WORD (any case), e.g. to run the full
check on the notes the features check names.

Compared per note: the default ``Deidentifier().detect`` spans (start, end, label, source,
score, propagate), ``detect_many`` over the whole set (the corpus-wide facility forms), the
``crf`` detector alone, and its ``token_probs`` (tokens, tags and every P(not O) to the last
bit, as ``float.hex``). Prints counts only, never note text; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deid_cpu_compare import HERE, _load_baseline  # noqa: E402

ROOT = HERE.parent
SETS = ("synth", "abstracts", "realstyle_dev", "round3", "shared_dev")
SHARED_DEV = Path("/work/shared/data/deid_dev/notes.jsonl")


def _jsonl_texts(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            out += [json.loads(line)["text"] for line in fh if line.strip()]
    return out


def load_texts(name: str) -> list[str]:
    if name == "synth":
        from meddx.deid import synth_notes

        return [r["text"] for r in synth_notes(300, 4243)]
    if name == "abstracts":
        sys.path.insert(0, str(ROOT / "bench"))
        import deid_realstyle as rs

        return rs.abstracts()
    if name == "realstyle_dev":
        return _jsonl_texts([ROOT / "bench" / "data" / "deid_realstyle" / "dev.jsonl"])
    if name == "round3":
        files = sorted(p for p in (ROOT / "bench" / "data" / "deid_round3").glob("*/*.jsonl")
                       if not p.name.startswith("fresh") and not p.stem.endswith("negatives"))
        return _jsonl_texts(files)
    if name == "shared_dev":  # read where it lies, never copied
        return _jsonl_texts([SHARED_DEV]) if SHARED_DEV.is_file() else []
    raise SystemExit(f"unknown set {name!r}; known: {', '.join(SETS)}")


def recase(text: str, case: str) -> str:
    """``text`` in lower case or capitals, each letter whose new case keeps the length."""
    change = str.lower if case == "lower" else str.upper
    return "".join(c2 if len(c2 := change(c)) == 1 else c for c in text)


def _full(spans) -> list[tuple]:
    return [(s.start, s.end, s.label, s.source, s.score, s.propagate) for s in spans]


def _probs(crf, text: str) -> tuple:
    tokens, tags, p_phi = crf.token_probs(text)
    return tokens, tags, [p.hex() for p in p_phi]


def compare(name: str, texts: list[str], base_mod, new_mod, **options) -> dict:
    """Counts of notes whose outputs differ between the two versions, per check
    (``options``: of both ``Deidentifier``s)."""
    base, new = base_mod.Deidentifier(**options), new_mod.Deidentifier(**options)
    base_crf = [d for d in base.detectors if d.name == "crf"][0]
    new_crf = [d for d in new.detectors if d.name == "crf"][0]
    view_b, view_n = base_mod._layout_view.layout_view, new_mod._layout_view.layout_view
    diff = {"detect": 0, "detect_many": 0, "crf_spans": 0, "crf_token_probs": 0}
    n_spans = n_crf_spans = 0
    for text in texts:
        got_b, got_n = _full(base.detect(text)), _full(new.detect(text))
        diff["detect"] += got_b != got_n
        n_spans += len(got_b)
        vb, vn = view_b(text), view_n(text)
        crf_b, crf_n = _full(base_crf.detect(vb)), _full(new_crf.detect(vn))
        diff["crf_spans"] += crf_b != crf_n
        n_crf_spans += len(crf_b)
        diff["crf_token_probs"] += _probs(base_crf, vb) != _probs(new_crf, vn)
    many_b = [_full(s) for s in base.detect_many(texts)]
    many_n = [_full(s) for s in new.detect_many(texts)]
    diff["detect_many"] = sum(a != b for a, b in zip(many_b, many_n, strict=True))
    return {"set": name, "notes": len(texts), "spans": n_spans, "crf_spans": n_crf_spans,
            "notes_differing": diff}


def compare_features(name: str, texts: list[str], base_mod, new_mod) -> dict:
    """Notes whose crf features differ between the two versions, and the words whose do."""
    base_f, new_f = base_mod._crf_features, new_mod._crf_features
    base_crf, new_crf = base_mod.CrfDetector(), new_mod.CrfDetector()
    words_changed: Counter = Counter()
    n_diff = n_tokens = 0
    for text in texts:
        words, gaps, tokens = new_f.note_tokens(text)
        if (words, gaps, tokens) != base_f.note_tokens(text):
            raise SystemExit(f"{name}: the two versions cut a note into different tokens")
        differ = False
        for a, b in new_f.segments(text, tokens):
            got_b = base_f.note_features(words, gaps, a, b, base_crf.cache)
            got_n = new_f.note_features(words, gaps, a, b, new_crf.cache)
            n_tokens += b - a
            for i, (fb, fn) in enumerate(zip(got_b, got_n, strict=True)):
                if fb != fn:
                    differ = True
                    words_changed[words[a + i].lower()] += 1
        n_diff += differ
    return {"set": name, "notes": len(texts), "tokens": n_tokens,
            "notes_with_features_differing": n_diff,
            "words_with_features_differing": dict(words_changed.most_common())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-src", type=Path, required=True)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int, default=0, help="first N notes of each set (0: all)")
    ap.add_argument("--detectors", default=None,
                    help="detectors of both versions (default: the default ones; must hold crf)")
    ap.add_argument("--times", action="store_true", help="times of day are PHI (both versions)")
    ap.add_argument("--case", choices=("as-written", "lower", "upper"), default="as-written",
                    help="the notes re-typed in lower case or capitals, letter by letter where "
                         "that keeps the length (the case view's path; session 20)")
    ap.add_argument("--features", action="store_true",
                    help="compare only the crf's features (cheap) and count the words whose "
                         "features differ")
    ap.add_argument("--containing", default="",
                    help="only the notes holding this word (any case)")
    args = ap.parse_args()
    base_cls = _load_baseline(args.baseline_src, Path(tempfile.mkdtemp()))
    base_mod = sys.modules[base_cls.__module__.rsplit(".", 1)[0]]
    sys.path.insert(0, str(HERE))
    import meddx.deid as new_mod
    import meddx.deid._layout_view  # noqa: F401  (the module, for compare)

    if not Path(sys.modules["meddx"].__file__).is_relative_to(HERE):
        raise SystemExit(f"meddx imported from {sys.modules['meddx'].__file__}, not {HERE}")
    import meddx_base.deid._crf_features  # noqa: F401
    import meddx_base.deid._layout_view  # noqa: F401

    bad = 0
    for name in args.sets.split(","):
        texts = load_texts(name)
        if args.limit:
            texts = texts[:args.limit]
        if args.containing:
            word = re.compile(rf"\b{re.escape(args.containing)}\b", re.IGNORECASE)
            texts = [t for t in texts if word.search(t)]
        if args.case != "as-written":
            texts = [recase(t, args.case) for t in texts]
        t0 = time.time()
        if args.features:
            row = compare_features(name, texts, base_mod, new_mod)
            row["wall_s"], row["case"] = round(time.time() - t0, 1), args.case
            bad += row["notes_with_features_differing"]
            print(json.dumps(row), flush=True)
            continue
        options = {"times": args.times}
        if args.detectors:
            options["detectors"] = args.detectors.split(",")
        row = compare(name, texts, base_mod, new_mod, **options)
        row["wall_s"] = round(time.time() - t0, 1)
        row["case"] = args.case
        bad += sum(row["notes_differing"].values())
        print(json.dumps(row), flush=True)
    print("IDENTICAL" if bad == 0 else f"DIFFERENT: {bad} note-checks differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
