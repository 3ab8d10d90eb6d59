"""meddx.rag: chunking, reciprocal rank fusion, the three retrievers, the KB folder and its
errors. Dense retrieval uses a tiny random BERT: a query equal to a passage must find it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meddx.errors import ConfigError, DataError, RunError
from meddx.models import bm25_tokens, reciprocal_rank_fusion
from meddx.rag import KnowledgeBase, Passage, build_kb, build_kb_from_corpus
from meddx.rag._chunk import chunk_text, html_to_text
from meddx.rag._eval import _vote, load_queries, neighbour_eval, retrieval_recall
from tests._support.rag import PLANTED, write_guidelines


@pytest.fixture(scope="module")
def kb(model_tiny, tmp_path_factory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("kb")
    return build_kb([write_guidelines(root / "docs")], root / "kb", chunk_words=20, overlap=5,
                    encoder=str(model_tiny))


# ---- chunking ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("n_words", "size", "overlap", "starts"), [
    (10, 4, 1, [0, 3, 6]),        # 0-3, 3-6, 6-9: the last window ends on the last word
    (10, 4, 0, [0, 4, 8]),
    (10, 5, 2, [0, 3, 6]),        # 6-10 reaches the end: no fourth window
    (3, 5, 2, [0]),               # shorter than a window: one chunk
    (11, 4, 3, list(range(8))),   # step 1
])
def test_chunks_overlap_exactly(n_words, size, overlap, starts):
    words = [f"w{i}" for i in range(n_words)]
    chunks = chunk_text(" ".join(words), "g.md", chunk_words=size, overlap=overlap)
    assert [c.metadata["start_word"] for c in chunks] == starts
    assert [c.source_id for c in chunks] == [f"g.md#{i}" for i in range(1, len(starts) + 1)]
    assert chunks[-1].text.split()[-1] == words[-1]
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert a.text.split() == words[a.metadata["start_word"]: a.metadata["start_word"] + size]
        shared = set(a.text.split()) & set(b.text.split())
        assert len(shared) == overlap
        if overlap:
            assert a.text.split()[-overlap:] == b.text.split()[:overlap]


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (5, 5), (5, -1), (5, 9)])
def test_bad_chunk_settings_are_refused(size, overlap, tmp_path):
    with pytest.raises(ConfigError, match="chunk_words|overlap"):
        build_kb([tmp_path], tmp_path / "kb", chunk_words=size, overlap=overlap)


def test_html_keeps_headings_and_drops_scripts():
    html = ("<html><head><title>T</title><style>p{color:red}</style></head><body>"
            "<h1>Upper GI   bleeding</h1><p>Melena &amp; haematemesis</p><script>x=1</script>"
            "<h2>Endoscopy</h2><ul><li>within 24 h</li></ul></body></html>")
    text = html_to_text(html)
    assert text == "# Upper GI bleeding\n\nMelena & haematemesis\n\n## Endoscopy\n\nwithin 24 h"
    chunks = chunk_text(text, "gi.html", chunk_words=4, overlap=0)
    assert [c.text for c in chunks] == ["Upper GI bleeding. Melena", "& haematemesis Endoscopy. within",
                                        "24 h"]
    assert [c.metadata["section"] for c in chunks] == ["Upper GI bleeding", "Upper GI bleeding",
                                                       "Endoscopy"]
    md = chunk_text("# Warfarin?\nReverse it.\n### Dose ###\nfive mg", "w.md", chunk_words=9, overlap=0)
    assert md[0].text == "Warfarin? Reverse it. Dose. five mg"


def test_bm25_tokens_lowercase_and_drop_stop_words():
    assert bm25_tokens("The INR of 2.5 and non-ST-elevation MI's") == ["inr", "2.5", "non-st-elevation",
                                                                        "mi's"]


# ---- fusion -----------------------------------------------------------------------------------
def test_reciprocal_rank_fusion_by_hand():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]], k=60)
    expected = {1: 1 / 61 + 1 / 62, 2: 1 / 62, 3: 1 / 63 + 1 / 61, 4: 1 / 63}
    assert [i for i, _ in fused] == [1, 3, 2, 4]
    assert dict(fused) == pytest.approx(expected)
    # a smaller k weighs the top ranks more: item 2 (rank 2 once) overtakes nothing, but the
    # scores follow 1/(k + rank) exactly
    assert dict(reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]], k=1)) == pytest.approx(
        {1: 1 / 2 + 1 / 3, 2: 1 / 3, 3: 1 / 4 + 1 / 2, 4: 1 / 4})


def test_fusion_ties_break_on_best_rank_then_id():
    assert [i for i, _ in reciprocal_rank_fusion([[5, 7], [7, 5]])] == [5, 7]
    with pytest.raises(ConfigError, match="rrf_k"):
        reciprocal_rank_fusion([[1]], k=0)


# ---- retrieval --------------------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "query"), [
    ("bm25", "prothrombin complex concentrate for warfarin"),
    ("dense", PLANTED),
    ("hybrid", PLANTED),
])
def test_planted_passage_is_retrieved_first(kb, mode, query):
    hits = kb.search(query, k=3, mode=mode)
    assert isinstance(hits[0], Passage)
    assert hits[0].source_id == "bleeding.txt#1"
    assert hits[0].text == PLANTED
    assert hits[0].metadata["retriever"] == mode
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hybrid_scores_are_the_fused_ranks(kb):
    hits = kb.search("prothrombin complex concentrate " + PLANTED, k=5, mode="hybrid", rrf_k=10)
    for h in hits:
        ranks = [r for r in (h.metadata["rank_bm25"], h.metadata["rank_dense"]) if r is not None]
        assert h.score == pytest.approx(sum(1 / (10 + r) for r in ranks))


def test_search_arguments_are_checked(kb):
    with pytest.raises(ConfigError, match="hybrid, bm25, dense.*'sparse'"):
        kb.search("x", mode="sparse")
    with pytest.raises(ConfigError, match="k must be"):
        kb.search("x", k=0)
    assert kb.search("zzzz qqqq", mode="bm25") == []  # no shared word: BM25 returns nothing
    assert len(kb.search("anything", k=1000, mode="dense")) == len(kb)
    assert kb.search_many([], 3) == []


# ---- the KB folder ----------------------------------------------------------------------------
def test_save_load_roundtrip(kb, model_tiny):
    again = KnowledgeBase.load(kb.path)
    assert [(c.source_id, c.text, c.metadata) for c in again.chunks] == \
        [(c.source_id, c.text, c.metadata) for c in kb.chunks]
    for mode in ("bm25", "dense", "hybrid"):
        assert again.search(PLANTED, 4, mode=mode) == kb.search(PLANTED, 4, mode=mode)
    m = json.loads((kb.path / "manifest.json").read_text())
    assert m["encoder"]["name"] == str(model_tiny.resolve())
    assert len(m["encoder"]["fingerprint"]) == 64
    assert m["chunking"] == {"unit": "words", "chunk_words": 20, "overlap": 5}
    assert m["counts"]["documents"] == 7 and m["counts"]["passages"] == len(kb)
    assert m["created"].endswith("+00:00")
    assert sorted(p.name for p in kb.path.iterdir()) == ["bm25_tokens.json", "chunks.jsonl",
                                                         "index.faiss", "manifest.json"]


def test_rebuild_replaces_a_kb_but_never_another_folder(model_tiny, tmp_path):
    docs = write_guidelines(tmp_path / "docs", n_filler=1)
    first = build_kb([docs], tmp_path / "kb", chunk_words=20, overlap=0, encoder=str(model_tiny))
    second = build_kb([docs / "bleeding.txt"], tmp_path / "kb", chunk_words=20, overlap=0,
                      encoder=str(model_tiny))
    assert len(second) == 1 < len(first)
    assert len(KnowledgeBase.load(tmp_path / "kb")) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(ConfigError, match="mine.*not a knowledge base"):
        build_kb([docs], tmp_path / "mine", encoder=str(model_tiny))
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_symlinked_out_folder_keeps_its_link(model_tiny, tmp_path):
    """--out a link (to a KB on a larger disk, say): the KB is written where it points."""
    docs = write_guidelines(tmp_path / "docs", n_filler=1)
    (tmp_path / "store").mkdir()
    link = tmp_path / "kb"
    link.symlink_to(tmp_path / "store" / "kb", target_is_directory=True)  # not there yet
    first = build_kb([docs], link, chunk_words=20, overlap=0, encoder=str(model_tiny))
    assert link.is_symlink() and (tmp_path / "store" / "kb" / "manifest.json").is_file()
    build_kb([docs / "bleeding.txt"], link, chunk_words=20, overlap=0, encoder=str(model_tiny))
    assert link.is_symlink(), "the link was replaced by a real folder"
    assert len(KnowledgeBase.load(tmp_path / "store" / "kb")) == 1 < len(first)
    assert [p.name for p in (tmp_path / "store").iterdir()] == ["kb"]  # no leftovers


def _copy(kb: KnowledgeBase, dest: Path) -> Path:
    import shutil

    shutil.copytree(kb.path, dest)
    return dest


def _break(kb, tmp_path, how):
    folder = _copy(kb, tmp_path / "kb")
    if how == "no-manifest":
        (folder / "manifest.json").unlink()
    elif how == "manifest-not-json":
        (folder / "manifest.json").write_text("{")
    elif how == "chunks-edited":
        with (folder / "chunks.jsonl").open("a") as fh:
            fh.write('{"source_id": "x#1", "text": "x", "metadata": {}}\n')
    elif how == "index-missing":
        (folder / "index.faiss").unlink()
    return folder


@pytest.mark.parametrize(("how", "message"), [
    ("no-manifest", "is not a knowledge base \\(no manifest.json\\)"),
    ("manifest-not-json", "corrupt: manifest.json is not JSON"),
    ("chunks-edited", "corrupt: chunks.jsonl does not match its checksum"),
    ("index-missing", "incomplete: index.faiss is missing"),
])
def test_broken_kb_folders_are_named(kb, tmp_path, how, message):
    folder = _break(kb, tmp_path, how)
    with pytest.raises(RunError, match=message) as err:
        KnowledgeBase.load(folder)
    assert f"'{folder}'" in str(err.value)


def test_missing_kb_folder(tmp_path):
    with pytest.raises(RunError, match=f"'{tmp_path / 'nope'}' does not exist"):
        KnowledgeBase.load(tmp_path / "nope")


def test_a_different_embedding_model_is_refused(kb, model_tiny, model_tiny_wide):
    other = model_tiny_wide
    with pytest.raises(RunError) as err:
        KnowledgeBase.load(kb.path, encoder=str(other))
    msg = str(err.value)
    assert str(kb.path) in msg and str(model_tiny.resolve()) in msg and str(other.resolve()) in msg
    assert "embedding model" in msg and "fingerprint" in msg


@pytest.mark.parametrize(("files", "message"), [
    ({}, "no documents to index in '.*docs': no .txt, .md"),
    ({"a.md": "", "b.txt": "  \n\n"}, "no text to index in '.*docs': the 2 documents are empty"),
    ({"scan.pdf": "%PDF"}, "no documents to index.*1 other files skipped"),
])
def test_empty_knowledge_base_is_refused(tmp_path, files, message):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text)
    with pytest.raises(ConfigError, match=message):
        build_kb([docs], tmp_path / "kb")
    assert not (tmp_path / "kb").exists()


def test_unsupported_file_type_is_named(tmp_path):
    pdf = tmp_path / "guideline.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ConfigError, match=r"unsupported file type '.pdf' for '.*guideline.pdf'"):
        build_kb([pdf], tmp_path / "kb")


def test_non_utf8_document_is_named(tmp_path):
    bad = tmp_path / "old.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    with pytest.raises(DataError, match="old.txt: not UTF-8"):
        build_kb([bad], tmp_path / "kb")


# ---- labelled neighbours and evaluation -------------------------------------------------------
NOTES = [("chest pain troponin elevated", "cardiac"), ("st elevation chest pain", "cardiac"),
         ("seizure aphasia headache", "neuro"), ("tremor and seizure at night", "neuro"),
         ("melena epigastric pain", "gi"), ("jaundice and melena", "gi")]


@pytest.fixture(scope="module")
def notes_kb(model_tiny, tmp_path_factory) -> KnowledgeBase:
    texts, labels = zip(*NOTES, strict=True)
    return build_kb_from_corpus(list(texts), list(labels), [f"n{i}" for i in range(6)],
                                tmp_path_factory.mktemp("notes") / "kb", encoder=str(model_tiny))


def test_corpus_kb_returns_labelled_neighbours(notes_kb):
    hit = notes_kb.search("troponin", k=1, mode="bm25")[0]
    assert (hit.source_id, hit.metadata["label"]) == ("n0", "cardiac")
    assert KnowledgeBase.load(notes_kb.path).manifest["labels"] == ["cardiac", "gi", "neuro"]


def test_neighbour_eval_by_hand(notes_kb):
    result = neighbour_eval(notes_kb, ["troponin", "jaundice"], ["cardiac", "neuro"], ks=[1, 2],
                            modes=["bm25"])
    r = result["bm25"]
    assert r["label_recall@1"] == 0.5  # troponin -> n0 cardiac (right); jaundice -> n5 gi (wrong)
    assert r["vote_accuracy@1"] == 0.5
    assert r["precision@2"] == 0.25  # troponin finds only n0: 1 of 2 slots; jaundice none
    assert _vote(["gi", "neuro", "neuro", "gi"]) == "gi"  # tie: the higher first rank wins


def test_corpus_kb_input_errors(tmp_path):
    with pytest.raises(ConfigError, match="ids must be unique; 'a' appears twice"):
        build_kb_from_corpus(["x", "y"], ["1", "2"], ["a", "a"], tmp_path / "kb")
    with pytest.raises(ConfigError, match="all 2 notes are empty"):
        build_kb_from_corpus(["", " "], ["1", "2"], ["a", "b"], tmp_path / "kb")


def test_recall_at_k_by_hand(kb, tmp_path):
    queries = [("prothrombin complex concentrate", ["bleeding.txt#1"]),
               ("prothrombin warfarin", ["bleeding.txt", "doc0.md#1"])]
    r = retrieval_recall(kb, queries, ks=[1], modes=["bm25"])["bm25"]
    assert r["recall@1"] == pytest.approx((1 + 0.5) / 2)  # doc0.md#1 is not the top passage
    assert r["mrr"] == 1.0
    with pytest.raises(DataError, match="row 1.*'nope.md#1' is not in the knowledge base"):
        retrieval_recall(kb, [("x", ["nope.md#1"])], ks=[1])


@pytest.mark.parametrize(("line", "column"), [
    ("not json", None), ('{"query": "", "relevant": ["a"]}', "query"),
    ('{"query": "q", "relevant": []}', "relevant"), ('{"query": "q", "relevant": "a"}', "relevant"),
])
def test_bad_query_files(tmp_path, line, column):
    path = tmp_path / "q.jsonl"
    path.write_text('{"query": "ok", "relevant": ["a"]}\n' + line + "\n")
    with pytest.raises(DataError, match="q.jsonl, row 2" + (f", column '{column}'" if column else "")):
        load_queries(path)
