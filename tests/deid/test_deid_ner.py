"""The trainable ``ner`` detector: BIO tagging, windows, offsets, training, saving, loading."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.config import load_config
from meddx.deid import BIO_LABELS, DeidConfig, Deidentifier, NerDetector, merge_spans, synth_notes, train_ner
from meddx.deid._ner import bio_tags, decode_spans, load_ner
from meddx.errors import ConfigError, ModelError
from tests._support.ner import FakeNameModel

runner = CliRunner()
TAG = {t: i for i, t in enumerate(BIO_LABELS)}


@pytest.mark.parametrize("offsets,spans,expected", [
    # "Dr John Smith seen": pieces Dr, John, Smith, seen; gold NAME = "John Smith" (3, 13)
    ([(0, 0), (0, 2), (3, 7), (8, 13), (14, 18), (0, 0)], [(3, 13, "NAME")],
     [-100, "O", "B-NAME", "I-NAME", "O", -100]),
    # word pieces of one word: "7/22" -> 7, /, 22; a window that starts inside a span -> I-
    ([(0, 1), (1, 2), (2, 4)], [(0, 4, "DATE")], ["B-DATE", "I-DATE", "I-DATE"]),
    ([(5, 6), (6, 8)], [(3, 8, "DATE")], ["I-DATE", "I-DATE"]),
    # two adjacent spans of different types, and no spans at all
    ([(0, 3), (4, 8)], [(0, 3, "NAME"), (4, 8, "DATE")], ["B-NAME", "B-DATE"]),
    ([(0, 3), (4, 8)], [], ["O", "O"]),
])
def test_bio_tags(offsets, spans, expected):
    want = [t if t == -100 else TAG[t] for t in expected]
    assert bio_tags(offsets, spans) == want


@pytest.mark.parametrize("text,offsets,tags,expected", [
    ("Dr Johnathan Smith seen", [(3, 7), (7, 12), (13, 18), (19, 23)],
     ["B-NAME", "O", "I-NAME", "O"], [(3, 12, "NAME"), (13, 18, "NAME")]),  # widened to words
    ("Dr Johnathan Smith seen", [(3, 7), (7, 12), (13, 18), (19, 23)],
     ["B-NAME", "I-NAME", "I-NAME", "O"], [(3, 18, "NAME")]),
    ("on 7/22 at 10", [(3, 4), (4, 5), (5, 7), (11, 13)],
     ["B-DATE", "I-DATE", "I-DATE", "B-DATE"], [(3, 7, "DATE"), (11, 13, "DATE")]),
    ("Lee 555", [(0, 3), (4, 7)], ["B-NAME", "I-PHONE"], [(0, 3, "NAME"), (4, 7, "PHONE")]),
])
def test_decode_spans(text, offsets, tags, expected):
    got = decode_spans(text, offsets, tags, [0.9] * len(tags), "ner")
    assert [(s.start, s.end, s.label) for s in got] == expected


@pytest.fixture(scope="module")
def trained(model_tiny, tmp_path_factory):
    root = tmp_path_factory.mktemp("ner")
    meta = train_ner(root / "model", base_model=str(model_tiny), n=12, seed=1, max_steps=2,
                     max_length=48, stride=12, batch_size=4, withhold_note_types=("consult",),
                     quiet=True)
    return root / "model", meta


def test_training_saves_weights_tokenizer_and_label_map(trained):
    folder, meta = trained
    saved = json.loads((folder / "meddx_ner.json").read_text())
    assert saved == meta
    assert saved["labels"] == list(BIO_LABELS) and saved["train"]["steps"] == 2
    assert saved["train"]["withheld_note_types"] == ["consult"]
    # the decision rule is chosen on the validation notes (span filter), after training
    chosen = saved["validation"]["span_filter_choice"]
    assert saved["threshold"] == chosen["threshold"]
    assert saved["min_span_score"] == chosen["min_span_score"]
    assert chosen["n_notes"] >= 1 and chosen["base_detectors"] == ["rules", "names", "places"]
    assert 0.3 <= saved["threshold"] <= 0.95
    assert 0.3 <= saved["validation"]["threshold_choice"]["threshold"] <= 0.95
    assert "consult" not in saved["train"]["note_types"]
    assert (folder / "config.json").is_file() and (folder / "tokenizer.json").is_file()
    config = json.loads((folder / "config.json").read_text())
    assert config["id2label"]["1"] == BIO_LABELS[1]


def test_long_note_windows_give_spans_with_input_offsets(trained):
    folder, _ = trained
    det = NerDetector(folder)
    det.model = FakeNameModel(det.tokenizer)
    text = "".join(f"Day {i}: seen by John Smith, plan unchanged; vitals stable.\n" for i in range(40))
    assert len(det.tokenizer(text)["input_ids"]) > 4 * det.max_length  # several windows
    got = [(s.start, s.end, s.label) for s in merge_spans(det.detect(text))]
    want = [(m.start(), m.end(), "NAME") for m in re.finditer("John Smith", text)]
    assert got == want
    # several notes at once: their windows are batched together, offsets stay per note
    short = "Called John Smith back."
    deid = Deidentifier(detectors=["ner"], ner_model=str(folder))
    deid.detectors[0].model = det.model
    many = deid.detect_many([short, "", text, short])
    assert many == [deid.detect(short), [], deid.detect(text), deid.detect(short)]
    assert [(s.start, s.end) for s in many[0]] == [(7, 17)]


def test_loaded_detector_plugs_into_the_deidentifier(trained):
    folder, _ = trained
    deid = Deidentifier(detectors=["rules", "names", "ner"], ner_model=str(folder))
    note = synth_notes(1, seed=5)[0]["text"]
    spans = deid.detect(note)
    assert all(0 <= s.start < s.end <= len(note) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))  # merged
    assert {s.source for s in spans} <= {"rules", "names", "ner"}
    assert Deidentifier(detectors=["ner"], ner_model=str(folder)).detect("   ") == []


@pytest.mark.parametrize("text,label,kept", [
    ("Foley", "NAME", False), ("Lasix", "NAME", False), ("Babinski", "NAME", False),
    ("Mary Foley", "NAME", True), ("Quorbel", "NAME", True), ("Smith", "NAME", True),
    ("Foley", "DATE", False),  # a DATE needs a digit or a month name
])
def test_the_medical_precision_guard_applies_to_ner_spans(text, label, kept):
    from meddx.deid import Span
    from meddx.deid._ner import allowed

    assert allowed(text, Span(0, len(text), label)) is kept


def test_threshold_is_chosen_for_the_best_validation_f1():
    from types import SimpleNamespace

    import torch

    from meddx.deid._ner_train import choose_threshold

    class Model:  # P(not O) = 0.8 on pieces with id 7 (the PHI), 0.42 elsewhere
        def eval(self):
            return self

        train = eval

        def __call__(self, input_ids, attention_mask):
            p_phi = torch.where(input_ids == 7, 0.8, 0.42)
            logits = torch.full((*input_ids.shape, len(BIO_LABELS)), -30.0)
            logits[..., 0] = torch.log(1 - p_phi)
            logits[..., TAG["B-NAME"]] = torch.log(p_phi)
            return SimpleNamespace(logits=logits)

    rows = [([101, 7, 5, 5, 102], [-100, TAG["B-NAME"], 0, 0, -100]),
            ([101, 5, 7, 102], [-100, 0, TAG["B-DATE"], -100])]
    got = choose_threshold(Model(), rows, pad_id=0)
    assert got == {"threshold": 0.45, "f1": 1.0, "recall": 1.0, "precision": 1.0}


def test_ner_config_errors(tmp_path):
    # deid.ner_model unset is allowed: the bundled LoRA adapter (tests/deid/test_deid_lora.py)
    assert load_config(overrides={"deid": {"detectors": ["rules", "ner"]}}).deid.ner_model is None
    assert DeidConfig(detectors=["ner"], ner_model=str(tmp_path)).ner_model == str(tmp_path)
    load_ner.cache_clear()
    with pytest.raises(ModelError, match="not a meddx NER model"):
        Deidentifier(detectors=["ner"], ner_model=str(tmp_path))


def test_deid_train_cli(tmp_path, model_tiny):
    tiny = model_tiny
    out = tmp_path / "m"
    result = runner.invoke(app, ["deid-train", "--out", str(out), "--n", "10", "--max-steps", "1",
                                 "--base-model", str(tiny), "--max-length", "32", "--stride", "8",
                                 "--withhold-note-types", "radiology,consult", "-q"])
    assert result.exit_code == 0, result.output
    assert "--ner-model" in result.output
    meta = json.loads((out / "meddx_ner.json").read_text())
    assert meta["train"]["note_types"] == ["nursing", "discharge"]
    bad = runner.invoke(app, ["deid-train", "--out", str(tmp_path / "x"), "--withhold-note-types",
                              "xray", "--base-model", str(tiny)])
    assert bad.exit_code == 2 and "allowed nursing, discharge, radiology, consult" in bad.output
    assert not (tmp_path / "x").exists()


def test_synth_can_withhold_note_types():
    notes = synth_notes(30, seed=2, note_types=("radiology",))
    assert {n["note_type"] for n in notes} == {"radiology"}
    assert synth_notes(5, seed=2) == synth_notes(5, seed=2, note_types=None)
    with pytest.raises(ConfigError, match="note type 'xray' unknown"):
        synth_notes(5, note_types=("xray",))


def test_deid_cli_with_the_ner_detector(tmp_path, trained):
    folder, _ = trained
    src = tmp_path / "notes.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Seen by Dr. Quorbel on 7/22/2019."}) + "\n")
    out = tmp_path / "out.jsonl"
    ok = runner.invoke(app, ["deid", "--input", str(src), "--output", str(out), "--detectors",
                             "rules,names,ner", "--ner-model", str(folder), "--workers", "1", "-q"])
    assert ok.exit_code == 0, ok.output
    row = json.loads(out.read_text())
    assert "Quorbel" not in row["text"] and "7/22/2019" not in row["text"]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": "Seen by Dr. Quorbel on 7/22/2019.",
                                "phi": [{"start": 12, "end": 19, "type": "NAME"},
                                        {"start": 23, "end": 32, "type": "DATE"}]}) + "\n")
    scored = runner.invoke(app, ["deid-eval", "--gold", str(gold), "--detectors", "rules,names,ner",
                                 "--ner-model", str(folder), "--out", str(tmp_path / "m.json")])
    assert scored.exit_code == 0, scored.output
    assert json.loads((tmp_path / "m.json").read_text())["overall"]["overlap"]["recall"] == 1.0
    missing = runner.invoke(app, ["deid", "--input", str(src), "--output", str(tmp_path / "x.jsonl"),
                                  "--detectors", "rules,ner", "--ner-model", str(tmp_path / "nope")])
    assert missing.exit_code != 0 and "not a meddx NER model" in missing.output
