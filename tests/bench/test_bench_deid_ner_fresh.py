"""bench/deid_ner_fresh.py: its two validation sets are the ones the NER of session 11 never
trained on, kept apart, with every note's hard negatives."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load():
    spec = importlib.util.spec_from_file_location("bench_deid_ner_fresh", BENCH / "deid_ner_fresh.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_fresh10_and_notes11_are_separate_fresh_sets_with_their_negatives():
    fresh = _load()
    sets = fresh.SETS
    assert all(p.name == "fresh.jsonl" for paths in sets.values() for p in paths)
    assert not {p.parent.name for p in sets["fresh10"]} & {"notes11"}
    assert [p.parent.name for p in sets["notes11"]] == ["notes11"]
    notes, negs = fresh.fresh_notes(sets["fresh10"])
    assert len(notes) == len(negs) == 146  # session 10's fresh notes, the NER's validation set
    assert sum(map(len, negs)) > 0 and all(n["phi"] is not None for n in notes)


def test_abstracts_may_be_named_in_sets_and_typos_are_caught():
    fresh = _load()
    assert fresh.unknown_sets("fresh10,abstracts") == []
    assert fresh.unknown_sets("notes11,notes12v,notes15c") == []
    assert fresh.unknown_sets("fresh10,abstract,notes99") == ["abstract", "notes99"]
