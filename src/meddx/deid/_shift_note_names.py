"""Names in nursing shift and respiratory notes that the list-and-cue rules miss (session 9,
branch deidicu). Staff go by a first name after their role, relatives by a first name after the
relation, and many of those first names are also words or months ("rn april", "wife june",
"husband art", "cm rich", "RN PEG").

* **A staff role, then a first name that ends its clause**: "per night rn april;", "w/ slp
  karen.", "cm rich working on it", "RN PEG AND RN BETH ADMITTED", "RT DEVON / RT ANA
  (7A-7P)". The word is a listed first name or one of the month names that are also given
  names (april, may, june, august); a clinical word only in a list of staff ("RN PEG AND RN
  BETH", "RT ANA (7A-7P)"), never after "rt" / "pa" otherwise ("rt arm.", "pa line."); a
  modal never ("rn will call", "sw may follow"); "rn aware", "rt leg", "sw following" stay.
* **A title before a month that is also a given name**: "dr april aware", "Mrs. June Hale"
  (not "dr may 3", "dr may call").
* **A relative, then a first name that is also a word or a month**: "wife june and son",
  "HUSBAND ART IS IN", "husband art at bs", "niece joy called"; not "son will call", "dtr may
  come", "wife june 3rd", "son very supportive", nor a modal in lower case before a
  conjunction ("wife will and son": the verb of both; "wife Will and son" is a name).
* **A colleague's first name before their service**: "d/w jen in pharmacy", "per sue from case
  mgmt", "spoke w/ dave in ir": a listed first name after a hand-off cue.
* **A team or service, then a first name in brackets**: "iv team (carol)", "pharmacy (jen)";
  **a hand-off to or from a first name**: "report to jane on 11", "sign out given to raj",
  "report received from ngozika", or a word no list knows ("report given to yuliska"); not a
  common or clinical word: "report to floor", "report to night rn", "report to pacu".
* **A relative, "is", a first name ending its clause, or a relative's first name before a
  phone word**: "mom is jean, 555-2234", "daughter hope's cell".
* **A non-clinical role, then a surname**: "investigator mcnulty asked", "DETECTIVE RUIZ"
  (a listed name that is no common or clinical word).

Every rule is found from a rare literal (a role or relation word followed by a blank), reads
one word and a few characters after it, and works on the lower-cased text (any case).
"""

from __future__ import annotations

import re

from meddx.deid._kin_modal_names import modal_then_conjunction
from meddx.deid._lexicon import Lexicon
from meddx.deid._name_words import MODALS, NOT_AFTER_CUE, RELATIONS
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["shift_note_names"]

#: Month names that are also given names (the lexicon drops months from its first names).
_MONTH_NAMES = frozenset("april may june august".split())
_ROLES = r"rn|rrt|rt|np|slp|cm|sw|pa|ot|lpn|cna|crna|rd|pct|pca|lcsw|licsw|msw|secretary|clerk|aide|tech"
#: Roles that are also clinical words or units ("rt" right, "pa" pulmonary artery, "cm").
_AMBIGUOUS_ROLES = frozenset(("rt", "pa", "ot", "rd", "cm", "pct"))
_STAFF = re.compile(rf"(?<![\w/'-])({_ROLES}):?[ \t]+([a-z][a-z'\u2019-]{{1,14}})\b(?![/'\u2019-])")
#: What ends a staff member's first name: punctuation, a line's end, another staff member, or
#: what only people do.
_STAFF_END = re.compile(
    r"[ \t]*(?:[;,.)(]|/|$|&|and\b|to\b|at[ \t]+(?:the[ \t]+)?(?:bs|bedside)\b|aware\b|notified\b|"
    r"updated\b|called\b|paged\b|working\b|following\b|in[ \t]+to\b|here\b|present\b|admitted\b|"
    r"gave\b|given\b|took\b|placed\b|will\b|states\b|said\b|reports\b|rounded\b)", re.MULTILINE)
#: What only people do, after a first name that is also a clinical word.
_PERSON_END = re.compile(
    r"[ \t]+(?:at[ \t]+(?:the[ \t]+)?(?:bs|bedside)|aware|notified|updated|called|paged|working|"
    r"following|in[ \t]+to|here|present|admitted|gave|took|placed|states|said|reports|rounded|"
    r"to[ \t]+(?:re)?(?:check|see|eval|assess|follow|f/u|call|draw|page|come))\b")
#: A title before a month that is also a given name: "dr april aware", "Mrs. June Hale";
#: not "dr may 3", "seen by dr on june 3rd".
_TITLE_MONTH = re.compile(r"(?<![\w-])(?:dr|drs|mr|mrs|ms|miss)\.?[ \t]+(april|may|june|august)(?![\w/-])"
                          r"(?![ \t]*(?:\d|of\b|,[ \t]*\d))")
#: A list of staff after the name: "RN PEG AND RN BETH", "RT DEVON / RT ANA (7A-7P)".
_STAFF_LIST = re.compile(
    rf"[ \t]*(?:(?:and|&|/|,)[ \t]*(?:{_ROLES})[ \t]+[a-z]|\([ \t]*\d{{1,4}}[ap]?[ \t]*-)")
_RELATIONS = "|".join(sorted(RELATIONS, key=lambda w: (-len(w), w)))
_RELATION = re.compile(
    r"(?<![\w/'-])(" + _RELATIONS +
    r")(?:[ \t]+(is[ \t]+)?|[ \t]*(,)[ \t]*)([a-z][a-z-]{1,14})(?![\w/-])"
    r"(['\u2019]s[ \t]+(?:cell|phone|number|#|home|work|mobile|contact|husband|wife)\b)?")
_AFTER_RELATION = re.compile(r"(?<![\w/'-])(?:" + _RELATIONS + r")[ \t]+$")
#: After "is": only the clause's end ("mom is jean, 555-2234"; not "son is frank about it").
_IS_END = re.compile(r"[ \t]*(?:[;,.)]|$)", re.MULTILINE)
_RELATION_END = re.compile(
    r"[ \t]*(?:[;,.)(]|$|&|and\b|(?:is|was)[ \t]+(?!\d)|at[ \t]+(?:the[ \t]+)?(?:bs|bedside)\b|called\b|"
    r"calls\b|phoned\b|visited\b|here\b|in[ \t]+to\b|present\b|states\b|stated\b|said\b|aware\b|"
    r"updated\b|came\b|arrived\b|left\b|wants\b|asked\b|requests\b)", re.MULTILINE)
#: After a modal only punctuation, "and" or a verb that cannot follow a modal ends a name
#: ("niece may called", "wife june and son will."; "son will call" is the verb).
_MODAL_END = re.compile(r"[ \t]*(?:[;,.)]|$|and\b|(?:called|phoned|visited|is|was|states|stated|"
                        r"said|asked|wants|came|arrived|left|at[ \t]+(?:the[ \t]+)?(?:bs|bedside))\b)",
                        re.MULTILINE)
_COLLEAGUE = re.compile(
    r"(?<![\w/-])(?:d/w|per|spoke[ \t]+(?:w/|with)|discussed[ \t]+(?:w/|with)|talked[ \t]+(?:w/|with|to)|"
    r"called|paged|w/)[ \t]+([a-z][a-z'\u2019-]{1,14})[ \t]+(?:in|from|of|@|at)[ \t]+(?:the[ \t]+)?"
    r"(?:pharmacy|pharm|case[ \t]+(?:management|mgmt|mgt)|social[ \t]+work|admitting|"
    r"bed[ \t]+(?:management|mgmt|board)|infection[ \t]+control|nutrition|dietary|blood[ \t]+bank|"
    r"wound[ \t]+care|radiology|ir|lab|micro|nuclear[ \t]+med(?:icine)?|registration|billing|"
    r"security|transport|interpreter[ \t]+services|pastoral[ \t]+care|risk[ \t]+management|"
    r"patient[ \t]+relations|hospital[ \t]+police)\b")
#: A team or service, then a first name in brackets: "iv team (carol)", "pharmacy (jen)".
_TEAM_BRACKET = re.compile(
    r"(?<![\w-])(?:team|pharmacy|pharmacist|supervisor|interpreter|chaplain|wocn|wound[ \t]+care|"
    r"rapid[ \t]+response|admitting|transport|sitter|tech|clerk|secretary|nutrition|dietitian|"
    r"bed[ \t]+board|case[ \t]+management|security)[ \t]*\([ \t]*([a-z][a-z-]{1,14})[ \t]*\)")
#: A hand-off to or from a colleague: "report to jane on 11", "report received from ngozika".
_REPORT_TO = re.compile(
    r"(?<![\w-])(?:report|handoff|hand-off|hand[ \t]+off|sign[ \t-]?out|signout)(?:[ \t]+(?:given|"
    r"called|endorsed|passed|received|taken))?[ \t]+(?:to|from)[ \t]+([a-z][a-z-]{1,14})(?![\w/-])")
_OFFICIAL = re.compile(
    r"(?<![\w/-])(?:investigator|detective|det\.|sergeant|sgt\.?|lieutenant|lt\.|caseworker|"
    r"case[ \t]+worker|guardian[ \t]+ad[ \t]+litem|parole[ \t]+officer|probation[ \t]+officer)"
    r"[ \t]+([a-z][a-z'\u2019-]{1,20})\b")


def _given_name(word: str, lex: Lexicon) -> bool:
    """A listed first name or a month that is also one, and no function or relation word."""
    return (word in lex.first_names or word in _MONTH_NAMES) and word not in FUNCTION_WORDS \
        and word not in RELATIONS


def _staff(m: re.Match[str], low: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    word = m.group(2)
    if not _given_name(word, lex):
        return
    end = m.end(2)
    if _STAFF_LIST.match(low, end):
        out.append((m.start(2), end))
        return
    if word in MODALS or word in NOT_AFTER_CUE:
        return  # "rn may call", "sw will follow", "rn ok.", "sw here"
    person = _PERSON_END.match(low, end) is not None
    if lex.is_medical(word) and word not in _MONTH_NAMES:
        # "rt arm.", "pa line.", "ot eval."; after another role only before a person's
        # verb ("rn ed aware"), never before a stop ("rn peg.")
        if m.group(1) in _AMBIGUOUS_ROLES or not person:
            return
    if m.group(1) in _AMBIGUOUS_ROLES and word in lex.common_words and not person:
        return  # "3 cm long and", "rt rose to"
    if _STAFF_END.match(low, end):
        out.append((m.start(2), end))


def _relative(m: re.Match[str], low: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    word = m.group(4)
    if not m.group(5) and low.startswith(("'", "\u2019"), m.end(4)):
        return  # a possessive without a phone word after it: "son joy's room"
    if word in MODALS and (word in lex.first_names or word in _MONTH_NAMES) \
            and not m.group(2) and not m.group(3) and not m.group(5):
        if _MODAL_END.match(low, m.end(4)):  # "hcp is son will.", "niece may called"
            out.append(m.span(4))
        return
    if not _given_name(word, lex) or word in NOT_AFTER_CUE:
        return
    if m.group(5) or m.group(2) or m.group(3):  # "hope's cell", "mom is jean,", "wife, june,"
        if m.group(5) or _IS_END.match(low, m.end(4)):
            out.append(m.span(4))
        return
    # Names that are no word are the name rules' already; this rule reads the others.
    if word not in lex.common_words and word not in _MONTH_NAMES and not lex.is_medical(word):
        return
    if word not in MODALS and _RELATION_END.match(low, m.end(4)):
        out.append(m.span(4))


def _colleague(m: re.Match[str], low: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    if _given_name(m.group(1), lex):
        out.append(m.span(1))


def _title_month(m: re.Match[str], low: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    if m.group(1) != "may" or _STAFF_END.match(low, m.end(1)):
        out.append(m.span(1))


def _bracket_or_report(m: re.Match[str], low: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    word = m.group(1)
    if word in NOT_AFTER_CUE or lex.is_medical(word):
        return
    if _given_name(word, lex) and (word not in lex.common_words or m.re is _TEAM_BRACKET) \
            or m.re is _REPORT_TO and _unknown_word(word, lex):
        out.append(m.span(1))


def _unknown_word(word: str, lex: Lexicon) -> bool:
    """A word no list knows (no English, clinical, name, town or function word): after a
    hand-off, a colleague's given name ("report given to yuliska", "report from ngozika")."""
    return len(word) >= 3 and "-" not in word and word not in lex.common_words \
        and word not in lex.first_names and word not in lex.last_names and word not in lex.cities \
        and word not in FUNCTION_WORDS and word not in RELATIONS and word not in MODALS


def _official(m: re.Match[str], low: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    word = m.group(1)
    if (word in lex.last_names or word in lex.first_names) and word not in FUNCTION_WORDS \
            and word not in lex.common_words and not lex.is_medical(word):
        out.append(m.span(1))


def _words(pattern: str) -> frozenset[str]:
    return frozenset(pattern.split("|"))


#: The first word of each rule's cue, and the rules it starts: one scan of the note's words.
_DISPATCH: dict[str, list] = {}
for _keys, _rule, _read in (
        (_words(_ROLES), _STAFF, _staff),
        (RELATIONS, _RELATION, _relative),
        (_words("d/w|per|spoke|discussed|talked|called|paged|w/"), _COLLEAGUE, _colleague),
        (_words("dr|drs|mr|mrs|ms|miss"), _TITLE_MONTH, _title_month),
        (_words("team|pharmacy|pharmacist|supervisor|interpreter|chaplain|wocn|wound|rapid|"
                "admitting|transport|sitter|tech|clerk|secretary|nutrition|dietitian|bed|case|"
                "security"), _TEAM_BRACKET, _bracket_or_report),
        (_words("report|handoff|hand-off|hand|sign|sign-out|signout"), _REPORT_TO, _bracket_or_report),
        (_words("investigator|detective|det|sergeant|sgt|lieutenant|lt|caseworker|case|guardian|"
                "parole|probation"), _OFFICIAL, _official)):
    for _key in _keys:
        _DISPATCH.setdefault(_key, []).append((_rule, _read))
_WORD = re.compile(r"[a-z][a-z/-]*")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz/-")
#: The dispatch words that ``_WORD`` can find (all of them: each is one such word).
_KEYS = frozenset(k for k in _DISPATCH if _WORD.fullmatch(k))


def shift_note_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names these rules find in ``text`` (``low`` is its lower case; see
    the module docstring)."""
    if len(low) != len(text):  # a character whose lower case is longer: skip these rules
        return []
    out: list[tuple[int, int]] = []
    present = _KEYS.intersection(_WORD.findall(low))  # the cue words, read at C speed
    if not present:
        return out
    for p, word in sorted((p, k) for k in present for p in _word_starts(low, k)):
        for rule, read in _DISPATCH[word]:
            m = rule.match(low, p)
            if m is not None:
                read(m, low, lex, out)
    # a relative's modal: the case tells a name ("wife Will and son") from the verb of both
    # relatives ("wife will and son"); the rules read the lower-cased text only
    return [(a, b) for a, b in out if not (modal_then_conjunction(text, a, b)
                                           and _AFTER_RELATION.search(low, max(0, a - 40), a))]


def _word_starts(low: str, key: str) -> list[int]:
    """The offsets where ``_WORD`` finds the word ``key`` in ``low``: the same positions as
    ``[w.start() for w in _WORD.finditer(low) if w.group() == key]``, found with ``str.find``."""
    starts = []
    n, size = len(key), len(low)
    p = low.find(key)
    while p >= 0:
        e = p + n
        if e == size or low[e] not in _WORD_CHARS:  # the word ends with the key
            q = p
            while q and low[q - 1] in "/-":  # "/" and "-" only continue a word
                q -= 1
            if not q or not "a" <= low[q - 1] <= "z":  # and starts with it
                starts.append(p)
        p = low.find(key, p + 1)
    return starts
