"""Retrieval-augmented diagnosis: chunk guideline documents and build a knowledge base from
them (``meddx kb build``), evaluate retrieval, and answer with cited passages (``meddx ask``).
The knowledge base itself (BM25 and dense indexes, reciprocal rank fusion) is
:class:`meddx.models.KnowledgeBase`, since a causal-LM RAG model reopens it when loaded."""

from meddx.models import KnowledgeBase, Passage
from meddx.rag._ask import Answer, ask
from meddx.rag._build import build_kb, build_kb_from_corpus
from meddx.rag._eval import demo_neighbour_eval, load_queries, retrieval_recall
from meddx.rag._rationale import Quote

__all__ = [
    "Answer",
    "KnowledgeBase",
    "Passage",
    "Quote",
    "ask",
    "build_kb",
    "build_kb_from_corpus",
    "demo_neighbour_eval",
    "load_queries",
    "retrieval_recall",
]
