"""Convert a transformers checkpoint to CTranslate2 once, into ansum's cache.

The converted model lives in
``platformdirs.user_cache_dir("ansum")/ct2/<safe id>-<revision>-<compute_type>``
(:func:`converted_dir`), next to the tokenizer files the torch-free run path needs
(:data:`ansum.backends.tokenize.TOKENIZER_FILES`, plus a ``tokenizer.json`` written from
the transformers tokenizer when the checkpoint has none) and ``ansum_ct2.json``, written
last, which marks the folder complete.  A conversion goes to a temporary folder in the
same cache directory and is renamed into place (atomic on one file system), so an
interrupted or concurrent conversion never leaves a half-written model in use.

torch and transformers are imported only inside :func:`convert_folder`; nothing else
here needs them.  Conversion of a real model takes about 1-2 minutes and twice the
model's size in memory; of a tiny test model about 0.1 s plus 5 s of imports.

Family fixes (measured here, see ../shared/notes/models-facts.md):

* mT5: ``tie_word_embeddings`` is set False on the loaded model before conversion:
  transformers 5.x forces it True for MT5 but does not rescale the decoder output, while
  CTranslate2 would scale it by ``d_model**-0.5`` (beam search would then differ).
* mBART-50 and M2M-100: the vocabulary is built by id (``convert_ids_to_tokens(i)`` for
  every id of the model) instead of ``get_vocab()``, which can miss ids (M2M-100's
  ``__xx__`` language tokens; ``<unk>`` of some mBART-50 vocabularies).  Ids without a
  token get unique fillers ``<ansum_unused_N>``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ansum.backends.generation import LANG_FAMILIES
from ansum.backends.store import backend_packages, require_packages, resolve_model_path
from ansum.backends.tokenize import TOKENIZER_FILES
from ansum.config import ModelSpec
from ansum.errors import ModelUnavailableError

log = logging.getLogger(__name__)

#: Name of the file that marks a finished conversion; holds its provenance.
MARKER = "ansum_ct2.json"
Progress = Callable[[str], None]
_CONVERSIONS = 0


def conversion_count() -> int:
    """How many conversions ran in this process (for tests)."""
    return _CONVERSIONS


def cache_root() -> Path:
    """``platformdirs.user_cache_dir("ansum")/ct2``, read from the environment now."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("ansum")) / "ct2"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "x"


def _local_signature(folder: Path) -> str:
    """12 hex digits from the folder's path and its weights' sizes and mtimes, so a
    changed local checkpoint gets a new conversion."""
    parts = [str(folder.resolve())]
    for path in sorted(folder.glob("*.safetensors")) + [folder / "config.json"]:
        if path.is_file():
            st = path.stat()
            parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def converted_dir(spec: ModelSpec, compute_type: str) -> Path:
    """Where ``spec`` converted to ``compute_type`` lives (it may not exist yet).

    Hub models: ``<org>--<name>-<revision>-<compute_type>``; local folders:
    ``<folder name>-<signature>-<revision>-<compute_type>`` (see
    :func:`_local_signature`).  Unsafe characters become "-".
    """
    if spec.is_local:
        ident = f"{Path(spec.repo).name}-{_local_signature(Path(spec.repo))}"
    else:
        ident = spec.repo.replace("/", "--")
    return cache_root() / f"{_safe(ident)}-{_safe(spec.revision)}-{compute_type}"


def is_converted(folder: Path) -> bool:
    """True when ``folder`` holds a finished conversion (model.bin and the marker)."""
    return (folder / "model.bin").is_file() and (folder / MARKER).is_file()


def read_marker(folder: Path) -> dict:
    """The provenance written by :func:`convert_folder` (family, source, forced_eos, …)."""
    return json.loads((folder / MARKER).read_text(encoding="utf-8"))


def _say(progress: Progress | None, message: str) -> None:
    log.info(message)
    if progress is not None:
        progress(message)


def _forced_eos(source: Path) -> bool:
    """True when the checkpoint forces ``</s>`` at the last step (``forced_eos_token_id``
    in generation_config.json, else config.json), as transformers' generate() does."""
    for name in ("generation_config.json", "config.json"):
        path = source / name
        if path.is_file():
            value = json.loads(path.read_text(encoding="utf-8")).get("forced_eos_token_id")
            if value is not None or name == "generation_config.json":
                return value is not None
    return False


class _IdVocabulary:
    """Wraps a transformers tokenizer; ``get_vocab()`` lists every model id in order."""

    def __init__(self, tokenizer, size: int) -> None:
        self._tokenizer = tokenizer
        self._size = size

    def __getattr__(self, name):
        return getattr(self._tokenizer, name)

    num_madeup_words = 0  # the fillers below already cover every id

    def get_vocab(self) -> dict[str, int]:
        vocab: dict[str, int] = {}
        for i in range(self._size):
            try:
                token = self._tokenizer.convert_ids_to_tokens(i)
            except (IndexError, KeyError, ValueError):
                token = None
            if not isinstance(token, str) or token in vocab or (
                    token == self._tokenizer.unk_token and i != self._tokenizer.unk_token_id):
                token = f"<ansum_unused_{i}>"
            vocab[token] = i
        return vocab


def convert_folder(source: Path, dest: Path, *, family: str, compute_type: str,
                   src_lang: str = "", tgt_lang: str = "",
                   progress: Progress | None = None, meta: dict | None = None) -> Path:
    """Convert the transformers checkpoint in ``source`` into ``dest``, atomically.

    Args:
        source: a checked transformers folder (config.json, safetensors, tokenizer).
        dest: the final folder; must not be a finished conversion already (it is then
            returned unchanged).
        family: models.toml family (selects the fixes in the module docstring).
        compute_type: quantization of the stored weights, one of :data:`COMPUTE_TYPES`.
        src_lang, tgt_lang: tokenizer language codes for NLLB/M2M-100/mBART-50.
        progress: called with one-line messages (also logged at INFO).
        meta: extra provenance stored in the marker file.

    Returns:
        ``dest``.

    Raises:
        ModelUnavailableError: torch/transformers missing, or the conversion failed.
    """
    global _CONVERSIONS
    source, dest = Path(source), Path(dest)
    if is_converted(dest):
        return dest
    try:
        import ctranslate2
        import transformers
        from ctranslate2.converters import TransformersConverter
    except ImportError as exc:
        raise ModelUnavailableError(
            f"converting {source} to CTranslate2 needs torch, transformers and ctranslate2: "
            f"{exc}", hint="pip install 'ansum[hf]' ctranslate2, or copy an already "
                           "converted model into the cache") from exc
    tok_kwargs = {"src_lang": src_lang, "tgt_lang": tgt_lang} if family in LANG_FAMILIES \
        and src_lang else {}
    vocab_size = json.loads((source / "config.json").read_text(encoding="utf-8")).get(
        "vocab_size", 0)
    state: dict = {}

    class _Converter(TransformersConverter):
        def load_model(self, model_class, path, **kwargs):
            kwargs.update(use_safetensors=True, local_files_only=True)
            model = super().load_model(model_class, path, **kwargs)
            if family == "mt5":
                model.config.tie_word_embeddings = False
            return model

        def load_tokenizer(self, tokenizer_class, path, **kwargs):
            tok = super().load_tokenizer(tokenizer_class, path, local_files_only=True,
                                         **kwargs, **tok_kwargs)
            state["tokenizer"] = tok
            return _IdVocabulary(tok, vocab_size) if family in ("mbart50", "m2m100") else tok

    _say(progress, f"converting {source.name} to CTranslate2 ({compute_type}); "
                   "this happens once per model")
    start = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{dest.name}-", dir=dest.parent))
    bars = transformers.utils.logging.is_progress_bar_enabled()
    transformers.utils.logging.disable_progress_bar()
    try:
        out = staging / "model"
        _Converter(str(source)).convert(str(out), quantization=compute_type)
        for name in TOKENIZER_FILES:
            if (source / name).is_file():
                shutil.copy2(source / name, out / name)
        backend = getattr(state.get("tokenizer"), "backend_tokenizer", None)
        if backend is not None and not (out / "tokenizer.json").is_file():
            backend.save(str(out / "tokenizer.json"))
        marker = dict(meta or {}, family=family, source=str(source), compute_type=compute_type,
                      forced_eos=_forced_eos(source), ctranslate2=ctranslate2.__version__,
                      transformers=transformers.__version__, converted_at=time.time())
        (out / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
        try:
            out.rename(dest)
        except OSError:
            if not is_converted(dest):  # not a concurrent conversion that won the race
                raise
    except ModelUnavailableError:
        raise
    except Exception as exc:
        raise ModelUnavailableError(
            f"CTranslate2 conversion of {source} failed: {type(exc).__name__}: "
            f"{str(exc).strip()[:300]}",
            hint="use backend = \"transformers\" for this model in models.toml") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if bars:
            transformers.utils.logging.enable_progress_bar()
    _CONVERSIONS += 1
    _say(progress, f"converted {source.name} in {time.perf_counter() - start:.1f} s "
                   f"into {dest}")
    return dest


def ensure_converted(spec: ModelSpec, compute_type: str, *, offline: bool = False,
                     progress: Progress | None = None) -> Path:
    """Return the converted folder of ``spec``, converting it first when needed.

    A finished conversion is used without touching the hub or importing torch.  Else
    the checkpoint is found (or downloaded when allowed) by
    :func:`ansum.backends.store.resolve_model_path` and converted by :func:`convert_folder`.
    ``ansum models pull`` should call this after downloading.

    Raises:
        ModelUnavailableError: the checkpoint cannot be had or converted, or a package
            converting it needs is missing (torch, transformers, and the family's
            tokenizer packages, :data:`ansum.backends.store.TOKENIZER_PACKAGES`: without
            protobuf, transformers 5.24 fails on mT5's spiece.model with a misleading
            "tiktoken is required" error).
    """
    dest = converted_dir(spec, compute_type)
    if is_converted(dest):
        return dest

    require_packages(spec, *backend_packages(spec, convert=True))
    source = resolve_model_path(spec, offline=offline)
    return convert_folder(source, dest, family=spec.family, compute_type=compute_type,
                          src_lang=spec.src_lang, tgt_lang=spec.tgt_lang, progress=progress,
                          meta={"model": spec.name, "repo": spec.repo,
                                "revision": spec.revision})
