"""``meddx deid-train`` on hand-written notes alone (session 11): several ``--extra-train``
files, ``--n 0`` (no synthetic notes), ``--validation-notes`` (the decision rule chosen on
annotated notes never trained on), and the detector's offsets on capitalised text."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.deid import NerDetector, merge_spans, train_ner
from meddx.errors import ConfigError, DataError
from tests._support.ner import FakeNameModel

runner = CliRunner()
TRAIN_A = [
    {"text": "son mike called at 0600, lives in pell harbor", "phi": [
        {"start": 4, "end": 8, "type": "NAME"}, {"start": 34, "end": 45, "type": "LOCATION"}]},
]
TRAIN_B = [
    {"text": "MRN 4471203 seen by dr okonjo 8/28", "phi": [
        {"start": 4, "end": 11, "type": "ID"}, {"start": 23, "end": 29, "type": "NAME"},
        {"start": 30, "end": 34, "type": "DATE"}]},
]
VALID = [
    {"text": "Pt seen by Dr Quorbel on 3/14 at Lakeview General.", "phi": [
        {"start": 14, "end": 21, "type": "NAME"}, {"start": 25, "end": 29, "type": "DATE"},
        {"start": 33, "end": 50, "type": "HOSPITAL"}]},
    {"text": "daughter anna at bedside; d/c to rosewood manor", "phi": [
        {"start": 9, "end": 13, "type": "NAME"}, {"start": 33, "end": 47, "type": "HOSPITAL"}]},
]


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("ner11")
    return (_write(root / "a.jsonl", TRAIN_A), _write(root / "b.jsonl", TRAIN_B),
            _write(root / "valid.jsonl", VALID))


@pytest.fixture(scope="module")
def hand_only(model_tiny, files, tmp_path_factory):
    """A tiny model trained on two annotated files alone, tuned on a third."""
    a, b, valid = files
    out = tmp_path_factory.mktemp("ner11_model") / "m"
    meta = train_ner(out, base_model=str(model_tiny), n=0, max_steps=1, max_length=32, stride=8,
                     batch_size=4, quiet=True, extra_train=[a, b], validation_notes=valid)
    return out, meta


def test_n0_trains_on_the_annotated_files_alone_and_tunes_on_the_validation_notes(hand_only, files):
    folder, meta = hand_only
    train = meta["train"]
    assert train["n_notes"] == 0 and train["n_extra_notes"] == 2
    assert train["extra_train"] == [str(files[0]), str(files[1])]
    assert train["validation_notes"] == [str(files[2])] and train["n_validation_notes"] == 2
    assert train["n_validation_windows"] >= 2
    chosen = meta["validation"]["span_filter_choice"]
    assert chosen["n_notes"] == 2  # the decision rule comes from the validation notes
    assert meta["threshold"] == chosen["threshold"]
    assert json.loads((folder / "meddx_ner.json").read_text()) == meta


def test_n0_without_annotated_notes_is_one_config_error(tmp_path, model_tiny):
    with pytest.raises(ConfigError, match="--n 0 needs --extra-train"):
        train_ner(tmp_path / "m", base_model=str(model_tiny), n=0, max_steps=1, quiet=True)
    assert not (tmp_path / "m").exists()
    with pytest.raises(ConfigError, match="--n must be 0 or more"):
        train_ner(tmp_path / "m", base_model=str(model_tiny), n=-1, max_steps=1, quiet=True)


@pytest.mark.parametrize(("rows", "message", "column"), [
    ([{"text": "Seen by Quorbel", "phi": [{"start": 8, "end": 15, "type": "person"}]}],
     "PHI type 'person'", "phi"),
    ([{"text": "Seen by Quorbel", "phi": [{"start": 8, "end": 99, "type": "NAME"}]}],
     "outside the text", "phi"),
    ([{"text": 7, "phi": []}], "'text' missing", "text"),
])
def test_a_bad_validation_file_is_one_line_naming_file_row_and_field(tmp_path, model_tiny, files,
                                                                     rows, message, column):
    bad = _write(tmp_path / "val_bad.jsonl", [VALID[0], *rows])
    with pytest.raises(DataError, match=message) as err:
        train_ner(tmp_path / "m", base_model=str(model_tiny), n=0, max_steps=1, quiet=True,
                  extra_train=files[0], validation_notes=bad)
    text = str(err.value)
    assert "\n" not in text and "val_bad.jsonl" in text and "row 2" in text
    assert f"column '{column}'" in text and "Quorbel" not in text
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_cli_takes_several_extra_train_files_n0_and_validation_notes(tmp_path, model_tiny, files):
    a, b, valid = files
    out = tmp_path / "cli"
    result = runner.invoke(app, ["deid-train", "--out", str(out), "--n", "0", "--max-steps", "1",
                                 "--base-model", str(model_tiny), "--max-length", "32",
                                 "--stride", "8", "--extra-train", str(a), "--extra-train", str(b),
                                 "--validation-notes", str(valid), "-q"])
    assert result.exit_code == 0, result.output
    assert "validation token recall" in result.output
    assert "can hold their PHI" in result.output  # trained on annotated notes
    train = json.loads((out / "meddx_ner.json").read_text())["train"]
    assert (train["n_notes"], train["n_extra_notes"], train["n_validation_notes"]) == (0, 2, 2)
    unvalidated = runner.invoke(app, ["deid-train", "--out", str(tmp_path / "u"), "--n", "0",
                                      "--max-steps", "1", "--base-model", str(model_tiny),
                                      "--max-length", "32", "--stride", "8", "--extra-train",
                                      str(a), "-q"])
    assert unvalidated.exit_code == 0, unvalidated.output
    assert "no validation notes" in unvalidated.output and "nan" not in unvalidated.output
    alone = runner.invoke(app, ["deid-train", "--out", str(tmp_path / "x"), "--n", "0",
                                "--base-model", str(model_tiny)])
    assert alone.exit_code != 0 and "--extra-train" in alone.output


@pytest.mark.parametrize("line", [
    "PT SEEN BY JOHN SMITH, PLAN UNCHANGED.\n",  # ALL CAPS
    "pt seen by john smith, plan unchanged.\n",  # lower case
    "Pt seen by Jöhn Smith\u00a0— plan unchanged; café visit.\n",  # accents, no-break space
])
def test_spans_keep_the_input_offsets_whatever_the_case(hand_only, line):
    folder, _ = hand_only
    det = NerDetector(folder)
    det.model = FakeNameModel(det.tokenizer)
    det.threshold, det.min_span_score = 0.5, 0.0
    text = line * 12  # several windows of 32 word pieces
    assert len(det.tokenizer(text)["input_ids"]) > 3 * det.max_length
    got = [(s.start, s.end, s.label) for s in merge_spans(det.detect(text))]
    want = [(m.start(), m.end(), "NAME") for m in re.finditer("(?i)j[oö]hn smith", text)]
    assert got == want


def test_a_ner_span_over_another_detectors_span_takes_its_label():
    from meddx.deid import Span
    from meddx.deid._ner_labels import defer_ner_labels

    rules = [Span(4, 11, "MRN", "rules"), Span(30, 39, "LOCATION", "places")]
    ner = [Span(0, 11, "PHONE", "ner"),  # an MRN read as a phone: the rules' label
           Span(30, 49, "HOSPITAL", "ner"),  # a town plus more: the label of the longest overlap
           Span(60, 66, "NAME", "ner")]  # found by the tagger alone: its own label
    got = defer_ner_labels(rules + ner)
    assert sorted((s.start, s.end, s.label, s.source) for s in got) == [
        (0, 11, "MRN", "ner"), (4, 11, "MRN", "rules"), (30, 39, "LOCATION", "places"),
        (30, 49, "LOCATION", "ner"), (60, 66, "NAME", "ner")]
    assert defer_ner_labels(rules) is rules  # no NER span: untouched
    two = [Span(0, 5, "NAME", "names"), Span(6, 20, "HOSPITAL", "places"), Span(0, 20, "NAME", "ner")]
    assert defer_ner_labels(two)[-1].label == "HOSPITAL"  # overlaps the hospital most


@pytest.mark.parametrize(("text", "value", "kept"), [
    ("Arrived 04/22/26 22:10.", "04/22/26 22", "04/22/26"),  # the hour of a clock time
    ("signed 12/1/2025 8:04:19 AM", "12/1/2025 8", "12/1/2025"),
    ("ED NOTE 12/05/2025 0215\n", "12/05/2025 0215", "12/05/2025"),  # a four-digit time
    ("CEA 11/14 2.1 today", "11/14 2", "11/14"),  # a decimal after the date
    ("seen March 3 2019 in clinic", "March 3 2019", "March 3 2019"),  # a year stays
    ("on 11/12 1600 hrs", "11/12 1600", "11/12"),
    ("since Jan 14", "Jan 14", "Jan 14"),  # a day, not a time
    ("at 0800 daily", "0800", "0800"),  # nothing before a blank: left to the time filter
])
def test_a_ner_date_span_loses_a_time_or_measure_at_its_end(text, value, kept):
    from meddx.deid import Span
    from meddx.deid._ner_trim import trim_date_tail

    start = text.index(value)
    got = trim_date_tail(text, Span(start, start + len(value), "DATE", "ner"))
    assert text[got.start:got.end] == kept
    name = Span(start, start + len(value), "NAME", "ner")
    assert trim_date_tail(text, name) is name


@pytest.mark.parametrize(("text", "value", "label", "kept"), [
    ("RN Alvarado ext 4417 for questions", "4417", "PHONE", True),
    ("call Dr Voss pgr 5-1234", "5-1234", "PHONE", True),
    ("paged at 5-2231, no answer", "5-2231", "PHONE", True),
    ("reach me x2231", "x2231", "PHONE", True),
    ("Spectralink 4-4417", "4-4417", "PHONE", True),
    ("spoke with ECMO team at 0140.", "0140", "PHONE", False),  # a time
    ("Unit M7 dispatched 0312.", "0312", "PHONE", False),
    ("pages 810-819 of the report", "810-819", "PHONE", False),
    ("home 617-555-0142", "617-555-0142", "PHONE", True),  # seven digits or more: no cue needed
    ("VA cc: OD 20/40, OS 20/200.", "20/200", "DATE", False),  # a three-digit side
    ("BP 120/80 today", "120/80", "DATE", False),
    ("follow up 10/12 in clinic", "10/12", "DATE", True),
])
def test_the_guard_drops_short_phones_without_a_cue_and_three_digit_fractions(text, value, label,
                                                                               kept):
    from meddx.deid import Span
    from meddx.deid._ner_guard import allowed

    start = text.index(value)
    assert allowed(text, Span(start, start + len(value), label, "ner")) is kept


def test_a_file_both_trained_on_and_validated_on_is_refused(tmp_path, model_tiny, files):
    a, b, _ = files
    with pytest.raises(ConfigError, match="both --extra-train and --validation-notes"):
        train_ner(tmp_path / "m", base_model=str(model_tiny), n=0, max_steps=1, quiet=True,
                  extra_train=[a, b], validation_notes=[b])
    assert not (tmp_path / "m").exists()
