"""``meddx serve``: refuses to start without keys, passes its settings to the library, and the
settings and key loading it relies on. uvicorn.run is replaced, so nothing listens."""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.errors import ConfigError
from meddx.serve import ServeSettings, load_api_keys
from tests._support.helpers import make_tfidf_run, synthetic_notes


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return make_tfidf_run(tmp_path_factory.mktemp("serve-cli"), synthetic_notes(300, seed=2),
                          name="cli", calibrate=False)


@contextlib.contextmanager
def _logging_restored():
    """Put back the loggers that ``meddx serve``'s log configuration changes."""
    names = ("meddx", "uvicorn", "uvicorn.error", "uvicorn.access")
    loggers = [logging.getLogger(n) for n in names]
    saved = [(lg.handlers[:], lg.level, lg.propagate, lg.filters[:], lg.disabled) for lg in loggers]
    try:
        yield
    finally:
        for lg, (handlers, level, propagate, filters, disabled) in zip(loggers, saved, strict=True):
            lg.handlers[:], lg.filters[:] = handlers, filters
            lg.setLevel(level)
            lg.propagate, lg.disabled = propagate, disabled


@pytest.fixture
def started(monkeypatch):
    """Replace uvicorn.run; record what it would have served."""
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.delenv("MEDDX_API_KEYS", raising=False)
    with _logging_restored():
        yield calls


def test_serve_refuses_to_start_without_keys(run_dir, started):
    result = CliRunner().invoke(app, ["serve", str(run_dir)])
    assert result.exit_code == 2
    assert "no API keys" in result.output and "MEDDX_API_KEYS" in result.output
    assert started == []


def test_serve_starts_with_keys_from_the_environment_and_a_file(run_dir, started, tmp_path, monkeypatch):
    keys = tmp_path / "keys.txt"
    keys.write_text("# ops team\nfile-key-123456\n\n")
    monkeypatch.setenv("MEDDX_API_KEYS", "env-key-1, env-key-2")
    result = CliRunner().invoke(app, ["serve", str(run_dir), "--api-keys-file", str(keys),
                                      "--port", "8123", "--store", f"sqlite:///{tmp_path / 'p.db'}",
                                      "--max-batch", "4"])
    assert result.exit_code == 0, result.output
    (web_app, kw), = started
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123
    assert len(web_app.state.auth.digests) == 3 and not web_app.state.auth.disabled
    assert web_app.state.service.settings.max_batch == 4
    assert (tmp_path / "p.db").is_file()  # the store is created on startup


def test_serve_review_takes_the_session_secret_from_the_environment(run_dir, started, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("MEDDX_API_KEYS", "env-key-1")
    monkeypatch.setenv("MEDDX_SESSION_SECRET", "s" * 40)
    result = CliRunner().invoke(app, ["serve", str(run_dir), "--store-text", "--review",
                                      "--store", f"sqlite:///{tmp_path / 'p.db'}"])
    assert result.exit_code == 0, result.output
    settings = started[0][0].state.service.settings
    assert settings.review and settings.session_secret.get_secret_value() == "s" * 40
    monkeypatch.setenv("MEDDX_SESSION_SECRET", "short")
    result = CliRunner().invoke(app, ["serve", str(run_dir), "--store-text", "--review"])
    assert result.exit_code == 2 and "at least 32 characters" in result.output
    assert "short" not in result.output.replace("at least", "")


def test_serve_insecure_no_auth_starts_and_warns(run_dir, started, tmp_path):
    result = CliRunner().invoke(app, ["serve", str(run_dir), "--insecure-no-auth",
                                      "--store", f"sqlite:///{tmp_path / 'p.db'}"])
    assert result.exit_code == 0, result.output
    assert "without authentication" in result.output
    assert started[0][0].state.auth.disabled


@pytest.mark.parametrize("args, message", [
    (["models:/cli@champion", "--tracking-uri", "sqlite:///{run}/none.db"], "no model registry at"),
    (["{run}", "--max-batch", "0"], "'max_batch'"),
    (["{run}", "--quantize", "int4"], "'quantize'"),
    (["{run}", "--quantize", "int8"], "fine-tuned encoder"),
    (["{run}", "--api-keys-file", "missing.txt"], "not found"),
    (["{run}", "--review"], "review=True needs store_text=True (--store-text)"),
    (["{run}", "--explain-method", "lime"], "'explain_method'"),
])
def test_serve_errors_are_one_line(run_dir, started, monkeypatch, args, message):
    monkeypatch.setenv("MEDDX_API_KEYS", "some-key-123456")
    result = CliRunner().invoke(app, ["serve"] + [a.format(run=run_dir) for a in args])
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output and started == []


def test_load_api_keys(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text("a-key\n# comment\n  b-key  \na-key\n")
    got = load_api_keys(env_value="c-key,,a-key", file=keys)
    assert [k.get_secret_value() for k in got] == ["c-key", "a-key", "b-key"]
    assert "c-key" not in repr(ServeSettings(api_keys=got))  # SecretStr hides them
    assert load_api_keys() == ()
    with pytest.raises(ConfigError, match="whitespace"):
        load_api_keys(env_value="two words")


def test_a_key_file_without_keys_is_named(tmp_path, monkeypatch):
    keys = tmp_path / "keys.txt"
    keys.write_text("# the keys go here\n\n   \n")
    with pytest.raises(ConfigError, match=r"--api-keys-file: '.*keys\.txt' holds no key"):
        load_api_keys(file=keys)
    got = load_api_keys(env_value="c-key", file=keys)  # MEDDX_API_KEYS holds one: no error
    assert [k.get_secret_value() for k in got] == ["c-key"]
    monkeypatch.delenv("MEDDX_API_KEYS", raising=False)
    result = CliRunner().invoke(app, ["serve", str(tmp_path), "--api-keys-file", str(keys)])
    assert result.exit_code == 2 and "holds no key" in result.output, result.output


def test_settings_errors_name_the_field():
    with pytest.raises(ConfigError, match=r"serve setting 'min_confidence'.*got 1\.5"):
        ServeSettings.build(min_confidence=1.5)
    with pytest.raises(ConfigError, match="'api_keys.0'.*got \\(hidden\\)"):
        ServeSettings.build(api_keys=[5])


def test_import_needs_no_serve_extra():
    probe = ("import json, sys, meddx.serve, meddx.cli; print(json.dumps(sorted(m for m in "
             "('fastapi', 'starlette', 'sqlalchemy', 'uvicorn', 'torch') if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         timeout=60)
    assert json.loads(out.stdout) == []


def test_serve_help_names_the_extra_and_docs_can_be_turned_off(run_dir, started, monkeypatch):
    help_text = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).output
    assert "needs meddx[explain])" in help_text  # rich markup used to swallow "[explain]"
    monkeypatch.setenv("MEDDX_API_KEYS", "some-key-123456")
    result = CliRunner().invoke(app, ["serve", str(run_dir), "--no-docs"])
    assert result.exit_code == 0, result.output
    web_app, kwargs = started[0]
    assert web_app.state.service.settings.docs is False
    assert "/docs" not in {getattr(r, "path", None) for r in web_app.routes}
    config = kwargs["log_config"]  # meddx's lines and a filtered access log
    assert config["loggers"]["meddx"]["handlers"] == ["default"]
    assert config["handlers"]["access"]["filters"] == ["drop_query_string"]


def test_the_serve_log_has_meddx_lines_and_no_query_strings(capsys):
    import logging.config

    from meddx.serve import uvicorn_log_config

    with _logging_restored():
        logging.config.dictConfig(uvicorn_log_config("info"))
        logging.getLogger("meddx").info("serve: ready")
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/v1/x?name=John+Smith&mrn=1234567",
            "1.1", 200)
        out = capsys.readouterr()
    assert "serve: ready" in out.err
    assert '"GET /v1/x HTTP/1.1" 200' in out.out and "John" not in out.out + out.err
