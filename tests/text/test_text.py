"""meddx.text: normalisation steps, and fitting notes into the model's window."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.errors import ConfigError
from meddx.text import PrepConfig, encode, normalize, normalize_all, pool_by_document, prep_steps
from meddx.text._windows import special_tokens

OFF = {"unicode_normalize": "none", "collapse_whitespace": False}


# --- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "text", "expected"),
    [
        # unicode: NFKC folds compatibility forms (ligature, full-width, superscript)
        ({**OFF, "unicode_normalize": "NFKC"}, "\ufb01brosis", "fibrosis"),
        ({**OFF, "unicode_normalize": "NFKC"}, "\uff11\uff10 mg", "10 mg"),
        ({**OFF, "unicode_normalize": "NFKC"}, "m\u00b2", "m2"),
        ({**OFF, "unicode_normalize": "NFC"}, "\ufb01brosis", "\ufb01brosis"),
        ({**OFF, "unicode_normalize": "NFC"}, "cafe\u0301", "caf\u00e9"),
        (OFF, "\ufb01brosis cafe\u0301", "\ufb01brosis cafe\u0301"),
        # whitespace
        ({**OFF, "collapse_whitespace": True}, "  chest \t pain\n\nnoted  ", "chest pain noted"),
        (OFF, "  chest \t pain\n\nnoted  ", "  chest \t pain\n\nnoted  "),
        # lowercase
        ({**OFF, "lowercase": True}, "Chest PAIN, BP 120/80", "chest pain, bp 120/80"),
        (OFF, "Chest PAIN", "Chest PAIN"),
        # brackets: (...) and [...] go, other text stays
        ({**OFF, "remove_brackets": True}, "pain (n = 11) today [sic].", "pain   today  ."),
        (
            {**OFF, "remove_brackets": True, "collapse_whitespace": True},
            "pain (n = 11) today [sic] {kept}",
            "pain today {kept}",
        ),
        (OFF, "pain (n = 11) [sic]", "pain (n = 11) [sic]"),
        # the defaults: NFKC and whitespace, nothing else
        ({}, " \ufb01ne  (x) [Y]  Z ", "fine (x) [Y] Z"),
        # all steps, in the documented order
        (
            {"lowercase": True, "remove_brackets": True},
            " \ufb01BROSIS  (SEVERE)\t[Grade \u2162] noted ",
            "fibrosis noted",
        ),
    ],
)
def test_normalize_steps(kwargs, text, expected):
    cfg = PrepConfig(**kwargs)
    assert normalize(text, cfg) == expected
    assert normalize_all([text, text], cfg) == [expected, expected]


def test_prep_steps_lists_what_is_switched_on():
    assert prep_steps(PrepConfig(**OFF)) == ["tokenize to 256 tokens, long notes: head"]
    steps = prep_steps(PrepConfig(lowercase=True, remove_brackets=True, long_text="chunks"))
    assert steps == [
        "unicode NFKC",
        "remove (...) and [...]",
        "lowercase",
        "collapse whitespace",
        "tokenize to 256 tokens, long notes: chunks",
    ]


# --- encoding -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tok():
    from meddx.models import resolve_model
    from meddx.models._encoder import load_tokenizer

    return load_tokenizer(resolve_model("minilm"))


def _numbers(n: int) -> str:
    return " ".join(str(i) for i in range(1, n + 1))


def _decode(tok, ids: list[int]) -> list[str]:
    return tok.convert_ids_to_tokens(ids)


def _body(tok, ids: list[int]) -> list[int]:
    """The numbers in one window, after checking it is wrapped in [CLS] ... [SEP]."""
    tokens = _decode(tok, ids)
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]", tokens
    return [int(t) for t in tokens[1:-1]]


def test_the_tokenizer_premise(tok):
    # The tests below read windows back as numbers: each of 1..200 must be one token.
    ids = tok(_numbers(200), add_special_tokens=False)["input_ids"]
    assert _decode(tok, ids) == [str(i) for i in range(1, 201)]
    assert special_tokens(tok) == ([tok.cls_token_id], [tok.sep_token_id])


def test_short_text_is_one_unpadded_window(tok):
    enc = encode(tok, ["12 34", _numbers(14)], PrepConfig(max_length=16), quiet=True)
    assert len(enc) == 2
    assert [_body(tok, ids) for ids in enc.input_ids] == [[12, 34], list(range(1, 15))]
    assert enc.doc_index.tolist() == [0, 1]


def test_head_truncates_to_max_length_including_special_tokens(tok):
    enc = encode(tok, [_numbers(60)], PrepConfig(max_length=16, long_text="head"), quiet=True)
    assert len(enc) == 1
    assert len(enc.input_ids[0]) == 16
    assert _body(tok, enc.input_ids[0]) == list(range(1, 15))


@pytest.mark.parametrize(
    ("max_length", "head_fraction", "head", "tail"),
    [
        (16, 0.5, range(1, 8), range(54, 61)),
        (18, 0.25, range(1, 5), range(49, 61)),
        (18, 0.75, range(1, 13), range(57, 61)),
    ],
)
def test_head_tail_keeps_first_and_last_tokens(tok, max_length, head_fraction, head, tail):
    cfg = PrepConfig(max_length=max_length, long_text="head_tail", head_fraction=head_fraction)
    enc = encode(tok, [_numbers(60)], cfg, quiet=True)
    assert len(enc) == 1 and len(enc.input_ids[0]) == max_length
    assert _body(tok, enc.input_ids[0]) == [*head, *tail]


def test_chunks_overlap_and_map_back_to_documents(tok):
    cfg = PrepConfig(max_length=16, long_text="chunks", chunk_stride=4, max_chunks=8)
    enc = encode(tok, [_numbers(60), "7", _numbers(20)], cfg, quiet=True)
    # 14 tokens per window, a new window every 14 - 4 = 10 tokens, until the end is covered.
    expected = [list(range(s, min(s + 14, 61))) for s in (1, 11, 21, 31, 41, 51)]
    expected += [[7], list(range(1, 15)), list(range(11, 21))]
    assert [_body(tok, ids) for ids in enc.input_ids] == expected
    assert enc.doc_index.tolist() == [0] * 6 + [1] + [2] * 2
    assert enc.doc_index.dtype == np.int64
    for a, b in zip(expected[:5], expected[1:6], strict=True):
        assert len(set(a) & set(b)) == 4  # the overlap is chunk_stride tokens
    assert all(len(ids) <= 16 for ids in enc.input_ids)


@pytest.mark.parametrize("max_chunks", [1, 2, 3])
def test_max_chunks_is_respected(tok, max_chunks):
    cfg = PrepConfig(max_length=16, long_text="chunks", chunk_stride=0, max_chunks=max_chunks)
    enc = encode(tok, [_numbers(100), "5"], cfg, quiet=True)
    assert enc.doc_index.tolist() == [0] * max_chunks + [1]
    bodies = [_body(tok, ids) for ids in enc.input_ids[:max_chunks]]
    assert bodies == [list(range(1 + 14 * k, 15 + 14 * k)) for k in range(max_chunks)]


def test_max_length_is_capped_at_the_model_limit(tok):
    cfg = PrepConfig(max_length=2048, long_text="head")
    enc = encode(tok, ["pain " * 600], cfg, quiet=True)
    assert len(enc.input_ids[0]) == tok.model_max_length == 512


def test_doc_index_across_tokenizer_batches(tok):
    cfg = PrepConfig(max_length=16, long_text="chunks", chunk_stride=4)
    texts = ["1", _numbers(30), "2", "3", _numbers(15)]
    enc = encode(tok, texts, cfg, quiet=True, batch=2)
    assert enc.doc_index.tolist() == [0, 1, 1, 1, 2, 3, 4, 4]
    assert enc.input_ids == encode(tok, texts, cfg, quiet=True).input_ids


def test_encode_nothing(tok):
    enc = encode(tok, [], PrepConfig(), quiet=True)
    assert len(enc) == 0 and enc.doc_index.tolist() == []


# --- pooling --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("mean", [[0.2, 0.8], [0.5, 0.5], [0.3, 0.7]]),
        ("max", [[0.3, 0.9], [0.5, 0.5], [0.6, 0.9]]),
    ],
)
def test_pool_by_document(how, expected):
    values = np.array([[0.1, 0.9], [0.3, 0.7], [0.5, 0.5], [0.1, 0.9], [0.6, 0.4], [0.2, 0.8]])
    doc_index = np.array([0, 0, 1, 2, 2, 2])
    pooled = pool_by_document(values, doc_index, 3, how)
    assert pooled.shape == (3, 2)
    np.testing.assert_allclose(pooled, expected)


def test_pool_by_document_one_row_per_document_is_the_identity():
    values = np.random.default_rng(0).random((4, 3))
    for how in ("mean", "max"):
        np.testing.assert_allclose(pool_by_document(values, np.arange(4), 4, how), values)


@pytest.mark.parametrize(("max_length", "stride"), [(16, 14), (16, 64), (64, 62)])
def test_chunk_stride_must_leave_room_to_advance(tok, max_length, stride):
    cfg = PrepConfig(max_length=max_length, long_text="chunks", chunk_stride=stride)
    with pytest.raises(ConfigError) as info:
        encode(tok, [_numbers(100)], cfg, quiet=True)
    msg = str(info.value)
    assert f"prep.chunk_stride ({stride})" in msg and f"max_length {max_length}" in msg
    # the same stride is fine for the strategies that do not chunk
    head = cfg.model_copy(update={"long_text": "head"})
    assert len(encode(tok, [_numbers(100)], head, quiet=True)) == 1
