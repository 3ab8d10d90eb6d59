"""Synthetic clinical notes with gold PHI spans (``meddx synth``), deterministic by seed.

Four note types (nursing note, discharge summary, radiology report, consult note), each
composed from headers, sections and sentence pieces drawn at random (``_synth_text.py``),
with vitals, labs, medications, abbreviations, eponyms and fractions that must not be
tagged, ALL CAPS notes and sections, and PHI in many formats (``_synth_phi.py``). Times of
day appear but are not PHI (HIPAA Safe Harbor lists dates, not times). Patients
have several notes, so per-patient surrogate consistency can be tested.

Each record: ``id``, ``patient_id``, ``note_type``, ``text``, ``phi`` (``start``, ``end``,
``type``), ``label`` (a diagnosis), ``sex``, ``age``, ``race``.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from meddx.deid._synth_phi import Patient, PhiFactory
from meddx.deid._synth_text import DIAGNOSES, PIECES

__all__ = ["NOTE_TYPES", "synth_notes", "write_synth"]

NOTE_TYPES = ("nursing", "discharge", "radiology", "consult")
_SLOT = re.compile(r"\{([A-Z]+)\}")


class _Builder:
    """Appends text and records the offsets of PHI; ``caps`` upper-cases what is added."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.phi: list[dict[str, Any]] = []
        self.pos = 0
        self.caps = False

    def add(self, text: str, kind: str | None = None) -> None:
        if self.caps:
            text = text.upper()
        if kind is not None and text:
            self.phi.append({"start": self.pos, "end": self.pos + len(text), "type": kind})
        self.parts.append(text)
        self.pos += len(text)

    def text(self) -> str:
        return "".join(self.parts)


class _Note:
    """Fills one note for one patient."""

    def __init__(self, rng: random.Random, f: PhiFactory, p: Patient, label: str, day: date):
        self.rng, self.f, self.p, self.label, self.day = rng, f, p, label, day
        self.b = _Builder()

    # --- slots ----------------------------------------------------------------------------
    def slot(self, name: str) -> None:
        r, f, p, b = self.rng, self.f, self.p, self.b
        if name == "PT":
            form = r.randrange(4)
            if form == 0:
                b.add(f"{p.first} {p.last}", "NAME")
            elif form == 1:
                b.add(f"{p.last.upper()}, {p.first.upper()}", "NAME")
            elif form == 2:
                b.add(f"{p.first} {r.choice('ABCDEJKLMRST')}. {p.last}", "NAME")
            else:
                b.add(f"{p.last}, {p.first}", "NAME")
        elif name == "PTT":
            b.add("Mr. " if p.sex == "M" else r.choice(["Ms. ", "Mrs. "]))
            b.add(p.last, "NAME")
        elif name == "PTF":
            b.add(p.first, "NAME")
        elif name == "DR":
            first, last = r.choice(p.doctors)
            b.add(r.choice(["Dr. ", "Dr ", "Dr. ", "DR. "]))
            form = r.randrange(3)
            b.add(last if form == 0 else f"{first} {last}" if form == 1 else
                  f"{first[0]}. {last}", "NAME")
        elif name == "CLIN":
            first, last = f.first(r), f.last(r)
            b.add(r.choice([f"{first} {last}", f"{first[0]}. {last}"]), "NAME")
            b.add(r.choice([", RN", " RN", ", MD", ", NP", " MD", ", PA-C"]))
        elif name == "REL":
            rel, first = r.choice(p.relatives)
            lead = r.choice(["", "pt's ", "her ", "his "]) if not b.caps else ""
            b.add(lead + rel + r.choice([" ", " ", ", ", " ("]))
            full = r.random() < 0.3
            b.add(f"{first} {p.last}" if full else first, "NAME")
            if b.parts[-2].endswith("("):
                b.add(")")
            elif b.parts[-2].endswith(", "):
                b.add(",")
        elif name in ("DATE", "DOB"):
            d = p.dob if name == "DOB" else self.day + timedelta(days=r.randint(-40, 3))
            b.add(f.date(r, d), "DATE")
        elif name == "TIME":  # not PHI: Safe Harbor lists dates, not times of day
            b.add(f.time(r))
        elif name == "YY":
            b.add(f"'{r.randint(60, 99)}", "DATE")
        elif name in ("PHONE", "FAX"):
            b.add(p.phone if name == "PHONE" and r.random() < 0.5 else f.phone(r), name)
        elif name == "PAGER":
            b.add(str(r.randint(1000, 99999)), "PHONE")
        elif name == "EMAIL":
            b.add(f.email(r, p.first, p.last), "EMAIL")
        elif name == "URL":
            b.add(f.url(r), "URL")
        elif name == "IP":
            b.add(f.ip(r), "IP")
        elif name in ("SSN", "ACCT", "HP", "DEVICE", "PLATE"):
            kind = {"ACCT": "ACCOUNT", "HP": "HEALTHPLAN"}.get(name, name)
            b.add(f.ident(r, kind), kind)
        elif name == "MRN":
            b.add(p.mrn, "MRN")
        elif name == "ADDR":
            b.add(p.street, "ADDRESS")
            b.add(", ")
            b.add(p.city, "LOCATION")
            b.add(f", {p.state} ")
            b.add(p.zip, "ZIP")
        elif name == "CITY":
            b.add(p.city, "LOCATION")
            if r.random() < 0.4:
                b.add(f", {p.state}")
        elif name == "HOSP":
            b.add(r.choice([p.hospital, f.hospital(r)]), "HOSPITAL")
        elif name == "AGE":
            b.add(str(p.age), "AGE" if p.age > 89 else None)
        elif name == "SEX":
            b.add(r.choice(["M", "male", "man", "gentleman"] if p.sex == "M" else
                           ["F", "female", "woman", "lady"]))
        elif name == "DX":
            b.add(r.choice(DIAGNOSES[self.label]))
        elif name == "N":
            b.add(str(r.randint(2, 9)))
        else:  # pragma: no cover - a typo in _synth_text.py
            raise KeyError(name)

    def say(self, template: str) -> None:
        pos = 0
        for m in _SLOT.finditer(template):
            self.b.add(template[pos:m.start()])
            self.slot(m.group(1))
            pos = m.end()
        self.b.add(template[pos:])

    def section(self, title: str, pool: str, k: tuple[int, int], sep: str = " ") -> None:
        r = self.rng
        saved = self.b.caps
        self.b.caps = saved or r.random() < 0.2
        self.b.add(r.choice([f"{title.upper()}:\n", f"{title}:\n", f"{title.upper()}: "]))
        picks = r.sample(PIECES[pool], min(len(PIECES[pool]), r.randint(*k)))
        for i, piece in enumerate(picks):
            if i:
                self.b.add(sep)
            self.say(piece)
        self.b.add("\n\n")
        self.b.caps = saved

    # --- note parts -----------------------------------------------------------------------
    def vitals(self) -> str:
        r = self.rng
        return (f"T {r.choice(['98.6', '99.1', '100.4', '101.2', '97.8'])} "
                f"HR {r.randint(55, 120)} BP {r.randint(90, 170)}/{r.randint(50, 95)} "
                f"RR {r.randint(12, 28)} SpO2 {r.randint(88, 100)}% "
                f"{r.choice(['RA', '2L NC', '4L NC', 'NRB'])}")

    def labs(self) -> str:
        r = self.rng
        return (f"Na {r.randint(128, 146)} K {r.randint(30, 55) / 10} Cl {r.randint(95, 110)} "
                f"HCO3 {r.randint(14, 30)} BUN {r.randint(8, 60)} Cr {r.randint(6, 30) / 10} "
                f"Glu {r.randint(70, 450)} WBC {r.randint(30, 220) / 10} "
                f"Hgb {r.randint(70, 150) / 10} Plt {r.randint(90, 450)}")

    def header(self, title: str, fields: list[str]) -> None:
        r = self.rng
        self.b.add(title + "\n")
        for fld in r.sample(fields, len(fields)):
            self.say(fld + "\n")
        self.b.add("\n")

    def signature(self) -> None:
        r = self.rng
        self.say(r.choice(["Electronically signed by {DR} on {DATE} {TIME}\n",
                           "-- {CLIN}\n", "Dictated by: {DR}\nTranscribed: {DATE}\n",
                           "{CLIN}\nPager {PAGER}\n"]))


def _compose(note: _Note, kind: str) -> None:
    r = note.rng
    if kind == "nursing":
        note.b.caps = r.random() < 0.35
        note.header(r.choice(["NURSING PROGRESS NOTE", "Nursing Note 7a-7p", "RN SHIFT NOTE"]),
                    ["Date: {DATE}  Time: {TIME}", "Pt: {PT}", "MRN: {MRN}"])
        note.b.add("VS: " + note.vitals() + "\n\n")
        note.section("Assessment", "nursing", (4, 8), sep="\n")
    elif kind == "discharge":
        note.b.caps = r.random() < 0.15
        note.header("DISCHARGE SUMMARY",
                    ["Patient Name: {PT}", "MRN: {MRN}", "DOB: {DOB}", "Admission Date: {DATE}",
                     "Discharge Date: {DATE}", "Attending: {DR}", "PCP: {DR}",
                     "Address: {ADDR}", "Phone: {PHONE}"])
        note.section("History of Present Illness", "hpi", (2, 4))
        note.section("Hospital Course", "course", (3, 6))
        note.b.add("Labs on admission: " + note.labs() + "\n\n")
        note.section("Social History", "social", (1, 3))
        note.section("Discharge Plan", "plan", (2, 5), sep="\n")
    elif kind == "radiology":
        note.b.caps = r.random() < 0.5
        note.header(r.choice(["CT CHEST W/O CONTRAST", "CXR PA/LAT", "MRI BRAIN W/WO CONTRAST"]),
                    ["EXAM DATE: {DATE} {TIME}", "PATIENT: {PT}", "MRN: {MRN}",
                     "ACCESSION #: {ACCT}", "REFERRING: {DR}"])
        note.say("CLINICAL HISTORY: {AGE} yo {SEX} with {DX}.\n")
        note.say("COMPARISON: {DATE}.\n\n")
        note.section("Findings", "radiology", (2, 5))
        note.say("IMPRESSION: Findings c/w {DX}. Recommend f/u imaging.\n")
    else:
        note.b.caps = r.random() < 0.15
        note.header(r.choice(["CONSULT NOTE", "Inpatient Consultation", "ID CONSULT"]),
                    ["Date of Service: {DATE}", "Patient: {PT}", "MRN: {MRN}",
                     "Requesting physician: {DR}", "Location: {HOSP}"])
        note.section("HPI", "hpi", (2, 4))
        note.section("Social Hx", "social", (2, 3))
        note.b.add("Exam: " + note.vitals() + ". Gen: NAD. CV: RRR, no m/r/g.\n")
        note.b.add("Labs: " + note.labs() + "\n\n")
        note.section("Assessment/Plan", "plan", (2, 4), sep="\n")
    note.signature()


def synth_notes(n: int, seed: int = 0, *, note_types: tuple[str, ...] | None = None
                ) -> list[dict[str, Any]]:
    """``n`` synthetic notes; the same ``seed`` always gives the same notes.

    ``note_types`` (default: all of :data:`NOTE_TYPES`) limits the kinds generated, so a
    tagger can be trained without some of them and evaluated on them."""
    from meddx.errors import ConfigError

    kinds = tuple(note_types) if note_types else NOTE_TYPES
    bad = [k for k in kinds if k not in NOTE_TYPES]
    if bad:
        raise ConfigError(f"note type '{bad[0]}' unknown; allowed: {', '.join(NOTE_TYPES)}")
    rng = random.Random(seed)
    factory = PhiFactory()
    n_patients = max(1, n // 3)
    anchor = date(2015, 1, 1)
    patients = []
    for i in range(n_patients):
        prng = random.Random(f"{seed}-patient-{i}")
        patients.append((factory.patient(prng, f"P{seed}-{i:05d}", anchor),
                         prng.choice(sorted(DIAGNOSES))))
    out = []
    for i in range(n):
        p, label = patients[rng.randrange(n_patients)] if i >= n_patients else patients[i]
        nrng = random.Random(f"{seed}-note-{i}")
        kind = nrng.choice(kinds)
        note = _Note(nrng, factory, p, label, p.admit + timedelta(days=nrng.randint(0, 10)))
        _compose(note, kind)
        out.append({"id": f"N{seed}-{i:06d}", "patient_id": p.pid, "note_type": kind,
                    "text": note.b.text(), "phi": note.b.phi, "label": label, "sex": p.sex,
                    "age": p.age, "race": p.race})
    return out


def write_synth(path: str | Path, n: int, seed: int = 0, *,
                note_types: tuple[str, ...] | None = None) -> int:
    """Write ``n`` notes as JSONL to ``path`` (atomically); returns the count."""
    from meddx._io import atomic_write_text

    notes = synth_notes(n, seed, note_types=note_types)
    atomic_write_text(Path(path), "".join(json.dumps(r) + "\n" for r in notes))
    return len(notes)
