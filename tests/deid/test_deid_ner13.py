"""Session 13's ``ner`` work: case copies in training, the guard on unconfirmed spans."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.deid import Span, train_ner
from meddx.deid._ner_confirm import UNCONFIRMED_MIN_SCORE, confirm_ner, unconfirmed_ok
from meddx.deid._ner_train import case_copied

runner = CliRunner()


def test_case_copies_keep_offsets_and_gold():
    notes = [{"text": "Seen by Dr. Lena Ortiz on 3/14.", "phi": [{"start": 12, "end": 22,
                                                                  "type": "NAME"}]},
             {"text": "Daughter MARY called from Dover.", "phi": [{"start": 9, "end": 13,
                                                                    "type": "NAME"}]},
             {"text": "Stra\u00dfe Gr\u00fcn visited", "phi": []}]
    copies = case_copied(notes)
    assert [c["text"] for c in copies] == ["SEEN BY DR. LENA ORTIZ ON 3/14.",
                                           "daughter mary called from dover.",
                                           "STRA\u00dfE GR\u00dcN VISITED"]  # "\u00df" stays: offsets hold
    assert all(len(c["text"]) == len(n["text"]) and c["phi"] == n["phi"]
               for c, n in zip(copies, notes, strict=True))
    assert copies[0]["text"][12:22] == "LENA ORTIZ"


def _train(out, base, **kw):
    return train_ner(out, base_model=str(base), n=6, seed=0, max_steps=1, max_length=32,
                     stride=8, adapter="lora", lora_r=2, lr=1e-2, quiet=True, **kw)


def test_case_copies_double_the_training_windows(tmp_path, model_tiny):
    plain = _train(tmp_path / "a", model_tiny)["train"]
    copied = _train(tmp_path / "b", model_tiny, case_copies=True)["train"]
    assert "case_copies" not in plain and copied["case_copies"] is True
    assert copied["n_train_windows"] == 2 * plain["n_train_windows"]
    assert copied["n_validation_windows"] == plain["n_validation_windows"]  # never copied


def test_deid_train_cli_case_copies(tmp_path, model_tiny):
    out = tmp_path / "m"
    ok = runner.invoke(app, ["deid-train", "--out", str(out), "--n", "6", "--max-steps", "1",
                             "--base-model", str(model_tiny), "--max-length", "32", "--stride",
                             "8", "--adapter", "lora", "--lora-r", "2", "--case-copies", "-q"])
    assert ok.exit_code == 0, ok.output
    assert json.loads((out / "meddx_ner.json").read_text())["train"]["case_copies"] is True


def _ner(text: str, value: str, label: str, score: float = 0.99) -> Span:
    start = text.index(value)
    return Span(start, start + len(value), label, "ner", score)


@pytest.mark.parametrize("text,value,label,score,kept", [
    ("seen by dr kalomir today", "kalomir", "NAME", 0.95, True),
    ("seen by dr kalomir today", "kalomir", "NAME", UNCONFIRMED_MIN_SCORE["NAME"] - 0.01, False),
    ("back to sorrel creek after d/c", "sorrel creek", "LOCATION", 0.9, True),
    ("sitting on edge of bed", "edge", "LOCATION", 0.3, False),
    ("treated between 1971 and 1987.", "1987", "DATE", 0.95, False),  # a bare year
    ("care in the 1990s", "1990s", "DATE", 0.95, False),
    ("mean 48 +/- 12 years", "- 12", "DATE", 0.95, False),
    ("NSG NOTE 0700-1930", "0700-1930", "DATE", 0.95, False),  # shift hours
    ("mom in to visit 2100-2300", "2100-2300", "PHONE", 0.95, False),
    ("seen again on 3/14 in clinic", "3/14", "DATE", 0.95, True),
    ("seen again on the 14th", "14th", "DATE", 0.95, True),
    ("home for Christmas", "Christmas", "DATE", 0.95, True),
    ("admitted 2026-03-14 overnight", "2026-03-14", "DATE", 0.95, True),
    ("bands 44719 applied", "44719", "MRN", 0.95, True),
])
def test_unconfirmed_ner_spans(text, value, label, score, kept):
    assert unconfirmed_ok(text, _ner(text, value, label, score)) is kept


def test_confirmed_ner_spans_and_other_detectors_are_kept():
    text = "treated between 1971 and 1987 by Dr Wren"
    year = _ner(text, "1987", "DATE", 0.2)
    rule = Span(year.start, year.end, "DATE", "rules")
    low_name = _ner(text, "Wren", "NAME", 0.1)
    crf = Span(low_name.start - 3, low_name.end, "NAME", "crf", 0.9)
    assert confirm_ner(text, [year, rule]) == [year, rule]  # confirmed by a rule span
    assert confirm_ner(text, [low_name, crf]) == [low_name, crf]  # overlaps a crf span
    assert confirm_ner(text, [year, low_name, crf]) == [low_name, crf]
    assert confirm_ner(text, [rule]) == [rule]
    # the floors can be given
    assert confirm_ner(text, [low_name], {"*": 0.0}) == [low_name]


def test_deidentifier_drops_unconfirmed_ner_spans(monkeypatch):
    """The guard runs in the de-identifier, on the ner spans no other detector overlaps."""
    from meddx.deid import Deidentifier
    from meddx.deid._detector import Detector

    class FakeNer(Detector):
        name = "ner"

        def detect(self, text):
            return [_ner(text, "1987", "DATE", 0.99), _ner(text, "Zorvath", "NAME", 0.95),
                    _ner(text, "gravity", "LOCATION", 0.2)]

        def detect_many(self, texts):  # batched, as the real detector
            return [self.detect(t) for t in texts]

    deid = Deidentifier(detectors=["rules"])
    deid.detectors.append(FakeNer())
    text = "Cases between 1971 and 1987. Zorvath called. Foley to gravity."
    got = {text[s.start:s.end] for s in deid.detect(text)}
    assert "Zorvath" in got and "gravity" not in got and "1987" not in got
