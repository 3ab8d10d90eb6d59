"""Options generated from the config fields: help written once (in the field), the same flags as
before, and the values handed to the command as the config's overrides tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from meddx.cli import app
from meddx.cli._flags import Flag, config_flags, field_info

# The options `meddx train` had when they were written by hand: they must all still work.
TRAIN_OPTIONS = {
    "--data", "--text-column", "--label-column", "--label-columns", "--label-delimiter",
    "--id-column", "--patient-column", "--group-columns", "--on-invalid", "--model", "--mode",
    "--template", "--few-shot-k", "--kb", "--epochs", "--max-length", "--max-steps", "--seed",
    "--name", "--out", "--mitigation", "--mitigation-group", "--leak-allow", "--resume",
    "--dp-epsilon", "--quiet", "-q",
}


def _commands(command: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {" ".join(path) or "(root)": command}
    for name, sub in getattr(command, "commands", {}).items():
        out.update(_commands(sub, (*path, name)))
    return out


def test_every_command_keeps_its_options_and_defaults():
    """tests/cli_surface.json: every command, option and default of the hand-written CLI
    (before the options were generated); each must still be there, with the same default."""
    import json

    before = json.loads((Path(__file__).with_name("cli_surface.json")).read_text())
    now = _commands(get_command(app))
    for name, options in before.items():
        assert name in now, f"command '{name}' is gone"
        params = {opt: p for p in now[name].params for opt in (*p.opts, *p.secondary_opts)}
        for opt, default in options.items():
            assert opt in params, f"meddx {name}: option {opt} is gone"
            assert repr(params[opt].default) == default, (name, opt)


def _options(*path: str) -> dict[str, Any]:
    command = get_command(app)
    for name in path:
        command = command.commands[name]
    return {opt: p for p in command.params for opt in (*p.opts, *p.secondary_opts)}


def test_train_keeps_every_option_and_takes_its_help_from_the_config():
    from meddx.cli._train import TRAIN_FLAGS

    options = _options("train")
    assert TRAIN_OPTIONS <= set(options)
    for flag in TRAIN_FLAGS:
        param = options["--" + flag.param.replace("_", "-")]
        description = field_info(flag.path).description
        assert description and param.help.startswith(description.replace("[", "\\[")), flag
        assert param.help.endswith(f"(config: {flag.path})")
        assert param.default is None  # not given: the config file's value stands


@pytest.mark.parametrize(("path", "option", "key"), [
    (("federate",), "--site-column", "federated.site_column"),
    (("evaluate",), "--text-column", "data.text_column"),
    (("deid",), "--mode", "deid.mode"),
    (("audit",), "--calibration", "eval.calibration"),
])
def test_other_commands_take_their_help_from_the_config(path, option, key):
    assert _options(*path)[option].help.endswith(f"(config: {key})")


def test_serve_options_take_their_help_from_the_serve_settings():
    from meddx.serve import ServeSettings

    help_text = _options("serve")["--max-batch"].help
    assert help_text == ServeSettings.model_fields["max_batch"].description


def test_given_options_become_the_overrides_tree(tmp_path, monkeypatch):
    seen: dict[str, Any] = {}
    demo = typer.Typer()

    @demo.command()
    @config_flags(Flag("data.path", name="data", kind=Path), Flag("data.label_columns"),
                  Flag("train.epochs"), Flag("llm.kb_path", name="kb", kind=Path, resolve=True),
                  Flag("train.seed"))
    def run(overrides: dict[str, Any] | None = None, loud: bool = False) -> None:
        seen.update(overrides=overrides, loud=loud)

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(demo, ["--data", "notes.csv", "--label-columns", "a, b,,c",
                                       "--epochs", "0.5", "--kb", "kb", "--loud"])
    assert result.exit_code == 0, result.output
    assert seen == {"loud": True, "overrides": {
        "data": {"path": "notes.csv", "label_columns": ["a", "b", "c"]},
        "train": {"epochs": 0.5},  # --seed not given: left out
        "llm": {"kb_path": str(tmp_path / "kb")},
    }}


def test_a_bad_choice_is_reported_by_the_config(tmp_path):
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path / "x.csv"),
                                      "--mode", "half"])
    assert result.exit_code == 2
    assert "config field 'model.mode'" in result.output and "'half'" in result.output
