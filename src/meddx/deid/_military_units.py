"""Military units and ships, named non-healthcare organisations (typed LOCATION).

* **Numbered units**: an ordinal, up to three capitalised words, and a unit word, chained by
  commas: "1st Battalion, 75th Ranger Regiment", "2nd Brigade, 101st Airborne", "3rd Infantry
  Division", "2nd Marine Division", "82nd Airborne", "1ST CAV", "Company B, 2nd Battalion".
  The unit word is capitalised or in capitals: "2nd division of the nerve", "1st degree",
  "4th Ventricle", "2nd Floor" stay.
* **Ships**: "USS Enterprise", "USNS Comfort", "USCGC Healy".
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["UNIT_KEYS", "military_unit_spans"]

_UNIT_WORDS = (r"(?:Battalion|Bn|Brigade|Bde|Regiment|Regt|Division|Div|Infantry|Inf|Cavalry|Cav|"
               r"Armou?red|Armou?r|Airborne|Marines|Squadron|Sqdn|Sqn|Fleet|Corps|Platoon|Artillery|"
               r"Field[ \t]Artillery|Engineers|Engineer[ \t]Battalion|Signal[ \t]Battalion|Aviation|"
               r"Special[ \t]Forces[ \t]Group|Ranger[ \t]Regiment|Air[ \t]Wing|Fighter[ \t]Wing|"
               r"Bomb[ \t]Wing|Airlift[ \t]Wing|Air[ \t]Cavalry|Mountain[ \t]Division|"
               r"Expeditionary[ \t]Force|Military[ \t]Police|MP[ \t]Company|Medical[ \t]Battalion)")
#: Token keys of the unit and ship words: a note without one skips the scan.
UNIT_KEYS = frozenset(
    "battalion bn brigade bde regiment regt division div infantry inf cavalry cav armored armoured armor "
    "armour airborne marines squadron sqdn sqn fleet corps platoon artillery engineers engineer aviation "
    "group wing police uss usns uscgc hms hmcs".split())
_UNIT_CAPS = r"(?:" + _UNIT_WORDS + r"|" + _UNIT_WORDS.upper().replace("[ \\T]", "[ \\t]") + r")"
_ORD = r"\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH)"
_ONE = (r"(?:" + _ORD + r"[ \t]+(?:(?:[A-Z][A-Za-z'-]+|[A-Z]{2,})[ \t]+){0,2}?" + _UNIT_CAPS
        + r"(?:[ \t]+" + _UNIT_CAPS + r")?"
        r"|(?:Company|Co\.?|Troop|Battery|COMPANY|TROOP|BATTERY)[ \t]+[A-Z]\b)")
_UNITS = re.compile(r"(?<![\w/-])" + _ONE + r"(?:,?[ \t]+" + _ONE + r")*(?![A-Za-z])")
_HAS_ORD = re.compile(_ORD)
_ORD_ANY = re.compile(r"\d(?:st|nd|rd|th|ST|ND|RD|TH)\b")
#: "2nd Division of Cardiology": a department when "of" follows a lone division.
_DEPARTMENT = re.compile(_ORD + r"[ \t]+(?i:division|div)$")
_SHIP = re.compile(r"\b(?:USS|USNS|USCGC|HMS|HMCS)[ \t]+[A-Z][A-Za-z'-]+(?:[ \t][A-Z][A-Za-z'-]+){0,2}"
                   r"(?:[ \t]*\((?:[A-Z]{2,4}-?\d{1,3})\))?")


def military_unit_spans(text: str) -> list[Span]:
    """Spans of the units and ships of the module docstring."""
    out: list[Span] = []
    for m in _UNITS.finditer(text) if _ORD_ANY.search(text) else ():
        if not _HAS_ORD.search(m.group()):
            continue  # "Company B" alone
        if _DEPARTMENT.match(m.group()) and text.startswith(" of ", m.end()):
            continue
        out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
    if "US" in text or "HM" in text:
        out += [Span(m.start(), m.end(), "LOCATION", "places", 0.75) for m in _SHIP.finditer(text)]
    return out
