"""The CPU-only rewrites of deidspeed11 find exactly what the code they replaced found."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from meddx.deid import synth_notes

_DEV = Path(__file__).resolve().parents[2] / "bench" / "data" / "deid_realstyle" / "dev.jsonl"


def _notes() -> list[str]:
    texts = [r["text"] for r in synth_notes(40, 23)]
    if _DEV.exists():
        with _DEV.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()][:60]
    return texts


def _fuzz(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = ["1", "12", "19", "2019", "07", "3", "92", "101", "555", "1234", "/", "-", ".", ",", ":",
             "+", "#", "_", " ", "  ", "\t", "\n", "a", "Z", "Jan", "st", "yo", "M", "F", "p", "x",
             "(", ")", "Main", "St", "am", "'", "y", "o"]
    return ["".join(rng.choice(words) for _ in range(rng.randint(1, 16))) for _ in range(n)]


def test_digit_led_patterns_match_only_at_digit_token_starts():
    from meddx.deid._ascii import ascii_twin, ascii_twin_ok
    from meddx.deid._literal_heads import digit_firsts, digit_led, match_from
    from meddx.deid._rules import _DIGIT_START, RulesDetector

    texts = [t for t in _notes() + _fuzz(2000, 11) if ascii_twin_ok(t)]
    used = 0
    for p in RulesDetector().patterns:
        regex = ascii_twin(p.regex)
        if not digit_led(regex):
            continue
        used += 1
        firsts = digit_firsts(regex)
        for text in texts:
            low = text.lower()
            string = low if p.lower else text
            starts = [m.start() for m in _DIGIT_START.finditer(low) if low[m.start()] in firsts]
            assert [(m.span(), m.groups()) for m in match_from(regex, string, starts)] == \
                [(m.span(), m.groups()) for m in regex.finditer(string)], (regex.pattern, text)
    assert used >= 25


def test_digit_led_reads_only_heads_that_start_at_a_digit_token():
    from meddx.deid._literal_heads import digit_led

    def led(src: str) -> bool:
        return digit_led(re.compile(src, re.ASCII))

    assert led(r"(?=\d)(?<![\w/.-])\d\d/\d\d")
    assert led(r"(?=[19])(?<![\w.,/:+-])(9\d|1[01]\d)")
    assert led(r"(?=\d)\b\d{1,6}\s+st")
    assert led(r"\d(?<![\w-]\d)\d{4}")
    assert not led(r"(?=\d)(?<![\w/.-])\d\d|x\d")  # an alternation around the head
    assert not led(r"(?=\d)(?<![\d.])\d+")  # a letter may come before the digit
    assert not led(r"(?=\d)(?<=[a-z])\d+")
    assert not led(r"\d(?<![\d-]\d)\d{2}")
    assert not led(r"(?=[+(\d])(?<![\w-])\+?\d+")
    assert not led(r"(?=\d)(?<![\w/.-]x)\d+")  # a look-behind longer than one character


def test_rules_detector_finds_the_same_spans_with_and_without_digit_starts():
    from meddx.deid._rules import RulesDetector

    fast, slow = RulesDetector(), RulesDetector()
    slow.detect("seen 7/22")  # builds the twins, their heads and digit flags
    assert any(slow._digit)
    slow._digit = [None] * len(slow.patterns)  # every pattern scans with its own finditer
    for text in _notes() + _fuzz(300, 12):
        assert fast.detect(text) == slow.detect(text)


def _name_fuzz(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = ["ann", "Tamsin", "(", ")", "(rn)", "(WOCN)", "(pgy2)", "(pgy-3)", "fellow", "rn", "pa",
             "given", "to", "d/w", "discussed", "with", "spoke", "signed", "out", "hand-off", "pt",
             "x", " ", "  ", "\t", "\n", "-", "'", "é", "by", "IR"]
    return ["".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def test_cued_name_scans_find_what_finditer_found():
    from meddx.deid import _cued_names
    from meddx.deid._literal_heads import finditer as heads_finditer

    texts = _notes() + _name_fuzz(3000, 13)
    bracketed = 0
    for text in texts:
        low = text.lower()
        for rx in _cued_names._LOWER, _cued_names._ANY_CASE:
            src = low if rx is _cued_names._LOWER else text
            for name in ("handoff", "with"):
                assert [(m.span(), m.groups()) for m in heads_finditer(rx[name], src)] == \
                    [(m.span(), m.groups()) for m in rx[name].finditer(src)], (name, text)
        if _cued_names._LOWER["bracket"].search(low):
            bracketed += 1
            assert any(h in low for h in _cued_names._BRACKET_HEADS), text
    assert bracketed > 50


def test_cued_name_spans_still_read_brackets_and_hand_offs():
    from meddx.deid._cued_names import cued_name_spans
    from meddx.deid._lexicon import lexicon

    text = "Wound care by Tamsin (WOCN). report given to odalys pt. d/w kwame rn at 3."
    got = {text[a:b] for a, b in cued_name_spans(text, text.lower(), lexicon())}
    assert {"Tamsin", "odalys", "kwame"} <= got


def test_the_va_gate_holds_for_every_the_va_match():
    from meddx.deid import _facility_mentions as fm

    rng = random.Random(21)
    parts = [["", "x ", "seen ", "1 "], ["at", "To", "FROM", "via", "with", "by", "per", "atx"],
             [" ", "\t", "  ", "", "\n"], ["the", "THE", "The", "tha"], [" ", "\t ", "", "-"],
             ["va", "VA", "V.A.", "vamc", "VAMC", "U", "u", "vax", "Ux"],
             ["", ".", " of", " is", " 2", "/", "'s", "-", " clinic", "=", " OD", ":"]]
    texts = _notes() + ["".join(rng.choice(p) for p in parts) for _ in range(6000)]
    matched = 0
    for text in texts:
        if text.isascii() and fm._THE_VA.search(text):
            matched += 1
            assert fm._THE_VA_GATE.search(text.lower()), text
    assert matched > 100
    got = fm.mention_spans("Seen at the VA last week; follows with the va for labs.", lexicon_())
    assert len(got) == 2


def lexicon_():
    from meddx.deid._lexicon import lexicon

    return lexicon()


def test_rules_detector_finds_what_each_pattern_finds_alone():
    from meddx.deid._rules import RulesDetector

    det, plain = RulesDetector(), RulesDetector()
    plain.detect("seen 7/22")  # builds the twins, their heads and digit flags
    assert any(plain._heads) and any(plain._digit)
    plain._heads = [None] * len(plain.patterns)  # each pattern scans with its own finditer
    plain._digit = [None] * len(plain.patterns)
    months = ["Jan", "jan.", "March", "MAY", "sept", "Dec", "12", "3rd", "2019", "'92", "of", "-", "/"]
    rng = random.Random(31)
    texts = _notes() + _fuzz(300, 14) + [
        " ".join(rng.choice(months) for _ in range(rng.randint(1, 6))) for _ in range(500)]
    for text in texts:
        assert det.detect(text) == plain.detect(text), text


def test_digit_firsts_reads_the_first_digit_when_the_pattern_says():
    from meddx.deid._literal_heads import digit_firsts

    def firsts(src: str) -> str:
        return "".join(sorted(digit_firsts(re.compile(src, re.ASCII))))

    assert firsts(r"(?=\d)(?<![\w/.-])(?:19|20)\d\d") == "12"
    assert firsts(r"(?=[19])(?<![\w.,/:+-])(9\d|1[01]\d)") == "19"
    assert firsts(r"(?=[2-9])(?<![\w.,/-])[2-9]\d\d") == "23456789"
    assert firsts(r"(?=\d)(?<![\w/.-])(?:1[0-2]|0?[1-9])/") == "0123456789"  # "0?": unsure
    assert firsts(r"\d(?<![\w-]\d)\d{4}") == "0123456789"
    assert firsts(r"(?=\d)\b(?:[^a]|1)") == "0123456789"  # a negated set: unsure
