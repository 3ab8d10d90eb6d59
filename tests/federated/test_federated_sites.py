"""``meddx federate --sites DIR``: one data file per hospital (data.site_files_column), with one
clear error line for a folder of one site, a site with too few notes, labels spelled differently
across sites, ids shared across sites and a site column the files already hold."""

from __future__ import annotations

import json

import pytest

from meddx.config import load_config
from meddx.data import DataConfig, load_corpus, read_data_table
from meddx.errors import ConfigError, DataError
from tests._support.helpers import synthetic_notes

_COLUMNS = {"text_column": "note", "label_column": "dx", "id_column": "note_id"}


def _sites(folder, sizes, *, seed=3):
    folder.mkdir(exist_ok=True)
    frame = synthetic_notes(sum(sizes.values()), seed=seed, patients=None)
    start = 0
    for name, n in sizes.items():
        frame.iloc[start:start + n].to_csv(folder / f"{name}.csv", index=False)
        start += n
    return folder


def test_each_file_is_a_site_named_after_it(tmp_path):
    folder = _sites(tmp_path / "sites", {"north": 30, "south": 20})
    (folder / ".DS_Store").write_bytes(b"\0")  # hidden files are not sites
    corpus = load_corpus(DataConfig(path=str(folder), site_files_column="site", **_COLUMNS))
    assert len(corpus) == 50 and sorted(corpus.labels) == ["cardiac", "gi", "neuro"]
    assert corpus.groups["site"].tolist() == ["north"] * 30 + ["south"] * 20
    one = load_corpus(DataConfig(path=str(folder / "south.csv"), site_files_column="site",
                                 **_COLUMNS))  # a single file is one site (evaluate, predict)
    assert set(one.groups["site"]) == {"south"} and len(one) == 20


def test_the_raw_table_lines_up_with_the_corpus(tmp_path):
    """What the audit reads to attach group columns: the site files, in the corpus' order."""
    folder = _sites(tmp_path / "sites", {"north": 30, "south": 20})
    cfg = DataConfig(path=str(folder), site_files_column="site", **_COLUMNS)
    table = read_data_table(cfg, folder)
    corpus = load_corpus(cfg)
    assert table["note_id"].tolist() == corpus.ids
    assert table["site"].tolist() == corpus.groups["site"].tolist()


def test_a_bad_row_is_named_by_its_own_file_and_row(tmp_path):
    folder = _sites(tmp_path / "sites", {"north": 30, "south": 20})
    frame = synthetic_notes(20, seed=3)
    frame.loc[4, "note"] = ""
    frame.to_csv(folder / "south.csv", index=False)
    with pytest.raises(DataError, match=r"south\.csv.*row 5.*text is empty"):
        load_corpus(DataConfig(path=str(folder), site_files_column="site", **_COLUMNS))


def test_labels_spelled_differently_across_sites_are_refused(tmp_path):
    folder = _sites(tmp_path / "sites", {"north": 30, "south": 20})
    frame = synthetic_notes(20, seed=9)
    frame["note_id"] = [f"S{i}" for i in range(20)]
    frame["dx"] = frame["dx"].str.capitalize()
    frame.to_csv(folder / "south.csv", index=False)
    with pytest.raises(DataError, match="sites spell a label differently: 'Cardiac' in "
                                        r"south\.csv, 'cardiac' in north\.csv"):
        load_corpus(DataConfig(path=str(folder), site_files_column="site", **_COLUMNS))


def test_ids_shared_across_sites_are_refused(tmp_path):
    folder = tmp_path / "sites"
    folder.mkdir()
    synthetic_notes(20, seed=1).to_csv(folder / "a.csv", index=False)
    synthetic_notes(20, seed=2).to_csv(folder / "b.csv", index=False)  # N00000.. again
    with pytest.raises(DataError, match=r"b\.csv, row 1, column 'note_id': duplicate id \(the "
                       r"same as a\.csv, row 1\); ids must be unique across sites") as err:
        load_corpus(DataConfig(path=str(folder), site_files_column="site", **_COLUMNS))
    assert "N00000" not in str(err.value)  # the id itself is never shown (it may be an MRN)


def test_a_file_that_already_has_the_site_column_is_refused(tmp_path):
    folder = _sites(tmp_path / "sites", {"north": 30, "south": 20})
    with pytest.raises(DataError, match="column 'sex' already exists"):
        load_corpus(DataConfig(path=str(folder), site_files_column="sex", **_COLUMNS))



def _tree(tmp_path, folder, model, **fed):
    return {"name": "fed", "out_dir": str(tmp_path / "runs"),
            "data": {"path": str(folder), "site_files_column": "site", **_COLUMNS},
            "prep": {"max_length": 32}, "model": {"name": str(model), "mode": "frozen"},
            "train": {"threads": 1}, "eval": {"bootstrap": 20}, "fairness": {"groups": []},
            "federated": {"site_column": "site", "rounds": 2, **fed}}


def test_a_sites_folder_with_one_file_is_refused(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    folder = _sites(tmp_path / "sites", {"only": 60})
    with pytest.raises(ConfigError, match="sites folder '.*sites' has one site \\('only'\\)"):
        train_run(load_config(overrides=_tree(tmp_path, folder, model_tiny)), quiet=True)


def test_a_site_file_with_too_few_notes_is_refused(tmp_path, model_tiny):
    from meddx.pipeline import train_run

    folder = _sites(tmp_path / "sites", {"big": 90, "tiny": 6})
    with pytest.raises(ConfigError, match="site 'tiny' \\(sites folder .*\\) has \\d+ training "
                                          "notes, fewer than federated.min_site_notes=10"):
        train_run(load_config(overrides=_tree(tmp_path, folder, model_tiny)), quiet=True)


@pytest.mark.slow
def test_federate_sites_dir_writes_a_run_that_evaluate_reads(tmp_path, model_tiny):
    from typer.testing import CliRunner

    from meddx.cli import app

    folder = _sites(tmp_path / "sites", {"north": 80, "south": 80})
    out = CliRunner().invoke(app, [
        "federate", "--sites", str(folder), "--rounds", "2", "--strategy", "fedadam",
        "--local-steps", "2", "--text-column", "note", "--label-column", "dx",
        "--id-column", "note_id", "--model", str(model_tiny), "--name", "fed",
        "--out", str(tmp_path / "runs"), "-q"])
    assert out.exit_code == 0, out.output
    run = tmp_path / "runs" / "fed"
    fed = json.loads((run / "metrics.json").read_text())["federated"]
    assert fed["sites"] == ["north", "south"] and fed["strategy"] == "fedadam"
    assert fed["local_steps"] == 2
    result = CliRunner().invoke(app, ["evaluate", str(run), "--data", str(folder / "south.csv")])
    assert result.exit_code == 0, result.output
    both = CliRunner().invoke(app, ["federate", "--sites", str(folder), "--data",
                                    str(folder / "south.csv")])
    assert both.exit_code != 0 and "not both" in both.output


def test_federate_names_a_missing_site_column_as_the_site_column(tmp_path):
    from typer.testing import CliRunner

    from meddx.cli import app

    data = tmp_path / "notes.csv"
    frame = synthetic_notes(20, seed=3, patients=None)
    frame.assign(site=["north", "south"] * 10).to_csv(data, index=False)
    out = CliRunner().invoke(app, [
        "federate", "--data", str(data), "--site-column", "sitex", "--text-column", "note",
        "--label-column", "dx", "--out", str(tmp_path / "runs"), "-q"])
    assert out.exit_code == 2, out.output
    line, = out.output.splitlines()
    assert line.startswith(f"error: {data}, column 'sitex': site column 'sitex' not found; "
                           "columns are: ")
    assert "group column" not in line and ", site" in line
    assert not (tmp_path / "runs").exists()
