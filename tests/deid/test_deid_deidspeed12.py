"""The CPU-only rewrites of deidspeed12 find exactly what the code they replaced found."""

from __future__ import annotations

import random
import re

from tests._support.deid import speed_notes


def _notes() -> list[str]:
    return speed_notes(40, 29)


def _fuzz(words: list[str], n: int, seed: int, most: int = 14) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(words) for _ in range(rng.randint(1, most))) for _ in range(n)]


def _same(found, regex: re.Pattern[str], string: str) -> bool:
    return [(m.span(), m.groups()) for m in found] == \
        [(m.span(), m.groups()) for m in regex.finditer(string)]


_BLANKS = [" ", "  ", "\t", "\n", ",", ".", "-", "_", "/", ":", "(", ")", "'"]


def test_bare_id_anchor_finds_the_matches_of_finditer():
    from meddx.deid._ascii import ascii_twin
    from meddx.deid._literal_heads import match_from
    from meddx.deid._rule_anchors import _bare_id_starts, anchor_for
    from meddx.deid._rules import RulesDetector

    twins = [ascii_twin(p.regex) for p in RulesDetector().patterns]
    anchored = [r for r in twins if anchor_for(r) is not None]
    assert len(anchored) == 1  # a changed pattern loses its anchor: this test says so
    regex = anchored[0]
    words = [*_BLANKS, "1", "12", "123", "1234", "567890", "0045512", "A", "AB", "SP", "S", "x",
             "MRN", "$", "+", ";", "#"]
    texts = _notes() + _fuzz(words, 6000, 41)
    hits = 0
    for text in texts:
        if not text.isascii():
            continue
        assert _same(match_from(regex, text, _bare_id_starts(text)), regex, text), text
        hits += bool(regex.search(text))
    assert hits > 500


def test_rules_detector_finds_the_same_spans_with_and_without_anchors_and_word_starts():
    from meddx.deid._rules import RulesDetector

    fast, slow = RulesDetector(), RulesDetector()
    slow.detect("seen 7/22")  # builds the twins and their shortcuts
    assert any(slow._anchor) and any(slow._word_led) and any(slow._follow)
    slow._anchor = [None] * len(slow.patterns)  # every pattern scans as before
    slow._word_led = [False] * len(slow.patterns)
    slow._follow = [None] * len(slow.patterns)
    words = [*_BLANKS, "4471093", "AB1234567", "S19-12345", "SP-19-004432", "NCT01234567", "$",
             "acct", "7/22", "2019", "1", "A", "Mar", "x", "doctor", "summary", "may ", "Dec",
             " 3rd", "report", "MRN", "_", "acct#", "Jan 5", "june", "12", "7", "+", "-", "/",
             "555", "0145", "2019", "92", "1.", "A7"]
    for text in _notes() + _fuzz(words, 1500, 43):
        assert fast.detect(text) == slow.detect(text), text


def test_next_literal_reads_the_first_character_set_after_the_start():
    from meddx.deid._rule_anchors import next_literal, with_follow

    assert next_literal(re.compile(r"(?=\d)(?<![\w/.-])(?:1[0-2]|0?[1-9])/(\d\d)")) == \
        (frozenset("/"), 1, 2)
    assert next_literal(re.compile(r"\d(?<![\w-]\d)\d{2}([ .])\d{4}")) == (frozenset(" ."), 3, 3)
    assert next_literal(re.compile(r"\d+/\d")) is None  # no bound on where "/" stands
    assert next_literal(re.compile(r"\d{1,9}/\d")) is None  # too far to pay
    assert next_literal(re.compile(r"(?i)\d\dx")) is None  # case-insensitive
    assert next_literal(re.compile(r"\d\d(?i:x)")) is None  # scoped flags: not read
    assert with_follow("7/22 and 12/1, 3-4", [0, 9, 15], (frozenset("/"), 1, 2)) == [0, 9]


def test_optional_heads_are_read_only_where_the_plain_reading_fails():
    from meddx.deid._ascii import ascii_twin, ascii_twin_ok
    from meddx.deid._literal_heads import literal_heads
    from meddx.deid._rules import RulesDetector

    assert literal_heads(re.compile(r"(?=[bcis])\b(?:(?:back[ \t]+)?in|since)[ \t]")).words == \
        ("in", "back", "since")
    assert literal_heads(re.compile(r"\b(?:cabg|c-?sections?)\s")).words == \
        ("cabg", "csection", "c-section")
    assert literal_heads(re.compile(r"(?:abc)?")) is None  # may match nothing
    assert literal_heads(re.compile(r"ab(?:c|d)?e")).words == ("ab",)  # the plain reading stays
    from re import _parser

    from meddx.deid._literal_heads import _heads, _prefixes

    def plain(regex):  # the reading before deidspeed12
        return _heads(_prefixes(list(_parser.parse(regex.pattern, regex.flags).data),
                                bool(regex.flags & re.IGNORECASE)), 40)

    twins = [(p, ascii_twin(p.regex)) for p in RulesDetector().patterns]
    gained = [(p, r) for p, r in twins if literal_heads(r) is not None and plain(r) is None]
    assert len(gained) >= 3  # the holidays, the surgery years, "in 95"
    assert all(plain(r).words == literal_heads(r).words for p, r in twins if plain(r) is not None)
    words = [*_BLANKS, "c-section", "csection", "C-Sections", "cabg", "back in", "in", "since",
             "95", "07", "1995", "thanksgiving", "4th of july", "the", "st. patrick's day", "x",
             "first", "of", "may", "mi", "stroke", "(", ")", "x2", " "]
    texts = _notes() + _fuzz(words, 4000, 79)
    for p, regex in gained:
        heads = literal_heads(regex)
        for text in texts:
            if ascii_twin_ok(text):
                string = text.lower() if p.lower else text
                assert _same(heads.finditer(regex, string, text.lower()), regex, string), text


def test_street_hints_find_the_matches_of_finditer():
    from meddx.deid import _towns

    words = [*_BLANKS, "st", "St.", "street", "Ave", "rd", "12", "4b", "100A", "way", "sta", "x",
             "é", "Circle", "\u017f"]
    texts = _notes() + _fuzz(words, 6000, 47)
    assert sum(bool(_towns._STREET_HINT.search(t)) for t in texts) > 200
    for text in texts:
        regex = _towns._STREET_HINT_LOW if text.isascii() else _towns._STREET_HINT
        string = text.lower() if text.isascii() else text
        assert _same(_towns._street_hints(text), regex, string), text


def test_is_aged_finds_the_matches_of_finditer():
    from meddx.deid import _names

    rng = random.Random(53)
    parts = [["", "Ann Lee", "SMITH, JOHN", "this", "his", "x_", "é", "45 yo"], _BLANKS + ["", " \t "],
             ["is", "IS", "was", "Was", "his", "wasn't"], [" ", "\t", "  ", "", "\n"],
             ["a", "an", "A", "the"], [" ", "", "\t "], ["45", "101", "7", "1000", "x"],
             ["", " ", "-", " - "], ["y", "yo", "yr", "year", "Y/O", "m"], ["", " is a 5 y", ".", "x"]]
    texts = _notes() + ["".join(rng.choice(p) for p in parts) * rng.randint(1, 2)
                        for _ in range(6000)]
    hits = 0
    for text in texts:
        assert _same(_names._is_aged(text), _names._IS_AGED, text), text
        hits += bool(_names._IS_AGED.search(text))
    assert hits > 300


def test_name_context_scans_find_the_matches_of_finditer():
    from meddx.deid import _name_context as nc
    from meddx.deid._literal_heads import finditer as heads_finditer

    words = [*_BLANKS, "son", "daughter", "pt's ", "charge ", "rn", "her ", "JT", "AB", "d/w ",
             "discussed ", "with ", "per ", "paged ", "notified ", " re", "x", "Ann", " "]
    texts = _notes() + _fuzz(words, 4000, 59)
    assert sum(bool(nc._APPOS.search(t.lower())) for t in texts) > 50
    assert sum(bool(nc._DW_INITIALS.search(t)) for t in texts) > 50
    for text in texts:
        low = text.lower()
        if len(low) == len(text):
            assert _same(nc._APPOS_HEADS.finditer(nc._APPOS, low, low), nc._APPOS, low), text
        assert _same(heads_finditer(nc._DW_INITIALS, text), nc._DW_INITIALS, text), text


def test_staff_names_and_town_ends_find_the_matches_of_finditer():
    from meddx.deid import _town_phrases, _word_names
    from meddx.deid._literal_heads import finditer as heads_finditer

    words = [*_BLANKS, "rn ", "pt ", "cm ", "tech ", "aide ", "ann ", "lee ", "aware", "to see",
             "turn ", "Falls", "Lake", "Harbour", "Lakes", "Ridge", "x", " "]
    texts = _notes() + _fuzz(words, 4000, 61)
    assert sum(bool(_word_names._STAFF_NAME.search(t.lower())) for t in texts) > 50
    for text in texts:
        low = text.lower()
        assert _same(heads_finditer(_word_names._STAFF_NAME, low), _word_names._STAFF_NAME, low)
        end = next(heads_finditer(_town_phrases._TOWN_END_WORD, text), None)
        assert (end is None) == (_town_phrases._TOWN_END_WORD.search(text) is None), text


def test_every_lot_and_park_holds_its_park_kind():
    from meddx.deid import _org_places as op

    rng = random.Random(67)
    parts = [["", "pt lives in ", "at "], ["lot", "Space", "SITE", "trlr", "Trailer"], [" ", " #", "#"],
             ["7", "22B", "1234"], [" of ", " at ", ", ", " "], ["", "the ", "The "],
             ["Magnolia Acres ", "pine haven ", "Sunrise Manor ", "at "],
             ["Mobile Home", "mobile  home", "trailer", "RV", "Manufactured Home", "rvs"],
             [" ", "\t", "-"], ["Park", "court", "Estates", "village", "Community", "parks"],
             ["", ", lot 7", " space 3", "."]]
    texts = ["".join(rng.choice(p) for p in parts) for _ in range(4000)] + _notes()
    matched = 0
    for text in texts:
        if text.isascii() and op._LOT_PARK.search(text):
            matched += 1
            assert op._PARK_KIND.search(text.lower()), text
    assert matched > 300
    got = op.org_place_spans("Lives in lot 22 of Magnolia Acres Mobile Home Park.", _lex())
    assert len(got) == 1


def test_signature_pre_test_changes_no_name(monkeypatch):
    from meddx.deid import _signatures

    words = [*_BLANKS, "Faith", "Kettle", "h.", "okafor", "RN", "rn", "BSN", "pa", "PA-C", "np",
             "charge", "J.", "12", "\u2013", "*", "é", "Ann", "Lee"]
    texts = _notes() + _fuzz(words, 3000, 71, most=12)
    lex = _lex()
    fast = [_signatures.credential_names(t, lex) for t in texts]
    monkeypatch.setattr(_signatures, "_NOT_IN_SIGNATURE", re.compile(r"(?!)"))  # never skips
    assert fast == [_signatures.credential_names(t, lex) for t in texts]
    assert sum(map(bool, fast)) > 100


def _lex():
    from meddx.deid._lexicon import lexicon

    return lexicon()


def test_learned_facilities_through_literal_heads_learn_what_finditer_learned(monkeypatch):
    from meddx.deid import _corpus

    rng = random.Random(73)
    parts = [["", "pt ", "Records "], ["transferred", "TX", "Adm", "d/c", "seen", "f/u", "came", "tx'd"],
             [" ", "\t", "  back "], ["to", "from", "at", "BY"], [" ", " the "],
             ["Briarwood", "WEXCOMBE", "halden", "Linden Hill", "the", "St Agnes", "é"], ["", ".", " x"]]
    texts = _notes() + ["".join(rng.choice(p) for p in parts) for _ in range(3000)]
    lex = _lex()
    fast = _corpus.learned_facilities(texts, lex)
    per_note = [_corpus.learned_facilities([t, t], lex) for t in texts[:400]]
    monkeypatch.setattr(_corpus, "heads_finditer", lambda regex, text: regex.finditer(text))
    assert fast == _corpus.learned_facilities(texts, lex) and len(fast) > 5
    assert per_note == [_corpus.learned_facilities([t, t], lex) for t in texts[:400]]


def _random_spans(rng: random.Random, size: int, n: int) -> list:
    from meddx.deid._span import Span

    out = []
    for _ in range(n):
        a = rng.randrange(size)
        b = min(size, a + rng.randint(1, 12))
        out.append(Span(a, b, rng.choice(["NAME", "DATE", "LOCATION", "HOSPITAL", "AGE"]), "t", 0.9))
    return out


def test_label_rules_are_linear_and_say_what_the_pairwise_tests_said():
    from meddx.deid import _labels

    rng = random.Random(83)
    words = ["Dr. ", "Mercy ", "Hospital", ", RN", " Unit", "May ", "3/4 ", "Smith ", "Lee, ",
             "NH ", "Nashua", " in ", "Medical Center ", "\n", "Rehab ", "PT ", "x"]
    checked = 0
    for _ in range(400):
        text = "".join(rng.choice(words) for _ in range(30))
        spans = _random_spans(rng, len(text), rng.randint(1, 40))
        names = [s for s in spans if s.label == "NAME"]
        want = [s for s in spans
                if not (s.label in _labels._PLACES and _labels._CREDENTIAL.match(text, s.end)
                        and any(n.start <= s.start and n.end == s.end
                                and (_labels._TWO_WORDS.search(text, n.start, n.end)
                                     or _labels._titled(text, n)) for n in names))
                and not (s.label in _labels._PLACES and any(
                    n.start == s.start and n.end < s.end and _labels._STAFF.match(text, n.end, s.end)
                    for n in names))] if names else spans
        assert _labels._credential_names(text, spans) == want
        locs = [s for s in spans if s.label == "LOCATION"]
        covering = _labels._Covering(locs)
        for s in spans:
            assert covering.covers(s) == any(lo.start <= s.start and s.end <= lo.end
                                             and len(lo) > len(s) for lo in locs)
        dates = [d for d in spans if d.label == "DATE"]
        got = _labels._before_dates(text, spans)
        for s, g in zip(spans, got, strict=True):
            cut = min((d.start for d in dates if s.start < d.start < s.end <= d.end), default=None)
            if s.label == "NAME" and cut is not None:
                checked += 1
                while cut > s.start and text[cut - 1].isspace():
                    cut -= 1
                assert (g.start, g.end) == (s.start, cut)
            else:
                assert (g.start, g.end) == (s.start, s.end)
    assert checked > 50


def test_facility_context_scans_find_what_they_found():
    from meddx.deid import _facility_context as fc
    from meddx.deid._literal_heads import finditer as heads_finditer

    words = [*_BLANKS, "(", ")", "(SNF)", "(snf)", "(Rest Home)", "(rehab", "Medical ", "FAMILY ",
             "health ", "Group", "practice", "associates", "é", "Surgical ", "x"]
    texts = _notes() + _fuzz(words, 4000, 89)
    assert sum(bool(fc._KIND_IN_BRACKETS.search(t)) for t in texts) > 200
    assert sum(bool(fc._GROUP_RE.search(t)) for t in texts) > 200
    for text in texts:
        assert (fc._KIND_FROM_BRACKET.search(text) is None) == (fc._KIND_IN_BRACKETS.search(text) is None)
        assert _same(heads_finditer(fc._GROUP_RE, text), fc._GROUP_RE, text), text
