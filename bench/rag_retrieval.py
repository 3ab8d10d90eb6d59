"""A labelled query set for `meddx kb eval`, made from the bundled demo abstracts.

    .venv/bin/python bench/rag_retrieval.py --out bench/cache/rag-titles

Each abstract of the chosen splits (as `meddx demo` draws them) becomes a document
``<row>.txt`` holding its body without the title; its title (the first sentence) becomes a
query whose relevant id is that document. This is known-item retrieval: the title's words
are not in the document, only its topic. Then:

    .venv/bin/meddx kb build bench/cache/rag-titles/docs --out bench/cache/rag-titles/kb -q
    .venv/bin/meddx kb eval bench/cache/rag-titles/kb --queries bench/cache/rag-titles/queries.jsonl

Published abstracts, no PHI: de-identification is off so the text is the published one.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

_TITLE = re.compile(r"^(.{20,300}?[.?!])\s+(?=[A-Z(])")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--splits", default="validation,test",
                        help="comma-separated demo splits to draw documents from")
    parser.add_argument("--min-words", type=int, default=40, help="shortest body kept")
    args = parser.parse_args()

    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus, make_splits

    cfg = load_config(demo_path().with_name("demo.yaml"),
                      {"data": {"path": str(demo_path())}, "deid": {"enabled": False}})
    corpus = load_corpus(cfg.data)
    splits = make_splits(corpus, cfg.data.split)
    docs = args.out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    queries = []
    for split in args.splits.split(","):
        for i in splits[split.strip()]:
            text = corpus.texts[int(i)].strip()
            match = _TITLE.match(text)
            if not match:
                continue
            body = text[match.end():]
            if len(body.split()) < args.min_words:
                continue
            name = f"{corpus.rows[int(i)]}.txt"  # the CSV row, as a user counts
            (docs / name).write_text(body + "\n", encoding="utf-8")
            queries.append({"query": match.group(1), "relevant": [name]})
    with (args.out / "queries.jsonl").open("w", encoding="utf-8") as fh:
        for q in queries:
            fh.write(json.dumps(q) + "\n")
    print(f"{len(queries)} documents and title queries written to {args.out}")


if __name__ == "__main__":
    main()
