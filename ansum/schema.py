"""Frozen data model shared by every stage: Article, Sentence, Claim, Brief.

Offsets are always in Python ``str`` characters (code points), never bytes or
tokens.  A :class:`Span` is half-open: ``text[start:end]``.

``Brief`` is the one contract between the pipeline and the renderers; its JSON
form (:meth:`Brief.to_dict`) is the documented contract for scripts (README,
"JSON output").  Bump :data:`SCHEMA_VERSION` on any incompatible change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Version of the JSON contract produced by :meth:`Brief.to_dict`.
SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into some text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        """Return ``text[start:end]``."""
        return text[self.start : self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class ArticleMeta:
    """Metadata kept out of the body text.

    Attributes:
        title: headline, or "" when none was found.
        source: agency or outlet (e.g. "سبوتنيك"), or "".
        date: the date as written in the article (e.g. "30 ديسمبر 2021"), or "".
        url: page address when the input was HTML that named it, or "".
        language: ISO 639-1 code of the detected language ("ar", "en", "fa", "ur", …)
            or "und" when unknown.
    """

    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    language: str = "und"


@dataclass(frozen=True)
class Article:
    """A decoded, cleaned article: the input of every analysis stage.

    Attributes:
        name: where it came from ("-" for stdin, else the path as given).
        body: cleaned text, paragraphs separated by "\\n\\n"; noise removed.
        meta: title, source, date, url, language.
        encoding: the encoding the bytes were decoded with (e.g. "utf-8", "cp1256").
        content_type: "text" or "html".
        removed: the noise lines taken out of the body (headline repeat, dateline,
            continuation markers, comment prompts, related-story lines), in order.
    """

    name: str
    body: str
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    encoding: str = "utf-8"
    content_type: str = "text"
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article body.

    Attributes:
        index: 0-based position among the article's sentences.
        text: the sentence exactly as in the body (``body[start:end]``).
        start, end: character offsets into ``Article.body``.
        paragraph: 0-based index of the paragraph holding it.
    """

    index: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Figure:
    """A figure found in a sentence.

    Attributes:
        text: the figure as written (e.g. "23:30", "10 كانون الثاني/يناير", "٣٫٥%").
        span: character span into the sentence.
        kind: one of "number", "percent", "money", "date", "time", "year", "range",
            "quantity" (a measure: barrels, kilometres), "age", "duration".
        value: a normalized form with ASCII digits, used to compare an Arabic
            figure with its English translation (e.g. "23:30", "3.5%", "2008").
        unit: the unit or counted noun in its singular form, normalized ("دولار",
            "سنه", "برميل", "شخص", "%"), or None when there is none.
    """

    text: str
    span: Span
    kind: str
    value: str
    unit: str | None = None


@dataclass(frozen=True)
class Claim:
    """A sentence that carries a claim, with its parts as spans into ``text``.

    Attributes:
        sentence_index: index of the sentence in the article.
        text: the Arabic sentence.
        kinds: why it is a claim: any of "attributed", "quote", "figure".
        speaker: who said it (name and title where given), or None.
        verb: the reporting verb as written (e.g. "وأضاف"), or None.
        content: the reported content (quote or clause after the verb), or None.
        quotes: spans of direct quotes.
        figures: figures in the sentence.
        score: importance in [0, 1]; higher first when picking the top k.
        en: English translation of ``text``, or None while there is none.
        en_speaker: the speaker's span in ``en``, or None.
        en_figures: spans of the figures' values in ``en`` (figures not found are left out).
        flags: problems found with the translation (e.g. "figure-mismatch").
        inherited_speaker: the speaker carried over from an earlier sentence when this
            one has none of its own (e.g. "وأكد: «…»" after a sentence naming
            Ryabkov); ``speaker`` is then None.  None otherwise.
        en_inherited_speaker: the English form of ``inherited_speaker`` (its own
            translation), or None.
    """

    sentence_index: int
    text: str
    kinds: tuple[str, ...]
    speaker: Span | None = None
    verb: Span | None = None
    content: Span | None = None
    quotes: tuple[Span, ...] = ()
    figures: tuple[Figure, ...] = ()
    score: float = 0.0
    en: str | None = None
    en_speaker: Span | None = None
    en_figures: tuple[Span, ...] = ()
    flags: tuple[str, ...] = ()
    inherited_speaker: str | None = None
    en_inherited_speaker: str | None = None

    def speaker_text(self) -> str | None:
        """The speaker as written: its span's text, else the inherited speaker, else None."""
        return self.speaker.of(self.text) if self.speaker else self.inherited_speaker

    def verb_text(self) -> str | None:
        return self.verb.of(self.text) if self.verb else None

    def content_text(self) -> str | None:
        return self.content.of(self.text) if self.content else None


@dataclass(frozen=True)
class SummarySentence:
    """One sentence of the Arabic summary and its English side.

    Attributes:
        ar: the Arabic sentence.
        index: index of the article sentence it was taken from (extractive), or
            None for abstractive output.
        en: its English translation, or None while there is none.
        flags: problems found with the translation (e.g. "figure-mismatch").
    """

    ar: str
    index: int | None = None
    en: str | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stage:
    """Provenance of one stage: which method or model produced it.

    Attributes:
        name: "summary", "translation" or "claims".
        method: e.g. "extractive:textrank-position", "hf:csebuetnlp/mT5_multilingual_XLSum",
            or "none".
        detail: free text (revision, chunks, reason it did not run), or "".
        chunks: number of input chunks the stage used (0 when not applicable).
    """

    name: str
    method: str
    detail: str = ""
    chunks: int = 0


@dataclass(frozen=True)
class Brief:
    """The bilingual brief of one article: what every renderer receives.

    Attributes:
        name: input name ("-" for stdin, else the path as given).
        meta: title, source, date, url, language.
        summary: summary sentences, in article order for extractive output.
        claims: key claims, in article order.
        english: "ok", "partial" or "none"; ``english_reason`` says why when not "ok".
        stages: provenance of each stage.
        timings_s: seconds per stage ("input", "text", "summary", "claims",
            "translation", "total").
        warnings: human-readable warnings, one line each.
        partial: True when a stage fell back (the CLI exits with EXIT_PARTIAL).
        sentence_count: number of sentences in the cleaned article.
    """

    name: str
    meta: ArticleMeta
    summary: tuple[SummarySentence, ...]
    claims: tuple[Claim, ...]
    english: str = "none"
    english_reason: str = ""
    stages: tuple[Stage, ...] = ()
    timings_s: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    partial: bool = False
    sentence_count: int = 0
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """Return the documented JSON contract as plain Python objects."""
        return {
            "schema_version": self.schema_version,
            "input": self.name,
            "meta": {
                "title": self.meta.title,
                "source": self.meta.source,
                "date": self.meta.date,
                "url": self.meta.url,
                "language": self.meta.language,
            },
            "summary": [
                {"index": s.index, "ar": s.ar, "en": s.en, "flags": list(s.flags)}
                for s in self.summary
            ],
            "claims": [_claim_dict(c) for c in self.claims],
            "english": {"status": self.english, "reason": self.english_reason},
            "provenance": [
                {"stage": s.name, "method": s.method, "detail": s.detail, "chunks": s.chunks}
                for s in self.stages
            ],
            "timings_s": {k: round(v, 4) for k, v in self.timings_s.items()},
            "warnings": list(self.warnings),
            "partial": self.partial,
            "sentence_count": self.sentence_count,
        }


def _span_obj(span: Span | None, text: str) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"text": span.of(text), "start": span.start, "end": span.end}


def _claim_dict(c: Claim) -> dict[str, Any]:
    return {
        "sentence_index": c.sentence_index,
        "ar": c.text,
        "en": c.en,
        "kinds": list(c.kinds),
        "speaker": (
            {"text": c.inherited_speaker, "start": None, "end": None, "inherited": True,
             "en": c.en_inherited_speaker}
            if c.speaker is None and c.inherited_speaker
            else _span_obj(c.speaker, c.text)
        ),
        "verb": _span_obj(c.verb, c.text),
        "content": _span_obj(c.content, c.text),
        "quotes": [_span_obj(q, c.text) for q in c.quotes],
        "figures": [
            {
                "text": f.text,
                "kind": f.kind,
                "value": f.value,
                "unit": f.unit,
                "start": f.span.start,
                "end": f.span.end,
            }
            for f in c.figures
        ],
        "score": round(c.score, 4),
        "en_speaker": c.en_speaker.to_list() if c.en_speaker else None,
        "en_figures": [s.to_list() for s in c.en_figures],
        "flags": list(c.flags),
    }
