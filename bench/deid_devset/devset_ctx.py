"""The per-note context of the second generator: expands ``<placeholder>`` tokens in a fragment
into marked-up PHI (``[[TYPE:...]]``) and hard negatives (``{{CAT:...}}``).

One context per note keeps the note's patient, main hospital, ward and nurse fixed, so that the
same local names recur through a note the way they do in real charts.
"""

from __future__ import annotations

import random
import re

PLACEHOLDER = re.compile(r"<([a-z][a-z_0-9]*)>")
MONTHS = "January February March April May June July August September October November December".split()
RELATIONS = [
    "son",
    "dtr",
    "daughter",
    "wife",
    "husband",
    "sister",
    "brother",
    "niece",
    "nephew",
    "grandson",
    "granddaughter",
    "mother",
    "father",
    "HCP",
    "neighbor",
    "friend",
]
CREDENTIALS = ["RN", "rn", "rrt", "RRT", "RT", "NP", "PA", "MD", "LPN", "CNA", "PCA", "SW", "PT", "LICSW"]
DRUGS = [
    "lasix",
    "levophed",
    "propofol",
    "vanco",
    "zosyn",
    "levofloxacin",
    "vancomyacin",
    "zosin",
    "heprin",
    "lopressor",
    "metroprolol",
    "dilaudid",
    "ativan",
    "haldol",
    "Allegra",
    "coumadin",
    "neo",
    "precedex",
    "fentanyl",
    "insulin gtt",
    "protonix",
    "amiodarone",
    "diltiazam",
    "kcl",
    "flagyl",
    "cefepime",
    "solumedrol",
    "nitro",
    "captopril",
    "senna",
    "colace",
    "tylenol",
]
STATES = ["NH", "VT", "ME", "MA", "CT", "maine", "Florida", "mass", "NY", "Ohio", "AZ", "Vermont"]


class Ctx:
    """Random surfaces for one note of one split, with the note's recurring names fixed."""

    def __init__(self, rng: random.Random, pool: dict, *, lower_names: float = 0.3) -> None:
        self.r, self.p, self.lower_names = rng, pool, lower_names
        self.pt_last = rng.choice(pool["last"])
        self.pt_first = rng.choice(pool["first"]).title()
        self.hosp = rng.choice(pool["hospitals"])
        self.ward_name = rng.choice(pool["wards"])
        self.nurse_name = rng.choice(pool["first"])
        self.title = rng.choice(["Mr.", "Mrs.", "Ms.", "mr", "mrs", "MR.", "Ms"])

    # -- expansion ---------------------------------------------------------------
    def fill(self, fragment: str) -> str:
        return PLACEHOLDER.sub(lambda m: getattr(self, m.group(1))(), fragment)

    def pick(self, options: list[str], k: int = 1) -> str:
        return " ".join(self.fill(o) for o in self.r.sample(options, min(k, len(options))))

    def _case(self, name: str) -> str:
        x = self.r.random()
        return name.lower() if x < self.lower_names else name.upper() if x > 0.93 else name

    def _last(self) -> str:
        return self._case(self.r.choice(self.p["last"]))

    def _first(self) -> str:
        return self._case(self.r.choice(self.p["first"]).title())

    # -- people ------------------------------------------------------------------
    def pt(self) -> str:
        return f"{self.title} [[NAME:{self._case(self.pt_last)}]]"

    def ptfull(self) -> str:
        f, l_ = self.pt_first, self.pt_last
        form = self.r.choice(
            [f"{f} {l_}", f"{l_.upper()}, {f.upper()}", f"{l_}, {f}", f"{f.upper()} {l_.upper()}"]
        )
        return f"[[NAME:{form}]]"

    def dr(self) -> str:
        t = self.r.choice(["dr", "dr.", "Dr.", "Dr", "DR", "dr", "Dr."])
        name = self._last() if self.r.random() < 0.85 else f"{self._first()} {self._last()}"
        return f"{t} [[NAME:{name}]]"

    def drs(self) -> str:
        t = self.r.choice(["Drs", "drs", "Drs.", "DRS"])
        return f"{t} [[NAME:{self._last()}]] and [[NAME:{self._last()}]]"

    def rel(self) -> str:
        rel = self.r.choice(RELATIONS)
        return f"{rel} [[NAME:{self._first()}]]"

    def relname(self) -> str:
        return f"[[NAME:{self._first()}]]"

    def rn(self) -> str:
        cred = self.r.choice(CREDENTIALS)
        name = self.r.choice([self._first(), self._first(), "".join(self.r.sample("ABDEGJKLMPRST", 2))])
        return f"[[NAME:{name}]] {cred}"

    def nurse(self) -> str:
        return f"[[NAME:{self._case(self.nurse_name.title())}]]"

    def sig(self) -> str:
        form = self.r.choice(
            [
                f"{self.nurse_name.title()} {self._last()}",
                self.nurse_name[0].upper() + ". " + self._last(),
                "".join(self.r.sample("abdegjklmprst", 3)),
            ]
        )
        return f"[[NAME:{form}]], {self.r.choice(['RN', 'RN BSN', 'rn', 'RRT'])}"

    def bare(self) -> str:
        return f"[[NAME:{self.r.choice(self.p['last'])}]]"

    # -- places ------------------------------------------------------------------
    def hosp_main(self) -> str:
        full, shorts, initials = self.hosp
        return f"[[HOSPITAL:{self.r.choice([full, initials, initials] + shorts * 2)}]]"

    def hosp2(self) -> str:
        if self.p["cms"] and self.r.random() < 0.5:
            name, _city = self.r.choice(self.p["cms"])
            words = name.split()
            short = " ".join(
                w for w in words if w.lower() not in {"hospital", "medical", "center", "regional", "the"}
            )
            form = self.r.choice(
                [name, short or name, "".join(w[0] for w in words if w[0].isalpha()).upper()]
            )
            return f"[[HOSPITAL:{form}]]"
        full, shorts, initials = self.r.choice(self.p["hospitals"])
        return f"[[HOSPITAL:{self.r.choice([full, initials] + shorts)}]]"

    def ward(self) -> str:
        return f"[[HOSPITAL:{self.ward_name}]]"

    def fac(self) -> str:
        return f"[[HOSPITAL:{self.r.choice(self.p['facilities'])}]]"

    def town(self) -> str:
        if self.p["cms"] and self.r.random() < 0.4:
            t = self.r.choice(self.p["cms"])[1]
        else:
            t = self.r.choice(self.p["towns"])
        return f"[[LOCATION:{t.lower() if self.r.random() < 0.5 else t.title()}]]"

    def company(self) -> str:
        return f"[[LOCATION:{self.r.choice(self.p['companies'])}]]"

    def street(self) -> str:
        return f"[[LOCATION:{self.r.choice(self.p['streets'])}]]"

    def zip(self) -> str:
        return f"[[LOCATION:{self.r.randint(1001, 99950):05d}]]"

    def state(self) -> str:
        return f"{{{{STATE:{self.r.choice(STATES)}}}}}"

    # -- dates -------------------------------------------------------------------
    def _ymd(self) -> tuple[int, int, int]:
        return self.r.randint(2009, 2024), self.r.randint(1, 12), self.r.randint(1, 28)

    def date(self) -> str:
        y, m, d = self._ymd()
        form = self.r.choice(
            [
                f"{m}/{d}/{y}",
                f"{m:02d}/{d:02d}/{y}",
                f"{m}/{d}/{y % 100:02d}",
                f"{y}-{m:02d}-{d:02d}",
                f"{MONTHS[m - 1]} {d}, {y}",
                f"{d}-{MONTHS[m - 1][:3]}-{y}",
                f"{MONTHS[m - 1][:3]} {d}",
                f"{m}-{d}-{y % 100}",
                f"{d} {MONTHS[m - 1]} {y}",
            ]
        )
        return f"[[DATE:{form}]]"

    def md(self) -> str:
        _, m, d = self._ymd()
        return f"[[DATE:{m}/{d}]]"

    def month(self) -> str:
        _, m, d = self._ymd()
        form = self.r.choice([f"{MONTHS[m - 1]} {d}", f"{MONTHS[m - 1][:3]} {d}th", MONTHS[m - 1]])
        return f"[[DATE:{form}]]"

    def myy(self) -> str:
        return f"[[DATE:{self.r.randint(1, 12)}/{self.r.randint(70, 99)}]]"

    def yr2(self) -> str:
        return f"[[DATE:{self.r.choice(['', chr(39)])}{self.r.randint(70, 99)}]]"

    def yr4(self) -> str:
        return f"[[DATE:{self.r.randint(1975, 2022)}]]"

    # -- numbers -----------------------------------------------------------------
    def _area(self) -> str:
        return str(self.r.randint(201, 989))

    def phone(self) -> str:
        a, b, c = self._area(), self.r.randint(200, 999), self.r.randint(0, 9999)
        form = self.r.choice(
            [
                f"({a}) {b}-{c:04d}",
                f"{a}-{b}-{c:04d}",
                f"{a}- {b}- {c:04d}",
                f"{a} {b} {c:04d}",
                f"{a}.{b}.{c:04d}",
                f"{b}-{c:04d}",
                f"{a}{b}{c:04d}",
            ]
        )
        return f"[[PHONE:{form}]]"

    def pager(self) -> str:
        cue = self.r.choice(["pager #", "pager ", "beeper ", "pgr #", "x", "ext ", "beeper #"])
        num = self.r.choice(
            [
                str(self.r.randint(10000, 99999)),
                f"{self.r.randint(2, 8)}-{self.r.randint(1000, 9999)}",
                str(self.r.randint(1000, 9999)),
            ]
        )
        return f"{cue}[[PHONE:{num}]]"

    def mrn(self) -> str:
        cue = self.r.choice(["MRN", "MRN:", "mrn #", "Unit No:", "Acct#", "Accession", "MR#"])
        num = self.r.choice(
            [
                str(self.r.randint(1000000, 99999999)),
                f"{self.r.randint(100, 999)}-{self.r.randint(10, 99)}-{self.r.randint(10, 99)}",
                f"RA{self.r.randint(100000, 999999)}",
            ]
        )
        return f"{cue} [[ID:{num}]]"

    def email(self) -> str:
        u = f"{self.r.choice(self.p['first'])}.{self.r.choice(self.p['last']).lower()}".replace("'", "")
        return f"[[EMAIL:{u}@{self.r.choice(['gmail.com', 'yahoo.com', 'comcast.net', 'outlook.com'])}]]"

    def url(self) -> str:
        host = self.r.choice(self.p["hospitals"])[2].lower()
        form = self.r.choice(
            [f"https://mychart.{host}.org", f"www.{host}health.org/portal", f"{host}-portal.net"]
        )
        return f"[[URL:{form}]]"

    def age90(self) -> str:
        return f"[[AGE:{self.r.randint(90, 104)}]]"

    # -- hard negatives ----------------------------------------------------------
    def _neg(self, category: str, options: list[str]) -> str:
        return f"{{{{{category}:{self.r.choice(options)}}}}}"

    def time(self) -> str:
        h, mi = self.r.randint(0, 23), self.r.choice([0, 0, 0, 15, 30, 45, 10, 20])
        form = self.r.choice(
            [
                f"{h:02d}{mi:02d}",
                f"{h:02d}00",
                f"{h % 12 or 12}pm",
                f"{h % 12 or 12}am",
                f"{h:02d}:{mi:02d}",
                f"{h % 12 or 12}:{mi:02d}",
                f"{h % 12 or 12}p",
                f"{h % 12 or 12} PM",
            ]
        )
        return f"{{{{TIME:{form}}}}}"

    def vent(self) -> str:
        r = self.r
        form = r.choice(
            [
                f"PSV {r.choice([5, 8, 10, 12, 15])}/{r.choice([5, 8, 10])}",
                f"A/C {r.choice([450, 500, 550, 600, 700])}x{r.randint(10, 20)}",
                f"{r.randint(8, 16)}/{r.choice([5, 8, 10])}/{r.choice([30, 35, 40, 50, 60])}%",
                f"CPAP {r.choice([5, 8, 10])}/{r.choice([5, 8])}",
                f"AC {r.choice([450, 500])}X{r.randint(12, 22)}",
                f"SIMV {r.choice([500, 600])}x{r.randint(8, 14)}/{r.choice([5, 10])}/{r.choice([40, 50])}%",
                f"flowby {r.randint(4, 8)}/{r.randint(2, 4)}",
                f"PS {r.randint(5, 15)}/PEEP {r.randint(5, 10)}",
            ]
        )
        return f"{{{{MEASURE:{form}}}}}"

    def abg(self) -> str:
        r = self.r
        gas = f"7.{r.randint(20, 49)}/{r.randint(30, 70)}/{r.randint(55, 180)}/{r.randint(16, 34)}"
        return f"{{{{MEASURE:{gas}}}}}"

    def bp(self) -> str:
        r = self.r
        return f"{{{{MEASURE:{r.randint(85, 170)}/{r.randint(40, 95)}}}}}"

    def drug(self) -> str:
        return f"{{{{DRUG:{self.r.choice(DRUGS)}}}}}"

    def pressor(self) -> str:
        return self._neg(
            "DRUG",
            ["levophed", "neo", "neosynephrine", "vasopressin", "levofed", "dopamine", "nitro", "cardene"],
        )

    def ratio(self) -> str:
        return self._neg(
            "MEASURE", ["1/2 NS", "D5 1/2NS", "2/2", "5/5", "4/5", "I:E 1:2", "+2/+2", "3/4", "1:1"]
        )

    def rng_(self) -> str:
        r = self.r
        form = r.choice(
            [
                f"SVR {r.randint(7, 10)}00-{r.randint(11, 14)}00",
                f"MAP {r.randint(55, 65)}-{r.randint(66, 80)}",
                f"UO {r.randint(20, 40)}-{r.randint(50, 90)}cc/hr",
                f"CVP {r.randint(6, 10)}-{r.randint(11, 16)}",
                f"HR {r.randint(60, 90)}-{r.randint(100, 130)}",
            ]
        )
        return f"{{{{MEASURE:{form}}}}}"

    def eponym(self) -> str:
        return self._neg(
            "EPONYM",
            [
                "Foley",
                "Swan",
                "Murphy sign",
                "Trendelenburg",
                "Babinski",
                "Bair Hugger",
                "Homans",
                "Kerley B",
                "Glasgow",
                "Hickman",
                "Dobhoff",
                "Yankauer",
                "Pleurx",
                "Levine",
            ],
        )

    def abbrev(self) -> str:
        return self._neg(
            "ABBREV",
            [
                "K, CA REPLETED",
                "ST segment",
                "LIMA",
                "DR",
                "MR",
                "Mitral",
                "SNF",
                "CA 8.1",
                "K 3.3",
                "ST depressions",
                "PA line",
                "MS changes",
            ],
        )
