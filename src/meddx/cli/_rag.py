"""``meddx kb build | search | eval | demo`` and ``meddx ask``: knowledge bases for retrieval and
diagnoses with cited passages (they call meddx.rag).

``kb search`` and ``ask`` print passages: they come from the user's own documents (or the
de-identified training notes). Nothing here logs them or the note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from meddx.cli._common import Quiet, handle_errors, split_list
from meddx.models import SEARCH_MODES

__all__ = ["commands"]

Encoder = Annotated[str | None, typer.Option(
    help="Embedding model: preset or local folder (default: minilm to build, the KB's own to "
         "query).")]
Mode = Annotated[str, typer.Option(help=f"{', '.join(SEARCH_MODES)}: 'hybrid' fuses bm25 and "
                                        "dense by reciprocal rank fusion.")]
RrfK = Annotated[float, typer.Option(help="Reciprocal rank fusion constant k.")]
Ks = Annotated[str, typer.Option("--ks", help="Comma-separated cut-offs k for recall@k.")]


commands = typer.Typer()
kb = typer.Typer(help="Knowledge bases of guideline documents for retrieval-augmented "
                      "prediction.", no_args_is_help=True)
commands.add_typer(kb, name="kb")


@kb.command("build")
@handle_errors
def build(
    sources: Annotated[list[Path], typer.Argument(help="Folders or .txt/.md/.html files.")],
    out: Annotated[Path, typer.Option(help="Knowledge base folder to write.")],
    chunk_words: Annotated[int, typer.Option(min=1, help="Words per passage.")] = 120,
    overlap: Annotated[int, typer.Option(min=0, help="Words shared by consecutive passages.")] = 30,
    encoder: Encoder = None,
    quiet: Quiet = False,
) -> None:
    """Chunk documents into overlapping passages and index them (BM25 + dense)."""
    from meddx.rag import build_kb

    kbase = build_kb(sources, out, chunk_words=chunk_words, overlap=overlap,
                     encoder=encoder or "minilm", quiet=quiet)
    counts = kbase.manifest["counts"]
    print(f"knowledge base {out}: {counts['passages']} passages from {counts['documents']} "
          f"documents ({counts['words']} words), encoder {kbase.manifest['encoder']['name']}")
    if kbase.manifest.get("skipped"):
        print(f"skipped {len(kbase.manifest['skipped'])} files of other types: "
              + ", ".join(Path(p).name for p in kbase.manifest["skipped"][:5]))
    if kbase.manifest.get("empty"):
        print(f"{len(kbase.manifest['empty'])} documents held no text (no passage): "
              + ", ".join(kbase.manifest["empty"][:5]))

@kb.command("search")
@handle_errors
def search(
    kb_path: Annotated[Path, typer.Argument(metavar="KB", help="Knowledge base folder.")],
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option("--k", min=1, help="Passages to return.")] = 5,
    mode: Mode = "hybrid",
    rrf_k: RrfK = 60,
    encoder: Encoder = None,
) -> None:
    """Print the k best passages for a query, with their source ids and scores."""
    from meddx.rag import KnowledgeBase

    kbase = KnowledgeBase.load(kb_path, encoder=encoder)
    hits = kbase.search(query, k, mode=mode, rrf_k=rrf_k)
    if not hits:
        print("no passage shares a word with the query (try --mode dense or hybrid)")
    for rank, p in enumerate(hits, start=1):
        section = p.metadata.get("section")
        head = f"[{rank}] {p.source_id}  score {p.score:.4f}"
        if section:
            head += f"  ({section})"
        if "label" in p.metadata:
            head += f"  label: {p.metadata['label']}"
        print(head)
        print(f"    {p.text}")  # one line: chunks are words joined by single spaces

@kb.command("eval")
@handle_errors
def eval_(
    kb_path: Annotated[Path, typer.Argument(metavar="KB", help="Knowledge base folder.")],
    queries: Annotated[Path, typer.Option(
        help='JSONL of {"query": ..., "relevant": [source ids]}.')],
    ks: Ks = "1,5,10",
    rrf_k: RrfK = 60,
    encoder: Encoder = None,
    out: Annotated[Path | None, typer.Option(help="Write the figures as JSON here.")] = None,
) -> None:
    """Recall@k and MRR of bm25, dense and hybrid retrieval on a labelled query set."""
    from meddx.rag import KnowledgeBase, load_queries, retrieval_recall

    kbase = KnowledgeBase.load(kb_path, encoder=encoder)
    kbase.rrf_k = rrf_k
    result = retrieval_recall(kbase, load_queries(queries), ks=_ks(ks), source=str(queries),
                              modes=("bm25", "dense", "hybrid"))
    _table(result, [f"recall@{k}" for k in result["ks"]] + ["mrr"],
           f"retrieval on {result['n_queries']} queries, {len(kbase)} passages")
    _save(out, result)

@kb.command("demo")
@handle_errors
def demo(
    out: Annotated[Path, typer.Option(help="Knowledge base folder to write.")] = Path("kb-demo"),
    encoder: Encoder = None,
    ks: Ks = "1,5,10",
    metrics: Annotated[Path | None, typer.Option(help="Write the figures as JSON here.")] = None,
    quiet: Quiet = False,
) -> None:
    """Labelled neighbours: a KB from the demo's training split, queried with its validation
    notes; label recall, precision and majority-vote accuracy of the k nearest."""
    from meddx.rag import demo_neighbour_eval

    result = demo_neighbour_eval(out, encoder=encoder or "minilm", ks=_ks(ks), quiet=quiet)
    rows = {f"{mode} @{k}": {c: result[mode][f"{c}@{k}"]
                             for c in ("label_recall", "precision", "vote_accuracy")}
            for mode in ("bm25", "dense", "hybrid") for k in result["ks"]}
    _table(rows, ["label_recall", "precision", "vote_accuracy"],
           f"{result['n_queries']} validation notes against {result['n_passages']} training "
           "notes (k nearest)")
    _save(metrics, result)


@commands.command("ask")
@handle_errors
def ask_(
    model: Annotated[Path, typer.Argument(help="Run directory (runs/NAME) or model folder.")],
    note: Annotated[str, typer.Argument(help="The note text.")],
    kb_path: Annotated[Path | None, typer.Option(
        "--kb", help="Knowledge base folder (default: the model's own, for RAG runs).")] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Passages to retrieve.")] = 4,
    top: Annotated[int, typer.Option(min=1, help="Diagnoses to list.")] = 3,
    generate: Annotated[bool, typer.Option(
        help="Ask a causal LM for the rationale (verified quotes only); off: extractive.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    encoder: Encoder = None,
) -> None:
    """Ranked diagnoses with probabilities, the passages retrieved for the note, and a short
    rationale that quotes only those passages."""
    from meddx.rag import ask

    answer = ask(model, note, kb=kb_path, k=k, top=top, generate=generate, encoder=encoder)
    if as_json:
        import json

        print(json.dumps(answer.to_dict(), ensure_ascii=False))
        return
    kind = "calibrated" if answer.calibrated else "uncalibrated"
    print(f"diagnoses ({kind} probabilities):")
    for label, p in answer.diagnoses:
        print(f"  {p:6.1%}  {label}")
    print("passages" + (" (in the prompt):" if answer.passages_in_prompt else " (cited):"))
    for p in answer.passages:
        label = (p.metadata or {}).get("label")
        print(f"  [{p.source_id}]" + (f" ({label})" if label is not None else "")
              + f" {p.text}")
    what = ("generated, verified against the passages" if answer.rationale_kind == "generated"
            else "extractive: the retrieved sentences closest to the note")
    print(f"rationale ({what}):")
    for q in answer.rationale:
        print(f'  "{q.text}" [{q.source_id}]')
    for line in answer.notes:
        print(f"note: {line}")


def _ks(value: str) -> list[int]:
    from meddx.errors import ConfigError

    try:
        ks = sorted({int(v) for v in split_list(value) or []})
    except ValueError:
        ks = []
    if not ks or ks[0] < 1:
        raise ConfigError(f"--ks must be comma-separated positive integers, e.g. 1,5,10; got {value!r}")
    return ks


def _table(result: dict, columns: list[str], title: str) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD)
    table.add_column("retriever")
    for c in columns:
        table.add_column(c, justify="right")
    for mode, figures in result.items():
        if isinstance(figures, dict) and all(c in figures for c in columns):
            table.add_row(mode, *(f"{figures[c]:.3f}" for c in columns))
    Console().print(table)


def _save(path: Path | None, result: dict) -> None:
    if path is not None:
        from meddx._io import atomic_write_json

        atomic_write_json(path, result)
        print(f"figures written to {path}")
