"""Model files: where a spec's weights are (hub cache or local folder), whether usable.

Used by the backends (:func:`resolve_model_path`) and by :mod:`ansum.backends.catalog`
(``ansum models list|pull``).  Imports neither torch nor
transformers; ``huggingface_hub`` is imported inside the functions that need it.

Every environment variable is read at call time (the hub library reads its own once,
at import), so tests can point ``HF_HOME`` at a temp folder per test.
"""

from __future__ import annotations

import json
import os
import struct
import threading
import urllib.error
import urllib.request
from pathlib import Path

from ansum.config import ModelSpec
from ansum.errors import ModelUnavailableError

#: Files a pull fetches: safetensors weights, configs and tokenizer files; never pickles.
ALLOW_PATTERNS = [
    "*.safetensors", "*.safetensors.index.json", "config.json", "generation_config.json",
    "tokenizer*.json", "special_tokens_map.json", "added_tokens.json", "vocab.json",
    "target_vocab.json", "merges.txt", "*.model", "*.spm", "sentencepiece*", "spiece*",
]
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl")
HUB_PROBE_TIMEOUT_S = 2.0
_TRUE = ("1", "on", "yes", "true")


def hf_cache_dir() -> Path:
    """The hub cache folder, from ``HF_HUB_CACHE``/``HF_HOME``/``XDG_CACHE_HOME`` now."""
    env = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if env:
        return Path(env).expanduser()
    home = os.environ.get("HF_HOME")
    if not home:
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "huggingface"
    return Path(home).expanduser() / "hub"


def hub_endpoint() -> str:
    """The hub address (``HF_ENDPOINT`` or https://huggingface.co)."""
    return (os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")


def is_offline(offline: bool = False) -> bool:
    """True when ``offline`` or ``HF_HUB_OFFLINE``/``TRANSFORMERS_OFFLINE`` is set to 1."""
    return offline or bool(offline_variables())


def offline_variables() -> list[str]:
    """The environment variables that put the hub offline now ("HF_HUB_OFFLINE=1", …)."""
    return [f"{v}={os.environ[v].strip()}" for v in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
            if os.environ.get(v, "").strip().lower() in _TRUE]


def offline_reason(offline: bool = False) -> str:
    """Why the hub is not used, for messages: "HF_HUB_OFFLINE=1 is set", "--offline", or
    "" when online."""
    names = offline_variables()
    if names:
        return f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} set"
    return "--offline" if offline else ""


def hub_reachable(timeout_s: float = HUB_PROBE_TIMEOUT_S) -> bool:
    """Return True if the hub answers an HTTP HEAD within ``timeout_s`` seconds.

    Any HTTP status counts as reachable; only a connection failure or the timeout does
    not.  Runs in a daemon thread so slow DNS cannot stretch the wait past the timeout.
    This avoids the ~46 s of retries a bare ``from_pretrained`` spends without network.
    """
    result: list[bool] = []

    def probe() -> None:
        try:
            request = urllib.request.Request(hub_endpoint(), method="HEAD")
            with urllib.request.urlopen(request, timeout=timeout_s):
                result.append(True)
        except urllib.error.HTTPError:
            result.append(True)
        except (OSError, ValueError):
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout_s + 0.2)
    return bool(result and result[0])


def check_model_folder(folder: Path) -> list[Path]:
    """Check a model folder before loading; return its ``*.safetensors`` files, sorted.

    Checks, without torch: the folder exists; ``config.json`` exists and is JSON; there is
    at least one ``*.safetensors`` file (pickle weights are refused: loading them can run
    code); each safetensors file is as long as its header says (the format is an 8-byte
    little-endian header length, a JSON header of tensor byte ranges, then the data).

    Raises:
        ModelUnavailableError: naming the folder or file and what is wrong.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelUnavailableError(f"model folder not found: {folder}",
                                    hint="check `repo` in models.toml")
    config = folder / "config.json"
    try:
        json.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelUnavailableError(f"{config} is missing",
                                    hint="the folder is not a transformers model") from None
    except (ValueError, OSError) as exc:
        raise ModelUnavailableError(f"{config} is corrupt: {exc}",
                                    hint="download or save the model again") from None
    weights = sorted(folder.glob("*.safetensors"))
    if not weights:
        pickles = sorted(p.name for p in folder.iterdir() if p.suffix in PICKLE_SUFFIXES)
        if pickles:
            raise ModelUnavailableError(
                f"{folder / pickles[0]}: pickle weights are not loaded; convert to safetensors",
                hint="save the model with save_pretrained(..., safe_serialization=True) or "
                     "point `revision` at a safetensors commit")
        raise ModelUnavailableError(f"no *.safetensors weights in {folder}",
                                    hint="download or save the model again")
    for path in weights:
        _check_safetensors(path)
    return weights


def _check_safetensors(path: Path) -> None:
    size = path.stat().st_size
    try:
        with open(path, "rb") as fh:
            (header_len,) = struct.unpack("<Q", fh.read(8))
            if header_len > size:
                raise ValueError("header longer than the file")
            header = json.loads(fh.read(header_len))
        end = max((t["data_offsets"][1] for k, t in header.items() if k != "__metadata__"),
                  default=0)
    except (struct.error, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ModelUnavailableError(f"{path} is not a valid safetensors file ({exc})",
                                    hint="download or save the model again") from None
    if 8 + header_len + end != size:
        raise ModelUnavailableError(
            f"{path} is truncated or corrupt ({size} bytes, header says {8 + header_len + end})",
            hint="download or save the model again")


#: Python modules each model backend needs at run time, and the extra that installs them.
BACKEND_PACKAGES: dict[str, tuple[tuple[str, ...], str]] = {
    "transformers": (("torch", "transformers", "huggingface_hub", "safetensors"), "hf"),
    "ctranslate2": (("ctranslate2", "tokenizers", "sentencepiece", "huggingface_hub"), "fast"),
}
#: What converting a checkpoint for CTranslate2 needs (``ansum models pull``, first use).
CONVERT_PACKAGES = ("ctranslate2", "torch", "transformers")
#: Modules transformers needs to build a family's tokenizer from the files the real
#: checkpoints ship (no tokenizer.json in mT5 XL-Sum, opus-mt, M2M-100, mBART-50): a
#: SentencePiece model (sentencepiece; protobuf to read it into a fast tokenizer) and,
#: for MarianTokenizer, sacremoses (transformers 5.24 ``tokenization_marian`` imports it).
TOKENIZER_PACKAGES: dict[str, tuple[str, ...]] = {
    "mt5": ("sentencepiece", "google.protobuf"),
    "mbart50": ("sentencepiece", "google.protobuf"),
    "m2m100": ("sentencepiece", "google.protobuf"),
    "nllb": ("sentencepiece", "google.protobuf"),
    "marian": ("sentencepiece", "google.protobuf", "sacremoses"),
}
_PIP_NAMES = {"google.protobuf": "protobuf"}


def backend_packages(spec: ModelSpec, *, convert: bool = False) -> tuple[tuple[str, ...], str]:
    """``(modules, extra)`` that running ``spec`` needs (``convert``: converting it for
    CTranslate2); ``((), "")`` for model-free backends."""
    if convert:
        return CONVERT_PACKAGES + TOKENIZER_PACKAGES.get(spec.family, ()), "hf"
    mods, extra = BACKEND_PACKAGES.get(spec.backend, ((), ""))
    if spec.backend == "transformers":
        mods = mods + TOKENIZER_PACKAGES.get(spec.family, ())
    return mods, extra


def _importable(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a missing parent package ("google")
        return False


def require_packages(spec: ModelSpec, packages: tuple[str, ...], extra: str, *,
                     fallback_hint: bool = True) -> None:
    """Check that the modules ``packages`` are importable (without importing them).

    ``fallback_hint``: also suggest ``--profile extractive`` in the hint.

    Raises:
        ModelUnavailableError: some are missing; the message names them by their pip
            names, the hint the pip extra.
    """
    missing = [_PIP_NAMES.get(p, p) for p in packages if not _importable(p)]
    if missing:
        hint = f"pip install 'ansum[{extra}]'"
        raise ModelUnavailableError(
            f"model {spec.name} needs the Python package(s) {', '.join(missing)}, "
            "which are not installed",
            hint=hint + (", or pass --profile extractive" if fallback_hint else ""))


def cached_snapshot(spec: ModelSpec) -> Path | None:
    """The spec's snapshot folder in the hub cache, or None; never touches the network."""
    from huggingface_hub import snapshot_download

    try:  # allow_patterns as in pull(): the hub's completeness check then ignores pickles
        return Path(snapshot_download(spec.repo, revision=spec.revision,
                                      cache_dir=hf_cache_dir(), local_files_only=True,
                                      allow_patterns=ALLOW_PATTERNS))
    except Exception:  # LocalEntryNotFoundError, IncompleteSnapshotError: not (fully) cached
        return None


#: How to bring models to a machine without network (README "Models without network").
OFFLINE_WAY = ("on a machine with network run `ansum models pull [PROFILE] --to DIR`, "
               "copy DIR here and run `ansum models import DIR`")


def unavailable(spec: ModelSpec, why: str, *, fallback_hint: bool = True) -> ModelUnavailableError:
    """The error for a model that cannot be had, with the hint that fixes it.

    The hint names ``ansum models pull`` and the way for a machine without network
    (:data:`OFFLINE_WAY`), and, with ``fallback_hint``, ``--profile extractive``.
    """
    hint = f"run `ansum models pull {spec.name}`, or {OFFLINE_WAY}"
    return ModelUnavailableError(f"model {spec.name} ({spec.repo}) {why}",
                                 hint=hint + ("; or pass --profile extractive"
                                              if fallback_hint else ""))


def not_cached_why(offline: bool = False) -> str:
    """"is not in the Hugging Face cache DIR", and why the hub is not asked when offline
    (the flag, or the variables set)."""
    reason = offline_reason(offline)
    why = f"is not in the Hugging Face cache {hf_cache_dir()}"
    if reason == "--offline":
        return f"{why}, and --offline was given"
    return f"{why}, and {reason} (offline mode)" if reason else why


def resolve_model_path(spec: ModelSpec, *, offline: bool = False) -> Path:
    """Return a checked local folder for ``spec``, downloading only when allowed.

    Order: a local folder is used as is; else the hub cache (no network); else, when
    offline (flag or env), fail at once; else probe the hub (about 2 s at most) and fail
    if it does not answer; only then download (progress bars on stderr).

    Raises:
        ModelUnavailableError: not cached and offline or unreachable, download failed, or
            the files are unusable (see :func:`check_model_folder`).
    """
    if spec.is_local:
        folder = Path(spec.repo)
    else:
        folder = cached_snapshot(spec)
        if folder is None:
            if is_offline(offline):
                raise unavailable(spec, not_cached_why(offline))
            if not hub_reachable():
                raise unavailable(spec, f"{not_cached_why()} and {hub_endpoint()} "
                                        "cannot be reached")
            folder = download(spec, progress=True)
    check_model_folder(folder)
    return folder


def download(spec: ModelSpec, *, progress: bool, cache_dir: Path | None = None) -> Path:
    """Download ``spec``'s files (:data:`ALLOW_PATTERNS`) into the hub cache (or the hub
    cache layout at ``cache_dir``); return the snapshot folder.

    Progress bars (huggingface_hub's tqdm) go to stderr when ``progress``.

    Raises:
        ModelUnavailableError: the download failed (the message names the error).
    """
    from huggingface_hub import snapshot_download

    kwargs = {}
    if not progress:
        from tqdm.auto import tqdm

        class _Quiet(tqdm):
            def __init__(self, *args, **kw):
                kw["disable"] = True
                super().__init__(*args, **kw)

        kwargs["tqdm_class"] = _Quiet
    try:
        return Path(snapshot_download(spec.repo, revision=spec.revision,
                                      cache_dir=cache_dir or hf_cache_dir(),
                                      endpoint=hub_endpoint(),
                                      allow_patterns=ALLOW_PATTERNS, **kwargs))
    except Exception as exc:  # hub errors, HTTP and network errors of several libraries
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise unavailable(spec, f"could not be downloaded: {type(exc).__name__}: "
                                 f"{first[:200]}") from exc
