"""Which segments of a brief go to the translator, and how their English goes back.

:func:`requests` names the segments (distinct Arabic summary and claim sentences, then
the claims' speaker spans); :func:`translate_brief` translates them in one aligned pass
and fills in ``en``, flags and English highlight spans.  Used by
:mod:`ansum.pipeline` for one article and, through it, by :mod:`ansum.batch` for many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ansum.schema import Claim

#: Flag of a summary or claim sentence whose letters are mostly not Arabic script: it
#: is never sent to the Arabic→English translator; its ``en`` is the sentence as written.
NOT_ARABIC = "not-arabic"


def requests(summary, claims: list[Claim]) -> tuple[list[str], list[str]]:
    """``(arabic, speakers)``: the distinct sendable summary/claim sentences, and the
    Arabic speaker spans of the claims whose sentence is sendable, then the inherited
    speaker names (from an earlier sentence) of such claims."""
    unique = dict.fromkeys([s.ar for s in summary] + [c.text for c in claims])
    speakers = [c.speaker.of(c.text) for c in claims
                if c.speaker is not None and sendable(c.text)]
    speakers += [c.inherited_speaker for c in claims
                 if c.speaker is None and c.inherited_speaker and sendable(c.text)]
    return [g for g in unique if sendable(g)], speakers


def translate_brief(summary, claims: list[Claim], translator, translate: Callable | None = None):
    """Translate summary and claim sentences in one aligned pass.

    ``translate(segments) -> list[TranslationResult]`` defaults to
    :func:`ansum.translation.translate.translate_segments` with ``translator``.
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
    send = [sendable(seg) for seg in unique]
    arabic = [g for g, ok in zip(unique, send, strict=True) if ok]
    translate = translate or (lambda texts: translate_segments(texts, translator))
    sent = iter(translate(arabic))
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
            translate=translate,
        )
        if with_speaker
        else []
    )
    en_speaker = dict(zip(with_speaker, speaker_spans, strict=True))
    # a speaker named in an earlier sentence is not in this one's English: translate the name
    inherited = [i for i, c in enumerate(claims) if c.speaker is None and c.inherited_speaker
                 and NOT_ARABIC not in claim_results[i].flags]
    en_inherited = dict(zip(inherited, (r.text for r in translate(
        [claims[i].inherited_speaker for i in inherited])), strict=True)) if inherited else {}
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


def sendable(segment: str) -> bool:
    """False for a segment whose letters are mostly not Arabic script (never translated).

    A segment without letters is sendable: :func:`ansum.translation.translate.translate_segments`
    passes it through without calling the model.
    """
    from ansum.input.langid import script_share

    share = script_share(segment)
    return share["arabic"] >= 0.5 or not any(share.values())
