"""Retrieval stage (between text/ and models/): chunk guideline documents, index them with BM25
and dense embeddings, and retrieve passages (reciprocal rank fusion) to put into prompts."""

from meddx.rag._ask import Answer, ask
from meddx.rag._build import build_kb, build_kb_from_corpus
from meddx.rag._eval import demo_neighbour_eval, load_queries, retrieval_recall
from meddx.rag._kb import KnowledgeBase, Passage
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
