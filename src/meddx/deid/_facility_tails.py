"""What follows a facility's name and belongs to it (session 14, deidplace14).

Transfer and care-management notes write a facility's name and then its store or kind:

* **A store number** after a pharmacy or facility: "Rite Aid #4417", "CVS # 2231".
* **A facility word** after a facility's name, in any case and across a wrapped line: "Tuba
  City peds clinic", "sanford\\nrehab", "Greenville Internal Medicine Assoc", "Lakeside
  Outpatient Pharmacy".

Session 15 (deidplace15): a **facility head** after a facility's or a town's name, the kind
of place a patient is sent to or lives at, which no person or town is followed by: "Columbia
River Physical Therapy", "Brookside Assisted Living", "Hartselle Family Care", "Covenant
Skilled Nursing", "Elm Ridge Senior Living", "Caris Life Sciences", "Quest Laboratories".

Session 15 (deidhosp15): home-care and treatment-centre heads ("Person County VNA", "Blue Ridge
Recovery Center", "HonorHealth Home Care", "X Behavioral Health", "X Visiting Nurses"), and after
a facility's span the second half of a paired name ("Nash Rehabilitation and Nursing"). A span
that ends on a connector ("reno and", a town run on in lower case) takes no head.

Each rule extends the facility's (or town's) span into one HOSPITAL span; the shorter span
stays and the merge keeps the longer one.

Session 15 (deidplace15) removed two rules of session 14 that found nothing on any set but the
one they were fitted to (a town after a one-word chain name "Kindred Greensboro", "<town>
medical" ending a clause); the store number stays (it finds PHI on notes15c, another writer's
validation set): see docs/benchmarks.md.
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["facility_tail_spans"]

_STORE = re.compile(r"[ \t]*#[ \t]*\d{2,6}(?![\w-])")
# A line break only before a lower-case word ("Mass General\nClinic follow-up" stays apart).
_SEP_LOW = r"(?:[ \t]+|[ \t]*\n[ \t]*(?=[a-z]))"
_KIND = re.compile(
    _SEP_LOW + r"(?i:(?:(?:peds|pediatric|outpatient|specialty|family|walk-in)" + _SEP_LOW + r")?"
    r"(?:clinic|rehab|pharmacy|assoc\b\.?|associates)|medical" + _SEP_LOW
    + r"(?:center|centre|clinic))(?![\w-])")
#: between a head's words: a space or a line break before any case ("Covenant Skilled\nNursing":
#: the head's second word is no sentence's start)
_IN = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
#: heads that make any place name before them a facility (session 15); on the name's line only,
#: and not before trainees, a programme or aides ("Boston family medicine residents", "lives in
#: Reno\nhome health aide": reviewer, session 15)
_HEAD = re.compile(
    r"[ \t]+(?i:(?:physical|occupational|speech|respiratory)" + _IN + r"therapy|"
    r"assisted" + _IN + r"living|senior" + _IN + r"living|memory" + _IN + r"care|"
    r"skilled" + _IN + r"nursing(?:" + _IN + r"(?:facility|center|centre|home))?|"
    r"nursing" + _IN + r"(?:home|center|centre|facility)|"
    r"family" + _IN + r"(?:care|medicine|practice|health(?:" + _IN + r"center)?)|"
    r"urgent" + _IN + r"care|(?:community" + _IN + r")?health" + _IN + r"center|"
    r"surgery" + _IN + r"center|surgical" + _IN + r"center|dialysis(?:" + _IN
    + r"center)?|life" + _IN + r"sciences|laboratories|"
    r"retirement" + _IN + r"(?:home|community|center|village)|home" + _IN + r"health|"
    # session 15 (deidhosp15): home-care agencies and treatment centres
    r"home" + _IN + r"care|vna|visiting" + _IN + r"nurses?|recovery" + _IN + r"(?:center|centre)|"
    r"behavioral" + _IN + r"health(?:" + _IN + r"(?:center|centre|services))?)"
    r"(?![\w-])(?![ \t]+(?i:residency|residents?|programs?|fellows?|fellowship|trainees?|"
    r"interns?|aides?)\b)")
#: the second half of a paired facility name after a facility's span ("Nash Rehabilitation and
#: Nursing", "Oak Grove Health & Rehab"; session 15, deidhosp15)
_AND = re.compile(
    r"[ \t]+(?i:(?:and|&)" + _IN + r"(?:nursing|rehab|rehabilitation)(?:" + _IN
    + r"(?:center|centre))?)(?![\w-])")


#: a span that ends on a connector ("reno and", a town run on in lower case) takes no head
_LOOSE_END = re.compile(r"(?i:[ \t](?:and|or|&))$")


def _score(s: Span) -> float:
    """A little above the facility's own span, so the merge keeps the longer one."""
    return min(0.95, max(s.score, 0.75) + 0.05)


def facility_tail_spans(text: str, spans: list[Span]) -> list[Span]:
    """HOSPITAL spans for the facilities (and towns) of ``spans`` with the kind word or facility
    head of the module docstring."""
    out: list[Span] = []
    for s in spans:
        if s.label in ("HOSPITAL", "LOCATION") and not _LOOSE_END.search(
                text, max(s.start, s.end - 4), s.end):
            m = _HEAD.match(text, s.end) or (
                _STORE.match(text, s.end) or _KIND.match(text, s.end) or _AND.match(text, s.end)
                if s.label == "HOSPITAL" else None)
            if m is not None:
                out.append(Span(s.start, m.end(), "HOSPITAL", "places", _score(s)))
    return out
