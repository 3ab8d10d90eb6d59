"""Rebuild the bundled CRF model of the ``crf`` detector from invented notes in this repository.

    PYTHONPATH=src OMP_NUM_THREADS=1 nice -n 5 python bench/deid_crf_train.py

Trains on every hand-written round-3 note (``bench/data/deid_round3/*/``: the dev, check, blind,
final, last and fresh sets of every folder but the validation-only ones,
``deid_crf_data.VALIDATION_ONLY``; a new folder is picked up as it lands),
``bench/data/deid_realstyle/dev.jsonl`` and the first ``--abstracts`` even rows of the bundled
Medical Abstracts as PHI-free text, each text
also in ALL CAPS and in lower case (``--case-copies both``, the default since session 17; until
then once in one of them, ``case_copies``, session 12), with the settings
``bench/deid_crf_eval.py`` chose (``CRF_DEFAULTS``, ``CRF_TYPES``), and writes
``src/meddx/deid/resources/deid_crf.crfsuite``. L-BFGS on the same notes gives the same file.
Never reads the held-out sets, the real-style test split or the odd abstract rows (the check).

Variants (session 15, branch crf15; every flag left out keeps the bundled model's settings.
The bundled file itself was trained in session 12: today's folders and word lists give another
file, docs/benchmarks.md "crf variants ... (session 15, branch crf15)"):

    ... --out /tmp/crf15/NAME.crfsuite [--exclude-folder notes14] [--c1 0.2] [--c2 0.05]
        [--min-freq 2] [--drop-groups word,suffix] [--case-copies one|both|none]

``--drop-groups`` trains without those feature groups (``_crf_features.ALL_GROUPS``; ``word``
and ``suffix`` drop the token's own word identity, the context words stay); ``--case-copies
both`` (the default since session 17) adds every note in ALL CAPS and in lower case (``one``,
the bundled setting of sessions 12-16: one copy per note in one or the other).

Session 17 (branch crf17): the plain command, with notes16 and notes17 in, rebuilds the bundled
file byte for byte (sha256 e4eda1c5f56c84b9, 1,594,984 bytes), which the ``crf`` detector reads
at threshold 0.9 (docs/benchmarks.md, "crf refit with the session-16/17 training notes").
Session 18: notes18 and notes18b (training sets) landed after it, and no refit with them passed
the crf rule; ``--case-copies both --exclude-folder notes18 --exclude-folder notes18b`` rebuilds
the bundled file byte for byte (checked at the end of session 18).
Session 19 (branch crf19): the PHI-sparse training sets notes19s (group J) and notes19t (group
K) landed; no refit with notes18/notes18b/J/K passed the crf rule (docs/benchmarks.md, "crf
refit with notes18/18b and PHI-sparse notes"), so the bundled file is rebuilt by
``--case-copies both --exclude-folder notes18 --exclude-folder notes18b --exclude-folder
notes19s --exclude-folder notes19t --exclude-folder notes19u`` (notes19u, group L, landed
on main later in session 19; any later training folder is left out too; a folder that is not
there is refused).
Session 22 (lead, rule in docs/benchmarks.md "crf refit with every training set (session 22)"):
the bundled file is the refit with every training folder but that session's check groups,
``--case-copies both --exclude-folder notes22q --exclude-folder notes22r`` (sha256
aa8a97ac4b6e09b6, 1,936,084 bytes); the threshold stays 0.9.
Session 23 (lead, rule in docs/benchmarks.md "crf refit with session 22's check groups (session
23)"): the same with notes22q/notes22r in, ``--case-copies both --exclude-folder notes23w
--exclude-folder notes23x --exclude-folder notes23y`` (session 23's check groups; sha256
0a0e5fb9643b60b4, 1,943,404 bytes); threshold 0.9.
Session 25 (branch crf25): the word lists the features read travel with the model. Training
writes ``<out stem>.vocab.gz`` beside ``--out`` (``_crf_vocab``: the word sets it trained with),
and ``--vocab`` names the lists to train with: by default the bundled model's snapshot
(``resources/deid_crf.vocab.gz``, the lists as V4 was trained with them: today's less
"cavoatrial", which session 24 added to the medical list), so the rebuild
``--case-copies both --exclude-folder notes23w --exclude-folder notes23x --exclude-folder notes23y
--exclude-folder notes24a --exclude-folder notes24b --exclude-folder notes24c`` gives the bundled
file byte for byte again whatever a rule adds to a list; ``--vocab lists`` trains with today's
bundled lists (a refit that takes the lists' edits; its snapshot then pins them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_crf_data as data  # noqa: E402

OUT = data.ROOT / "src" / "meddx" / "deid" / "resources" / "deid_crf.crfsuite"
#: the bundled model's word-list snapshot (``_crf_vocab``; session 25)
VOCAB = OUT.with_suffix(".vocab.gz")
#: PHI-free abstracts trained on (even rows; chosen by bench/deid_crf_eval.py)
N_ABSTRACTS = 1444


def _fold(fold, text: str) -> str:
    """``text`` in one letter case, characters whose other case has another length kept
    (offsets hold; as ``_case_copies.case_copies`` folds)."""
    out = fold(text)
    return out if len(out) == len(text) else "".join(c if len(fold(c)) != 1 else fold(c)
                                                     for c in text)


def both_case_copies(notes: list) -> list:
    """Every note in ALL CAPS, then every note in lower case (the same gold spans)."""
    return ([(_fold(str.upper, t), s) for t, s in notes]
            + [(_fold(str.lower, t), s) for t, s in notes])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from meddx.deid._crf_features import ALL_GROUPS
    from meddx.deid._crf_train import CRF_DEFAULTS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--abstracts", type=int, default=N_ABSTRACTS)
    ap.add_argument("--no-fresh", action="store_true", help="leave out the fresh notes (validation)")
    ap.add_argument("--exclude-folder", action="append", default=[],
                    help="a round-3 folder to leave out of training; repeat for several "
                         "(notes18, notes18b, notes19s, notes19t and notes19u: the bundled "
                         "model of session 17 was trained before they landed)")
    ap.add_argument("--c1", type=float, default=CRF_DEFAULTS["c1"], help="L1 weight")
    ap.add_argument("--c2", type=float, default=CRF_DEFAULTS["c2"], help="L2 weight")
    ap.add_argument("--min-freq", type=int, default=CRF_DEFAULTS["min_freq"],
                    help="features seen fewer times are dropped")
    ap.add_argument("--iterations", type=int, default=CRF_DEFAULTS["max_iterations"])
    ap.add_argument("--drop-groups", default="",
                    help="comma-separated feature groups to train without: "
                         + ", ".join(sorted(ALL_GROUPS)))
    ap.add_argument("--vocab", default=str(VOCAB),
                    help="the word lists the features look up: a snapshot file (default: the "
                         "bundled model's, so a rebuild reads the lists it was trained with), or "
                         "'lists' for today's bundled lists; the model's own snapshot is written "
                         "beside --out either way")
    ap.add_argument("--case-copies", choices=("one", "both", "none"), default="both",
                    help="both: each note also in ALL CAPS and in lower case (bundled since "
                         "session 17); one: in one or the other (sessions 12-16); none: as "
                         "written only")
    args = ap.parse_args(argv)
    drop = {g for g in args.drop_groups.split(",") if g}
    if drop - ALL_GROUPS:
        ap.error(f"unknown feature groups: {sorted(drop - ALL_GROUPS)}")
    args.groups = frozenset(ALL_GROUPS - drop)
    return args


def main(argv: list[str] | None = None) -> None:
    from meddx.deid import train_crf

    args = parse_args(argv)
    exclude = [data.ROUND3 / name for name in args.exclude_folder]
    for name, folder in zip(args.exclude_folder, exclude, strict=True):
        if folder not in data.folders():
            raise SystemExit(f"--exclude-folder: no training folder {name!r}")
    notes = data.training_notes(exclude, with_fresh=not args.no_fresh,
                                n_abstracts=args.abstracts)
    if args.case_copies == "both":
        notes = notes + both_case_copies(notes)
    info = train_crf(notes, args.out, c1=args.c1, c2=args.c2, min_freq=args.min_freq,
                     max_iterations=args.iterations, groups=args.groups,
                     case_augment=args.case_copies == "one",
                     vocab=None if args.vocab == "lists" else args.vocab)
    info["case_copies"] = args.case_copies
    info["sha256"] = hashlib.sha256(args.out.read_bytes()).hexdigest()[:16]
    info["vocab_from"] = args.vocab
    snapshot = args.out.with_suffix(".vocab.gz")
    if snapshot.is_file():
        info["vocab_sha256"] = hashlib.sha256(snapshot.read_bytes()).hexdigest()[:16]
    print(json.dumps(info))


if __name__ == "__main__":
    main()
