"""build_brief(): the only module that knows the order of the stages.

    Article → sentences → summary (extractive or abstractive)
                        → claims
            → translation of summary and claim sentences → Brief

Hostile input: a sentence over :data:`LONG_SENTENCE_CHARS` characters (text without
sentence punctuation) is cut into pieces (:func:`cut_long_sentences`); summary and
claim sentences whose letters are mostly not Arabic script are never sent to the
Arabic→English translator (flag :data:`NOT_ARABIC`), and Persian or Urdu text is not
translated at all.

Neural backends are created through :class:`~ansum.runtime.Runtime`, which loads each model at
most once per process and is shared by all articles of one invocation.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ansum.arabic.chunk import LONG_SENTENCE_CHARS, PIECE_CHARS, cut_long_sentences
from ansum.errors import AnsumError, BackendError, ModelUnavailableError
from ansum.runtime import BriefOptions, Runtime
from ansum.schema import Article, Brief, Claim, Stage, SummarySentence
from ansum.translation.segments import NOT_ARABIC, requests, sendable, translate_brief

__all__ = ["NOT_ARABIC", "Draft", "build_brief", "finish_brief", "iter_briefs", "start_draft",
           "summary_step", "translation_requests", "translation_step"]

log = logging.getLogger(__name__)

_LANGUAGE_NAMES = {"ar": "Arabic", "fa": "Persian", "ur": "Urdu", "en": "English",
                   "fr": "French"}


def _now() -> float:
    return time.perf_counter()


@dataclass
class Draft:
    """One article's brief while its stages run: the steps of :func:`build_brief`
    (:func:`start_draft`, :func:`summary_step`, :func:`translation_step`,
    :func:`finish_brief`) fill it in.  The cross-article path (:mod:`ansum.batch`) holds
    one per article of a window and runs each step for all of them before the next.

    Attributes:
        article: the input.
        sentences: its sentences (:func:`ansum.arabic.segment.segment`, long ones cut).
        summary, claims: filled by :func:`summary_step`, translated by
            :func:`translation_step`.
        english, english_reason: the translation status and why (see :class:`Brief`).
        timings: seconds per stage; warnings, stages, partial: as in :class:`Brief`.
    """

    article: Article
    sentences: list
    t_start: float
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)
    partial: bool = False
    summary: list[SummarySentence] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    english: str = "none"
    english_reason: str = ""


def build_brief(
    article: Article, options: BriefOptions | None = None, runtime: Runtime | None = None
) -> Brief:
    """Build the bilingual brief of one article.

    Args:
        article: a cleaned article (``ansum.input.read.load_article``).
        options: what to build; defaults to :class:`BriefOptions`.
        runtime: shared backends; pass the same one for every article of a batch so
            models load once.  A new one is made when None.

    Returns:
        The :class:`Brief`.  ``brief.partial`` is True when a configured model could
        not be used and the stage fell back (extractive summary, no English).
        Warnings name: a language other than Arabic (``meta.language``), long
        sentences that were cut, U+FFFD replacement characters in the body, an
        article shorter than the summary, and sentences not sent to the translator.
        A segment flagged :data:`NOT_ARABIC` keeps its own text as ``en``.  For
        Persian/Urdu text, or when no segment is Arabic, no translator is created.

    Raises:
        ModelUnavailableError: only with ``options.strict`` and a model missing.
        ConfigError: bad models.toml or names.
        InputError: the article has no sentences.
    """
    options = options or BriefOptions()
    runtime = runtime or Runtime(options)
    draft = start_draft(article)
    summary_step(draft, options, runtime)
    translation_step(draft, options, runtime)
    return finish_brief(draft)


def start_draft(article: Article) -> Draft:
    """First step of :func:`build_brief`: sentences and the warnings about the text.

    Raises:
        InputError: the article has no sentences.
    """
    from ansum.arabic.segment import segment

    t_start = t = _now()
    sentences, cut = cut_long_sentences(segment(article.body))
    draft = Draft(article, sentences, t_start, timings={"text": _now() - t})
    if not sentences:
        from ansum.errors import InputError

        raise InputError(f"{article.name}: no sentences found in the article text")
    warnings = draft.warnings
    language = article.meta.language
    if language != "ar":
        seen = (f"looks like {_LANGUAGE_NAMES[language]} ('{language}')"
                if language in _LANGUAGE_NAMES
                else f"is in an unidentified language ('{language}')")
        warnings.append(f"the text {seen}, not Arabic; the brief may be poor")
    if cut:
        warnings.append(
            f"{cut} sentence(s) longer than {LONG_SENTENCE_CHARS} characters were cut at "
            f"commas or spaces into pieces of at most {PIECE_CHARS}"
        )
    bad = article.body.count("\ufffd")
    if bad:
        warnings.append(f"the text holds {bad} replacement character(s) '\ufffd': "
                        "bytes that were not valid text")
    return draft


def summary_step(draft: Draft, options: BriefOptions, runtime: Runtime, *,
                 abstractive: Callable | None = None) -> None:
    """Second step of :func:`build_brief`: the summary, then the key claims.

    Args:
        abstractive: ``(sentence texts, summarizer) -> AbstractiveResult`` (raising as
            :func:`ansum.summary.abstractive.summarize_abstractive`, the default); the
            cross-article path passes a lookup of results computed for many articles.
    """
    from ansum.claims.select import key_claims

    t = _now()
    draft.summary, summ_stage, fell_back = _summary_stage(
        draft.sentences, options, runtime, draft.warnings, abstractive)
    draft.partial |= fell_back
    draft.stages.append(summ_stage)
    draft.timings["summary"] = _now() - t

    t = _now()
    draft.claims = key_claims(draft.sentences, options.claims) if options.claims > 0 else []
    draft.stages.append(Stage("claims", "rules:reporting-verbs+quotes+figures",
                              f"k={options.claims}"))
    draft.timings["claims"] = _now() - t
    if options.claims > 0 and not draft.claims:
        draft.warnings.append(
            "no claims found: no sentence has an attributed statement, quote or figure")


def translation_step(draft: Draft, options: BriefOptions, runtime: Runtime, *,
                     translate: Callable | None = None) -> None:
    """Third step of :func:`build_brief`: English for the summary and claim sentences.

    Args:
        translate: ``(segments) -> list[TranslationResult]`` for the segments of
            :func:`translation_requests` (default:
            :func:`ansum.translation.translate.translate_segments` with the runtime's
            translator); the cross-article path passes a memo lookup.
    """
    t = _now()
    (draft.summary, draft.claims, draft.english, draft.english_reason, tr_stage,
     fell_back) = _translation_stage(draft.summary, draft.claims, draft.article.meta.language,
                                     options, runtime, draft.warnings, translate)
    draft.partial |= fell_back
    draft.stages.append(tr_stage)
    draft.timings["translation"] = _now() - t


def finish_brief(draft: Draft, *, total_s: float | None = None) -> Brief:
    """Last step of :func:`build_brief`: the :class:`Brief`; ``timings_s["total"]`` is
    ``total_s``, else the time since :func:`start_draft`."""
    timings = dict(draft.timings)
    timings["total"] = _now() - draft.t_start if total_s is None else total_s
    article = draft.article
    return Brief(
        name=article.name,
        meta=article.meta,
        summary=tuple(draft.summary),
        claims=tuple(draft.claims),
        english=draft.english,
        english_reason=draft.english_reason,
        stages=tuple(draft.stages),
        timings_s=timings,
        warnings=tuple(draft.warnings),
        partial=draft.partial,
        sentence_count=len(draft.sentences),
    )


def _fall_back(role: str, exc: AnsumError, options: BriefOptions, runtime: Runtime,
               warnings: list[str], what: str) -> str:
    """A model stage failed: raise under ``--strict``, else remember the failure so later
    articles skip the model, add the warning ``what: <error>`` and return it."""
    if options.strict:
        raise exc
    runtime.fail(role, exc)
    message = f"{what}: {exc.one_line()}"
    warnings.append(message)
    return message


def _summary_stage(sentences, options: BriefOptions, runtime: Runtime, warnings: list[str],
                   abstractive: Callable | None = None):
    """Abstractive summary when a summarizer is configured and usable, else extractive.

    Returns ``(summary, stage, fell_back)``; ``fell_back`` is True when a configured
    model could not be used.  Appends to ``warnings``.
    """
    from ansum.summary.extractive import extractive_summary

    fell_back = False
    try:
        summarizer = runtime.summarizer()
    except (ModelUnavailableError, BackendError) as exc:
        summarizer, fell_back = None, True
        _fall_back("summarizer", exc, options, runtime, warnings,
                   "abstractive summary unavailable")
    if summarizer is not None:
        from ansum.summary.abstractive import TooShortError, summarize_abstractive

        try:
            result = (abstractive or summarize_abstractive)([s.text for s in sentences],
                                                            summarizer)
        except TooShortError as exc:
            warnings.append(f"extractive summary used: {exc.one_line()}")
        except (ModelUnavailableError, BackendError) as exc:
            # the model loads lazily: a broken folder or a failed generate shows up here
            fell_back = True
            _fall_back("summarizer", exc, options, runtime, warnings,
                       "abstractive summary failed, extractive used")
        else:
            if result.sentences:
                warnings.extend(result.warnings)
                stage = Stage("summary", summarizer.name, f"rounds={result.rounds}",
                              result.chunks)
                return [SummarySentence(ar=s) for s in result.sentences], stage, fell_back
    chosen = extractive_summary(sentences, options.sentences)
    if len(chosen) == len(sentences):
        warnings.append(f"the article has only {len(sentences)} sentence(s); "
                        "the summary is the whole text")
    summary = [SummarySentence(ar=s.text, index=s.index) for s in chosen]
    stage = Stage("summary", "extractive:lexrank-position", f"sentences={len(chosen)}")
    return summary, stage, fell_back


def _translation_stage(summary, claims, language: str, options: BriefOptions,
                       runtime: Runtime, warnings: list[str], translate: Callable | None = None):
    """Translate summary and claim sentences when a translator is configured and usable.

    No translator is created for Persian/Urdu text or when no segment is Arabic.
    Returns ``(summary, claims, english, reason, stage, fell_back)``.
    """
    if not _wants_translation(summary, claims, language):
        # never load a model for text it must not see (English, French, Persian, Urdu)
        reason = "no translator in the selected profile"
        if runtime.specs()[1] is not None:
            reason = (f"not translated: the text is not Arabic ('{language}') and the "
                      "translator is Arabic→English")
        return summary, claims, "none", reason, Stage("translation", "none", reason), False
    try:
        translator = runtime.translator()
    except (ModelUnavailableError, BackendError) as exc:
        reason = _fall_back("translator", exc, options, runtime, warnings,
                            "translator unavailable")
        return summary, claims, "none", reason, Stage("translation", "none", reason), True
    if translator is None:
        reason = "no translator in the selected profile"
        return summary, claims, "none", reason, Stage("translation", "none", reason), False
    try:
        summary, claims, english, tr_warnings = translate_brief(summary, claims, translator,
                                                                 translate)
    except (ModelUnavailableError, BackendError) as exc:
        reason = _fall_back("translator", exc, options, runtime, warnings, "translation failed")
        return summary, claims, "none", reason, Stage("translation", "none", reason), True
    warnings.extend(tr_warnings)
    reason = ""
    flags = {f for x in (*summary, *claims) for f in x.flags}
    if flags == {NOT_ARABIC}:
        reason = (f"sentences flagged {NOT_ARABIC} are not Arabic and were left "
                  "as written, untranslated")
    elif english != "ok":
        reason = "some segments could not be translated faithfully; see flags"
    return summary, claims, english, reason, Stage("translation", translator.name), False


def _wants_translation(summary, claims, language: str) -> bool:
    """False for Persian/Urdu text or when no summary or claim segment is Arabic."""
    segments = [s.ar for s in summary] + [c.text for c in claims]
    return language not in ("fa", "ur") and any(map(sendable, segments))


def translation_requests(draft: Draft) -> list[str]:
    """The segments :func:`translation_step` will translate for ``draft`` after
    :func:`summary_step`: its distinct Arabic summary and claim sentences, then the
    speakers of its claims; empty when it translates nothing (Persian/Urdu, no Arabic)."""
    if not _wants_translation(draft.summary, draft.claims, draft.article.meta.language):
        return []
    arabic, speakers = requests(draft.summary, draft.claims)
    return arabic + speakers


def _naming(exc: AnsumError, name: str) -> AnsumError:
    """``exc`` with its message starting with the input's name (for multi-file runs)."""
    if name not in exc.message:
        exc.message = f"{'stdin' if name == '-' else name}: {exc.message}"
    return exc


def _display_name(source: str) -> str:
    """``source`` with bytes that are not UTF-8 (surrogate escapes) shown as U+FFFD."""
    return source.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def iter_briefs(sources, options: BriefOptions | None = None, *, max_chars: int = 200_000):
    """Build a brief for each source, sharing one :class:`Runtime`.

    Args:
        sources: paths (str) or "-" for stdin.
        options: brief options.
        max_chars: per-article limit on cleaned text, in characters.

    Yields:
        ``(source, brief_or_error)`` in input order: an :class:`ansum.errors.AnsumError`
        for a source that could not be read or briefed (so one bad file does not
        stop a batch).  ConfigError and strict-mode ModelUnavailableError are raised,
        since they would fail every source alike.
    """
    from ansum.errors import ConfigError, InputError
    from ansum.input.read import load_article

    options = options or BriefOptions()
    runtime = Runtime(options)
    for source in sources:
        t = _now()
        try:
            article = load_article(source, max_chars=max_chars, name=_display_name(source))
        except InputError as exc:
            yield source, _naming(exc, _display_name(source))
            continue
        read_s = _now() - t
        try:
            brief = build_brief(article, options, runtime)
        except (ConfigError, ModelUnavailableError):
            raise
        except AnsumError as exc:
            yield source, _naming(exc, _display_name(source))
            continue
        timings = {"input": read_s, **brief.timings_s}
        timings["total"] = timings.get("total", 0.0) + read_s
        yield source, replace(brief, timings_s=timings)
