"""Shared fixtures: the one place a fixture used by more than one test module is defined.

Data fixtures are named ``data_*``: small tables of notes, written to ``tmp_path``.
Model fixtures are named ``model_*``: tiny models built from config (random weights, the bundled
tokenizers), once per test session. They are read-only: a test that changes a model's files
copies the folder first. Helpers that are plain functions (synthetic notes, a TF-IDF run folder,
the browser driver) live in ``tests/_support/``.

``train_run`` logs to MLflow by default (``registry.enabled``); each new SQLite store costs
seconds of schema migrations, so tests not marked ``registry`` train without it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture
def data_write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write ``content`` (text as UTF-8, or raw bytes) to ``tmp_path / name``; return the path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return write


@pytest.fixture
def data_notes_frame() -> pd.DataFrame:
    """Twelve short notes: ids, patients (two notes each), three labels, a group column."""
    rows = [
        ("n01", "p1", "chest pain radiating to left arm", "cardiac", "F"),
        ("n02", "p1", "troponin elevated on admission", "cardiac", "F"),
        ("n03", "p2", "new onset seizure at home", "neuro", "M"),
        ("n04", "p2", "headache and aphasia since morning", "neuro", "M"),
        ("n05", "p3", "melena and epigastric tenderness", "gi", "F"),
        ("n06", "p3", "jaundice with hepatomegaly", "gi", "F"),
        ("n07", "p4", "atrial fibrillation with rapid rate", "cardiac", "M"),
        ("n08", "p4", "tremor of the right hand", "neuro", "M"),
        ("n09", "p5", "colonoscopy shows a polyp", "gi", "F"),
        ("n10", "p5", "reduced ejection fraction on echo", "cardiac", "F"),
        ("n11", "p6", "numbness of the left arm", "neuro", "M"),
        ("n12", "p6", "abdominal pain and diarrhea", "gi", "M"),
    ]
    return pd.DataFrame(rows, columns=["id", "patient", "text", "label", "sex"])


@pytest.fixture(scope="module")
def inventory():
    """The bundled abbreviation inventory (``meddx.text.load_inventory()``), once per module."""
    from meddx.text import load_inventory

    return load_inventory()


@pytest.fixture(autouse=True)
def _mlflow_only_when_marked(request, monkeypatch):
    if request.node.get_closest_marker("registry") is None:
        import meddx.pipeline._train as run_module

        monkeypatch.setattr(run_module, "_log_to_registry", lambda *args, **kwargs: None)


@pytest.fixture
def accelerate_fresh_state() -> Iterator[None]:
    """accelerate keeps one process-wide ``AcceleratorState`` (and ``PartialState``,
    ``GradientState``): the first ``Accelerator`` of a process fixes its mixed precision, and
    a later ``Accelerator(mixed_precision=...)`` that differs raises "AcceleratorState has
    already been initialized". ``Trainer`` resets it itself (through ``TrainingArguments``); a
    test that builds an ``Accelerator`` directly takes this fixture, which clears the state
    before the test (whatever trained earlier in the process) and after it."""
    from accelerate.state import AcceleratorState, GradientState

    def reset() -> None:
        AcceleratorState._reset_state(reset_partial_state=True)
        GradientState._reset_state()

    reset()
    yield
    reset()


def _read_only(folder: Path):
    """Yield ``folder``; when the session ends, fail if a test changed, added or removed a file
    in it (the model fixtures are shared by every test of the session)."""
    def listing():
        return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
                for p in sorted(folder.rglob("*"))}

    before = listing()
    yield folder
    after = listing()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"a test changed the shared model folder {folder}: {changed[:5]}"


@pytest.fixture(scope="session")
def model_tiny(tmp_path_factory) -> Iterator[Path]:
    """A 2-layer, 32-wide random BERT with the MiniLM tokenizer (folder ``tiny``)."""
    from tests._support.helpers import make_tiny_model

    yield from _read_only(make_tiny_model(tmp_path_factory.mktemp("tiny", numbered=False)))


@pytest.fixture(scope="session")
def model_tiny_wide(tmp_path_factory) -> Iterator[Path]:
    """A second tiny BERT, 48 wide: an encoder that is not ``model_tiny`` (mismatch tests)."""
    from tests._support.helpers import make_tiny_model

    yield from _read_only(make_tiny_model(tmp_path_factory.mktemp("tiny-wide", numbered=False),
                                          hidden=48))


@pytest.fixture(scope="session")
def model_tiny_causal(tmp_path_factory) -> Iterator[Path]:
    """A 2-layer random Llama with the SmolLM2 tokenizer (tests/_support/causal.py)."""
    from tests._support.causal import make_tiny_causal

    yield from _read_only(make_tiny_causal(tmp_path_factory.getbasetemp() / "tiny_causal"))


POSTGRES_URI_ENV = "MEDDX_TEST_POSTGRES_URI"
POSTGRES_REQUIRE_ENV = "MEDDX_REQUIRE_POSTGRES"


@pytest.fixture()
def postgres_url():
    """The URL of an empty PostgreSQL database (``postgresql+psycopg://...``), dropped after the
    test, on the server named by ``MEDDX_TEST_POSTGRES_URI``; the test is skipped without one.

    ``.ci/with-postgres CMD`` starts a throwaway server and sets the variable (and
    ``MEDDX_REQUIRE_POSTGRES=1``, so a missing server fails the test instead of skipping it)."""
    import sqlalchemy as sa

    base = os.environ.get(POSTGRES_URI_ENV)
    if not base:
        message = (f"no PostgreSQL server: {POSTGRES_URI_ENV} is not set (run `.ci/with-postgres make "
                   f"test`, or set {POSTGRES_URI_ENV}=postgresql+psycopg://USER@HOST:PORT/DB)")
        if os.environ.get(POSTGRES_REQUIRE_ENV) == "1":
            pytest.fail(f"{POSTGRES_REQUIRE_ENV}=1 but {message}")
        pytest.skip(message)
    url = sa.engine.make_url(base)
    name = f"meddx_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
