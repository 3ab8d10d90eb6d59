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


def _fuzz(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words = ["report", "Report", "CASE", "member", "Plan", "jan", "Jan.", "x", "#", "(", "no", "id",
             "mrn", "acct", "12", "1234567", "2019", "-", "/", ":", " ", "  ", "\n", "a", "Z", ".", ","]
    return ["".join(rng.choice(words) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def test_literal_heads_find_the_matches_of_finditer():
    from meddx.deid._ascii import ascii_twin, ascii_twin_ok
    from meddx.deid._literal_heads import literal_heads
    from meddx.deid._rules import RulesDetector

    texts = [t for t in _NOTES + _fuzz(1200, 3) if ascii_twin_ok(t)]
    used = 0
    for p in RulesDetector().patterns:
        regex = ascii_twin(p.regex)
        heads = literal_heads(regex)
        if heads is None:
            continue
        used += 1
        for text in texts:
            low = text.lower()
            string = low if p.lower else text
            assert [(m.span(), m.groups()) for m in heads.finditer(regex, string, low)] == \
                [(m.span(), m.groups()) for m in regex.finditer(string)], (regex.pattern, text)
    assert used >= 30


def test_literal_heads_read_only_patterns_that_start_with_literals():
    import re

    from meddx.deid._literal_heads import literal_heads

    h = literal_heads(re.compile(r"(?=[A-Za-z])\b(?i:report|case|cases|Req)(?![A-Za-z])"))
    assert h is not None and h.icase and sorted(h.words) == ["case", "report", "req"]
    assert literal_heads(re.compile(r"\b(?:january|jan)\.?")).words == ("jan",)
    assert literal_heads(re.compile(r"(?:a|bc)x")) is None  # a single frequent letter
    assert literal_heads(re.compile(r",[ \t]*MA")) is None  # a frequent punctuation mark
    assert literal_heads(re.compile(r"#[ \t]*\d+")).words == ("#",)
    assert literal_heads(re.compile(r"\d+ mg")) is None
    assert literal_heads(re.compile(r"(?:19|20)\d\d")) is None  # numbers: the engine is faster
    assert literal_heads(re.compile(r"(?:abc|(?i:def))")) is None  # mixed case rules
    # an optional head: read only when the heads without it fail (deidspeed12)
    assert literal_heads(re.compile(r"(?:abc)?def")).words == ("def", "abcdef")


def test_module_scans_through_literal_heads_find_what_finditer_found():
    import json
    from pathlib import Path

    from meddx.deid import (
        _agency_names,
        _church_names,
        _cued_names,
        _history_places,
        _literal_heads,
        _name_context,
        _name_ctx,
        _name_cues,
        _name_roles,
        _nursing_places,
        _org_places,
        _orgs,
        _place_forms,
        _places,
        _town_phrases,
    )

    regexes = [_name_ctx._CUE_RE_LOWER, _name_cues._CONTEXT_AFTER, _name_roles._TEAM_NAME,
               _nursing_places._HEADS, _nursing_places._WARD, _place_forms._LOWER_TOWN_CODE,
               _places._FACILITY_LOWER, _places._STRONG_CUE_RUN, _name_context._CUE_LOW,
               _name_context._TYPED_LOW, _name_roles._SHORT, _cued_names._BY_BRACKET,
               _town_phrases._HOME_IS, _church_names._CHURCH, _history_places._FROM, _org_places._PLAN,
               _orgs._INITIALS, _org_places._PLAN_VIA, _agency_names._VNA]
    assert all(_literal_heads.literal_heads(r) is not None for r in regexes)
    dev = Path(__file__).resolve().parents[2] / "bench" / "data" / "deid_realstyle" / "dev.jsonl"
    texts = _NOTES + _fuzz(400, 8) + [json.loads(line)["text"] for line in dev.open() if line.strip()]
    texts += ["pt was at mt auburn; lives in Lowell; home: on ellison 12 to blake 7 (wife) \u0130x RN Kay"]
    for regex in regexes:
        for text in texts:
            for string in (text, text.lower()):
                assert [(m.span(), m.groups()) for m in _literal_heads.finditer(regex, string)] == \
                    [(m.span(), m.groups()) for m in regex.finditer(string)], (regex.pattern[:40], string)


def test_a_shared_first_letter_is_read_back_into_the_words():
    import re

    from meddx.deid._literal_heads import literal_heads

    assert sorted(literal_heads(re.compile(r"(?<!\w)(?:patient|pt)\b")).words) == ["patient", "pt"]
