"""Group attributes derived from the text (population, sex_studied) for corpora without
demographic columns, such as the bundled demo."""

from __future__ import annotations

import pandas as pd
import pytest

from meddx.config import DataConfig
from meddx.data import (
    DERIVED_GROUPS,
    add_derived_groups,
    build_corpus,
    population_from_text,
    sex_studied_from_text,
)
from meddx.errors import DataError


@pytest.mark.parametrize("text, expected", [
    ("Seizures in infants and toddlers treated with valproate.", "pediatric"),
    ("Outcome of surgery in a 7-year-old girl with a brain tumor.", "pediatric"),
    ("Adolescent athletes with syncope.", "pediatric"),
    ("Hip fracture in elderly patients: a cohort study.", "older adult"),
    ("Patients aged 72 to 90 underwent repair.", "older adult"),
    ("Older adults and younger adults were compared.", "older adult"),
    ("Twelve healthy adults received the drug.", "adult"),
    ("Eight snorers, age 39 +/- 5.3 yr, underwent sleep studies.", "adult"),
    ("Asthma in children and adults: a comparison.", "mixed"),
    ("Colon cancer: a review of adjuvant chemotherapy.", "unspecified"),
    ("A 5-year survival rate of 60% was observed.", "unspecified"),  # not an age
    ("Child-Pugh class B cirrhosis in 30 patients.", "unspecified"),  # a liver score
])
def test_population_rules(text, expected):
    assert population_from_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Breast cancer screening in postmenopausal women.", "women"),
    ("Prostate biopsies in 40 men.", "men"),
    ("Seven male and one female snorers.", "both"),
    ("Pregnancy outcomes and fathers' smoking.", "both"),
    ("Human immunodeficiency virus in a regimen trial.", "unspecified"),  # human, regimen
    ("Liver enzymes in patients with hepatitis.", "unspecified"),
])
def test_sex_studied_rules(text, expected):
    assert sex_studied_from_text(text) == expected


def test_add_derived_groups_keeps_file_columns_and_builds_a_corpus():
    table = pd.DataFrame({"text": ["elderly women with angina", "infants with reflux",
                                   "a review of stents"],
                          "dx": ["a", "b", "a"], "sex_studied": ["x", "y", "z"]})
    out = add_derived_groups(table, "text", ["population", "sex_studied", "site"])
    assert out["population"].tolist() == ["older adult", "pediatric", "unspecified"]
    assert out["sex_studied"].tolist() == ["x", "y", "z"]  # the file's column wins
    assert "population" not in table.columns and "site" not in out.columns
    assert set(DERIVED_GROUPS) == {"population", "sex_studied"}
    cfg = DataConfig(text_column="text", label_column="dx", group_columns=["population"])
    corpus = build_corpus(table.drop(columns="sex_studied"), cfg)
    assert corpus.groups["population"].tolist() == ["older adult", "pediatric", "unspecified"]
    with pytest.raises(DataError, match="group column 'site' not found"):
        build_corpus(table, DataConfig(text_column="text", label_column="dx",
                                       group_columns=["site"]))
