"""Flower's deployment runtime for real, on loopback: bench/federated_tls_loopback.sh makes a CA
and a server certificate with openssl, starts flower-superlink with TLS and SuperNode
authentication, two flower-supernodes (each reading its own site's file) and `flwr run` of
meddx.federated.app on a tiny encoder; the final head is a loadable model folder, and a
SuperNode with an unregistered key is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("flwr")

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "federated_tls_loopback.sh"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("openssl") is None,
                    reason="openssl is not installed: the test makes its TLS certificates with it")
def test_superlink_and_two_supernodes_over_tls_with_node_auth(tmp_path, model_tiny):
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "flower-superlink").exists():
        pytest.skip(f"flower-superlink is not installed next to {sys.executable}")
    env = {**os.environ, "PYTHON": sys.executable}
    done = subprocess.run(
        ["bash", str(SCRIPT), "--work", str(tmp_path / "work"), "--model", str(model_tiny),
         "--notes", "40", "--rounds", "1", "--auth"],
        env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "federated TLS loopback: OK" in done.stdout
    work = tmp_path / "work"
    link = (work / "superlink.log").read_text()
    assert "Uvicorn running on https://127.0.0.1:" in link  # TLS, not --insecure
    assert link.count("Activated node_id=") == 2
    assert "Failed to activate SuperNode" in (work / "intruder.log").read_text()
    from meddx.models import load_classifier

    model = load_classifier(work / "federated-head")
    assert len(model.labels) == 5
    # Every process the script started is gone.
    left = subprocess.run(["pgrep", "-f", f"{work}/"], capture_output=True, text=True).stdout
    assert not left.strip(), left
