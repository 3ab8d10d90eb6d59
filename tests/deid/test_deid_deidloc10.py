"""Session 10, deidloc10: towns linked to kin, town services, places, trips; place labels
(``meddx.deid._town_links``). Positives and look-alikes for each family of forms."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize(("text", "word"), [
    ("Her sister in salem calls daily.", "salem"),
    ("His brother who lives in Concord will visit.", "Concord"),
    ("wife drove in from their camp up in wolfeboro this am", "wolfeboro"),
    ("HIS DAUGHTER IN ORANGE WILL TAKE HIM HOME.", "ORANGE"),
    ("visiting grandkids in lawrence, needs f/u", "lawrence"),
    ("Son's cabin near Millinocket has no heat.", "Millinocket"),
])
def test_town_after_kin_or_dwelling(deid, text, word):
    assert covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("His sister in law is at bedside.", "law"),
    ("Family in the waiting room, updated.", "waiting"),
    ("Family in Spanish preferred, interpreter called.", "Spanish"),
    ("Son from his first marriage visited.", "first"),
    ("Daughter in ICU with him overnight.", "ICU"),
    ("Wife in room, asking about discharge.", "room"),
    ("Parents from Guatemala, speak K'iche'.", "Guatemala"),
    ("Mother in Florida, not involved.", "Florida"),
])
def test_kin_look_alikes_stay(deid, text, word):
    assert not covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), [
    ("son is a dracut firefighter, called x2.", "dracut"),
    ("Husband is a Nashua fireman.", "Nashua"),
    ("Ex-wife works for the Methuen DPW.", "Methuen"),
    ("Voucher through Lowell Housing Authority.", "Lowell"),
    ("She teaches in the Andover public schools.", "Andover"),
])
def test_town_services(deid, text, word):
    assert covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("He is a retired firefighter.", "retired"),
    ("A volunteer firefighter brought him in.", "volunteer"),
    ("Local police officer at bedside.", "Local"),
    ("Stopped by state police on the highway.", "state"),
])
def test_service_look_alikes_stay(deid, text, word):
    assert not covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), [
    ("77F fall at Walmart in Salem, on warfarin.", "Salem"),
    ("Works at Home Depot in Concord as a cashier.", "Concord"),
    ("lives in senior housing at Sunrise Towers, Unit 612.", "Unit 612"),
    ("Moved to Maple Court Apartments, Apt 3B last month.", "Apt 3B"),
])
def test_town_or_unit_after_place(deid, text, word):
    assert covered(deid, text, word, "LOCATION")


def test_salem_sump_and_eponyms_stay(deid):
    for text, word in [("Salem sump to LIWS.", "Salem"), ("Lyme disease titer sent.", "Lyme"),
                       ("Rocky Mountain spotted fever on the differential.", "Rocky"),
                       ("West Nile serology negative.", "Nile")]:
        assert not covered(deid, text, word), text


@pytest.mark.parametrize(("text", "word"), [
    ("Travel: 3 weeks in Peru (Cusco, Machu Picchu, Iquitos); no malaria.", "Machu Picchu"),
    ("Travel: 3 weeks in Peru (Cusco, Machu Picchu, Iquitos); no malaria.", "Iquitos"),
    ("Recent trip to Mexico (Cancun) with family.", "Cancun"),
    ("Recent trip to Lisbon and Porto, back 1 week.", "Porto"),
    ("Flew Lagos -> Amsterdam -> Boston on arrival day.", "Amsterdam"),
    ("pt from Hope Valley (RI) visiting grandkids.", "Hope Valley"),
    ("Lives in Nashua (NH) with son.", "Nashua"),
])
def test_trips_and_bracketed_places(deid, text, word):
    assert covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("Travelled to Mexico and Guatemala in 2019.", "Guatemala"),
    ("Visited Mary yesterday for lunch.", "Mary"),
    ("Trip to the ED after a fall.", "ED"),
    ("Dyspnea after one flight of stairs.", "stairs"),
    ("Seen by Dr. Smith (MD) today.", "MD"),
    ("Troponin (NH) negative; CT (IV contrast) done.", "NH"),
    ("Outside cardiology (NY) notes reviewed.", "NY"),
])
def test_trip_look_alikes_stay(deid, text, word):
    assert not covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("Works at Pfizer. Lives in Falmouth.", "Falmouth"),
    ("Came to Worcester in 2020 from Ponce.", "Worcester"),
    ("Pt plans to return to Abeokuta after a trip to Lisbon.", "Lisbon"),
    ("Sending facility: Athol Memorial Hospital, 2033 Main St, Athol 01331", "Athol 01331"[:5]),
    ("Seen at an urgent care in Brattleboro (VT) last week.", "Brattleboro"),
])
def test_towns_typed_location(deid, text, word):
    # the last occurrence matters for the address line: the first "Athol" is the hospital's
    if text.startswith("Sending"):
        i = text.rindex(word)
        assert any(s.start <= i < s.end and s.label == "LOCATION" for s in deid.detect(text))
    else:
        assert covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("Transferred from Lowell General for cath.", "Lowell General"),
    ("Sending facility: Athol Memorial Hospital, 2033 Main St", "Athol Memorial Hospital"),
])
def test_facilities_keep_their_type(deid, text, word):
    assert covered(deid, text, word, "HOSPITAL")


@pytest.mark.parametrize(("text", "word"), [
    ("Diarrhoea among hospitalized children in Dhaka, Bangladesh.", "Dhaka"),
    ("Four regions of the United States (Northeast, Southeast, Central, and West).", "Central"),
    ("the University Hospital of the West Indies in Jamaica, were tested", "Jamaica"),
])
def test_literature_look_alikes_stay(deid, text, word):
    assert not covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("Address: 14 Elm St Lowell MA 01852", "Lowell"),
    ("22 Birch Rd. Chelmsford MA 01824-1234", "Chelmsford"),
    ("City: Tewksbury  State: MA  Zip: 01876", "Tewksbury"),
    ("TOWN: DRACUT", "DRACUT"),
    ("city/town: lowell", "lowell"),
    ("MVC at the intersection of Rte 3 and Rte 113.", "Rte 113"),
    ("struck at the junction of Main St & Pleasant.", "Pleasant"),
])
def test_address_forms(deid, text, word):
    assert covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word"), [
    ("Ethnicity: Hispanic  City: same as above", "same"),
    ("Normal junction of the CBD and duodenum.", "CBD"),
    ("Gastroesophageal junction of the stomach and esophagus.", "stomach"),
    ("Patient ID 12345, MRN 55555.", "12345"),
])
def test_address_look_alikes_stay(deid, text, word):
    assert not covered(deid, text, word, "LOCATION")


@pytest.mark.parametrize(("text", "word", "label"), [
    ("Winchester resident, retired.", "Winchester", "LOCATION"),
    ("LIFELONG LOWELL RESIDENT.", "LOWELL", "LOCATION"),
    ("pt is from Falmouth originally.", "Falmouth", "LOCATION"),
    ("transferred from Beverly for cath.", "Beverly", "HOSPITAL"),
])
def test_residents_and_origins(deid, text, word, label):
    assert covered(deid, text, word, label)


@pytest.mark.parametrize(("text", "word"), [
    ("Seen with the chief resident and surgical resident.", "chief"),
    ("Medicine resident called. Night float resident aware.", "float"),
    ("Nursing home residents were screened.", "home"),
])
def test_resident_look_alikes_stay(deid, text, word):
    assert not covered(deid, text, word)


@pytest.mark.parametrize(("text", "word"), [
    ("Pt from Maple Court (assisted living), ambulates with walker.", "Maple Court"),
    ("Pt was in Quincy ER for three hours.", "Quincy"),
])
def test_care_places_after_a_cue_keep_their_type(deid, text, word):
    assert covered(deid, text, word, "HOSPITAL")


def test_common_word_towns_need_a_capital(deid):
    assert not covered(deid, "Wife in normal spirits today.", "normal")
    assert covered(deid, "Her son in Independence calls daily.", "Independence", "LOCATION")
