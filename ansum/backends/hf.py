"""transformers backend: seq2seq summarizer and translator over ``model.generate()``.

transformers 5.x removed the summarization/translation pipelines, so this module
tokenizes, calls ``AutoModelForSeq2SeqLM.generate()`` and decodes itself.  torch and
transformers are imported inside functions only.  Models load lazily, once per process
per (folder, revision, device, dtype) (:func:`load`), safetensors only, never
``trust_remote_code``.  Decoding is deterministic (beam search or greedy, no sampling).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ansum.backends.device import pick_torch_device
from ansum.backends.generation import LANG_FAMILIES, LoadCache, check_window, search_settings
from ansum.backends.store import resolve_model_path
from ansum.config import ModelSpec
from ansum.errors import BackendError, ModelUnavailableError


@dataclass(frozen=True)
class Loaded:
    """A loaded model: ``tokenizer``, ``model`` (eval mode), ``device`` ("cpu", "cuda", …),
    ``dtype`` (a torch dtype) and the local ``folder`` it came from."""

    tokenizer: Any
    model: Any
    device: str
    dtype: Any
    folder: Path


_CACHE = LoadCache()


def model_load_count() -> int:
    """How many times a model was actually read from disk in this process (for tests)."""
    return _CACHE.loads


def clear_cache() -> None:
    """Forget every loaded model (frees memory once no backend holds a reference)."""
    _CACHE.clear()


def load(spec: ModelSpec, *, device: str = "auto", offline: bool = False) -> Loaded:
    """Load (or reuse) the tokenizer and model of ``spec``.

    The folder comes from :func:`ansum.backends.store.resolve_model_path` (local folder, hub cache,
    or a download when online; checked for safetensors weights and a valid config first).

    Raises:
        ModelUnavailableError: files missing, not cached (offline/unreachable), pickle-only,
            truncated or corrupt, or a tokenizer without the spec's language codes.
        ConfigError: unknown or unavailable device.
    """
    dev, dtype = pick_torch_device(device, spec.family)
    folder = resolve_model_path(spec, offline=offline)
    key = (str(folder), spec.revision, dev, str(dtype))
    return _CACHE.get(key, lambda: _read(spec, folder, dev, dtype))


def _read(spec: ModelSpec, folder: Path, dev: str, dtype: Any) -> Loaded:
    """Read tokenizer and model from ``folder`` (see :func:`load` for the errors)."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    tok_kwargs = {}
    if spec.family in LANG_FAMILIES:
        tok_kwargs = {"src_lang": spec.src_lang, "tgt_lang": spec.tgt_lang}
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, trust_remote_code=False,
                                                  local_files_only=True, **tok_kwargs)
        with _quiet_untied_mt5_head(spec.family):
            model = AutoModelForSeq2SeqLM.from_pretrained(
                folder, use_safetensors=True, trust_remote_code=False, local_files_only=True,
                dtype=dtype)
    except ImportError as exc:
        raise ModelUnavailableError(f"model {spec.name} needs a missing package: {exc}",
                                    hint="pip install 'ansum[hf]'") from exc
    except Exception as exc:  # safetensors, OSError, ValueError from the loaders
        raise ModelUnavailableError(
            f"model {spec.name} in {folder} could not be loaded: {type(exc).__name__}: "
            f"{_first_line(exc)}", hint="download or save the model again") from exc
    model.to(dev).eval()
    # Every call passes max_new_tokens/min_new_tokens; a checkpoint's own max_length/
    # min_length (opus-mt has 512) would only make generate() log a clash warning.
    model.generation_config.max_length = None
    model.generation_config.min_length = None
    return Loaded(tokenizer=tokenizer, model=model, device=dev, dtype=dtype, folder=folder)


class _UntiedHeadFilter:
    """Drops transformers' warning that ``shared.weight`` and ``lm_head.weight`` differ.

    transformers 5.24's MT5Config forces ``tie_word_embeddings=True`` whatever config.json
    says (XL-Sum's says false), then finds both tensors in the checkpoint, keeps them
    untied (right: XL-Sum's head is its own; tests/test_replicas.py checks it) and logs a
    warning on every load telling the user to edit a config that already says false."""

    def filter(self, record) -> bool:
        msg = record.getMessage()
        return not ("but both are present in the checkpoints with different values" in msg
                    and "shared.weight" in msg and "lm_head.weight" in msg)


@contextmanager
def _quiet_untied_mt5_head(family: str) -> Iterator[None]:
    """For mT5 (``family``), :class:`_UntiedHeadFilter` on transformers.modeling_utils."""
    import logging

    if family != "mt5":
        yield
        return
    logger, flt = logging.getLogger("transformers.modeling_utils"), _UntiedHeadFilter()
    logger.addFilter(flt)
    try:
        yield
    finally:
        logger.removeFilter(flt)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""


class _HFSeq2Seq:
    """Shared part of :class:`HFSummarizer` and :class:`HFTranslator`.

    The constructor finds and checks the model files (no torch; raises
    ModelUnavailableError at once when they are missing, uncached offline, unreachable
    or unusable); the model itself loads on the first call (or :meth:`preload`).
    """

    def __init__(self, spec: ModelSpec, *, device: str = "auto", offline: bool = False,
                 batch_size: int = 16) -> None:
        self.folder = resolve_model_path(spec, offline=offline)
        self.spec = spec
        self.name = f"transformers:{spec.repo}"
        self._device = device
        self._offline = offline
        self._batch_size = spec.max_batch_size or batch_size
        self._loaded: Loaded | None = None
        self._forced_bos: int | None = None
        self._drop_ids: frozenset[int] = frozenset()

    def _load(self) -> Loaded:
        if self._loaded is None:
            loaded = load(self.spec, device=self._device, offline=self._offline)
            self._forced_bos = _forced_bos_id(self.spec, loaded.tokenizer)
            # M2M100's slow tokenizer may not mark its __xx__ language tokens special, so
            # skip_special_tokens would leave "__en__" in the text: drop them by id.
            self._drop_ids = frozenset(getattr(loaded.tokenizer, "id_to_lang_token", {}))
            self._loaded = loaded
        return self._loaded

    def preload(self):
        """Load the model now instead of on the first call; return self.

        Raises:
            ModelUnavailableError: the files cannot be loaded.
            ConfigError: unknown or unavailable device.
        """
        self._load()
        return self

    @property
    def max_input_tokens(self) -> int:
        """The input window in model tokens, from the spec (``max_input_tokens``)."""
        return self.spec.max_input_tokens

    def count_tokens(self, text: str) -> int:
        """Model input tokens of ``text``, special tokens (language code, ``</s>``) included.

        Loads the model on first use.
        """
        tok = self._tokenizer()
        return len(tok(text, add_special_tokens=True)["input_ids"])

    def _tokenizer(self):
        tok = self._load().tokenizer
        if self.spec.family in LANG_FAMILIES and getattr(tok, "src_lang", None) != \
                self.spec.src_lang:
            tok.src_lang = self.spec.src_lang  # a shared tokenizer set by another spec
        return tok

    def _generate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        if not texts:
            return []
        out: list[str] = []
        for start in range(0, len(texts), self._batch_size):
            out.extend(self._generate_batch(texts[start:start + self._batch_size], safe))
        return out

    def _generate_batch(self, texts: list[str], safe: bool) -> list[str]:
        import torch

        loaded = self._load()
        tok = self._tokenizer()
        enc = tok(list(texts), return_tensors="pt", padding=True, truncation=False)
        check_window(enc["attention_mask"].sum(dim=1).tolist(), self.max_input_tokens,
                     self.spec.name)
        kwargs = self._generation_kwargs(safe)
        try:
            with torch.inference_mode():
                ids = loaded.model.generate(**enc.to(loaded.device), **kwargs)
        except Exception as exc:
            raise BackendError(f"{self.spec.name}: generation failed: "
                               f"{type(exc).__name__}: {_first_line(exc)}") from exc
        rows = [[t for t in row if t not in self._drop_ids] for row in ids.tolist()]
        decoded = tok.batch_decode(rows, skip_special_tokens=True,
                                   clean_up_tokenization_spaces=False)
        return [" ".join(text.split()) for text in decoded]

    def _generation_kwargs(self, safe: bool) -> dict[str, Any]:
        gen = self.spec.generation
        beams, no_repeat, penalty = search_settings(gen, safe)
        kwargs: dict[str, Any] = {
            "do_sample": False, "num_beams": beams, "max_new_tokens": gen.max_new_tokens,
            "min_new_tokens": gen.min_new_tokens, "no_repeat_ngram_size": no_repeat,
            "repetition_penalty": penalty,
            # Log-probabilities renormalized after the n-gram ban / repetition penalty, as
            # CTranslate2 bans before its softmax: beam search with no_repeat_ngram_size
            # (XL-Sum's 2) then gives the same tokens on both backends (tests/test_replicas)
            "renormalize_logits": True,
        }
        if beams > 1:  # early stopping as the checkpoint's generation_config says (XL-Sum:
            kwargs.update(length_penalty=gen.length_penalty)  # none, so transformers' False)
        if self._forced_bos is not None:
            kwargs["forced_bos_token_id"] = self._forced_bos
        return kwargs


def _forced_bos_id(spec: ModelSpec, tokenizer) -> int | None:
    """Target-language token id forced as the first output token, or None (Marian, mT5).

    Raises:
        ModelUnavailableError: the tokenizer has no such language code.
    """
    if spec.task != "translate" or spec.family not in LANG_FAMILIES:
        return None
    code = spec.tgt_lang
    if spec.family == "m2m100":
        try:
            token_id = tokenizer.get_lang_id(code)
        except (KeyError, AttributeError):
            token_id = None
    else:
        token_id = tokenizer.convert_tokens_to_ids(code)
    if token_id is None or token_id == tokenizer.unk_token_id:
        raise ModelUnavailableError(
            f"tokenizer of model {spec.name} has no language code {code!r}",
            hint=f"set tgt_lang in models.toml to a code the {spec.family} tokenizer knows")
    return token_id


class HFSummarizer(_HFSeq2Seq):
    """Abstractive summarizer over a transformers seq2seq model (e.g. mT5 XL-Sum).

    Args:
        spec: a model spec with task "summarize".
        device: "auto", "cpu", "cuda", "cuda:N" or "mps"
            (see :func:`ansum.backends.device.pick_torch_device`).
            Unknown or unavailable devices raise ConfigError on first use.
        offline: never touch the network (also when ``HF_HUB_OFFLINE=1``).
        batch_size: texts per ``generate()`` call.
    """

    def summarize(self, texts: list[str]) -> list[str]:
        """Summarize each text; return a list as long as ``texts``, in the same order.

        Raises:
            BackendError: an input exceeds ``max_input_tokens`` (never truncated
                silently; callers chunk first) or generation failed.
            ModelUnavailableError: on first use, when the model cannot be loaded.
        """
        return self._generate(texts)


class HFTranslator(_HFSeq2Seq):
    """Arabic→English translator over a transformers seq2seq model.

    Language codes come from the spec: NLLB and M2M100 set ``tokenizer.src_lang`` and
    force the target code as the first token (``forced_bos_token_id``); mBART-50 the
    same with ar_AR→en_XX; Marian and mT5 use none.  Arguments as :class:`HFSummarizer`.
    """

    def translate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        """Translate each text; return a list as long as ``texts``, in the same order.

        ``safe=True`` uses at least 4 beams, no_repeat_ngram_size 3 and repetition
        penalty 1.2 (for retries after a guard flagged the first output).

        Raises:
            BackendError: an input exceeds ``max_input_tokens`` or generation failed.
            ModelUnavailableError: on first use, when the model cannot be loaded.
        """
        return self._generate(texts, safe=safe)


def create_summarizer(spec: ModelSpec, **opts) -> HFSummarizer:
    """Registry factory: an :class:`HFSummarizer`; files checked now, model loaded on use.

    Raises:
        ModelUnavailableError: the model files cannot be had (see the class docstring).
    """
    return HFSummarizer(spec, **opts)


def create_translator(spec: ModelSpec, **opts) -> HFTranslator:
    """Registry factory: an :class:`HFTranslator`; files checked now, model loaded on use.

    Raises:
        ModelUnavailableError: the model files cannot be had (see the class docstring).
    """
    return HFTranslator(spec, **opts)
