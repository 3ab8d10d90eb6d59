"""Find short forms of the inventory in running text, leaving ordinary words alone.

A candidate is a run of letters and digits joined by ``.``, ``/`` or ``&`` ("P.E.", "s/p", "n/v",
"C&S"); a possessive or plural ending is kept outside the span ("pt's" -> "pt", "PEs" -> "PE").
Short forms that are also English words ("as", "or", "us") count only when written in
capitals outside an all-capitals passage (a few also in lowercase where the context shows
it: "viral vs bacterial", "24 hr", "650 mg pr", "460 ms", "500 cc", "3 mm", "18 ng/mL"), and
the commonest function words only in a context that makes the abbreviation plain ("to the OR",
"renal US"). "U.S." is the country. "IT" in capitals inside mixed-case text is a short form
(intrathecal) unless it is information technology ("called IT", "IT department");
"it" and "It" are the pronoun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from meddx.text._abbrev_inventory import Inventory
from meddx.text._abbrev_keys import short_key

__all__ = ["Mention", "find_abbreviations"]

_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9](?:[A-Za-z0-9]|[./&](?=[A-Za-z0-9]))*\.?")
_WORD = re.compile(r"[A-Za-z]+")
# Function words that read as English unless the context says otherwise.
_FUNCTION = {"or", "as", "us", "it", "is", "in", "on", "at", "to", "be", "an", "do", "no", "so",
             "up", "we", "me", "he", "if", "of", "by", "my", "go", "hi", "am", "all", "was",
             "had", "from", "men", "air", "add", "aid", "help", "cold", "fast", "ten", "arm"}
_CONTEXT = {
    "or": (re.compile(r"\b(?:to|in|into|from|the|returned to|back to)\s+(?:the\s+)?$", re.I),
           re.compile(r"^\s+(?:today|tomorrow|tonight|on|for|time|table|note|report|"
                      r"with|by|at|nurse|schedule|staff)\b", re.I)),
}
# "IT" in capitals inside mixed-case text is not the pronoun (that is "it" or "It"): it is a
# short form (intrathecal, immature teratoma) unless it is information technology ("called
# IT", "the IT department") or part of a contraction ("IT'S"). All-capitals lines and
# headings are handled by _caps_passage like every other word.
_IT_COMPUTING = (
    re.compile(r"\b(?:call(?:ed|ing)?|contact(?:ed|ing)?|notif(?:y|ied|ying)|e-?mail(?:ed)?|"
               r"ask(?:ed)?|paged?|told|informed|hospital|our|local)\s+$", re.I),
    re.compile(r"^(?:['\u2019]|\s*(?:department|dept|support|staff|team|help\s*desk|helpdesk|"
               r"services?|ticket|issue|problem|person|security|systems?|specialist|technician|"
               r"tech|admin\w*|outage|access|account|password|login|(?:was|has been|is) "
               r"(?:called|contacted|notified|aware|informed))\b)", re.I),
)
# Short forms flagged as English that notes write in lowercase, and the context that shows it
# ("viral vs bacterial", "24 hr urine", "650 mg pr q6h", "QTc 460 ms"): (before, after).
_ANY = re.compile(r"")
_LOWERCASE = {
    "vs": (re.compile(r"[\w)]\s*$"), re.compile(r"^\.?\s+[\w(]")),
    "hr": (re.compile(r"(?:\d|\b(?:per|an|one|each|every|last|past|next|half))\s*-?\s*$", re.I),
           _ANY),
    "pr": (re.compile(r"(?:\d\s*(?:mg|g|mcg|ml)|\b(?:tylenol|acetaminophen|apap|bisacodyl|"
                      r"dulcolax|suppository|glycerin|misoprostol|given|po\s*/|po or))\s*$", re.I),
           _ANY),
    "ms": (re.compile(r"\d\s*$"), _ANY),
    "cc": (re.compile(r"\d\s*$"), _ANY),  # "500 cc"
    "mm": (re.compile(r"\d\s*$"), _ANY),  # "3 mm"
    "ng": (re.compile(r"\d\s*$"), _ANY),  # "18 ng/mL"
}
_VERBS = {"dc"}  # short forms used as verbs, written with a past-tense ending ("DCd", "DCed")
_COUNTRY = re.compile(r"\b(?:in|across|throughout|outside|within|of|to|from)\s+the\s+$", re.I)
_THE = re.compile(r"\bthe\s+$", re.I)
_IMAGING_AFTER = re.compile(r"^\s*(?:-?guided|showed|shows|revealed|reveals|demonstrated|was|"
                            r"were|is|of the|exam|findings|report|images?|scan|probe)", re.I)
_COUNTRY_AFTER = re.compile(r"^\s*(?:citizens?|population|adults|army|military|government|"
                            r"states|dollars|census|residents|veterans|national|navy|food|"
                            r"federal|medicare|hospitals|children|women|men|and canada)\b",
                            re.I)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    short: str  # as written in the text
    key: str  # inventory key


def find_abbreviations(text: str, inventory: Inventory, *,
                       keys: set[str] | None = None) -> list[Mention]:
    """Mentions of the inventory's short forms in ``text`` (restricted to ``keys`` if given)."""
    out = []
    for start, end in _candidates(text, inventory):
        tok = text[start:end]
        key = _lookup(tok, inventory)
        if key is None:
            continue
        if key != short_key(tok):  # plural "PEs", past "DCd": the span is the short form
            end -= len(tok) - len(key)
            tok = tok[:len(key)]
        if keys is not None and key not in keys:
            continue
        if _ordinary_word(text, start, end, tok, key, inventory):
            continue
        out.append(Mention(start, end, tok, key))
    return out


def _candidates(text: str, inventory: Inventory):
    """Token spans; "PT/INR" (not itself a short form) yields "PT" and "INR"."""
    for m in _TOKEN.finditer(text):
        start, end = m.start(), m.end()
        tok = text[start:end]
        if tok.endswith(".") and "." not in tok[:-1]:
            end -= 1  # "pt." at a sentence end: the dot is punctuation
            tok = tok[:-1]
        if "/" in tok and _lookup(tok, inventory) is None:
            at = start
            for part in tok.split("/"):
                if part:
                    yield at, at + len(part)
                at += len(part) + 1
        else:
            yield start, end


def _lookup(tok: str, inventory: Inventory) -> str | None:
    key = short_key(tok)
    if not any(c.isalpha() for c in key) or len(key) < 2:
        return None
    if (len(tok) >= 3 and tok.endswith("s") and tok[:-1].isupper() and "." not in tok
            and key[:-1] in inventory):
        return key[:-1]  # "PEs", "BMs": a plural written with a lowercase s
    for ending in ("ed", "d"):  # "DCd", "DCed": a verb ("discontinued"), before "dcd" itself
        stem = tok[:-len(ending)]
        if (tok.endswith(ending) and len(stem) >= 2 and stem.isupper() and stem.isalpha()
                and short_key(stem) in _VERBS and short_key(stem) in inventory):
            return short_key(stem)
    return key if key in inventory else None


def _ordinary_word(text: str, start: int, end: int, tok: str, key: str,
                   inventory: Inventory) -> bool:
    if key == "us":
        return _country(text, start, end, tok, inventory)
    word_like = key in inventory.english_words or key in _FUNCTION
    if not word_like:
        return False
    if not (tok.isupper() or "." in tok or "/" in tok or "&" in tok):
        if key in _LOWERCASE and tok.islower():
            before, after = _LOWERCASE[key]
            return not (before.search(text[max(0, start - 30):start])
                        and after.search(text[end:end + 30]))
        return True  # "as", "Or": written as a word
    if _caps_passage(text, start, end, inventory):
        return True
    if key == "it" and tok == "IT":
        before, after = _IT_COMPUTING
        return bool(before.search(text[max(0, start - 30):start])
                    or after.search(text[end:end + 30]))
    if key in _CONTEXT:
        before, after = _CONTEXT[key]
        return not (before.search(text[max(0, start - 30):start])
                    or after.search(text[end:end + 30]))
    return key in _FUNCTION and key not in ("as",)


def _country(text: str, start: int, end: int, tok: str, inventory: Inventory) -> bool:
    """"US" is the country when written "U.S.", or "the US" not followed by what an
    ultrasound does, or before a national noun; otherwise (in capitals) ultrasound."""
    if "." in tok or not tok.isupper() or _caps_passage(text, start, end, inventory):
        return True
    before, after = text[max(0, start - 30):start], text[end:end + 30]
    if _COUNTRY.search(before) or _COUNTRY_AFTER.search(after):
        return True
    return bool(_THE.search(before)) and not _IMAGING_AFTER.search(after)


def _caps_passage(text: str, start: int, end: int, inventory: Inventory) -> bool:
    """True when the neighbouring words are mostly in capitals too (a heading or shouting).
    Other short forms ("ECG: NSR, PR 220 ms, QRS") do not count: telegraphic notes are full
    of them."""
    before = _WORD.findall(text[max(0, start - 60):start])[-4:]
    after = _WORD.findall(text[end:end + 60])[:4]
    words = [w for w in before + after if len(w) >= 3
             and not (w.isupper() and short_key(w) in inventory)]
    if not words:
        return False
    return sum(w.isupper() for w in words) * 2 > len(words)
