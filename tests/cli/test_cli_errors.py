"""``meddx train`` on bad input: one ``error:`` line on stderr, exit code 2, nothing on disk.

Every case fails before a model is loaded, so each run takes about a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MEDDX = str(Path(sys.executable).parent / "meddx")
PHI = "Patient John Smith"


def _notes(*rows: str) -> str:
    good = [f"{i},{PHI} note {i} {lab},{lab}" for i, lab in enumerate("abcabcabcabc", start=1)]
    return "\n".join(["id,text,label", *(rows or good)]) + "\n"


# (case id, files to write, extra arguments, fragments the error line must contain)
CASES = [
    (
        "missing-label-column",
        {"notes.csv": _notes()},
        ["--label-column", "dx"],
        ["notes.csv", "column 'dx'", "columns are: id, text, label"],
    ),
    (
        "empty-text",
        {"notes.csv": _notes(f"1,{PHI},a", "2,,b", f"3,{PHI},a")},
        [],
        ["notes.csv", "row 2", "column 'text'", "text is empty",
         "(pass --on-invalid drop to drop such rows)"],  # train has the option
    ),
    (
        "non-utf8",
        {"notes.csv": _notes(f"1,{PHI},a", f"2,{PHI},b").encode()
         + f"3,{PHI} caf".encode() + b"\xe9,a\n"},
        [],
        ["notes.csv", "row 3", "column 'text'", "UTF-8"],
    ),
    (
        "duplicate-id",
        {"notes.csv": _notes(f"1,{PHI},a", f"2,{PHI} b,b", f"1,{PHI} c,a")},
        ["--id-column", "id"],
        ["notes.csv", "row 3", "column 'id'", "duplicate id (the same as row 1)"],
    ),
    (
        "unknown-config-key",
        {"notes.csv": _notes(), "run.yaml": "train:\n  epoch: 3\n"},
        ["run.yaml"],
        ["run.yaml", "unknown config key 'train.epoch'", "did you mean 'epochs'?"],
    ),
    (
        "bad-enum-flag",
        {"notes.csv": _notes()},
        ["--mode", "half"],
        ["config field 'model.mode'", "'frozen'", "'half'"],
    ),
    (
        "missing-data-file",
        {},
        [],
        ["notes.csv", "file not found"],
    ),
    (
        "numeric-text-column",  # ids in the note column: no words for any model
        {"notes.csv": "id,text,label\n" + "".join(f"{i},{90210 + i},{'abc'[i % 3]}\n"
                                                   for i in range(12))},
        [],
        ["notes.csv", "row 1", "column 'text'", "has no words", "id column"],
    ),
    (
        "tab-separated-saved-as-csv",
        {"notes.csv": _notes().replace(",", "\t")},
        [],
        ["notes.csv", "column 'text'", "tab-separated", "rename it to .tsv"],
    ),
    (
        "one-row",
        {"notes.csv": _notes(f"1,{PHI} note,a")},
        [],
        ["notes.csv", "the file has 1 row", "column 'label'"],
    ),
    (
        "dedup-collapses-a-class",
        {"notes.csv": _notes(*[f"{i},{PHI} note {i} {lab},{lab}" for i, lab in enumerate("ababab")],
                             "7,same c text,c", "8,same c text,c", "9,same c text,c")},
        [],
        ["notes.csv", "label 'c' has 1 example(s)", "de-duplication left 1 of its 3 rows",
         "data.duplicates"],
    ),
    (
        "non-utf8-leak-allow-list",  # checked before the data is read or anything is written
        {"notes.csv": _notes(), "allow.txt": b"Lang\n\xff\xfeSmith\n"},
        ["--leak-allow", "allow.txt"],
        ["allow.txt", "not valid UTF-8", "re-save"],
    ),
    (
        "nonexistent-model-folder",
        {"notes.csv": _notes()},
        ["--model", "/nonexistent"],
        ["'/nonexistent'", "never downloads"],
    ),
    (
        "resume-a-run-that-does-not-exist",  # not a new run started quietly
        {"notes.csv": _notes()},
        ["--resume", "--name", "nope"],
        ["--resume: no run named 'nope' in the runs folder 'runs'", "leave out --resume"],
    ),
]


@pytest.mark.parametrize(
    ("files", "args", "fragments"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_train_error_is_one_line_and_exit_code_2(tmp_path, files, args, fragments):
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (tmp_path / name).write_bytes(data)
    cmd = [MEDDX, "train", *args, "--data", "notes.csv", "--text-column", "text"]
    if "--label-column" not in args:
        cmd += ["--label-column", "label"]
    env = {**os.environ, "COLUMNS": "40", "TERM": "dumb"}  # a narrow terminal must not wrap
    proc = subprocess.run(
        cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env
    )
    lines = proc.stderr.splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1, proc.stderr  # no empty line before it (a de-id bar's, once)
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "John" not in proc.stderr + proc.stdout
    assert not (tmp_path / "runs").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)


def test_a_non_utf8_file_read_without_its_own_error_is_one_line_without_its_bytes(capsys):
    from meddx.cli._common import handle_errors

    @handle_errors
    def command():
        (b"Smith caf\xe9").decode("utf-8")

    with pytest.raises(SystemExit) as stop:
        command()
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith("error: an input file is not valid UTF-8") and len(err.splitlines()) == 1
    assert "Smith" not in err and "Traceback" not in err


@pytest.mark.parametrize("stop, code, line", [
    (KeyboardInterrupt, 130, "error: interrupted; an interrupted training run continues with "
                             "--resume"),
    ("sigterm", 143, "error: terminated (SIGTERM); an interrupted training run continues with "
                     "--resume"),
])
def test_ctrl_c_and_sigterm_are_one_line_with_their_exit_code(capsys, stop, code, line):
    import os
    import signal

    from meddx.cli._common import handle_errors
    from meddx.runs import sigterm_interrupts

    @handle_errors
    def command():
        with sigterm_interrupts():
            if stop == "sigterm":
                os.kill(os.getpid(), signal.SIGTERM)
            raise KeyboardInterrupt

    with pytest.raises(SystemExit) as stopped:
        command()
    assert stopped.value.code == code
    assert capsys.readouterr().err.splitlines() == [line]


@pytest.mark.parametrize("args, line", [
    (["augment", "--input", "a.csv", "--output", "o.jsonl", "--p", "2"],
     "error: --p: 2.0 is not in the range 0.0<=x<=1.0"),
    (["augment", "--input", "a.csv", "--output", "o.jsonl", "--p", "often"],
     "error: --p: 'often' is not a valid float range"),
    (["augment", "--input", "a.csv", "--output", "o.jsonl", "--n", "0"],
     "error: --n: 0 is not in the range x>=1"),
    (["kb", "search", "kb", "cough", "--k", "0"], "error: --k: 0 is not in the range x>=1"),
    (["deid", "--input", "a.csv", "--output", "o.jsonl", "--workers", "0"],
     "error: --workers: 0 is not in the range x>=1"),
])
def test_a_bad_option_value_is_one_error_line_naming_the_option_and_range(tmp_path,
                                                                          monkeypatch, args,
                                                                          line):
    from typer.testing import CliRunner

    from meddx.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.csv").write_text("id,text\n1,cough\n")
    result = CliRunner().invoke(app, args)
    assert (result.exit_code, result.output.splitlines()) == (2, [line])
    assert not (tmp_path / "o.jsonl").exists()


def test_a_missing_option_keeps_the_usage_message():
    from typer.testing import CliRunner

    from meddx.cli import app

    result = CliRunner().invoke(app, ["augment", "--output", "o.jsonl"])
    assert result.exit_code == 2
    assert "Usage: meddx augment" in result.output and "Missing option '--input'" in result.output


@pytest.mark.parametrize("read", ["read_text", "lines"])
def test_a_non_utf8_file_read_without_its_own_error_is_named_with_its_line(tmp_path, capsys,
                                                                          read):
    from meddx.cli._common import handle_errors

    bad = tmp_path / "queries.txt"
    bad.write_bytes(b"first\nsecond\nSmith caf\xe9\nlast\n")
    other = tmp_path / "fine.txt"
    other.write_text("fine\n")

    @handle_errors
    def command(config=other):
        if read == "read_text":
            bad.read_text(encoding="utf-8")
        with bad.open(encoding="utf-8") as fh:
            for _ in fh:
                pass

    with pytest.raises(SystemExit) as stop:
        command()
    err = capsys.readouterr().err
    assert stop.value.code == 2 and len(err.splitlines()) == 1, err
    assert err.startswith(f"error: {bad}, line 3: not valid UTF-8"), err
    assert "Smith" not in err and "caf" not in err and "Traceback" not in err


def test_a_non_utf8_run_config_is_named(tmp_path):
    (tmp_path / "run.yaml").write_bytes(b"data:\n  path: caf\xe9.csv\n")
    proc = subprocess.run([MEDDX, "train", "run.yaml"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: run.yaml, line 2: not valid UTF-8"), proc.stderr
    assert "caf" not in proc.stderr


def test_a_non_utf8_error_does_not_blame_another_binary_file_in_scope(tmp_path, capsys):
    from meddx.cli._common import handle_errors

    bad = tmp_path / "queries.txt"
    bad.write_bytes(b"first\nSmith caf\xe9\n")
    weights = tmp_path / "model.bin"
    weights.write_bytes(b"\x00\xff\xfe\n\x80\x81\x82\n")  # not UTF-8 either, but not what failed

    @handle_errors
    def command(weights=weights):
        str(bad).encode()  # the failing file is held only as a string, never as a Path
        bad.read_bytes().decode("utf-8")

    with pytest.raises(SystemExit):
        command()
    err = capsys.readouterr().err
    assert "model.bin" not in err, err
    assert err.startswith("error: an input file is not valid UTF-8") or str(bad) in err, err


@pytest.mark.parametrize("name, content", [
    ("a.csv", f"id,text\n1,{PHI} cough\n2,{PHI} fever\n1,{PHI} rash\n"),
    ("a.jsonl", f'{{"id": 1, "text": "{PHI} cough"}}\n\n{{"id": 2, "text": "{PHI} fever"}}\n'
     f'{{"id": 1, "text": "{PHI} rash"}}\n'),
])
def test_augment_refuses_a_duplicate_id_as_predict_does(tmp_path, monkeypatch, name, content):
    """augment writes ID-augK and source_id: a repeated id would mix two notes' copies. The
    error names the file, the row (a blank JSONL line counts) and the column, never the id's
    value or the note."""
    from typer.testing import CliRunner

    from meddx.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(content)
    result = CliRunner().invoke(app, ["augment", "--input", name, "--output", "o.jsonl",
                                      "--ops", "swap"])
    row = 4 if name.endswith(".jsonl") else 3
    first = 1
    assert (result.exit_code, result.output.splitlines()) == (
        2, [f"error: {name}, row {row}, column 'id': duplicate id (the same as row {first})"])
    assert not (tmp_path / "o.jsonl").exists()
