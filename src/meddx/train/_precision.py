"""The arithmetic of the encoder fine-tune: ``train.precision`` resolved on this machine.

bf16 mixed precision runs the matrix products of the forward and backward passes in
bfloat16 under autocast; the weights, the optimiser state and the saved model stay fp32. On a
CPU with AMX or AVX512-BF16 a MiniLM training step is about 1.6 times faster (docs/benchmarks.md,
"bf16 mixed precision"); without native support bf16 is emulated and slower than fp32, so
``auto`` picks it only where the hardware runs it natively.
"""

from __future__ import annotations

from pathlib import Path

from meddx.errors import ConfigError, require

__all__ = ["CPU_BF16_FLAGS", "check_precision", "native_bf16", "resolve_precision"]

CPU_BF16_FLAGS = ("amx_bf16", "avx512_bf16")  # /proc/cpuinfo flags of native CPU bf16


def native_bf16(torch, *, cuda: bool | None = None) -> str | None:
    """What runs bf16 natively here ("CUDA GPU with bf16", "CPU with AMX", "CPU with
    AVX512-BF16"), or None. With ``cuda`` (default: whether a CUDA GPU is visible) the GPU is
    asked, else the CPU: torch's own checks (``torch.cpu._is_amx_tile_supported`` and
    ``_is_avx512_bf16_supported``, private in torch 2.13), then the flags in /proc/cpuinfo."""
    if cuda if cuda is not None else torch.cuda.is_available():
        return "CUDA GPU with bf16" if torch.cuda.is_bf16_supported() else None
    checks = (("CPU with AMX", "_is_amx_tile_supported"),
              ("CPU with AVX512-BF16", "_is_avx512_bf16_supported"))
    known = [(name, getattr(torch.cpu, fn, None)) for name, fn in checks]
    if all(fn is not None for _, fn in known):
        return next((name for name, fn in known if fn()), None)
    flags = _cpuinfo_flags()
    names = {"amx_bf16": "CPU with AMX", "avx512_bf16": "CPU with AVX512-BF16"}
    return next((names[f] for f in CPU_BF16_FLAGS if f in flags), None)


def _cpuinfo_flags(path: Path = Path("/proc/cpuinfo")) -> set[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {flag for line in text.splitlines() if line.startswith("flags")
            for flag in line.partition(":")[2].split()}


def resolve_precision(setting: str, torch, *, cuda: bool | None = None) -> tuple[str, str]:
    """``(precision, why)``: 'bf16' or 'fp32' for ``train.precision`` ``setting`` on this
    machine, and a few words on why. 'bf16' asked on hardware without native bf16 is a
    ConfigError (emulated bf16 is slower than fp32 and changes the numbers for nothing)."""
    if setting == "fp32":
        return "fp32", "train.precision fp32"
    native = native_bf16(torch, cuda=cuda)
    if setting == "bf16":
        if native is None:
            raise ConfigError(
                "train.precision is 'bf16' but this machine has no native bf16 (a CUDA GPU with "
                "bf16, or a CPU with AMX or AVX512-BF16); emulated bf16 is slower than fp32: use "
                "'auto' (bf16 where native, else fp32) or 'fp32'")
        return "bf16", f"train.precision bf16 on a {native}"
    if setting != "auto":
        raise ConfigError(f"train.precision must be one of 'auto', 'fp32', 'bf16'; got {setting!r}")
    if native is None:
        return "fp32", "train.precision auto: no native bf16 here"
    return "bf16", f"train.precision auto: native bf16 on a {native}"


def check_precision(cfg) -> None:
    """Before any work: ``train.precision`` 'bf16' on hardware without native bf16 is a
    ConfigError (the config already refuses it for modes that train in fp32 only)."""
    if cfg.train.precision == "bf16":
        resolve_precision("bf16", require("torch", "train"))
