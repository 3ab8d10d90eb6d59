"""``meddx kb build | search | eval`` end to end, their errors, and the README's commands run
as written on a tiny markdown folder."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from tests._support.rag import PLANTED, write_guidelines

runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(model_tiny, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    docs = write_guidelines(root / "docs")
    (docs / "scan.pdf").write_bytes(b"%PDF")
    (docs / "blank.md").write_text("  \n\n")
    result = _run("kb", "build", docs, "--out", root / "kb", "--chunk-words", "20", "--overlap", "5",
                  "--encoder", model_tiny, "-q")
    assert result.exit_code == 0, result.output
    assert "7 documents" in result.output and "skipped 1 files of other types: scan.pdf" in result.output
    assert "1 documents held no text (no passage): blank.md" in result.output
    return root / "kb"


def test_search_prints_ranked_passages_with_ids(built):
    result = _run("kb", "search", built, "prothrombin complex concentrate warfarin", "--k", "2",
                  "--mode", "bm25")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("[1] bleeding.txt#1  score ")
    assert lines[1] == f"    {PLANTED}"
    assert not any(line.startswith("[2]") for line in lines)  # only one passage shares a word
    none = _run("kb", "search", built, "zzzz", "--mode", "bm25")
    assert none.exit_code == 0 and none.output.startswith("no passage shares a word")


def test_eval_prints_recall_and_writes_json(built, tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"query": PLANTED, "relevant": ["bleeding.txt"]}) + "\n"
                       + json.dumps({"query": "Topic 0", "relevant": ["doc0.md#1"]}) + "\n")
    out = tmp_path / "recall.json"
    result = _run("kb", "eval", built, "--queries", queries, "--ks", "1,3", "--out", out)
    assert result.exit_code == 0, result.output
    assert "recall@1" in result.output and "recall@3" in result.output and "hybrid" in result.output
    figures = json.loads(out.read_text())
    assert figures["n_queries"] == 2 and figures["ks"] == [1, 3]
    assert figures["bm25"]["recall@1"] == 1.0  # "topic 0" only in doc0.md's heading; PLANTED unique
    assert set(figures) >= {"bm25", "dense", "hybrid"}


@pytest.mark.parametrize(("args", "fragments"), [
    (["kb", "build", "{tmp}/guide.pdf", "--out", "{tmp}/kb"], ["unsupported file type '.pdf'", "guide.pdf"]),
    (["kb", "build", "{tmp}/empty", "--out", "{tmp}/kb"], ["no documents to index", "empty"]),
    (["kb", "search", "{tmp}/nokb", "x"], ["'{tmp}/nokb'", "does not exist"]),
    (["kb", "search", "{tmp}/empty", "x"], ["'{tmp}/empty' is not a knowledge base"]),
    (["kb", "eval", "{kb}", "--queries", "{tmp}/q.jsonl"], ["q.jsonl, row 1", "nope.md"]),
    (["kb", "eval", "{kb}", "--queries", "{tmp}/q.jsonl", "--ks", "0"], ["--ks", "'0'"]),
    (["kb", "search", "{kb}", "x", "--mode", "sparse"], ["hybrid, bm25, dense", "'sparse'"]),
    (["kb", "search", "{kb}", "x", "--encoder", "{other}"], ["embedding model", "{other}"]),
])
def test_cli_errors_are_one_line(built, tmp_path, model_tiny_wide, args, fragments):
    (tmp_path / "guide.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty").mkdir()
    (tmp_path / "q.jsonl").write_text('{"query": "x", "relevant": ["nope.md"]}\n')
    other = model_tiny_wide.resolve()
    fill = {"tmp": tmp_path, "kb": built, "other": other}
    result = _run(*[a.format(**fill) for a in args])
    assert result.exit_code == 2, result.output
    error = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(error) == 1 and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment.format(**fill) in result.output.replace("\n", " ")


# ---- the README's commands, as written --------------------------------------------------------
def _readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Retrieval: a knowledge base of your guidelines")
    return text[start:text.index("\n## ", start + 1)]


GUIDELINES = {
    "anticoagulation.md": "# Anticoagulation\n\n## Bleeding on warfarin\n\nIn intracranial "
                          "haemorrhage on warfarin, reverse at once with prothrombin complex "
                          "concentrate and intravenous vitamin K.\n",
    "chest-pain.md": "# Chest pain\n\nST elevation with chest pain: aspirin and primary PCI within "
                     "120 minutes.\n",
    "seizures.md": "# Seizures\n\nA seizure lasting over five minutes is status epilepticus; give a "
                   "benzodiazepine.\n",
}


def test_readme_commands_run_as_documented(tmp_path, monkeypatch):
    """With the real MiniLM, as a user runs them (about 2 s here)."""
    section = _readme_section()
    commands = re.findall(r"^\.venv/bin/meddx (kb .+)$", section, flags=re.MULTILINE)
    assert [c.split()[1] for c in commands] == ["build", "search", "eval"]
    queries = re.search(r"```json\n(.+?)```", section, flags=re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "guidelines").mkdir()
    for name, text in GUIDELINES.items():
        (tmp_path / "guidelines" / name).write_text(text, encoding="utf-8")
    (tmp_path / "queries.jsonl").write_text(queries, encoding="utf-8")
    outputs = []
    for command in commands:
        result = runner.invoke(app, shlex.split(command))
        assert result.exit_code == 0, f"{command}: {result.output}"
        outputs.append(result.output)
    assert outputs[1].startswith("[1] anticoagulation.md#1")
    assert re.search(r"hybrid\s+1\.000", outputs[2])


def test_real_minilm_finds_a_paraphrase_bm25_cannot(tmp_path):
    """Dense retrieval earns its place: no query word occurs in the right passage."""
    from meddx.rag import build_kb

    docs = tmp_path / "guidelines"
    docs.mkdir()
    for name, text in GUIDELINES.items():
        (docs / name).write_text(text, encoding="utf-8")
    kbase = build_kb([docs], tmp_path / "kb")  # the default encoder: MiniLM
    query = "blood thinner antidote for a brain bleed"
    assert kbase.search(query, 1, mode="dense")[0].source_id == "anticoagulation.md#1"
    assert kbase.search(query, 1, mode="bm25") == []


@pytest.mark.slow  # de-identifies and embeds the 2,126 demo abstracts of train and validation
def test_kb_demo_reports_neighbour_figures(model_tiny, tmp_path):
    out = tmp_path / "figures.json"
    result = _run("kb", "demo", "--out", tmp_path / "kb", "--encoder", model_tiny, "--ks", "1,3",
                  "--metrics", out, "-q")
    assert result.exit_code == 0, result.output
    assert "267 validation notes against 1859 training notes" in result.output
    figures = json.loads(out.read_text())
    assert figures["data"]["train"] == 1859 and figures["ks"] == [1, 3]
    for mode in ("bm25", "dense", "hybrid"):
        r = figures[mode]
        assert r["label_recall@1"] == r["precision@1"] == r["vote_accuracy@1"]  # one neighbour
        assert r["label_recall@3"] >= r["label_recall@1"]
        assert 0.2 < r["vote_accuracy@3"] <= 1
