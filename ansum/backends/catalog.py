"""The models of models.toml as a user sees them: status, listing, pulling.

:func:`list_models` and :func:`model_status` say what is on disk (never touching the
network); :func:`pull` downloads the hub checkpoints and converts them for CTranslate2.
The CLI (``ansum models list|pull``) renders what these return.  The files themselves
(cache, checks, resolution) are :mod:`ansum.backends.store`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ansum.backends import store
from ansum.backends.ct2_convert import converted_dir, ensure_converted, is_converted
from ansum.backends.device import COMPUTE_TYPES, pick_compute_type, pick_ct2_device
from ansum.backends.store import (
    CONVERT_PACKAGES,
    check_model_folder,
    require_packages,
)
from ansum.config import ModelsConfig, ModelSpec, resolve_models
from ansum.errors import ModelUnavailableError


@dataclass(frozen=True)
class ModelStatus:
    """What ``ansum models list`` shows for one model.

    Attributes:
        spec: the model's spec (name, repo, revision, family, license, …).
        profiles: names of the profiles that use it, sorted.
        needs_download: False for model-free backends and local folders.
        cached: True when its files are on disk (in the hub cache or the local folder).
        local_path: the snapshot or local folder, or None when not on disk.
        size_bytes: bytes on disk of that folder (0 when not on disk).
        problem: why the files on disk cannot be loaded (pickle only, truncated, …), or None.
    """

    spec: ModelSpec
    profiles: tuple[str, ...]
    needs_download: bool
    cached: bool
    local_path: Path | None
    size_bytes: int
    problem: str | None = None
    #: CTranslate2 compute types this model is converted to in the ansum cache (a
    #: converted model runs without the Hugging Face checkpoint); () for other backends.
    converted: tuple[str, ...] = ()


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def model_status(spec: ModelSpec, profiles: tuple[str, ...] = ()) -> ModelStatus:
    """Report whether ``spec``'s files are on disk, where, how big, and if usable.

    Never touches the network.  ``profiles`` is passed through to the result.
    """
    status = _checkpoint_status(spec, profiles)
    if spec.backend == "ctranslate2":
        done = tuple(ct for ct in COMPUTE_TYPES if is_converted(converted_dir(spec, ct)))
        status = replace(status, converted=done)
    return status


def _checkpoint_status(spec: ModelSpec, profiles: tuple[str, ...]) -> ModelStatus:
    if not spec.needs_model:
        return ModelStatus(spec, profiles, needs_download=False, cached=True, local_path=None,
                           size_bytes=0)
    folder = Path(spec.repo) if spec.is_local else store.cached_snapshot(spec)
    if folder is None or not folder.is_dir():
        return ModelStatus(spec, profiles, needs_download=not spec.is_local, cached=False,
                           local_path=None, size_bytes=0,
                           problem="folder not found" if spec.is_local else None)
    try:
        check_model_folder(folder)
        problem = None
    except ModelUnavailableError as exc:
        problem = exc.message
    return ModelStatus(spec, profiles, needs_download=not spec.is_local, cached=True,
                       local_path=folder, size_bytes=_folder_size(folder), problem=problem)


def list_models(config: ModelsConfig, profile: str | None = None) -> list[ModelStatus]:
    """Status of every model in ``config`` (or only those ``profile`` uses), file order.

    Each status names the profiles that use the model, so the CLI can show per profile
    what it needs, what is cached, sizes and licenses.

    Raises:
        ConfigError: ``profile`` is unknown.
    """
    users: dict[str, list[str]] = {}
    for prof in config.profiles.values():
        for model in (prof.summarizer, prof.translator):
            if model:
                users.setdefault(model, []).append(prof.name)
    names = list(config.models)
    if profile is not None:
        summ, trans = resolve_models(config, profile)
        names = [s.name for s in (summ, trans) if s is not None]
    return [model_status(config.models[n], tuple(sorted(users.get(n, ())))) for n in names]


def pull(specs: list[ModelSpec], *, progress: bool = True, offline: bool = False,
         device: str = "auto", on_message=None) -> list[ModelStatus]:
    """Download the hub models among ``specs`` into the hub cache; return their statuses.

    Only safetensors weights, configs and tokenizer files are fetched (``ALLOW_PATTERNS``).
    Model-free specs are skipped; local folders are not downloaded.  Specs on the
    ``ctranslate2`` backend are then converted once into the ansum cache for ``device``
    (:func:`ansum.backends.ct2_convert.ensure_converted`), so that later runs need
    neither torch nor the network.  Progress bars (huggingface_hub's tqdm) go to stderr
    when ``progress``; ``on_message(str)`` receives one-line progress messages of the
    conversion (None: no messages).

    Raises:
        ModelUnavailableError: offline, hub unreachable, download failed, the download
            holds no usable safetensors weights (e.g. a pickle-only revision), or the
            conversion failed.
        ConfigError: ``device`` or the spec's compute type is not usable here.
    """
    out = []
    for spec in specs:
        if spec.backend == "ctranslate2":  # before any download: converting needs these
            require_packages(spec, CONVERT_PACKAGES, "hf")
        if spec.needs_model and not spec.is_local:
            if store.is_offline(offline):
                raise store.unavailable(spec, "cannot be downloaded in offline mode")
            if not store.hub_reachable():
                raise store.unavailable(spec, f"cannot be downloaded: {store.hub_endpoint()} "
                                         "cannot be reached")
            check_model_folder(store.download(spec, progress=progress))
        if spec.backend == "ctranslate2":
            dev, _ = pick_ct2_device(device)
            compute_type = pick_compute_type(dev, spec.compute_type or None)
            ensure_converted(spec, compute_type, offline=offline, progress=on_message)
        out.append(model_status(spec))
    return out
