"""meddx.config: loading, validating and saving the run config, and its error messages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from meddx.config import RunConfig, absolute_paths, load_config, save_config
from meddx.errors import ConfigError

DEMO_YAML = Path(str(resources.files("meddx.data") / "demo" / "demo.yaml"))


def _error(path=None, overrides=None) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(path, overrides)
    return str(info.value)


# --- unknown keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "dotted", "suggestion"),
    [
        ({"trian": {}}, "trian", "train"),
        ({"train": {"epoch": 3}}, "train.epoch", "epochs"),
        ({"train": {"imbalance": {"stratgy": "focal"}}}, "train.imbalance.stratgy", "strategy"),
        ({"data": {"split": {"tset": 0.2}}}, "data.split.tset", "test"),
        ({"model": {"lora": {"alpah": 8}}}, "model.lora.alpah", "alpha"),
        ({"prep": {"max_lenght": 128}}, "prep.max_lenght", "max_length"),
    ],
)
def test_unknown_key_names_it_and_suggests_the_closest(overrides, dotted, suggestion):
    msg = _error(overrides=overrides)
    assert f"unknown config key '{dotted}'" in msg
    assert f"did you mean '{suggestion}'?" in msg


@pytest.mark.parametrize(
    ("overrides", "dotted", "got", "hint"),
    [
        ({"train": {"lr_scheduler": "cosin"}}, "train.lr_scheduler", "cosin", "cosine"),
        ({"prep": {"long_text": "chunk"}}, "prep.long_text", "chunk", "chunks"),
        ({"train": {"precision": "bf61"}}, "train.precision", "bf61", "bf16"),
        ({"model": {"mode": "few_shot"}}, "model.mode", "few_shot", "few-shot"),
        ({"prep": {"abbreviations": "xyz"}}, "prep.abbreviations", "xyz", None),
    ],
)
def test_a_value_not_allowed_suggests_the_closest_allowed_one(overrides, dotted, got, hint):
    msg = _error(overrides=overrides)
    assert f"config field '{dotted}': Input should be " in msg, msg
    ending = f"(got '{got}')" + (f"; did you mean '{hint}'?" if hint else "")
    assert msg.endswith(ending), msg


@pytest.mark.parametrize(
    ("overrides", "dotted", "known"),
    [
        ({"zzzzzz": 1}, "zzzzzz", ["name", "out_dir", "data", "prep", "model", "train"]),
        ({"model": {"lora": {"rank": 4}}}, "model.lora.rank", ["r", "alpha", "dropout"]),
    ],
)
def test_unknown_key_without_close_match_lists_known_keys(overrides, dotted, known):
    msg = _error(overrides=overrides)
    assert f"unknown config key '{dotted}'. Known keys here: " in msg
    assert "did you mean" not in msg
    listed = msg.split("Known keys here: ")[1].rstrip(".").split(", ")
    assert set(known) <= set(listed)


def test_unknown_key_in_a_yaml_file_names_the_file(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("train:\n  epoch: 3\n")
    msg = _error(path)
    assert msg.startswith(f"{path}: ")
    assert "'train.epoch'" in msg and "'epochs'" in msg


# --- bad values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "dotted", "fragments"),
    [
        ({"model": {"mode": "half"}}, "model.mode", ["'full'", "'lora'", "'frozen'", "'half'"]),
        ({"data": {"task": "regression"}}, "data.task", ["'multilabel'", "'regression'"]),
        ({"prep": {"long_text": "tail"}}, "prep.long_text", ["'head_tail'", "'tail'"]),
        ({"data": {"on_invalid": "skip"}}, "data.on_invalid", ["'drop'", "'skip'"]),
        ({"train": {"epochs": "abc"}}, "train.epochs", ["'abc'"]),
        ({"prep": {"max_length": 5}}, "prep.max_length", ["16", "(got 5)"]),
        # A union field: the branch tag ('float') is not part of the field name, and
        # every allowed form is named.
        ({"model": {"head_c": "best"}}, "model.head_c", ["'auto'", "number", "'best'"]),
        (
            {"train": {"imbalance": {"class_weights": "even"}}},
            "train.imbalance.class_weights",
            ["'balanced'", "dictionary", "'even'"],
        ),
    ],
)
def test_bad_value_names_field_allowed_values_and_value(overrides, dotted, fragments):
    msg = _error(overrides=overrides)
    assert msg.startswith(f"command-line options: config field '{dotted}': "), msg
    for fragment in fragments:
        assert fragment in msg, (fragment, msg)


@pytest.mark.parametrize(
    ("split", "total"),
    [
        ({"train": 0.5, "validation": 0.1, "test": 0.2}, "0.800"),
        ({"train": 0.7, "validation": 0.2, "test": 0.2}, "1.100"),
        ({"train": 0.8, "validation": 0.0, "test": 0.3}, "1.100"),
    ],
)
def test_split_fractions_must_sum_to_one(split, total):
    msg = _error(overrides={"data": {"split": split}})
    assert "data.split" in msg
    assert "must sum to 1" in msg
    assert f"got {total}" in msg


@pytest.mark.parametrize(
    "split",
    [
        {"train": 0.8, "validation": 0.0, "test": 0.2},
        {"train": 0.6, "validation": 0.2, "test": 0.2},
        {"train": 0.7, "validation": 0.1, "test": 0.2},
    ],
)
def test_split_fractions_summing_to_one_are_accepted(split):
    cfg = load_config(overrides={"data": {"split": split}})
    assert cfg.data.split.train == split["train"]
    assert cfg.data.split.validation == split["validation"]


# --- YAML files -----------------------------------------------------------------------------


def test_yaml_file_and_overrides_merge_and_overrides_win(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text(
        "name: from-file\n"
        "train:\n  epochs: 2\n  batch_size: 4\n"
        "data:\n  text_column: note\n  split: {train: 0.6, validation: 0.2, test: 0.2, seed: 7}\n"
    )
    cfg = load_config(path, {"train": {"epochs": 5}, "data": {"split": {"seed": 99}}})
    assert cfg.name == "from-file"
    assert cfg.train.epochs == 5  # the override wins
    assert cfg.train.batch_size == 4  # siblings in the file survive the deep merge
    assert cfg.data.text_column == "note"
    assert (cfg.data.split.train, cfg.data.split.seed) == (0.6, 99)
    assert cfg.model.mode == RunConfig().model.mode  # untouched sections keep defaults


@pytest.mark.parametrize(
    "text",
    ["- a\n- b\n", "7\n", "just a string\n"],
    ids=["list", "number", "string"],
)
def test_yaml_top_level_must_be_a_mapping(tmp_path, text):
    path = tmp_path / "run.yaml"
    path.write_text(text)
    msg = _error(path)
    assert msg.startswith(f"{path}: ")
    assert "must be a mapping" in msg


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("name: x\ntrain:\n  epochs: 2\n bad: [\n", 4),
        ("name: x\ndata:\n  text_column: note\n  split: {train: 0.7\nprep: {}\n", 5),
        ("name: 'unterminated\n", 2),
        ("a: b\n\tc: d\n", 2),
    ],
)
def test_invalid_yaml_names_the_line(tmp_path, text, line):
    path = tmp_path / "run.yaml"
    path.write_text(text)
    msg = _error(path)
    assert msg == f"{path}: not valid YAML at line {line}", msg


def test_empty_yaml_file_gives_the_defaults(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("# nothing here\n")
    assert load_config(path) == RunConfig()


def test_missing_config_file_is_a_config_error(tmp_path):
    msg = _error(tmp_path / "nope.yaml")
    assert "not found" in msg and "nope.yaml" in msg


# --- saving and the bundled config ------------------------------------------------------------


def test_save_then_load_round_trips(tmp_path):
    cfg = load_config(
        overrides={
            "name": "round-trip",
            "data": {
                "text_column": "note",
                "labels": ["b", "a"],
                "label_names": {"1": "a", "2": "b"},
                "group_columns": ["sex", "age_band"],
                "split": {"train": 0.6, "validation": 0.2, "test": 0.2, "column": "fold"},
            },
            "prep": {"long_text": "chunks", "chunk_stride": 32, "lowercase": True},
            "model": {"head_c": 0.25, "lora": {"target_modules": ["query", "value"]}},
            "train": {"imbalance": {"strategy": "class_weight", "class_weights": {"a": 2.0}}},
        }
    )
    path = tmp_path / "sub" / "config.yaml"
    save_config(cfg, path)
    assert load_config(path) == cfg
    # What is on disk is plain YAML with every section written out (resolved).
    on_disk = yaml.safe_load(path.read_text())
    assert set(on_disk) == set(RunConfig.model_fields)
    assert on_disk["data"]["label_names"] == {"1": "a", "2": "b"}


def test_save_config_leaves_no_temporary_files(tmp_path):
    save_config(RunConfig(), tmp_path / "config.yaml")
    assert [p.name for p in tmp_path.iterdir()] == ["config.yaml"]


def test_demo_config_loads():
    cfg = load_config(DEMO_YAML)
    assert cfg.name == "demo"
    assert cfg.data.text_column == "medical_abstract"
    assert cfg.data.label_column == "condition_label"
    assert list(cfg.data.label_names) == ["1", "2", "3", "4", "5"]
    assert cfg.data.duplicates == "drop_conflicting"
    assert cfg.model.name == "minilm"


def test_every_config_field_has_a_help_text():
    missing = []

    def walk(model, prefix):
        for name, field in model.model_fields.items():
            if not field.description:
                missing.append(prefix + name)
            ann = field.annotation
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                walk(ann, f"{prefix}{name}.")

    walk(RunConfig, "")
    assert missing == []


# --- choices come from the registries -------------------------------------------------------


def test_a_newly_registered_calibrator_passes_config_validation(monkeypatch):
    import numpy as np

    from meddx.evaluate import CALIBRATORS, Calibrator

    with pytest.raises(ConfigError, match=r"config field 'eval.calibration': unknown calibrator "
                                          r"'halve'; known: none, auto, dirichlet"):
        load_config(overrides={"eval": {"calibration": "halve"}})

    class Halve(Calibrator):
        method = "halve"

        def _fit(self, p, y, task):
            self.share_ = 0.5

        def _transform(self, p):
            return self.share_ * p + (1 - self.share_) / p.shape[1]

        def _fitted_dict(self):
            return {"share": self.share_}

        def _load_fitted(self, fitted):
            self.share_ = float(fitted["share"])

    monkeypatch.setattr(CALIBRATORS, "_items", dict(CALIBRATORS.items()))  # undone after the test
    CALIBRATORS.register(Halve.method, Halve)
    assert load_config(overrides={"eval": {"calibration": "halve"}}).eval.calibration == "halve"
    p = np.array([[0.9, 0.1], [0.2, 0.8]])
    assert Halve().fit(p, np.array([0, 1])).transform(p)[0, 0] == pytest.approx(0.7)


def test_a_close_calibrator_name_is_suggested():
    msg = _error(overrides={"eval": {"calibration": "temprature"}})
    assert "unknown calibrator 'temprature'; did you mean 'temperature'?" in msg


def test_the_loader_reads_a_local_folder_config_json_not_the_validator(tmp_path):
    folder = tmp_path / "lm"
    folder.mkdir()
    (folder / "config.json").write_text('{"architectures": ["LlamaForCausalLM"]}')
    cfg = load_config(overrides={"model": {"name": str(folder)}})
    assert (cfg.model.backend, cfg.model.mode) == ("causal_lm", "zero-shot")
    # Built directly, the model is judged by its name and mode alone: nothing is read from disk.
    direct = RunConfig.model_validate({"model": {"name": str(folder)}})
    assert (direct.model.backend, direct.model.mode) == ("encoder", "frozen")


def test_deid_mode_is_checked_against_the_registered_operators():
    msg = _error(overrides={"deid": {"mode": "scramble"}})
    assert msg == ("command-line options: config field 'deid.mode': unknown operator 'scramble'; "
                   "known: mask, redact, surrogate")


def test_a_newly_registered_mitigation_passes_config_validation(monkeypatch):
    """fairness.mitigation is checked against meddx.settings.MITIGATIONS, and the cross-stage
    rules come from the mitigation's properties, not its name."""
    from meddx.settings import MITIGATIONS, Mitigation, register_mitigation

    groups = {"data": {"group_columns": ["sex"]}}
    fair = {**groups, "fairness": {"mitigation": "calibrated_eo", "group_column": "sex"}}
    assert "'none', 'reweighting', 'resampling', 'threshold' or 'adversarial' (got " \
        "'calibrated_eo')" in _error(overrides=fair)
    monkeypatch.setattr(MITIGATIONS, "_items", dict(MITIGATIONS.in_order()))  # undone after
    register_mitigation(Mitigation("calibrated_eo", "group thresholds on calibrated scores",
                                   post_processing=True))
    assert load_config(overrides=fair).fairness.mitigation == "calibrated_eo"
    no_validation = {**fair, "data": {**groups["data"], "split": {
        "train": 0.8, "validation": 0, "test": 0.2}}}
    assert "'calibrated_eo' is fitted on the validation split" in _error(overrides=no_validation)
    assert "needs fairness.group_column" in _error(
        overrides={**groups, "fairness": {"mitigation": "calibrated_eo"}})
    assert load_config(overrides={**fair, "privacy": {"epsilon": 3}})  # not in training: DP ok


def test_a_newly_registered_imbalance_strategy_passes_config_validation(monkeypatch):
    from meddx.settings import IMBALANCE_STRATEGIES, ImbalanceStrategy, register_imbalance_strategy

    tomek = {"train": {"imbalance": {"strategy": "tomek"}}}
    assert "'smote' (got 'tomek')" in _error(overrides=tomek)
    monkeypatch.setattr(IMBALANCE_STRATEGIES, "_items", dict(IMBALANCE_STRATEGIES.in_order()))
    register_imbalance_strategy(ImbalanceStrategy("tomek", "drops Tomek links in embedding "
                                                  "space", resamples=True, embeddings=True))
    assert load_config(overrides=tomek).train.imbalance.strategy == "tomek"
    full = {**tomek, "model": {"mode": "full"}}
    assert "'tomek' works on embeddings: use it with model.mode 'frozen'" in _error(overrides=full)
    dp = {**tomek, "privacy": {"epsilon": 3}}
    assert "'tomek': resampled or synthesised rows break the per-note privacy accounting; use " \
        "'none' or 'class_weight'" in _error(overrides=dp)


@pytest.mark.parametrize(("dotted", "registry"), [
    ("fairness.mitigation", "meddx.settings:MITIGATIONS"),
    ("train.imbalance.strategy", "meddx.settings:IMBALANCE_STRATEGIES"),
    ("data.on_invalid", "meddx.data:ON_INVALID"),
])
def test_the_help_of_a_registered_choice_is_written_from_its_registry(dotted, registry):
    import importlib

    from meddx.cli._flags import field_info

    module, name = registry.split(":")
    parts = getattr(importlib.import_module(module), name).in_order()
    help_text = field_info(dotted).description
    for choice, part in parts:
        assert f"'{choice}': {part.summary}" in help_text, choice


def test_the_mode_help_is_written_from_the_modes():
    from meddx.cli._flags import field_info
    from meddx.models import registered_modes

    help_text = field_info("model.mode").description
    for mode in registered_modes():
        assert f"'{mode.name}': {mode.summary}" in help_text, mode


def test_config_exports_the_run_config_and_serves_old_names_with_a_warning():
    import meddx.config
    from meddx.data import SplitConfig

    assert meddx.config.__all__ == ["RunConfig", "absolute_paths", "load_config", "save_config"]
    with pytest.warns(DeprecationWarning, match="import it from meddx.data"):
        assert meddx.config.SplitConfig is SplitConfig
    with pytest.raises(AttributeError):
        meddx.config.NoSuchConfig  # noqa: B018


def test_a_config_saved_with_the_old_choice_fields_loads_unchanged(tmp_path):
    """The choice fields became registered names (str): a saved config.yaml reads back equal."""
    cfg = load_config(overrides={"data": {"on_invalid": "drop", "group_columns": ["sex"]},
                                 "train": {"imbalance": {"strategy": "class_weight"}},
                                 "fairness": {"mitigation": "reweighting", "group_column": "sex"}})
    save_config(cfg, tmp_path / "config.yaml")
    again = load_config(tmp_path / "config.yaml")
    assert again == cfg
    saved = yaml.safe_load((tmp_path / "config.yaml").read_text())
    assert (saved["data"]["on_invalid"], saved["train"]["imbalance"]["strategy"],
            saved["fairness"]["mitigation"]) == ("drop", "class_weight", "reweighting")


def test_absolute_paths_lets_a_saved_config_read_its_files_from_any_folder(tmp_path,
                                                                          monkeypatch):
    """A run trained with --data notes.csv must not depend on the folder it was started in:
    meddx audit / explain / retrain and a re-run of config.yaml read the run's data file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.csv").write_text("text,label\na,b\n")
    (tmp_path / "allow.txt").write_text("Lang\n")
    cfg = load_config(None, {"data": {"path": "notes.csv"},
                             "deid": {"leak_allow_list": "allow.txt"}})
    fixed = absolute_paths(cfg)
    assert fixed.data.path == str(tmp_path / "notes.csv")
    assert fixed.deid.leak_allow_list == str(tmp_path / "allow.txt")
    assert fixed.model.name == cfg.model.name == "minilm"  # a preset stays a name
    assert cfg.data.path == "notes.csv"  # the given config is left as it was
    save_config(fixed, tmp_path / "config.yaml")
    monkeypatch.chdir(tmp_path.parent)
    assert load_config(tmp_path / "config.yaml").data.path == str(tmp_path / "notes.csv")
    missing = load_config(None, {"data": {"path": "elsewhere.csv"}})
    assert absolute_paths(missing).data.path == "elsewhere.csv"  # its error names it as given


def _string_fields(model, prefix=()):
    for name, field in model.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            yield from _string_fields(field.annotation, (*prefix, name))
        elif "str" in str(field.annotation):
            yield (*prefix, name), field


# Fields whose help mentions a file or folder but that do not name one on this machine.
_NOT_PATHS = {
    ("out_dir",): "where new runs go: follows the working directory of the run that reads it",
    ("data", "site_files_column"): "a column name",
    ("data", "group_columns"): "column names",
    ("data", "on_invalid"): "a registered name",
}


def test_every_path_valued_config_field_is_made_absolute():
    """A field whose help speaks of a file, folder or path (or named *_path) is in
    config._PATH_FIELDS, or is listed here with the reason it is not a path."""
    import re

    from meddx.config import _PATH_FIELDS

    pattern = re.compile(r"\b(file|folder|path|directory)\b", re.IGNORECASE)
    valued = {loc for loc, field in _string_fields(RunConfig)
              if pattern.search(field.description or "") or loc[-1].endswith("_path")}
    assert valued - set(_NOT_PATHS) == set(_PATH_FIELDS)


def test_absolute_paths_covers_model_folders_and_templates_but_keeps_built_in_names(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for folder in ("to", "back", "emb", "lm"):
        (tmp_path / folder).mkdir()
    (tmp_path / "ask.j2").write_text("{{ text }}")
    cfg = load_config(None, {"augment": {"marian_to": "to", "marian_back": "back",
                                         "paraphrase_model": "lm"},
                             "llm": {"embedder": "emb", "template": "ask.j2"}})
    fixed = absolute_paths(cfg)
    assert (fixed.augment.marian_to, fixed.augment.marian_back, fixed.augment.paraphrase_model,
            fixed.llm.embedder, fixed.llm.template) == tuple(
        str(tmp_path / name) for name in ("to", "back", "lm", "emb", "ask.j2"))
    (tmp_path / "minilm").mkdir()  # a folder named like a preset: the preset wins when loading
    (tmp_path / "plain").write_text("{{ text }}")
    named = absolute_paths(load_config(None, {"llm": {"embedder": "minilm",
                                                      "template": "plain"}}))
    assert (named.llm.embedder, named.llm.template, named.augment.paraphrase_model) == (
        "minilm", "plain", "smollm2")
