"""Session 16 (deidname16): names in lines typed all in lower case, told by a line's shape
(census line, record header, header date then name) or by "pt" and what follows a patient's
name (``_lower_shapes``). Sentences written for these tests (invented names); each behaviour
has look-alikes that must stay as they were."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._lexicon import lexicon
from meddx.deid._lower_shapes import lower_shape_names, name_word


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _rule(text: str) -> list[str]:
    return [text[s:e] for s, e in lower_shape_names(text, text.lower(), lexicon())]


def _names(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "NAME"]


@pytest.mark.parametrize("word, ok", [
    ("pettibone", True),   # in no list
    ("quackenbush", True),  # a listed surname, no English word
    ("garza-peña", True),  # every part a name word
    ("will", False), ("more", False), ("sepsis", False), ("ambulating", False),
    ("treatment", False), ("ok", False), ("rn", False),
])
def test_name_word(word: str, ok: bool) -> None:
    assert name_word(word, lexicon()) is ok


@pytest.mark.parametrize("text, names", [
    ("signout\n502 pettibone 88m  cap, on abx\n505 tran thi lan 71f  dka resolved",
     ["pettibone", "tran thi lan"]),
    ("rm 407 van horn 66m - gi bleed", ["van horn"]),
    ("rm 415 parkinson 84m - parkinson's dz", ["parkinson"]),  # a clinical surname after a room
    ("bed 11 garza-peña 17f - torsion", ["garza-peña"]),
    ("daily note  3/14/71   castañeda, ofelia  99 f   pod 14", ["castañeda, ofelia"]),
])
def test_lower_census_lines(text: str, names: list[str]) -> None:
    assert _rule(text) == names


@pytest.mark.parametrize("text", [
    "sepsis 67f\nadmit 64f\nhpi: 38m\n",
    "bed 3 stable 80f\n",
    "walked 50 ft then 5m rest\n",
    "Rm 4 Pettibone 88m\n",  # a line with a capital is _shape_names's
    "admit, pettibone 64f\n",  # a comma form is read whole or not at all
])
def test_no_lower_census_name(text: str) -> None:
    assert _rule(text) == []


@pytest.mark.parametrize("text, names", [
    ("record date: 2070-03-07\nquackenbush f/u. bp 142/88.", ["quackenbush"]),
    ("record date: 2070-06-06\nbart q - using cpap", ["bart q"]),
    ("record date: 2073-02-16\nfashola-kemp, ayodele\nvl <20", ["fashola-kemp, ayodele"]),
    ("inr clinic  4/4/71  obi nwachukwu  warfarin", ["obi nwachukwu"]),
])
def test_lower_record_headers(text: str, names: list[str]) -> None:
    assert _rule(text) == names


@pytest.mark.parametrize("text", [
    "record date: 2070-03-07\nfollow up f/u. bp 142/88.",
    "record date: 2070-03-07\nchest pain - better",
    "clinic  4/4/71  warfarin dosing  inr 2.1",
])
def test_no_lower_record_header_name(text: str) -> None:
    assert _rule(text) == []


@pytest.mark.parametrize("text, names", [
    ("1930 pt odile more awake, ate pudding.", ["odile"]),
    ("hd 3. pt feliks zawadzki doing better", ["feliks zawadzki"]),
    ("page from 6w: pt sandoval rm 612 sat 86%", ["sandoval"]),
    ("addendum\npt tuckett now calm.", ["tuckett"]),
    ("rapid response rm 522 pt holloway - resp distress", ["holloway"]),
])
def test_lower_name_after_pt(text: str, names: list[str]) -> None:
    assert _rule(text) == names


@pytest.mark.parametrize("text", [
    "pt ambulating now with walker. pt more awake. pt tolerating diet.",
    "pt states pain 3/10. pt is resting. pt - see above. pt alert and oriented.",
    "pt will call. pt afebrile now. pt nauseous - zofran given.",
    "Pt Odile more awake",  # not lower case: the capital rules' own
])
def test_no_lower_name_after_pt(text: str) -> None:
    assert _rule(text) == []


def test_lower_names_reach_the_deidentifier(deid: Deidentifier) -> None:
    text = "night signout\n502 pettibone 88m  cap, on abx\n1930 pt odile more awake."
    names = _names(deid, text)
    assert "pettibone" in names and "odile" in names


@pytest.mark.parametrize("text, names", [
    ("code status: dnr.\nmo/jrk   d 03/14/71   t 03/14/71", ["mo", "jrk"]),
    ("abigail renfroe, aprn\nar/kt d: 05/01/69 t: 05/02/69", ["ar", "kt"]),
    ("ivo mbeki-rowe, frcs\nimr:jw  d:04/06/2071 11:47", ["imr", "jw"]),
])
def test_lower_transcription_footer(text: str, names: list[str]) -> None:
    assert [w for w in _rule(text) if w in names] == names


@pytest.mark.parametrize("text", [
    "hr/rr t: 98.6\n", "dnr/dni d 3 days\n", "npo/sips d 2\n", "see a/p d 2 of abx\n",
])
def test_no_lower_transcription_footer(text: str) -> None:
    assert _rule(text) == []


@pytest.mark.parametrize("text, name", [
    ("recorder: t. wu rn", "t. wu"),
    ("cytotech done   pathologist: m. ferreira-lyons md", "m. ferreira-lyons"),
    ("report to j. okafor at 1900.", "j. okafor"),
    ("routed to nurse manager lorna beck, email sent", "lorna beck"),
    ("idt: case mgr jolene pruitt, sw marcus bell, chaplain", "marcus bell"),
])
def test_name_edges(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


@pytest.mark.parametrize("text, name", [
    ("vitamin d. okafor aware", "okafor"),  # an initial after an ordinary word stays out
    ("sw marcus bell's palsy workup", "marcus"),  # an eponym before a head noun
    ("wife lorna may call back tomorrow", "lorna"),  # a modal, no surname
])
def test_name_edges_stop(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)
    assert not any(name in n and n != name for n in _names(deid, text))


@pytest.mark.parametrize("text, names", [
    ("dear sam,\n\nthank you for referring", ["sam"]),
    ("dear kemi adeyemi,\nthank you", ["kemi adeyemi"]),
    ("dear colleague,\n", []), ("dear family,\n", []), ("he is a dear friend,\n", []),
    ("Dear Sam,\n", []),  # mixed case: the capital rules' own
])
def test_lower_salutation(text: str, names: list[str]) -> None:
    assert _rule(text) == names


@pytest.mark.parametrize("text, name", [
    ("SITTER REQUESTED, ANTOINE FROM RESOURCE POOL ARRIVED 2300.", "ANTOINE"),
    ("a-line not drawing, tomasz from rt and i tried flushing", "tomasz"),
    ("A-line not drawing, Tomasz from RT and I tried", "Tomasz"),
    ("hi dr lind its jaylen from the er last week", "jaylen"),
    ("Called Jen from pharmacy re: vanc level.", "Jen"),
    ("A renal diet class with Bethany (our dietitian) is booked.", "Bethany"),
    ("family (mark - husband, bill - brother) at bedside", "mark"),
])
def test_names_told_by_service_or_tie(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


@pytest.mark.parametrize("text", [
    "Blood from PICC. Lasix from pharmacy. Discharged from PT. Recs from cardiology.",
    "Walker from PT. Orders from MD. Hoyer from transport. Someone from IT called.",
    "ambulated with walker from pt. brace from ortho. zosyn from pharmacy.",
    "Called (daughter) no answer. Ensure (dietitian recs). pain (husband at bedside).",
    "pain - husband at bedside. pt - wife, son at bedside.",
])
def test_no_name_told_by_service_or_tie(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


@pytest.mark.parametrize("text, names", [
    ("re: parkinson, gerald     dob: 01/08/1999", ["parkinson, gerald"]),
    ("pcp:dr.marlow pt:abernathy,june dob:7/7/2009", ["abernathy,june"]),
    ("mode: fixed wing\npt: running bear, theodora   dob 08/14/1984", ["running bear, theodora"]),
    ('dermatology\nwhitlock, penelope "penny"  dob 03-14-2014', ['whitlock, penelope "penny"']),
    ("wound rn  3/15/71  hobbs, clement (93)  admitted", ["hobbs, clement"]),
    ("implant log\npt whipple, cornelius  stl-4477102", ["whipple, cornelius"]),
])
def test_lower_header_surname_comma_first(text: str, names: list[str]) -> None:
    assert [n for n in _rule(text) if "," in n] == names


@pytest.mark.parametrize("text", [
    "re: pain, nausea  dob\nplan: rest, fluids\nlungs, clear  bilat\nabdomen, soft  nt\n",
    "neuro, intact\nskin, warm (dry)\nvitals, stable 98.6\nlabs, pending  cbc\n",
    "Re: Parkinson, Gerald  DOB 01/08/1999",  # mixed case: the capital rules' own
])
def test_no_lower_header_comma_name(text: str) -> None:
    assert _rule(text) == []


@pytest.mark.parametrize("text, names", [
    ("case a26-017. decedent: ignatius okwuosa, 93 y. date of death", ["ignatius okwuosa"]),
    ("pt: kemi adeyemi  dob 1/1/50", ["kemi adeyemi"]),
    ("re: chest pain  dob\npt: alert oriented\nname: unknown\nre: follow up visit\n", []),
    ("patient: resting comfortably\npt: sleeping now\nre: mri results\n", []),
])
def test_lower_header_label_then_name(text: str, names: list[str]) -> None:
    assert _rule(text) == names


@pytest.mark.parametrize("text, name", [
    ("bp 120/80 hr 88\ndr smith aware", "smith"),  # a digit that ends the line before
    ("date: 11/30/2072\n\ndr foley -\nreferring", "foley"),
    ("1100 dr. lee at bedside", "lee"),
])
def test_title_after_a_line_that_ends_in_a_digit(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _names(deid, text)


@pytest.mark.parametrize("text", ["14 fr. foley placed", "qtc 190 ms. thus"])
def test_no_title_after_a_number_on_its_line(deid: Deidentifier, text: str) -> None:
    assert _names(deid, text) == []


@pytest.mark.parametrize("text, names", [
    ("pending, mom leticia at bedside.\nhall 2 nkemelu - intox, sleeping it off", ["nkemelu"]),
    ("ed board\nhall 3 pettibone - etoh, sleeping\n", ["pettibone"]),
    ("bed 12 comfortable, eating\nbed 3 stable, vss\nbed 2 new - admit\nrm 9 empty - clean\n", []),
])
def test_bed_list_without_a_dash_after_the_number(deid: Deidentifier, text: str,
                                                   names: list[str]) -> None:
    assert [n for n in _names(deid, text) if n != "leticia"] == names


@pytest.mark.parametrize("text, names", [
    ("subjective: hope is a 90-year-old female here for f/u", ["hope"]),
    ("kemi adeyemi is a 34 yo here for f/u", ["kemi adeyemi"]),
    ("record date: 2071-04-20\npt hope castellanos 34f, g2p2", ["hope castellanos"]),
    ("she is a 45 yo. pt is a 60 yo\nbaby is a 2 yo\nthis is a 45 y/o\n", []),
    ("patient is a 70 year old\nmother was a 60 yo\n", []),
    ("pt more 34f\npt alert 56f\npt hope 34f\n", []),
])
def test_lower_subject_of_an_age(text: str, names: list[str]) -> None:
    found = _rule(text)
    assert all(n in found for n in names) and (names or found == [])


@pytest.mark.parametrize("text, name", [
    ("you were seen by dr. felicity ngata and nurse orlando.", "felicity ngata"),
    ("per dr. grace okafor, continue abx", "grace okafor"),
])
def test_lower_title_english_first_name_then_surname(deid: Deidentifier, text: str,
                                                      name: str) -> None:
    assert name in _names(deid, text)


def test_no_lower_title_word_taken_for_a_first_name(deid: Deidentifier) -> None:
    text = "dr said ok. dr saw pt. dr aware abx given. dr gave permission. dr note reviewed."
    assert _names(deid, text) == []
