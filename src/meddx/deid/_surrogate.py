"""The surrogate operator: realistic fake values, consistent per patient, deterministic.

Every replacement is derived from a hash of (seed, patient, label, the normalised real value),
so the same real name gets the same fake name in every note of a patient — across files,
processes and runs with the same seed — and different patients get different ones. No state
is kept.

* NAME: word by word (first names from Faker's first names, other words from its surnames),
  so "John Smith" -> "Mark Davis" and "Mr. Smith" -> "Mr. Davis"; ALL CAPS stays ALL CAPS.
  A first name keeps its sex (US Census 1990 lists, ``first_names_gender.txt``): a female
  name becomes a female fake (Faker ``first_name_female``), a male one a male fake; names
  both sexes use become any first name.
* DATE: shifted by a per-patient offset of 1 to ``max_shift_days`` days, back or forward,
  in the original format ("07/22/2019", "July 22nd", "22-JUL-19"); so intervals between a
  patient's dates are kept. Times of day are kept. Unparseable dates become ``[DATE]``.
* AGE (over 89): "90+".
* Numbers and codes (PHONE, FAX, SSN, MRN, ACCOUNT, HEALTHPLAN, DEVICE, PLATE, ZIP, IP):
  every digit and letter replaced, punctuation and shape kept.
* EMAIL, URL, ADDRESS, LOCATION, HOSPITAL: Faker values of the same kind.

Needs Faker (``pip install 'meddx[deid]'``).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from meddx.deid._dates import shift_date
from meddx.deid._lexicon import lexicon
from meddx.deid._operators import Operator, register_operator
from meddx.deid._span import Span
from meddx.errors import require

__all__ = ["SurrogateOperator"]

_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_FACILITY_TAIL = re.compile(
    r"(hospital|medical\s+center|medical\s+centre|med\s+ctr|health\s+center|health\s+system|"
    r"healthcare|infirmary|clinic|memorial|hospice|nursing\s+home|rehab\w*\s+\w+|"
    r"\w+\s+center)$", re.IGNORECASE)


def _hash(*parts: object) -> int:
    h = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=8)
    return int.from_bytes(h.digest(), "big")


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


def _like(new: str, old: str) -> str:
    """``new`` in the letter case of ``old``."""
    letters = [c for c in old if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return new.upper()
    if letters and all(c.islower() for c in letters):
        return new.lower()
    return new


@register_operator("surrogate")
class SurrogateOperator(Operator):
    """Fake values, consistent per patient (see the module docstring)."""

    def __init__(self, *, seed: int = 0, max_shift_days: int = 365, **_: Any) -> None:
        faker = require("faker", "deid")
        self.seed = seed
        self.max_shift_days = max(1, int(max_shift_days))
        self._fake = faker.Faker("en_US")
        self._first = lexicon().first_names
        self._sex = lexicon().first_name_sex

    def _faker(self, *key: object):
        self._fake.seed_instance(_hash(self.seed, *key))
        return self._fake

    def shift_days(self, patient: str) -> int:
        """This patient's date offset in days: never 0, within +-max_shift_days."""
        n = _hash(self.seed, patient, "date-shift") % (2 * self.max_shift_days) + 1
        return n if n <= self.max_shift_days else self.max_shift_days - n

    def replace(self, value: str, span: Span, *, patient: str) -> str:
        label = span.label
        if label == "DATE":
            shifted = shift_date(value, self.shift_days(patient))
            return shifted if shifted is not None else "[DATE]"
        if label == "AGE":
            return "90+"
        if label == "NAME":
            return self._name(value, patient)
        key = (patient, label, _norm(value))
        if label == "EMAIL":
            return self._faker(*key).email()
        if label == "URL":
            return self._faker(*key).url().rstrip("/") if "/" in value else \
                self._faker(*key).domain_name()
        if label == "ADDRESS":
            return _like(self._faker(*key).street_address(), value)
        if label == "LOCATION":
            return _like(self._faker(*key).city(), value)
        if label == "HOSPITAL":
            tail = _FACILITY_TAIL.search(value)
            suffix = tail.group(1) if tail else "Hospital"
            return _like(f"{self._faker(*key).last_name()} {suffix}", value)
        if label == "IP":
            h = _hash(self.seed, *key)
            return ".".join(str((h >> (8 * i)) % 256) for i in range(4))
        return self._reshape(value, key)

    def _reshape(self, value: str, key: tuple, attempt: int = 0) -> str:
        """Every digit and letter replaced (digits by digits, letters by letters)."""
        stream = hashlib.blake2b("\x1f".join(map(str, (self.seed, attempt) + key)).encode("utf-8"),
                                 digest_size=64).digest()
        out = []
        for i, c in enumerate(value):
            r = stream[i % 64] + i // 64
            if c.isdigit():
                out.append(_DIGITS[r % 10])
            elif c.isalpha() and c.isascii():
                letter = _UPPER[r % 26]
                out.append(letter if c.isupper() else letter.lower())
            else:
                out.append(c)
        new = "".join(out)
        return new if new != value or attempt > 3 else self._reshape(value, key, attempt + 1)

    def _name(self, value: str, patient: str) -> str:
        """Word by word, each word's fake depending only on the word and the patient."""
        out = []
        for part in re.split(r"([\s,.]+)", value):
            if not part or not part[0].isalpha():
                out.append(part)
                continue
            key = _norm(part)
            if len(part) == 1:  # an initial
                out.append(_UPPER[_hash(self.seed, patient, "initial", key) % 26])
                continue
            fake = self._faker(patient, "NAME", key)
            if key in self._first:
                sex = self._sex.get(key)
                draw = (fake.first_name_female if sex == "F" else
                        fake.first_name_male if sex == "M" else fake.first_name)
            else:
                draw = fake.last_name
            new = draw()
            for _ in range(5):  # never the real name itself
                if new.lower() != key:
                    break
                new = draw()
            out.append(_like(new, part))
        return "".join(out)
