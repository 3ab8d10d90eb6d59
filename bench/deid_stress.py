"""Realism stress for the held-out de-identification benchmark (used by bench/deid_bench.py).

Each transform takes a synthetic note with gold PHI spans and returns a harder variant with
the gold spans moved to match. They imitate what real notes do and the generator does not,
and none of them was used to tune any detector:

* ``all_caps``: the whole note upper-cased;
* ``run_on``: line breaks and most sentence punctuation removed, so sections run together;
* ``lower_names``: every NAME span lower-cased ("seen by dr. john smith");
* ``lookalikes``: sentences with eponyms, drugs, devices and lab names that look like names or
  places, and ordinary words that are also first names ("Will", "Hope"), inserted between
  sentences. They hold no PHI, so they test precision;
* ``date_formats``: sentences with dates in formats the generator never writes
  ("7.22.19", "22nd of July", "22JUL2019", "20190722"), inserted with gold DATE spans.

``all`` applies every transform in turn.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

__all__ = ["STRESS", "stress"]

LOOKALIKES = [
    "Hx of Parkinson's disease, on Sinemet.", "Dr. Foley catheter removed, voiding.",
    "Foley to gravity.", "PT 17.5 INR 1.9 PTT 38.", "Bell's palsy resolved.",
    "Graves disease s/p RAI.", "Hodgkin lymphoma in remission.", "Crohn's flare ruled out.",
    "Addisonian crisis unlikely.", "Cushing's syndrome w/u negative.", "Wilson disease screen sent.",
    "Murphy's sign negative.", "Homans sign negative.", "Babinski downgoing bilaterally.",
    "Romberg negative.", "Gram stain with GPC in clusters.", "Swan-Ganz catheter pulled.",
    "Whipple procedure in 2010.", "Nissen fundoplication remote.", "Kerley B lines on CXR.",
    "Chvostek and Trousseau signs absent.", "Mallory-Weiss tear on EGD.",
    "Barrett's esophagus on surveillance.", "Epstein-Barr virus IgM pending.",
    "Guillain-Barre considered.", "Glasgow coma scale 15.", "Apgar 8 and 9.",
    "Tylenol 650 mg PO q6h PRN.", "Lasix 40 mg IV given.", "Coumadin held, INR high.",
    "Keppra 500 mg BID.", "Eliquis restarted.", "Xarelto on hold.", "Haldol 2 mg IM x1.",
    "Ativan 1 mg for anxiety.", "Norco for pain.", "Jardiance continued.", "Allen test normal.",
    "Will continue current plan.", "Hope to discharge tomorrow.", "Grant application aside, pt stable.",
    "Patient will Mark the calendar for f/u.", "Chase the K, recheck in AM.",
    "Carter-style bandage applied.",
    "Mg 1.8 Phos 3.2 Ca 8.9.", "Chem 7 and CBC in AM.", "Tanner stage 4.",
    "Morgagni hernia on CT.", "Virchow node not palpable.", "Austin Flint murmur absent.",
]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_ABBR = [m[:3] for m in _MONTHS]


def _ordinal(d: int) -> str:
    return "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


def _odd_date(rng: random.Random) -> str:
    d = date(2012, 1, 1) + timedelta(days=rng.randint(0, 3000))
    m, dd, y = d.month, d.day, d.year
    return rng.choice([
        f"{m}.{dd}.{y % 100:02d}", f"{dd}{_ordinal(dd)} of {_MONTHS[m - 1]}",
        f"{_ABBR[m - 1]}-{dd}", f"{y}/{m:02d}/{dd:02d}", f"{dd:02d}{_ABBR[m - 1].upper()}{y}",
        f"{_ABBR[m - 1]}. {dd}", f"{m}-{dd}", f"{dd} {_MONTHS[m - 1]} {y}",
        f"{_MONTHS[m - 1]} {dd} {y}", f"{y}{m:02d}{dd:02d}", f"{_ABBR[m - 1]} {dd}{_ordinal(dd)}",
        f"the {dd}{_ordinal(dd)} of {_MONTHS[m - 1]}, {y}",
    ])


_DATE_SENT = ["Seen in clinic {}.", "Last colonoscopy {} - normal.", "Echo done {}, EF 55%.",
              "F/u appt {} w/ cards.", "Flu shot given {}.", "Labs from {} reviewed."]


def _pieces(note: dict) -> list[tuple[str, str | None]]:
    """The note as (text, PHI type or None) pieces."""
    text, out, pos = note["text"], [], 0
    for p in sorted(note["phi"], key=lambda p: p["start"]):
        if p["start"] > pos:
            out.append((text[pos:p["start"]], None))
        out.append((text[p["start"]:p["end"]], p["type"]))
        pos = p["end"]
    out.append((text[pos:], None))
    return out


def _join(note: dict, pieces: list[tuple[str, str | None]]) -> dict:
    text, phi, pos = [], [], 0
    for s, kind in pieces:
        if kind is not None and s:
            phi.append({"start": pos, "end": pos + len(s), "type": kind})
        text.append(s)
        pos += len(s)
    return dict(note, text="".join(text), phi=phi)


def _all_caps(note, rng):
    return _join(note, [(s.upper() if len(s.upper()) == len(s) else s, k) for s, k in _pieces(note)])


def _run_on(note, rng):
    def squash(s: str) -> str:
        s = re.sub(r"\s*\n\s*", lambda m: rng.choice([" ", " - ", ", "]), s)
        return re.sub(r"\.(\s)", lambda m: rng.choice(["", ",", " "]) + m.group(1)
                      if rng.random() < 0.7 else m.group(0), s)
    return _join(note, [(s if k else squash(s), k) for s, k in _pieces(note)])


def _lower_names(note, rng):
    return _join(note, [(s.lower() if k == "NAME" else s, k) for s, k in _pieces(note)])


def _insert_after_sentences(note, rng, make):
    out = []
    for s, k in _pieces(note):
        if k is not None:
            out.append((s, k))
            continue
        parts = re.split(r"(?<=[.\n])", s)
        for part in parts:
            out.append((part, None))
            if part.endswith((".", "\n")) and not _TITLE.search(part) and rng.random() < 0.25:
                out.extend(make())
    return _join(note, out)


_TITLE = re.compile(r"(?:\b(?:dr|mr|mrs|ms|st|jr|sr|[a-z])\.)$", re.IGNORECASE)  # not a sentence end


def _lookalikes(note, rng):
    return _insert_after_sentences(note, rng, lambda: [(" " + rng.choice(LOOKALIKES) + " ", None)])


def _date_formats(note, rng):
    def make():
        before, after = rng.choice(_DATE_SENT).split("{}")
        return [(" " + before, None), (_odd_date(rng), "DATE"), (after + " ", None)]
    return _insert_after_sentences(note, rng, make)


STRESS = {"all_caps": _all_caps, "run_on": _run_on, "lower_names": _lower_names,
          "lookalikes": _lookalikes, "date_formats": _date_formats}


def stress(notes: list[dict], kind: str, seed: int = 0) -> list[dict]:
    """``notes`` transformed by ``kind`` (a key of :data:`STRESS`, or ``all``)."""
    out = []
    for i, note in enumerate(notes):
        rng = random.Random(f"{seed}-{kind}-{i}")
        kinds = list(STRESS) if kind == "all" else [kind]
        for k in ["lookalikes", "date_formats", "lower_names", "run_on", "all_caps"]:
            if k in kinds:
                note = STRESS[k](note, rng)
        out.append(note)
    return out
