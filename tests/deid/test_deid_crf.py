"""The ``crf`` detector (session 11, branch deidcrf): tokens, features, a tiny model trained here,
the span/threshold logic, the bundled model, and the user-training path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite")

from meddx.deid import CrfDetector, Deidentifier, read_crf_gold, train_crf  # noqa: E402
from meddx.deid._crf import crf_decode  # noqa: E402
from meddx.deid._crf_features import (  # noqa: E402
    FeatureCache,
    note_features,
    note_words,
    segments,
    tokenize,
)
from meddx.deid._crf_train import bio_sequence  # noqa: E402
from meddx.errors import DataError  # noqa: E402


def test_tokens_are_runs_of_letters_and_digits_with_offsets():
    text = "Dr. O'Brien, 555-201-4432\nmrn_77"
    tokens = tokenize(text)
    assert [text[s:e] for s, e in tokens] == ["Dr", "O", "Brien", "555", "201", "4432", "mrn", "77"]
    assert tokens[0] == (0, 2) and tokens[2] == (6, 11)


def test_segments_cut_long_notes_at_line_breaks_and_cover_every_token():
    text = "\n".join("word " * 7 for _ in range(30))
    tokens = tokenize(text)
    parts = segments(text, tokens, limit=50)
    assert parts[0][0] == 0 and parts[-1][1] == len(tokens)
    assert all(b - a <= 50 and a < b for a, b in parts)
    assert all(p[1] == q[0] for p, q in zip(parts, parts[1:], strict=False))
    assert all(a % 7 == 0 for a, _ in parts)  # cut after a line break
    assert segments("", [], limit=5) == [(0, 0)]


def test_features_hold_the_word_its_shape_neighbours_lists_and_punctuation():
    text = "Seen by Dr. Mary Okafor at Mercy.\nplan: f/u"
    tokens = tokenize(text)
    words, gaps = note_words(text)
    assert words == [text[s:e] for s, e in tokens] and len(gaps) == len(words) + 1
    feats = note_features(words, gaps, 0, len(tokens), FeatureCache())
    mary = feats[3]
    assert {"w:mary", "sh:Xx", "title", "in:fn", "-1:dr", "+1:okafor", "-2:by", "+2:at",
            "g:."} <= set(mary)
    assert "bos" in feats[0] and "-1:<s>" in feats[0] and "+2:</s>" in feats[-1]
    assert "g:|." in feats[tokens.index(next(t for t in tokens if text[t[0]:t[1]] == "plan"))]
    assert "in:med" not in mary


def test_bio_tags_follow_the_gold_spans():
    text = "call Mary Ann Smith re: 7/22"
    tokens = tokenize(text)
    tags = bio_sequence(tokens, [(5, 19, "NAME"), (24, 28, "DATE")])
    assert tags == ["O", "B-NAME", "I-NAME", "I-NAME", "O", "B-DATE", "I-DATE"]


def test_decode_keeps_runs_over_the_threshold_and_splits_on_b_tags():
    text = "Ann Lee and Bo Ray"
    tokens = tokenize(text)
    tags = ["B-NAME", "I-NAME", "O", "B-NAME", "B-NAME"]
    spans = crf_decode(tokens, tags, [0.9, 0.7, 0.0, 0.95, 0.4], text, 0.5)
    assert [(text[s.start:s.end], s.label, s.score) for s in spans] == [
        ("Ann Lee", "NAME", 0.8), ("Bo", "NAME", 0.95)]
    assert crf_decode(tokens, tags, [0.9, 0.7, 0.0, 0.95, 0.4], text, 0.3)[-1].end == len(text)
    # the gold type ID is emitted as meddx's MRN
    assert crf_decode([(0, 3)], ["B-ID"], [1.0], "123", 0.5)[0].label == "MRN"


_FIRST = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hamza", "Ines", "Jonas"]
_LAST = ["Kowal", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quint", "Rossi"]
_FORMS = ["Spoke with {} about the plan today.", "Seen by Dr. {} this morning, stable.",
          "Patient {} tolerated the procedure well.", "Called {} at home, no answer."]


def _notes(n: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    out = []
    for i in range(n):
        name = f"{_FIRST[i % len(_FIRST)]} {_LAST[i % len(_LAST)]}"
        form = _FORMS[i % len(_FORMS)]
        text = form.format(name) + " Lungs clear, BP 120/80, continue aspirin."
        start = form.index("{}")
        out.append((text, [(start, start + len(name), "NAME")]))
    return out


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crf") / "tiny.crfsuite"
    info = train_crf(_notes(40), path, max_iterations=60)
    assert info["notes"] == 40 and info["bytes"] == path.stat().st_size > 0
    return path


def test_a_tiny_model_finds_a_name_it_never_saw(tiny_model):
    det = CrfDetector(tiny_model)
    text = "Spoke with Wilhelmina Zabrocki about the plan today. Lungs clear."
    spans = det.detect(text)
    assert [(text[s.start:s.end], s.label) for s in spans] == [("Wilhelmina Zabrocki", "NAME")]
    assert 0.5 <= spans[0].score <= 1.0
    assert det.detect("Lungs clear, BP 120/80, continue aspirin.") == []
    assert det.detect("   ") == []


def test_the_threshold_trades_spans_for_confidence(tiny_model):
    text = "Spoke with Wilhelmina Zabrocki about the plan today."
    strict = CrfDetector(tiny_model, threshold=1.0).detect(text)
    assert strict == [] or all(s.score >= 1.0 for s in strict)
    assert CrfDetector(tiny_model, labels=frozenset({"DATE"})).detect(text) == []


def test_the_detector_unions_with_the_rules_by_config(tiny_model):
    from meddx.deid import DeidConfig

    cfg = DeidConfig(detectors=["rules", "names", "places", "crf"], crf_model=str(tiny_model))
    deid = Deidentifier.from_config(cfg)
    text = "Spoke with Wilhelmina Zabrocki about the plan on 7/22/2024."
    labels = {(text[s.start:s.end], s.label) for s in deid.detect(text)}
    assert ("Wilhelmina Zabrocki", "NAME") in labels and ("7/22/2024", "DATE") in labels


def test_training_is_deterministic(tiny_model, tmp_path):
    again = tmp_path / "again.crfsuite"
    train_crf(_notes(40), again, max_iterations=60)
    assert again.read_bytes() == tiny_model.read_bytes()


def test_the_bundled_model_loads_and_finds_plausible_phi():
    det = CrfDetector()
    text = ("Pt seen in clinic with daughter Margaret Olsen. Transferred from Saint Brigid "
            "Medical Center last week. Lives in Fairhaven with husband.")
    found = {text[s.start:s.end]: s.label for s in det.detect(text)}
    assert any("Olsen" in k and v == "NAME" for k, v in found.items())
    assert not any("clinic" in k or "husband" in k for k in found)


def _write(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("row", "where"), [
    ({"id": "a", "phi": []}, "row 2, column 'text'"),
    ({"text": "Ann Secret-Words", "phi": [{"start": 0, "end": 3}]}, "row 2, column 'phi'"),
    ({"text": "Ann Secret-Words", "phi": [{"start": 0, "end": 99, "type": "NAME"}]},
     "row 2, column 'phi'"),
    ({"text": "Ann Secret-Words", "phi": [{"start": 0, "end": 3, "type": "PERSONA"}]},
     "row 2, column 'phi'"),
    ("{not json Secret-Words", "row 2"),
])
def test_bad_training_rows_raise_one_line_naming_file_row_and_field(tmp_path, row, where):
    good = {"text": "Ann Lee", "phi": [{"start": 0, "end": 7, "type": "NAME"}]}
    path = _write(tmp_path / "gold.jsonl", [good, row])
    with pytest.raises(DataError) as err:
        read_crf_gold(path)
    msg = str(err.value)
    assert str(path) in msg and where in msg and "\n" not in msg and "Secret" not in msg
    assert read_crf_gold(_write(tmp_path / "ok.jsonl", [good, {**good, "phi": [
        {"start": 4, "end": 7, "type": "MRN"}]}])) == [("Ann Lee", [(0, 7, "NAME")]),
                                                     ("Ann Lee", [(4, 7, "ID")])]


def test_cli_trains_atomically_and_refuses_bad_input(tmp_path):
    from typer.testing import CliRunner

    from meddx.cli import app

    gold = _write(tmp_path / "gold.jsonl", [
        {"text": t, "phi": [{"start": s, "end": e, "type": lab} for s, e, lab in spans]}
        for t, spans in _notes(12)])
    out = tmp_path / "model.crfsuite"
    out.write_bytes(b"old")
    bad = _write(tmp_path / "bad.jsonl", [{"text": "x", "phi": "Secret"}])
    result = CliRunner().invoke(app, ["deid-train", "--kind", "crf", "--gold", str(bad),
                                      "--out", str(out)])
    assert result.exit_code != 0 and "row 1" in result.output and "Secret" not in result.output
    assert out.read_bytes() == b"old"  # a failed run leaves the older file
    result = CliRunner().invoke(app, ["deid-train", "--kind", "crf", "--gold", str(gold),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "PHI" not in result.output or "holds words" in result.output
    assert CrfDetector(out).tag_set and not list(tmp_path.glob(".*"))
    result = CliRunner().invoke(app, ["deid-train", "--kind", "crf", "--out", str(out)])
    assert result.exit_code != 0 and "--gold" in result.output


def test_meddx_deid_reads_the_crf_model_flag(tiny_model, tmp_path):
    from typer.testing import CliRunner

    from meddx.cli import app

    notes = _write(tmp_path / "in.jsonl", [{"id": "1", "text": "Spoke with Wilhelmina Zabrocki "
                                            "about the plan today."}])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["deid", "--input", str(notes), "--output", str(out),
                                      "--detectors", "crf", "--crf-model", str(tiny_model),
                                      "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["text"] == "Spoke with [NAME] about the plan today."
    result = CliRunner().invoke(app, ["deid", "--input", str(notes), "--output", str(out),
                                      "--detectors", "crf", "--crf-model", str(tmp_path / "no"),
                                      "--workers", "1", "-q"])
    assert result.exit_code != 0 and "not found" in result.output


_BUNDLED: list[CrfDetector] = []


def _bundled() -> CrfDetector:
    if not _BUNDLED:
        _BUNDLED.append(CrfDetector(threshold=0.3))  # low: the slow path of marginals too
    return _BUNDLED[0]


@pytest.mark.parametrize("text", [
    "", " \n\t", "-" * 3000, "\u0130" * 50 + " Dr. \u0130stanbul", "Ms. O'Neil-Smith_jr.",
    ("word " * 400 + "\n") * 3, "x" * 5000, "Dr. \u00c9lodie Brunet \u2014 St. Mary\u2019s",
])
def test_odd_input_never_crashes_the_bundled_model(text):
    for s in _bundled().detect(text):
        assert 0 <= s.start < s.end <= len(text) and any(c.isalnum() for c in text[s.start:s.end])


def test_random_text_never_crashes_the_bundled_model():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=40, deadline=None, database=None, derandomize=True)
    @hypothesis.given(text=st.text(max_size=300))
    def check(text):
        test_odd_input_never_crashes_the_bundled_model(text)

    check()
