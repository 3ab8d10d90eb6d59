"""The leakage scan reads what a reader sees: HTML text, not markup; whole words; a case
policy; character ranges instead of values; the owner's allow-list and --show-phi."""

from __future__ import annotations

import json

import pytest

from meddx.deid import PhiRecorder, leaked_values, read_allow_list, scan_run_for_phi, visible_text
from meddx.errors import ConfigError, DataError, PHILeakError

#: Surnames that are also HTML, CSS or JavaScript words, as a corpus may hold them.
MARKUP_SURNAMES = ("Html", "Lang", "Color", "Style", "Table", "Span", "Script", "Div")

REPORT = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>meddx run demo</title>
<style> table { border-collapse: collapse; } .note { color: #57606a; font-style: italic; }
  span.lang { display: block; } div > script { } </style>
<script>const Table = document.querySelector("table"); var html = Table.innerHTML;</script>
</head>
<body><nav><a href="#data" class="lang">Data</a></nav>
<div style="color: red"><table><tr><td>accuracy</td><td>0.812</td></tr></table>
<span>Language: English; languages seen: 1</span></div>
<img src="data:image/png;base64,SHRtbExhbmdDb2xvcg==" alt="reliability diagram">
<!-- meddx:audit:begin --><!-- meddx:audit:end -->
</body>
</html>
"""


def _recorder(*names: str) -> PhiRecorder:
    rec = PhiRecorder()
    for name in names:
        rec.add(name, "NAME")
    return rec


def _run(tmp_path, report: str = REPORT):
    run = tmp_path / "run"
    run.mkdir()
    (run / "report.html").write_text(report)
    (run / "train.log").write_text("wrote report.html and metrics.json; lang=en\n")
    (run / "config.yaml").write_text("prep:\n  lowercase: false\nstyle: table\n")
    return run


def test_markup_words_as_surnames_do_not_match_markup(tmp_path):
    result = scan_run_for_phi(_run(tmp_path), _recorder(*MARKUP_SURNAMES))
    assert result["files_scanned"] == 3


@pytest.mark.parametrize("seeded,value", [
    ("<p>Seen by Dr. Lang today.</p>", "Lang"),
    ("<td>TABLE, Mary</td>", "TABLE"),  # capitalised: a name as written
    ("<p>per dr.&nbsp;Color</p>", "Color"),  # a character reference beside it
    ('<img alt="photo of Dr. Style" src="x.png">', "Style"),  # a readable attribute
    ("<!-- debug: Html -->", "Html"),  # a comment is text in the file
])
def test_a_real_leak_in_what_a_reader_sees_is_caught_with_its_range(tmp_path, seeded, value):
    report = REPORT.replace("</body>", seeded + "\n</body>")
    run = _run(tmp_path, report)
    with pytest.raises(PHILeakError) as info:
        scan_run_for_phi(run, _recorder(*MARKUP_SURNAMES))
    (name, a, b, label), = info.value.locations
    assert (name, label) == ("report.html", "NAME")
    assert report[a:b] == value
    assert f"report.html (NAME x1; characters {a}-{b})" in str(info.value)
    assert value not in str(info.value)  # never the value


def test_visible_text_maps_back_to_the_markup():
    markup = '<p class="Lang">Dr.&nbsp;M&uuml;ller<script>Lang()</script> <b>x</b></p>'
    text, starts, ends = visible_text(markup)
    assert "Müller" in text and "Lang" not in text and "class" not in text
    i = text.index("Müller")
    assert markup[starts[i]:ends[i + len("Müller") - 1]] == "M&uuml;ller"


def test_whole_words_and_the_case_policy():
    rec = _recorder("Lang", "Quorbel", "Mary Table")
    assert rec.find("language Langley") == {}  # whole words only
    assert rec.find("lang=en") == {}  # a markup word matches only where capitalised
    assert rec.find("LANG") == {"NAME": 1}
    assert rec.find("quorbel") == {"NAME": 1}  # a rare surname: any case
    assert rec.find("mary table") == {"NAME": 1}  # several words: any case
    assert rec.find("the table") == {}


def test_other_files_are_scanned_whole(tmp_path):
    run = _run(tmp_path)
    (run / "metrics.json").write_text(json.dumps({"worst": "Dr. Lang"}))
    with pytest.raises(PHILeakError) as info:
        scan_run_for_phi(run, _recorder(*MARKUP_SURNAMES))
    (name, a, b, _), = info.value.locations
    assert name == "metrics.json" and (run / name).read_text()[a:b] == "Lang"


def test_allow_list_drops_reviewed_strings(tmp_path):
    run = _run(tmp_path, REPORT.replace("</body>", "<p>Model: Lang et al.</p></body>"))
    rec = _recorder(*MARKUP_SURNAMES)
    with pytest.raises(PHILeakError):
        scan_run_for_phi(run, rec)
    allow = tmp_path / "allow.txt"
    allow.write_text("# reviewed by the data owner\nlang   # a citation, not the patient's doctor\n")
    assert read_allow_list(allow) == frozenset({("lang",)})
    assert scan_run_for_phi(run, rec, allow=allow)["allowed"] == 1
    with pytest.raises(ConfigError, match="allow-list 'nope.txt' not found"):
        read_allow_list("nope.txt")


def test_a_non_utf8_allow_list_is_a_data_error_naming_the_file_and_line(tmp_path):
    allow = tmp_path / "allow.txt"
    allow.write_bytes(b"lang\n# reviewed\nHtml caf\xe9\n")
    with pytest.raises(DataError) as info:
        read_allow_list(allow)
    assert (info.value.file, info.value.row) == (str(allow), 3)
    assert "not valid UTF-8" in str(info.value) and "caf" not in str(info.value)


def test_leaked_values_for_the_owner(tmp_path):
    run = _run(tmp_path, REPORT.replace("</body>", "<p>Dr. Lang, Dr. Html</p></body>"))
    with pytest.raises(PHILeakError) as info:
        scan_run_for_phi(run, _recorder(*MARKUP_SURNAMES))
    assert [(n, label, v) for n, _, _, label, v in leaked_values(run, info.value)] == [
        ("report.html", "NAME", "Lang"), ("report.html", "NAME", "Html")]


@pytest.mark.slow  # two whole (tiny) training runs
def test_a_run_with_markup_surnames_completes_and_a_real_leak_still_fails(tmp_path, monkeypatch,
                                                                           model_tiny):
    from meddx.pipeline import _train as _run  # noqa: I001 - the module, to patch _report
    from meddx.pipeline import train_run
    from tests._support.helpers import synthetic_notes, tiny_run_config

    df = synthetic_notes(40, seed=4, patients=20)
    df["note"] = [f"{n}. Seen by Dr. {MARKUP_SURNAMES[i % len(MARKUP_SURNAMES)]} today"
                  for i, n in enumerate(df["note"])]
    tiny = model_tiny

    def config(name):
        return tiny_run_config(tmp_path, df, tiny, name=name)

    result = train_run(config("ok"), quiet=True)
    status = json.loads((result.run_dir / "run.json").read_text())
    assert status["status"] == "complete"
    assert "<html lang=" in (result.run_dir / "report.html").read_text()

    original = _run._report

    def leaky_report(run, *args, **kwargs):  # a report that quotes a note by mistake
        original(run, *args, **kwargs)
        text = (run.path / "report.html").read_text()
        (run.path / "report.html").write_text(text.replace("</body>", "<p>Dr. Style</p></body>"))

    monkeypatch.setattr(_run, "_report", leaky_report)
    with pytest.raises(PHILeakError) as info:
        train_run(config("leaky"), quiet=True)
    (name, a, b, label), = info.value.locations
    run_dir = tmp_path / "runs" / "leaky"
    assert (run_dir / name).read_text()[a:b] == "Style"
    status = json.loads((run_dir / "run.json").read_text())
    assert status["status"] == "failed" and status["reason"].startswith("leakage scan: PHI leak")
