"""Transport and home-care companies named by a brand word, in any case (session 21, deidleft21).

Ambulance, medical transport and home-care companies are named by a brand word, often an
ordinary English word, before the kind of service: "Pro Ambulance", "Coastal Medical
Transport", "Premier Home Services". In title case the company rules read them; in capitals or
lower case ("PRO AMBULANCE", "COASTAL MEDICAL TRANSPORT", "premier home services") the brand word
is a common word there and the name was lost or cut ("COASTAL MEDICAL" without its last word).

The brand words are the marketing words companies take (:data:`BRAND_WORDS`), not words that
say how or at what level a patient travels or is cared for ("private", "medical", "basic",
"home", "secure"): "BY PRIVATE AMBULANCE", "VIA MEDICAL TRANSPORT", "HOME SERVICES" stay. One
brand word, up to two service words ("medical", "home", "health", "care", "wheelchair",
"mobility", "van") and the kind ("ambulance", "transport", "services", "home care" ...).
"""

from __future__ import annotations

import re

from meddx.deid._span import Span

__all__ = ["BRAND_WORDS", "brand_company_spans"]

#: Marketing words that begin company names and say nothing about a service's level
BRAND_WORDS = frozenset(
    "pro premier coastal apex pinnacle patriot liberty eagle lifestar americare keystone "
    "heritage".split())
_SERVICE = r"(?:medical|home|health|care|healthcare|wheelchair|mobility|van|chair|ems)"
_KIND = (r"(?:ambulance|transport|transportation|services|service|homecare|home[ \t]+care|"
         r"home[ \t]+health|health[ \t]*care|supply|supplies|infusion|ems|nursing)")
_COMPANY = re.compile(
    rf"(?<![\w'-])(?P<brand>{'|'.join(sorted(BRAND_WORDS))})((?:[ \t]+{_SERVICE}){{0,2}})"
    rf"[ \t]+{_KIND}(?![\w-])", re.IGNORECASE)


def brand_company_spans(text: str) -> list[Span]:
    """LOCATION spans for "<brand word> [service words] <kind>" companies, in any case."""
    low = text.lower()
    if not any(f"{b} " in low or f"{b}\t" in low for b in BRAND_WORDS):
        return []  # most notes hold no brand word: no scan (a substring test per word is cheap)
    out = []
    mixed = low != text and text.upper() != text
    for m in _COMPANY.finditer(text):
        found = m.group(0)
        if (found != found.upper() and not all(w[0].isupper() for w in found.split())
                and (found != found.lower() or mixed)):
            continue  # in mixed case a company's name is in title case ("Pro ambulance crews",
            # fix round: also not "a pro ambulance crew member" in a mixed-case note)
        out.append(Span(m.start(), m.end(), "LOCATION", "places", 0.75))
    return out
