"""models.toml → model specs and profiles; one resolver for which models a run uses.

Layers, later ones overriding earlier ones key by key (a later file only needs the keys
it changes; a model's ``generation`` table merges key by key too):

1. the shipped ``ansum/models.toml``;
2. the user file ``platformdirs.user_config_dir("ansum")/models.toml``, when it exists;
3. the file named by ``$ANSUM_MODELS``;
4. the file passed as ``--models`` (``models_file``).

So precedence is flag > environment > user file > shipped.  The schema is documented in
the comments of the shipped file.  This module never imports torch or transformers.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ansum.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

TASKS = ("summarize", "translate")
BACKENDS = ("transformers", "ctranslate2", "extractive", "fake")
FAMILIES = ("mt5", "mbart50", "marian", "m2m100", "nllb", "extractive")

#: Default (src_lang, tgt_lang) per family: FLORES-200 codes for NLLB, ISO 639-1 for
#: M2M100, mBART-50's own codes; Marian and mT5 need none (model cards of each family).
FAMILY_LANGS = {
    "nllb": ("arb_Arab", "eng_Latn"),
    "m2m100": ("ar", "en"),
    "mbart50": ("ar_AR", "en_XX"),
}

_TOP_KEYS = ("settings", "profiles", "models")
_SETTINGS_KEYS = {"default_profile": str}
_PROFILE_KEYS = {"summarizer": str, "translator": str}
_MODEL_KEYS = {
    "task": str, "backend": str, "repo": str, "revision": str, "family": str, "license": str,
    "max_input_tokens": int, "src_lang": str, "tgt_lang": str, "generation": dict,
    "compute_type": str, "download_bytes": int, "use_vmap": bool,
    "max_batch_size": int, "max_batch_tokens": int,
}
_GEN_KEYS = {
    "num_beams": int, "max_new_tokens": int, "min_new_tokens": int, "length_penalty": float,
    "no_repeat_ngram_size": int, "repetition_penalty": float,
}
_CHOICES = {"task": TASKS, "backend": BACKENDS, "family": FAMILIES}
_HINT = "fix the file; the shipped models.toml documents every key"


@dataclass(frozen=True)
class Generation:
    """Generation settings; decoding is always deterministic beam search (no sampling).

    Attributes:
        num_beams: beam width (1 = greedy).
        max_new_tokens / min_new_tokens: output length bounds in model tokens.
        length_penalty: exponent on length in beam scores (>1 favours longer output).
        no_repeat_ngram_size: forbid repeating n-grams of this size (0 = off).
        repetition_penalty: CTRL-style penalty on already generated tokens (1.0 = off).
    """

    num_beams: int = 4
    max_new_tokens: int = 128
    min_new_tokens: int = 0
    length_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0


@dataclass(frozen=True)
class ModelSpec:
    """One ``[models.NAME]`` entry after merging and validation.

    ``repo`` is a hub id ("org/name") or an absolute local folder path (relative paths
    in a file are resolved against that file's folder); see :attr:`is_local`.
    ``src_lang``/``tgt_lang`` are "" for families that need no codes.  ``source_file``
    is the last file that set a key of this entry.
    """

    name: str
    task: str
    backend: str
    repo: str
    revision: str
    family: str
    license: str
    max_input_tokens: int
    generation: Generation
    src_lang: str
    tgt_lang: str
    source_file: Path
    #: CTranslate2 weight type ("int8", "int8_float16", "float16", "float32"…); "" picks
    #: int8 on CPU and int8_float16 on CUDA.  Ignored by other backends.
    compute_type: str = ""
    #: Bytes a pull fetches (the files of ``store.ALLOW_PATTERNS``, sizes from the hub's
    #: file pages); 0 when unknown.  Shown by ``ansum models list``.
    download_bytes: int = 0
    #: CTranslate2 only: restrict the output layer to the candidates of ``vmap.txt`` in the
    #: converted model folder (``translate_batch(use_vmap=True)``); off by default, see
    #: benchmarks/vmap.py for building the map and checking its effect.
    use_vmap: bool = False
    #: Inputs per model batch (a CTranslate2 ``max_batch_size`` / one ``generate()`` call);
    #: 0 = the backend's default (CTranslate2: 8 summary chunks, 16 translation segments).
    #: Bounds memory: CTranslate2 keeps every beam's encoder keys/values in float32.
    max_batch_size: int = 0
    #: CTranslate2 only: input tokens per model batch instead of a count of inputs
    #: (``translate_batch(batch_type="tokens")``); 0 = the backend's default (summaries:
    #: 3,072 tokens, ~6 full 512-token chunks or more short ones; translation: counted in
    #: segments).  Set, it wins over ``max_batch_size``.
    max_batch_tokens: int = 0

    @property
    def is_local(self) -> bool:
        """True when ``repo`` is a local folder path rather than a hub id."""
        return Path(self.repo).is_absolute()

    @property
    def needs_model(self) -> bool:
        """False for model-free backends ("extractive", "fake")."""
        return self.backend not in ("extractive", "fake")


@dataclass(frozen=True)
class Profile:
    """A named pair of models; ``translator`` None means no translation."""

    name: str
    summarizer: str
    translator: str | None
    source_file: Path


@dataclass(frozen=True)
class ModelsConfig:
    """The merged configuration: models and profiles by name, and the files read in order."""

    models: dict[str, ModelSpec]
    profiles: dict[str, Profile]
    default_profile: str
    files: tuple[Path, ...] = field(default=())


def shipped_models_file() -> Path:
    """Path of the models.toml shipped inside the package."""
    return Path(__file__).resolve().parent / "models.toml"


def user_models_file() -> Path:
    """Path of the user's models.toml (it may not exist)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("ansum")) / "models.toml"


def config_files(models_file: Path | None = None) -> list[Path]:
    """Return the files :func:`load_config` reads, lowest precedence first.

    Raises:
        ConfigError: ``models_file`` or ``$ANSUM_MODELS`` names a file that does not exist.
    """
    files = [shipped_models_file()]
    user = user_models_file()
    if user.is_file():
        files.append(user)
    for origin, value in (("$ANSUM_MODELS", os.environ.get("ANSUM_MODELS")),
                          ("--models", models_file)):
        if value:
            path = Path(value).expanduser()
            if path.is_dir():
                raise ConfigError(f"models file {path} (from {origin}) is a directory",
                                  hint="pass the path of a models.toml file")
            if not path.is_file():
                raise ConfigError(f"models file {_not_a_file(path)}: {path} (from {origin})",
                                  hint="pass an existing models.toml")
            files.append(path)
    return files


def _not_a_file(path: Path) -> str:
    """Why ``path`` is no regular file: "not found", "is a symlink loop", "is a FIFO" …"""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return "is a symlink loop" if exc.errno == errno.ELOOP else "not found"
    return "is a FIFO" if stat.S_ISFIFO(mode) else "is a device or socket, not a file"


def load_config(models_file: Path | None = None) -> ModelsConfig:
    """Read and merge every layer (see module docstring) into a validated config.

    Raises:
        ConfigError: a file is missing or unreadable, has a TOML syntax error (the message
            names the file and line), an unknown key, an unknown task/backend/family, a
            value of the wrong type, or a profile naming an unknown model.  Each message
            is one line naming the file and listing the valid choices.
    """
    settings: dict[str, Any] = {}
    settings_file: Path | None = None
    profiles: dict[str, dict[str, Any]] = {}
    models: dict[str, dict[str, Any]] = {}
    files = config_files(models_file)
    for path in files:
        data = _read(path)
        _check_keys(path, "top level", data, _TOP_KEYS)
        new = _checked_table(path, "settings", data.get("settings", {}), _SETTINGS_KEYS)
        if new:
            settings.update(new)
            settings_file = path
        for name, raw in _table(path, "profiles", data.get("profiles", {})).items():
            entry = profiles.setdefault(name, {})
            entry.update(_checked_table(path, f"profiles.{name}", raw, _PROFILE_KEYS))
            entry["_file"] = path
        for name, raw in _table(path, "models", data.get("models", {})).items():
            _merge_model(path, name, raw, models.setdefault(name, {}))
    specs = {name: _build_spec(name, raw) for name, raw in models.items()}
    profs = {name: _build_profile(name, raw, specs) for name, raw in profiles.items()}
    default = settings.get("default_profile", "default")
    if default not in profs:
        where = settings_file or files[-1]
        raise ConfigError(f"{where}: settings.default_profile names unknown profile "
                          f"{default!r} (valid: {', '.join(sorted(profs))})", hint=_HINT)
    return ModelsConfig(models=specs, profiles=profs, default_profile=default,
                        files=tuple(files))


def resolve_models(
    config: ModelsConfig,
    profile: str | None = None,
    summarizer: str | None = None,
    translator: str | None = None,
) -> tuple[ModelSpec, ModelSpec | None]:
    """Pick the (summarizer, translator) specs for a run.

    Profile precedence: ``profile`` (``--profile``) > ``$ANSUM_PROFILE`` >
    ``settings.default_profile``.  ``summarizer``/``translator`` (``--summarizer``,
    ``--translator``) replace one model of that profile; ``translator=""`` or "none" means
    no translation.

    Returns:
        (summarizer spec, translator spec or None).

    Raises:
        ConfigError: an unknown profile or model name (the message lists the valid ones),
            or a model whose task does not fit the role.
    """
    name = profile or os.environ.get("ANSUM_PROFILE") or config.default_profile
    if name not in config.profiles:
        raise ConfigError(f"unknown profile {name!r} (valid: {', '.join(sorted(config.profiles))})",
                          hint="pick one of the listed profiles or add it to models.toml")
    chosen = config.profiles[name]
    summ = _role(config, summarizer or chosen.summarizer, "summarize")
    trans_name = chosen.translator if translator is None else translator
    if trans_name is None or trans_name.lower() in ("", "none"):
        return summ, None
    return summ, _role(config, trans_name, "translate")


def _role(config: ModelsConfig, name: str, task: str) -> ModelSpec:
    valid = ", ".join(sorted(n for n, s in config.models.items() if s.task == task))
    spec = config.models.get(name)
    if spec is None:
        raise ConfigError(f"unknown {task} model {name!r} (valid: {valid})",
                          hint="pick one of the listed models or add it to models.toml")
    if spec.task != task:
        raise ConfigError(f"model {name!r} has task {spec.task!r}, not {task!r} "
                          f"(valid: {valid})", hint="pick one of the listed models")
    return spec


#: Largest models.toml read, in bytes (the shipped one is under 8 KB): a bigger file is
#: refused after reading at most this many bytes + 1 (``os.fstat`` first, so a huge
#: regular file is refused without reading it).
MAX_CONFIG_BYTES = 1024 * 1024


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(MAX_CONFIG_BYTES + 1) if size <= MAX_CONFIG_BYTES else b""
        if size > MAX_CONFIG_BYTES or len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES} bytes, the limit for a "
                              "models file", hint="give a models.toml of a few KB")
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML syntax error: {exc}", hint=_HINT) from exc
    except UnicodeDecodeError as exc:  # tomllib decodes the bytes as UTF-8
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})",
                          hint="a models.toml must be UTF-8 encoded TOML") from exc
    except OSError as exc:
        raise ConfigError(f"cannot read models file {path}: {exc.strerror}") from exc


def _table(path: Path, where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {where} must be a table, not {type(value).__name__}",
                          hint=_HINT)
    return value


def _check_keys(path: Path, where: str, data: dict[str, Any], valid) -> None:
    for key in data:
        if key not in valid:
            raise ConfigError(f"{path}: {where}: unknown key {key!r} "
                              f"(valid keys: {', '.join(valid)})", hint=_HINT)


def _checked_table(path: Path, where: str, raw: Any, schema: dict[str, type]) -> dict[str, Any]:
    """Validate keys, types and choices of one table; return a shallow copy."""
    data = dict(_table(path, where, raw))
    _check_keys(path, where, data, schema)
    for key, value in data.items():
        want = schema[key]
        ok = isinstance(value, want) and (want is bool or not isinstance(value, bool))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            data[key], ok = float(value), True
        if not ok:
            raise ConfigError(f"{path}: {where}.{key} must be {want.__name__}, "
                              f"not {type(value).__name__} ({value!r})", hint=_HINT)
        if want is int and value < (0 if key in ("min_new_tokens", "no_repeat_ngram_size",
                                                   "max_batch_size", "max_batch_tokens")
                                    else 1):
            raise ConfigError(f"{path}: {where}.{key} is out of range: {value}", hint=_HINT)
        if key == "repetition_penalty" and value <= 0:
            raise ConfigError(f"{path}: {where}.{key} must be > 0: {value}", hint=_HINT)
        if key in _CHOICES and value not in _CHOICES[key]:
            raise ConfigError(f"{path}: {where}.{key}: unknown {key} {value!r} "
                              f"(valid: {', '.join(_CHOICES[key])})", hint=_HINT)
    return data


def _merge_model(path: Path, name: str, raw: Any, entry: dict[str, Any]) -> None:
    where = f"models.{name}"
    data = _checked_table(path, where, raw, _MODEL_KEYS)
    gen = _checked_table(path, f"{where}.generation", data.pop("generation", {}), _GEN_KEYS)
    if "repo" in data:
        data["repo"] = _resolve_repo(path, data["repo"])
    entry.update(data)
    entry.setdefault("generation", {}).update(gen)
    entry["_file"] = path


def _resolve_repo(path: Path, repo: str) -> str:
    """A repo starting with ".", "/", "~" (or a drive) is a folder relative to ``path``."""
    if repo.startswith((".", "/", "~", "\\")) or Path(repo).is_absolute():
        return str((path.parent / Path(repo).expanduser()).resolve())
    return repo


def _build_spec(name: str, raw: dict[str, Any]) -> ModelSpec:
    path = raw["_file"]
    for key in ("task", "backend", "family"):
        if key not in raw:
            raise ConfigError(f"{path}: models.{name}: missing key {key!r}", hint=_HINT)
    backend = raw["backend"]
    if backend not in ("extractive", "fake") and not raw.get("repo"):
        raise ConfigError(f"{path}: models.{name}: missing key 'repo'", hint=_HINT)
    src, tgt = FAMILY_LANGS.get(raw["family"], ("", ""))
    return ModelSpec(
        name=name, task=raw["task"], backend=backend, repo=raw.get("repo", ""),
        revision=raw.get("revision", "main"), family=raw["family"],
        license=raw.get("license", "not stated"),
        max_input_tokens=raw.get("max_input_tokens", 512),
        generation=Generation(**raw["generation"]),
        src_lang=raw.get("src_lang", src), tgt_lang=raw.get("tgt_lang", tgt), source_file=path,
        compute_type=raw.get("compute_type", ""),
        download_bytes=raw.get("download_bytes", 0),
        use_vmap=raw.get("use_vmap", False),
        max_batch_size=raw.get("max_batch_size", 0),
        max_batch_tokens=raw.get("max_batch_tokens", 0),
    )


def _build_profile(name: str, raw: dict[str, Any], specs: dict[str, ModelSpec]) -> Profile:
    path = raw["_file"]
    if "summarizer" not in raw:
        raise ConfigError(f"{path}: profiles.{name}: missing key 'summarizer'", hint=_HINT)
    translator = raw.get("translator") or None
    for role, task, model in (("summarizer", "summarize", raw["summarizer"]),
                              ("translator", "translate", translator)):
        if model is None:
            continue
        valid = sorted(n for n, s in specs.items() if s.task == task)
        if model not in specs or specs[model].task != task:
            raise ConfigError(f"{path}: profiles.{name}.{role} names unknown {task} model "
                              f"{model!r} (valid: {', '.join(valid)})", hint=_HINT)
    return Profile(name=name, summarizer=raw["summarizer"], translator=translator,
                   source_file=path)
