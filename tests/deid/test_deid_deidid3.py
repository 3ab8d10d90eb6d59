"""Identifiers, phones, pagers, e-mail and IP addresses in the forms real notes write them
(session 8, branch deidid3), each table with look-alikes that must stay untouched: lab
values, vent settings, tube sizes, lot and billing codes, times of day. Every example is
invented."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


IDS = [
    ("Receiving MRN MS 22 41 870", "MS 22 41 870"),  # letters before digit groups
    ("Doc ID: 88129340\ncc: Dr. Hale", "88129340"),  # a word on the next line is no unit
    ("Dictated by T Ames. Job# 00812291 / conf # 41877", "00812291"),
    ("TRANSCRIBED: KLM  JOB 445", "445"),  # a short job number after its cue
    ("DD: 03/14/2019 DT: 03/15/2019 #445123", "445123"),
    ("COMPARISON: CT 01/02/2018 (ACC RAD2018-00012).", "RAD2018-00012"),
    ("BMP in 1 wk (order ORD-5512094). Rx sent", "ORD-5512094"),
    ("police case 19-44812, order of protection", "19-44812"),
    ("Transport: flight crew, trip # AM3-4471, ETA 0330", "AM3-4471"),
    ("MOLST on file (form # MOLST-0044817).", "MOLST-0044817"),
    ("transmitter SN 8R4G2KXY, pairs with app", "8R4G2KXY"),
    ("pacemaker card: St Jude Assurity, SN 7724418.", "7724418"),
    ("femoral SN 65113289, tibial SN 65118204.", "65118204"),
    ("SSN on file, last 4 2290; card not present", "2290"),
    ("last four of her social 5521", "5521"),
    ("verified xxx-xx-4417 with pt", "xxx-xx-4417"),
    ("Medicare 1EG4-TE5-MK73 active", "1EG4-TE5-MK73"),
    ("Lic # 44812 verified", "44812"),
    ("HCN 1234 567 890", "1234 567 890"),
    ("Batch #: 4421", "4421"),
    ("Subject # 0043-117 enrolled", "0043-117"),
    ("Unit: 12-34-56", "12-34-56"),
    ("Inpatient Number: 123456", "123456"),
    ("EMPI: 123456", "123456"),
    ("Pre-cert # 12345", "12345"),
    ("SS 078 05 1120", "078 05 1120"),
    ("Court clinician aware, docket no. 1944CR00211.", "1944CR00211"),
    ("Newborn will get ID bands # 55721; mother's matched", "55721"),
    ("94 y/o M, MR #0091-5524, case OR19-00441", "0091-5524"),
    ("Blood bank sample # BB 20-0114 sent 0610", "BB 20-0114"),
    ("Subject screening # S0418.", "S0418"),
    ("Smith, John #4471093", "4471093"),  # '#' and five digits or more
    ("Jill Amari RN #41237", "41237"),
]


@pytest.mark.parametrize(("text", "word"), IDS)
def test_identifiers_in_real_forms(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)


PHONES = [
    ("ECHO TECH PAGED VIA #41237. CARDS AWARE", "41237"),
    ("call #41237 (pager) with questions", "41237"),
    ("41237 (pgr) for the fellow", "41237"),
    ("SON CALLED FROM MUNICH, +49 89 5550 1824. DAUGHTER LOCAL", "+49 89 5550 1824"),
    ("DAUGHTER LOCAL, (802)5550117.", "(802)5550117"),
    ("tel 0161 496 0754 (UK)", "0161 496 0754"),
    ("her mobile 07700 900123", "07700 900123"),
    ("call back # 555-0187", "555-0187"),
    ("Jill RN x 4471", "4471"),
    ("call x-4471", "4471"),
    ("J Osei MD p41237", "41237"),
    ("beep 4471 with q's", "4471"),
    ("paged Dr Osei 41237 re K", "41237"),
    ("His number is 555 1234", "555 1234"),
    ("VOALTE 4-1234", "4-1234"),
    ("pager 4 1234", "4 1234"),
    ("Pt's HCP: daughter Ruth 555 0124.", "555 0124"),
]


@pytest.mark.parametrize(("text", "word"), PHONES)
def test_phones_and_pagers(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)


CONTACT = [
    ("results to gwen.oduya at example dot com please", "gwen.oduya at example dot com"),
    ("send list to jo_and_me (at) example.org today", "jo_and_me (at) example.org"),
    ("PACS host fe80::1c4a:22ff:fe31:9a0b down", "fe80::1c4a:22ff:fe31:9a0b"),
]


@pytest.mark.parametrize(("text", "word"), CONTACT)
def test_obfuscated_email_and_ipv6(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word)


NEGATIVES = [
    ("MD on call paged 0215 re BS", "0215"),  # a time of day after 'paged'
    ("paged at 2230, no callback", "2230"),
    ("PLATEAU 27, PEEP 14", "27"),
    ("Persona femoral size 7, LOT 64211893", "64211893"),  # a product's lot number
    ("Flucelvax lot # AX3217, L deltoid", "AX3217"),
    ("NDC 0409-4888-02 heparin", "0409-4888-02"),
    ("CPT 99223 billed", "99223"),
    ("7.5 ETT @ 22 at the lip", "22"),
    ("shift 0800-1600 then home", "0800-1600"),
    ("SVR 900-1300, CI 2.4", "900-1300"),
    ("x 1000 mL bolus", "1000"),
    ("WBC 12.0 x 1000/uL", "1000"),
    ("case 2 of 3 today", "2"),
    ("order 2000 mL NS", "2000"),
    ("ACC/AHA 2019 guideline", "2019"),
    ("she is at home today", "home"),
    ("work 40 hrs/wk", "40"),
    ("hip flex/ext 90 deg", "90"),
    ("HR 88, p 60s", "60s"),
    ("D: 5% dextrose #1000", "1000"),
    ("unit: 2 PRBC", "2"),
    ("mean 12:30:45 elapsed", "12:30:45"),
    ("MPI 2019 normal", "2019"),
    ("ss 2 tabs", "2"),
    ("number of 1234 cells", "1234"),
    ("codes 123 45 6789 on the tray", "123 45 6789"),  # no social security word near
    ("daughter at bedside, I/O 120 1400", "120 1400"),  # a phone exchange never starts with 1
    ("son visited, ate 250 1000", "250 1000"),  # no relative or call word just before
    ("CPT #99233, ICD #I50.9", "I50.9"),  # a diagnosis code after 'ICD #', not a defibrillator
    ("lot #4471193 exp soon", "4471193"),
    ("#10 blade, #2 of 3 today", "#10"),
    ("paged resident at 0230 re hr 140s, lopressor 5 mg iv x 3 given", "0230"),
    ("heparin gtt @ 1200 units/hr, ptt 65.4", "1200"),
    ("wife called at 2200, 2230 and 2300 asking for updates", "2230"),
    ("order set #1234 used for admission", "1234"),
]


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_look_alikes_are_left(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word)
