"""The word gate of deidspeed14's literal-head look-ups finds exactly what the full search found."""

from __future__ import annotations

import random
import re

from tests._support.deid import speed_notes


def _no_gate(monkeypatch) -> None:
    """Every head word searched again (the old search)."""
    from meddx.deid._literal_heads import LiteralHeads

    starts = LiteralHeads.starts
    monkeypatch.setattr(LiteralHeads, "starts", lambda self, where, at_runs=False: starts(self, where))


def _notes() -> list[str]:
    return [*speed_notes(40, 41), "", "Lives in Elm-Creek w/ wife; VNA weekly", "xvna 'vns' o'lives"]


def _fuzz(words: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [" ", "-", "'", "/", "_", "1", "x", "Re", "A", ",", "\n", *words,
              *(w.upper() for w in words), *("q" + w for w in words), *(w[:2] for w in words)]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(n)]


def test_run_openings_are_the_first_three_letters_of_each_letter_run():
    from meddx.deid._literal_heads import run_openings

    assert run_openings("lives in o'brien-x; ab1cde 9efg xyz_uvw") == {"liv", "bri", "cde", "efg", "xyz",
                                                                        "uvw"}


def test_heads_are_gated_by_their_first_three_lower_case_letters():
    from meddx.deid._literal_heads import LiteralHeads

    heads = LiteralHeads(("lives", "livin", "tx", "d/w", "home"), icase=True, led=True)
    assert heads.open3 == {"liv": ["lives", "livin"], "hom": ["home"]}
    assert heads.free == ("tx", "d/w")
    assert heads.starts("tx home; d/w", at_runs=True) == [0, 3, 9]
    assert heads.starts("athome livesx", at_runs=True) == [7]  # "home" after a letter: not searched
    assert heads.starts("athome livesx") == [2, 7]


def test_only_word_start_patterns_are_gated():
    from meddx.deid._literal_heads import literal_heads

    led = [r"\b(?i:vna|vns)", r"(?i)(?=[tv])\b(?:transfer|visit)", r"(?<![\w/])(?i:spoke|d/w)",
           r"(?i:\bhome(?:town)?)", r"(?<![A-Za-z])(?i:lives|lived)"]
    for src in led:
        assert literal_heads(re.compile(src)).led, src
    not_led = [r"(?i:son|daughter)", r"(?<![a-z])(?i:lives|lived)", r"(?<![^x])(?i:lives)",
               r"\b(?:Lives|Lived)"]  # no gate: no look-behind on every letter, or case-sensitive
    for src in not_led:
        heads = literal_heads(re.compile(src))
        assert heads is None or not heads.led, src


def test_gated_heads_find_what_every_match_finds():
    from meddx.deid import Deidentifier
    from meddx.deid._literal_heads import _HEADS

    notes = _notes()
    deid = Deidentifier(detectors=["rules", "names", "places"])
    for text in notes[:10]:
        deid.deidentify(text)
    gated = [(r, h) for r, h in _HEADS.items() if h is not None and h.led]
    assert len(gated) >= 5
    for regex, heads in gated:
        for text in notes + _fuzz(list(heads.words), 300, len(heads.words)):
            if not text.isascii():
                continue
            got = [m.span() for m in heads.finditer(regex, text, text.lower())]
            assert got == [m.span() for m in regex.finditer(text)], regex.pattern[:40]


def test_detectors_agree_with_and_without_the_gate(monkeypatch):
    from meddx.deid import Deidentifier
    from meddx.deid._rules import RulesDetector

    notes = _notes()
    words = ["lives", "transferred", "vna", "spoke", "dr", "jan", "mrn", "home", "at"]
    texts = notes + _fuzz(words, 1500, 7)
    deid = Deidentifier(detectors=["rules", "names", "places"])
    rules = RulesDetector()
    fast = [([(s.start, s.end, s.label) for s in deid.deidentify(t).spans], rules.detect(t)) for t in texts]
    _no_gate(monkeypatch)
    deid = Deidentifier(detectors=["rules", "names", "places"])
    rules = RulesDetector()
    plain = [([(s.start, s.end, s.label) for s in deid.deidentify(t).spans], rules.detect(t)) for t in texts]
    assert fast == plain


def _credential_after_old(ctx, j: int) -> bool:
    """``_credential_after`` as it was before its gate."""
    from meddx.deid._names import _COMMA_CREDENTIALS, _CREDENTIAL, _SERIAL_AFTER, CREDENTIALS

    end = ctx.toks[j].end
    m = _CREDENTIAL.match(ctx.text, end, end + 12)
    if not m:
        return False
    cred = m.group(2).lower().replace(".", "")
    if cred == "sn" and _SERIAL_AFTER.match(ctx.text, m.end()):
        return False
    return cred in CREDENTIALS or (cred in _COMMA_CREDENTIALS and m.group(1) == ",")


def test_credential_gate_agrees_with_the_plain_match():
    from meddx.deid._lexicon import lexicon
    from meddx.deid._names import Ctx, _credential_after

    lex = lexicon()
    creds = ["MD", "M.D.", "md", "RN", "R.N.", "Ph.D.", "PA-C", "pa", "DO", "SN", "NP", "rn-bc", "mdx", "Mdd"]
    rng = random.Random(3)
    pieces = [" ", ",", ", ", "\t", "\n", ".", "'s", "-", "Smith", "smith", "Lee", "O'Neil", "VX2219",
              "          ", "Jos\u00e9", "\u00e9MD", *creds]
    fuzz = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))) for _ in range(3000)]
    seen = 0
    for text in _notes() + fuzz:
        ctx = Ctx(text, lex)
        for j in range(len(ctx.toks)):
            want = _credential_after_old(ctx, j)
            assert _credential_after(ctx, j) == want, j
            seen += want
    assert seen > 100
