"""bench/deid_writer_groups.py: ``--notes15c PATH`` refuses a held-out or lead-only set with
one clear error, before any note is read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load():
    return load_script("bench_deid_writer_groups", BENCH / "deid_writer_groups.py")


@pytest.mark.parametrize("path", [
    "bench/data/deid_heldout/notes.jsonl",
    "bench/data/deid_heldout3/x.jsonl",
    "/elsewhere/bench/data/deid_heldout4/fresh.jsonl",
    "bench/data/deid_realstyle/test.jsonl",
    "bench/data/deid_round3/notes13v/fresh.jsonl",
    "bench/data/deid_round3/notes14v/fresh.jsonl",
    "bench/data/deid_round3/notes15v/fresh.jsonl",
    "bench/data/deid_round3/notes16v/fresh.jsonl",
    "bench/data/deid_round3/notes16v/../notes16v/part2.jsonl",
])
def test_a_held_out_or_lead_only_notes15c_is_refused(path, monkeypatch, capsys):
    groups = _load()
    monkeypatch.setattr(sys, "argv", ["deid_writer_groups.py", "--notes15c", path,
                                      "--groups", "notes15c"])
    monkeypatch.setattr(groups, "load", lambda p: pytest.fail(f"read {p}"))
    with pytest.raises(SystemExit) as stop:
        groups.main()
    message = str(stop.value.code)
    assert "--notes15c" in message and "held-out or lead-only" in message
    assert "\n" not in message


def test_a_link_to_a_lead_only_set_is_refused(tmp_path, monkeypatch):
    groups = _load()
    target = tmp_path / "bench" / "data" / "deid_round3" / "notes15v"
    target.mkdir(parents=True)
    (target / "fresh.jsonl").write_text("")
    link = tmp_path / "n15c.jsonl"
    link.symlink_to(target / "fresh.jsonl")
    with pytest.raises(SystemExit):
        groups.refuse_lead_only("--notes15c", str(link))


@pytest.mark.parametrize("path", [
    "bench/data/deid_round3/notes15c/fresh.jsonl",
    "/tmp/tidy16_n16c.jsonl",
    "bench/data/deid_realstyle/dev.jsonl",
    "bench/data/deid_round3/notes15/test_notes.jsonl",
])
def test_a_validation_copy_is_accepted(path):
    _load().refuse_lead_only("--notes15c", path)  # no error
