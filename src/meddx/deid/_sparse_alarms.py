"""False alarms of PHI-sparse ICU notes by the note's layout and the word's class, dropped with
session 28's word-class filter (session 29, deidprec29; read on groups 24A-28C, as written, in
lower case and in capitals). Each rule is a class a new writer produces again, not a phrase:

* **a fraction in a row of scores is no date**: a line of three or more fractions that share
  their denominator, each at most it and one of them a full score ("HOB >30: 8/8. SAT/SBT: 7/8"
  - an audit; "Visits: 1/28 (12/28, 11/28)" stay dates), or whose parts are all 5 or less
  with a value repeated and a strength word on the line or five fractions ("del 4/4, bic 4/4,
  tri 3/3, we 3/2" - strength right/left; "cultures 1/2, 1/2, 1/3" stay dates).
* **a fraction out of ten after pain or a scale is a score**: "pain 7/10 ... improvement to
  3/10", "DYSPNEA SCALE 8/10 TO 5/10": an x/10 with a pain or scale word, or another x/10,
  earlier in its sentence, and no date word just before it ("seen 3/10" stays).
* **a fraction that counts is no date** (its bottom no year: "Holter 6/97 hrs" stays): before
  a count noun ("met 10/12 hrs", "3/3 recall", "(1/5 today)"), after a course word ("day
  5/14-21", "exchange 2/5"; not "last dose 3/5"), or a strength x/5 in brackets after a limb
  or weakness ("L arm drift (4/5)").
* **"may" before a verb is no month**: "(MAY NEED RHC)", "EVD PER NSGY (MAY RAISE TO 20)": a
  DATE span "may" after no date preposition and before a word ("in May", "since may", "still
  may." stay); "MAR" alone with no day after it and after no such preposition is the
  medication record ("in mar for chf" stays; "documented in MAR" is the record).
* **a service is no place**: "NSGY", "NSGY resident", "OMFS CLINIC", "nsgy clinic", "TICU
  Nursing", "Neurocritical Care" (a heading): a place span every word of which is a service,
  its abbreviation, a clinic topic, a care or role word, one a service by name; no listed name
  or town ("US Renal Care", "Medical Clinic" stay).
* **a place of care by its kind is no place**: "a small hospital", "outlying hospital", "local
  critical access hospital", "structural heart clinic", "RISK OB CLINIC": a descriptor and
  clinic topics before a facility head ("the Women's Hospital" stays); "first" only before a
  visit ("FIRST CLINIC VISIT"; "First Hospital" stays).
* **an insurer, a relative, a way of transport or home is no place**: "HUMANA", "BCBS", "Aetna"
  (the plan's number stays an ID; "works at Humana" stays), "HIS FIANCEE CALLED", "ARRIVED BY
  FIXED WING", "WILL MEET AMBULANCE", "works from home" ("Life Flight Network", "Home Depot"
  stay).
* **a workplace by its kind is no place**: "the plant", "THE FEEDLOT", "the school district":
  a determiner, kind words and a generic head not capitalised in a mixed-case line ("Works at
  the Post" stays).
* **a clause is no place**: a place span led by a verb or adjective ("EXPLAINED TTM", "ASKS
  ABOUT ASSISTED LIVING", "UPDATED ABOUT AF AND LEG") with no listed town or name after it
  ("came through Belmont ER" stays).
* **a phrase is no name or address**: a NAME span of two or more words with an article, a
  quantifier or a schedule word ("A FALL", "MANY PEOPLE", "OT DAILY"; not "A. Fernandez",
  "JOHN A SMITH", "A SMITH" or "Jo Daily"); an
  ADDRESS span whose number carries a unit with no space ("72H STABLE CT"; not before a
  street word) or that ends "en route" ("1200 H Street NW" stays).
* **a ward's side is no name**: "5 South RN", "6 WEST": a NAME span of a compass word after a
  number (a place span keeps it: "Route 9 North").
* **a plain word is no name**: "VASOSPASM WITH BILATERAL PCA", "DR AWARE", "MESSAGE LEFT": a
  one-word NAME span of four letters or more (initials stay: "TR/mk", "KB") that is a common
  or clinical word in no list of names, not capitalised in a mixed-case line ("Larkspur"),
  before no role or credential ("Temperance RN"), after no bracket, quote or dash, named after
  a relative nowhere in the note, and with no relative, role or title within a few words
  before it ("son Dev", "Charge RN Felicity", "Dtr April") unless it reads as that cue's
  predicate (a verb or an adjective: "WIFE UPSET", "DR CAME", "wife stays") or a note's kind
  follows ("Resident Progress Note").
"""

from __future__ import annotations

import re

from meddx.deid._generic_clinics import CLINIC_TOPICS
from meddx.deid._lexicon import Lexicon
from meddx.deid._line_case import NoteLines
from meddx.deid._span import Span

__all__ = ["SERVICE_WORDS", "SparseNote", "sparse_alarm", "sparse_words"]

_PLACES = frozenset(("HOSPITAL", "LOCATION"))
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019.&/-])*|\d+")
_FRACTIONS = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/])")
_FRACTION_SPAN = re.compile(r"(\d{1,2})/(\d{1,2})(?:-\d{1,2})?")
_PAIN = re.compile(r"(?i)\b(?:pain|painful|ha|headache|discomfort|dyspnea|scale|nrs|vas|cpot|"
                   r"rates?|rated|rating|\d{1,2}/10)\b")
_SENTENCE_END = re.compile(r"[.;!?](?:[ \t]|$)")
_DATE_BEFORE = re.compile(r"(?i)\b(?:on|since|dated|from|until|thru|through|by|due|admit|admitted|"
                          r"seen|date|d/c|dc|placed|done|started|last|next|of)[ \t:]*$")
_COUNT_AFTER = re.compile(r"(?i)[ \t]*(?:hrs?|hours?|days|doses|bottles|sets|pts|patients|"
                          r"recall|sessions|treatments|exchanges|today|tonight)\b")
_COURSE_BEFORE = re.compile(r"(?i)\b(?:day|cycle|session|treatment|exchange)[ \t]*#?[ \t]*$")
_LIMB_BEFORE = re.compile(r"(?i)\b(?:arm|arms|leg|legs|hand|hands|foot|feet|weakness|drift|"
                          r"strength|motor|deltoid|biceps|triceps|grip)\b[^\n.;0-9]{0,12}\($")
#: Strength words on a line of grades ("del 4/4, bic 4/4, tri 3/3").
_MOTOR = re.compile(r"(?i)\b(?:arm|arms|leg|legs|hand|hands|foot|feet|weakness|drift|strength|motor|"
                    r"deltoid|biceps|triceps|grip|del|bic|tri|we)\b")
_MAY_BEFORE = frozenset("""
in of since until by early late mid last next this from before after till through during still
is was to and or around about the first second third fourth fifth sixth seventh eighth ninth
tenth eleventh twelfth thirteenth fourteenth fifteenth twentieth thirtieth twenty thirty
""".split())
#: Words before "mar" that make it the month ("in mar for chf"; "of MAR", "the MAR": the record).
_MAR_BEFORE = _MAY_BEFORE - frozenset("of the to and or is was from this".split())
_CHARTED = frozenset("documented charted recorded given signed listed scanned entered reviewed "
                     "checked verified noted".split())
#: A visit after "first ... clinic": "FIRST CLINIC VISIT THURS" is no place ("First Hospital" is).
_VISIT_AFTER = re.compile(r"(?i)[ \t]+(?:visit|visits|appointment|appt|appts|f/u|follow)\b")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]{2,})")
#: Services of a hospital by their abbreviations and names (none a town or hospital's initials).
_SERVICES = frozenset("""
nsgy nsurg neurosurg nsx omfs ctsurg cts csurg ct-surg gensurg gsurg vsurg vasc plastics ortho
uro urology gyn obgyn ob-gyn onc heme hemonc pulm cards ep hf acs trauma burn ccm ncc
neurocritical neuro-critical neuroicu neuro pmr pm&r slp psych palliative pall gi id renal
neph nephro endo rheum derm ir nir vir cvts tcts tsurg colorectal crs hpb bmt osh hosp
sicu micu picu nicu cvicu ccu cticu csicu ticu nsicu nccu tsicu bicu cicu stepdown pcu
""".split())
#: Generic words that stand with a service in such a span ("NSGY resident", "TICU Nursing").
_CARE_FILLERS = frozenset("""
surgery surgical medicine medical critical intensive care nursing nurse nurses note notes
resident residents fellow fellows attending team teams service services consult consults np pa
pa-c rn rns md intern interns admission h&p progress evening night nights day days shift
clinic clinics unit fu f/u follow-up followup
""".split())
_FACILITY_HEADS = frozenset("hospital hospitals hosp clinic clinics center centre unit".split())
#: Words that say which place of care without naming it.
SERVICE_WORDS = _SERVICES | _CARE_FILLERS
_KIND_WORDS = frozenset("""
small smaller large larger big little local outlying outside nearby rural critical access
referring transferring closest nearest other another same different our their his her a an
the this that structural valve transition risk high-risk infant adult peds ob cf otp device
anticoag wound
""".split())
_INSURERS = frozenset("""
aetna humana cigna bcbs medicaid medicare tricare anthem ambetter molina wellcare uhc
unitedhealthcare caresource amerigroup
""".split())
_DETERMINERS = frozenset("the his her their a an".split())
_WORK_BEFORE = re.compile(r"(?i)\b(?:works?|worked|working|employed|employer|job|retired)\b")
_POSSESSIVES = frozenset("our this that".split())
#: Words that join the words of a service's place ("NSGY clinic f/u", "burn unit at night").
_JOINS = frozenset("of and the to at for in on from with per".split())
_WORK_KINDS = frozenset("""
school district elementary middle high distribution software construction processing packing
meat power paper lumber steel auto county city
""".split())
_WORK_HEADS = frozenset("""
plant feedlot yard post bank district school worksite site mill factory warehouse farm ranch
store shop office company firm job center
""".split())
#: Ways of getting somewhere and home itself: no place alone ("ARRIVED BY FIXED WING", "works
#: from home", "will meet ambulance").
_TRANSPORT = frozenset("""
fixed fixed-wing wing rotor rotor-wing helicopter ambulance ground air home by via behind and
""".split())
#: Articles, quantifiers and schedule words: no part of a person's name.
_PHRASE_WORDS = frozenset("""
a an the else so many much just very some any each every daily bid tid qid prn nightly weekly
""".split())
_UNIT_NUMBER = re.compile(r"(?i)\d+(?:\.\d+)?(?:h|hr|hrs|mg|ml|cm|mm|kg|min|mcg)\b")
#: A street word after a number's letter: "1200 H Street NW", "400 ML King Blvd" (an address).
_STREET_AFTER = re.compile(r"(?i)[ \t]+(?:[a-z]+[ \t]+)?(?:st|street|ave|avenue|blvd|boulevard|rd|"
                           r"road|dr|drive|ln|lane|pkwy|hwy|highway)\b")
_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
#: Relatives, roles and titles: a word after one of them may be a name ("son Dev", "RN BK").
_CUES = frozenset("""
wife husband son sons daughter daughters partner fiance fiancee fiance's sister sisters brother
brothers mother father mom dad friend friends neighbor neighbour aunt uncle niece nephew cousin
grandson granddaughter grandmother grandfather boyfriend girlfriend spouse rn rns nurse np pa md
dr dr. drs doctor doctors charge sitter rt rrt pharmd tech chaplain sw cm attending fellow resident intern
student therapist mr mr. mrs mrs. ms ms. miss named name called alias visitor caregiver
""".split())
#: Credentials and roles after a person's initials ("EP CNA", "LR LICSW", "DR PT following").
_CREDENTIALS = frozenset("""
lpn lvn cna licsw lcsw msw pt ot slp crna aprn do rd cnm ccrn bsn pa-c rrt rt np pa rn md
""".split())
_KIN = frozenset("""
wife husband son daughter partner sister brother mother father mom dad friend neighbor aunt uncle
niece nephew cousin grandson granddaughter boyfriend girlfriend spouse fiance fiancee sons
daughters fiancé fiancée bro sis dtr dau bf gf hubby grandma grandpa stepson stepdaughter
""".split())
_CUES = _CUES | _KIN
_KIN_NEXT = re.compile(r"(?i)\b(?:" + "|".join(sorted(_KIN)) + r")[ \t]+([^\W\d_]+)")
#: Verbs and adjectives that follow a relative or a role as a sentence's predicate ("WIFE
#: UPSET", "DR CAME TO BEDSIDE", "IR DOCTOR SPOKE", "DR AWARE"); with the endings of
#: :data:`_PREDICATE_ENDS` and the verbs in -s of :func:`_predicate`.
_PREDICATES = frozenset("""
aware present upset came come comes spoke speaks read hung went left said told gave took saw
made met sat felt knew got kept brought thought heard updated notified paged informed consulted
""".split())
#: Verbs of nursing notes that lead a clause a place detector may take ("EXPLAINED TTM", "USE
#: HOSPITAL PHARMACY", "LOOK INTO TRANSPORT"); none begins a facility's or a town's name.
_CLAUSE_VERBS = frozenset("""
explained explain asks ask look looked use used uses wrote writes arranging arranged discussed
reviewed reinforced educated taught
""".split())
_PREDICATE_ENDS = ("ful", "ed", "ing", "ly", "ous", "ive", "ical", "ictal")
#: A note's kind after the word: "Resident Progress Note", "Attending Progress Note".
_NOTE_AFTER = re.compile(r"(?i)[ \t]+notes?\b")


def sparse_words(value: str) -> list[str]:
    """The words of ``value``, lower-cased, for :func:`sparse_alarm`."""
    return [w.lower().strip(".'\u2019") for w in _WORD.findall(value)]


class SparseNote(NoteLines):
    """One note as the rules read it: its lines (bounds, case), its rows of scores and the
    words after a relative, each found once per note and kept only with this object."""

    __slots__ = ("_kin", "_rows")

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._rows: dict[tuple[int, int], bool] = {}
        self._kin: frozenset[str] | None = None

    def score_row(self, span: Span) -> bool:
        """A fraction in a row of three or more scores (module docstring)."""
        a, b = self.bounds(span.start, span.end)
        row = self._rows.get((a, b))
        if row is None:
            row = self._rows[(a, b)] = _row_of_scores(self.text, a, b)
        return row

    def kin_named(self) -> frozenset[str]:
        """The words a relative stands just before anywhere in the note ("son per")."""
        if self._kin is None:
            self._kin = frozenset(m[1].lower() for m in _KIN_NEXT.finditer(self.text))
        return self._kin


def _row_of_scores(text: str, a: int, b: int) -> bool:
    """Whether line ``[a, b)`` of ``text`` is a row of scores."""
    pairs = [(int(m[1]), int(m[2])) for m in _FRACTIONS.finditer(text, a, b)]
    if len(pairs) < 3:
        return False
    bottoms = {d for _, d in pairs}
    if len(bottoms) == 1 and all(n <= d for n, d in pairs) and any(n == d for n, d in pairs):
        return True  # a tally with a full score ("8/8"); "1/28 (12/28, 11/28)" are dates
    return (all(n <= 5 and d <= 5 for n, d in pairs) and len(set(pairs)) < len(pairs)
            and (len(pairs) >= 5 or _MOTOR.search(text, a, b) is not None))  # not "cultures 1/2, 1/2"


def _fraction_alarm(note: SparseNote, span: Span) -> bool:
    text = note.text
    m = _FRACTION_SPAN.fullmatch(text, span.start, span.end)
    if m is None:
        return False
    top, bottom = int(m[1]), int(m[2])
    a, _ = note.bounds(span.start, span.end)
    before = text[max(a, span.start - 160):span.start]
    if _DATE_BEFORE.search(before):
        return False  # "seen 3/10", "since 1/5": a date
    if note.score_row(span):
        return True
    if bottom == 10 and top <= 10 and _PAIN.search(_SENTENCE_END.split(before[-80:])[-1]):
        return True  # a pain word or score earlier in its sentence
    if top > bottom:
        return False
    if bottom <= 31 and (_COUNT_AFTER.match(text, span.end) or _COURSE_BEFORE.search(before)):
        return True  # not a month and year: "Holter 6/97 hrs"
    return bottom == 5 and text[span.end:span.end + 1] == ")" and _LIMB_BEFORE.search(before) is not None


def _month_alarm(note: SparseNote, span: Span) -> bool:
    text = note.text
    value = text[span.start:span.end].lower()
    if value == "mar":  # in a mixed-case line only as written "MAR" (not "Mar")
        written = text[span.start:span.end]
        prev = sparse_words(text[max(0, span.start - 20):span.start])
        if prev and prev[-1].rstrip("-") in _MAR_BEFORE and not (
                len(prev) > 1 and prev[-2] in _CHARTED):  # "in mar for chf": the month
            return False  # ("documented in MAR": the record)
        return ((written == "MAR" or not _mixed_case(note, span))
                and not re.match(r"[ \t.,-]*\d", text[span.end:span.end + 6]))
    if value != "may":
        return False
    prev = sparse_words(text[max(0, span.start - 20):span.start])
    if prev and prev[-1].rstrip("-") in _MAY_BEFORE:  # "in May", "mid-May"
        return False
    nxt = _NEXT_WORD.match(text, span.end)
    return nxt is not None and nxt[1].lower() not in _MAY_BEFORE


def _service_place(words: list[str], lex: Lexicon) -> bool:
    if not words or not any(w in _SERVICES for w in words):
        return False  # a service by name ("nsgy", "ticu"), not "Medical Clinic" alone
    return all(w in SERVICE_WORDS or w in CLINIC_TOPICS or w in _JOINS or w.isdigit()
               for w in words) and not _listed(words, lex)


def _listed(words: list[str], lex: Lexicon) -> bool:
    return any(w in lex.first_names or w in lex.last_names or w in lex.cities for w in words
               if w not in SERVICE_WORDS and w not in CLINIC_TOPICS and w not in _KIND_WORDS)


def _kind_place(words: list[str], lex: Lexicon) -> bool:
    """Descriptors and clinic topics before a facility head ("outlying hospital")."""
    if len(words) < 2 or words[-1] not in _FACILITY_HEADS or not any(
            w in _KIND_WORDS and w not in _DETERMINERS and w not in _POSSESSIVES for w in words):
        return False  # a descriptor ("outlying"), not a topic alone ("the Women's Hospital")
    return all(w in _KIND_WORDS or w in CLINIC_TOPICS or w in SERVICE_WORDS
               or lex.is_medical(w) for w in words[:-1]) and not _listed(words[:-1], lex)


def _first_visit(text: str, span: Span, words: list[str], lex: Lexicon) -> bool:
    """"first" before a facility head and a visit ("first clinic visit"): no place."""
    return (len(words) >= 2 and words[0] == "first" and _VISIT_AFTER.match(text, span.end) is not None
            and (len(words) == 2 or _kind_place(words[1:], lex) or words[-1] in _FACILITY_HEADS
                 and all(w in CLINIC_TOPICS or w in SERVICE_WORDS for w in words[1:-1])))


def _work_place(note: SparseNote, span: Span, words: list[str]) -> bool:
    """A determiner (in the span or just before it), kind words and a generic head."""
    text = note.text
    if words and words[0] not in _DETERMINERS:
        before = sparse_words(text[max(0, span.start - 6):span.start])
        if not before or before[-1] not in _DETERMINERS or not text[span.start - 1:span.start].isspace():
            return False
        words = [before[-1], *words]
    head = _WORD.findall(text, span.start, span.end)[-1:]
    if head and head[0][0].isupper() and _mixed_case(note, span):
        return False  # "Works at the Post": a name capitalised in a mixed-case line
    return (len(words) >= 2 and words[-1] in _WORK_HEADS
            and all(w in _WORK_KINDS for w in words[1:-1]))


def _plain_place(text: str, span: Span, words: list[str]) -> bool:
    """An insurer (not as an employer: "works at Humana"), a relative or a way of transport
    alone (module docstring)."""
    if words and all(w in _INSURERS for w in words):
        return _WORK_BEFORE.search(text, max(0, span.start - 30), span.start) is None
    return bool(words) and (all(w in _KIN for w in words)
                            or (all(w in _TRANSPORT for w in words)
                                and any(w in ("wing", "fixed-wing", "rotor-wing", "helicopter",
                                              "ambulance", "home") for w in words)))


def _sentence_place(words: list[str], lex: Lexicon) -> bool:
    """A place span that is a clause: led by a verb of :data:`_PREDICATES` or
    :data:`_CLAUSE_VERBS` ("EXPLAINED TTM"; not "about" anywhere: "LIVES IN WATERTOWN\nABOUT 3
    HRS AWAY" holds a town)."""
    return (bool(words) and (words[0] in _PREDICATES or words[0] in _CLAUSE_VERBS)
            and not _listed(words[1:], lex))  # "came through Belmont ER" keeps its town


def _ward_side(text: str, span: Span, words: list[str]) -> bool:
    return (len(words) == 1 and words[0] in _COMPASS
            and re.search(r"\d[ \t]*$", text[max(0, span.start - 4):span.start]) is not None)


def _mixed_case(note: SparseNote, span: Span) -> bool:
    """The span's lines hold capitals and lower case (read once per line)."""
    return not note.without_case(span.start, span.end)


def _predicate(word: str, lex: Lexicon) -> bool:
    """A verb or adjective of a sentence's predicate (``word``: common, in no list of names)."""
    return (word in _PREDICATES or word.endswith(_PREDICATE_ENDS)
            or (len(word) > 4 and word.endswith("s") and word[:-1] in lex.common_words))


def _plain_name(note: SparseNote, span: Span, words: list[str], lex: Lexicon) -> bool:
    """A one-word NAME span that is a plain word (module docstring)."""
    text = note.text
    if len(words) != 1 or not words[0].isalpha() or len(words[0]) <= 3:
        return False  # initials and short forms ("TR/mk", "KB", "JT (pharmacy)") stay
    word = words[0]
    if word in lex.first_names or word in lex.last_names:
        return False
    if not (word in lex.common_words or lex.is_medical(word)):
        return False
    if _NOTE_AFTER.match(text, span.end):
        return True  # a note's kind: "Resident Progress Note"
    value = text[span.start:span.end]
    if _mixed_case(note, span) and not value.islower() and not lex.is_medical(word):
        return False  # "Larkspur", "Verity", "SECRET": written as a name in mixed case
    a, b = note.bounds(span.start, span.end)
    after = sparse_words(text[span.end:min(b, span.end + 12)])[:1]
    if after and (after[0] in _CUES or after[0] in _CREDENTIALS):
        return False  # before a role or credential: "report given to Temperance RN"
    before = sparse_words(text[max(a, span.start - 28):span.start])[-3:]
    predicate = _predicate(word, lex)
    if not predicate and any(w in _CUES for w in before):
        return False
    if text[max(a, span.start - 3):span.start].rstrip()[-1:] in ("-", "(", "\"", "'", "\u2014"):
        return False  # a signature ("-RDW") or a nickname in brackets or quotes
    return predicate or word not in note.kin_named()  # named after a relative elsewhere


def _phrase_name(text: str, span: Span, words: list[str], lex: Lexicon) -> bool:
    """A NAME span of two or more words with an article, a quantifier or a schedule word in it
    ("A FALL", "MANY PEOPLE", "OT DAILY", "ELSE SHORT"): "a"/"an" only first and before no
    listed name ("A Smith", "John A Smith": an initial), the others with no listed first name
    beside them ("Jo Daily")."""
    if len(words) < 2:
        return False
    for i, m in enumerate(_WORD.finditer(text, span.start, span.end)):
        word = m.group().lower()
        if word not in _PHRASE_WORDS or text[m.end():m.end() + 1] == ".":
            continue
        if word in ("a", "an"):
            if i == 0 and words[1] not in lex.first_names and words[1] not in lex.last_names:
                return True
        elif not any(w in lex.first_names for w in words if w != word):
            return True
    return False


def _quantity_address(text: str, span: Span, words: list[str]) -> bool:
    """An ADDRESS span that is a quantity and a phrase: its number carries a unit ("72H STABLE
    CT"), or it ends "en route" ("12 EN ROUTE", "1 HUNG EN ROUTE")."""
    unit = _UNIT_NUMBER.match(text, span.start)
    return ((unit is not None and _STREET_AFTER.match(text, unit.end()) is None)
            or words[-2:] == ["en", "route"])


def sparse_alarm(note: SparseNote, span: Span, words: list[str], lex: Lexicon) -> bool:
    """Whether ``span`` of ``note`` (its ``words`` lower-cased) is a false alarm of a class of
    the module docstring (``note``: one :class:`SparseNote` per note, made by the caller)."""
    text = note.text
    if span.label == "DATE":
        return _fraction_alarm(note, span) or _month_alarm(note, span)
    if span.label == "NAME":
        return (_ward_side(text, span, words) or _plain_name(note, span, words, lex)
                or _phrase_name(text, span, words, lex))
    if span.label == "ADDRESS":
        return _quantity_address(text, span, words)
    if span.label in _PLACES:
        return (_service_place(words, lex) or _kind_place(words, lex) or _work_place(note, span, words)
                or _plain_place(text, span, words) or _first_visit(text, span, words, lex)
                or _sentence_place(words, lex))
    return False
