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
from dataclasses import replace

from ansum.arabic.chunk import LONG_SENTENCE_CHARS, PIECE_CHARS, cut_long_sentences
from ansum.errors import AnsumError, BackendError, ModelUnavailableError
from ansum.runtime import BriefOptions, Runtime
from ansum.schema import Article, Brief, Claim, Stage, SummarySentence

log = logging.getLogger(__name__)

#: Flag of a summary or claim sentence whose letters are mostly not Arabic script: it
#: is never sent to the Arabic→English translator; its ``en`` is the sentence as written.
NOT_ARABIC = "not-arabic"
_LANGUAGE_NAMES = {"ar": "Arabic", "fa": "Persian", "ur": "Urdu", "en": "English",
                   "fr": "French"}


def _now() -> float:
    return time.perf_counter()


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
    from ansum.arabic.segment import segment
    from ansum.claims.select import key_claims

    options = options or BriefOptions()
    runtime = runtime or Runtime(options)
    timings: dict[str, float] = {}
    warnings: list[str] = []
    stages: list[Stage] = []
    partial = False
    t_start = _now()

    t = _now()
    sentences, cut = cut_long_sentences(segment(article.body))
    timings["text"] = _now() - t
    if not sentences:
        from ansum.errors import InputError

        raise InputError(f"{article.name}: no sentences found in the article text")
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

    # --- summary -------------------------------------------------------------
    t = _now()
    summary, summ_stage, fell_back = _summary_stage(sentences, options, runtime, warnings)
    partial |= fell_back
    stages.append(summ_stage)
    timings["summary"] = _now() - t

    # --- claims --------------------------------------------------------------
    t = _now()
    claims = key_claims(sentences, options.claims) if options.claims > 0 else []
    stages.append(Stage("claims", "rules:reporting-verbs+quotes+figures", f"k={options.claims}"))
    timings["claims"] = _now() - t
    if options.claims > 0 and not claims:
        warnings.append("no claims found: no sentence has an attributed statement, quote or figure")

    # --- translation ---------------------------------------------------------
    t = _now()
    summary, claims, english, reason, tr_stage, fell_back = _translation_stage(
        summary, claims, language, options, runtime, warnings
    )
    partial |= fell_back
    stages.append(tr_stage)
    timings["translation"] = _now() - t
    timings["total"] = _now() - t_start

    return Brief(
        name=article.name,
        meta=article.meta,
        summary=tuple(summary),
        claims=tuple(claims),
        english=english,
        english_reason=reason,
        stages=tuple(stages),
        timings_s=timings,
        warnings=tuple(warnings),
        partial=partial,
        sentence_count=len(sentences),
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


def _summary_stage(sentences, options: BriefOptions, runtime: Runtime, warnings: list[str]):
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
            result = summarize_abstractive([s.text for s in sentences], summarizer)
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
                       runtime: Runtime, warnings: list[str]):
    """Translate summary and claim sentences when a translator is configured and usable.

    No translator is created for Persian/Urdu text or when no segment is Arabic.
    Returns ``(summary, claims, english, reason, stage, fell_back)``.
    """
    segments = [s.ar for s in summary] + [c.text for c in claims]
    if language in ("fa", "ur") or not any(map(_sendable, segments)):
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
        summary, claims, english, tr_warnings = _translate(summary, claims, translator)
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


def _translate(summary, claims: list[Claim], translator):
    """Translate summary and claim sentences in one aligned pass.

    Returns ``(summary, claims, english_status, warnings)`` with ``en``, flags and
    English highlight spans filled in.  Figures missing from a translation are named
    in the warnings (the faithfulness check, :mod:`ansum.translation.translate`).
    """
    from ansum.translation.translate import (
        TranslationResult,
        english_spans,
        translate_segments,
        translate_speakers,
    )

    segments = [s.ar for s in summary] + [c.text for c in claims]
    # a sentence that is both in the summary and a claim is translated (and warned) once
    unique = list(dict.fromkeys(segments))
    send = [_sendable(seg) for seg in unique]
    arabic = [g for g, ok in zip(unique, send, strict=True) if ok]
    sent = iter(translate_segments(arabic, translator))
    unique_results = [next(sent) if ok else TranslationResult(g, g, (NOT_ARABIC,))
                      for g, ok in zip(unique, send, strict=True)]
    by_text = dict(zip(unique, unique_results, strict=True))
    results = [by_text[g] for g in segments]
    warnings: list[str] = []
    if not all(send):
        warnings.append(f"{send.count(False)} sentence(s) not in Arabic were not sent to the "
                        f"translator (flag {NOT_ARABIC})")
    for r in unique_results:
        if r.missing_figures:
            figs = ", ".join(f.text for f in r.missing_figures)
            warnings.append(f"figures missing from the English translation: {figs}")
        other = [f for f in r.flags if f not in ("figure-mismatch", NOT_ARABIC)]
        if other:
            warnings.append(f"translation flagged ({', '.join(other)}): {r.text[:60]}")
    new_summary = [
        replace(s, en=r.text, flags=tuple(r.flags))
        for s, r in zip(summary, results[: len(summary)], strict=True)
    ]
    claim_results = results[len(summary) :]
    with_speaker = [i for i, c in enumerate(claims)
                    if c.speaker is not None and NOT_ARABIC not in claim_results[i].flags]
    speaker_spans = (
        translate_speakers(
            [claims[i].speaker.of(claims[i].text) for i in with_speaker],
            [claim_results[i].text for i in with_speaker],
            translator,
        )
        if with_speaker
        else []
    )
    en_speaker = dict(zip(with_speaker, speaker_spans, strict=True))
    # a speaker named in an earlier sentence is not in this one's English: translate the name
    inherited = [i for i, c in enumerate(claims) if c.speaker is None and c.inherited_speaker
                 and NOT_ARABIC not in claim_results[i].flags]
    en_inherited = dict(zip(inherited, (r.text for r in translate_segments(
        [claims[i].inherited_speaker for i in inherited], translator)), strict=True))
    new_claims = [
        replace(
            c,
            en=r.text,
            flags=tuple(r.flags),
            en_figures=tuple(english_spans(r.text, [f.value for f in c.figures])),
            en_speaker=en_speaker.get(i),
            en_inherited_speaker=en_inherited.get(i),
        )
        for i, (c, r) in enumerate(zip(claims, claim_results, strict=True))
    ]
    flagged = any(r.flags for r in results)
    return new_summary, new_claims, ("partial" if flagged else "ok"), warnings


def _sendable(segment: str) -> bool:
    """False for a segment whose letters are mostly not Arabic script (never translated).

    A segment without letters is sendable: :func:`ansum.translation.translate.translate_segments`
    passes it through without calling the model.
    """
    from ansum.input.langid import script_share

    share = script_share(segment)
    return share["arabic"] >= 0.5 or not any(share.values())


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
