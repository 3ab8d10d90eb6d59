"""Line shapes that vouch for a name in the case view (:mod:`meddx.deid._case_view`) of a
note typed in lower case, where no capital does.

* **Header lines.** A line that opens on "surname, first name" followed by what a header gives
  next (two spaces, an age with or without a sex, "dob", "mrn", or the end of the line):
  "okonjo, emeka  49 m  mrn ...", "matsuda-hart, kenji   dob ...", "hobbs, clement (93)".
  The words get title case, as a writer in mixed case types them, when none is a function or
  clinical word, the first name is listed or in no list, and one word reads as a proper noun
  ("abdomen, soft  nontender" and "lungs, clear" stay lower case).
* **Addresses.** A house number, one to three words and a street word that ends the address
  ("700 river drive", "412 cotton gin rd.", "218 mill st,") get title case; a listed town
  and a state code that ends the line, a field or the address get title case and capitals
  ("chillicothe mo" -> "Chillicothe MO", "lafayette in 47905" -> "Lafayette IN 47905"); before
  a ZIP code, a town of the larger gazetteer that no word list knows too ("escanaba mi 49829",
  session 16), and a listed town before a comma and a state's full name ("larned, kansas" ->
  "Larned, Kansas", session 16).
* **Names in parentheses.** A listed first name in parentheses (or in quotes in them) after a
  cue of kin or care, or after a proper word, gets title case: "wife dot (dorothy)", "mom's
  (yesenia)", "fionnuala ("nuala")".
* **Transcription footers.** The initials of the author before those of the typist, on a line
  of their own before the dictation date ("wf/rc" then "dd: 11/30/2072") or before it on the
  same line ("bs/dkm   d: 09/18/2073"), get capitals, with the date's label on that line:
  "WF/rc", "BS/dkm   D:", as transcription footers are typed in mixed case; the name detector
  then reads both initials.

:class:`ByStart` (session 17, after the review): the view's spans by start, so that those
overlapping a span are found by bisection, not by a scan of them all.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from meddx.deid._case_lines import CREDENTIALS
from meddx.deid._case_words import CUES, NAME, SHAPE, STOPS, UNKNOWN, word_class
from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span
from meddx.deid._street_forms import not_street_word
from meddx.deid._tokens import FUNCTION_WORDS, has_digit

__all__ = ["ByStart", "id_shapes", "line_shapes"]


class ByStart:
    """(start, end, item) triples by start: those that overlap a span, by bisection."""

    def __init__(self, triples: list[tuple[int, int, Span | None]]) -> None:
        self.triples = sorted(triples, key=lambda t: t[0])
        self.starts = [t[0] for t in self.triples]
        self.longest = max((e - b for b, e, _ in self.triples), default=0)

    def overlapping(self, start: int, end: int) -> list[Span | None]:
        lo = bisect_left(self.starts, start - self.longest)
        return [x for b, e, x in self.triples[lo:bisect_left(self.starts, end)]
                if b < end and start < e]

#: "surname, first [m]" at the start of a line, and what may follow it in a header
_HEADER = re.compile(
    r"[ \t]*(?P<name>(?P<sur>[^\W\d_]{2,}(?:[-' ][^\W\d_]{2,})?), ?(?P<first>[^\W\d_]{2,})"
    r"(?: [^\W\d_]\.?)?)"
    r"(?=[ \t\r]*$|[ \t]{2,}\S|[ \t]+\(?\d{1,3}\)?[ \t]?[mf]?(?![\w/.-])|[ \t]+(?:dob|mrn|age)\b)")
#: the initials of a transcription footer, alone on their line or before the dictation date
_FOOTER = re.compile(r"[ \t]*(?P<ini>(?P<author>[^\W\d_]{2,4})/[^\W\d_]{2,4})"
                     r"(?:[ \t\r]*$|[ \t]{2,}(?P<label>dd?):)")
#: the label of the dictation or transcription date that opens the next line, and the date
#: (not "hr/rr\nt: 98.6"); "[ \t\r]*$": a line's end also in a CRLF note
_DATE_LABEL = re.compile(r"[ \t]*(?:dd?|dt|td|t)[ \t]*:[ \t]*(?:\d{1,4}[/-]\d{1,2}\b|"
                         r"\d{1,2}\.\d{1,2}\.\d{2,4}\b|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                         r"oct|nov|dec)[a-z]*\.?[ \t]+\d)")
_WORDS = re.compile(r"[^\W\d_]+")
#: a word in parentheses (and quotes) after a word and, before that, another one: "wife dot
#: (dorothy)", "mom's (yesenia)", "daughter willemijn ("wil")"
_ALIAS = re.compile(r"(?<![^\W\d_'])(?:(?P<cue>[^\W\d_]+(?:'s)?) )?(?P<before>[^\W\d_]+(?:'s)?) "
                    r"\((?P<q>[\"']?)(?P<name>[^\W\d_]{3,})(?P=q)\)")
#: a house number, one to three words and a street word, then the end of the address
_STREET = re.compile(
    r"(?<![\w/.,:#-])\d{1,6} (?P<name>[^\W\d_]{2,}(?: [^\W\d_]{2,}){0,2}) "
    r"(?P<kind>st|street|rd|road|ave|avenue|dr|drive|ln|lane|blvd|boulevard|way|ct|court|terrace|"
    r"pl|place|cir|circle|hwy|highway|pkwy|parkway|trail|pike)(?=[.,;]|[ \t\r]*$|[ \t]{2,})")
#: a town before a comma and a state's full name ("larned, kansas", "hope, north dakota")
_TOWN_COMMA_STATE = re.compile(
    r"(?<![\w-])(?P<town>[^\W\d_]{3,}), (?P<state>alabama|alaska|arizona|arkansas|california|"
    r"colorado|connecticut|delaware|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|"
    r"kentucky|louisiana|maine|maryland|massachusetts|michigan|minnesota|mississippi|missouri|"
    r"montana|nebraska|nevada|new hampshire|new jersey|new mexico|new york|north carolina|"
    r"north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|south carolina|south dakota|"
    r"tennessee|texas|utah|vermont|virginia|washington|west virginia|wisconsin|wyoming)(?![\w-])")
_ZIP = re.compile(r"[ \t]+\d{5}(?:-\d{4})?\b")
#: a listed town and a state code that ends the line, a field or the address ("chillicothe mo",
#: "lafayette in 47905")
_TOWN_STATE = re.compile(r"(?<![\w-])(?P<town>[^\W\d_]{3,}) (?P<state>[a-z]{2})"
                         r"(?=[ \t\r]*$|[ \t]{2,}|[ \t]+\d{5}\b|[.;])")


def line_shapes(line: str, recased: str, windows: list,
                following: str = "") -> tuple[str, list]:
    """``recased`` (the re-cased ``line``) with the names its shape vouches for in title case
    or capitals (module docstring), and their windows added; ``following``: the next line of
    the note. Lines in capitals, and lines without a comma or a slash, are left as they are."""
    if line.isupper():
        return recased, windows
    out: list[str] | None = None
    if has_digit(line):
        for m in _STREET.finditer(line):
            words = [w.lower() for w in _WORDS.findall(m.group("name"))]
            if any(w in STOPS or not_street_word(w, lexicon()) for w in words):
                continue
            out = out or list(recased)
            for w in _WORDS.finditer(m.group(0)[m.start("name") - m.start():]):
                _title(line, out, m.start("name") + w.start())
            windows = [*windows, (m.start(), m.end(), m.start(), _line_end(line))]
    lex = lexicon()
    for m in _TOWN_STATE.finditer(line):
        st, town = m.group("state"), m.group("town").lower()
        if st in lex.states and st not in CREDENTIALS and (
                town in lex.cities and word_class(town) == NAME or _zip_town(line, m, town)):
            out = out or list(recased)
            _title(line, out, m.start("town"))
            out[m.start("state"):m.end("state")] = st.upper()
            windows = [*windows, (m.start("town"), m.end("state"), m.start("town"),
                                  _line_end(line))]
    if "," in line:
        for m in _TOWN_COMMA_STATE.finditer(line):
            town = m.group("town").lower()
            if word_class(town) in (NAME, UNKNOWN) and (town in lex.cities or town in gazetteer().towns):
                out = out or list(recased)
                second = m.group("state").find(" ") + 1  # "north dakota": both words
                for k in (m.start("town"), m.start("state"), m.start("state") + second):
                    _title(line, out, k)
                windows = [*windows, (m.start("town"), m.end("state"), m.start("town"), _line_end(line))]
    if "(" in line:
        for m in _ALIAS.finditer(line):
            name, before = m.group("name").lower(), m.group("before").lower().removesuffix("'s")
            cue = (m.group("cue") or "").lower().removesuffix("'s")
            if name in lex.first_names and word_class(name) == NAME and (
                    before in CUES or cue in CUES or word_class(before) in (NAME, UNKNOWN)):
                out = out or list(recased)
                _title(line, out, m.start("name"))
                windows = [*windows, (m.start("name"), m.end("name"), m.start(), m.end())]
    if "," not in line and "/" not in line:
        return ("".join(out), windows) if out is not None else (recased, windows)
    m = _HEADER.match(line)
    if m and _header_name(m):
        out = list(recased)
        for w in _WORDS.finditer(m.group("name")):
            _title(line, out, m.start("name") + w.start())
        windows = [*windows, (m.start("name"), m.end("name"), m.start("name"), _line_end(line))]
    f = _FOOTER.match(line)
    if f and (f.group("label") or _DATE_LABEL.match(following)):
        out = out or list(recased)
        for k in [*range(*f.span("author")), *(range(*f.span("label")) if f.group("label") else ())]:
            if len(line[k].upper()) == 1:
                out[k] = line[k].upper()
        windows = [*windows, (f.start("ini"), f.end("ini"), f.start("ini"), _line_end(line))]
    return ("".join(out), windows) if out is not None else (recased, windows)


def _zip_town(line: str, m: re.Match, town: str) -> bool:
    """A town of the larger gazetteer that no word list knows ("escanaba mi 49829"), before a
    state code and a ZIP code (session 16, deidplace16): the ZIP makes the line an address."""
    return line[m.end():m.end() + 1].isspace() and _ZIP.match(line, m.end()) is not None \
        and word_class(town) == UNKNOWN and town in gazetteer().towns


def _header_name(m: re.Match) -> bool:
    """Whether the "surname, first" of a header line reads as a name: no function, stop or
    clinical word, a first name that is listed or in no list, and a proper word among them."""
    lex = lexicon()
    words = [w.lower() for w in _WORDS.findall(m.group("sur"))]
    first = m.group("first").lower()
    if any(w in FUNCTION_WORDS or w in STOPS or lex.is_medical(w) for w in (*words, first)):
        return False
    if first not in lex.first_names and word_class(first) != UNKNOWN:
        return False
    return any(word_class(w) in (NAME, UNKNOWN) for w in (*words, first))



def _title(line: str, out: list[str], k: int) -> None:
    """The letter at ``k`` of ``out`` in upper case, where that keeps the length."""
    if len(line[k].upper()) == 1:
        out[k] = line[k].upper()


def _line_end(line: str) -> int:
    """Where a shape's window ends: the line without its break, its trailing blanks kept ("wf/rc
    \\r\\n" in a CRLF note reads "wf/rc " in the layout view: the blank stays in the view)."""
    return len(line.rstrip("\r\n"))


def id_shapes(line: str, recased: str, windows: list) -> tuple[str, list]:
    """``recased`` with the identifiers that read by their capitals in capitals, and their
    windows added: accession numbers ("sp-19-30317" -> "SP-19-30317", "s23-4410") and an age
    over 89 with its sex ("93m" -> "93M"). Moved from ``_case_view`` (session 17), unchanged."""
    if line.isupper() or not has_digit(line):
        return recased, windows
    found = list(SHAPE.finditer(line))
    if not found:
        return recased, windows
    out = list(recased)
    windows = list(windows)
    for m in found:
        s, e = m.span()
        out[s:e] = m.group().upper()  # ASCII: same length
        a = line.rfind(" ", 0, max(0, s - 24)) + 1
        b = line.find(" ", min(len(line), e + 12))
        windows.append((s, e, a, b if b >= 0 else len(line)))
    return "".join(out), windows
