"""The independent held-out de-identification sets (bench/data/deid_heldout, session 7,
bench/data/deid_heldout2, session 8, bench/data/deid_heldout3, session 9, and
bench/data/deid_heldout4, session 10): the files parse, every
offset is valid, and they are what the markup source converts to. Only the files are checked here; no
detector is run and no error of any set is printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"
DATA = BENCH / "data" / "deid_heldout"
# (folder, note-id prefix, set name in bench/deid_realstyle.py, its constant there)
SETS = [
    (DATA, "held", "heldout", "HELDOUT"),
    (BENCH / "data" / "deid_heldout2", "held2", "heldout2", "HELDOUT2"),
    (BENCH / "data" / "deid_heldout3", "held3", "heldout3", "HELDOUT3"),
    (BENCH / "data" / "deid_heldout4", "held4", "heldout4", "HELDOUT4"),
]
IDS = [s[2] for s in SETS]

conv = load_script("deid_heldout_convert", DATA / "convert.py")


def _rows(data: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (data / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("data", "prefix"), [s[:2] for s in SETS], ids=IDS)
def test_committed_files_parse_and_every_offset_is_valid(data, prefix):
    recs = _rows(data, "test.jsonl")
    negs = {r["id"]: r["negatives"] for r in _rows(data, "test_hard_negatives.jsonl")}
    assert len(recs) >= 60
    assert [r["id"] for r in recs] == [f"{prefix}-{i:03d}" for i in range(1, len(recs) + 1)]
    assert len({r["id"] for r in recs}) == len(recs) and set(negs) == {r["id"] for r in recs}
    for r in recs:
        assert set(r) == {"id", "style", "text", "phi"}, r["id"]
        assert r["phi"], r["id"]
        assert conv.verify(r, negs[r["id"]]) == [], r["id"]
    types = {p["type"] for r in recs for p in r["phi"]}
    assert types == set(conv.PHI_TYPES)


@pytest.mark.parametrize(("data", "prefix"), [s[:2] for s in SETS], ids=IDS)
def test_committed_files_are_the_converted_markup(data, prefix):
    recs, negs, problems = conv.build(data / "source", prefix)
    assert problems == []
    assert conv.dumps(recs) == (data / "test.jsonl").read_text(encoding="utf-8")
    assert conv.dumps(negs) == (data / "test_hard_negatives.jsonl").read_text(encoding="utf-8")


def test_converter_offsets_and_verifier():
    text, phi, neg = conv.convert("wife [[NAME:rose]] called [[[DATE:2/3/18]]] at {{TIME:0600}}")
    assert text == "wife rose called [2/3/18] at 0600"
    assert [(text[p["start"] : p["end"]], p["type"]) for p in phi] == [("rose", "NAME"), ("2/3/18", "DATE")]
    assert neg == [{"start": 29, "end": 33, "category": "TIME", "text": "0600"}]
    rec = {"text": text, "phi": phi}
    assert conv.verify(rec, neg) == []
    shifted = {"text": text, "phi": [{**phi[0], "start": 4, "end": 9}]}
    assert any("whitespace" in p for p in conv.verify(shifted, []))
    assert any("surfaces" in p for p in conv.verify(shifted, [], "wife [[NAME:rose]]"))
    on_name = [{**neg[0], "start": 5, "end": 9, "text": "rose"}]
    assert any("overlaps a PHI" in p for p in conv.verify(rec, on_name))


@pytest.mark.parametrize(("data", "name", "const"), [(s[0], s[2], s[3]) for s in SETS], ids=IDS)
def test_benchmark_scores_the_set_but_never_prints_its_errors(data, name, const):
    rs = load_script("bench_deid_realstyle_heldout", BENCH / "deid_realstyle.py")
    assert rs.SKIP_KEY[name] == name and name in rs.NO_ERRORS
    assert getattr(rs, const) == data and "never tuned on" in rs.SET_TITLES[name]


@pytest.mark.parametrize("bad", ["[[PERSON:x]]", "{{NOPE:x}}"])
def test_unknown_markup_is_left_and_caught(bad):
    text, _phi, _neg = conv.convert(bad)
    assert conv.verify({"text": text, "phi": []}, []) == ["markup left in the text"]
