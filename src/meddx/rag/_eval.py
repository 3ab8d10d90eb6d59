"""How good is retrieval? Recall@k on a labelled query set, and for labelled-note knowledge bases
(the demo's training split) how often the retrieved neighbours carry the right diagnosis."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from meddx.errors import ConfigError, DataError
from meddx.models import SEARCH_MODES, KnowledgeBase, Passage

__all__ = ["demo_neighbour_eval", "load_queries", "neighbour_eval", "retrieval_recall"]

KS = (1, 5, 10)


def load_queries(path: Path) -> list[tuple[str, list[str]]]:
    """A JSONL file of ``{"query": str, "relevant": [source ids]}`` rows. A relevant id without
    ``#`` (``guideline.md``) stands for every passage of that document."""
    path = Path(path)
    if not path.is_file():
        raise DataError("query file not found", file=str(path))
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise DataError("not a JSON object", file=str(path), row=n) from None
        if not isinstance(row, dict) or not isinstance(row.get("query"), str) or not row["query"].strip():
            raise DataError("needs a non-empty string 'query'", file=str(path), row=n, column="query")
        rel = row.get("relevant")
        if not isinstance(rel, list) or not rel or not all(isinstance(r, str) for r in rel):
            raise DataError("needs a non-empty list of source ids", file=str(path), row=n,
                            column="relevant")
        rows.append((row["query"], rel))
    if not rows:
        raise DataError("no queries", file=str(path))
    return rows


def _matches(passage: Passage, relevant: str) -> bool:
    return passage.source_id == relevant or passage.metadata.get("source") == relevant


def retrieval_recall(kb: KnowledgeBase, queries: list[tuple[str, list[str]]], *,
                     ks: Sequence[int] = KS, modes: Sequence[str] = SEARCH_MODES,
                     source: str = "queries") -> dict[str, Any]:
    """``recall@k``: the share of a query's relevant ids found in its top k, averaged over
    queries, per retrieval mode; also the mean reciprocal rank of the first relevant hit."""
    known = {c.source_id for c in kb.chunks} | {c.metadata.get("source") for c in kb.chunks}
    for n, (_, rel) in enumerate(queries, start=1):
        for r in rel:
            if r not in known:
                raise DataError(f"source id '{r}' is not in the knowledge base '{kb.path}'",
                                file=source, row=n, column="relevant")
    depth = max(ks)
    result: dict[str, Any] = {"n_queries": len(queries), "ks": list(ks)}
    for mode in modes:
        hits = kb.search_many([q for q, _ in queries], depth, mode=mode)
        recall = {k: 0.0 for k in ks}
        mrr = 0.0
        for (_, rel), found in zip(queries, hits, strict=True):
            for k in ks:
                recall[k] += sum(any(_matches(p, r) for p in found[:k]) for r in rel) / len(rel)
            first = next((i for i, p in enumerate(found, 1) if any(_matches(p, r) for r in rel)), None)
            mrr += 1.0 / first if first else 0.0
        result[mode] = {f"recall@{k}": recall[k] / len(queries) for k in ks}
        result[mode]["mrr"] = mrr / len(queries)
    return result


def neighbour_eval(kb: KnowledgeBase, texts: Sequence[str], labels: Sequence, *,
                   ks: Sequence[int] = KS, modes: Sequence[str] = SEARCH_MODES,
                   quiet: bool = True) -> dict[str, Any]:
    """For a labelled-note KB queried with held-out notes: ``label_recall@k`` (some neighbour in
    the top k has the note's label), ``precision@k`` (share of the k neighbours with it) and
    ``vote_accuracy@k`` (the majority label of the k neighbours is right; ties go to the label
    whose first neighbour ranks higher)."""
    if kb.manifest.get("kind") != "labelled_notes":
        raise ConfigError(f"knowledge base '{kb.path}' holds documents, not labelled notes; build it "
                          "with build_kb_from_corpus")
    if len(texts) != len(labels) or not len(texts):
        raise ConfigError(f"need as many labels as query notes (and at least one); got {len(texts)} "
                          f"notes and {len(labels)} labels")
    truth = [str(y) for y in labels]
    depth = max(ks)
    result: dict[str, Any] = {"n_queries": len(texts), "n_passages": len(kb), "ks": list(ks)}
    for mode in modes:
        hits = kb.search_many(list(texts), depth, mode=mode, quiet=quiet)
        scores: dict[str, float] = {}
        for k in ks:
            recall = precision = vote = 0.0
            for y, found in zip(truth, hits, strict=True):
                got = [str(p.metadata.get("label")) for p in found[:k]]
                recall += y in got
                precision += got.count(y) / k
                vote += bool(got) and _vote(got) == y
            n = len(truth)
            scores.update({f"label_recall@{k}": recall / n, f"precision@{k}": precision / n,
                           f"vote_accuracy@{k}": vote / n})
        result[mode] = scores
    return result


def _vote(labels: list[str]) -> str:
    counts = Counter(labels)
    top = max(counts.values())
    return next(lab for lab in labels if counts[lab] == top)  # first in rank order wins a tie


def demo_neighbour_eval(out: Path, *, encoder: str = "minilm", ks: Sequence[int] = KS,
                        quiet: bool = True) -> dict[str, Any]:
    """Build a KB from the demo's training split (de-identified, split as ``meddx demo`` does)
    at ``out`` and evaluate it with the validation notes as queries."""
    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus, make_splits
    from meddx.deid import deidentify_corpus
    from meddx.rag._build import build_kb_from_corpus

    cfg = load_config(demo_path().with_name("demo.yaml"), {"data": {"path": str(demo_path())}})
    corpus = load_corpus(cfg.data)
    deidentify_corpus(corpus, cfg.deid, quiet=quiet)
    splits = make_splits(corpus, cfg.data.split)
    train, val = corpus.subset(splits["train"]), corpus.subset(splits["validation"])
    names = [corpus.labels[i] for i in train.y]
    kb = build_kb_from_corpus(train.texts, names, train.ids, out, encoder=encoder, quiet=quiet)
    result = neighbour_eval(kb, val.texts, [corpus.labels[i] for i in val.y], ks=ks, quiet=quiet)
    result["data"] = {"train": len(train), "validation": len(val), "labels": corpus.labels,
                      "split_seed": cfg.data.split.seed}
    result["encoder"] = encoder
    return result
