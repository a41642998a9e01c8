"""CTranslate2 backend: int8 seq2seq summarizer and translator without torch at run time.

The transformers checkpoint is converted once into ansum's cache
(:mod:`ansum.backends.ct2_convert`; first use converts when needed, with a progress
message through ``progress`` and logging).  After that a run imports ``ctranslate2``,
``tokenizers`` / ``sentencepiece`` (:mod:`ansum.backends.tokenize`) and nothing of torch
or transformers.  Generation settings, language codes and the safe-mode retry match
:mod:`ansum.backends.hf`.  Parity, measured on the tiny models of all five families
(``tests/test_ct2.py``): float32 greedy and 4-beam outputs equal transformers' token for
token, and so are 4-beam outputs with ``no_repeat_ngram_size`` (XL-Sum's 2) on the
replica checkpoints (``tests/test_replicas.py``), because :mod:`ansum.backends.hf`
renormalizes log-probabilities after the n-gram ban (``renormalize_logits``) as
CTranslate2 bans before its softmax.  With ``repetition_penalty`` ≠ 1 in beam search (the
safe retry) they may differ: transformers applies it to log-probabilities in beam search
(generation/utils.py, 5.24), CTranslate2 to logits.

Compute type (weights quantization): ``compute_type`` argument, else the spec's
``compute_type`` (when models.toml has one), else "int8" on CPU and "int8_float16" on
CUDA.  int8 is about 4× faster than transformers fp32 on CPU with the real Marian and
mT5-base architectures (../shared/notes/models-facts.md).

Threads: ``intra_threads`` (OpenMP threads of one batch) = the cores this process may run
on (``len(os.sched_getaffinity(0))``), or ``$ANSUM_CT2_THREADS`` when set;
``inter_threads`` (batches run in parallel) = 1, since ansum sends one batch at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ansum.backends import ct2_convert
from ansum.backends.device import pick_compute_type, pick_ct2_device, thread_counts
from ansum.backends.generation import LoadCache, check_window, search_settings
from ansum.backends.store import resolve_model_path
from ansum.backends.tokenize import SeqTokenizer, load_tokenizer, read_vocabulary
from ansum.config import ModelSpec
from ansum.errors import BackendError, ModelUnavailableError


@dataclass(frozen=True)
class Loaded:
    """A loaded model: ``translator`` (``ctranslate2.Translator``), its ``folder``,
    ``device``, ``compute_type``, ``marker`` (conversion provenance), the
    ``source_tokens`` and ``target_tokens`` of its vocabularies (token strings by id)
    and ``target_ids`` (token string → id)."""

    translator: Any
    folder: Path
    device: str
    compute_type: str
    marker: dict
    source_tokens: list[str]
    target_tokens: list[str]
    target_ids: dict[str, int]


#: Input tokens per CTranslate2 summary batch unless models.toml sets ``max_batch_tokens``
#: or ``max_batch_size``: mT5-base keeps every beam's encoder keys/values in float32, ~90 MB
#: per 500-token chunk at 4 beams (measured: one summarize call on 1/4/8 such chunks peaks
#: at 794/1,095/1,427 MB), so memory follows the tokens of a batch, not its count of chunks.
#: A budget in tokens (CTranslate2 sorts by length and fills each batch up to it) packs
#: more short chunks per batch at the same peak.  32 day articles, windows of 16, same run:
#: 3,072 tokens → 1,421 MB peak in 162 s; 8 chunks per batch → 1,492 MB in 157 s
#: (benchmarks/throughput.py, 2026-12-02); see README "Throughput" for the ratio.
SUMMARY_BATCH_TOKENS = 3072



def batch_limit(spec: ModelSpec, batch_size: int = 16) -> tuple[int, str]:
    """(``max_batch_size``, ``batch_type``) for CTranslate2's ``translate_batch``.

    models.toml ``max_batch_tokens`` → that many input tokens (at least the model's input
    window, so one full chunk always fits); else ``max_batch_size`` → that many inputs;
    else summaries get :data:`SUMMARY_BATCH_TOKENS` tokens and translation ``batch_size``
    segments.
    """
    tokens = spec.max_batch_tokens or (
        SUMMARY_BATCH_TOKENS if spec.task == "summarize" and not spec.max_batch_size else 0)
    if tokens:
        return max(tokens, spec.max_input_tokens), "tokens"
    return spec.max_batch_size or batch_size, "examples"


_CACHE = LoadCache()
_TOKENIZERS = LoadCache()


def model_load_count() -> int:
    """How many models were actually loaded from disk in this process (for tests)."""
    return _CACHE.loads


def clear_cache() -> None:
    """Forget every loaded model and tokenizer."""
    _CACHE.clear()
    _TOKENIZERS.clear()


def load(folder: Path, *, device: str, device_index: int, compute_type: str,
         vmap: bool = False) -> Loaded:
    """Load (or reuse) the converted model in ``folder``, once per process per
    (folder, device, index, compute type, threads, ``vmap``).  CTranslate2 reads
    ``vmap.txt`` when it loads a model, so a model meant for ``use_vmap`` is its own entry.

    Raises:
        ModelUnavailableError: the folder is not a usable CTranslate2 model.
    """
    intra, inter = thread_counts()
    key = (str(folder), device, device_index, compute_type, intra, inter, vmap)
    return _CACHE.get(key, lambda: _read(folder, device, device_index, compute_type,
                                         intra, inter))


def _read(folder: Path, device: str, device_index: int, compute_type: str, intra: int,
          inter: int) -> Loaded:
    """Load the converted model in ``folder`` (see :func:`load` for the errors)."""
    import ctranslate2

    try:
        translator = ctranslate2.Translator(str(folder), device=device, device_index=device_index,
                                            compute_type=compute_type, intra_threads=intra,
                                            inter_threads=inter)
        source = read_vocabulary(folder, "source") or []
        target = read_vocabulary(folder, "target") or []
        marker = ct2_convert.read_marker(folder)
    except Exception as exc:
        raise ModelUnavailableError(
            f"CTranslate2 model in {folder} could not be loaded: {type(exc).__name__}: "
            f"{str(exc).strip()[:300]}", hint=f"delete {folder} to convert it again") from exc
    target_ids: dict[str, int] = {}
    for i, token in enumerate(target):
        target_ids.setdefault(token, i)
    return Loaded(translator, Path(folder), device, compute_type, marker, source, target,
                  target_ids)


class _CT2Seq2Seq:
    """Shared part of :class:`CT2Summarizer` and :class:`CT2Translator`.

    The constructor resolves device and compute type and, unless the model is already
    converted, finds its checkpoint (ModelUnavailableError at once when missing); the
    conversion and the load happen on the first call (or :meth:`preload`).
    """

    def __init__(self, spec: ModelSpec, *, device: str = "auto", offline: bool = False,
                 batch_size: int = 16, compute_type: str | None = None,
                 progress: Callable[[str], None] | None = None) -> None:
        self.spec = spec
        self.name = f"ctranslate2:{spec.repo}"
        self._device, self._index = pick_ct2_device(device)
        self.compute_type = pick_compute_type(
            self._device, compute_type or spec.compute_type or None)
        self._offline = offline
        self._batch_size, self._batch_type = batch_limit(spec, batch_size)
        self._progress = progress
        self.folder = ct2_convert.converted_dir(spec, self.compute_type)
        if not ct2_convert.is_converted(self.folder):

            resolve_model_path(spec, offline=offline)  # fail fast when missing
        self._loaded: Loaded | None = None
        self._tok: SeqTokenizer | None = None

    def _convert(self) -> Path:
        return ct2_convert.ensure_converted(self.spec, self.compute_type, offline=self._offline,
                                            progress=self._progress)

    def _tokenizer(self) -> SeqTokenizer:
        if self._tok is None:
            folder = self._convert()
            spec = self.spec
            key = (str(folder), spec.family, spec.src_lang, spec.tgt_lang)
            self._tok = _TOKENIZERS.get(key, lambda: load_tokenizer(
                folder, spec.family, spec.src_lang, spec.tgt_lang))
        return self._tok

    def _load(self) -> Loaded:
        if self._loaded is None:
            folder = self._convert()
            tok = self._tokenizer()
            if self.spec.task == "translate":
                tok.target_prefix()  # raises now when the target code is unknown
            if self.spec.use_vmap and not (folder / "vmap.txt").is_file():
                raise ModelUnavailableError(
                    f"{self.spec.name}: use_vmap is set but {folder / 'vmap.txt'} does not "
                    "exist", hint="build it with `python benchmarks/vmap.py build --model "
                    f"{folder} --corpus FILE.jsonl`, or set use_vmap = false")
            self._loaded = load(folder, device=self._device, device_index=self._index,
                                compute_type=self.compute_type, vmap=self.spec.use_vmap)
        return self._loaded

    def preload(self):
        """Convert (when needed) and load the model now; return self.

        Raises:
            ModelUnavailableError: the model cannot be converted or loaded.
        """
        self._load()
        return self

    @property
    def max_input_tokens(self) -> int:
        """The input window in model tokens, from the spec (``max_input_tokens``)."""
        return self.spec.max_input_tokens

    def count_tokens(self, text: str) -> int:
        """Model input tokens of ``text``, special tokens (language code, ``</s>``)
        included; equal to the transformers tokenizer's count.  Converts on first use."""
        return self._tokenizer().count(text)

    def _options(self, safe: bool, forced_eos: bool, prefix: int) -> dict[str, Any]:
        """translate_batch() options equivalent to hf.py's generate() kwargs.

        transformers counts the forced language token as a new token and, with
        ``forced_eos_token_id``, ends with a forced ``</s>``; CTranslate2 counts the
        target prefix in ``max_decoding_length`` and returns no end token, so a forced
        ``</s>`` costs one position (../shared/notes/models-facts.md).
        """
        gen = self.spec.generation
        beams, no_repeat, penalty = search_settings(gen, safe)
        max_len = max(prefix + 1, gen.max_new_tokens - (1 if forced_eos else 0))
        return {"beam_size": beams, "max_decoding_length": max_len,
                "min_decoding_length": min(gen.min_new_tokens, max_len),
                "no_repeat_ngram_size": no_repeat, "repetition_penalty": penalty,
                "length_penalty": gen.length_penalty if beams > 1 else 1.0,
                "max_input_length": 0, "max_batch_size": self._batch_size,
                "batch_type": self._batch_type,
                **({"use_vmap": True} if self.spec.use_vmap else {})}

    def generate_ids(self, texts: list[str], *, safe: bool = False) -> list[list[int]]:
        """Generate for each text; return the output token ids, one list per text, in
        order, without the forced language token and the end token (the ids
        transformers' generate() returns between those).

        Raises:
            BackendError: an input exceeds ``max_input_tokens`` or generation failed.
            ModelUnavailableError: conversion or loading failed.
        """
        if not texts:
            return []
        loaded = self._load()
        tok = self._tokenizer()
        batch = [tok.ids(t) for t in texts]
        check_window([len(ids) for ids in batch], self.max_input_tokens, self.spec.name)
        prefix = tok.target_prefix() if self.spec.task == "translate" else []
        src_vocab, tgt_vocab = loaded.source_tokens, loaded.target_tokens
        sources = [[src_vocab[i] if i < len(src_vocab) else tok.unk for i in ids]
                   for ids in batch]
        target_prefix = [[tgt_vocab[i] for i in prefix]] * len(texts) if prefix else None
        opts = self._options(safe, bool(loaded.marker.get("forced_eos")), len(prefix))
        try:
            results = loaded.translator.translate_batch(sources, target_prefix, **opts)
        except Exception as exc:
            raise BackendError(f"{self.spec.name}: generation failed: {type(exc).__name__}: "
                               f"{str(exc).strip()[:300]}") from exc
        if len(results) != len(texts):
            raise BackendError(f"{self.spec.name} returned {len(results)} outputs for "
                               f"{len(texts)} inputs")
        out = []
        for result in results:
            ids = [loaded.target_ids[t] for t in result.hypotheses[0] if t in loaded.target_ids]
            out.append(ids[len(prefix):] if prefix and ids[:len(prefix)] == prefix else ids)
        return out

    def _generate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        tok = self._tokenizer() if texts else None
        return [" ".join(tok.decode(ids).split()) for ids in self.generate_ids(texts, safe=safe)]


class CT2Summarizer(_CT2Seq2Seq):
    """Abstractive summarizer over a CTranslate2-converted seq2seq model (e.g. mT5 XL-Sum).

    Args:
        spec: a model spec with task "summarize".
        device: "auto", "cpu", "cuda" or "cuda:N"
            (see :func:`ansum.backends.device.pick_ct2_device`).
        offline: never touch the network (also when ``HF_HUB_OFFLINE=1``).
        batch_size: texts per CTranslate2 batch (sorted by length inside a call).
        compute_type: override of the compute type (see the module docstring).
        progress: called with one-line conversion messages.

    Raises:
        ConfigError: unknown/unavailable device or compute type.
        ModelUnavailableError: not converted and the checkpoint cannot be had.
    """

    def summarize(self, texts: list[str]) -> list[str]:
        """Summarize each text; return a list as long as ``texts``, in the same order.

        Raises:
            BackendError: an input exceeds ``max_input_tokens`` or generation failed.
            ModelUnavailableError: on first use, when conversion or loading fails.
        """
        return self._generate(texts)


class CT2Translator(_CT2Seq2Seq):
    """Arabic→English translator over a CTranslate2-converted seq2seq model.

    NLLB, M2M-100 and mBART-50 read the source language token first and are forced to
    start with the target language token (``target_prefix``); Marian and mT5 use none.
    Arguments as :class:`CT2Summarizer`.
    """

    def translate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        """Translate each text; return a list as long as ``texts``, in the same order.

        ``safe=True`` uses at least 4 beams, no_repeat_ngram_size 3 and repetition
        penalty 1.2, as the transformers backend.

        Raises:
            BackendError: an input exceeds ``max_input_tokens`` or generation failed.
            ModelUnavailableError: on first use, when conversion or loading fails.
        """
        return self._generate(texts, safe=safe)


def create_summarizer(spec: ModelSpec, **opts) -> CT2Summarizer:
    """Registry factory: a :class:`CT2Summarizer` (converted and loaded on first use)."""
    return CT2Summarizer(spec, **opts)


def create_translator(spec: ModelSpec, **opts) -> CT2Translator:
    """Registry factory: a :class:`CT2Translator` (converted and loaded on first use)."""
    return CT2Translator(spec, **opts)
