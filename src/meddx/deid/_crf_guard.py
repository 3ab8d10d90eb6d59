"""The ``crf`` detector's precision guard and its place beside the rules (session 11, crfdefault).

Made a default detector, the CRF tagger runs on every note; what it adds must be PHI the
rules missed, never a retyping of what they found nor a look-alike. Two checks:

* :func:`crf_allowed`, on each span it predicts, after the ``ner`` guard
  (:func:`meddx.deid._ner_guard.allowed`):

  - a DATE that is a bare year with P(not O) under 0.9 ("until 1995" in an abstract) or
    right after an upper-case abbreviation ("CT 2015 at bedside", a time or a setting), or
    with a word that names no month ("Smith 2016", a citation);
    years in a patient's history are PHI in our notes and stay ("dx 2014");
  - a NAME with a digit or a slash between letters ("Tue/Thu"); a one-word NAME in no name
    list under P 0.97 ("Tecfidera"); a one-word NAME that is a common English word in lower
    case ("wife will", "2 dr lee") or capitalised only by its place at a sentence start
    ("Mark made on L thigh");
  - a country ("Guatemala", "Puerto Rico"; a one-word NAME may be a person: "Jordan");
  - one common or clinical word said four times or more, the repeats separated by whitespace
    alone, and nothing else, in a span not labelled NAME ("word " x 10, which the tagger read
    as one LOCATION; session 19: with only that word around it, its context features say
    nothing; a list with commas or full stops, "rose, rose, rose", is not this shape);
  - a HOSPITAL or LOCATION that names a room, unit or office: its last word is one
    ("Bay", "Wing", "Hall", "office", "Center", "West" ...), its other words common or
    clinical words, at most one number ("Trauma Bay", "East Wing", "Town Hall", "PCP
    office", "7 West"; more words only in lower case: "rural health center"). "Copper
    Kettle", "Linden Court", "Haven House", "Coastal Kidney Center" stay. In lower case, a
    place of only common words after "local", "nearby", an article or a possessive ("local
    catholic church", "a nearby nursing home"; session 12, since the case-augmented model
    reads lower-case text more readily) is a kind of place, not a name.

  The crf's span must also pass the look-alike checks the rules apply to the same words
  (session 17, when the refit model at 0.9 tagged the rules' look-alikes):

  - any span inside a bracketed list of names with years that no admission word comes before
    ("(Smith 2016, Jones 2018)", a citation; ``_history_places.in_citation``);
  - a one-word NAME that no name list holds, at a sentence start with no title or initial
    before it and a notification word after it, a role word between them or not ("Nsgy
    aware.", "Nexterone (rn aware"): a service or a drug; the rules take such a word as a
    name only with a cue ("Dr. Nsgy", "Mike SW aware"); "Kwame called" stays;
  - a DATE that is a bare month word after "with" ("living with August": a person);
  - :func:`crf_trimmed`: a NAME that starts with an initial the rules would not join to the
    name after it, right after another word ("vitamin d. okafor":
    ``_name_edges.initial_after_word``), starts after it.

* :func:`outside_rules`, on one note's spans of every detector, before the merge: a CRF span
  gives way to the other detectors' spans it overlaps. Its runs of words outside them are
  dropped where they are two or more clinical words ("Mar Holter" after the rules' "Del"; "St"
  before "Clement's" stays) or only common or clinical words in lower case ("of", "garden
  center" after "Home Depot"), where one of the CRF span and the span they touch is a DATE and
  the other is not ("Del Mar" a DATE, the rules' "Del" a NAME; a NAME and a place may well be
  one name: "Priya Raman", "Raman Clinic"), or where a
  DATE's run has no digit, no month and no weekday word ("Seen" before the rules' "Mar 2103"); the others
  extend the rule span they touch (the rules' "Raman" grows to "Priya Raman") or stay CRF
  spans where they touch none. The rules' spans keep their label, source and score, so the
  consistency pass (parts of names, facility short forms) reads them as before, and a CRF span
  never joins a hospital and the town after it into one
  span of one type ("Medford EMS" stays the place lists' LOCATION).

* :func:`crf_propagates`: a CRF span made only of common or clinical words ("noble" read as
  a facility in "back to noble") is a reading in context: it does not propagate to the
  word's other occurrences ("noble gases").
"""

from __future__ import annotations

import re
from dataclasses import replace

from meddx.deid._case_shapes import ByStart
from meddx.deid._cued_places import SCORE_EPONYMS
from meddx.deid._gazetteer_places import affiliation_clause, resident_clause
from meddx.deid._history_places import in_citation
from meddx.deid._name_edges import initial_after_word
from meddx.deid._name_words import TITLES
from meddx.deid._names_world import WORLD_FIRST_NAMES
from meddx.deid._ner_guard import _MONTH_WORD, allowed
from meddx.deid._patterns import WEEKDAY
from meddx.deid._patterns_years import since_reads_as_clock
from meddx.deid._place_words import COUNTRIES
from meddx.deid._span import Span

__all__ = ["CRF_SOURCE", "crf_allowed", "crf_pieces", "crf_propagates", "crf_trimmed",
           "initial_start", "outside_rules", "with_initial"]

#: ``Span.source`` of the ``crf`` detector's spans (its registered name)
CRF_SOURCE = "crf"
_PLACE_LABELS = frozenset({"HOSPITAL", "LOCATION"})
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIGITS = re.compile(r"\d+")
_LETTER_SLASH = re.compile(r"[^\W\d_]/[^\W\d_]")
_WORD_BEFORE = re.compile(r"([^\W_]+)[^\w\n]*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
#: a word and its full stop right before a span ("Dr." of "Dr. Zorbax")
_DOTTED_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.\s+$")
#: what follows a service told of a plan ("Nsgy aware", "Nexterone (rn aware"), as the rules'
#: cued names read it (``_cued_names``: "Mike SW aware" needs a role word or a listed name)
_NOTIFIED_AFTER = re.compile(r"[ \t]*(?:\([ \t]*)?(?:[A-Za-z]{2,6}[ \t]+)?(?i:aware|notified|"
                             r"updated|paged|following)\b")
#: a weekday ("Wed" of "Wed, 2 Dec 2026"): a date's word like a month's
_WEEKDAY = re.compile(rf"\b{WEEKDAY}\b", re.IGNORECASE)
#: (session 21, deidfp21n) two clock times joined by a slash ("given 1110/1115"; not two
#: years), a size in inches ('3/4" needle'), a side and a limb abbreviation with no full stop
#: after the letter ("R LE", "l ue"; "R. Le" is an initial and a surname)
_CLOCK_PAIR = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d/(?:[01]\d|2[0-3])[0-5]\d")
_INCHES = re.compile(r"\d/\d{1,2}[ \t]?(?:\"|\u201d|in\b)")
_SIDE_LIMB = re.compile(r"[RLrl][ \t]+(?:LE|UE|le|ue)")
#: ... not after a title or "by", nor before a credential: "SEEN BY DR R LE" is an initial and
#: the surname Le (fix round)
_TITLE_BY_BEFORE = re.compile(r"\b(?:dr|drs|mr|mrs|ms|miss|prof|by)\.?[ \t]+$", re.IGNORECASE)
_CREDENTIAL_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:md|do|rn|np|pa|pa-c)\b", re.IGNORECASE)
#: "with" right before a span ("living with August")
_WITH_BEFORE = re.compile(r"\bwith[ \t]+$", re.IGNORECASE)
#: an initial at a span's start and the blanks after it ("d. " of "d. okafor")
_LEADING_INITIAL = re.compile(r"[^\W\d_]\.[ \t]*(?=[^\W\d_])")
#: how far back the two patterns above read: a search from 0 to a span's start costs time in
#: proportion to the start, so a 5 MB note with thousands of spans would take quadratic time
_LOOKBACK = 256
#: least mean P(not O) of a one-word NAME that no name list holds ("Tecfidera" 0.91) and of a
#: bare year (session 11's model: our notes' history years 0.92-1.0, "until 1995" in an
#: abstract 0.87-0.90; session 12's case-augmented model: 0.918-1.0 and 0.904-0.915, so 0.92:
#: two history years of the validation notes at 0.918 are given up, a bare year being the one
#: date element Safe Harbor allows)
_UNLISTED_SCORE = 0.97
#: below it, an unlisted one-word NAME at a sentence start before "aware"/"notified" is a
#: service or a drug ("Nsgy aware." 0.97-0.99, "Nexterone (rn aware" 0.993-0.996); a family
#: member's name there scores 0.999-1.0 ("Spoke with daughter. Abena updated."; session 17's
#: review). "Adwoa (rn aware of plan)." (0.991-0.995) is still given up.
_NOTIFIED_SCORE = 0.997
#: words before a bracketed "(Name YEAR, Name YEAR)" list that make it a literature citation;
#: without one the list may be the patient's ("Deliveries (Abena Owusu 2012, Kofi Owusu 2015)")
_LITERATURE_CUE = re.compile(r"\b(?:work|works|study|studies|trial|trials|report|reports|reported|"
                             r"published|series|literature|reviews?|data|evidence|guidelines?|"
                             r"authors?|investigators?|showed|shown|described|et[ \t]+al)\b",
                             re.IGNORECASE)
_YEAR_SCORE = 0.92
#: (session 22, after the crf refit) a year right after "since" that ends in a round quarter
#: hour is a clock time, as the rules read it ("on levophed since 2015"; "since 2017" a year)
_SINCE_END = re.compile(r"\bsince[ \t]*$", re.IGNORECASE)
#: a small fraction before a dose form ("gave fri 1/2 tab"): a dose, not a month and day
_FRACTION_END = re.compile(r"(?<![\d/])[1-9]/[1-9]$")
_DOSE_AFTER = re.compile(r"[ \t]*(?:tabs?|tablets?|pills?|caps?|capsules?|amps?|vials?|"
                         r"strength|ns)\b", re.IGNORECASE)
#: a lower-case "may" or "march" (a verb as often as a month) with no day, read as a month only
#: after "in", "since" or "until", as the rules read it ("diagnosed late may 2x mortality")
_MODAL_MONTH = re.compile(r"(?:(?:early|late|mid)[ \t-]+)?(?:may|march)")
_MONTH_CUE_BEFORE = re.compile(r"\b(?:in|since|until|of)[ \t]+$", re.IGNORECASE)
#: a month word and a number that no month has as a day ("Dec 40 percent": decreased)
_MONTH_NUMBER = re.compile(r"[^\W\d_]+\.?[ \t]+(\d{1,2})")
#: an eponymous score's name before its value ("Moved (Rankin 2)", "gleason 4")
_NUMBER_AFTER = re.compile(r"[ \t]+\d")
#: a one-word NAME right before one of these is an eponym ("epley maneuver", "murphy sign"),
#: unless a title comes before it ("Dr Epley")
_EPONYM_AFTER = re.compile(r"(?:'s)?[ \t]+(?:maneuver|manoeuvre|sign|signs|reflex|syndrome|"
                           r"disease|palsy|phenomenon|procedure|catheter|criteria|"
                           r"classification)\b", re.IGNORECASE)
#: a NAME run "June Okafor, Mark": two or more words, a comma, then another name (a list of
#: two people; "Okafor, Mark" with one word before the comma is "Last, First", one span)
_LIST_COMMA = re.compile(r"[^\W\d_]+[ \t]+[^\W\d_]+(?:[ \t]+[^\W\d_]+)*(,[ \t]*)(?=[^\W\d_])")
#: how many times one word fills a span for :func:`_repeated_plain` ("Walla Walla" is two;
#: "rose rose rose" may be a name said three times)
_REPEATS = 4
#: an initial right before a CRF name ("P." of "P. Raman"): part of the name
_INITIAL_BEFORE = re.compile(r"(?<![^\W\d_])[A-Z]\.[ \t]?$")
#: last words of rooms, units and offices ("Trauma Bay", "East Wing", "PCP office", "7 West")
_ROOM_ENDS = frozenset("bay bays office offices hall wing room rooms unit units floor suite lobby "
                       "desk station center centre of east west north south".split())
#: first words of a generic place in lower case ("the local catholic church", "a nearby
#: nursing home", "his parish church"): with only common words after them, no name
_GENERIC_HEADS = frozenset("local nearby neighborhood neighbourhood area the a an his her their "
                           "our my your its".split())


def _plain(word: str) -> bool:
    """A common English or clinical word (whether or not a name list also holds it)."""
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    return word.lower() in lex.common_words or lex.is_medical(word)


def _clinical(word: str) -> bool:
    from meddx.deid._lexicon import lexicon

    return lexicon().is_medical(word)


def _listed_name(word: str) -> bool:
    from meddx.deid._gazetteer import gazetteer
    from meddx.deid._lexicon import lexicon

    lex, low = lexicon(), word.lower()
    return low in lex.first_names or low in lex.last_names or low in gazetteer().surnames \
        or low in WORLD_FIRST_NAMES  # "Adwoa (rn aware of plan).": session 19, deidleft19


def _side_limb(text: str, span: Span) -> bool:
    """ "MS: R LE in immobilizer": a side and a limb, unless a title or "by" comes before or a
    credential after ("seen by dr r le", "R LE MD")."""
    return bool(_SIDE_LIMB.fullmatch(text, span.start, span.end)) \
        and not _TITLE_BY_BEFORE.search(text, max(0, span.start - 8), span.start) \
        and not _CREDENTIAL_AFTER.match(text, span.end)


def crf_allowed(text: str, span: Span) -> bool:
    """False for a CRF span that reads as a look-alike (module docstring)."""
    if not allowed(text, span) or _cited(text, span):
        return False
    value = text[span.start:span.end]
    words = _WORD.findall(value)
    if len(words) == 1 and words[0].lower() in SCORE_EPONYMS and _NUMBER_AFTER.match(
            text, span.end) and not _TITLE_BY_BEFORE.search(text, max(0, span.start - 16),
                                                            span.start):
        return False  # "Moved (Rankin 2) to rehab floor": a score and its value
    if span.label != "NAME" and _repeated_plain(value):
        return False  # "word word word word ...": one common word over and over, no name
    if " ".join(w.lower() for w in words) in COUNTRIES and (span.label in _PLACE_LABELS
                                                          or len(words) > 1):
        return False  # a country is larger than a state: no PHI ("Jordan" may be a name)
    if span.label == "DATE":
        if _CLOCK_PAIR.fullmatch(value) and not any(_YEAR.fullmatch(v) for v in value.split("/")) \
                or _INCHES.search(value):
            return False  # "given 1110/1115": two clock times; '20G 3/4" Huber': a size
        if _FRACTION_END.search(value) and _DOSE_AFTER.match(text, span.end):
            return False  # "gave fri 1/2 tab at bedtime": a dose
        if _MODAL_MONTH.fullmatch(value) and not _MONTH_CUE_BEFORE.search(
                text, max(0, span.start - 8), span.start):
            return False  # "diagnosed late may 2x mortality"
        day = _MONTH_NUMBER.fullmatch(value)
        if day is not None and int(day.group(1)) > 31 and _MONTH_WORD.match(value):
            return False  # "Dec 40 percent from baseline"
        digits = _DIGITS.findall(value)
        if len(digits) != 1 or not _YEAR.fullmatch(digits[0]) or _MONTH_WORD.search(value):
            return True
        if words:
            return False  # a year and a word that names no month: "Smith 2016", a citation
        if (_SINCE_END.search(text, max(0, span.start - 12), span.start)
                and since_reads_as_clock(digits[0])):
            return False  # "on levophed since 2015": 20:15
        before = _WORD_BEFORE.search(text, max(0, span.start - _LOOKBACK), span.start)
        after_test = before is not None and before.group(1).isupper() and len(before.group(1)) > 1
        return span.score >= _YEAR_SCORE and not after_test
    if span.label == "NAME":
        if _LETTER_SLASH.search(value) or _DIGITS.search(value) or _side_limb(text, span):
            return False  # "Tue/Thu"; "MS: R LE in immobilizer" (a side and a limb)
        if len(words) == 1:
            word = words[0]
            if _EPONYM_AFTER.match(text, span.end) and not _TITLE_BY_BEFORE.search(
                    text, max(0, span.start - 16), span.start):
                return False  # "epley maneuver done", "murphy sign"
            if not _listed_name(word) and (span.score < _UNLISTED_SCORE or (
                    span.score < _NOTIFIED_SCORE and _NOTIFIED_AFTER.match(text, span.end)
                    and _uncued_sentence_start(text, span.start))):
                return False  # "Tecfidera"; "Nsgy aware." (a service: no cue before it)
            if _plain(word) and (word.islower() or _SENTENCE_START.search(
                    text, max(0, span.start - _LOOKBACK), span.start)):
                return False  # "wife will", "2 dr lee"; "Mark made on L thigh"
        elif span.score < _UNLISTED_SCORE and _plain(words[0]) and not _listed_name(words[0]):
            return False  # "dr upset tachypneic pt" (also as the case view re-cases it): an
            # unsure run starting on a common word that no name list holds
        return True
    if span.label in _PLACE_LABELS:
        if span.label == "LOCATION" and affiliation_clause(text, span.start) \
                and not resident_clause(text, span.start):
            return False  # "department of infectious diseases in Copenhagen" (the rules' reading)
        if words and value.islower() and words[0] in _GENERIC_HEADS and all(_plain(w) for w in words):
            return False  # "local catholic church": a kind of place, not its name
        tokens = _TOKEN.findall(value)
        if not words or words[-1].lower() not in _ROOM_ENDS or len(tokens) - len(words) > 1:
            return True
        if len(words) > 2 and not value.islower():
            return True  # "Coastal Kidney Center", "Union Square Health Center"
        return not all(_plain(w) or w.lower() in _ROOM_ENDS for w in words)
    return True


def _repeated_plain(value: str) -> bool:
    """Whether ``value`` is one common or clinical word said ``_REPEATS`` times or more with
    whitespace alone between the repeats and nothing else ("word " x 10, tagged one LOCATION
    by the tagger, whose context features then read only that word; session 19). A place said
    over and over ("Boston Boston Boston Boston") is no common word and stays; so does a list
    with punctuation ("hope. hope hope", "Brown, Brown, Brown")."""
    tokens = value.split()
    if len(tokens) < _REPEATS:
        return False
    first = tokens[0].lower()
    return all(t.lower() == first for t in tokens) and first.isalpha() and _plain(first)


def _cited(text: str, span: Span) -> bool:
    """Whether ``span`` lies in a literature citation: a bracketed list of names with years
    (``_history_places.in_citation``) after a literature word ("Prior work (Smith 2016, ...")."""
    if not in_citation(text, span.start, span.end):
        return False
    i = text.rfind("(", max(0, span.start - 200), span.start + 1)
    return _LITERATURE_CUE.search(text, max(0, i - 60), i) is not None


def _month_after_with(text: str, span: Span) -> bool:
    """A DATE span that is a bare month word right after "with": a person ("living with
    August", "lives with June")."""
    value = text[span.start:span.end]
    return (span.label == "DATE" and _MONTH_WORD.fullmatch(value) is not None
            and _WITH_BEFORE.search(text, max(0, span.start - 16), span.start) is not None)


def _uncued_sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence, a line or the text, with no title or initial right
    before it ("Dr. Zorbax", "J. Zorbax" are not sentence starts)."""
    if not _SENTENCE_START.search(text, max(0, start - _LOOKBACK), start):
        return False
    m = _DOTTED_BEFORE.search(text, max(0, start - 16), start)
    return m is None or len(m.group(1)) > 1 and m.group(1).lower() not in TITLES


def crf_trimmed(text: str, span: Span) -> Span:
    """A bare month word after "with" as a NAME ("living with August"); a NAME span that
    starts with an initial the rules would not join to the name after it ("vitamin d.
    okafor": right after a word that is no function, relation, role or credential word;
    ``_name_edges.initial_after_word``) without it; other spans unchanged."""
    if _month_after_with(text, span):
        return replace(span, label="NAME")  # "living with August": a person, still masked
    if span.label != "NAME":
        return span
    m = _LEADING_INITIAL.match(text, span.start, span.end)
    if m is None or not initial_after_word(text, span.start):
        return span
    return replace(span, start=m.end())


def crf_pieces(text: str, span: Span) -> list[Span]:
    """A NAME span of two people listed with a comma ("June Okafor, Mark") as two spans, the
    comma outside both; every other span as it is."""
    if span.label != "NAME":
        return [span]
    m = _LIST_COMMA.match(text, span.start, span.end)
    if m is None or m.end() >= span.end:
        return [span]
    return [replace(span, end=m.start(1)), replace(span, start=m.end())]


def with_initial(text: str, span: Span) -> Span:
    """A NAME span grown over the initial right before it ("P. Raman": the tagger reads
    "P" as O; the rules' name parts would have joined it, but a CRF span already covers
    "Raman"); other spans unchanged."""
    if span.label != "NAME":
        return span
    start = initial_start(text, span.start)
    return span if start == span.start else replace(span, start=start)


def initial_start(text: str, start: int) -> int:
    """Where the initial right before ``start`` begins ("P" of "P. Raman"), else ``start``
    (:func:`with_initial` of a NAME span starting there)."""
    m = _INITIAL_BEFORE.search(text, max(0, start - 4), start)
    return start if m is None else m.start()


def crf_propagates(text: str, span: Span) -> bool:
    """Whether the consistency pass may repeat a CRF span elsewhere (module docstring)."""
    return not all(_plain(w) for w in _WORD.findall(text[span.start:span.end]))


def outside_rules(text: str, spans: list[Span]) -> list[Span]:
    """One note's spans with each CRF span that overlaps other detectors' spans, one of them of
    its label, resolved in their favour (module docstring): its runs of letters and digits
    outside them that touch one of them (only spaces or punctuation between) extend that
    span, the nearest before first; runs that touch none stay CRF spans. Spans of other
    sources keep their label, source and score. The output order is always the same: the
    other spans sorted by start (ties in their given order), then the CRF spans kept, in
    their order, whether or not any CRF span was given (``CrfDetector.detect_covered`` leaves
    out the CRF spans that could only vanish here, so the order must not depend on them)."""
    others = sorted((s for s in spans if s.source != CRF_SOURCE), key=lambda s: s.start)
    if len(others) == len(spans):
        return others
    crf = [s for s in spans if s.source == CRF_SOURCE]
    grown = {id(o): [o.start, o.end] for o in others}
    # the other spans that overlap a CRF span, in their order (the case view's bisect index)
    index = ByStart([(o.start, o.end, o) for o in others])
    out_crf: list[Span] = []
    for s in crf:
        near = index.overlapping(s.start, s.end)
        if not near:
            out_crf.append(s)
            continue
        for piece in _pieces(text, s, near):
            value = text[piece[0]:piece[1]]
            words = _WORD.findall(value)
            if len(words) > 1 and all(_clinical(w) for w in words) or (
                    value.islower() and all(_plain(w) for w in words)):
                continue  # "of", "garden center", "Mar Holter": no PHI of their own
            if s.label == "DATE" and not _DIGITS.search(value) and not _MONTH_WORD.search(
                    value) and not _WEEKDAY.search(value):
                continue  # "Seen" before the rules' "Mar 2103" ("Wed" of "Wed, 2 Dec" stays)
            host = _touching(text, piece, near)
            if host is not None and (host.label == "DATE") != (s.label == "DATE"):
                if s.label == "DATE":
                    continue  # "Mar" of a CRF DATE "Del Mar" after the rules' NAME "Del"
                host = None  # "Salem clinic" before the rules' DATE "the 4th": its own span
            if host is None:
                out_crf.append(Span(piece[0], piece[1], s.label, s.source, s.score,
                                    s.propagate))
            else:
                box = grown[id(host)]
                box[0], box[1] = min(box[0], piece[0]), max(box[1], piece[1])
    out = [o if (o.start, o.end) == tuple(grown[id(o)])
           else Span(*grown[id(o)], o.label, o.source, o.score, o.propagate) for o in others]
    return out + out_crf


def _pieces(text: str, s: Span, near: list[Span]) -> list[tuple[int, int]]:
    """The runs of letters and digits of ``s`` that no span of ``near`` covers, grouped
    between them: [(start, end)] trimmed to letters and digits."""
    out: list[tuple[int, int]] = []
    start = s.start
    for a, b in [*sorted((o.start, o.end) for o in near), (s.end, s.end)]:
        if a > start:
            found = [m.span() for m in _TOKEN.finditer(text, start, min(a, s.end))]
            if found:
                out.append((found[0][0], found[-1][1]))
        start = max(start, b)
    return out


def _touching(text: str, piece: tuple[int, int], near: list[Span]) -> Span | None:
    """The span of ``near`` that ``piece`` touches: the one it follows, else the one it
    precedes, with no letter or digit between."""
    before = [o for o in near if o.end <= piece[0] and not _TOKEN.search(text, o.end, piece[0])]
    if before:
        return max(before, key=lambda o: o.end)
    after = [o for o in near if o.start >= piece[1] and not _TOKEN.search(text, piece[1], o.start)]
    return min(after, key=lambda o: o.start) if after else None
