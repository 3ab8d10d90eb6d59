"""The CPU-only changes of deidspeed8 find exactly what the code they replaced found."""

from __future__ import annotations

import random
import re

from meddx.deid import synth_notes
from meddx.deid._ascii import ascii_twin
from meddx.deid._leak import PhiRecorder
from meddx.deid._propagate import _occurrences
from meddx.deid._rules import RulesDetector


def _regex_occurrences(text: str, parts: dict[str, bool]) -> list[tuple[int, int]]:
    """The one regular expression name_part_spans used before (the reference)."""
    alts = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    rx = re.compile(rf"(?<![\w'\u2019-])(?:{alts})(?![\w]|-\w)", re.IGNORECASE)
    return [m.span() for m in rx.finditer(text)]


def test_name_parts_found_as_the_regex_found_them():
    fixed = [
        ("Okafor saw OKAFOR's son; okafor-like, Okafor-, x-okafor, okafor'", ["okafor"]),
        ("Oduya-Finch, Oduya - Finch, oduya--finch, Finch_2 finch2", ["oduya", "finch", "oduya-finch"]),
        ("o'brien O'Brien's obrien o'brienx", ["o'brien", "brien"]),
    ]
    for text, words in fixed:
        parts = dict.fromkeys(words, False)
        assert _occurrences(text, parts) == _regex_occurrences(text, parts)
    rng = random.Random(8)
    for alphabet in ("abAB'-- .1_xX", "abAB'-\u2019 .1_x\u017f"):  # ASCII; and the fallback
        for _ in range(700):
            parts = {p: False for p in ("".join(rng.choice("abx'-") for _ in range(rng.randint(3, 5)))
                                        for _ in range(rng.randint(1, 4))) if p[0].isalpha()}
            parts = parts or {"abx": False}
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            assert _occurrences(text, parts) == _regex_occurrences(text, parts), (text, parts)


def test_rules_ascii_twins_find_the_unicode_patterns_spans():
    fast = RulesDetector()
    slow = RulesDetector()
    slow._ascii = [p.regex for p in slow.patterns]  # the ASCII path with the Unicode patterns
    texts = [r["text"] for r in synth_notes(40, 77)] + [
        "DOB 03/04/1931, MRN 00123456, call 555-201-3344 x1234, seen 7/22 at 14:35.",
        "Acct# A12-345678 SSN 123-45-6789 zip 02139 IP 10.0.0.12 age 93 yo, 12 Elm St.",
    ]
    for text in texts:
        assert [(s.start, s.end, s.label) for s in fast.detect(text)] == \
            [(s.start, s.end, s.label) for s in slow.detect(text)]


def test_rules_non_ascii_and_separators_keep_the_unicode_patterns():
    rules = RulesDetector()
    # U+0663 is an Arabic-Indic digit: \d in Unicode only; \x1c is \s in Unicode only
    for text in ("MRN \u0663\u0663\u0663\u0663\u0663\u0663\u0663\u0663 on 7/22",
                 "seen on\x1c7/22/2019 by team"):
        spans = [(s.start, s.end) for s in rules.detect(text)]
        unicode_only = [(m.span(p.group)) for p in rules.patterns
                        for m in p.regex.finditer(text.lower() if p.lower else text)]
        assert set(spans) <= set(unicode_only)
        assert spans  # the date is still found
    caseless = re.compile("(?i:\u017fmith)")
    assert ascii_twin(caseless) is caseless  # "ſ" matches "s" only in Unicode mode


def test_locate_finds_what_the_word_by_word_scan_finds():
    rec = PhiRecorder()
    for value, label in (("John Smith", "NAME"), ("Smith", "NAME"), ("Will", "NAME"),
                         ("Linden Hill Manor", "HOSPITAL"), ("00123456", "ID")):
        rec.add(value, label)
    text = ("John SMITH seen; will call Will at Linden Hill Manor (MRN 00123456). smith ok.\n"
            "JOHN smith, WILL, linden hill manor \u00e9t\u00e9 Smith")
    words = list(re.finditer(r"[^\W_]+", text))
    want = []
    def capital(w: str) -> str:
        return w.lower() if w[:1].isupper() else ""

    for tables, form in ((rec._keys, str.lower), (rec._exact, capital)):
        seq = [form(m.group()) for m in words]
        for i in range(len(seq)):
            for k, keys in sorted(tables.items()):
                gram = tuple(seq[i:i + k])
                if len(gram) == k and gram in keys:
                    want.append((words[i].start(), words[i + k - 1].end(), keys[gram]))
    assert sorted(rec.locate(text)) == sorted(want)
    assert len(want) == 9  # "smith" is an English word: matched only as "Smith", "SMITH"


def test_tokens_of_ascii_notes_as_the_unicode_word_pattern_gives():
    from meddx.deid._tokens import _WORD, tokenize

    rng = random.Random(9)
    for _ in range(2000):
        text = "".join(rng.choice("aZ'-. 1_\nQs\u2019") for _ in range(rng.randint(0, 25)))
        if text.isascii():
            got = [(t.start, t.end, t.text, t.dot) for t in tokenize(text)]
            # the general pattern's words, possessive and period split off as tokenize does
            assert [t.start for t in tokenize(text)] == [m.start() for m in _WORD.finditer(text)], got
    words = "O'Brien's chart, Smith-Jones. seen by Dr. J. Lee"
    assert [t.text for t in tokenize(words)] == \
        [t.text for t in tokenize(words + " \u00e9")][:-1]
