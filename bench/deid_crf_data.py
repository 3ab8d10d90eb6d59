"""The annotated notes the bundled CRF model is trained and validated on (all invented).

Training: every non-fresh set of ``bench/data/deid_round3/<folder>/`` (``dev*.jsonl``,
``check``, ``blind``, ``final``, ``last``) and ``bench/data/deid_realstyle/dev.jsonl``.
Validation: the ``fresh.jsonl`` notes of every round-3 folder (written by other engineers after
the rules were tuned; never trained on before the final refit), and ``notes11/fresh.jsonl``
(137 notes written in session 11 to validate learned taggers: never trained on, not even by the
final refit), ``notes12v/fresh.jsonl`` (written in session 12 for the same purpose),
``notes13v/fresh.jsonl`` (session 13), ``notes14v/fresh.jsonl`` (session 14), ``notes15c`` and
``notes15v`` (session 15). The held-out sets and the real-style test split are never read here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUND3 = ROOT / "bench" / "data" / "deid_round3"
#: round-3 folders written to validate learned taggers: never trained on, scored on their own
VALIDATION_ONLY = ("notes11", "notes12v", "notes13v", "notes14v", "notes15c", "notes15v",
                   "notes16c", "notes16v", "notes17v", "notes18v", "notes19sv",
                   "notes19sw", "notes20sv", "notes21sv", "notes22sv")
REALSTYLE_DEV = ROOT / "bench" / "data" / "deid_realstyle" / "dev.jsonl"


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _sets(folder: Path, fresh: bool) -> list[Path]:
    files = sorted(p for p in folder.glob("*.jsonl") if not p.stem.endswith("hard_negatives"))
    return [p for p in files if p.stem.startswith("fresh") == fresh]


def folders() -> list[Path]:
    """Round-3 folders that may be trained on (all but :data:`VALIDATION_ONLY`)."""
    return sorted(p for p in ROUND3.iterdir() if p.is_dir() and p.name not in VALIDATION_ONLY)


def validation_only_files() -> list[Path]:
    return [f for name in VALIDATION_ONLY for f in _sets(ROUND3 / name, True)]


def notes(files: list[Path]) -> list[dict]:
    """Rows of ``files`` with their hard negatives (``negatives``, [] where none)."""
    out = []
    for f in files:
        neg_file = f.with_name(f.stem + "_hard_negatives.jsonl")
        negs = {r["id"]: r["negatives"] for r in _rows(neg_file)} if neg_file.is_file() else {}
        out += [{**r, "negatives": negs.get(r["id"], [])} for r in _rows(f)]
    return out


def train_files(exclude: Path | Iterable[Path] | None = None, *,
                with_fresh: bool = False) -> list[Path]:
    """Non-fresh round-3 sets (but ``exclude``'s: one folder or several) and real-style dev;
    with ``with_fresh``, the fresh sets too (the final refit)."""
    skip = {exclude} if isinstance(exclude, Path) else set(exclude or ())
    out = [f for d in folders() if d not in skip for f in _sets(d, False)]
    if with_fresh:
        out += [f for d in folders() if d not in skip for f in _sets(d, True)]
    return out + [REALSTYLE_DEV]


def fresh_files() -> list[Path]:
    return [f for d in folders() for f in _sets(d, True)]


def dev_files(folder: Path) -> list[Path]:
    return _sets(folder, False)


def as_training(rows: list[dict]) -> list[tuple[str, list[tuple[int, int, str]]]]:
    return [(r["text"], [(p["start"], p["end"], p["type"]) for p in r["phi"]]) for r in rows]


def abstract_texts(part: str, n: int | None = None) -> list[str]:
    """Medical Abstracts (bundled demo data, no PHI): ``part`` "train" is the even rows (the
    first ``n`` of them are PHI-free training text), "check" the odd rows whose text is no
    even row's (the file repeats some abstracts; never trained on: the precision check)."""
    import csv

    path = ROOT / "src" / "meddx" / "data" / "demo" / "medical_abstracts.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        texts = [r["medical_abstract"] for r in csv.DictReader(fh) if r.get("medical_abstract")]
    even = texts[0::2]
    rows = even if part == "train" else [t for t in texts[1::2] if t not in set(even)]
    return rows[:n] if n is not None else rows


def training_notes(exclude: Path | Iterable[Path] | None = None, *, with_fresh: bool = False,
                   n_abstracts: int = 0) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, gold spans) of the training notes, plus ``n_abstracts`` PHI-free abstracts."""
    rows = as_training(notes(train_files(exclude, with_fresh=with_fresh)))
    return rows + [(t, []) for t in abstract_texts("train", n_abstracts)]
