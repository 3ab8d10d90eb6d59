"""Clinical context cues per sense: a user-editable table of what each sense looks like in notes.

The learned parts of the abbreviation model (sense-name similarity, naive Bayes on reverse-
substituted abstracts) know little of the register of notes: "sat 95% on RA", "s/p PE",
"BS clear bilaterally". A cue file says it directly. Tab-separated, ``#`` comments, header
``short<TAB>sense<TAB>kind<TAB>weight<TAB>text``; one row is one of:

* ``sense``: a clinical sense of the short form (added to the inventory when new). Once a short
  form has ``sense`` rows, ONLY those senses are candidates for it (rare list-only senses such as
  "pneumatic equalization" drop out). ``weight``, optional, is its prior in notes (relative;
  blank: the inventory's).
* ``alias``: another name of the sense (``text``); an inventory sense with that name is merged
  into it ("no apparent distress" = "no acute distress").
* ``near``: words or phrases, ``|``-separated in ``text``, matched as whole words (any case)
  near the mention. Each is a regular-expression fragment (``agitat\\w*`` also matches
  "agitation"; a space matches any run of white space; write ``\\+`` for a plus sign).
  ``weight`` is added when one of them is in the mention's sentence (its line, at most about
  12 words either side), 1.5 times it for two different words, twice it for three or more;
  half of it when they are only in another sentence of the line.
* ``cue``: a Python regular expression (case-insensitive; ``(?-i:...)`` for case) matched on the
  mention's line with the mention itself written ``@``: ``sats? \\d+\\s*% on @`` ("sat 95% on
  RA"), ``^\\s*@\\s*:`` ("PE:" heading a line). ``weight`` is added when it matches.

Every cue row counts once per mention. A sense's score is its learned log-probability plus the
weights of its matching cues (1 weak, 2 clear, 4 strong, 8 decisive), so a cue outweighs the
prior in proportion to its weight, and the matched cues are reported with the sense.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from meddx.errors import DataError

__all__ = ["CueBook", "load_cues"]

_COLUMNS = ("short", "sense", "kind", "weight", "text")
_KINDS = ("sense", "alias", "near", "cue")
_MENTION = "Qzq"  # what @ stands for: a word no note contains
_SPAN = 12 * 8  # characters either side of the mention that cues may look at
_SENTENCE = re.compile(r"(?<=[a-z0-9)\]][.!?;])\s+(?=[A-Z])|\s[-–]\s")


@dataclass(frozen=True)
class Cue:
    sense: str  # normalised sense key
    weight: float
    pattern: re.Pattern
    label: str  # the row as written, shown as the reason for a choice
    anchored: bool  # the pattern contains the mention (@)


@dataclass
class CueBook:
    """Senses, aliases, priors and cues per short form key, from one or more cue files."""

    senses: dict[str, list[str]] = field(default_factory=dict)  # key -> sense names, in order
    priors: dict[str, dict[str, float]] = field(default_factory=dict)  # key -> sense key -> w
    aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    cues: dict[str, list[Cue]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def add_file(self, path: str | Path, text: str | None = None) -> CueBook:
        from meddx.text._abbrev_inventory import _sense_key, short_key

        name = str(path)
        if text is None:
            p = Path(path)
            if not p.is_file():
                raise DataError("cue file not found", file=name)
            text = p.read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines()]
        rows = [(i, ln) for i, ln in enumerate(lines, start=1)
                if ln.strip() and not ln.lstrip().startswith("#")]
        if not rows:
            raise DataError("the cue file has no rows", file=name)
        header = [c.strip().lower() for c in rows[0][1].split("\t")]
        missing = [c for c in _COLUMNS if c not in header]
        if missing:
            raise DataError(f"cue file is missing column(s) {', '.join(missing)}; it needs "
                            f"{', '.join(_COLUMNS)} (tab-separated); columns are: "
                            f"{', '.join(header)}", file=name)
        for row_no, line in rows[1:]:
            vals = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            r = dict(zip(header, (v.strip() for v in vals), strict=False))
            key, sense, kind = short_key(r.get("short", "")), r.get("sense", ""), r.get("kind", "")
            if not key or not sense:
                raise DataError("empty short or sense", file=name, row=row_no)
            if kind not in _KINDS:
                raise DataError(f"kind must be one of {', '.join(_KINDS)}, got {kind!r}",
                                file=name, row=row_no, column="kind")
            weight = _number(r.get("weight", ""), name, row_no)
            skey, body = _sense_key(sense), r.get("text", "")
            if kind == "sense":
                names = self.senses.setdefault(key, [])
                if skey not in {_sense_key(n) for n in names}:
                    names.append(sense)
                if weight is not None:
                    self.priors.setdefault(key, {})[skey] = weight
                continue
            if not body:
                raise DataError(f"a {kind} row needs text", file=name, row=row_no,
                                column="text")
            if kind == "alias":
                self.aliases.setdefault(key, {}).setdefault(skey, []).append(body)
                continue
            if kind == "near":
                words = [re.sub(r" +", r"\\s+", w.strip()) for w in body.split("|") if w.strip()]
                source, anchored = r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", False
            else:
                source, anchored = body.replace("@", _MENTION), "@" in body
            try:
                pattern = re.compile(source, re.I)
            except re.error as exc:
                raise DataError(f"not a valid regular expression ({exc})", file=name,
                                row=row_no, column="text") from None
            self.cues.setdefault(key, []).append(
                Cue(skey, 1.0 if weight is None else weight, pattern,
                    f"{kind}:{body}", anchored))
        self.files.append(name)
        return self

    # ---- scoring -------------------------------------------------------------------------
    def score(self, text: str, start: int, end: int, key: str
              ) -> dict[str, tuple[float, list[str]]]:
        """Sense key -> (summed cue weight, matched cue labels) for the mention text[start:end]."""
        cues = self.cues.get(key)
        if not cues:
            return {}
        line, at = _line(text, start, end)
        own = _own_sentence(line, at)
        out: dict[str, tuple[float, list[str]]] = {}
        for cue in cues:
            w = 0.0
            if cue.anchored:
                if cue.pattern.search(line):
                    w = cue.weight
            else:
                here, there = set(), False
                for m in cue.pattern.finditer(line):
                    if own[0] <= m.start() and m.end() <= own[1]:
                        here.add(m.group(0).lower())
                    else:
                        there = True
                if here:  # more distinct words, more weight: up to twice the row's
                    w = cue.weight * min(2.0, 1.0 + 0.5 * (len(here) - 1))
                elif there:
                    w = cue.weight / 2
            if w:
                total, labels = out.get(cue.sense, (0.0, []))
                out[cue.sense] = (total + w, [*labels, cue.label])
        return out


def _number(value: str, file: str, row: int) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise DataError(f"weight must be a number, got {value!r}", file=file, row=row,
                        column="weight") from None


def _line(text: str, start: int, end: int) -> tuple[str, int]:
    """The mention's line (at most ``_SPAN`` characters either side), the mention replaced by a
    placeholder word (so ``\\b`` works on either side of ``@``)."""
    left = max(text.rfind("\n", 0, start) + 1, start - _SPAN)
    stop = text.find("\n", end)
    right = min(len(text) if stop < 0 else stop, end + _SPAN)
    before = text[left:start]
    return before + _MENTION + text[end:right], len(before)


def _own_sentence(line: str, at: int) -> tuple[int, int]:
    """The span of the sentence (or "-"-separated clause) of ``line`` that holds position at."""
    lo, hi = 0, len(line)
    for m in _SENTENCE.finditer(line):
        if m.end() <= at:
            lo = m.end()
        elif m.start() > at:
            hi = m.start()
            break
    return lo, hi


@lru_cache(maxsize=1)
def _bundled_text() -> str:
    ref = resources.files("meddx.text") / "resources" / "abbrev_cues.tsv"
    return ref.read_text(encoding="utf-8")


def load_cues(extra: list[str | Path] | tuple = (), *, bundled: bool = True) -> CueBook:
    """The bundled cue file plus the user's (same format; their rows add to the bundled ones)."""
    book = CueBook()
    if bundled:
        book.add_file("meddx bundled cues", _bundled_text())
    for path in extra:
        book.add_file(path)
    return book
