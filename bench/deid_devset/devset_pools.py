"""Invented surface pools for the real-style de-id development set, split so that the ``dev``
and ``test`` notes share no name, town, ward, company or hospital.

Every name here was made up for this set (or drawn from the public-domain CMS hospital list in
``shared/data/hospitals``); none is linked to any real person's record. Pools are split by
position: even entries go to ``dev``, odd entries to ``test``.
"""

from __future__ import annotations

import csv
from pathlib import Path

FIRST = """
mike anne kate rosa dmitri tobias wendell lupe ines ferris carolyn ezra maeve jt dot rose hope
bill faith grace dawn june gail sunny chip bev yolanda ottilie keisha marisol bartholomew priya
thuy anders colm siobhan ngozi ravi lorna delphine hamish imelda kwame bettina odalys garrett
lucinda moses fenella ignatius tamsin roderick wanda cosmo verna leopold agnieszka kofi brigid
shauna declan marguerite ulf zainab percival harriet otis clementine bram noreen vikram juno
ambrose fern casimir glenda rufus nell osvaldo perpetua linus merle
""".split()

LAST = """
Varnholt Quillfeather Oyelaran Szczepanik Quaranta Thibodeaux Nakashima Vanderpool O'Rourke
McAllister Brennan Kowalczyk Abernathy Pham Okafor Delacroix Lindqvist Marchetti Haverford
Bell Price Banks Church Gallo Strand Moody Frost Hale Wren Dunleavy Esposito Rudzinski Achterberg
Fairweather Mbeki Costigan Villanueva Pettibone Harkavy Sorensen Tran Yablonski Castellanos
Ferreira Gudmundsen Halloran Ibarra Jablonowski Kincaid Lachapelle Mulcahy Nwosu Ostrowski
Pelletier Quintero Rasmussen Sandoval Teixeira Underhill Vukovich Whitlock Xiong Ybarra Zeller
Ashgrove Boudreau Cheverton Dziedzic Eckhart Fogarty Grimaldi Hutchins Iwasaki Jaworski Kettle
Loughran Maddox Nettleton Oduya Prentiss Rooney Stavros Tolliver Upshaw
""".split()

# (full name, short local names, initials) -- invented facilities
HOSPITALS = [
    ("Holloway Regional Medical Center", ["Holloway", "Holloway Regional"], "HRMC"),
    ("St. Brendan's Hospital", ["St Brendan's", "St. Brendans", "the Brendan"], "SBH"),
    ("Marlow Valley Hospital", ["Marlow Valley", "Marlow"], "MVH"),
    ("Cedar Bluff VA Medical Center", ["Cedar Bluff VA", "VAMC"], "CBVA"),
    ("Ashcombe General Hospital", ["Ashcombe General", "Ashcombe Gen"], "AGH"),
    ("St. Ottilia's Medical Center", ["St Ottilia's", "St. Ottilias"], "SOMC"),
    ("Pennock Memorial Hospital", ["Pennock Memorial", "Pennock"], "PMH"),
    ("Larchmere Children's Hospital", ["Larchmere Children's", "Larchmere"], "LCH"),
    ("Greyfriars University Hospital", ["Greyfriars", "Greyfriars Univ"], "GUH"),
    ("Thornbury Community Hospital", ["Thornbury Community", "Thornbury"], "TCH"),
    ("Mercy Hollins Hospital", ["Mercy Hollins", "Hollins"], "MHH"),
    ("Beaconsfield Rehabilitation Hospital", ["Beaconsfield Rehab", "Beaconsfield"], "BRH"),
    ("Ridley Falls Medical Center", ["Ridley Falls", "Ridley"], "RFMC"),
    ("St. Casimir's Hospital", ["St Casimir's", "St. Casimirs"], "SCH"),
    ("Wexcombe Heart Institute", ["Wexcombe", "the Wexcombe"], "WHI"),
    ("Tamsworth County Hospital", ["Tamsworth County", "Tamsworth"], "TWCH"),
]

# named facilities that are not acute hospitals (rehab, SNF, hospice, dialysis, clinic)
FACILITIES = (
    """
Brookhaven Manor|Oak Terrace Rehab|Linden Hill Hospice|Pinecrest Dialysis|Harbor Lights Nursing Home
Meadowview LTACH|Kestrel Ridge SNF|Bayberry Health Clinic|Willowmere Assisted Living|Saltmarsh Dialysis Unit
Fernleigh Rehab Center|Halcyon House Hospice|Quarry Hill Family Practice|Birchgrove Skilled Nursing
Northgate Wound Clinic|Sparrow Lane VNA|Tidewater Cardiology Associates|Elmstead Pharmacy
""".strip()
    .replace("\n", "|")
    .split("|")
)

# named wards / buildings that recur through a note
WARDS = (
    """
Finch 4|Wexler 7|Carmody Pavilion|Baird 6|Tolland ICU|Stroud Tower|Hensley 3|Corrigan Unit
Aldous 5|Pemberton Wing|Grady 8|Lowell Pavilion|Marsh 2|Kittredge Building|Vail 9|Ormsby Unit
""".strip()
    .replace("\n", "|")
    .split("|")
)

TOWNS = (
    """
quillan bay|east hadley|marrowgate|north pell|saxtonville|port winslow|dunmore falls|ashby corner
west trillo|greystone|hollis springs|kettering mills|lower brackett|fennick|oldham cross|beech hollow
new carlow|stanwick|pembury|tilford glen|wyckham|brantford lake|cole harbor|millbrook station
""".strip()
    .replace("\n", "|")
    .split("|")
)

COMPANIES = (
    """
Kessler Freight|Apex Home Medical|Lindgren Roofing|Brightwater Medical Supply|Harlan Textile Mills
Dunmore Public Schools|Calloway Insurance Group|First Ridge Baptist Church|Quincy Auto Body
Sterling Pines Hotel|Northfield Funeral Home|Bayside Marine Supply|Talbot Paper Co|Greenleaf Grocers
Redwing Logistics|Copperline Electric
""".strip()
    .replace("\n", "|")
    .split("|")
)

STREETS = (
    """
14 Alder Lane|302 Quarry Rd|88 Pickering St, Apt 3|1177 Old Mill Road|9 Hatch Ct|47 Bellamy Ave
2210 Route 9|61 Cobble Hill Dr|5 Wren Street, Unit 2B|730 Marsh Rd
""".strip()
    .replace("\n", "|")
    .split("|")
)


def _split(items: list, split: str) -> list:
    return items[0::2] if split == "dev" else items[1::2]


def cms_hospitals(path: Path | None, split: str) -> list[tuple[str, str]]:
    """(hospital name in title case, city) rows of the public CMS list, split by row parity."""
    if path is None or not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [
            (r["name"].title().replace("'S", "'s"), r["city"].title())
            for r in csv.DictReader(fh)
            if r.get("name") and r.get("city")
        ]
    return _split(rows, split)


def pools(split: str, cms: Path | None = None) -> dict[str, list]:
    """Every pool for one split (``dev`` or ``test``)."""
    return {
        "first": _split(FIRST, split),
        "last": _split(LAST, split),
        "hospitals": _split(HOSPITALS, split),
        "facilities": _split(FACILITIES, split),
        "wards": _split(WARDS, split),
        "towns": _split(TOWNS, split),
        "companies": _split(COMPANIES, split),
        "streets": _split(STREETS, split),
        "cms": cms_hospitals(cms, split),
    }
