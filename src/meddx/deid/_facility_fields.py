"""The whole value of a facility field (session 16, deidplace16).

Forms and letterheads give the facility in a labelled field: "Facility: Renown Regional",
"Hospital: Sterling", "Referring facility: Summit Peak", "OSH: Carver", "Institution: Bay
Ridge". ``_facility_forms`` reads such a value only when its words look like a facility's
name (a listed short name, a facility word, a word no dictionary knows), so a facility named
by common words or a surname ("Renown", "Sterling", "Carver", "Summit Peak") was missed or
cut short. After these labels the value is a facility whatever its words: one to six words
up to the end of the field (a line break, two spaces or a tab, a bracket, a comma, a
semicolon, " - "), HOSPITAL. Values that name no facility stay: "Facility: none", "Hospital:
day 3", "Facility: N/A", "OSH: unknown", "Hospital: same", a clinical word ("Hospital: ICU"),
a value opening on one with no facility word ("OSH: CT head neg"), a person after a title
("Facility: Dr. Lee"), numbers and dates.

A reviewer (session 16, placefix16) found sentences taken for names; these stay too: a value
with a function word inside other than one that joins a name (of, the, and, at, for: "Hospital:
complicated by AKI", "Receiving facility: to be determined"), a value opening on a clinical word
with no facility head (hospital, center, clinic, institute: "OSH: labs reviewed"; generic words
such as labs, unit, care, nursing no longer count), and a value of common words that is not in
title case ("Hospital: stable overnight", "Facility: skilled nursing"; "Summit Peak" stays a
name, and so, in a lower-case note, a name of common words such as "harbor view" is left).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._place_words import FACILITY_HEADS
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["field_value_spans"]

_LABEL = re.compile(
    # blanks are read only after a line start or a bar: a lookbehind for two blanks followed by
    # blanks would pass at every place of a run of blanks and read it back and forth (quadratic;
    # reviewer, session 16)
    r"(?im)(?:^[ \t]*|(?<=[ \t]{2})|(?<=\t)|(?<=\|)[ \t]*)"
    r"(?:(?:referring|sending|transferring|accepting|receiving|outside|admitting|treating)[ \t]+)?"
    r"(?:facility|hospital|institution|osh)[ \t]*:[ \t]*")
_VALUE = re.compile(r"[^\W\d_][\w'&.\u2019-]*(?:[ ](?:&|[^\W_][\w'&.\u2019-]*)){0,5}")
_END = re.compile(r"[ \t]*(?:$|\n|[ \t]{2}|\t|[(,;|]|[ \t]-[ \t])")
#: values that name no facility
_STOP = frozenset(
    "none n/a na unknown unk pending same self home other this that our current outside n "
    "day days hd pod none. yes no not see per the a an tbd unclear undetermined unable to".split())
#: function words that join a facility's name ("Cancer Center of X", "St. Mary's at Y"); any
#: other inside a value makes it a sentence ("complicated by AKI", "transferred from ED")
_NAME_JOINS = frozenset("of the and at for & de del la".split())
_TITLES = frozenset("dr dr. drs mr mr. mrs mrs. ms ms. doctor".split())


def field_value_spans(text: str, lex: Lexicon) -> list[Span]:
    """HOSPITAL spans for the values of facility fields (module docstring)."""
    if ":" not in text:
        return []
    out: list[Span] = []
    for m in _LABEL.finditer(text):
        v = _VALUE.match(text, m.end())
        if v is None:
            continue
        value = v.group()
        # the value ends where the field does: drop words after the field's end
        end = m.end() + len(value)
        while end > m.end() and _END.match(text, end) is None:
            cut = text.rfind(" ", m.end(), end)
            if cut < 0:
                end = m.end()
                break
            end = cut
        if end == m.end():
            continue
        words = text[m.end():end].split()
        keys = [w.lower().strip(".'\u2019") for w in words]
        if keys[0] in _STOP or words[0].lower() in _TITLES or keys[-1] in FUNCTION_WORDS \
                or any(k in FUNCTION_WORDS and k not in _NAME_JOINS for k in keys):
            continue
        if lex.is_medical(keys[0], abbreviations=words[0].isupper()) and FACILITY_HEADS.isdisjoint(keys):
            continue  # "OSH: CT head neg": a finding, not a name ("Cancer Center of X", with a
            # facility head, is; generic words such as labs, unit, care do not count)
        plain = [k in FUNCTION_WORDS or k in _STOP or lex.is_medical(k, abbreviations=w.isupper())
                 or any(c.isdigit() for c in k) for k, w in zip(keys, words, strict=True)]
        if all(plain):
            continue
        if FACILITY_HEADS.isdisjoint(keys) and all(
                p or k in lex.common_words for p, k in zip(plain, keys, strict=True)) and not all(
                w[:1].isupper() for k, w in zip(keys, words, strict=True) if k not in FUNCTION_WORDS):
            continue  # common words in lower case: "Hospital: stable overnight", "Facility:
            # skilled nursing" (a kind of facility); "Summit Peak" and, with a facility head,
            # "harbor view medical center" stay
        out.append(Span(m.end(), end, "HOSPITAL", "places", 0.75))
    return out
