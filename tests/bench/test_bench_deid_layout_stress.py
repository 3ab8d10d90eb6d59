"""bench/deid_layout_stress.py (session 12, branch deidform12): each layout variant moves the gold
spans onto the same surface, and a span moved wrongly is refused. Invented text only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("Seen by Dr. Ignatius Pellworth on March 3, 2019 at St. Brendan's Hospital, 14 Larchmont "
        "Street, Quenwick.\nName: Teodor Vasquez-Hale\nBP: 120/80 - stable 3-4 days. Call "
        "555-0142 \"after noon\".\nPlan: follow up in two weeks with cardiology and renal.")
PHI = ["Ignatius Pellworth", "March 3, 2019", "St. Brendan's Hospital", "14 Larchmont Street",
       "Quenwick", "Teodor Vasquez-Hale", "555-0142"]


@pytest.fixture(scope="module")
def bench():
    return load_script("deid_layout_stress", ROOT / "bench" / "deid_layout_stress.py")


def _note() -> dict:
    phi = [{"start": TEXT.index(p), "end": TEXT.index(p) + len(p), "type": "NAME"} for p in PHI]
    return {"id": "t-1", "text": TEXT, "phi": phi,
            "negatives": [{"start": TEXT.index("BP"), "end": TEXT.index("BP") + 2,
                           "category": "ABBREV"}]}


def test_every_variant_moves_every_span_onto_its_surface(bench):
    note = _note()
    for name, transform in bench.variants(3).items():
        moved = bench.relayout(note, transform(note["text"]))
        for old, new in zip(note["phi"], moved["phi"], strict=True):
            got = moved["text"][new["start"]:new["end"]]
            assert bench._fold(got) == bench._fold(TEXT[old["start"]:old["end"]]), name
        if name != "orig":
            assert moved["text"] != TEXT, name


def test_wrap_breaks_at_spaces_within_the_width(bench):
    text = "".join(bench.wrap(TEXT * 3, 40))
    assert len(text) == len(TEXT * 3)
    assert all(len(line) <= 40 or " " not in line for line in text.split("\n"))
    assert text.replace("\n", " ") == (TEXT * 3).replace("\n", " ")


def test_crlf_and_spaces_shift_offsets_and_a_wrong_move_is_refused(bench):
    note = _note()
    moved = bench.relayout(note, bench.crlf(TEXT))
    assert moved["phi"][-2]["start"] == TEXT.index("Teodor") + 1  # one "\r" before it
    pieces = list(TEXT)
    pieces[TEXT.index("Pellworth")] = "Q"
    with pytest.raises(AssertionError):
        bench.relayout(note, pieces)
