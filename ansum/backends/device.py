"""Where models run: device choice and compute type for each engine, CPU threads.

One place for the decisions both engines and ``ansum models pull`` need:
:func:`pick_ct2_device` and :func:`pick_compute_type` for CTranslate2,
:func:`pick_torch_device` for transformers, :func:`thread_counts` for CTranslate2's
CPU threads.  ``ctranslate2`` and ``torch`` are imported inside the functions.
"""

from __future__ import annotations

import os
from typing import Any

from ansum.errors import ConfigError

#: Quantizations CTranslate2 4.x accepts when converting and loading.
COMPUTE_TYPES = ("int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                 "float16", "bfloat16", "float32")


#: Environment variable overriding ``intra_threads``.
THREADS_ENV = "ANSUM_CT2_THREADS"


def thread_counts() -> tuple[int, int]:
    """Return ``(intra_threads, inter_threads)``; see the module docstring.

    Raises:
        ConfigError: ``$ANSUM_CT2_THREADS`` is not a positive integer.
    """
    value = os.environ.get(THREADS_ENV, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ConfigError(f"${THREADS_ENV} must be a positive integer, not {value!r}",
                              hint=f"unset {THREADS_ENV} or set it to a number of cores")
        return int(value), 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores), 1


def pick_ct2_device(device: str = "auto") -> tuple[str, int]:
    """Return ``(device, device_index)`` for CTranslate2: "cuda" when asked or, for
    "auto", when a CUDA device exists; else "cpu".

    Raises:
        ConfigError: an unknown device, "mps" (CTranslate2 has no Metal support) or
            CUDA requested without a CUDA device.
    """
    import ctranslate2

    cuda = ctranslate2.get_cuda_device_count()
    kind, _, index = device.partition(":")
    if kind == "auto":
        return ("cuda", 0) if cuda else ("cpu", 0)
    if kind == "cpu" or (kind == "cuda" and cuda and (not index or index.isdigit())):
        return kind, int(index or 0)
    valid = ", ".join(["auto", "cpu"] + (["cuda"] if cuda else []))
    raise ConfigError(f"device {device!r} is not available to the ctranslate2 backend "
                      f"(valid here: {valid})", hint="pass --device auto")


def pick_compute_type(device: str, requested: str | None = None) -> str:
    """Return the compute type: ``requested`` when given, else int8 (CPU) or
    int8_float16 (CUDA).

    Raises:
        ConfigError: unknown, or not supported on ``device`` by this CTranslate2 build.
    """
    import ctranslate2

    compute = requested or ("int8_float16" if device == "cuda" else "int8")
    supported = ctranslate2.get_supported_compute_types(device)
    if compute not in COMPUTE_TYPES or compute not in supported:
        valid = ", ".join(sorted(set(supported) & set(COMPUTE_TYPES)))
        raise ConfigError(f"compute type {compute!r} is not supported on {device} "
                          f"(valid here: {valid})", hint="set compute_type in models.toml")
    return compute


def pick_torch_device(device: str = "auto", family: str = "") -> tuple[str, Any]:
    """Return (device, torch dtype) for a device request.

    "auto" picks cuda, else mps, else cpu.  dtype: bf16 on CUDA when supported, else
    fp16; fp16 on MPS; fp32 on CPU.  mT5 never runs in fp16 (T5-family activations
    overflow fp16; the checkpoints were trained in bf16), so it gets fp32 instead.

    Raises:
        ConfigError: the requested device is unknown or not available.
    """
    import torch

    if device == "auto":
        if torch.cuda.is_available():
            device = "cuda"
        elif getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            device = "mps"
        else:
            device = "cpu"
    kind = device.split(":")[0]
    available = {"cpu": True, "cuda": torch.cuda.is_available(),
                 "mps": bool(getattr(torch.backends, "mps", None)
                             and torch.backends.mps.is_available())}
    if not available.get(kind, False):
        valid = ", ".join(["auto"] + [k for k, ok in available.items() if ok])
        raise ConfigError(f"device {device!r} is not available (valid here: {valid})",
                          hint="pass --device auto")
    if kind == "cpu":
        return device, torch.float32
    if kind == "cuda" and torch.cuda.is_bf16_supported():
        return device, torch.bfloat16
    return device, (torch.float32 if family == "mt5" else torch.float16)
