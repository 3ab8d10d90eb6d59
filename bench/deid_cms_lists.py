"""Could the hand-picked facility lists be derived from the public CMS hospital list instead?

    PYTHONPATH=src python bench/deid_cms_lists.py --cms ../shared/data/hospitals/cms_hospitals.csv

``resources/hospital_initials.txt`` (13 initials that are also clinical abbreviations or words,
tagged in capitals after a care cue and a preposition, ``_facility_mentions``) and
``resources/facility_short_names.txt`` (23 well-known short names tagged with no cue,
``_facility_parts``) were written by hand. This script derives candidates from the CMS names
(public domain; see the CSV's PROVENANCE.md) and scores each variant, the shipped lists swapped
for the candidate in this process only:

* initials of the multi-word names (3-5 letters, with and without "of", "and", "the" ...):
  ``plain`` (no clinical abbreviation, medical term, common word or state code) or ``all``;
* surname-named hospitals: a name whose words before its first facility word are one listed
  surname of 4+ letters that is no common word, first name, town, state or clinical word
  ("LAHEY HOSPITAL" -> "lahey"), marked as a surname (tagged capitalised only, never in a
  person's context: the shipped rule's guard).

Scored on the round-3 fresh notes (``bench/data/deid_round3/*/fresh.jsonl``, never tuned on)
and their hard negatives, and on the first 1,000 bundled Medical Abstracts (no PHI expected).
Prints aggregates only: recall (a gold span any span overlaps), HOSPITAL and NAME typed recall,
spans that overlap no gold span, hard negatives tagged, abstracts spans. Never note text.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_FUNCTION = frozenset("of and the & at for in".split())
#: Where a name's distinctive part ends (scripts/build_deid_hospitals.py's stops, and the kinds
#: of hospital that follow a name).
_STOP = frozenset("hospital hospitals hosp medical center centers ctr centre health healthcare "
                  "system systems regional memorial clinic clinics institute campus inc llc "
                  "county community general university infirmary rehabilitation rehab "
                  "behavioral psychiatric cancer childrens".split())


def derive(cms: Path, lex) -> dict[str, set[str]]:
    with cms.open(encoding="utf-8", newline="") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    initials: set[str] = set()
    surnames: set[str] = set()
    for name in names:
        caps = re.findall(r"[A-Z][A-Z'\-]*", name.upper())
        if len(caps) >= 2:
            for keep in (False, True):
                letters = "".join(w[0] for w in caps if keep or w.lower() not in _FUNCTION).lower()
                if 3 <= len(letters) <= 5:
                    initials.add(letters)
        words = re.findall(r"[a-z][a-z'-]*[a-z]", name.lower().replace("'s", ""))
        while words and words[0] in ("the", "saint", "st"):
            words.pop(0)
        cut = next((i for i, w in enumerate(words) if w in _STOP), len(words))
        if cut == 1:
            w = words[0]
            if len(w) >= 4 and w in lex.last_names and w not in lex.common_words \
                    and w not in lex.first_names and w not in lex.cities and w not in lex.states \
                    and not lex.is_medical(w):
                surnames.add(w)
    clinical = {i for i in initials if lex.is_medical(i) or i in lex.common_words or i in lex.states}
    return {"initials_all": initials, "initials_plain": initials - clinical, "surnames": surnames}


def _notes() -> list[tuple[str, list[dict], list[dict]]]:
    out = []
    for path in sorted((ROOT / "bench/data/deid_round3").glob("*/fresh.jsonl")):
        negatives: dict[str, list[dict]] = {}
        hard = path.with_name("fresh_hard_negatives.jsonl")
        if hard.exists():
            for line in hard.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    negatives[row["id"]] = row["negatives"]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["text"], row["phi"], negatives.get(row["id"], [])))
    return out


def _abstracts(n: int = 1000) -> list[str]:
    csv.field_size_limit(1 << 24)
    with (ROOT / "src/meddx/data/demo/medical_abstracts.csv").open(encoding="utf-8") as fh:
        return [r["medical_abstract"] for _, r in zip(range(n), csv.DictReader(fh), strict=False)]


def score(deid, notes, abstracts) -> dict[str, float | int]:
    c = dict.fromkeys(("gold", "found", "hospital", "hospital_typed", "name", "name_typed",
                       "spans", "spans_no_gold", "hard_negatives_tagged"), 0)
    for text, phi, negatives in notes:
        spans = deid.detect(text)
        for p in phi:
            over = [s for s in spans if s.start < p["end"] and p["start"] < s.end]
            c["gold"] += 1
            c["found"] += bool(over)
            for label, key in (("HOSPITAL", "hospital"), ("NAME", "name")):
                if p["type"] == label:
                    c[key] += 1
                    c[key + "_typed"] += any(s.label == label for s in over)
        c["spans"] += len(spans)
        c["spans_no_gold"] += sum(not any(s.start < p["end"] and p["start"] < s.end for p in phi)
                                  for s in spans)
        c["hard_negatives_tagged"] += sum(any(s.start < n["end"] and n["start"] < s.end for s in spans)
                                          for n in negatives)
    out: dict[str, float | int] = dict(c)
    out["recall"] = round(c["found"] / max(1, c["gold"]), 4)
    out["hospital_typed_recall"] = round(c["hospital_typed"] / max(1, c["hospital"]), 4)
    out["precision"] = round(1 - c["spans_no_gold"] / max(1, c["spans"]), 4)
    out["abstracts_spans"] = sum(len(deid.detect(t)) for t in abstracts)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cms", type=Path, default=Path("../shared/data/hospitals/cms_hospitals.csv"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    import meddx.deid._facility_mentions as mentions
    import meddx.deid._facility_parts as parts
    from meddx.deid import Deidentifier
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    cand = derive(args.cms, lex)
    hand_initials, hand_short = mentions._initials(), parts._short_names()
    print(json.dumps({"cms_initials_all": len(cand["initials_all"]),
                      "cms_initials_plain": len(cand["initials_plain"]),
                      "cms_surname_hospitals": len(cand["surnames"]),
                      "hand_initials_derivable": sum(i in cand["initials_all"] for i in hand_initials),
                      "hand_initials": len(hand_initials),
                      "hand_surname_names_derivable": sum(n in cand["surnames"] for n, s in hand_short if s),
                      "hand_surname_names": sum(s for _, s in hand_short)}))
    extra_short = tuple((n, True) for n in sorted(cand["surnames"]))
    variants = {
        "shipped lists": (hand_initials, hand_short),
        "initials: hand + CMS plain": (hand_initials | cand["initials_plain"], hand_short),
        "initials: hand + CMS all": (hand_initials | cand["initials_all"], hand_short),
        "initials: CMS plain only": (frozenset(cand["initials_plain"]), hand_short),
        "short names: none": (hand_initials, ()),
        "short names: hand + CMS surname hospitals": (hand_initials, (*hand_short, *extra_short)),
    }
    notes, abstracts = _notes(), _abstracts()
    deid = Deidentifier()
    for name, (initials, short) in variants.items():
        mentions._initials = lambda v=frozenset(initials): v
        parts._short_names = lambda v=tuple(short): v
        print(json.dumps({"variant": name, "fresh_notes": len(notes), **score(deid, notes, abstracts)}),
              flush=True)


if __name__ == "__main__":
    main()
