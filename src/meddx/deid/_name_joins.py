"""Names whose parts the token rules do not join: a particle inside the name, a line break
inside the name, a lower-case name before a credential without a comma, dotted initials after
a signing word.

* **A particle between two capitalised name words**: "RN Fatima Al Zahra", "Dr. Omar El
  Sayed", "Ahmed Bin Rashid", "Maria Dos Santos": the particle is found first (a literal), then
  a listed given name before it and a surname-like word after it; "et al", "Al Smith" (Al as a
  given name, no name before) stay with the other rules.
* **A title and a given name at a line's end, the surname on the next line**: "Dr. Jonathan\n
  McKenna"; the next line's first word must be capitalised and a listed surname or a word no
  dictionary knows ("Dr. Jonathan\nFollow-up" stays).
* **A lower-case given name and surname before a credential**: "tamika reed lpn gave report",
  "signed faith okafor-james, rn"; the given name listed, the surname listed or unknown (a
  hyphenated surname's parts too); "pt resting comfortably, rn aware" stays.
* **A given name ending a line, the surname and a credential on the next**: "signed by:
  Oluwaseun\nAdeyemi, MD".
* **Dotted initials after a signing word**: "co-signed j.o.", "initials: T.R.", not "a.m.",
  "p.o.".
* **A title, then "St." or a two-letter surname**: "dr. st. pierre", "Ms. Le", "Mr. Vu" (the
  title rule takes particles for the start of a longer name).
* **A nickname or a name told without quotes**: "(goes by gosia)", "known as Bubba,", "prefers
  to be called Biscuit", "a man named bill", "pt's name is sandy" ("named" / "name is" only
  after a person word; "named after", "called back", "goes by car." stay); after "known as" /
  "aka" a lower-case word no dictionary knows only after a relation on the same line ("known
  as phosphohexoisomerase" stays).
* **Apostrophe surnames**: "d/w d'souza (cards)" (a D' form anywhere, not "d'etre"); "O'Brien,
  Patrick MD" (an O' or D' surname, a comma, a listed given name and a credential).

Several rules read the lower-cased text at the same offsets: on a text whose lower-casing
changes its length (rare letters) they are skipped.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import (
    GIVEN_CREDENTIALS,
    JOIN_CREDENTIALS,
    LINE_CREDENTIALS,
    RELATIONS,
    credential_rx,
)
from meddx.deid._signout_names import not_a_name, surname_like

__all__ = ["joined_names"]

_PARTICLE = re.compile(r"(?:Al|El|Abu|Bin|Bint|Ibn|Abd|Dos|Das|Da|De|Del|Della|Di|Du|"
                       r"Van|Von|Le|La|Ter|Ten)(?: (?:Der|Den|La|Los|Las))? (?=[A-Z][a-z])")
_GIVEN_BEFORE = re.compile(r"(?<![\w'\u2019-])([A-Z][a-z]{1,15}) $")
_SURNAME_AFTER = re.compile(r"[A-Z][a-z][A-Za-z'\u2019]*(?:-[A-Z][A-Za-z'\u2019]+)?")
_TITLE_EOL = re.compile(r"(?:Dr|DR|Mr|MR|Mrs|MRS|Ms|MS)\.?[ \t]+([A-Z][a-z]+)[ \t]*\n[ \t]*"
                        r"((?:Mc|Mac|O['\u2019])?[A-Z][a-z][A-Za-z'\u2019]*(?:-[A-Z][A-Za-z'\u2019]+)?)\b")
#: A surname at a line's start before a credential, its given name ending the line before:
#: "signed by: Oluwaseun\nAdeyemi, MD".
_SURNAME_LINE = re.compile(r"\n[ \t]*((?:Mc|Mac|O['\u2019])?[A-Z][a-z][A-Za-z'\u2019]*"
                           r"(?:-[A-Z][A-Za-z'\u2019]+)?)"
                           rf"(?=,?[ \t]+(?:{credential_rx(LINE_CREDENTIALS)})\b)")
_GIVEN_EOL = re.compile(r"(?<![\w'\u2019-])([A-Z][a-z]+)[ \t]*$")
_CREDS = credential_rx(JOIN_CREDENTIALS, written=False)
#: Found from the credential (on the lower-cased text), then the two words before it.
_CRED_AT = re.compile(rf"(?:{_CREDS})\b(?![/.]?\w)")
_TWO_BEFORE = re.compile(r"(?<![\w'\u2019./-])([a-z]{2,})[ \t]+([a-z][a-z'\u2019]+(?:-[a-z][a-z'\u2019]+)?)$")
_SIGNED_DOTS = re.compile(r"(?:co-?signed|signed|cosign|initials|verified)[ \t]*:?[ \t]*"
                          r"((?:[a-z]\.){2,3})(?![\w.])")
#: A title, then "St." / "Saint" and a word: "dr. st. pierre", "Dr. St. John".
_TITLE_SAINT = re.compile(r"(?:dr|mr|mrs|ms|miss)\.?[ \t]+((?:st\.[ \t]*|st[ \t]+|saint[ \t]+)"
                          r"[a-z][a-z'\u2019-]{2,})\b")
#: A title, then a two-letter surname: "Ms. Le", "Mr. Vu" (the title rule skips particles).
_TITLE_SHORT = re.compile(r"(?:Dr|Mr|Mrs|Ms|Miss|DR|MR|MRS|MS)\.?[ \t]+(Le|Ly|Vu|Ng|Ho|Do|Wu|Xu|Yu|Lu|Li|"
                          r"LE|LY|VU|NG|HO|WU|XU|YU|LU|LI)\b(?![-'\u2019])")
#: A nickname or a name without quotes: "(goes by gosia)", "known as Bubba", "pt's name is
#: sandy", "a man named bill", "prefers to be called Biscuit" (on the lower-cased text). After
#: the strong cues (group "strong", or "named" after a person) any word but a function,
#: clinical or role word is taken; after the others ("goes by car." is no name) a listed name
#: or a word no dictionary knows.
_NICK = re.compile(r"(?:(?P<strong>nicknamed?|(?:prefers|likes|wants)[ \t]+to[ \t]+be[ \t]+called)|"
                   r"(?P<named>named|name[ \t]+is)|goes[ \t]+by|go[ \t]+by|known[ \t]+as|a\.?k\.?a\.?)"
                   r"[ \t:]*(?P<word>[a-z][a-z'\u2019-]+)"
                   r"(?=[ \t]*(?:[).,;]|$|and\b|at\b|by\b))", re.MULTILINE)
#: A surname with an apostrophe ("O'Brien", "D'Souza", "d'souza") then a comma, a given name
#: and a credential; and a lower-case d' surname anywhere ("d/w d'souza (cards)").
_APOS = re.compile(r"['\u2019]([A-Za-z][a-z]{2,})(?![\w'\u2019])")
_GIVEN_CRED = re.compile(rf",[ \t]*([A-Z][a-z]+)[ \t]+(?:{credential_rx(GIVEN_CREDENTIALS)})\b")
_NOT_D = frozenset(("d'etre", "d'oeuvre", "d'oeuvres", "d'hote", "d'affaires"))
#: "named" / "name is" count only after a person: "a man named bill", "pt's name is sandy".
_PERSON_BEFORE = re.compile(r"(?<![\w-])(?:man|woman|boy|girl|gentleman|lady|patient|pt|pt's|patient's|"
                            r"person|baby|infant|his|her|my|their|whose)(?:[ \t]+[a-z'\u2019-]+)?[ \t]+$")
_NICK_KEYS = ("goes by", "go by", "known as", "nickname", "aka", "a.k.a", "be called", "named",
              "name is")
#: Words after "named" / "called" that name no one ("named after", "called back").
_NOT_NICK = frozenset("after for back in on as the a an by".split())
_DOTTED = frozenset("am pm po iv im sq bid tid qid qd qod prn npo od os ou eg ie".split())


def joined_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is ``text`` in
    lower case."""
    out: list[tuple[int, int]] = []
    if len(low) != len(text):
        return out  # the rules read offsets of the lower-cased text
    for m in _PARTICLE.finditer(text):
        if m.start() < 2 or text[m.start() - 1] != " " or not text[m.start() - 2].islower():
            continue
        g = _GIVEN_BEFORE.search(text, max(0, m.start() - 17), m.start())
        s = _SURNAME_AFTER.match(text, m.end())
        if g is None or s is None:
            continue
        given = g.group(1).lower()
        if given in lex.first_names and given not in lex.common_words and not not_a_name(g.group(1), lex) \
                and surname_like(s.group(), lex):
            out.append((g.start(1), s.end()))
    if "\n" in text:
        for m in _SURNAME_LINE.finditer(text):
            g = _GIVEN_EOL.search(text, max(0, m.start() - 20), m.start())
            if g is not None and (g.group(1).lower() in lex.first_names or surname_like(g.group(1), lex)) \
                    and not not_a_name(g.group(1), lex) and surname_like(m.group(1), lex):
                out += [g.span(1), m.span(1)]
        for m in _TITLE_EOL.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "._"):
                continue
            if m.group(1).lower() in lex.first_names and surname_like(m.group(2), lex):
                out.append((m.start(1), m.end(2)))
    for c in _CRED_AT.finditer(low):
        j = c.start()
        while j and low[j - 1] in " \t":
            j -= 1
        if j and low[j - 1] == ",":
            j -= 1
        elif j == c.start() or (c.start() > 0 and low[c.start() - 1].isalnum()):
            continue  # ", rn" or " rn", not "concern"
        m = _TWO_BEFORE.search(text, max(0, j - 40), j)
        if m is None:
            continue
        first, last = m.group(1), m.group(2)
        if first in lex.first_names and not not_a_name(first, lex) and surname_like(last, lex) \
                and (last not in lex.common_words or last in lex.last_names):
            out.append((m.start(1), m.end(2)))
    if "st." in low or "st " in low or "saint" in low:
        out += [m.span(1) for m in _TITLE_SAINT.finditer(low)
                if not m.start() or not (low[m.start() - 1].isalnum() or low[m.start() - 1] in "._")]
    out += [m.span(1) for m in _TITLE_SHORT.finditer(text)
            if not m.start() or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "._")]
    if any(c in low for c in _NICK_KEYS):
        for m in _NICK.finditer(low):
            if m.start() and low[m.start() - 1].isalnum():
                continue
            w = text[m.start("word"):m.end("word")]
            k = w.lower()
            if not_a_name(w, lex) or k in _NOT_NICK:
                continue
            strong = m.group("strong") or (m.group("named") and _PERSON_BEFORE.search(
                low, max(0, m.start() - 30), m.start()) is not None)
            if strong and (k in lex.first_names or k in lex.last_names
                           or k in lex.common_words or surname_like(w, lex)):
                out.append(m.span("word"))  # "prefers to be called Biscuit"
                continue
            if not (k in lex.first_names or surname_like(w, lex)):
                continue
            line = text[max(0, text.rfind("\n", 0, m.start()) + 1, m.start() - 48):m.start()].lower()
            if k in lex.first_names or (w[0].isupper() and k not in lex.common_words) \
                    or any(r in line.split() for r in RELATIONS):
                out.append(m.span("word"))  # a lower-case unknown word after a relation only
    if "'" in text or "\u2019" in text:
        for m in _APOS.finditer(text):
            i = m.start()  # the apostrophe; the letter before it is "O" or "D"
            if i == 0 or text[i - 1] not in "OoDd" or (
                    i > 1 and (text[i - 2].isalnum() or text[i - 2] in "'_")):
                continue
            word = text[i - 1:m.end()]
            g = _GIVEN_CRED.match(text, m.end())
            if g is not None and g.group(1).lower() in lex.first_names:
                out += [(i - 1, m.end()), g.span(1)]  # "O'Brien, Patrick MD"
            elif text[i - 1] in "Dd" and word.lower() not in _NOT_D:
                out.append((i - 1, m.end()))  # "d/w d'souza (cards)"
    if "." in text and ("sign" in low or "initials" in low or "verified" in low):
        for m in _SIGNED_DOTS.finditer(low):
            if m.start() and (low[m.start() - 1].isalnum() or low[m.start() - 1] == "-"):
                continue
            if m.group(1).replace(".", "").lower() not in _DOTTED:
                out.append(m.span(1))
    return out
