"""Shared fixtures.

Data fixtures are named ``data_*``: small tables of notes, written to ``tmp_path``.
(Model fixtures, if any, live under their own ``model_*`` names.)

``train_run`` logs to MLflow by default (``registry.enabled``); each new SQLite store costs
seconds of schema migrations, so tests not marked ``registry`` train without it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests._support.postgres import postgres_url  # noqa: F401 (fixture: a fresh PostgreSQL database, or skip)


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


@pytest.fixture(autouse=True)
def _mlflow_only_when_marked(request, monkeypatch):
    if request.node.get_closest_marker("registry") is None:
        import meddx.pipeline._train as run_module

        monkeypatch.setattr(run_module, "_log_to_registry", lambda *args, **kwargs: None)
