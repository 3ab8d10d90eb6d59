"""deidcpu25's CPU shortcuts in the care-flow and staff-title rules find exactly what the plain
scans they replace found (literal heads, and word gates on ASCII notes)."""

from __future__ import annotations

import random

import pytest

from tests._support.deid import speed_notes

#: Every shape of the two modules, and near misses, in one line each.
_SHAPES = [
    "TOP CHOICES: 1) MORNINGSIDE MANOR 2) CEDAR VIEW 3) trach",
    "snf choices 1. oak hollow 2. the pines",
    "Meal choices: 1) chicken 2) fish",
    "cedar view accepted, bed avail tomorrow. pt accepted, bed",
    "Meal tray declined, pt nauseous; SELECT ACCEPTED PT, AUTH APPROVED",
    "referred BY ENCOMPASS LIAISON; prefers encompass in reading. HOME O2 2L (ADAPT)",
    "struggling to adapt. asked wife to select for pt. KINDRED REVIEWING, ASKED FOR",
    "home infusion through option care; (Option Care) to follow; option caregiver",
    "LifeSource coordinator, gift of life notified, LifeShare of the Carolinas",
    "via Life Flight Network rotor wing; via air ambulance rotor wing",
    "staying at ronald mcdonald house, then Hope Lodge or FISHER HOUSE",
    "NELSON-RUIZ MORTUARY; the Sutter Home winery; employer is brazos framing llc",
    "(vitek inc, houston, tx); Discussed funeral home options; chose smith mortuary",
    "rite aid on 5th, WALGREENS ON RIVERSIDE, walgreens on file, CVS at Main St",
    "Handed off to RN MJ at 0700. REPORT TO FLOOR RN TJ: report given to night rn a.b.",
    "rn kj received report from ir; RN MJ TOOK REPORT; report to RN HF team",
    "RT BJ AT BEDSIDE; RN KM present for the bronch; RT LB present; rn tk in room",
    "floated rj to pcu, pulled TK to the ED, pulled IAB to 20",
    "consent signed, tbd\nSIGNED, DMK\nsigned: ab",
    "FR BONIFACE ANOINTED PT; Perfusionist Okonkwo did circuit check; Rev. Adeyemi",
    "chaplain aware; 14 FR FOLEY; Transfer fr Hillcrest via EMS; chaplain bro. tillman",
    "registered as trauma alias Zulu Quartz; alias name used; aliases: tango basalt",
]
#: Pieces for random text: the rules' words, their neighbours, and letters that a case-blind
#: regex reads as ASCII ones ("\u017f" an "s", "\u212a" a "k", "\u0131" an "i").
_PIECES = ["encompass", "select", "adapt", "kindred", "option", "care", "liaison", "via", "by",
           "accepted", "declined", "bed", "choices", "1)", "2.", "top", "snf", "life", "gift",
           "of", "source", "donor", "house", "ronald", "mcdonald", "hope", "lodge", "winery",
           "llc", "inc", "mortuary", "cvs", "walgreens", "on", "at", "rotor", "wing", "report",
           "to", "from", "rn", "mj", "kj", "received", "bedside", "present", "floated", "pcu",
           "signed", "fr", "rev", "chaplain", "alias", "zulu", "smith", "Quartz", "MAIN", " ",
           " ", " ", ",", ".", ":", "\n", "(", ")", "\u017f", "\u212a", "\u0131", "é"]


def _texts() -> list[str]:
    rng = random.Random(25)
    made = ["".join(rng.choice(_PIECES) + rng.choice(("", " ", " ")) for _ in range(rng.randint(2, 16)))
            for _ in range(2500)]
    base = [*speed_notes(40, 25, n_dev=40), *_SHAPES, *made,
            *(s.replace("s", "\u017f").replace("k", "\u212a") for s in _SHAPES)]
    return [v for t in base for v in (t, t.lower(), t.upper())]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _plain(regex, text, low=None):
    return regex.finditer(text)


def test_care_flow_shortcuts_find_what_the_plain_scans_find(monkeypatch, texts):
    import meddx.deid._care_flow_places as cf
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    fast = [cf.care_flow_spans(t, lex) for t in texts]
    monkeypatch.setattr(cf, "heads_finditer", _plain)
    monkeypatch.setattr(cf, "_holds", lambda low, words, ascii_note: True)
    plain = [cf.care_flow_spans(t, lex) for t in texts]
    assert fast == plain
    assert sum(map(bool, plain)) > 300  # the texts exercise the rules


def test_staff_title_shortcuts_find_what_the_plain_scans_find(monkeypatch, texts):
    import meddx.deid._staff_titles as st
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    fast = [st.staff_title_names(t, t.lower(), lex) for t in texts]
    monkeypatch.setattr(st, "heads_finditer", _plain)
    plain = [st.staff_title_names(t, t.lower(), lex) for t in texts]
    assert fast == plain
    assert sum(map(bool, plain)) > 100


def test_word_gates_skip_only_ascii_notes_without_the_words():
    from meddx.deid._care_flow_places import _BRAND_WORDS, _holds, care_flow_spans
    from meddx.deid._lexicon import lexicon

    assert not _holds("no brand here", _BRAND_WORDS, True)
    assert _holds("by encompass liaison", _BRAND_WORDS, True)
    assert _holds("no brand here \u00e9", _BRAND_WORDS, False)  # non-ASCII: always run
    # a case-blind regex reads "\u017f" as "s": the gate must not hide the brand
    text = "referred by encompa\u017f\u017f liaison"
    assert [text[s.start:s.end] for s in care_flow_spans(text, lexicon())] == ["encompa\u017f\u017f"]
