"""Group attributes derived from the text (population, sex_studied) for corpora without
demographic columns, such as the bundled demo."""

from __future__ import annotations

import pandas as pd
import pytest

from meddx.data import (
    DERIVED_GROUPS,
    DataConfig,
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
    ("71 yo F with dyspnea; 80 y/o man with syncope.", "older adult"),
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


def test_demo_config_derives_both_groups_from_the_bundled_abstracts():
    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus

    cfg = load_config(demo_path().with_name("demo.yaml"), {"data": {"path": str(demo_path())}})
    assert cfg.data.group_columns == ["population", "sex_studied"]
    corpus = load_corpus(cfg.data)
    population = corpus.groups["population"].value_counts()
    assert set(population.index) == {"pediatric", "adult", "older adult", "mixed", "unspecified"}
    assert population.idxmax() == "unspecified"  # most abstracts name no population
    assert set(corpus.groups["sex_studied"]) == {"women", "men", "both", "unspecified"}


def test_audit_derives_a_group_the_run_was_not_trained_with(tmp_path):
    from meddx.audit import audit_run, synthetic_biased_notes
    from tests._support.helpers import make_tfidf_run

    notes = synthetic_biased_notes(400, bias=None, seed=8, sex_in_text=True)  # "54 yo F", ...
    run = make_tfidf_run(tmp_path, notes)
    result, _ = audit_run(run, groups=["population"], calibration=None, n_boot=20,
                          model_card=False, quiet=True)
    assert result["group_columns"] == ["population"]
    # ages in "54 yo F" / "54 year old man" openings; "Mrs. Rowe, 54" and "54F" are not read
    assert set(result["subgroups"]["population"]) == {"adult", "older adult", "unspecified"}
    with pytest.raises(DataError, match="group column 'populaton' not found"):
        audit_run(run, groups=["populaton"], calibration=None, n_boot=20, quiet=True)
