"""The abbreviation sense inventory: short form -> senses, with a clinical-note prior.

The bundled table (``resources/abbreviations.tsv``, built by ``scripts/build_abbrev_inventory.py``)
merges Vanderbilt, Stetson, Wikipedia and Columbia (see ``resources/README.md``). Users add their
own files: a CSV/TSV with columns ``short`` and ``sense`` (optional ``frequency``), or their copy
of ADAM (GPL, never bundled), recognised by its header.

Senses of one short form are merged when they share a CUI or their normalised text
("Physical exam." = "physical exam"). The prior of a sense is the mean of its relative frequency
in the clinical-note sources that list the short form; senses known only from lists get a small
floor. Vanderbilt also records how each sense is written ("PE", "Pe", "pe"), which gives a prior
per written case.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from meddx.errors import DataError
from meddx.text._abbrev_cues import CueBook, load_cues

__all__ = ["Inventory", "Sense", "load_inventory", "short_key"]

NOTE_SOURCES = ("vanderbilt_clinic", "vanderbilt_discharge", "stetson")
_NOT_SENSES = {"not an abbreviation", "physician initials", "unsure", "general english", "name"}
_FLOOR = 0.01  # prior of a sense no clinical-note source reports, relative to the listed ones
_REQUIRED = ("short", "sense")


def short_key(text: str) -> str:
    """Lookup key of a written short form: lowercase, dots removed ("P.E." -> "pe")."""
    return text.lower().replace(".", "")


def _sense_key(text: str) -> str:
    t = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    return re.sub(r"\bexamination\b", "exam", t)


def _case_of(form: str) -> str:
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return "other"
    if all(c.isupper() for c in letters):
        return "upper"
    if all(c.islower() for c in letters):
        return "lower"
    return "mixed"


@dataclass
class Sense:
    name: str
    aliases: set[str] = field(default_factory=set)
    cuis: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    note_freq: dict[str, float] = field(default_factory=dict)  # source -> relative frequency
    case_counts: dict[str, int] = field(default_factory=dict)  # upper/lower/mixed -> count
    prior: float = 0.0

    def matches(self, text: str) -> bool:
        return _sense_key(text) in self.aliases


@dataclass
class Inventory:
    """Short form key -> its senses (merged across sources), and which keys are English words."""

    senses: dict[str, list[Sense]]
    english_words: set[str]
    files: list[str]
    cues: CueBook = field(default_factory=CueBook)

    def __contains__(self, key: str) -> bool:
        return key in self.senses

    def ambiguous(self) -> list[str]:
        return sorted(k for k, v in self.senses.items() if len(v) > 1)

    def prior(self, key: str, written: str | None = None) -> list[float]:
        """P(sense) for ``key``; with ``written`` ("PE", "Pe"), the prior for that case."""
        senses = self.senses[key]
        base = [s.prior for s in senses]
        case = _case_of(written) if written else None
        counts = [s.case_counts.get(case, 0) for s in senses] if case else []
        if counts and sum(counts) >= 3:
            total = sum(counts)
            base = [0.5 * b + 0.5 * c / total for b, c in zip(base, counts, strict=True)]
        z = sum(base)
        return [b / z for b in base]

    def candidates(self, key: str) -> list[int]:
        """Indices of the senses to choose from: the cue file's clinical senses when it lists
        the short form, else all of them."""
        names = self.cues.senses.get(key)
        senses = self.senses[key]
        if not names:
            return list(range(len(senses)))
        keys = {_sense_key(n) for n in names}
        return [i for i, s in enumerate(senses) if s.aliases & keys] or list(range(len(senses)))

    def clinical_prior(self, key: str, written: str | None = None) -> list[float]:
        """The prior over all senses, with the cue file's priors where it gives them."""
        base = self.prior(key, written)
        given = self.cues.priors.get(key)
        if not given:
            return base
        out = []
        for s, b in zip(self.senses[key], base, strict=True):
            w = next((given[a] for a in s.aliases if a in given), None)
            out.append(b if w is None else w)
        z = sum(out) or 1.0
        return [o / z for o in out]

    def sense(self, key: str, name: str) -> Sense | None:
        for s in self.senses.get(key, []):
            if s.matches(name):
                return s
        return None


def load_inventory(extra: list[str | Path] | tuple = (), *, bundled: bool = True,
                   cues: list[str | Path] | tuple = (), bundled_cues: bool = True) -> Inventory:
    """The bundled inventory plus the user's files (CSV/TSV with short, sense; or ADAM), with
    the clinical senses, aliases and context cues of the bundled cue file and the user's."""
    rows: list[dict] = list(_bundled_rows()) if bundled else []
    files = ["meddx bundled inventory"] if bundled else []
    for path in extra:
        rows.extend(_user_rows(Path(path)))
        files.append(str(path))
    inventory = _build(rows, files)
    book = load_cues(cues, bundled=bundled_cues)
    _apply_cues(inventory, book)
    return inventory


def _apply_cues(inventory: Inventory, book: CueBook) -> None:
    """Add the cue file's senses the inventory lacks; merge the senses its aliases name."""
    inventory.cues = book
    for key in sorted(set(book.senses) | set(book.aliases)):
        senses = inventory.senses.setdefault(key, [])
        names = list(book.senses.get(key, []))
        names += [n for n in book.aliases.get(key, {}) if n not in map(_sense_key, names)]
        for name in names:
            target = _named(senses, name)
            aliases = book.aliases.get(key, {}).get(_sense_key(name), [])
            for alias in aliases:
                other = _named(senses, alias)
                if other is None or other is target:
                    continue
                if target is None:
                    target = other
                else:
                    _merge(target, other)
                    senses.remove(other)
            if target is None:
                floor = min((s.prior for s in senses), default=1.0)
                target = Sense(name=name, sources={"cues"}, prior=floor)
                senses.append(target)
            target.aliases.update([_sense_key(name), *map(_sense_key, aliases)])
            if name in book.senses.get(key, []):
                target.name = name  # the cue file's name is the one reported
        if not senses:
            del inventory.senses[key]


def _named(senses: list[Sense], name: str) -> Sense | None:
    key = _sense_key(name)
    return next((s for s in senses if key in s.aliases), None)


def _merge(target: Sense, other: Sense) -> None:
    target.aliases |= other.aliases
    target.cuis |= other.cuis
    target.sources |= other.sources
    for src, f in other.note_freq.items():
        target.note_freq[src] = target.note_freq.get(src, 0.0) + f
    for case, c in other.case_counts.items():
        target.case_counts[case] = target.case_counts.get(case, 0) + c
    target.prior += other.prior


@lru_cache(maxsize=1)
def _bundled_rows() -> tuple[dict, ...]:
    ref = resources.files("meddx.text") / "resources" / "abbreviations.tsv"
    with ref.open(encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh, delimiter="\t"))


def _user_rows(path: Path) -> list[dict]:
    if not path.is_file():
        raise DataError("inventory file not found", file=str(path))
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    if head.startswith("#") and "ADAM" in head:
        return _adam_rows(path)
    delim = "\t" if head.split("\n", 1)[0].count("\t") > head.split("\n", 1)[0].count(",") else ","
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delim)
        cols = [c.strip().lower() for c in (reader.fieldnames or [])]
        missing = [c for c in _REQUIRED if c not in cols]
        if missing:
            raise DataError(f"inventory is missing column(s) {', '.join(missing)}; it needs "
                            f"short, sense (optional: frequency); columns are: "
                            f"{', '.join(cols) or 'none'}", file=str(path))
        out = []
        for row_no, raw in enumerate(reader, start=2):
            r = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            if not r["short"] or not r["sense"]:
                raise DataError("empty short or sense", file=str(path), row=row_no)
            freq = r.get("frequency", "")
            if freq:
                try:
                    float(freq)
                except ValueError:
                    raise DataError("frequency must be a number", file=str(path), row=row_no,
                                    column="frequency") from None
            out.append({"short": r["short"], "sense": r["sense"], "source": f"user:{path.name}",
                        "frequency": freq, "cui": "", "variants": "", "english_word": "0"})
    return out


def _adam_rows(path: Path) -> list[dict]:
    """ADAM's tab-separated records: preferred short form, variants, long forms with counts."""
    out = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            long_form = parts[2].split(":")[0].strip()
            if parts[0] and long_form:
                out.append({"short": parts[0], "sense": long_form, "source": "adam",
                            "frequency": "", "cui": "", "variants": "", "english_word": "0"})
    return out


def _build(rows: list[dict], files: list[str]) -> Inventory:
    by_key: dict[str, list[Sense]] = defaultdict(list)
    listed_in: dict[str, set[str]] = defaultdict(set)  # key -> note sources that list it
    words: set[str] = set()
    for r in rows:
        key = short_key(r["short"])
        if r.get("english_word") == "1":
            words.add(key)
        if len(key) < 2 or _sense_key(r["sense"]) in _NOT_SENSES or not _sense_key(r["sense"]):
            continue
        sense = _find(by_key[key], r)
        if sense is None:
            sense = Sense(name=r["sense"])
            by_key[key].append(sense)
        sense.aliases.add(_sense_key(r["sense"]))
        if r.get("cui") and r["cui"] != "null":
            sense.cuis.update(r["cui"].split("|"))
        sense.sources.add(r["source"])
        from_notes = r["source"] in NOTE_SOURCES or r["source"].startswith("user:")
        if r.get("frequency") and from_notes:
            f = float(r["frequency"])
            sense.note_freq[r["source"]] = sense.note_freq.get(r["source"], 0.0) + f
            listed_in[key].add(r["source"])
        for item in filter(None, (r.get("variants") or "").split("|")):
            form, _, count = item.rpartition(":")
            c = _case_of(form)
            sense.case_counts[c] = sense.case_counts.get(c, 0) + int(count or 0)
    for key, senses in by_key.items():
        sources = listed_in[key]
        for s in senses:
            if sources:
                s.prior = sum(s.note_freq.get(src, 0.0) for src in sources) / len(sources)
                s.prior = max(s.prior, _FLOOR / max(1, len(senses)))
            else:
                s.prior = 1.0 / len(senses)
    return Inventory(dict(by_key), words, files)


def _stem(key: str) -> tuple[str, ...]:
    return tuple(re.sub(r"(ism|ial|ium|us|al|um|ic|s)$", "", w) if len(w) > 4 else w
                 for w in key.split())


def _find(senses: list[Sense], row: dict) -> Sense | None:
    """The sense ``row`` repeats: same CUI, same text, same word stems ("left atrial" = "left
    atrium"), or one's words begin the other's ("prothrombin" = "prothrombin time")."""
    key = _sense_key(row["sense"])
    cuis = set(row["cui"].split("|")) if row.get("cui") and row["cui"] != "null" else set()
    stem = _stem(key)
    for s in senses:
        if key in s.aliases or (cuis and cuis & s.cuis):
            return s
    for s in senses:
        for alias in list(s.aliases):
            other = _stem(alias)
            short, long_ = sorted((stem, other), key=len)
            if other == stem or (len(short) >= 1 and long_[: len(short)] == short
                                 and len(short[0]) >= 4 and len(long_) <= 3):
                if len(s.name.split()) < len(row["sense"].split()) <= 3:
                    s.name = row["sense"]
                return s
    return None
