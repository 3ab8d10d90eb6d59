"""Which short forms to give cue rows next: a stated rule over the bundled sense inventory.

    PYTHONPATH=src .venv/bin/python bench/abbrev_clinical/select_short_forms.py [--min-second 0.10]

The rule (docs/benchmarks.md, "wider coverage"): a short form of 2-4 letters or digits that the
clinical-note sources of the bundled inventory list (Vanderbilt clinic notes and discharge
summaries, Stetson sign-out; see src/meddx/text/resources/README.md), with at least two DISTINCT
senses, whose second most frequent distinct sense has a relative frequency in notes (the
inventory prior: mean over the note sources that list the short form) of at least
``--min-second``, and that the bundled cue file does not cover yet. Ranked by how often the
short form was seen in the Vanderbilt notes (the sum of the written-variant counts over its
senses). Two senses are the same concept, and are merged before the test, when their words
(stop words dropped, number words as digits, each word cut to its first 5 letters) are equal or
one set contains the other ("left ventricle" / "left ventricular", "white blood cell" /
"white blood cell count"). Senses that are not senses ("not an acronym", a bare repeat of the
short form) are dropped first. The output is the candidate list; the few pairs the word rule
does not merge (Latin and English of one instruction, misspelled duplicates) are excluded by
hand in the docs, each with its reason.
"""

from __future__ import annotations

import argparse
import re

_STOP = {"of", "the", "a", "an", "and", "to", "by", "in", "for", "or", "with", "aka", "s"}
_NUM = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
        "seven": "7", "eight": "8", "nine": "9", "ten": "10", "first": "1", "second": "2",
        "third": "3", "fourth": "4", "fifth": "5"}
_NOT = {"not an acronym", "not an abbreviation", "unsure", "name", "general english"}


def concept(name: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", name.lower())
    return frozenset(_NUM.get(w, w)[:5] for w in words if w not in _STOP)


def distinct_senses(key: str, senses) -> list[tuple[float, str]]:
    """(prior, name) per distinct concept, most frequent first (priors of merged senses add)."""
    groups: list[tuple[frozenset, float, str]] = []
    for s in sorted(senses, key=lambda s: -s.prior):
        c = concept(s.name)
        if not c or s.name.lower() in _NOT or c <= concept(key) or not s.note_freq:
            continue
        for i, (g, p, n) in enumerate(groups):
            if c <= g or g <= c:
                groups[i] = (g | c, p + s.prior, n)
                break
        else:
            groups.append((c, s.prior, s.name))
    return sorted(((p, n) for _, p, n in groups), reverse=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-second", type=float, default=0.10)
    ap.add_argument("--all", action="store_true", help="also list short forms already cued")
    args = ap.parse_args()
    from meddx.text import load_inventory

    inv = load_inventory(bundled_cues=False)
    cued = set(load_inventory().cues.senses)
    rows = []
    for key, senses in inv.senses.items():
        if not 2 <= len(key) <= 4 or not key.isalnum():
            continue
        dist = distinct_senses(key, senses)
        if len(dist) < 2 or dist[1][0] < args.min_second or (key in cued and not args.all):
            continue
        seen = sum(sum(s.case_counts.values()) for s in senses)
        rows.append((seen, key, dist))
    rows.sort(key=lambda r: (-r[0], r[1]))
    for rank, (seen, key, dist) in enumerate(rows, start=1):
        top = "; ".join(f"{n} {p:.2f}" for p, n in dist[:4])
        print(f"{rank}\t{key.upper()}\t{seen}\t{'cued' if key in cued else ''}\t{top}")


if __name__ == "__main__":
    main()
