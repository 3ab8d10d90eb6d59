"""Build a knowledge base from guideline documents, or from labelled notes (the demo's
training split, retrieved as labelled neighbours)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from meddx.errors import ConfigError
from meddx.models import Chunk, KnowledgeBase, index_chunks
from meddx.rag._chunk import SUFFIXES, check_chunking, chunk_text, collect_files, read_document

__all__ = ["DEFAULT_CHUNK_WORDS", "DEFAULT_OVERLAP", "build_kb", "build_kb_from_corpus"]

# ~120 words is ~160 word pieces: inside MiniLM's 256-token window, short enough to cite.
DEFAULT_CHUNK_WORDS = 120
DEFAULT_OVERLAP = 30


def build_kb(sources: list[Path], out: Path, *, chunk_words: int = DEFAULT_CHUNK_WORDS,
             overlap: int = DEFAULT_OVERLAP, encoder: str = "minilm",
             quiet: bool = True) -> KnowledgeBase:
    """Chunk ``sources`` (.txt/.md/.html files or folders of them) into overlapping word windows,
    index them with BM25 and dense embeddings, and save the knowledge base folder ``out``."""
    check_chunking(chunk_words, overlap)
    files, skipped = collect_files([Path(s) for s in sources])
    where = ", ".join(f"'{s}'" for s in sources)
    if not files:
        raise ConfigError(f"no documents to index in {where}: no {', '.join(SUFFIXES)} files"
                          + (f" ({len(skipped)} other files skipped)" if skipped else ""))
    chunks: list[Chunk] = []
    empty: list[str] = []  # documents without text: listed, so a count short of the files is explained
    for path, name in files:
        parts = chunk_text(read_document(path), name, chunk_words=chunk_words, overlap=overlap)
        chunks += parts
        if not parts:
            empty.append(name)
    if not chunks:
        raise ConfigError(f"no text to index in {where}: the {len(files)} documents are empty")
    return index_chunks(
        chunks, Path(out), encoder=encoder, kind="documents",
        chunking={"unit": "words", "chunk_words": chunk_words, "overlap": overlap},
        extra={"documents": [name for _, name in files],
               "skipped": [str(p) for p in skipped], "empty": empty},
        quiet=quiet,
    )


def build_kb_from_corpus(texts: Sequence[str], labels: Sequence, ids: Sequence, out: Path, *,
                         encoder: str = "minilm", quiet: bool = True) -> KnowledgeBase:
    """One passage per labelled note: ``source_id`` is the note id and
    ``Passage.metadata["label"]`` its label, so retrieval returns labelled neighbours.

    The texts are stored in the KB folder as given: de-identify notes first (``meddx.deid``;
    ``meddx kb demo`` does, as the run's config says)."""
    if not (len(texts) == len(labels) == len(ids)):
        raise ConfigError(f"texts, labels and ids must have the same length; got {len(texts)}, "
                          f"{len(labels)} and {len(ids)}")
    seen: set[str] = set()
    chunks = []
    for text, label, note_id in zip(texts, labels, ids, strict=True):
        sid = str(note_id)
        if sid in seen:
            raise ConfigError(f"ids must be unique; '{sid}' appears twice")
        seen.add(sid)
        if isinstance(text, str) and text.strip():
            label = label.item() if hasattr(label, "item") else label
            chunks.append(Chunk(sid, text, {"source": sid, "label": label}))
    if not chunks:
        raise ConfigError(f"no text to index for '{out}': all {len(texts)} notes are empty")
    labels_seen = sorted({str(c.metadata["label"]) for c in chunks})
    return index_chunks(chunks, Path(out), encoder=encoder, kind="labelled_notes",
                        chunking={"unit": "note"}, extra={"labels": labels_seen}, quiet=quiet)
