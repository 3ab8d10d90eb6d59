"""The held-out clinical abbreviation test set: rebuilt from its snippets, exact offsets, and
senses that the scorer can read."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
DATA = BENCH / "data" / "abbrev_clinical" / "test" / "test.jsonl"


build = SimpleNamespace(**runpy.run_path(str(BENCH / "abbrev_clinical" / "build_test.py")))


def test_committed_file_matches_the_snippets():
    assert DATA.read_text(encoding="utf-8") == build.dumps(build.build())


def test_every_span_points_at_its_short_form():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        (item,) = r["abbreviations"]
        assert r["text"][item["start"]:item["end"]] == item["short"]
        assert "[[" not in r["text"] and "]]" not in r["text"]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("no marker here", "0 targets"),
        ("[[PE]] and [[PE]]", "2 targets"),
        ("[[RA]] on room air", "is not 'pe'"),
        ("[[PE]]s bilaterally", "part of a longer word"),
    ],
)
def test_bad_snippets_are_refused(tmp_path, line, error):
    f = tmp_path / "x.txt"
    f.write_text(f"## PE | pulmonary embolism\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        build.parse(f)


def test_unknown_sense_is_refused(tmp_path):
    (tmp_path / "x.txt").write_text("## PE | pizza emergency\nr/o [[PE]]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not in the inventory"):
        build.build(tmp_path)


def test_the_scorer_reads_it(tmp_path):
    from meddx.text import evaluate_abbreviations, load_inventory

    result = evaluate_abbreviations(load_inventory(()), DATA,
                                    {r["id"]: r["abbreviations"] for r in
                                     map(json.loads, DATA.read_text(encoding="utf-8").splitlines())})
    assert result["overall"]["accuracy"] == 1.0  # the gold scored against itself
    assert len(result["by_abbreviation"]) >= 20
