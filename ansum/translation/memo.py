"""Translate each distinct segment once: a memo keyed by translator and exact source text.

A day of news repeats sentences (agency copy reused by several sites, duplicates, a
lead that is also a key claim).  :func:`translate_memoized` sends only the segments the
memo does not hold to :func:`ansum.translation.translate.translate_segments` and stores
what comes back, so a run translates each distinct segment once.

The memo is a small protocol (:class:`TranslationMemo`, ``get_many``/``put_many``) so a
store that outlives the run can stand behind it: the brief cache (``ansum.brief``) may
implement it over SQLite, keyed by :func:`translator_key` and the source text, storing
:func:`result_record` dicts and reading them back with :func:`result_from_record`.
:class:`DictMemo` is the per-run one; :class:`ChainMemo` puts a per-run memo in front of
a persistent one.

Why a hit equals a fresh translation: a :class:`TranslationResult` depends only on its
segment, the translator (model, revision, generation settings, compute type) and
ansum's guard/retry code (:data:`MEMO_VERSION`), provided the backend's outputs do not
depend on which other inputs share a batch, which ``tests/test_batch_models.py``
checks for CTranslate2 and transformers on the tiny models.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from ansum.backends.base import Translator
from ansum.translation.translate import SAFE_SEGMENT_TOKENS, TranslationResult, translate_segments

#: Bump when the splitting, guards, retry or joining of
#: :func:`ansum.translation.translate.translate_segments` change what a segment gives:
#: it is part of :func:`translator_key`, so a persistent memo then misses instead of
#: returning results of the old code.
MEMO_VERSION = 1


@runtime_checkable
class TranslationMemo(Protocol):
    """Stored translations, keyed by ``(key, source)``.

    ``key`` is :func:`translator_key` of the translator that made the results;
    ``source`` is the exact segment string given to :func:`translate_memoized`
    (no normalization: a differing space is a different segment).
    """

    def get_many(self, key: str, sources: Sequence[str]) -> dict[str, TranslationResult]:
        """Return the stored results among ``sources`` (a dict source → result; sources
        not stored are absent)."""
        ...

    def put_many(self, key: str, results: Mapping[str, TranslationResult]) -> None:
        """Store ``results`` (source → result) under ``key``, replacing older ones."""
        ...


class DictMemo:
    """The per-run :class:`TranslationMemo`: a dict in memory.

    ``hits`` and ``misses`` count looked-up sources (for tests and benchmarks).
    """

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], TranslationResult] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get_many(self, key: str, sources: Sequence[str]) -> dict[str, TranslationResult]:
        """See :meth:`TranslationMemo.get_many`."""
        found = {s: self._items[(key, s)] for s in sources if (key, s) in self._items}
        self.hits += len(found)
        self.misses += len(sources) - len(found)
        return found

    def put_many(self, key: str, results: Mapping[str, TranslationResult]) -> None:
        """See :meth:`TranslationMemo.put_many`."""
        for source, result in results.items():
            self._items[(key, source)] = result


class ChainMemo:
    """``first`` (e.g. a :class:`DictMemo`) in front of ``second`` (e.g. a persistent
    cache): reads try ``first``, then ``second`` (copying its hits into ``first``);
    writes go to both."""

    def __init__(self, first: TranslationMemo, second: TranslationMemo) -> None:
        self.first, self.second = first, second

    def get_many(self, key: str, sources: Sequence[str]) -> dict[str, TranslationResult]:
        """See :meth:`TranslationMemo.get_many`."""
        found = self.first.get_many(key, sources)
        rest = [s for s in sources if s not in found]
        if rest:
            more = self.second.get_many(key, rest)
            if more:
                self.first.put_many(key, more)
                found.update(more)
        return found

    def put_many(self, key: str, results: Mapping[str, TranslationResult]) -> None:
        """See :meth:`TranslationMemo.put_many`."""
        self.first.put_many(key, results)
        self.second.put_many(key, results)


def translator_key(translator: Translator) -> str:
    """A stable string naming what determines a translator's results.

    ``name`` plus, when the backend has them, its model spec's repo, revision, family,
    language codes, window and generation settings and its CTranslate2 compute type,
    plus :data:`MEMO_VERSION` and :data:`SAFE_SEGMENT_TOKENS`: equal keys mean equal
    results for equal sources.  The form is ``"<name>#<16 hex digits>"``.
    """
    spec = getattr(translator, "spec", None)
    parts = {"name": translator.name, "memo": MEMO_VERSION, "segment": SAFE_SEGMENT_TOKENS,
             "compute": getattr(translator, "compute_type", None)}
    if spec is not None:
        gen = spec.generation
        parts["spec"] = [spec.repo, spec.revision, spec.family, spec.src_lang, spec.tgt_lang,
                         spec.max_input_tokens, repr(gen)]
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return f"{translator.name}#{digest[:16]}"


def translate_memoized(segments: Sequence[str], translator: Translator,
                       memo: TranslationMemo, *, key: str | None = None,
                       **options) -> list[TranslationResult]:
    """:func:`~ansum.translation.translate.translate_segments` with a memo.

    Args:
        segments: any strings, repeats allowed.
        translator: the backend (called only for segments the memo lacks, each once,
            in one :func:`translate_segments` call: length-sorted, token-budgeted batches).
        memo: where results are looked up and stored.
        key: :func:`translator_key` of ``translator`` (computed when None).
        options: passed to :func:`translate_segments` (``max_batch_tokens`` …).

    Returns:
        A list as long as ``segments``, in order, equal to what
        ``translate_segments(segments, translator)`` returns.

    Raises:
        BackendError: the translator failed (nothing is stored for that call).
    """
    key = key or translator_key(translator)
    unique = list(dict.fromkeys(segments))
    found = memo.get_many(key, unique) if unique else {}
    missing = [s for s in unique if s not in found]
    if missing:
        new = dict(zip(missing, translate_segments(missing, translator, **options),
                       strict=True))
        memo.put_many(key, new)
        found.update(new)
    return [found[s] for s in segments]


def result_record(result: TranslationResult) -> dict:
    """A JSON-able dict of ``result`` for a persistent memo (see :func:`result_from_record`)."""
    return {"source": result.source, "text": result.text, "flags": list(result.flags),
            "retried": result.retried, "pieces": result.pieces}


def result_from_record(record: Mapping) -> TranslationResult:
    """The :class:`TranslationResult` of a :func:`result_record` dict; its
    ``missing_figures`` are recomputed from ``source`` and ``text``
    (:func:`ansum.claims.figures.missing_figures`), as the translation step does."""
    from ansum.claims.figures import extract_figures, missing_figures

    source, text = record["source"], record["text"]
    missing = tuple(missing_figures(extract_figures(source), text)) if record["pieces"] else ()
    return TranslationResult(source, text, tuple(record["flags"]), bool(record["retried"]),
                             missing, int(record["pieces"]))

