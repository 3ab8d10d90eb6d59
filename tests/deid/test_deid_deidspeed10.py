"""The CPU-only rewrites of deidspeed10 find exactly what the code they replaced found."""

from __future__ import annotations

import random

from meddx.deid import _shift_note_names, synth_notes
from meddx.deid._lexicon import lexicon

_NOTES = [r["text"] for r in synth_notes(40, 17)]


def _old_word_starts(low: str, key: str) -> list[int]:
    return [w.start() for w in _shift_note_names._WORD.finditer(low) if w.group() == key]


def test_word_starts_finds_the_words_the_word_scan_found():
    keys = sorted(_shift_note_names._KEYS)
    rng = random.Random(5)
    texts = [n.lower() for n in _NOTES]
    for _ in range(3000):
        words = [*keys, "a", "-", "/", "1", " ", "x", "\u00e9", "--"]
        parts = [rng.choice(words) for _ in range(rng.randint(1, 8))]
        texts.append("".join(p + rng.choice(["", " ", "-", "/", "a", "1", "\n"]) for p in parts))
    checked = 0
    for low in texts:
        for key in {*_shift_note_names._WORD.findall(low), rng.choice(keys)} & _shift_note_names._KEYS:
            assert _shift_note_names._word_starts(low, key) == _old_word_starts(low, key), (low, key)
            checked += 1
    assert checked > 1000


def test_shift_note_names_still_reads_cues_in_order():
    text = "per night rn april; wife june and son. d/w jen in pharmacy. rn aware"
    found = _shift_note_names.shift_note_names(text, text.lower(), lexicon())
    assert [text[a:b] for a, b in found] == ["april", "june", "jen"]
