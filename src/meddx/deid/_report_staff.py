"""Names in the headers and sign-offs of reports (radiology, cardiology, pathology, lab, sleep,
PFT, EEG, endoscopy, therapy and anaesthesia reports), for the forms the cue rules miss.

* **A header's "LAST, FIRST" before a field**: the name starts a line (or follows a field
  after a gap of two spaces or more, or "PT") and a gap, then a field of the header comes:
  "PELLETIER, JEAN-BAPTISTE   MRN 3008821", "Case: NC24-00981   ESPINOZA-LAGOS, TEODORO
  MR# ...", "Van der Meulen, Hendrika   DOB", "PT GIOVANNETTI, ROCCO, 88 YO M"; not
  "Lungs, heart: normal" (no field follows), nor clinical words ("CHF, HTN   DOB").
* **A report role, a colon, a name**: "Technologist: Priyanka Menon, R. EEG T.",
  "Clinician: Oyelaran, Elmwood OB/GYN", "Rep: Cole Harding (Medtronic)", "Confirmed by
  HALVERSON, NILS MD", "Scored by DK", "Screened by G. Halloran"; the name's words are
  capitalised and no clinical or common word unless listed names; device makers are no names
  ("Rep: Medtronic").
* **Initials after a report verb and "by"**, ending a clause: "called ... at 11:20 by LSR.",
  "collected 02/27/2024 22:10 by AFT;", "read back by ... at 1322 on 2/28 by TKV."; not
  modalities, services or roles ("confirmed by CT.", "called by ED", "reviewed by PT").
* **A typist's initials after a colon**: "Transcribed: mkl", "Typed: ab", "Scored: DK".
* **A dash-signature after a sentence, ending a line**: "... pager 2207. -BS", "... stable. -jl";
  initials that are also an abbreviation only on the note's last line.

Every rule starts from a rare anchor (a field word after a gap, a role word with a colon, "by"
after a report verb, a dash after a stop) and reads only the words next to it.
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["drop_field_labels", "report_staff_names"]

_PARTICLE = (r"(?:(?:[Vv]an|[Vv]on|[Dd]e|[Dd]er|[Dd]en|[Dd]el|[Dd]ella|[Dd]i|[Dd]a|[Dd]u|[Ll]a|[Ll]e|"
             r"VAN|VON|DE|DER|DEL|LA|LE)[ ])")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'\u2019-]*")
_WORD = r"[^\W\d_][^\W\d_'\u2019]*(?:['\u2019][^\W\d_]+)?"
_SURNAME = rf"{_PARTICLE}{{0,2}}{_WORD}(?:-{_WORD})?"
_GIVEN = rf"{_WORD}(?:-{_WORD})?(?:[ ](?:[^\W\d_]\.?|{_WORD}))?"
#: Header fields that follow the patient's name after a gap.
_FIELD = (r"(?i:mrn|mr[ ]?#|mr\b|med[ ]?rec|acc(?:ession|t|ount)?\b|acc#|dob|d\.o\.b|unit[ ]?(?:#|no)|"
          r"hospital[ ]?#|csn|fin\b|enc(?:ounter)?\b|id\b|case\b|specimen|age\b|sex\b|study\b|"
          r"test[ ]date|exam[ ]date|date\b|dos\b|loc(?:ation)?\b|room\b|visit\b|ssn)")
_HEADER = re.compile(
    rf"(?m)(?:^[ \t]*|[ \t]{{2,}}|\b(?:PT|Pt|pt|Patient|PATIENT)[ \t]*:?[ \t]+)"
    rf"(?P<last>{_SURNAME})[ \t]*,[ \t]*(?P<first>{_GIVEN})"
    rf"(?=\.?(?:[ \t]{{2,}}|\t)[ \t]*{_FIELD}|[ \t]*,[ \t]*\d{{1,3}}[ \t]*(?i:yo|y/o|y\.o\.|yr|year))")
#: What may follow a header's name: a gap and a field, or an age.
#: (two blanks, then any more: "[ \t]{2,}[ \t]*" backtracks quadratically on a long run of blanks)
_GAP_FIELD = re.compile(rf"(?:[ \t]{{2}}|\t)[ \t]*{_FIELD}")
#: The same from the start of a run of blanks only (finditer: linear on a long run)
_GAP_FIELD_RUN = re.compile(rf"(?<![ \t]){_GAP_FIELD.pattern}")
_AGE_AFTER = re.compile(r",[ \t]*\d{1,3}[ \t]*(?i:yo|y/o|y\.o\.|yr|year)")
#: Report roles before a colon and a name ("Technologist: ...", "Interpreting physician: ...").
_COLON_ROLES = frozenset(
    "technologist technologists sonographer sonographers clinician interpreting radiologist "
    "pathologist cytotechnologist cytologist endoscopist proceduralist perfusionist operator "
    "submitting requesting rep representative scribe tech technician".split())
_ROLE_HEADS = frozenset("physician cardiologist radiologist provider".split())
_ROLE_LEADS = frozenset("interpreting reading submitting requesting".split())
#: Verbs before "by" and a name ("Scored by DK", "Confirmed by HALVERSON, NILS MD").
_BY_ROLES = frozenset(
    "scanned scored screened read confirmed interpreted verified released reported performed "
    "reviewed approved authenticated grossed accessioned prepared".split())
_BY = re.compile(r"by\b")
_AFTER_BY = re.compile(r"[ \t]*:?[ \t]*")
_ROLE_NAME = re.compile(
    rf"(?:{_PARTICLE}{{0,2}}(?:[^\W\d_]\.[ \t]?)?{_WORD}(?:-{_WORD})?)"
    rf"(?:[ \t]*,[ \t]*{_WORD}(?=[ \t]*(?:$|\n|,|\(|[ \t]{{2,}}|[ \t](?:M\.?D|D\.?O|RN|PA|NP)\b)))?"
    rf"(?:[ ](?:[^\W\d_]\.?[ ])?{_PARTICLE}{{0,2}}{_WORD}(?:-{_WORD})?){{0,2}}", re.MULTILINE)
_INITIALS = re.compile(r"([A-Z]{2,4}|[a-z]{2,4})\b")
#: What may follow a name after a role: the line's end, a stop, a bracket, a gap, a credential.
_NAME_END = re.compile(r"[ \t]*(?:$|[,;.(]|[ \t]{2,}|(?:MD|M\.D\.|DO|RN|PA-C|NP|on|at)\b)",
                       re.MULTILINE)
#: Device and instrument makers that follow "Rep:" / "Operator:" and name no one.
_MAKERS = frozenset(
    "medtronic boston abbott biotronik philips siemens ge canon toshiba olympus pentax fujifilm "
    "natus resmed respironics vyaire stryker zimmer edwards baxter hologic".split())
#: Modalities, services, units and roles after "by": "confirmed by CT", "called by ED".
_NOT_INITIALS = frozenset(
    "ct cta mri mra us xr cxr kub tte tee egd ercp eus ir ekg ecg eeg emg pet echo pft pfts "
    "abg vbg cbc lab rn rns md mds np pa pt ot sw slp rt rrt cm ed er or icu ccu micu sicu pacu "
    "ems ent gi id ep hh vna snf dr mr ms mrs pcp pmd hcp poa rph cna lpn pca tech team staff "
    "fax phone me him her them dme am pm mar bcma ua bcx ucx lft lfts bmp cmp inr ptt hct hgb "
    "tsh iv po im sq pr ng".split())
_CREDENTIALS = frozenset("md do rn np pa phd dds crna rrt cna lpn rph msw lcsw slp ot pt dpt otr".split())
_BY_INITIALS = re.compile(r"[ \t]+([A-Z]{2,3}|[a-z]{2,3})(?=[ \t]*(?:[.;,)]|$)|[ \t]+(?:on|at)[ \t]+\d)",
                          re.MULTILINE)
_REPORT_VERB = re.compile(
    r"(?i)\b(?:called|phoned|paged|communicated|notified|read[ \t-]?back|collected|drawn|scored|"
    r"screened|scanned|transcribed|typed|dictated|verified|released|signed|entered|prepared|"
    r"interpreted|reviewed|performed|discussed|critical)\b")
#: A sentence's end, not a title's period ("by phone to Dr. Delaney's office ... by LSR.").
_STOP = re.compile(r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)(?<!\b[A-Z])[.;](?:[ \t]|$)")
_TYPED_WORDS = ("transcri", "typed", "typist", "scored", "screened", "initials")  # no overlaps
#: The rest of "transcribed: mkl" from the trigger on (found with str.find).
_TYPED = re.compile(r"(?:transcribed|transcriptionist|typed|typist|scored|screened|initials)"
                    r"[ \t]*:[ \t]*([A-Z]{2,4}|[a-z]{2,4})(?=[ \t]*(?:$|[,;/(]|[ \t]{2,}))",
                    re.MULTILINE)
_DASH_SIGN = re.compile(r"[.!?)][ \t]+[-\u2013\u2014~]{1,2}[ \t]?([A-Z]{2,3}|[a-z]{2,3})[ \t]*$",
                        re.MULTILINE)


def _plain_word(word: str, lex: Lexicon) -> bool:
    """A capitalised word that names no one: a clinical, common or function word that no name
    list has."""
    k = word.lower().strip(".")
    if k in FUNCTION_WORDS or k in _MAKERS or k in _CREDENTIALS:
        return True
    listed = k in lex.first_names or k in lex.last_names
    return not listed and (k in lex.common_words or lex.is_medical(word))


def _header_names(text: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    # the anchors first (a gap and a field, an age), then the header rule on their lines only
    lines = set()
    i = text.find("  ")
    while i >= 0:  # str.find, then the field: far faster than a regex over every blank
        if _GAP_FIELD.match(text, i):
            lines.add(text.rfind("\n", 0, i) + 1)
        while text[i:i + 1] == " ":
            i += 1
        i = text.find("  ", i)
    if "\t" in text:
        lines.update(text.rfind("\n", 0, m.start()) + 1 for m in _GAP_FIELD_RUN.finditer(text))
    lines.update(text.rfind("\n", 0, m.start()) + 1 for m in _AGE_AFTER.finditer(text))
    for start in sorted(lines):
        end = text.find("\n", start)
        for m in _HEADER.finditer(text, start, len(text) if end < 0 else end):
            words = _NAME_WORD.findall(m.group("last") + " " + m.group("first"))
            words = [w for w in words if len(w) > 1 and w.lower() not in _PARTICLE_WORDS]
            if not words or any(_plain_word(w, lex) for w in words):
                continue
            if m.group("last").isupper() != m.group("first").split()[0].isupper() \
                    or not m.group("first")[0].isupper() or not words[0][0].isupper():
                continue  # "HTN, Lungs"; lower-case words are no header's name
            out.append((m.start("last"), m.end("first")))


_PARTICLE_WORDS = frozenset("van von de der den del della di da du la le".split())


def _role_cues(text: str, low: str) -> list[int]:
    """Offsets where a name may start after a report role and a colon, or a verb and "by"."""
    starts = []
    i = text.find(":")
    while i >= 0:
        line = text.rfind("\n", 0, i) + 1
        words = low[max(line, i - 40):i].split()
        if words and (words[-1] in _COLON_ROLES or (
                len(words) > 1 and words[-1] in _ROLE_HEADS and words[-2] in _ROLE_LEADS)):
            starts.append(_AFTER_BY.match(text, i + 1).end())
        i = text.find(":", i + 1)
    for m in _BY.finditer(low):
        if m.start() and not low[m.start() - 1].isspace():
            continue
        words = low[max(0, m.start() - 20):m.start()].split()
        if words and words[-1] in _BY_ROLES:
            starts.append(_AFTER_BY.match(text, m.end()).end())
    return starts


def _role_names(text: str, low: str, lex: Lexicon, out: list[tuple[int, int]]) -> None:
    for at in _role_cues(text, low):
        m = _INITIALS.match(text, at, at + 4)
        if m and len(m.group(1)) <= 3 and _initials_ok(m.group(1), lex):
            if _NAME_END.match(text, m.end()):
                out.append(m.span(1))
            continue
        m = _ROLE_NAME.match(text, at)
        if m is None or not text[at:at + 1].isupper():
            continue
        # up to the first word that names no one ("Oyelaran, Elmwood OB/GYN" keeps "Oyelaran")
        end, full = None, 0
        for w in _NAME_WORD.finditer(text, at, m.end()):
            word = w.group()
            if word.lower() in _PARTICLE_WORDS:
                continue
            if len(word) > 1 and (_plain_word(word, lex) or not word[0].isupper()):
                break
            end, full = w.end(), full + (len(word) > 1)
        if end is None or not full:
            continue
        if "," in text[at:end]:  # "LAST, FIRST" only with a listed first name or in capitals
            last, first = text[at:end].split(",", 1)
            if first.split()[0].lower() not in lex.first_names and not (last.isupper() and first.isupper()):
                end = at + len(last)
        if _NAME_END.match(text, end):
            out.append((at, end))


def _initials_ok(word: str, lex: Lexicon) -> bool:
    k = word.lower()
    return k not in _NOT_INITIALS and k not in _CREDENTIALS and k not in FUNCTION_WORDS \
        and k not in lex.states and not lex.is_medical(k, abbreviations=False) \
        and (k not in lex.common_words or word.isupper())


def report_staff_names(text: str, low: str, lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of the names described in the module docstring; ``low`` is the text in
    lower case."""
    out: list[tuple[int, int]] = []
    if len(low) != len(text):  # a letter whose lower case is longer ("İ"): keep the offsets
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if "," in text:
        _header_names(text, lex, out)
    _role_names(text, low, lex, out)
    for m in _BY.finditer(low):  # initials after a report verb and "by"
        i = _BY_INITIALS.match(text, m.end())
        if i is None or (m.start() and not low[m.start() - 1].isspace()):
            continue
        line = text.rfind("\n", 0, m.start()) + 1
        clause = _STOP.split(text[max(line, m.start() - 160):m.start()])[-1]
        if _REPORT_VERB.search(clause) and _initials_ok(i.group(1), lex):
            out.append(i.span(1))
    if ":" in text:
        for w in _TYPED_WORDS:
            i = low.find(w)
            while i >= 0:
                m = _TYPED.match(low, i) if i == 0 or not low[i - 1].isalpha() else None
                k = text[m.start(1):m.end(1)] if m else ""
                if m and (k.isupper() or k.islower()) and k.lower() not in _CREDENTIALS \
                        and k.lower() not in FUNCTION_WORDS:
                    out.append(m.span(1))
                i = low.find(w, i + 1)
    last_line = text.rstrip().rfind("\n")
    for m in _DASH_SIGN.finditer(text):
        k = m.group(1)
        if _initials_ok(k, lex) or (m.start(1) > last_line and k.lower() not in _NOT_INITIALS
                                    and k.lower() not in _CREDENTIALS):
            out.append(m.span(1))
    return out


_LABEL_AFTER = re.compile(r"[ \t]*:")


def drop_field_labels(text: str, found: list[tuple[int, int, float]], lex: Lexicon
                      ) -> list[tuple[int, int, float]]:
    """Drop a lone common word that a colon follows: a field's label, not a name, though a role
    or credential stands before it ("Moira Fitzsimmons, CRNA   Referring: Harlan Betancourt")."""
    out = []
    for f in found:
        word = text[f[0]:f[1]]
        k = word.lower()
        if _LABEL_AFTER.match(text, f[1]) and word.isalpha() and len(word) >= 4 \
                and not word.isupper() and k in lex.common_words \
                and k not in lex.first_names and k not in lex.last_names:
            continue
        out.append(f)
    return out
