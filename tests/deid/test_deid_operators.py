"""Operators: redact, mask, and surrogates consistent per patient with interval-keeping dates."""

from __future__ import annotations

import re
from datetime import date

import pytest

from meddx.deid import OPERATORS, Deidentifier, Operator, register_operator, shift_date
from meddx.errors import ConfigError

NOTE = ("Seen by Dr. John Smith on 07/22/2019 and again on 07/29/2019. Mr. Smith, 92 yo, "
        "call 617-555-1234. MRN: 12345678.")


def test_redact_uses_typed_tags():
    out = Deidentifier(mode="redact").deidentify(NOTE).text
    assert out == ("Seen by Dr. [NAME] on [DATE] and again on [DATE]. Mr. [NAME], [AGE] yo, "
                   "call [PHONE]. MRN: [MRN].")


def test_mask_keeps_length_or_uses_a_tag():
    res = Deidentifier(mode="mask").deidentify(NOTE)
    assert len(res.text) == len(NOTE)
    assert "John" not in res.text and "**********" in res.text
    tagged = Deidentifier(mode="mask", mask_style="tag").deidentify(NOTE).text
    assert tagged.count("[PHI]") == len(res.spans)


@pytest.fixture(scope="module")
def surrogate():
    import faker  # noqa: F401  (a missing extra fails, never skips)
    return Deidentifier(mode="surrogate", seed=7)


def test_surrogates_are_consistent_within_a_patient(surrogate):
    a = surrogate.deidentify("Dr. John Smith saw Mr. Smith. JOHN SMITH signed.", patient="p1").text
    names = re.findall(r"Dr\. (\w+) (\w+) saw Mr\. (\w+)\. (\w+) (\w+) signed", a)
    assert names, a
    first, last, mr_last, caps_first, caps_last = names[0]
    assert (first, last) != ("John", "Smith")
    assert mr_last == last  # the same real surname -> the same fake surname
    assert (caps_first, caps_last) == (first.upper(), last.upper())  # case kept
    again = surrogate.deidentify("Dr. John Smith saw Mr. Smith. JOHN SMITH signed.",
                                 patient="p1").text
    assert again == a  # deterministic
    other = surrogate.deidentify("Dr. John Smith saw Mr. Smith. JOHN SMITH signed.",
                                 patient="p2").text
    assert other != a  # another patient, other fakes


@pytest.mark.parametrize("real,sex", [
    ("Mary", "F"), ("Patricia", "F"), ("Jennifer", "F"), ("Dorothy", "F"), ("Gladys", "F"),
    ("James", "M"), ("Robert", "M"), ("Michael", "M"), ("George", "M"), ("Harold", "M"),
])
def test_surrogate_first_names_keep_the_sex(surrogate, real, sex):
    from faker.providers.person.en_US import Provider

    pool = Provider.first_names_female if sex == "F" else Provider.first_names_male
    fakes = set()
    for patient in ("p1", "p2", "p3", "p4", "p5"):
        text = f"Seen with {real} Quorbel today."
        out = surrogate.deidentify(text, patient=patient).text
        fake = out.split("Seen with ")[1].split()[0]
        assert fake in pool, (real, fake)
        assert fake != real
        # consistent per patient: the same real first name, the same fake, in every note
        assert surrogate.deidentify(f"{real} Quorbel called back.", patient=patient).text \
            .split()[0] == fake
        fakes.add(fake)
    assert len(fakes) > 1  # other patients, other fakes


def test_surrogate_dates_keep_intervals_and_format(surrogate):
    texts = ["Admitted on 07/22/2019.", "Discharged on 07/29/2019.", "Seen July 22nd."]
    out = [surrogate.deidentify(t, patient="p9").text for t in texts]
    d1 = re.search(r"(\d\d)/(\d\d)/(\d{4})", out[0]).groups()
    d2 = re.search(r"(\d\d)/(\d\d)/(\d{4})", out[1]).groups()
    shifted1 = date(int(d1[2]), int(d1[0]), int(d1[1]))
    shifted2 = date(int(d2[2]), int(d2[0]), int(d2[1]))
    assert (shifted2 - shifted1).days == 7  # the interval is kept
    assert shifted1 != date(2019, 7, 22)
    shift = (shifted1 - date(2019, 7, 22)).days
    assert 1 <= abs(shift) <= 365
    assert re.fullmatch(r"Seen [A-Z][a-z]+ \d{1,2}(st|nd|rd|th)\.", out[2])  # format kept


def test_surrogate_ages_over_89_become_90_plus(surrogate):
    assert surrogate.deidentify("92 yo M, age 94", patient="p").text == "90+ yo M, age 90+"


def test_surrogate_identifiers_keep_their_shape(surrogate):
    out = surrogate.deidentify("call 617-555-1234. MRN: 12345678. SSN 123-45-6789",
                               patient="p").text
    m = re.fullmatch(r"call (\d{3}-\d{3}-\d{4})\. MRN: (\d{8})\. SSN (\d{3}-\d{2}-\d{4})", out)
    assert m, out
    assert m.groups() != ("617-555-1234", "12345678", "123-45-6789")


SHIFTS = [
    ("07/22/2019", 30, "08/21/2019"),
    ("7/22", 30, "8/21"),
    ("7/22/19", -1, "7/21/19"),
    ("2019-07-22", 10, "2019-08-01"),
    ("22/07/2019", 30, "21/08/2019"),
    ("22.07.2019", 1, "23.07.2019"),
    ("July 22nd", 30, "August 21st"),
    ("Jul 22, 2019", 30, "Aug 21, 2019"),
    ("22 Jul", -21, "1 Jul"),
    ("22-JUL-2019", 30, "21-AUG-2019"),
    ("22JUL19", 30, "21AUG19"),
    ("July 2019", 30, "August 2019"),
    ("'92", 200, "'93"),
    ("12/31/2019", 1, "01/01/2020"),
    ("2/28/2020", 1, "2/29/2020"),
    ("14:35", 30, "14:35"),  # times of day are kept
    ("2pm", 30, "2pm"),
]


@pytest.mark.parametrize("value,days,expected", SHIFTS)
def test_shift_date_keeps_the_format(value, days, expected):
    assert shift_date(value, days) == expected


def test_shift_date_gives_up_on_nonsense():
    assert shift_date("13/45", 3) is None
    assert shift_date("not a date", 3) is None


def test_registering_an_operator_twice_is_an_error():
    assert {"redact", "mask", "surrogate"} <= set(OPERATORS)
    with pytest.raises(ConfigError, match="already registered"):
        @register_operator("redact")
        class Again(Operator):
            def replace(self, value, span, *, patient):
                return ""
