"""Briefs for many articles at once: the neural stages run across a window of articles.

:func:`ansum.pipeline.build_brief` runs one article's stages in turn, so each model call
holds one article's one or two summary chunks or eight-odd translation segments, and
every decoding step reads all the model's weights for that small batch.
:func:`build_briefs` runs each step of :func:`~ansum.pipeline.build_brief` for a window
of articles before the next one:

1. text (:func:`~ansum.pipeline.start_draft`) for every article;
2. the chunks of every article in one summarize call, reduce rounds batched across
   articles too (:func:`ansum.summary.abstractive.summarize_many`); then each article's
   summary and claims (:func:`~ansum.pipeline.summary_step`) with those results;
3. the translation segments of every article (summary and claim sentences, speakers)
   in one :func:`~ansum.translation.translate.translate_segments` call: length-sorted
   batches under a token budget across articles, each distinct segment once per run
   (:func:`ansum.translation.memo.translate_memoized`); then each article's English
   (:func:`~ansum.pipeline.translation_step`) from those results.

The briefs are those of the per-article path, string for string, in the same order,
when the backend's output for an input does not depend on the other inputs of its
batch (``tests/test_batch_models.py`` checks CTranslate2 and transformers).  The
fallbacks run article by article in input order, so a model that fails is reported as
the per-article path reports it; the difference is that the failed call held the
whole window, so every article of the window whose output it held falls back.

Responsiveness: model calls run in a worker thread while the calling thread waits in
0.1 s steps, so Ctrl-C (KeyboardInterrupt) reaches the caller within about 0.1 s even
during a long CTranslate2 call (which does not return to Python until it is done); the
abandoned call finishes in the background and the next call on that model waits for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ansum.errors import AnsumError, BackendError, ConfigError, ModelUnavailableError
from ansum.pipeline import (
    _display_name,
    _naming,
    finish_brief,
    start_draft,
    summary_step,
    translation_requests,
    translation_step,
)
from ansum.runtime import BriefOptions, Runtime
from ansum.schema import Article, Brief
from ansum.translation.memo import DictMemo, TranslationMemo, translate_memoized, translator_key

#: Articles per window when ``--batch-articles`` is not given: measured with
#: ``benchmarks/speed.py --throughput`` (README "Throughput").
DEFAULT_BATCH_ARTICLES = 16
#: How often (seconds) the calling thread looks up from a model call for Ctrl-C.
POLL_S = 0.1

_CALL_LOCK = threading.Lock()  # one model call at a time, also after an interrupted one


def call_interruptibly(fn, *args, **kwargs):
    """Return ``fn(*args, **kwargs)``, run in a daemon thread while this thread waits in
    :data:`POLL_S` steps, so a KeyboardInterrupt here is raised at once.

    An exception of ``fn`` (KeyboardInterrupt included) is raised here.  After an
    interrupt ``fn`` runs on in the background; a later call waits for it to end.
    """
    box: dict = {}
    done = threading.Event()

    def work() -> None:
        try:
            with _CALL_LOCK:
                box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="ansum-model-call", daemon=True).start()
    while not done.wait(POLL_S):
        pass
    if "error" in box:
        raise box.pop("error")
    return box["value"]


class Interruptible:
    """A Summarizer/Translator proxy whose model calls go through
    :func:`call_interruptibly`; ``name``, ``spec``, ``count_tokens`` and
    ``max_input_tokens`` are the backend's."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.name = backend.name
        self.spec = getattr(backend, "spec", None)

    @property
    def max_input_tokens(self) -> int:
        return self.backend.max_input_tokens

    def count_tokens(self, text: str) -> int:
        return self.backend.count_tokens(text)

    def summarize(self, texts: list[str]) -> list[str]:
        return call_interruptibly(self.backend.summarize, texts)

    def translate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        return call_interruptibly(self.backend.translate, texts, safe=safe)


def _now() -> float:
    return time.perf_counter()


def _summaries(drafts: dict, runtime: Runtime) -> dict:
    """Abstractive results of every draft (index → result or error), one call per round;
    empty when there is no usable summarizer (the per-article step reports why)."""
    from ansum.summary.abstractive import summarize_many

    try:
        summarizer = runtime.summarizer()
    except (ModelUnavailableError, BackendError):
        return {}
    if summarizer is None or not drafts:
        return {}
    texts = [[s.text for s in d.sentences] for d in drafts.values()]
    return dict(zip(drafts, summarize_many(texts, Interruptible(summarizer)), strict=True))


def _replay(result):
    """An ``abstractive`` function for :func:`summary_step` that returns ``result``."""
    def abstractive(sentences, summarizer):
        if result is None:  # not computed here: compute as the per-article path does
            from ansum.summary.abstractive import summarize_abstractive

            return summarize_abstractive(sentences, summarizer)
        if isinstance(result, AnsumError):
            raise result
        return result
    return abstractive


class _Translations:
    """The window's translations, computed in one memoized call (:meth:`run`), and the
    ``translate`` function :func:`translation_step` gets (:meth:`lookup`)."""

    def __init__(self, runtime: Runtime, memo: TranslationMemo) -> None:
        self.runtime, self.memo = runtime, memo
        self.done: dict = {}
        self.failure: AnsumError | None = None

    def run(self, requests: list[str]) -> None:
        if not requests:
            return  # like the per-article path: no translator for nothing to translate
        try:
            translator = self.runtime.translator()
        except (ModelUnavailableError, BackendError):
            return  # remembered by the runtime; each article reports it
        if translator is None:
            return
        try:
            results = translate_memoized(requests, Interruptible(translator), self.memo,
                                         key=translator_key(translator))
        except AnsumError as exc:
            self.failure = exc
            return
        self.done = dict(zip(requests, results, strict=True))

    def lookup(self, segments: list[str]):
        """Results for ``segments``: the window's, else the failure of its call, else
        computed now (only for segments that were not requested)."""
        if all(s in self.done for s in segments):
            return [self.done[s] for s in segments]
        if self.failure is not None:
            raise self.failure
        return translate_memoized(segments, self.runtime.translator(), self.memo)


def build_briefs(articles: list[Article], options: BriefOptions | None = None,
                 runtime: Runtime | None = None, *,
                 memo: TranslationMemo | None = None) -> list[Brief | AnsumError]:
    """Build the briefs of ``articles`` with the neural stages batched across them.

    Args:
        articles: cleaned articles; all are held in memory with their drafts, so the
            caller bounds their number (:func:`iter_briefs_batched` uses windows).
        options, runtime: as :func:`ansum.pipeline.build_brief`.
        memo: translations already made (default: a new :class:`DictMemo`); pass one
            memo for a whole run so a sentence in several windows is translated once.

    Returns:
        A list as long as ``articles``: each the :class:`Brief` that
        :func:`ansum.pipeline.build_brief` gives for it (up to timings), or the
        AnsumError it raises (e.g. InputError for no sentences).
        ``timings_s["summary"]`` and ``["translation"]`` include an equal share of the
        window's batched model calls; ``"total"`` is the sum of the stages.

    Raises:
        ConfigError, ModelUnavailableError (with ``options.strict``): as build_brief.
    """
    options = options or BriefOptions()
    runtime = runtime or Runtime(options)
    memo = memo if memo is not None else DictMemo()
    results: list = [None] * len(articles)
    drafts: dict = {}
    for i, article in enumerate(articles):
        try:
            drafts[i] = start_draft(article)
        except AnsumError as exc:
            results[i] = exc

    def each(step, stage: str, batched_s: float) -> None:
        share = batched_s / max(1, len(drafts))
        for i, draft in list(drafts.items()):
            try:
                step(i, draft)
            except (ConfigError, ModelUnavailableError):
                raise
            except AnsumError as exc:
                results[i] = exc
                del drafts[i]
                continue
            draft.timings[stage] += share

    t = _now()
    pre = _summaries(drafts, runtime)
    each(lambda i, d: summary_step(d, options, runtime, abstractive=_replay(pre.get(i))),
         "summary", _now() - t)
    t = _now()
    window = _Translations(runtime, memo)
    window.run([s for d in drafts.values() for s in translation_requests(d)])
    each(lambda i, d: translation_step(d, options, runtime, translate=window.lookup),
         "translation", _now() - t)
    for i, draft in drafts.items():
        results[i] = finish_brief(draft, total_s=sum(draft.timings.values()))
    return results


def iter_briefs_batched(sources: Iterable[str], options: BriefOptions | None = None, *,
                        max_chars: int = 200_000,
                        batch_articles: int = DEFAULT_BATCH_ARTICLES,
                        memo: TranslationMemo | None = None,
                        runtime: Runtime | None = None) -> Iterator[tuple[str, object]]:
    """:func:`ansum.pipeline.iter_briefs` over windows of ``batch_articles`` articles.

    Reads up to ``batch_articles`` articles, builds their briefs with
    :func:`build_briefs`, yields them in input order, and goes on with the next window;
    a source that cannot be read is yielded as its InputError in its place.  One
    :class:`Runtime` and one translation memo serve the whole run.

    Args:
        sources: paths, or "-" for stdin.
        options: brief options.
        max_chars: per-article limit on cleaned text, in characters.
        batch_articles: articles per window (≥ 1); bounds memory and the wait for the
            first brief; 1 is the per-article path.
        memo: a :class:`~ansum.translation.memo.TranslationMemo` (default: a new
            :class:`~ansum.translation.memo.DictMemo`), e.g. the brief cache's.
        runtime: shared backends (default: a new one from ``options``).

    Yields:
        ``(source, brief_or_error)`` as :func:`ansum.pipeline.iter_briefs` does.

    Raises:
        ConfigError, strict-mode ModelUnavailableError: as iter_briefs.
        ValueError: ``batch_articles`` < 1.
    """
    from ansum.errors import InputError
    from ansum.input.read import load_article

    if batch_articles < 1:
        raise ValueError("batch_articles must be at least 1")
    options = options or BriefOptions()
    runtime = runtime or Runtime(options)
    memo = memo if memo is not None else DictMemo()
    window: list[tuple[str, object, float]] = []

    def flush():
        articles = [a for _, a, _ in window if isinstance(a, Article)]
        built = iter(build_briefs(articles, options, runtime, memo=memo))
        for source, article, read_s in window:
            if not isinstance(article, Article):
                yield source, article
                continue
            result = next(built)
            if isinstance(result, AnsumError):
                yield source, _naming(result, _display_name(source))
                continue
            timings = {"input": read_s, **result.timings_s}
            timings["total"] = timings.get("total", 0.0) + read_s
            yield source, replace(result, timings_s=timings)
        window.clear()

    for source in sources:
        t = _now()
        try:
            article = load_article(source, max_chars=max_chars, name=_display_name(source))
        except InputError as exc:
            article = _naming(exc, _display_name(source))
        window.append((source, article, _now() - t))
        if sum(isinstance(a, Article) for _, a, _ in window) >= batch_articles:
            yield from flush()
    if window:
        yield from flush()
