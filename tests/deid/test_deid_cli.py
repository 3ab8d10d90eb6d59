"""``meddx synth``, ``meddx deid`` and ``meddx deid-eval`` end to end, and their errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.deid import deid_file, evaluate_deid, evaluate_deid_files

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def synth_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "notes.jsonl"
    result = _run("synth", "--n", "40", "--seed", "3", "--out", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("workers", ["1", "2"])
def test_deid_end_to_end_offsets_point_into_the_input(tmp_path, synth_file, workers):
    out = tmp_path / "out.jsonl"
    result = _run("deid", "--input", synth_file, "--output", out, "--workers", workers, "-q")
    assert result.exit_code == 0, result.output
    src = [json.loads(line) for line in synth_file.read_text().splitlines()]
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert [g["id"] for g in got] == [s["id"] for s in src]  # order kept
    for s, g in zip(src, got, strict=True):
        assert set(g) == {"id", "text", "spans"}
        for span in g["spans"]:
            value = s["text"][span["start"]:span["end"]]
            assert value and value == value.strip()
            assert f"[{span['label']}]" in g["text"]
        gold = {s["text"][p["start"]:p["end"]] for p in s["phi"] if p["type"] == "NAME"}
        for name in gold:
            assert name not in g["text"]
    assert "PHI found:" in result.output and "NAME" in result.output


def test_deid_refuses_to_overwrite_its_input(synth_file):
    before = synth_file.read_bytes()
    result = _run("deid", "--input", synth_file, "--output", synth_file)
    assert result.exit_code == 2
    assert "must differ from --input" in result.output
    assert synth_file.read_bytes() == before


def test_deid_csv_with_other_columns_and_surrogates(tmp_path):
    import faker  # noqa: F401  (a missing extra fails, never skips)
    src = tmp_path / "notes.csv"
    src.write_text("note_id,mrn_hash,body\n"
                   "a1,p1,\"Seen by Dr. John Smith on 07/22/2019.\"\n"
                   "a2,p1,\"Dr. Smith called on 07/29/2019.\"\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = _run("deid", "--input", src, "--output", out, "--text-column", "body",
                  "--id-column", "note_id", "--patient-column", "mrn_hash",
                  "--mode", "surrogate", "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert "Smith" not in rows[0]["text"] and "2019-07-22" not in rows[0]["text"]
    fake = rows[0]["text"].split("Dr. ")[1].split(" on ")[0].split()[-1]
    assert f"Dr. {fake} called" in rows[1]["text"]  # same patient, same fake surname


@pytest.mark.parametrize("name,content,fragment", [
    ("empty.jsonl", b"", "no records"),
    ("nocol.jsonl", b'{"id": 1, "note": "x"}\n', "text column 'text' not found; columns are: id, note"),
    ("latin1.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n', "row 2: not valid UTF-8"),
    ("bad.jsonl", b'{"text": "ok"}\nnot json\n', "row 2: not valid JSON"),
    ("empty.csv", b"", "the file is empty"),
    ("nocol.csv", b"id,note\n1,x\n", "text column 'text' not found"),
    ("latin1.csv", b"id,text\n1,caf\xe9\n", "not valid UTF-8"),
    ("notes.txt", b"hello", "use .jsonl or .csv"),
])
def test_deid_bad_input_gives_one_clear_line(tmp_path, name, content, fragment):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    out.write_text("previous output\n")  # an earlier result must survive a failed run
    result = _run("deid", "--input", src, "--output", out, "--workers", "1", "-q")
    assert result.exit_code == 2, result.output
    assert fragment in result.output
    assert "Traceback" not in result.output and "caf" not in result.output
    assert out.read_text() == "previous output\n"  # atomic: never half-written
    assert src.read_bytes() == content  # input untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out.jsonl"])  # no temp


def test_a_large_single_note_is_handled(tmp_path):
    text = ("Pt seen by Dr. Smith on 7/22. Call 617-555-1234. " * 4000)[:200_000]
    src = tmp_path / "big.jsonl"
    src.write_text(json.dumps({"id": "big", "text": text}) + "\n", encoding="utf-8")
    summary = deid_file(src, tmp_path / "out.jsonl", workers=1, quiet=True)
    assert summary["rows"] == 1 and summary["counts_by_type"]["NAME"] >= 3000
    row = json.loads((tmp_path / "out.jsonl").read_text())
    assert "Smith" not in row["text"] and "617-555" not in row["text"]


@pytest.mark.slow  # about 2 min on 2 shared cores
def test_a_5_mb_single_note_loses_nothing(tmp_path):
    unit = "PT SEEN BY DR. QUORBEL ON 07/22/2019; CALL 617-555-1234. Foley in place. "
    text = (unit * (5_000_000 // len(unit) + 1))[:5_000_000]
    src = tmp_path / "big.csv"
    src.write_text("id,text\nbig,\"" + text + "\"\n", encoding="utf-8")
    before = src.read_bytes()
    summary = deid_file(src, tmp_path / "out.jsonl", workers=2, quiet=True)
    assert summary["rows"] == 1 and src.read_bytes() == before
    row = json.loads((tmp_path / "out.jsonl").read_text())
    n = text.count(unit)
    assert summary["counts_by_type"]["NAME"] >= n and summary["counts_by_type"]["PHONE"] >= n
    assert "QUORBEL" not in row["text"] and "617-555" not in row["text"]
    assert row["text"].count("Foley in place.") == text.count("Foley in place.")  # nothing lost
    assert len(row["spans"]) == summary["n_spans"] and row["spans"][-1]["end"] <= len(text)


# A hand-made gold file; every figure below is computed by hand in the comments.
TEXT = "Pt John Smith seen on 7/22 by Dr Lee."
GOLD = [{"start": 3, "end": 13, "type": "NAME"},  # John Smith
        {"start": 22, "end": 26, "type": "DATE"},  # 7/22
        {"start": 33, "end": 36, "type": "NAME"}]  # Lee
PRED = [{"start": 3, "end": 7, "label": "NAME"},  # John: overlaps gold 1, not exact
        {"start": 14, "end": 18, "label": "PHONE"},  # seen: a false positive
        {"start": 22, "end": 26, "label": "DATE"}]  # exact


def test_deid_eval_numbers_computed_by_hand(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": TEXT, "phi": GOLD}) + "\n")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "d1", "text": "x", "spans": PRED}) + "\n")
    r = evaluate_deid_files(gold, pred)
    o = r["overall"]
    # entities, any overlap: gold found 2 of 3 (Lee missed); predictions correct 2 of 3
    assert o["overlap"]["recall"] == pytest.approx(2 / 3)
    assert o["overlap"]["precision"] == pytest.approx(2 / 3)
    assert o["overlap"]["f1"] == pytest.approx(2 / 3)
    # exact: only 7/22
    assert o["exact"]["recall"] == pytest.approx(1 / 3)
    assert o["exact"]["precision"] == pytest.approx(1 / 3)
    # tokens Pt John Smith seen on 7 22 by Dr Lee: gold John Smith 7 22 Lee (5),
    # predicted John seen 7 22 (4), both: John 7 22 (3)
    assert o["token"]["recall"] == pytest.approx(3 / 5)
    assert o["token"]["precision"] == pytest.approx(3 / 4)
    name, date, phone = (r["by_type"][k] for k in ("NAME", "DATE", "PHONE"))
    assert (name["n_gold"], name["n_pred"]) == (2, 1)
    assert name["overlap"]["recall"] == 0.5 and name["overlap"]["precision"] == 1.0
    assert name["token"]["recall"] == pytest.approx(1 / 3)  # John of John, Smith, Lee
    assert date["exact"]["recall"] == 1.0 and date["overlap"]["precision"] == 1.0
    assert phone["overlap"]["recall"] is None and phone["overlap"]["precision"] == 0.0


def test_deid_eval_cli_hides_phi_unless_asked(tmp_path, monkeypatch):
    """Also: at 80 columns (a log, CI) the table keeps every column and figure whole."""
    monkeypatch.setenv("COLUMNS", "80")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "text": TEXT, "phi": GOLD}) + "\n")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "d1", "spans": PRED}) + "\n")
    out = tmp_path / "m.json"
    result = _run("deid-eval", "--gold", gold, "--pred", pred, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Lee" not in result.output and "John" not in result.output
    saved = json.loads(out.read_text())
    assert saved["overall"]["overlap"]["recall"] == pytest.approx(2 / 3)
    assert "Lee" not in out.read_text()
    assert "…" not in result.output and "R typed" in result.output, result.output
    o = saved["overall"]
    row = next(line.split() for line in result.output.splitlines()
               if line.strip().startswith("ALL"))
    assert row == ["ALL", str(o["n_gold"]), str(o["n_pred"]),
                   *(f"{x:.3f}" for x in (o["overlap"]["recall"], o["overlap"]["precision"],
                                          o["overlap"]["f1"], o["exact"]["recall"],
                                          o["token"]["recall"], o["token"]["precision"],
                                          o["typed_recall"]))]
    assert "--out FILE." in result.output  # the legend is whole
    shown = _run("deid-eval", "--gold", gold, "--pred", pred, "--show-phi")
    assert "missed NAME in d1: 'Lee'" in shown.output


def test_deid_eval_runs_the_deidentifier_without_pred(tmp_path, synth_file):
    result = _run("deid-eval", "--gold", synth_file, "--out", tmp_path / "m.json")
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "m.json").read_text())
    assert saved["n_docs"] == 40 and saved["overall"]["overlap"]["recall"] > 0.9


def test_evaluate_deid_on_no_spans():
    r = evaluate_deid([("no phi here", [], [])])
    assert r["overall"]["overlap"] == {"recall": None, "precision": None, "f1": None}


def test_deid_eval_typed_recall_needs_the_same_type():
    # "Quist, MD": a name; a LOCATION prediction removes it (recall) but puts a town in its place
    text = "Amara Quist, MD saw pt at Harlan Valley on 3/4; fax 555-0100, MRN 1234567"
    gold = [(0, 11, "NAME"), (26, 39, "HOSPITAL"), (43, 46, "DATE"), (52, 60, "PHONE"),
            (66, 73, "ID")]
    pred = [(0, 11, "LOCATION"), (26, 39, "LOCATION"), (43, 46, "DATE"), (52, 60, "FAX"),
            (66, 73, "MRN")]
    r = evaluate_deid([(text, gold, pred)])
    assert r["overall"]["overlap"]["recall"] == 1.0  # the label is ignored here, as before
    assert r["overall"]["typed_found"] == 3 and r["overall"]["typed_recall"] == pytest.approx(0.6)
    assert r["by_type"]["NAME"]["typed_recall"] == 0.0
    assert r["by_type"]["HOSPITAL"]["typed_recall"] == 0.0  # HOSPITAL vs LOCATION is wrong
    assert r["by_type"]["PHONE"]["typed_recall"] == 1.0  # FAX maps to PHONE, MRN to ID
    assert r["by_type"]["ID"]["typed_found"] == 1
    assert r["confusion"]["NAME"] == {"LOCATION": 1}
    assert r["confusion"]["HOSPITAL"] == {"LOCATION": 1}
    assert r["confusion"]["ID"] == {"ID": 1} and r["confusion"]["PHONE"] == {"PHONE": 1}


def test_deid_eval_confusion_counts_misses_and_the_largest_overlap():
    text = "Dr Maddox June 7 and Lee"
    gold = [(3, 9, "NAME"), (10, 16, "DATE"), (21, 24, "NAME")]
    pred = [(3, 16, "DATE")]  # the name swallowed by the date span; Lee missed
    r = evaluate_deid([(text, gold, pred)])
    assert r["confusion"] == {"DATE": {"DATE": 1}, "NAME": {"DATE": 1, "none": 1}}
    assert r["by_type"]["NAME"]["typed_recall"] == 0.0
    assert r["by_type"]["DATE"]["typed_recall"] == 1.0
    assert evaluate_deid([("nothing", [], [])])["overall"]["typed_recall"] is None


def test_deid_rerun_keeps_the_output_private(tmp_path):
    src = tmp_path / "notes.jsonl"
    src.write_text('{"id": "1", "text": "Seen by Dr. Alma Verhoek today."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert _run("deid", "--input", src, "--output", out, "--workers", "1", "-q").exit_code == 0
    out.chmod(0o600)
    result = _run("deid", "--input", src, "--output", out, "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600


def test_deid_output_through_a_symlink_keeps_the_link(tmp_path):
    """The output is a link into another folder: the link stays, its target gets the output,
    and no temporary file is left in either folder."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Seen by Dr. Smith on 7/22/2019."}) + "\n")
    store = tmp_path / "store"
    store.mkdir()
    (store / "real.jsonl").write_text("previous output\n")
    link = tmp_path / "out.jsonl"
    link.symlink_to(store / "real.jsonl")
    summary = deid_file(src, link, workers=1, quiet=True)
    assert summary["rows"] == 1 and summary["output"] == str(link)
    assert link.is_symlink()
    row = json.loads((store / "real.jsonl").read_text())
    assert "Smith" not in row["text"]
    assert sorted(p.name for p in store.iterdir()) == ["real.jsonl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl", "store"]
