"""Counts for the notes15c README (validation set): notes, lengths, PHI, hard negatives, shape.

    python bench/data/deid_round3/notes15c/stats.py

Reads only this folder's ``fresh.jsonl`` and ``fresh_hard_negatives.jsonl``; prints no note text.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

FAMILIES = {
    "clinic visits: primary care, geriatrics, VA, correctional, telehealth": (
        "clinic progress note", "clinic note", "progress note (all caps)", "ALL CAPS progress note",
        "VA primary care note", "correctional health note", "urgent care note",
    ),
    "specialty clinic visits (endocrine to audiology) and oncology treatment": (
        "diabetes education note", "oncology progress note", "chemotherapy treatment note",
        "radiation oncology note", "psychiatry follow up", "psychotherapy note",
        "infectious disease clinic note", "travel clinic note", "anticoagulation clinic note",
        "sports medicine clinic note", "nephrology clinic note", "transplant clinic note",
        "dermatology note", "ENT note", "allergy clinic note", "urology note", "sleep medicine note",
        "ophthalmology note", "genetic counseling note", "dietitian note", "dental note",
        "podiatry note", "audiology report", "wound care note",
    ),
    "consults and letters: referral, consult reply, UK-style, chiropractic": (
        "referral letter", "consult letter reply", "oncology consult", "psychiatry intake",
        "infectious disease consult", "gastroenterology consult", "surgical consult",
        "consult note", "clinic letter (UK style)", "chiropractic referral reply",
        "dictated letter",
    ),
    "dictated notes (lower case)": ("dictated clinic note", "dictated op note"),
    "telephone, portal, secure chat, SMS, after-hours, sticky notes, replies": (
        "telephone message", "telephone encounter", "portal message", "clinical message",
        "nurse triage note", "after hours call", "secure chat", "text message log", "sticky note",
        "reply message", "ALL CAPS message", "postpartum phone call",
    ),
    "pre-op, anaesthesia, operative, checklist": (
        "pre-op evaluation", "anaesthesia pre-assessment", "operative note", "pre-op checklist",
    ),
    "discharge summaries (medicine, geriatrics, NICU, psychiatry, rehab)": (
        "discharge summary", "NICU discharge summary", "psychiatric discharge summary",
        "rehabilitation discharge summary",
    ),
    "ED, triage, EMS": ("ED note", "ALL CAPS triage note", "EMS run report"),
    "obstetrics and paediatrics (incl. school nurse, adolescent)": (
        "prenatal visit", "labor and delivery note", "pediatric well child visit",
        "pediatric sick visit", "school nurse note", "adolescent visit",
    ),
    "nursing notes and sign-outs": ("nursing note", "sign-out"),
    "medication reconciliation, pharmacy": ("medication reconciliation", "pharmacy consult"),
    "prior authorisation, insurance, utilization review": (
        "prior authorization", "insurance appeal letter", "utilization review", "insurance note",
    ),
    "forms: intake, ROI, referral order, FMLA, DOT, work comp, immigration, research, transfer": (
        "new patient intake form", "release of information form", "referral order",
        "FMLA certification", "DOT physical", "workers compensation note",
        "immigration medical exam", "research consent note", "nursing home transfer form",
    ),
    "home health, hospice, dialysis, social work, PT/OT": (
        "home health visit", "hospice admission", "hospice visit note", "hospice death note",
        "dialysis unit note", "social work note", "physical therapy note",
        "occupational therapy note",
    ),
    "tables and lists (labs, vitals, clinic schedule)": (
        "lab results table", "vital signs flowsheet", "patient list",
    ),
}


def family(style: str) -> str:
    base = style.split(" (")[0] if not style.endswith("(UK style)") else style
    for fam, styles in FAMILIES.items():
        if style in styles or base in styles:
            return fam
    raise KeyError(f"no family for style {style!r}")


def main() -> None:
    recs = [json.loads(line) for line in (HERE / "fresh.jsonl").open(encoding="utf-8")]
    negs = [json.loads(line) for line in (HERE / "fresh_hard_negatives.jsonl").open(encoding="utf-8")]
    lengths = [len(r["text"]) for r in recs]
    n_phi = sum(len(r["phi"]) for r in recs)
    n_neg = sum(len(x["negatives"]) for x in negs)
    print(f"{len(recs)} notes, {sum(lengths)} characters (median {statistics.median(lengths):.0f}, "
          f"from {min(lengths)} to {max(lengths)}), {n_phi} PHI spans, {n_neg} hard negatives")
    print("PHI by type:", dict(Counter(p["type"] for r in recs for p in r["phi"]).most_common()))
    print("negatives by category:",
          dict(Counter(n["category"] for x in negs for n in x["negatives"]).most_common()))
    print("by family:")
    for fam, n in Counter(family(r["style"]) for r in recs).most_common():
        print(f"  {n:3d}  {fam}")
    wrapped = sum(max(len(line) for line in r["text"].split("\n")) <= 80 for r in recs)
    lower = sum(r["text"] == r["text"].lower() for r in recs)
    upper = sum(r["text"] == r["text"].upper() for r in recs)
    broken = [r["id"] for r in recs for p in r["phi"] if "\n" in r["text"][p["start"] : p["end"]]]
    print(f"shape: {wrapped} notes with every line <= 80 columns, {len(recs) - wrapped} with longer lines; "
          f"{lower} all lower case, {upper} all upper case; {sum(n <= 400 for n in lengths)} notes <= 400 "
          f"characters, {sum(n > 1500 for n in lengths)} over 1,500; {len(broken)} PHI spans contain a line "
          f"break, in {len(set(broken))} notes")


if __name__ == "__main__":
    main()
