"""Synthetic patients and PHI values in many formats, for the note generator.

Names come from the bundled census lists (most of them) and from invented syllable names
(the rest), so that cue-based detection is exercised on names no list contains.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from meddx.deid._lexicon import _lines

__all__ = ["Patient", "PhiFactory", "Segment"]

# A piece of note text: (text, PHI type or None).
Segment = tuple[str, "str | None"]

_SYLL = ["ka", "lo", "mir", "dan", "vel", "tor", "bri", "zen", "qua", "shi", "rom", "tal",
         "nev", "oz", "ul", "gar", "fen", "ix", "yar", "cor", "bel", "dre", "sta", "wyn"]
_STREETS = ["Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill",
            "Park", "Walnut", "Sunset", "Highland", "Church", "Mill", "Ridge", "Franklin",
            "Jefferson", "Lincoln", "Chestnut", "Spring", "Willow", "Prospect", "River"]
_SUFFIXES = ["St", "St.", "Street", "Ave", "Avenue", "Rd", "Road", "Dr", "Drive", "Lane", "Ln",
             "Blvd", "Court", "Way", "Pl", "Terrace"]
_HOSP_FIRST = ["Mercy", "St. Mary's", "Good Samaritan", "Riverside", "Lakeview", "Saint Luke's",
               "Providence", "Holy Cross", "Sacred Heart", "Fairview", "Northshore",
               "Brookside", "Baptist", "Methodist", "Presbyterian"]
_HOSP_TAIL = ["Hospital", "Medical Center", "General Hospital", "Regional Medical Center",
              "Memorial Hospital", "Community Hospital", "Rehabilitation Center",
              "Nursing Home", "Health Center", "Clinic"]
_RACES = ["White", "Black or African American", "Hispanic or Latino", "Asian",
          "American Indian or Alaska Native", "Native Hawaiian or Pacific Islander",
          "Other", "Unknown"]
_MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _ordinal(d: int) -> str:
    return "th" if 11 <= d % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")


@dataclass
class Patient:
    pid: str
    sex: str
    age: int
    race: str
    first: str
    last: str
    dob: date
    admit: date
    mrn: str
    phone: str
    street: str
    city: str
    state: str
    zip: str
    hospital: str
    relatives: list[tuple[str, str]] = field(default_factory=list)  # (relation, first name)
    doctors: list[tuple[str, str]] = field(default_factory=list)  # (first, last)


class PhiFactory:
    """Random PHI values; every method takes the note's RNG so output is seed-deterministic."""

    def __init__(self) -> None:
        self.first_names = [n for n in _lines("first_names.txt") if len(n) > 3][:1500]
        self.last_names = [n for n in _lines("last_names.txt") if len(n) > 3][:3000]
        states = [ln.split("\t") for ln in _lines("us_states.txt")]
        self.states = [(c, n) for c, n in states if c != "DC"]
        self.cities = [c for c in _lines("us_cities.txt") if c.replace(" ", "").isalpha()][:1500]

    # --- people ---------------------------------------------------------------------------
    def first(self, rng: random.Random) -> str:
        if rng.random() < 0.2:
            return "".join(rng.choice(_SYLL) for _ in range(rng.randint(2, 3))).capitalize()
        return rng.choice(self.first_names)

    def last(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.25:
            return "".join(rng.choice(_SYLL) for _ in range(rng.randint(2, 4))).capitalize()
        if r < 0.3:
            return f"{rng.choice(self.last_names)}-{rng.choice(self.last_names)}"
        if r < 0.33:
            return "O'" + rng.choice(self.last_names)
        return rng.choice(self.last_names)

    def patient(self, rng: random.Random, pid: str, anchor: date) -> Patient:
        sex = rng.choice(["F", "M"])
        age = rng.choice([rng.randint(18, 89), rng.randint(60, 89), rng.randint(90, 104)])
        admit = anchor + timedelta(days=rng.randint(0, 3 * 365))
        dob = admit - timedelta(days=age * 365 + rng.randint(0, 364))
        code, _ = rng.choice(self.states)
        rels = [(rng.choice(["daughter", "son", "wife", "husband", "sister", "brother", "niece",
                             "friend", "grandson"]), self.first(rng)) for _ in range(2)]
        docs = [(self.first(rng), self.last(rng)) for _ in range(3)]
        return Patient(
            pid=pid, sex=sex, age=age, race=rng.choice(_RACES), first=self.first(rng),
            last=self.last(rng), dob=dob, admit=admit, mrn=str(rng.randint(10**6, 10**8)),
            phone=self.phone(rng), street=self.street(rng), city=rng.choice(self.cities),
            state=code, zip=f"{rng.randint(1000, 99950):05d}", hospital=self.hospital(rng),
            relatives=rels, doctors=docs,
        )

    # --- formats --------------------------------------------------------------------------
    def date(self, rng: random.Random, d: date) -> str:
        m, dd, y = d.month, d.day, d.year
        fmts = [
            f"{m:02d}/{dd:02d}/{y}", f"{m}/{dd}/{y}", f"{m}/{dd}/{y % 100:02d}", f"{m}/{dd}",
            f"{m:02d}-{dd:02d}-{y}", f"{y}-{m:02d}-{dd:02d}", f"{dd} {_MONTH_ABBR[m - 1]}",
            f"{_MONTHS[m - 1]} {dd}{_ordinal(dd)}", f"{_MONTH_ABBR[m - 1]} {dd}, {y}",
            f"{dd:02d}-{_MONTH_ABBR[m - 1].upper()}-{y}", f"{_MONTHS[m - 1]} {dd}, {y}",
            f"{dd}/{m}/{y}" if dd > 12 else f"{dd:02d}.{m:02d}.{y}", f"{_MONTHS[m - 1]} {y}",
            f"{m:02d}/{dd:02d}", f"{_MONTH_ABBR[m - 1]}-{dd}", f"{m}-{dd}", f"{y}{m:02d}{dd:02d}",
            f"{y}-{m:02d}-{dd:02d}T{rng.randint(0, 23):02d}:{rng.choice([0, 15, 30, 45]):02d}",
            f"{_MONTH_ABBR[m - 1].upper()}-{dd:02d}-{y}", f"{dd}-{_MONTH_ABBR[m - 1]}-{y % 100:02d}",
        ]
        return rng.choice(fmts)

    def time(self, rng: random.Random) -> str:
        h, mi = rng.randint(0, 23), rng.choice([0, 5, 10, 15, 20, 30, 35, 40, 45, 50])
        h12 = h % 12 or 12
        ap = "am" if h < 12 else "pm"
        return rng.choice([f"{h:02d}:{mi:02d}", f"{h12}:{mi:02d} {ap}", f"{h12}{ap}",
                           f"{h12}:{mi:02d}{ap.upper()}", f"{h:02d}{mi:02d} hrs", f"{h:02d}{mi:02d}"])

    def phone(self, rng: random.Random) -> str:
        a, b, c = rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999)
        return rng.choice([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}",
                           f"{a} {b} {c:04d}", f"1-{a}-{b}-{c:04d}"])

    def street(self, rng: random.Random) -> str:
        s = f"{rng.randint(1, 9999)} {rng.choice(_STREETS)} {rng.choice(_SUFFIXES)}"
        if rng.random() < 0.3:
            s += rng.choice([f" Apt {rng.randint(1, 40)}", f", Apt. {rng.randint(1, 9)}B",
                             f" Unit {rng.randint(1, 300)}", f", Suite {rng.randint(100, 900)}"])
        return s

    def hospital(self, rng: random.Random) -> str:
        head = rng.choice(_HOSP_FIRST + [rng.choice(self.cities)])
        return f"{head} {rng.choice(_HOSP_TAIL)}"

    def ident(self, rng: random.Random, kind: str) -> str:
        digits = "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(6, 10)))
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(1, 3)))
        if kind == "SSN":
            return f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
        if kind == "HEALTHPLAN":
            return rng.choice([f"{letters}{digits}", f"{digits[:3]}-{digits[3:]}", digits])
        if kind == "DEVICE":
            return rng.choice([f"{letters}{digits}", f"{letters}-{digits[:6]}"])
        if kind == "PLATE":
            return rng.choice([f"{rng.randint(1, 9)}{letters}{digits[:3]}",
                               f"{letters}{digits[:4]}", f"{letters} {digits[:4]}"])
        if kind == "ACCOUNT":
            return rng.choice([digits, f"{digits[:4]}-{digits[4:]}", f"A{digits}"])
        return digits  # MRN

    def email(self, rng: random.Random, first: str, last: str) -> str:
        user = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{last}{rng.randint(1, 99)}"])
        host = rng.choice(["gmail.com", "yahoo.com", "outlook.com", "aol.com", "comcast.net"])
        return f"{user.lower().replace(chr(39), '')}@{host}"

    def url(self, rng: random.Random) -> str:
        name = "".join(rng.choice(_SYLL) for _ in range(3))
        return rng.choice([f"https://www.{name}health.org/portal", f"www.{name}.com",
                           f"http://{name}clinic.org/patients/{rng.randint(100, 999)}"])

    def ip(self, rng: random.Random) -> str:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
