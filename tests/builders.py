"""Builders that make Brief, Claim, Figure and Span objects directly, for tests.

Spans are found by substring search so a test names the words, not offsets:
``span_of(text, "بيسكوف")``.  A missing substring raises ValueError, so a builder
never silently produces a wrong span.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ansum.schema import (
    ArticleMeta,
    Brief,
    Claim,
    Figure,
    Span,
    Stage,
    SummarySentence,
)

KREMLIN_SPEAKER = "المتحدث الرسمي باسم الرئاسة الروسية، ديمتري بيسكوف"


def span_of(text: str, part: str, nth: int = 0) -> Span:
    """Return the span of the ``nth`` (0-based) occurrence of ``part`` in ``text``.

    Raises:
        ValueError: ``part`` occurs fewer than ``nth + 1`` times.
    """
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part))


def figure(text: str, part: str, kind: str, value: str | None = None) -> Figure:
    """Return a Figure for ``part`` found in the sentence ``text``."""
    return Figure(text=part, span=span_of(text, part), kind=kind, value=value or part)


def claim(
    text: str,
    *,
    index: int = 0,
    speaker: str | None = None,
    verb: str | None = None,
    content: str | None = None,
    quotes: Sequence[str] = (),
    figures: Sequence[tuple[str, str]] = (),
    en: str | None = None,
    en_speaker: str | None = None,
    en_figures: Sequence[str] = (),
    flags: Sequence[str] = (),
    kinds: Iterable[str] | None = None,
    score: float = 0.5,
) -> Claim:
    """Return a Claim on ``text`` with spans found from the given substrings.

    ``figures`` are ``(text, kind)`` pairs; ``kinds`` defaults from what is given.
    """
    if kinds is None:
        kinds = [
            k for k, on in (("attributed", speaker), ("quote", quotes), ("figure", figures)) if on
        ]
    return Claim(
        sentence_index=index,
        text=text,
        kinds=tuple(kinds),
        speaker=span_of(text, speaker) if speaker else None,
        verb=span_of(text, verb) if verb else None,
        content=span_of(text, content) if content else None,
        quotes=tuple(span_of(text, q) for q in quotes),
        figures=tuple(figure(text, f, kind) for f, kind in figures),
        score=score,
        en=en,
        en_speaker=span_of(en, en_speaker) if en and en_speaker else None,
        en_figures=tuple(span_of(en, f) for f in en_figures) if en else (),
        flags=tuple(flags),
    )


def brief(
    *,
    name: str = "article.txt",
    title: str = "",
    source: str = "",
    date: str = "",
    url: str = "",
    summary: Sequence[tuple[str, str | None]] = (),
    claims: Sequence[Claim] = (),
    english: str = "ok",
    english_reason: str = "",
    warnings: Sequence[str] = (),
    summary_flags: dict[int, tuple[str, ...]] | None = None,
) -> Brief:
    """Return a Brief.

    ``summary`` is ``(ar, en)`` pairs; ``summary_flags`` maps a position to its flags.
    """
    flags = summary_flags or {}
    return Brief(
        name=name,
        meta=ArticleMeta(title=title, source=source, date=date, url=url, language="ar"),
        summary=tuple(
            SummarySentence(ar=ar, index=i, en=en, flags=flags.get(i, ()))
            for i, (ar, en) in enumerate(summary)
        ),
        claims=tuple(claims),
        english=english,
        english_reason=english_reason,
        stages=(
            Stage("summary", "extractive:textrank-position", chunks=1),
            Stage("translation", "fake:test"),
            Stage("claims", "rules"),
        ),
        timings_s={"summary": 0.01234567, "total": 0.5},
        warnings=tuple(warnings),
        partial=english != "ok",
        sentence_count=12,
    )


def sentence_in(article: str, first: str, last: str) -> str:
    """Return the part of ``article`` from ``first`` through ``last`` (inclusive).

    Raises:
        ValueError: either marker is missing.
    """
    start = article.index(first)
    end = article.index(last, start) + len(last)
    return article[start:end]


def kremlin_brief(article: str, **overrides) -> Brief:
    """Return a realistic Brief built from sentences of the Kremlin article text.

    Args:
        article: the text of shared/data/articles/kremlin-call-2021-12-30.txt.
        overrides: keyword arguments passed on to :func:`brief` (e.g. ``title``).
    """
    s1 = sentence_in(article, "صرح المتحدث", "عبر تقنية الفيديو.")
    s2 = sentence_in(article, "وكان البيت الأبيض", "مجموعة من الموضوعات.")
    s3 = sentence_in(article, "وقال بيسكوف للصحفيين", 'في هذا الوقت".')
    en1 = (
        "The official spokesman for the Russian presidency, Dmitry Peskov, said on Thursday "
        "that the phone call scheduled for today between Russian President Vladimir Putin and "
        "his US counterpart Joe Biden comes at Russia's initiative."
    )
    en2 = (
        "The White House had announced earlier that Presidents Putin and Biden plan to hold "
        "a phone call today, Thursday, at exactly 23:30 Moscow time, to discuss a range of topics."
    )
    en3 = (
        "Peskov told reporters that the expected call: \"At Putin's initiative, and the time set "
        'for it (December 30 at 11:30 p.m. Moscow time) is quite normal given the time difference."'
    )
    claims = [
        claim(
            s1,
            index=1,
            speaker=KREMLIN_SPEAKER,
            verb="صرح",
            en=en1,
            en_speaker="The official spokesman for the Russian presidency, Dmitry Peskov",
        ),
        claim(
            s3,
            index=2,
            speaker="بيسكوف",
            verb="وقال",
            quotes=[sentence_in(s3, '"بمبادرة', 'الوقت"')],
            figures=[("23:30", "time"), ("30 كانون الأول/ديسمبر", "date")],
            en=en3,
            en_speaker="Peskov",
            en_figures=["December 30"],
            flags=["figure-mismatch"],
        ),
        claim(
            s2,
            index=6,
            speaker="البيت الأبيض",
            verb="أعلن",
            figures=[("23:30", "time")],
            en=en2,
            en_speaker="The White House",
            en_figures=["23:30"],
        ),
    ]
    fields = dict(
        name="kremlin-call-2021-12-30.txt",
        title="الكرملين: بمبادرة من الرئيس الروسي من المقرر إجراء محادثة هاتفية بين بوتين وبايدن",
        source="سبوتنيك",
        date="30 ديسمبر 2021",
        summary=[(s1, en1), (s2, en2)],
        claims=claims,
        warnings=["1 figure in the English differs from the Arabic (23:30 vs 11:30)"],
        summary_flags=None,
    )
    fields.update(overrides)
    return brief(**fields)
