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


def test_shared_token_index_matches_the_comprehensions_it_replaces():
    from meddx.deid._tokens import (
        end_index,
        key_set,
        start_index,
        title_count,
        token_starts,
        tokenize,
        upper_count,
        upper_indices,
    )

    for text in [*speed_notes(20, 16, n_dev=20), "", "NPN: SMITH 7 MICU, from MGH", "ab\u00e9 O'Neil's"]:
        toks = tokenize(text)
        assert key_set(toks) == {t.key for t in toks}
        assert token_starts(toks) == [t.start for t in toks]
        assert end_index(toks) == {t.end: i for i, t in enumerate(toks)}
        assert start_index(toks) == {t.start: i for i, t in enumerate(toks)}
        assert upper_indices(toks) == [i for i, t in enumerate(toks) if t.upper]
        assert upper_count(toks) == sum(t.upper for t in toks)
        assert title_count(toks) == sum(t.cap and not t.upper for t in toks)
        assert title_count(toks, 2) == sum(t.cap and not t.upper and len(t.text) >= 2 for t in toks)
        assert upper_indices(toks) is upper_indices(toks)  # built once per token list


def test_ascii_for_finds_what_the_pattern_finds():
    import re

    from meddx.deid._ascii import ascii_for

    patterns = [re.compile(r"\b[A-Z]{1,4}(?:H|MC|HC)\b"), re.compile(r"(?i)(?<=[ \t-])(?:ED|ICU)\b"),
                re.compile(r"\d(?<![\w-]\d)\d{4}(?:-\d{4})?(?![\w-])"), re.compile(r"\w+\s\d")]
    texts = [*speed_notes(20, 17, n_dev=20), "x\x1cy 12345", "Mercy MC\u00a012345", "caf\u00e9 ED 1"]
    for regex in patterns:
        for text in texts:
            assert [m.span() for m in ascii_for(regex, text).finditer(text)] == \
                [m.span() for m in regex.finditer(text)]
        assert ascii_for(regex, "caf\u00e9") is regex and ascii_for(regex, "a\x1fb") is regex
        assert ascii_for(regex, "plain text").flags & re.ASCII


def test_case_view_leaves_a_flat_line_without_proper_nouns_as_it_is():
    from meddx.deid._case_view import _recase, case_view

    assert _recase("pt resting comfortably, vitals stable, plan to continue lasix\n") == \
        ("pt resting comfortably, vitals stable, plan to continue lasix\n", [])
    recased, windows = _recase("spoke with dr okonkwo about the plan\n")
    assert "Okonkwo" in recased and windows
    recased, windows = _recase("transferred to kestrel dialysis center today\n")
    assert windows  # a facility word with no proper noun still reads its name
    assert case_view("pt resting comfortably. vitals stable.\nplan to continue lasix.\n") is None
