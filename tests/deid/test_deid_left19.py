"""Session 19 (deidleft19): the review leftovers of session 18 (names, dates and ids), each with
its look-alikes. Sentences written for these tests (invented names and numbers)."""

from __future__ import annotations

import time

import pytest

from meddx.deid import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _spans(deid: Deidentifier, text: str, label: str | None = None) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if label is None or s.label == label]


def _covered(deid: Deidentifier, text: str, part: str, label: str) -> bool:
    start = text.index(part)
    return any(s.label == label and s.start <= start and s.end >= start + len(part)
               for s in deid.detect(text))


# -- a West African first name alone before "(rn aware" (session 17's review item) ----------

@pytest.mark.parametrize("text, name", [
    pytest.param("Adwoa (rn aware of plan).", "Adwoa", marks=pytest.mark.xfail(
        strict=True, reason="session 22's crf refit scores Adwoa 0.83 here, under its 0.9 "
                            "threshold: a known loss of the refit (docs/benchmarks.md)")),
    ("Abena (rn aware of plan).", "Abena"),
    ("Pt calm overnight. Kofi (rn aware).", "Kofi"),
    ("Ngozi (rn aware of plan).", "Ngozi"),
])
def test_world_first_name_before_rn_aware(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _spans(deid, text, "NAME")


@pytest.mark.parametrize("text", [
    "Nexterone (rn aware of plan).", "Nsgy aware.", "Ozempic (rn aware).", "Keytruda (rn aware).",
])
def test_drug_or_service_before_rn_aware_still_no_name(deid: Deidentifier, text: str) -> None:
    assert _spans(deid, text, "NAME") == []


# -- ", dawn (7p-7a)" after a name a relation or a title opened -----------------------------

@pytest.mark.parametrize("text, name", [
    ("dtr june okafor, dawn (7p-7a)", "june okafor, dawn"),
    ("wife april whitney, dawn (7p-7a)", "april whitney, dawn"),
    ("wife march whitney, dawn (7p-7a)", "march whitney, dawn"),
    ("son march grace kowalski, dawn (7p-7a)", "march grace kowalski, dawn"),
    ("husband tom brown, dawn  will call back", "tom brown, dawn"),
    ("nursing note: maddox, dawn (7p-7a). neuro: a&ox3", "maddox, dawn"),
])
def test_comma_first_name_after_relation(deid: Deidentifier, text: str, name: str) -> None:
    assert _covered(deid, text, name, "NAME")


@pytest.mark.parametrize("text, name", [
    ("wife april whitney, dawn shift uneventful", "april whitney"),  # no field's end after it
    ("son tom brown, may (7p-7a)", "tom brown"),  # a month is no first name here
])
def test_comma_word_not_taken_without_field_end(deid: Deidentifier, text: str, name: str) -> None:
    assert _spans(deid, text, "NAME") == [name]


# -- a kin surname chains past the surname only past a word no dictionary holds ---------------

@pytest.mark.parametrize("text, name", [
    ("mother june gray hair noted", "june gray"),
    ("wife june black eye", "june black"),
    ("husband john hill street", "john hill"),
])
def test_kin_surname_chain_stops_at_english_noun(deid: Deidentifier, text: str, name: str) -> None:
    assert _spans(deid, text, "NAME") == [name]


@pytest.mark.parametrize("text, name", [
    ("dtr june caudle brown md", "june caudle brown"),
    ("wife ann brown okafor called", "ann brown okafor"),
    ("mother june gray at bedside", "june gray"),
    ("son in law hope graves will call", "hope graves"),
    ("wife mary rose green called", "mary rose green"),
    ("dtr ann white brown aware", "ann white brown"),
    ("mother june gray hill at bedside", "june gray hill"),
])
def test_kin_surname_chain_kept(deid: Deidentifier, text: str, name: str) -> None:
    assert _covered(deid, text, name, "NAME")


# -- "mr. <adjective> at bedside" ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "mr. alert at bedside, oriented.", "mr. calm at the bedside", "mrs. tearful at bedside",
])
def test_no_adjective_before_at_bedside(deid: Deidentifier, text: str) -> None:
    assert _spans(deid, text, "NAME") == []


@pytest.mark.parametrize("text, name", [
    ("mrs. bell at bedside", "bell"), ("mr. brown at the bedside", "brown"),
    ("mrs. thimble aware", "thimble"), ("mr. mouse is a 79-year-old man", "mouse"),
])
def test_listed_surname_at_bedside_kept(deid: Deidentifier, text: str, name: str) -> None:
    assert _spans(deid, text, "NAME") == [name]


# -- a staff count and a vitamin D dose are no id and no year of death ------------------------

@pytest.mark.parametrize("text", [
    "staff # 3500 in total were trained.", "staff no. 3500 across sites.",
    "Total staff # 2650 across sites.", "employee # 2400 enrolled",
])
def test_staff_count_no_id(deid: Deidentifier, text: str) -> None:
    assert _spans(deid, text) == []


@pytest.mark.parametrize("text, value", [
    ("employee no. 4471", "4471"), ("staff #4471-H called", "4471-H"),
    ("Employee number 448120", "448120"), ("employee # 4471 called re: pt", "4471"),
])
def test_staff_id_kept(deid: Deidentifier, text: str, value: str) -> None:
    assert value in _spans(deid, text)


@pytest.mark.parametrize("text", [
    "Home meds include (oscal d. 2000) daily.", "(cal d. 2000)", "(caltrate d. 2000)",
    "(Iron d. 2000)", "(Fish d. 2000)", "(ergo d. 2000)", "(mg d. 2000)", "(daily d. 2000)",
    "(total d. 2000)",
])
def test_vitamin_d_dose_no_year_of_death(deid: Deidentifier, text: str) -> None:
    assert "2000" not in _spans(deid, text, "DATE")


@pytest.mark.parametrize("text, year", [
    ("(herbert d. 2082)", "2082"), ("(Sarah d. 2019)", "2019"), ("(Estelle d. 2000)", "2000"),
    ("widowed (Rose d. 2000)", "2000"), ("(Grace d. 2000)", "2000"),
    ("(Okafor d. 2000)", "2000"), ("(adwoa d. 2019)", "2019"),
    ("Her husband Ray d. 1999, and son Tom d. 2005.", "2005"),
])
def test_year_of_death_kept(deid: Deidentifier, text: str, year: str) -> None:
    assert year in _spans(deid, text, "DATE")


# -- a holiday after "the <oaks> at <name>" stays a DATE (small fix in _facility_at) ----------

@pytest.mark.parametrize("text, place, date", [
    ("pt will return to the oaks at parkside christmas eve", "oaks at parkside", "christmas eve"),
    ("The Oaks at Parkside Christmas Eve", "Oaks at Parkside", "Christmas Eve"),
    ("d/c to the oaks at parkside thanksgiving", "oaks at parkside", "thanksgiving"),
])
def test_holiday_after_at_name(deid: Deidentifier, text: str, place: str, date: str) -> None:
    got = [(s.label, text[s.start:s.end]) for s in deid.detect(text)]
    assert ("HOSPITAL", place) in got and ("DATE", date) in got


def test_season_word_with_place_tail_stays_in_name(deid: Deidentifier) -> None:
    assert _covered(deid, "d/c to the villas at spring creek", "villas at spring creek", "HOSPITAL")


def test_holiday_word_of_a_town_stays_in_it(deid: Deidentifier) -> None:
    assert _covered(deid, "returned to Christmas Valley, OR", "Christmas Valley", "LOCATION")


# -- long repeated inputs --------------------------------------------------------------------

def _best(deid: Deidentifier, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        deid.detect(text)
        best = min(best, time.perf_counter() - t)
    return best


@pytest.mark.parametrize("unit", [
    "mother june gray hair ", "wife april whitney, dawn (7p-7a) ", "mr. alert at bedside ",
    "staff # 3500 in total ", "(oscal d. 2000) ", "the oaks at parkside christmas eve ",
])
def test_long_repeated_inputs_are_fast(deid: Deidentifier, unit: str) -> None:
    small = _best(deid, unit * 250)
    big = _best(deid, unit * 1000)
    assert big < 8 * small + 0.2


# -- families read on groups H and I (invented sentences in their shapes) ---------------------

@pytest.mark.parametrize("text, year", [
    ("prior intubation 2071 at Riverbend Medical Center.", "2071"),
    ("started HD 2075 at Lakeside Dialysis, then home.", "2075"),
    ("First child delivered 1979 at Greenfield County Hospital.", "1979"),
    ("Hx endocarditis 2077 at Valley General.", "2077"),
    ("prior ga 2074 at oakridge without issue", "2074"),
])
def test_year_before_at_place(deid: Deidentifier, text: str, year: str) -> None:
    assert year in _spans(deid, text, "DATE")


@pytest.mark.parametrize("text, number", [
    ("arrived 2030 at MGH via EMS", "2030"),  # a clock time may read it
    ("intake 1980 at 0600", "1980"),
    ("UOP 1975 at night", "1975"),
    ("total 2065 at rest", "2065"),
])
def test_number_before_at_not_a_year(deid: Deidentifier, text: str, number: str) -> None:
    assert number not in _spans(deid, text, "DATE")


@pytest.mark.parametrize("text, name", [
    ("Cleared to play by dr reeves. No sx since.", "reeves"),
    ("dr woods aware", "woods"), ("by dr banks (ortho)", "banks"),
    ("discussed with dr waters, plan to", "waters"),
])
def test_plural_looking_surname_after_title(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _spans(deid, text, "NAME")


@pytest.mark.parametrize("text", ["per dr rounds.", "dr states pt ok", "dr notes reviewed",
                                  "dr orders.", "dr speaks to family", "dr works in clinic",
                                  "dr waits for labs"])
def test_plural_after_title_not_a_name(deid: Deidentifier, text: str) -> None:
    assert _spans(deid, text, "NAME") == []


@pytest.mark.parametrize("text, name", [
    ("case mgr becca l, on call line", "becca l"),
    ("Seen with Mary A, RN", "Mary A"),
    ("dtr mary l rn aware", "mary l"),
])
def test_bare_initial_after_first_name(deid: Deidentifier, text: str, name: str) -> None:
    assert _covered(deid, text, name, "NAME")


@pytest.mark.parametrize("text, name", [
    ("spoke with wife jane a and o x3", "jane"),  # "a and o": alert and oriented
    ("wife jane a&o", "jane"),
    ("daughter jane c/o mom's pain", "jane"),
])
def test_letter_after_first_name_not_initial(deid: Deidentifier, text: str, name: str) -> None:
    assert _spans(deid, text, "NAME") == [name]


@pytest.mark.parametrize("text, date", [
    ("71F NICM EF 20-25% (TTE 9/89), ICD placed", "9/89"),
    ("DEXA 10/89 osteopenia T -1.9", "10/89"),
    ("MRI 3/95 showed", "3/95"),
    ("Last admit here Aug for UTI; prior Havasu Regional 2078 for CHF.", "2078"),
    ("residential at Bradford Health Services 2076, relapsed", "2076"),
    ("PRIOR INTUBATION 2071 AT RIVERBEND MEDICAL CENTER.", "2071"),
])
def test_study_and_facility_dates(deid: Deidentifier, text: str, date: str) -> None:
    assert date in _spans(deid, text, "DATE")


@pytest.mark.parametrize("text, number", [
    ("PEEP 5/40 FiO2 40%", "5/40"), ("Mercy Hospital 2030 arrival", "2030"),
    ("mental health 1985 mL", "1985"), ("UOP 1975 AT NIGHT", "1975"),
])
def test_study_and_facility_look_alikes(deid: Deidentifier, text: str, number: str) -> None:
    assert number not in _spans(deid, text, "DATE")


@pytest.mark.parametrize("unit", [
    "intubation 2071 at Riverbend ", "Havasu Regional 2078 for CHF ", "TTE 9/89 ",
    "by dr reeves. ", "case mgr becca l, ",
])
def test_long_repeated_family_inputs_are_fast(deid: Deidentifier, unit: str) -> None:
    small = _best(deid, unit * 250)
    big = _best(deid, unit * 1000)
    assert big < 8 * small + 0.2


def test_hash_numbers_on_one_long_line_are_linear(deid: Deidentifier) -> None:
    # "#dddd" looked back to the start of its line for a dictation footer: quadratic on a note
    # with no line breaks (base: 0.75 s for 1,000 units, 9.8 s for 4,000)
    unit = "staff # 3500 in total "
    small = _best(deid, unit * 1000)
    big = _best(deid, unit * 4000)
    assert big < 8 * small + 0.2


@pytest.mark.parametrize("text, name", [
    ("day team: Okafor/Lindqvist  nf: Brandt", "Lindqvist"),
    ("covering: hale/brandt", "hale"),
    ("Dr. Okafor/Dr. Lindqvist", "Lindqvist"),
])
def test_name_across_slash(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _spans(deid, text, "NAME")


@pytest.mark.parametrize("text, name", [
    ("dr Okafor/ICU team aware", "Okafor"), ("d/w dr smith/cards", "smith"),
    ("Patel/PA aware", "Patel"), ("pt a&o x3, dr lee/neuro aware", "lee"),
])
def test_word_across_slash_not_a_name(deid: Deidentifier, text: str, name: str) -> None:
    assert _spans(deid, text, "NAME") == [name]


@pytest.mark.parametrize("unit", ["Okafor/Lindqvist ", "dr smith/cards "])
def test_long_slash_inputs_are_fast(deid: Deidentifier, unit: str) -> None:
    small = _best(deid, unit * 500)
    big = _best(deid, unit * 2000)
    assert big < 8 * small + 0.2


@pytest.mark.parametrize("text, name", [
    ("called re pt in 412 (holcomb) w/ temp 38.9", "holcomb"),
    ("rm 12 (Delacroix) c/o pain", "Delacroix"),
    ("BED 4 (OKONKWO) NPO", "OKONKWO"),
])
def test_surname_in_brackets_after_room(deid: Deidentifier, text: str, name: str) -> None:
    assert name in _spans(deid, text, "NAME")


@pytest.mark.parametrize("text", [
    "bed 4 (isolation)", "rm 12 (icu)", "room 3 (negative pressure)", "bed 2 (L) arm",
    "rm 7 (prn)", "bed 5 (covid)", "room 6 (contact)", "rm 3 (droplet)", "rm 2 (sitter)",
    "bed 4 (fam) npo",
])
def test_word_in_brackets_after_room_not_a_name(deid: Deidentifier, text: str) -> None:
    assert _spans(deid, text, "NAME") == []


@pytest.mark.parametrize("text", ["bed 4 (isol) npo", "bed 4 (hosp) npo", "bed 4 (sdu) npo"])
def test_room_rule_leaves_abbreviations(text: str) -> None:
    # the crf tags these on the base too (its own reading); the room rule adds nothing
    from meddx.deid._lexicon import lexicon
    from meddx.deid._names_rooms import room_names

    assert room_names(text, text.lower(), lexicon()) == []


def test_long_room_bracket_input_is_fast(deid: Deidentifier) -> None:
    unit = "rm 12 (Delacroix) c/o pain "
    assert _best(deid, unit * 2000) < 8 * _best(deid, unit * 500) + 0.2
