"""The sense inventory: bundled senses and prior, user files, one-line errors."""

from __future__ import annotations

import pytest

from meddx.errors import DataError
from meddx.text import load_inventory


def test_bundled_senses_and_prior():
    inv = load_inventory()
    names = {s.name for s in inv.senses["ra"]}
    assert {"room air", "rheumatoid arthritis", "right atrium"} <= names
    prior = dict(zip([s.name for s in inv.senses["ra"]], inv.prior("ra"), strict=True))
    assert prior["room air"] > prior["rheumatoid arthritis"] > prior["right arm"]
    assert abs(sum(prior.values()) - 1) < 1e-9
    # "pulmonary embolus" and "pulmonary embolism" are one sense (same CUI)
    assert len([s for s in inv.senses["pe"] if s.matches("pulmonary embolus")]) == 1
    assert inv.sense("pe", "Pulmonary embolus.") is inv.sense("pe", "pulmonary embolism")


def test_case_prior():
    inv = load_inventory()
    names = [s.name for s in inv.senses["ms"]]
    assert names[max(range(len(names)), key=inv.prior("ms", "Ms").__getitem__)] in ("miss", "ms.")


def test_user_inventory_adds_senses(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("short,sense,frequency\nXQZ,xenon quartz zone,0.7\nXQZ,extra quiet zone,0.3\n")
    inv = load_inventory([f])
    assert [s.name for s in inv.senses["xqz"]] == ["xenon quartz zone", "extra quiet zone"]
    assert inv.prior("xqz") == pytest.approx([0.7, 0.3])
    assert str(f) in inv.files


@pytest.mark.parametrize(("content", "message"), [
    ("abbr,long\nPE,pulmonary embolism\n", "missing column(s) short, sense"),
    ("short,meaning\nPE,pulmonary embolism\n", "missing column(s) sense"),
    ("short,sense,frequency\nPE,pulmonary embolism,often\n", "frequency must be a number"),
])
def test_bad_inventory_is_one_line(tmp_path, content, message):
    f = tmp_path / "inv.csv"
    f.write_text(content)
    with pytest.raises(DataError) as err:
        load_inventory([f])
    text = str(err.value)
    assert message in text and str(f) in text and "\n" not in text


def test_adam_format_is_read_from_users_path(tmp_path):
    f = tmp_path / "adam_database"
    f.write_text("# OVERVIEW ADAM test header\n#\nXQZ\tXQZ:3\txenon quartz zone:3:0.9\t0.9\t3\n")
    inv = load_inventory([f])
    assert [s.name for s in inv.senses["xqz"]] == ["xenon quartz zone"]
