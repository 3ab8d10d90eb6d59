"""deidspeed15's CPU shortcuts find exactly what the code they replace found."""

from __future__ import annotations

import random

from tests._support.deid import speed_notes


def _recorders(texts: list[str], seed: int):
    """(text, recorder) pairs: each note's own PHI plus random words and runs of words of it
    (common words, digits, several words, a word that is a prefix of another)."""
    from meddx.deid import Deidentifier
    from meddx.deid._leak import PhiRecorder

    deid, rng = Deidentifier(), random.Random(seed)
    for text in texts:
        rec = PhiRecorder()
        rec.add_spans(text, deid.detect(text))
        words = text.split() or ["x"]
        for _ in range(6):
            i = rng.randrange(len(words))
            rec.add(" ".join(words[i:i + rng.randint(1, 3)]), rng.choice(["NAME", "LOCATION"]))
        yield text, rec


def test_locate_by_first_words_matches_the_word_by_word_scan(monkeypatch):
    import meddx.deid._leak as leak

    texts = [*speed_notes(30, 15, n_dev=30), "Smith", "smith-SMITH smith2 Smithson",
             "Will Will will WILL.", "Dr. Quorbel Wexcombe\nQuorbel  wexcombe; quorbel,Wexcombe"]
    extra = ("Will", "Quorbel Wexcombe", "wexcombe", "Smith", "555-0142 ext 7")
    checked = 0
    for text, rec in _recorders(texts, 15):
        for value in extra:
            rec.add(value, "NAME")
        for variant in (text, text.upper(), text.lower(), text.replace(" ", ".  ")):
            monkeypatch.setattr(leak, "_FEW_FIRSTS", -1)  # the word-by-word scan
            want = rec.locate(variant)
            monkeypatch.setattr(leak, "_FEW_FIRSTS", 10 ** 9)  # first words by str.find
            assert rec.locate(variant) == want
            checked += bool(want)
    assert checked > 100


def test_locate_keeps_the_case_policy_and_whole_words():
    from meddx.deid._leak import PhiRecorder

    rec = PhiRecorder()
    rec.add("Will", "NAME")  # a common word: only where capitalised
    rec.add("Lang Ostrova", "NAME")
    text = "will Will lang ostrova Langostrova LANG, OSTROVA"
    assert [(text[a:b], lab) for a, b, lab in rec.locate(text)] == [
        ("lang ostrova", "NAME"), ("LANG, OSTROVA", "NAME"), ("Will", "NAME")]


def test_case_sensitive_word_start_heads_are_gated_too():
    import re

    from meddx.deid._literal_heads import finditer, literal_heads

    led = [r"(?<![\w/])(?:spoke|d/w|per)", r"(?=[hm])\b(?:hospital|med)", r"\b(?:lives|Lived)"]
    for src in led:
        assert literal_heads(re.compile(src)).led, src
    for src in [r"(?:son|daughter)", r"(?<![a-z])(?:lives|lived)", r"\b(?:Lives|Lived)"]:
        heads = literal_heads(re.compile(src))  # no look-behind on every letter, or no word to gate
        assert heads is None or not heads.led, src
    rng = random.Random(15)
    pieces = [" ", "-", "/", "_", "1", "é", "x", "S", "\n", "spoke", "per", "hospital", "med",
              "lives", "Lived", "SPOKE", "d/w", "Per", "xper", "Eper", "éper", "medical"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for src in led:
        regex = re.compile(src)
        for text in texts:
            assert [m.span() for m in finditer(regex, text)] == \
                [m.span() for m in regex.finditer(text)], (src, text)
