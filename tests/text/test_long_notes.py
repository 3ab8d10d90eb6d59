"""A long note is tokenised only as far as its windows read (``head`` and ``chunks``), and the
windows are the same as those of the whole note."""

from __future__ import annotations

import random

import pytest

from meddx.text import PrepConfig, encode, split_windows
from meddx.text._windows import MIN_PREFIX_CHARS, special_tokens


@pytest.fixture(scope="module")
def tok():
    from meddx.models import resolve_model
    from meddx.models._encoder import load_tokenizer

    return load_tokenizer(resolve_model("minilm"))


class _Spy:
    """Passes calls to the tokenizer and records the longest text it was given."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.longest = 0

    def __call__(self, texts, **kwargs):
        batch = [texts] if isinstance(texts, str) else texts
        self.longest = max([self.longest, *(len(t) for t in batch)])
        return self.tokenizer(texts, **kwargs)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def _note(n_words: int, seed: int = 0) -> str:
    """Invented words, numbers, punctuation, runs of spaces and line breaks."""
    rng = random.Random(seed)
    words = ["chest", "pain,", "troponin", "12.5", "mg/dL", "(stable)", "re-admitted", "x" * 120,
             "naïve", "—", "ECG:", "st-elevation;"]
    seps = [" ", " ", " ", "  ", "\n", "\t", " \n\n  "]
    return "".join(rng.choice(words) + rng.choice(seps) for _ in range(n_words))


def _whole(tok, text: str, cfg: PrepConfig) -> list[list[int]]:
    prefix, suffix = special_tokens(tok)
    body = cfg.max_length - len(prefix) - len(suffix)
    tokens = tok(text, add_special_tokens=False, truncation=False, verbose=False)["input_ids"]
    return [prefix + piece + suffix for piece in split_windows(tokens, body, cfg)]


CONFIGS = [
    PrepConfig(max_length=64, long_text="head"),
    PrepConfig(max_length=256, long_text="head"),
    PrepConfig(max_length=64, long_text="chunks", chunk_stride=16, max_chunks=3),
    PrepConfig(max_length=128, long_text="chunks", chunk_stride=32, max_chunks=8),
]


@pytest.mark.parametrize("cfg", CONFIGS, ids=lambda c: f"{c.long_text}-{c.max_length}")
@pytest.mark.parametrize("n_words", [5, 400, 3000, 12_000])
def test_windows_equal_those_of_the_whole_note(tok, cfg, n_words):
    texts = [_note(n_words, seed) for seed in range(3)]
    enc = encode(tok, texts, cfg, quiet=True)
    expected = [w for t in texts for w in _whole(tok, t, cfg)]
    assert enc.input_ids == expected


@pytest.mark.parametrize("cfg", CONFIGS[:3], ids=lambda c: f"{c.long_text}-{c.max_length}")
def test_a_long_note_is_tokenised_only_as_far_as_it_is_read(tok, cfg):
    spy = _Spy(tok)
    note = _note(100_000)  # about 700,000 characters
    encode(spy, [note, "short note"], cfg, quiet=True)
    assert spy.longest <= 4 * MIN_PREFIX_CHARS < len(note)


def test_head_tail_still_reads_the_end(tok):
    cfg = PrepConfig(max_length=64, long_text="head_tail")
    note = _note(20_000)
    assert encode(tok, [note], cfg, quiet=True).input_ids == _whole(tok, note, cfg)


@pytest.mark.parametrize("note", ["x" * 50_000, "word " * 3 + "y" * 50_000, " " * 50_000 + "end"])
def test_notes_with_no_space_to_cut_at(tok, note):
    cfg = PrepConfig(max_length=64, long_text="head")
    assert encode(tok, [note], cfg, quiet=True).input_ids == _whole(tok, note, cfg)
