"""The CPU-only rewrites of deidspeed9 find exactly what the code they replaced found."""

from __future__ import annotations

import random
import re

from meddx.deid import _cued_places, _facility_cues, _place_forms, _places, _towns, synth_notes
from meddx.deid._ascii import _digit_first, ascii_twin
from meddx.deid._rules import RulesDetector

_NOTES = [r["text"] for r in synth_notes(60, 91)]
_TEXTS = _NOTES + [
    "Lives at 12 Elm St, Apt 4, Boston, MA 02134-1234; moved from Tucson, Arizona. x12345 -12345",
    "Zip 021345, 02134x, 02134-12345, call 555-1234 or 5-1234; SSN 123-45-6789; 123.4567 and 1234567.",
    "TRANSFERRED FROM MERCY HOSPITAL TO LINDEN HILL, NH\nwife lives in Rye, New Hampshire. Aldous 5",
    "pt f/u at brigham; dc'd to snf. Resides in Wells\t7, room 3 for 2 days",
]


def _fuzz(alphabet: str, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def _same(old: re.Pattern[str], new: re.Pattern[str], texts: list[str]) -> None:
    for text in texts:
        for pos in (0, 1):
            assert [(m.span(), m.groups()) for m in old.finditer(text, pos)] == \
                [(m.span(), m.groups()) for m in new.finditer(text, pos)], (old.pattern, text)


def test_digit_first_twins_match_the_rules_they_replace():
    rewritten = 0
    fuzz = _fuzz("0123456789 -./:#,+$pPaZx\t_(@", 3000, 9)
    for p in RulesDetector().patterns:
        new = _digit_first(p.regex.pattern)
        if new == p.regex.pattern:
            continue
        rewritten += 1
        flags = (p.regex.flags & ~re.UNICODE) | re.ASCII
        assert ascii_twin(p.regex).pattern == new
        _same(re.compile(p.regex.pattern, flags), re.compile(new, flags), _TEXTS + fuzz)
    assert rewritten >= 5  # phones, pagers, ZIPs, SSNs


def test_digit_first_leaves_other_heads_alone():
    for src in (r"(?=\d)(?<![\w-])\d+x", r"(?=\d)(?<![\w-])\d{2}?x", r"(?=\d)\d{3}", r"\b\d{3}",
                r"(?=\d)(?<![\w-])(?:3[01]|[12]\d)"):
        assert _digit_first(src) == src


def test_place_form_digit_first_patterns_match_the_old_spellings():
    fuzz = _fuzz("0123456789 -./:aZ\tw_\u00e9\u0663", 3000, 4)
    olds = {
        "_NUMBER_WORD": r"(?<![\w/.:-])\d{1,5}[A-Za-z]?[ \t]+[A-Za-z]",
        "_ZIP": r"(?<![\w-])\d{5}(?:-\d{4})?(?![\w-])",
        "_STREET_TOWN_ZIP": _place_forms._STREET_TOWN_ZIP.pattern.replace(
            r"\d(?<![\w.-]\d)\d{0,4}", r"(?<![\w.-])\d{1,5}", 1),
    }
    for name, old in olds.items():
        new = getattr(_place_forms, name)
        assert old != new.pattern
        _same(re.compile(old, new.flags), new, _TEXTS + fuzz)


def test_city_state_lines_match_the_full_scan():
    for text in _TEXTS + [t.upper() for t in _TEXTS]:
        tails = list(_places._STATE_TAIL.finditer(text))
        assert [(m.span(), m.groups()) for m in _places._CITY_STATE.finditer(text)] == \
            [(m.span(), m.groups()) for m in _places.PlaceDetector._city_state_matches(text, tails)]


def test_lower_case_cue_twins_match_the_case_insensitive_cues():
    pairs = [(_facility_cues._CUE, _facility_cues._CUE_LOW),
             (_facility_cues._STRONG_CUE, _facility_cues._STRONG_CUE_LOW),
             (_towns._STRONG_TOWN_CUE, _towns._STRONG_TOWN_CUE_LOW),
             (_towns._MORE_TOWN_CUE, _towns._MORE_TOWN_CUE_LOW),
             (_towns._STREET_HINT, _towns._STREET_HINT_LOW)]
    texts = [t for t in _TEXTS + [t.upper() for t in _TEXTS] if t.isascii()]
    rng = random.Random(3)
    for ci, low in pairs:
        assert "(?i" not in low.pattern and low.pattern == low.pattern.lower()
        for text in texts:
            lower = text.lower()
            assert [m.span() for m in ci.finditer(text)] == [m.span() for m in low.finditer(lower)]
            for _ in range(20):  # windows, as the detectors search them
                a = rng.randint(0, len(text))
                b = rng.randint(a, min(len(text), a + 40))
                got, want = low.search(lower, a, b), ci.search(text, a, b)
                assert (got and got.span()) == (want and want.span())


def test_ward_hits_match_the_letter_blank_digit_scan():
    old = re.compile(r"[^\W\d_][ \t]\d")
    for text in _TEXTS + _fuzz("ab 1\t2_\u00e9\u00b2\u0663-", 3000, 5):
        want = [m.start() + 1 for m in old.finditer(text)]
        got = [b for m in _cued_places._BLANK_DIGIT.finditer(text)
               if (b := m.start()) and _cued_places._LETTER.match(text, b - 1)]
        assert got == want, text
