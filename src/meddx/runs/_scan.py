"""The leakage scan of a finished run: every artifact checked for the PHI of its input."""

from __future__ import annotations

from pathlib import Path

from meddx.errors import RunError

__all__ = ["scan_run"]


def scan_run(run_dir: str | Path, data: str | Path | None = None, *,
             allow: str | Path | None = None) -> dict[str, int]:
    """Re-detect the PHI of a run's input (``data``, default the run config's data.path)
    with the run's de-identification config, then :func:`scan_run_for_phi` with the owner's
    allow-list ``allow`` (default the run config's ``deid.leak_allow_list``). For artifacts
    written after training (``meddx audit``'s audit.json and model card)."""
    from meddx.config import load_config
    from meddx.data import load_corpus
    from meddx.deid import Deidentifier, PhiRecorder, scan_run_for_phi

    run_dir = Path(run_dir)
    if not (run_dir / "config.yaml").is_file():
        raise RunError(f"'{run_dir}' is not a run directory (no config.yaml)")
    cfg = load_config(run_dir / "config.yaml")
    corpus = load_corpus(cfg.data, data)
    deid = Deidentifier.from_config(cfg.deid.model_copy(update={"enabled": True}))
    phi = PhiRecorder()
    for text in corpus.texts:
        phi.add_spans(text, deid.detect(text))
    return scan_run_for_phi(run_dir, phi, allow=allow or cfg.deid.leak_allow_list)
