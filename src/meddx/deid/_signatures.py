"""Names before a credential, in any case: signature lines ("--ap rn", "t.o. rn",
"M. HOLLOWAY RN", "J. PIKE RRT / B. SZABO RN", "corinne vasquez rn") and a first name or
initials right before a credential in running text ("kate rrt here", "JT RN aware").

A signature is a line, or a part of a line after "/", that holds only one to four name words
and a credential. Its words may be initials ("kp", "m.j.") or words that are no common or
clinical word unless they are listed names ("trish", "vasquez"); unit and role words ("ICU
RN", "charge RN", "night RN") are not names.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import JOB_WORDS, TEAM_ABBREVS, UNIT_WORDS
from meddx.deid._tokens import FUNCTION_WORDS, Token, tokenize

__all__ = ["credential_names"]

_W = r"[^\W\d_](?:[^\W\d_]|['\u2019.-])*"
_CRED = (r"r\.?n|l\.?p\.?n|rrt|rt|np|m\.?d|pa-c|sn|crna|cnm|msw|lcsw|licsw|cna|slp|emt|wocn|"
         r"aprn|fnp|rph|pharmd|pca")
# Post-nominals after the credential: "h. okafor, rn bsn", "RN, BSN, CCRN".
_POST = r"(?:[ \t,]+(?:bsn|msn|ccrn|cen|ocn|rnc|cnl|cpn|ccm|cde|mph|phd|np|aprn))*"
_ROLE_LEAD = r"(?:(?:preceptee|preceptor|charge|primary|student|float|relief)[ \t]+)?"
# Where a signature may start: a line, a "/" or a sentence's start. Each is tried on its own
# (a match from an earlier start must not hide one from a later start).
_STARTS = re.compile(r"(?m)^|/|[.;][ \t]+")
_SIGNATURE = re.compile(
    rf"(?i)[ \t*\u2013\u2014-]*{_ROLE_LEAD}(?P<name>{_W}(?:[ \t]+{_W}){{0,3}})"
    rf"[ \t]*(?:,[ \t]*)?(?:/[ \t]*)?(?<![^\W\d_])(?P<cred>{_CRED}|pa)\.?{_POST}[ \t]*"
    rf"(?=$|\n|/|;|\(|\.?[ \t]+(?-i:[A-Z]{{3}}))")
#: A character _SIGNATURE never holds before its credential (a new line, a digit, ...).
_NOT_IN_SIGNATURE = re.compile(r"[^\w \t*\u2013\u2014'\u2019.,/-]|[\d_]")
_INLINE = re.compile(rf"(?<![\w/.])(?P<name>{_W})[ \t]+(?P<cred>{_CRED}|sw|licsw|pa|pt)\b(?![/.]?\w)",
                     re.IGNORECASE)


def _word_ok(word: str, lex: Lexicon, inline: bool) -> bool:
    w = word.lower().strip(".")
    letters = w.replace(".", "")
    if not letters or w in FUNCTION_WORDS or w in UNIT_WORDS or letters in UNIT_WORDS \
            or w in JOB_WORDS:
        return False
    if "." in w or len(letters) <= 3:  # initials: "kp", "t.o", "m.j", "JT"
        if inline:  # "JT RN", "dp rrt at bedside"; the hand list, not every abbreviation
            return (word.isupper() or word.islower()) and 2 <= len(letters) <= 3 \
                and letters not in lex.medical and letters not in lex.common_words
        return len(letters) <= 3 or all(len(p) <= 1 for p in w.split("."))
    listed = w in lex.first_names or w in lex.last_names
    if inline:
        return w in lex.first_names and w not in lex.common_words and not lex.is_medical(w)
    if lex.is_medical(w) or w in lex.common_words:
        return listed
    return True




def _titled_signature(text: str, m: re.Match, lex: Lexicon) -> bool:
    """A line's end that is only two or three capitalised words, a comma and a credential: a
    signature even when the words are common ones ("Faith Kettle, RN"; the first a listed
    first name), unless they are
    clinical, job or inflected words ("Charge Nurse, RN", "Wound Care, RN")."""
    words = m.group("name").split()
    if not 2 <= len(words) <= 3 or "," not in text[m.end("name"):m.start("cred")] \
            or words[0].lower() not in lex.first_names:
        return False
    if text[max(0, m.start("name") - 40):m.start("name")].rstrip(" \t*-")[-1:] \
            not in ("", "\n", ".", "!", "?", ";"):
        return False  # a line's or a sentence's start
    if text[m.end():m.end() + 1] not in ("", "\n", "\r"):
        return False
    for w in words:
        k = w.lower()
        if not (w[0].isupper() and w[1:].islower() and w.isalpha()) or k in FUNCTION_WORDS \
                or k in UNIT_WORDS or k in JOB_WORDS or lex.is_medical(w) \
                or k.endswith(("ing", "ed", "ly", "tion", "ment", "ness")):
            return False
    return True


def credential_names(text: str, lex: Lexicon, toks: list[Token] | None = None
                     ) -> list[tuple[int, int]]:
    """(start, end) of the names found before a credential (see the module docstring).
    Each credential in the text (a token) is looked at once: the signature that ends with it,
    then the word right before it."""
    out = []
    toks = tokenize(text) if toks is None else toks
    for t in toks:
        if t.key not in _CRED_KEYS and not (t.initial and t.key in "rml" and t.dot):
            continue
        cs = t.start
        if cs == 0:
            continue
        for start in sorted({a.end() for a in _STARTS.finditer(text, max(0, cs - 80), cs)}):
            if _NOT_IN_SIGNATURE.search(text, start, cs):
                continue  # no match from here reaches the credential: a cheap test first
            m = _SIGNATURE.match(text, start)
            if m is None or m.start("cred") != cs:
                continue
            if m.group("cred").lower() == "pa" and "," not in text[m.end("name"):cs]:
                continue
            words = m.group("name").split()
            if (all(_word_ok(w, lex, False) for w in words) or _titled_signature(text, m, lex)) \
                    and not all(len(w.strip(".")) <= 1 for w in words):
                out.append((m.start("name"), m.start("name") + len(m.group("name").rstrip("."))))
                break
        m = _INLINE.match(text, _word_start(text, cs))
        if m is None or m.start("cred") != cs:
            continue
        name, cred = m.group("name"), m.group("cred").lower()
        if name.endswith(".") and "." not in name[:-1] and len(name) > 2:
            continue  # "at bs. rn to take pt": a sentence's end, not initials ("m.j. rn")
        listed = name.lower() in lex.first_names and name.lower() not in lex.common_words
        if name.islower() != m.group("cred").islower() and not listed:
            continue  # initials: "dp rrt", "JT RN"; a first name: "osvaldo NP", "gail LPN"
        if cred in ("pa", "pt") and not listed:
            continue  # "PA", "PT" need a listed first name before them: "VERNA PA"
        if _word_ok(name, lex, True) and not (
                name.lower() in TEAM_ABBREVS and _TEAM_VERB.match(text, m.end("cred"))):
            out.append((m.start("name"), m.end("name")))
    return out


def _word_start(text: str, cs: int) -> int:
    """Start of the word before the blanks before offset ``cs``."""
    i = cs
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] in "'\u2019.-"):
        i -= 1
    return i


#: What a team does after its credential: "EP NP aware" is a team; "EP CNA x9696" initials.
_TEAM_VERB = re.compile(r"[ \t]+(?:aware|following|notified|updated|paged|here|at|called|saw|to|"
                        r"will|consulted|recommends)\b", re.IGNORECASE)
_CRED_KEYS = frozenset(
    "rn lpn rrt rt np md pa-c sn crna cnm msw lcsw licsw cna slp emt wocn aprn fnp rph pharmd "
    "pca pa pt sw".split())
