"""Larger gazetteers behind cues (session 10, branch deidgaz10): small US towns and counties
(GeoNames) and the longer census surname list, read only in cued positions. Sentences written
for these tests; none comes from a note set. Each rule has positives and look-alikes."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered as _covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


TOWNS = [
    # small towns after residence cues, any case, one to three words
    ("Pt lives in Sauk Centre with her husband.", "Sauk Centre"),
    ("pt lives in sauk centre w/ husband, independent at baseline.", "sauk centre"),
    ("PT LIVES IN SAUK CENTRE WITH HUSBAND.", "SAUK CENTRE"),
    ("Grew up in Big Stone Gap and worked in the mines.", "Big Stone Gap"),
    ("She moved back to Rural Retreat after her divorce.", "Rural Retreat"),
    # a town that is a common word: a capital and a strong cue with its preposition
    ("Pt resides in Hope, works at a feed store.", "Hope"),
    ("Resides in Commerce with her son.", "Commerce"),
    ("He was born in Why and raised on the reservation.", "Why"),
    ("native of Ray, ND; worked the oil rigs", "Ray"),
]

COUNTIES = [
    ("Grew up in Brown County, now lives in Divide County.", "Brown County"),
    ("Grew up in Brown County, now lives in Divide County.", "Divide County"),
    ("lives in grand county w/ wife", "grand county"),
    ("GREW UP IN MCKENZIE COUNTY", "MCKENZIE COUNTY"),
    ("Referred by Acadia Parish council on aging.", "Acadia Parish"),
    ("Family in Kenai Peninsula Borough will visit.", "Kenai Peninsula Borough"),
]

SURNAMES = [
    ("d/w quattlebaum re plan, agrees.", "quattlebaum"),
    ("Seen with Kowalski today, plan unchanged.", "Kowalski"),
    ("per kowalski, continue abx x 7 days", "kowalski"),
    ("NOTIFIED QUATTLEBAUM OF K 5.9", "QUATTLEBAUM"),
]

# look-alikes: common words that are also towns, clinical words, people
NEGATIVES = [
    ("No hope of recovery; family has hope for a miracle.", "hope"),
    ("Independence with ADLs; modified independence at home.", "Independence"),
    ("Normal sinus rhythm, no ectopy.", "Normal"),
    ("Why did she fall? Unclear.", "Why"),
    ("Commerce and trade were her late husband's line.", "Commerce"),
    ("Moved Florence to chair with 2 assist.", "Florence"),
    ("Near syncope on standing, orthostatic.", "syncope"),
    ("Independence is the goal; she was from Commerce dept of social work.", "Independence"),
    ("the county health department was notified", "county"),
    ("per protocol, d/w pharmacy and paged ortho.", "protocol"),
    ("per protocol, d/w pharmacy and paged ortho.", "pharmacy"),
    ("per protocol, d/w pharmacy and paged ortho.", "ortho"),
    ("Seen with family at bedside.", "family"),
    ("Lives In Home: Yes   Lives Alone: No", "Home"),
    ("Moved to Early mobility protocol today.", "Early"),
    ("Moved To Center Of Bed with 2 assist.", "Center"),
]


@pytest.mark.parametrize(("text", "word"), TOWNS)
def test_small_towns_after_a_residence_cue(deid, text, word):
    assert _covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), COUNTIES)
def test_counties_whole(deid, text, word):
    assert _covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), SURNAMES)
def test_longer_surname_list_after_talk_cues(deid, text, word):
    assert _covered(deid, text, word, "NAME")


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_look_alikes_untouched(deid, text, word):
    assert not _covered(deid, text, word)


def test_lists_load_lazily_and_are_guarded():
    from meddx.deid._gazetteer import gazetteer

    gaz = gazetteer()
    assert "sauk centre" in gaz.towns and "hope" in gaz.plain_towns and "commerce" in gaz.plain_towns
    assert "divide county" in gaz.counties and "acadia parish" in gaz.counties
    assert "quattlebaum" in gaz.surnames
    assert not {"protocol", "pharmacy", "hope", "kevin"} & gaz.surnames
    assert "maine" not in gaz.towns  # states are never towns
    # nor countries ("Lebanon" stays: a city of us_cities.txt, read as before)
    assert not {"england", "brazil", "peru", "greece"} & gaz.towns
