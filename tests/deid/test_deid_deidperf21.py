"""deidperf21's CPU shortcuts find exactly what the code they replace found (session 21).

``_relative_names`` scans only the lines that hold a bracket or "name" and finds its plural
relations from their literal heads, and counts the note's letters by byte deletions, once and
only when a pattern matched; ``_referral_places`` reads only the tokens that open a listed chain
and finds its cue, job, offer and apposition patterns from their literal heads. Each is checked
here against the code it replaced (kept below as references), on invented text only. The full
check against the session's base is ``bench/deid_crf_identity.py --case ...``.
"""

from __future__ import annotations

import gc
import random
import sys
from itertools import pairwise

from tests._support.deid import speed_notes

#: Pieces of invented text, put together at random: relations, roles, brackets, names, line
#: breaks, capitals and a few non-ASCII letters that the case-insensitive engine folds to ASCII
#: (the long s, the Kelvin sign, a dotless i).
_PIECES = ("daughters Tess and Mallory", "Sons ken, joe and\nsam", "grandkids Ava & Liam",
           "DAUGHTERS ROSE AND LILY.", "sons will and ", "husband's name rick",
           "wife\u2019s name is Ann", "LATE HUSBAND'S NAME EARL", "Perfusionist (Raj)",
           "RT (Ines) aware", "(daughter Wren)", "hcp (son tomas)", "(RN aware)", "Pt (Alert)",
           "social   worker (Dana)", "charge nurse\t(Bo)", "(MD notified)", "RN (Amy)(Bob)",
           "\u017fons Kit and Kat", "\u212aids Ivo and Ada", "(d\u0131aughter Ola)",
           "n\u00e4me", "caf\u00e9 (Zo\u00eb)", "(", ")", "\n", "\r\n", " ", ", ", " and ",
           "name", "'s", "kindred vs vibra", "Encompass", "ltach referral (Kindred vs Vibra)",
           "REHAB REFERRAL (ENCOMPASS OR SNF)", "rehab goals to encompass ADLs",
           "works as a bus driver for Muleshoe ISD", "line cook at Hartwell's Seafood",
           "bed offer from Oak Terrace", "accepted at Maple Manor", "Aldous & Sons",
           "the birth hospital, Southeastern Regional,", "Summers County ARH",
           "Optimum Home Infusion", "(OSH, Valentine)", "vibra hospital of southeastern mass",
           "Referral placed, select medical records", "dc to kindred", "is a teacher at Elm High")


def _texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = "".join(rng.choice(_PIECES) + rng.choice((" ", "\n", ". ", ""))
                       for _ in range(rng.randint(1, 9)))
        out += [text, text.lower(), text.upper()]
    return out + speed_notes(8, 21, n_dev=8)


# ---- references: the code as it was at the session's start -------------------------------


def _mixed_reference(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    lower = sum(1 for c in letters if c.islower())
    return 0.3 * len(letters) < lower < len(letters)


def _relative_reference(text: str, low: str, lex) -> list[tuple[int, int]]:
    from meddx.deid import _relative_names as rn

    out: list[tuple[int, int]] = []
    if not ("(" in text or "name" in low or "and" in low or "&" in text):
        return out
    mixed = _mixed_reference(text)
    for m in rn._LIST.finditer(text):
        words = [(m.start(1), m.end(1))] + [(w.start() + m.start(2), w.end() + m.start(2))
                                            for w in rn._LIST_WORD.finditer(m.group(2))
                                            if w.group(0).lower() not in ("and",)]
        names = []
        for k, (s, e) in enumerate(words):
            word = text[s:e]
            if not rn._name(word, lex, mixed=mixed) \
                    or word.lower() in lex.common_words and word.lower() not in lex.first_names:
                break
            if word.lower() in lex.common_words and not (word[0].isupper() and mixed) \
                    and k == len(words) - 1 and not rn._CLOSE.match(text, e):
                break
            names.append((s, e))
        else:
            out += names
    for pattern in (rn._NAME_IS, rn._BRACKET):
        for m in pattern.finditer(text):
            word = m.group(1)
            if pattern is rn._BRACKET and word.lower() in lex.common_words \
                    and word.lower() not in lex.first_names and not word.islower():
                continue
            if rn._name(word, lex, mixed=mixed, listed_any=pattern is rn._BRACKET):
                out.append((m.start(1), m.end(1)))
    return out


def _chain_reference(text, toks, keys, lex, out) -> None:
    from meddx.deid import _referral_places as rp
    from meddx.deid._span import Span
    from meddx.deid._tokens import FUNCTION_WORDS

    def branch_end(branch):  # the note's capitals read here, as before (the rest unchanged)
        return rp._branch_end(text, branch, lex, any(c.isupper() for c in text))

    def cued(start, end):
        window = text[max(0, start - 100):start]
        ends = list(rp._SENTENCE_END.finditer(window))
        if ends:
            window = window[ends[-1].end():]
        if rp._CUE.search(window) is not None:
            return True
        after = rp._BRANCH.match(text, end)
        return rp._KIND_AFTER.match(text, after.end() if after else end) is not None

    one_case = not any(c.isupper() for c in text) or not any(c.islower() for c in text)
    i = 0
    while i < len(toks):
        n = rp._chain_length(keys, i) if keys[i] in rp._chains() else 0
        if n == 0:
            i += 1
            continue
        words = toks[i:i + n]
        start, end = words[0].start, words[-1].end
        if any(text[a.end:b.start] not in (" ", " & ", "-") for a, b in pairwise(words)) \
                or i and text[toks[i - 1].end:start] in ("-", "'") or not cued(start, end):
            i += 1
            continue
        plain = all(w.key in lex.common_words or w.key in FUNCTION_WORDS or lex.is_medical(w.key)
                    or w.key in lex.first_names for w in words)
        branch = rp._BRANCH.match(text, end)
        if branch is not None and any(w.lower() in FUNCTION_WORDS for w in branch.group(1).split()):
            branch = None
        b_end = branch_end(branch) if branch is not None else end
        ends = rp._CHOICE_END.match(text, end) or rp._KIND_AFTER.match(text, end)
        named = (all(w.cap and not w.upper for w in words) and any(c.islower() for c in text)
                 or rp._LABEL_BEFORE.search(text[max(0, start - 16):start]))
        if plain and not (rp._CHOICE_BEFORE.search(text[max(0, start - 12):start]) and ends
                          or rp._CHOICE_AFTER.match(text, end)
                          or named and (ends or b_end > end)
                          or one_case and rp._LIST_BEFORE.search(text[max(0, start - 12):start])
                          and not rp._phrase_goes_on(text, start, end)):  # session 22 (deidleft22)
            i += n
            continue
        out.append(Span(start, b_end, "HOSPITAL", "places", 0.7))
        i += n


# ---- the checks ------------------------------------------------------------------------------


def test_letter_count_matches_the_character_by_character_count():
    from meddx.deid._relative_names import _mixed

    for text in _texts(1, 150) + ["", "1234", "\u017f\u212a\u0131 \u00c9\u00e9", "Ab", "aB", "AB"]:
        assert _mixed(text) is _mixed_reference(text)


def test_line_scan_matches_the_whole_note_scan():
    """``_line_matches`` gives exactly ``finditer`` of the patterns it is used for."""
    from meddx.deid import _relative_names as rn

    for text in _texts(2, 200):
        low = text.lower()
        want = [m.span(1) for m in rn._BRACKET.finditer(text)]
        assert [m.span(1) for m in rn._line_matches(rn._BRACKET, text, text, "(")] == want
        gated = rn._line_matches(rn._BRACKET, text, text, "(", rn._BRACKET_END)
        assert [m.span(1) for m in gated] == want
        if text.isascii():
            named = [m.span(1) for m in rn._line_matches(rn._NAME_IS, text, low, "name")]
            assert named == [m.span(1) for m in rn._NAME_IS.finditer(text)]


def test_relative_names_match_the_reference():
    from meddx.deid._lexicon import lexicon
    from meddx.deid._relative_names import relative_names

    lex = lexicon()
    found = 0
    for text in _texts(3, 300):
        got = relative_names(text, text.lower(), lex)
        assert got == _relative_reference(text, text.lower(), lex)
        found += bool(got)
    assert found > 50  # the texts exercise the rules, not only their quick refusals


def test_referral_places_match_the_reference(monkeypatch):
    from meddx.deid import _referral_places as rp
    from meddx.deid._lexicon import lexicon
    from meddx.deid._tokens import token_keys, tokenize

    lex = lexicon()
    texts = _texts(4, 300)
    found = 0
    for text in texts:
        toks = tokenize(text)
        if not toks:
            continue
        got: list = []
        want: list = []
        rp._chain_spans(text, toks, token_keys(toks), lex, got)
        _chain_reference(text, toks, token_keys(toks), lex, want)
        assert got == want
        found += bool(got)
    assert found > 20
    # the literal heads against the patterns' own scans (the rest of referral_place_spans)
    new = [rp.referral_place_spans(t, lex, []) for t in texts]
    for name in ("_after_matches",):
        monkeypatch.setattr(rp, name, lambda pattern, text, toks: [
            {t.start: n for n, t in enumerate(toks)}[m.end()] for m in pattern.finditer(text)
            if m.end() in {t.start for t in toks}])
    monkeypatch.setattr(rp, "heads_finditer", lambda pattern, text, low=None: pattern.finditer(text))
    assert [rp.referral_place_spans(t, lex, []) for t in texts] == new
    assert sum(map(bool, new)) > 20


def test_no_module_keeps_a_note_after_later_notes():
    """The caches the default de-identifier reads are bounded: once a dozen other notes have
    been read, no container anywhere in the process still holds the first note or any piece of
    it (PHI must not stay in memory across notes). The one cache that keeps words across notes
    is the crf's per-word feature cache (single words, cleared past ``_CACHE_LIMIT`` entries):
    it may hold the surname alone, never the text around it."""
    from meddx.deid import Deidentifier

    deid = Deidentifier()
    crf = next(d for d in deid.detectors if d.name == "crf")
    marker = "Qorvenbaly"  # an invented surname, in no list
    note = (f"Daughter's name is {marker}. RN ({marker}) aware. Daughters {marker} and Ann "
            f"at bedside.\nltach referral (Kindred vs Vibra), works as a cook at {marker} Foods.")
    for text in (note, note.lower(), note.upper()):
        deid.detect(text)
    for other in speed_notes(14, 21, n_dev=0):
        deid.detect(other)
    # the caches keyed by a note's text (functools caches, whose keys no scan below sees)
    # are bounded and have let it go: asking again for the note is a miss
    from meddx.deid import _literal_heads, _tokens

    for name, module in list(sys.modules.items()):
        if name.startswith("meddx.deid"):
            for attr, value in vars(module).items():
                if hasattr(value, "cache_parameters"):
                    assert value.cache_parameters()["maxsize"] is not None, f"{name}.{attr}"
    for cached, arg in ((_tokens.tokenize, note), (_literal_heads.run_openings, note.lower()),
                        (_literal_heads._openings, note)):
        misses = cached.cache_info().misses
        cached(arg)
        assert cached.cache_info().misses == misses + 1
    for cached in (_tokens.tokenize, _literal_heads.run_openings, _literal_heads._openings):
        cached.cache_clear()  # not to keep the note in them now
    del note, text
    gc.collect()
    key = marker.lower()
    held = []
    for o in gc.get_objects():
        if not isinstance(o, (dict, list, tuple, set, frozenset)):
            continue
        if isinstance(o, dict):
            # the dict's own storage, not an override: transformers' lazy auto mappings load
            # model classes from ``values()`` (CI, session 21: a ValueError after other tests
            # had imported transformers)
            items = [*dict.keys(o), *dict.values(o)]
        else:
            items = o
        hits = [x for x in items if isinstance(x, str) and key in x.lower()]
        if o is crf.cache.entries and all(x.lower() == key for x in hits):
            continue  # the word alone, in the bounded per-word cache
        if hits:
            held.append(type(o).__name__)
    assert held == []
