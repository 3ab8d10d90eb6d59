"""The issue-14 scorer of bench/deid_realstyle.py and the real-style development set."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
DATA = BENCH / "data" / "deid_realstyle"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


rs = _load("bench_deid_realstyle", BENCH / "deid_realstyle.py")
markup = _load("deid_devset_markup", BENCH / "deid_devset" / "devset_markup.py")

TEXT = "son Mike Lee called 8/28 at 0600"
GOLD = [(4, 12, "NAME"), (20, 24, "DATE")]


@pytest.mark.parametrize(
    ("pred", "found"),
    [
        ([(4, 12, "NAME")], [True, False]),  # exact
        ([(0, 15, "NAME")], [True, False]),  # wider still covers every character
        ([(4, 8, "NAME"), (9, 12, "NAME")], [True, False]),  # two spans; the space is not alphanumeric
        ([(4, 8, "NAME")], [False, False]),  # "Lee" left uncovered: not found although it overlaps
        ([(5, 12, "NAME")], [False, False]),  # one letter missed
        ([(20, 24, "PHONE")], [False, True]),  # the label does not matter for recall
        ([], [False, False]),
    ],
)
def test_recall_needs_every_alphanumeric_character(pred, found):
    assert [rs.is_found(TEXT, g, pred) for g in GOLD] == found


def test_precision_counts_spans_overlapping_any_gold():
    pred = [(4, 8, "NAME"), (20, 24, "PHONE"), (28, 32, "DATE")]  # partial, other label, a time
    s = rs.score([(TEXT, GOLD, pred)])
    o = s["overall"]
    assert (o["n_gold"], o["found"], o["n_pred"], o["right"]) == (2, 1, 3, 2)
    assert o["recall"] == pytest.approx(0.5) and o["precision"] == pytest.approx(2 / 3)
    assert s["by_type"]["DATE"]["recall"] == 1.0 and s["by_type"]["DATE"]["precision"] == 0.0
    assert s["by_type"]["PHONE"]["n_gold"] == 0 and s["by_type"]["PHONE"]["precision"] == 1.0
    assert s["by_type"]["NAME"]["recall"] == 0.0 and s["by_type"]["NAME"]["precision"] == 1.0


def test_meddx_labels_map_to_gold_types():
    text = "MRN 1234567 fax 555-0100"
    s = rs.score([(text, [(4, 11, "ID"), (16, 24, "PHONE")], [(4, 11, "MRN"), (16, 24, "FAX")])])
    assert s["by_type"]["ID"]["recall"] == 1.0 and s["by_type"]["ID"]["precision"] == 1.0
    assert s["by_type"]["PHONE"]["precision"] == 1.0 and "MRN" not in s["by_type"]


def test_typed_recall_needs_the_same_mapped_type():
    # the PHONE-tagged date is found (recall ignores the label) but not typed-found
    pred = [(4, 12, "NAME"), (20, 24, "PHONE")]
    s = rs.score([(TEXT, GOLD, pred)])
    o = s["overall"]
    assert (o["found"], o["typed_found"]) == (2, 1)
    assert o["recall"] == 1.0 and o["typed_recall"] == pytest.approx(0.5)
    assert s["by_type"]["DATE"]["typed_recall"] == 0.0 and s["by_type"]["NAME"]["typed_recall"] == 1.0
    assert s["confusion"] == {"NAME": {"NAME": 1}, "DATE": {"PHONE": 1}}


def test_typed_recall_maps_labels_and_keeps_hospital_apart_from_location():
    text = "MRN 1234567 at Linden Hill, Underhill, MD"
    gold = [(4, 11, "ID"), (15, 26, "HOSPITAL"), (28, 37, "NAME")]
    # MRN is ID; a LOCATION over the hospital and over the name is wrong; a half-covered
    # name (typed part only) is not typed-found either
    pred = [(4, 11, "MRN"), (15, 26, "LOCATION"), (28, 32, "NAME"), (32, 37, "LOCATION")]
    s = rs.score([(text, gold, pred)])
    assert s["overall"]["found"] == 3 and s["overall"]["typed_found"] == 1
    assert s["by_type"]["ID"]["typed_recall"] == 1.0
    assert s["by_type"]["HOSPITAL"]["typed_recall"] == 0.0
    assert s["by_type"]["NAME"]["typed_recall"] == 0.0
    assert s["confusion"]["HOSPITAL"] == {"LOCATION": 1}
    assert s["confusion"]["NAME"] == {"LOCATION": 1}  # LOCATION covers 5 of its 9 characters
    missed = rs.score([(text, gold, [])])
    assert missed["confusion"]["ID"] == {"none": 1} and missed["overall"]["typed_found"] == 0


def test_no_gold_no_pred_gives_none_not_zero():
    o = rs.score([("nothing here", [], [])])["overall"]
    assert o["recall"] is None and o["precision"] is None and o["f1"] is None


def test_hard_negative_hits():
    negs = [[{"start": 28, "end": 32, "category": "TIME", "text": "0600"}]]
    assert rs.negative_hits(negs, [[(28, 32, "DATE")]]) == {"TIME": {"tagged": 1, "of": 1}}
    assert rs.negative_hits(negs, [[(4, 12, "NAME")]]) == {"TIME": {"tagged": 0, "of": 1}}


def test_markup_converts_and_recases():
    mk = "son [[NAME:mike]] called {{TIME:0600}}, dtr lives in [[LOCATION:pell harbor]]"
    text, phi, neg = markup.convert(mk)
    assert text == "son mike called 0600, dtr lives in pell harbor"
    assert [text[p["start"]:p["end"]] for p in phi] == ["mike", "pell harbor"]
    assert neg == [{"start": 16, "end": 20, "category": "TIME", "text": "0600"}]
    up = markup.recase(mk, str.upper)
    assert markup.convert(up)[0] == text.upper() and "[[NAME:MIKE]]" in up
    with pytest.raises(ValueError):
        markup.convert("[[PERSON:x]]")


@pytest.mark.parametrize(
    ("phi", "problem"),
    [
        ([{"start": 0, "end": 40, "type": "NAME"}], "outside"),
        ([{"start": 4, "end": 8, "type": "NAME"}, {"start": 6, "end": 12, "type": "NAME"}], "overlaps"),
        ([{"start": 3, "end": 8, "type": "NAME"}], "whitespace"),
        ([{"start": 4, "end": 8, "type": "PERSON"}], "unknown type"),
    ],
)
def test_verifier_catches_bad_spans(phi, problem):
    rec = {"text": "son mike lee called", "phi": phi}
    assert any(problem in p for p in markup.verify_record(rec))


def test_verifier_checks_surfaces_and_negatives():
    mk = "son [[NAME:mike]] at {{TIME:0600}}"
    text, phi, neg = markup.convert(mk)
    assert markup.verify_record({"text": text, "phi": phi}, mk, neg) == []
    shifted = [{**phi[0], "start": phi[0]["start"] + 1, "end": phi[0]["end"] + 1}]
    assert markup.verify_record({"text": text, "phi": shifted}, mk, neg)
    bad_neg = [{"start": 4, "end": 8, "category": "TIME", "text": "mike"}]
    assert any("overlaps a PHI" in p for p in markup.verify_record({"text": text, "phi": phi}, None, bad_neg))


@pytest.mark.parametrize("split", ["dev", "test"])
def test_committed_set_is_sound(split):
    recs = [json.loads(line) for line in (DATA / f"{split}.jsonl").read_text().splitlines()]
    negs = {r["id"]: r["negatives"] for r in map(json.loads, (DATA / f"{split}_hard_negatives.jsonl")
                                                  .read_text().splitlines())}
    assert len({r["id"] for r in recs}) == len(recs)
    for r in recs:
        assert markup.verify_record(r, None, negs[r["id"]]) == [], r["id"]
    if split == "test":
        assert sum(r["id"].startswith("test-hand-") for r in recs) >= 20


def test_build_reproduces_the_committed_set(tmp_path):
    build = _load("deid_devset_build", BENCH / "deid_devset" / "build.py")
    cms = build.shared_path("data/hospitals/cms_hospitals.csv")
    if cms is None:
        pytest.skip("the CMS hospital list is not beside the repository")
    build.build(tmp_path, cms)
    for name in ("dev.jsonl", "test.jsonl", "dev_hard_negatives.jsonl", "test_hard_negatives.jsonl"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
