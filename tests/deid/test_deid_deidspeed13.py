"""The CPU-only rewrites of deidspeed13 give exactly what the code they replaced gave."""

from __future__ import annotations

from tests._support.deid import speed_notes


def _notes() -> list[str]:
    return [*speed_notes(40, 31), "", "J. SMITH RN", "mary x. o'neil, md\nPT AWARE", "Dr. Q aware"]


def test_token_view_counts_match_the_comprehensions():
    from meddx.deid._tokens import title_count, token_keys, tokenize, upper_count

    for text in _notes():
        toks = tokenize(text)
        assert token_keys(toks) == [t.key for t in toks]
        assert token_keys(toks) is token_keys(toks)  # built once per list
        assert title_count(toks) == sum(t.cap and not t.upper for t in toks)
        assert title_count(toks, 2) == sum(t.cap and not t.upper and len(t.text) > 1 for t in toks)
        assert upper_count(toks) == sum(t.upper for t in toks)


def test_token_view_is_per_list_not_per_content():
    from meddx.deid._tokens import title_count, token_keys, tokenize

    toks = tokenize("Seen by Ann Lee RN at Mercy")
    part = toks[:2]
    assert token_keys(part) == ["seen", "by"]
    assert title_count(part) == 1
    assert token_keys(toks) == ["seen", "by", "ann", "lee", "rn", "at", "mercy"]
    assert title_count(toks) == 4
    for _ in range(20):  # the small cache is cleared when full: values are rebuilt, still right
        other = tokenize("x " * 3)[:]
        assert token_keys(other) == ["x", "x", "x"]
    assert token_keys(toks) == ["seen", "by", "ann", "lee", "rn", "at", "mercy"]


_PIECES = [" ", "  ", "\t", "\n", ",", ".", "-", "/", ":", "#", "+", "$", "(", "'", "a", "Jan", "x",
           "1", "12", "19", "2021", "555", "1234", "03", "9", "10", "98", "st", "yo", "MRN", "\u2013"]


def _fuzz(n: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 16))) for _ in range(n)]


def test_not_before_reads_only_plain_opening_look_behinds():
    import re

    from meddx.deid._rule_anchors import not_before

    word = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
    got = not_before(re.compile(r"(?=\d)(?<![\w/.-])\d+", re.ASCII))
    assert got == frozenset(word | set("/.-"))
    assert not_before(re.compile(r"\d(?<![\w#-]\d)\d{4}", re.ASCII)) == frozenset(word | set("#-"))
    assert not_before(re.compile(r"(?=\d)(?<![a-z])\d", re.ASCII)) is None  # a range
    assert not_before(re.compile(r"(?=\d)(?<![^x])\d", re.ASCII)) is None  # negated
    assert not_before(re.compile(r"(?=\d)\b\d", re.ASCII)) is None
    assert not_before(re.compile(r"(?=\d)(?<![\w/.-])\d")) is None  # not an ASCII twin


def test_digit_led_matches_never_follow_their_refused_characters():
    from meddx.deid._ascii import ascii_twin
    from meddx.deid._literal_heads import digit_led
    from meddx.deid._rule_anchors import not_before
    from meddx.deid._rules import RulesDetector

    twins = [ascii_twin(p.regex) for p in RulesDetector().patterns]
    checked = 0
    texts = _notes() + _fuzz(4000, 13)
    for regex in twins:
        chars = not_before(regex) if digit_led(regex) else None
        if chars is None:
            continue
        checked += 1
        for text in texts:
            for string in (text, text.lower()):
                for m in regex.finditer(string):
                    assert m.start() == 0 or string[m.start() - 1] not in chars
    assert checked >= 25


def test_rules_with_and_without_the_look_behind_filter_agree():
    from meddx.deid._rules import RulesDetector

    fast, plain = RulesDetector(), RulesDetector()
    texts = _notes() + _fuzz(3000, 17)
    fast.detect(texts[0])
    plain.detect(texts[0])
    plain._before = [None] * len(plain._before)
    assert any(fast._before)
    for text in texts:
        assert fast.detect(text) == plain.detect(text)
