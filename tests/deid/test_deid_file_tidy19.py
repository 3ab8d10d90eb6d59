"""``meddx deid`` as a new user meets it (session 19, branch tidy19): repeated ids refused,
a stopped run resumed (the same output as an uninterrupted one), an existing output never
truncated, an output folder refused before any note is read; ``deid-eval`` ids."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import meddx.deid._stream as stream
from meddx.cli import app
from meddx.deid import Deidentifier, deid_file, evaluate_deid_files
from meddx.errors import DataError

MRN = "MRN0042917"
WORDING = "duplicate id (the same as row 1)"
NOTES = [
    "Pt John Smith seen at Mercy Hospital on 3/4/2021.",
    "Follow-up with Dr. Jane Doe in Boston on 04/05/2021.",
    "Mrs. Alice Brown, 67, transferred from Linden Hill Manor.",
    "Call 617-555-0199 to reach her daughter Mary Brown.",
    "Linden Hill to follow; seen by Dr. Omar Haddad on 5/6/21.",
]


def _write(path, ids, notes=None):
    notes = notes or NOTES
    path.write_text("".join(json.dumps({"id": rid, "text": notes[i % len(notes)]}) + "\n"
                            for i, rid in enumerate(ids)))
    return path


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 3 notes, so that a dozen notes make several batches."""
    monkeypatch.setattr(stream, "_CHUNK", 3)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_deid_refuses_a_repeated_id_and_keeps_an_existing_output(tmp_path, suffix):
    src = tmp_path / f"notes{suffix}"
    if suffix == ".jsonl":
        _write(src, [MRN, "B", MRN])
    else:
        src.write_text(f"id,text\n{MRN},\"{NOTES[0]}\"\nB,\"{NOTES[1]}\"\n{MRN},\"{NOTES[2]}\"\n")
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier output\n")
    with pytest.raises(DataError) as err:
        deid_file(src, out, workers=1, quiet=True)
    assert str(err.value) == f"{src}, row 3, column 'id': {WORDING}"
    assert MRN not in str(err.value)
    assert out.read_text() == "an earlier output\n"  # never truncated
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([src.name, "out.jsonl"])


def test_a_stopped_run_resumes_and_gives_the_same_output(tmp_path, small_batches, monkeypatch):
    src = _write(tmp_path / "notes.jsonl", [f"n{i}" for i in range(11)])
    full = tmp_path / "full.jsonl"
    first = deid_file(src, full, workers=1, quiet=True)
    assert first["resumed_after"] == 0 and first["rows"] == 11
    expected = full.read_text()
    # A run interrupted (Ctrl-C) while de-identifying its third batch keeps two batches.
    real = stream._work
    calls = []

    def stop_at_third(batch):
        calls.append(len(batch))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(batch)

    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(stream, "_work", stop_at_third)
    with pytest.raises(KeyboardInterrupt):
        deid_file(src, out, workers=1, quiet=True)
    partial = tmp_path / "out.jsonl.partial"
    assert not out.exists() and partial.read_text() == "".join(expected.splitlines(True)[:6])
    # A torn line (a kill mid-write) is cut off; the rest of its batch is redone.
    with partial.open("a") as fh:
        fh.write(expected.splitlines(True)[6] + expected.splitlines(True)[7][:9])
    done = []
    monkeypatch.setattr(stream, "_work", lambda batch: done.append(len(batch)) or real(batch))
    again = deid_file(src, out, workers=1, quiet=True)
    assert again["resumed_after"] == 6 and again["rows"] == 11 and sum(done) == 5
    assert out.read_text() == expected
    assert again["counts_by_type"] == first["counts_by_type"]  # the kept notes counted too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.jsonl", "notes.jsonl",
                                                          "out.jsonl"]


def test_a_partial_output_of_other_options_is_not_reused(tmp_path, small_batches):
    src = _write(tmp_path / "notes.jsonl", [f"n{i}" for i in range(7)])
    out = tmp_path / "out.jsonl"
    deid_file(src, out, workers=1, quiet=True, mode="mask")
    masked = out.read_text()
    partial = tmp_path / "out.jsonl.partial"
    stamp = stream._stamp(src, {"mode": "mask", "seed": 0, "ner_model": None, "times": False,
                                "ner_guard": "on"}, "text", "id", "patient_id")
    partial.write_text("".join(masked.splitlines(True)[:3]))
    (tmp_path / "out.jsonl.partial.json").write_text(json.dumps(stamp))
    assert stream.resume_point(partial, stamp, every=3) == 3  # the stamp is the one of mask
    s = deid_file(src, out, workers=1, quiet=True, mode="redact")
    assert s["resumed_after"] == 0 and "[NAME]" in out.read_text()


def test_a_partial_output_edited_by_hand_is_named_not_guessed(tmp_path, small_batches):
    src = _write(tmp_path / "notes.jsonl", [f"n{i}" for i in range(4)])
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    options = {"mode": "redact", "seed": 0, "ner_model": None, "times": False, "ner_guard": "on"}
    (tmp_path / "out.jsonl.partial.json").write_text(
        json.dumps(stream._stamp(src, options, "text", "id", "patient_id")))
    partial.write_text('{"id": "n0", "spans": []}\nJohn Smith was here\n{"spans": []}\n')
    with pytest.raises(DataError) as err:
        deid_file(src, out, workers=1, quiet=True)
    assert str(err.value) == (f"{partial}, row 2: not an output line of meddx deid; delete "
                              "out.jsonl.partial to start again")
    assert not out.exists()


def test_a_file_named_like_the_partial_output_is_never_truncated(tmp_path):
    src = _write(tmp_path / "notes.jsonl", ["a", "b"])
    mine = tmp_path / "out.jsonl.partial"
    mine.write_text("the user's own file\n")
    with pytest.raises(DataError, match="not a partial output of meddx"):
        deid_file(src, tmp_path / "out.jsonl", workers=1, quiet=True)
    assert mine.read_text() == "the user's own file\n"


def test_an_output_folder_is_refused_before_any_note_is_read(tmp_path, monkeypatch):
    src = _write(tmp_path / "notes.jsonl", ["a"])
    monkeypatch.setattr(stream, "note_records", lambda *a, **k: pytest.fail("read"))
    (tmp_path / "adir").mkdir()
    with pytest.raises(DataError, match="--output is a folder") as err:
        deid_file(src, tmp_path / "adir", workers=1, quiet=True)
    assert str(err.value).startswith(str(tmp_path / "adir"))
    (tmp_path / "afile").write_text("x")
    with pytest.raises(DataError, match="cannot write the output here") as err:
        deid_file(src, tmp_path / "afile" / "out.jsonl", workers=1, quiet=True)
    assert "\n" not in str(err.value)


def test_cli_counts_one_note_and_says_how_to_resume(tmp_path, monkeypatch):
    src = _write(tmp_path / "one.jsonl", ["a"])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["deid", "--input", str(src), "--output", str(out),
                                      "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 note de-identified (redact)")

    def stop(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr("meddx.deid.deid_file", stop)
    result = CliRunner().invoke(app, ["deid", "--input", str(src), "--output", str(out), "-q"])
    assert result.exit_code == 130
    assert "interrupted before any note was written; nothing was kept" in result.output
    (tmp_path / "out.jsonl.partial").write_text("{}\n")  # a batch written before the stop
    result = CliRunner().invoke(app, ["deid", "--input", str(src), "--output", str(out), "-q"])
    assert result.exit_code == 130
    assert "started again resumes where it stopped" in result.output
    assert "out.jsonl.partial" in result.output
    assert "--resume" not in result.output  # a training run's hint, not deid's


def test_pool_workers_leave_ctrl_c_to_the_parent(monkeypatch):
    """Ctrl-C reaches every process of the group: a worker ignores it (no traceback of its
    own), the parent stops the pool."""
    import signal

    seen = []
    monkeypatch.setattr(signal, "signal", lambda sig, how: seen.append((sig, how)))
    monkeypatch.setattr(stream, "_init", lambda options: seen.append(options))
    stream._pool_init({"mode": "redact"})
    assert seen == [(signal.SIGINT, signal.SIG_IGN), {"mode": "redact"}]


def _gold(path, ids):
    path.write_text("".join(json.dumps({"id": rid, "text": NOTES[0], "phi": [
        {"start": 3, "end": 13, "type": "NAME"}]}) + "\n" for rid in ids))
    return path


def _pred(path, ids):
    path.write_text("".join(json.dumps({"id": rid, "text": "x", "spans": [
        {"start": 3, "end": 13, "label": "NAME"}]}) + "\n" for rid in ids))
    return path


def test_deid_eval_refuses_repeated_ids_in_gold_and_pred(tmp_path):
    gold, pred = _gold(tmp_path / "gold.jsonl", [MRN, "B"]), _pred(tmp_path / "p.jsonl", [MRN, "B"])
    assert evaluate_deid_files(gold, pred)["overall"]["n_gold"] == 2
    for path, write in ((gold, _gold), (pred, _pred)):
        write(path, [MRN, "B", MRN])
        with pytest.raises(DataError) as err:
            evaluate_deid_files(gold, pred)
        assert str(err.value) == f"{path}, row 3, column 'id': {WORDING}"
        write(path, [MRN, "B"])


def test_deid_eval_names_a_missing_prediction_without_its_id(tmp_path):
    gold = _gold(tmp_path / "gold.jsonl", ["B", MRN])
    pred = _pred(tmp_path / "p.jsonl", ["B", "C"])
    with pytest.raises(DataError) as err:
        evaluate_deid_files(gold, pred)
    assert str(err.value).startswith(f"{gold}, row 2, column 'id': {pred} has no prediction")
    assert MRN not in str(err.value)


def test_deid_eval_says_it_reads_json_lines_not_csv(tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text(f"id,text\n{MRN},\"{NOTES[0]}\"\n")
    with pytest.raises(DataError, match="reads JSON Lines") as err:
        evaluate_deid_files(gold, detectors=["rules"])
    assert MRN not in str(err.value) and "John" not in str(err.value)


def test_resumed_and_whole_runs_find_the_same_spans_as_the_deidentifier(tmp_path,
                                                                       small_batches):
    """The batches a resumed run redoes are the ones a whole run made: the facility names
    shared within a batch (Linden Hill of Linden Hill Manor) are found alike."""
    src = _write(tmp_path / "notes.jsonl", [f"n{i}" for i in range(5)])
    out = tmp_path / "out.jsonl"
    deid_file(src, out, workers=1, quiet=True)
    got = [json.loads(line)["spans"] for line in out.read_text().splitlines()]
    deid = Deidentifier()
    want = deid.detect_many(NOTES[:3]) + deid.detect_many(NOTES[3:5])
    assert got == [[s.as_dict() for s in spans] for spans in want]
