"""Disambiguation learned from unlabelled text, expansion offsets, files and evaluation."""

from __future__ import annotations

import json

import pytest

from meddx.errors import DataError, ModelError
from meddx.text import (
    AbbreviationModel,
    Resolved,
    build_abbreviation_model,
    evaluate_abbreviations,
    expand_text,
    harvest_contexts,
)
from tests._support.abbrev import fake_embed, notes


@pytest.fixture(scope="module")
def model(inventory):
    return build_abbreviation_model(inventory, fake_embed, notes=notes(40), use_demo=False)


def test_reverse_substitution_replaces_long_forms(inventory):
    ctx = harvest_contexts(["Known pulmonary embolism (PE) on heparin. PE stable."], inventory,
                           ["pe"])
    names = {inventory.senses["pe"][c.sense].name for c in ctx}
    assert names == {"pulmonary embolism"}
    assert any(c.substituted and "pulmonary" not in c.text and "PE" in c.text for c in ctx)
    assert any(not c.substituted for c in ctx)  # the defined "PE" later in the text


def test_learns_senses_without_labels(model):
    text_a = "CT angiogram showed PE and heparin anticoagulation was started for the clot"
    text_b = "PE heart regular lungs clear abdomen soft extremities warm"
    tau = model.params_["tau"]
    assert 0 <= tau <= 1  # chosen on the held-out 10% of the notes
    model.params_["tau"] = 0.0  # never abstain: check the sense ranked first
    try:
        a, b = (_pe(row) for row in model.resolve([text_a, text_b]))
    finally:
        model.params_["tau"] = tau
    assert a.sense == "pulmonary embolism"
    assert b.sense == "physical exam"


def test_abstains_below_threshold(model):
    model.params_["tau"] = 1.01
    try:
        r = _pe(model.resolve(["PE today"])[0])
        assert r.sense is None and r.score < 1.01
    finally:
        model.params_["tau"] = 0.0


def _pe(row: list[Resolved]) -> Resolved:
    return next(r for r in row if r.short == "PE")


EXPANSIONS = [
    ("pt's BP ok", [Resolved(0, 2, "pt", "patient", 0.9), Resolved(5, 7, "BP", "blood pressure",
                                                                        1.0)],
     "patient's blood pressure ok"),
    ("PE ruled out", [Resolved(0, 2, "PE", None, 0.4)], "PE ruled out"),
    ("no BM x3", [Resolved(3, 5, "BM", "bowel movement", 0.8)], "no bowel movement x3"),
]


@pytest.mark.parametrize(("text", "resolved", "expected"), EXPANSIONS)
def test_expand_offsets(text, resolved, expected):
    assert expand_text(text, resolved) == expected
    for r in resolved:
        assert text[r.start:r.end] == r.short


def test_save_load_roundtrip(model, inventory, tmp_path):
    model.save(tmp_path / "m")
    again = AbbreviationModel.load(tmp_path / "m", inventory, fake_embed)
    text = ["CT angiogram showed PE and heparin was started"]
    assert _pe(again.resolve(text)[0]).sense == _pe(model.resolve(text)[0]).sense
    with pytest.raises(ModelError):
        AbbreviationModel.load(tmp_path / "nothing", inventory, fake_embed)


def test_eval_scores_and_empty_gold(model, inventory, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "1", "text": "CT angiogram showed PE, heparin started",
                                "abbreviations": [{"start": 20, "end": 22, "short": "PE",
                                                   "sense": "Pulmonary embolus"}]}) + "\n")
    r = evaluate_abbreviations(inventory, gold, model=model)
    assert r["overall"]["accuracy"] == 1.0 and r["overall"]["coverage"] == 1.0
    assert r["by_abbreviation"]["pe"]["majority_accuracy"] == 1.0
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(DataError, match="empty"):
        evaluate_abbreviations(inventory, empty, model=model)
    none = tmp_path / "none.jsonl"
    none.write_text(json.dumps({"id": "1", "text": "x", "abbreviations": []}) + "\n")
    with pytest.raises(DataError, match="no labelled abbreviations"):
        evaluate_abbreviations(inventory, none, model=model)


@pytest.mark.parametrize(("mode", "expected"), [
    ("annotate", "showed PE (pulmonary embolism) and"),
    ("expand", "showed pulmonary embolism and"),
])
def test_prep_abbreviations(model, monkeypatch, mode, expected):
    import meddx.text._abbrev_prep as prep_mod
    from meddx.text import PrepConfig, normalize_all

    monkeypatch.setattr(prep_mod, "_model", lambda encoder: model)
    monkeypatch.setattr(prep_mod, "_DONE", {})
    monkeypatch.setitem(model.params_, "tau", 0.0)
    text = "CT angiogram showed PE and heparin anticoagulation was started for the clot"
    out = normalize_all([text], PrepConfig(abbreviations=mode))[0]
    assert expected in out
    assert normalize_all([text], PrepConfig())[0] == text


@pytest.mark.parametrize(("mention", "fragment"), [
    ({"start": "20", "end": 22, "sense": "x"}, "whole numbers"),
    ({"start": 20, "end": 99, "sense": "x"}, "span 20-99 lies outside the text"),
    ({"start": 22, "end": 20, "sense": "x"}, "lies outside"),
    ({"start": True, "end": 22, "sense": "x"}, "whole numbers"),
])
def test_eval_refuses_bad_gold_spans_naming_file_row_and_field(model, inventory, tmp_path,
                                                              mention, fragment):
    gold = tmp_path / "gold.jsonl"
    good = {"id": "1", "text": "CT angiogram showed PE, heparin started",
            "abbreviations": [{"start": 20, "end": 22, "sense": "Pulmonary embolus"}]}
    bad = dict(good, id="2", abbreviations=[mention])
    gold.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    with pytest.raises(DataError, match=fragment) as err:
        evaluate_abbreviations(inventory, gold, model=model)
    assert "gold.jsonl, row 2, column 'abbreviations'" in str(err.value)


def test_eval_refuses_a_repeated_gold_id(model, inventory, tmp_path):
    gold = tmp_path / "gold.jsonl"
    row = {"id": "7", "text": "CT angiogram showed PE, heparin started",
           "abbreviations": [{"start": 20, "end": 22, "sense": "Pulmonary embolus"}]}
    gold.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n")
    with pytest.raises(DataError) as err:
        evaluate_abbreviations(inventory, gold, model=model)
    # the shared wording (meddx.data.duplicate_id_error): rows, never the id (it may be an MRN)
    assert str(err.value) == f"{gold}, row 2, column 'id': duplicate id (the same as row 1)"


def test_abbreviate_file_refuses_a_duplicate_id(model, tmp_path):
    """Output rows are matched by id (abbrev-eval, --resume): a repeated id is refused, as by
    meddx train and predict, naming rows and never the note."""
    from meddx.text import abbreviate_file

    src = tmp_path / "notes.csv"
    src.write_text("id,text\n7,CT showed PE\n8,PE ruled out\n7,no PE\n")
    with pytest.raises(DataError) as err:
        abbreviate_file(model, src, tmp_path / "out.jsonl")
    assert str(err.value) == f"{src}, row 3, column 'id': duplicate id (the same as row 1)"
