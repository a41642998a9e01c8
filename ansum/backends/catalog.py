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
from ansum.backends.store import backend_packages, check_model_folder, require_packages
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
    #: The commit of the snapshot on disk (its folder name in the hub cache), or None.
    commit: str | None = None


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
    commit = folder.name if folder.parent.name == "snapshots" else None
    return ModelStatus(spec, profiles, needs_download=not spec.is_local, cached=True,
                       local_path=folder, size_bytes=_folder_size(folder), problem=problem,
                       commit=commit)


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
         device: str = "auto", on_message=None, to: Path | None = None) -> list[ModelStatus]:
    """Download the hub models among ``specs`` into the hub cache; return their statuses.

    Only safetensors weights, configs and tokenizer files are fetched (``ALLOW_PATTERNS``).
    Model-free specs are skipped (an empty list when nothing is left); local folders are
    not downloaded; checkpoints already complete in the cache are not fetched again (so
    a pull works offline once the files are there, e.g. after ``ansum models import``).
    Specs on the ``ctranslate2`` backend are then converted once into the ansum cache for
    ``device`` (:func:`ansum.backends.ct2_convert.ensure_converted`), so that later runs
    need neither torch nor the network.  With ``to``, the files go into a hub cache
    layout under ``to`` instead (for a machine without network: copy ``to`` there and
    run ``ansum models import``) and nothing is converted.  Progress bars
    (huggingface_hub's tqdm) go to stderr when ``progress``; ``on_message(str)``
    receives one-line progress messages (None: no messages).

    Raises:
        ModelUnavailableError: offline or hub unreachable while some are not cached (the
            message names every such model), download failed, the download holds no
            usable safetensors weights (e.g. a pickle-only revision), the conversion
            failed, or the packages for converting are missing.
        ConfigError: ``device`` or the spec's compute type is not usable here.
    """
    specs = [s for s in specs if s.needs_model]
    if to is None:
        for spec in specs:  # before any download: converting needs these
            if spec.backend == "ctranslate2":
                require_packages(spec, *backend_packages(spec, convert=True),
                                 fallback_hint=False)
    hub = [s for s in specs if not s.is_local]
    missing = hub if to is not None else [s for s in hub if store.cached_snapshot(s) is None]
    if missing:
        _check_can_download(missing, offline)
    out = []
    for spec in specs:
        if spec in missing:
            folder = store.download(spec, progress=progress, cache_dir=to)
            check_model_folder(folder)
            _say(on_message, f"{spec.name}: downloaded {spec.repo} into {folder}")
        if to is not None:  # local folders: copy them yourself
            out.append(_status_at(spec, folder) if spec in missing else model_status(spec))
            continue
        if spec.backend == "ctranslate2":
            dev, _ = pick_ct2_device(device)
            compute_type = pick_compute_type(dev, spec.compute_type or None)
            ensure_converted(spec, compute_type, offline=offline, progress=on_message)
        out.append(model_status(spec))
    return out


def _say(on_message, text: str) -> None:
    if on_message is not None:
        on_message(text)


def _status_at(spec: ModelSpec, folder: Path) -> ModelStatus:
    return ModelStatus(spec, (), needs_download=True, cached=True, local_path=folder,
                       size_bytes=_folder_size(folder), commit=folder.name)


def _check_can_download(missing: list[ModelSpec], offline: bool) -> None:
    """Raise one error naming every model of ``missing`` when the hub cannot be used."""
    names = ", ".join(f"{s.name} ({s.repo})" for s in missing)
    plural = "s" if len(missing) > 1 else ""
    reason = store.offline_reason(offline)
    if reason:
        why = f"offline: {reason}"
    elif not store.hub_reachable():
        why = f"{store.hub_endpoint()} cannot be reached"
    else:
        return
    raise ModelUnavailableError(
        f"cannot download model{plural} {names}: {why}; Hugging Face cache: "
        f"{store.hf_cache_dir()}",
        hint=f"connect to the network, or {store.OFFLINE_WAY}")
