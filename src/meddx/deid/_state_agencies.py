"""State child, family and disability agencies, by initials or by name (typed LOCATION).

* **Initials beside an agency cue**: "open case with DCF", "DCF caseworker", "report filed
  with DSS", "placement through DCFS", "DDS service coordinator", "dcf involved". The
  initials (DCF, DCFS, DCYF, DSS, DDS, DMH, DYS, DSHS, DCS, DJJ; not DHHS,
  which is also the federal department) are read as the agency
  only with a cue word (case, caseworker, worker, involved, custody, placement, report,
  referral, notified, hotline, guardianship, investigation, through, with ...) in the words
  around them; DSS and DDS only in capitals. "DSS 100 mg bid" (docusate), "Colace (DSS)",
  "John Smith, DDS" (a dentist) and "DMH" with no cue stay; where a note uses DSS or DDS once
  in such a sense, none of its DSS or DDS is read as the agency.
* **Departments by name**: "Dept of Developmental Services", "Department of Children and
  Families", "Dept. of Social Services", "Department of Mental Health", "Department of Youth
  Services": the kind of department must be one of the agency kinds; hospital departments
  ("Department of Medicine", "Dept of Radiology") stay.
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["AGENCY_INITIALS", "state_agency_spans"]

#: Lower-cased initials; a note without one (as a token) skips the initials scan.
AGENCY_INITIALS = frozenset("dcf dcfs dcyf dss dds dmh dys dshs dcs djj".split())
_CAPS_ONLY = frozenset(("DSS", "DDS"))
_INITIALS = re.compile(r"(?<![\w/-])(?:DCFS|DCYF|DSHS|DCF|DSS|DDS|DMH|DYS|DCS|DJJ|(?i:dcfs|dcyf|dcf))"
                       r"(?![\w/-])")
_CUE = re.compile(
    r"(?i)\b(?:case|cases|caseworker|case[ \t]worker|worker|social[ \t]worker|involved|involvement|"
    r"custody|placement|placed|foster|report|reported|filed|referral|referred|notified|notify|hotline|"
    r"guardianship|guardian|investigation|investigator|investigating|open|opened|through|"
    r"connected|contacted|contact|call|called|aware|services|coordinator|intake|supervised|"
    r"screened|screening|mandated|51a|state)\b")
_DOSE = re.compile(r"[ \t]*(?:\d|\(|[ \t]*(?:mg|cap|tab|po|bid|tid|daily|qd|prn)\b)", re.IGNORECASE)
_KINDS = (r"(?:Children[ \t]+(?:and|&)[ \t]+Famil(?:y|ies)(?:[ \t]+Services)?|Children'?s[ \t]+Services|"
          r"Child(?:ren)?[ \t]+(?:and[ \t]+Family[ \t]+)?Services|Social[ \t]+Services|"
          r"(?:Health[ \t]+(?:and|&)[ \t]+)?Human[ \t]+Services|Developmental[ \t]+(?:Services|Disabilities)|"
          r"Disability[ \t]+Services|Mental[ \t]+Health|Youth[ \t]+Services|Juvenile[ \t]+Justice|"
          r"Corrections|Transitional[ \t]+Assistance|Family[ \t]+Services|"
          r"Job[ \t]+and[ \t]+Family[ \t]+Services)")
_DEPT = re.compile(r"\b(?:Department|Dept\.?|DEPARTMENT|DEPT\.?)[ \t]+(?:of|OF)[ \t]+(?:"
                   + _KINDS + r"|" + _KINDS.upper().replace("[ \\T]", "[ \\t]") + r")(?![\w])")


def _other_sense(text: str, m: re.Match[str]) -> bool:
    """DSS or DDS as a drug or a credential: "DSS 100 mg", "Colace (DSS)", "Smith, DDS"."""
    if _DOSE.match(text, m.end()) and not text.startswith(" (", m.end()):
        return True
    return text[max(0, m.start() - 3):m.start()].rstrip().endswith((",", "("))


def state_agency_spans(text: str, keys: frozenset[str] | set[str]) -> list[Span]:
    """Spans of the agencies of the module docstring (``keys``: the note's lower-cased tokens)."""
    out: list[Span] = []
    if not keys.isdisjoint(AGENCY_INITIALS):
        hits = list(_INITIALS.finditer(text))
        # an initialism used once in its drug or credential sense is never the agency in that note:
        # the within-note pass would copy the agency span onto "DSS 100 mg" otherwise
        other_sense = {m.group() for m in hits if m.group() in _CAPS_ONLY and _other_sense(text, m)}
        for m in hits:
            word = m.group()
            if word.upper() in _CAPS_ONLY and (word != word.upper() or word in other_sense):
                continue
            if _DOSE.match(text, m.end()) and not text.startswith(" (", m.end()):
                continue  # "DCF 2" in a list of values
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            window = text[max(line_start, m.start() - 40):min(m.end() + 40, line_end)]
            if _CUE.search(window):
                out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.7))
    if "dept" in keys or "department" in keys or "dept." in keys:
        out += [Span(m.start(), m.end(), "LOCATION", "places", 0.7) for m in _DEPT.finditer(text)]
    return out
