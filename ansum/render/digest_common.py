"""Helpers shared by the daily-brief ("digest") renderers: labels, counts and spans.

The digest is the dict of docs/digest-shape (``ansum brief --format json``); these
helpers read it and return text that has been through
:func:`~ansum.render.safe.sanitize_line` (one line, no control sequences) but is not
yet escaped for any format.  Missing or null keys are read as empty, so a renderer
never raises on a digest from an older or newer writer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ansum.render.common import NAMED_EARLIER, NO_TRANSLATION, display_url
from ansum.render.safe import sanitize_line
from ansum.schema import Span

Digest = Mapping[str, Any]

DIGEST_TITLE = "Daily brief"
CONTENTS = "Stories"
ARTICLES = "Articles"
FIGURES_COMPARED = "Figures compared"
FIGURE_COLUMNS = ("Value", "Speaker", "Source", "Article", "Context")
NO_SPEAKER = "—"
CONTINUING = "continuing"

_ANCHOR_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def text(value: object) -> str:
    """``sanitize_line`` of a string field; "" for None or a non-string."""
    return sanitize_line(value) if isinstance(value, str) else ""


def items(mapping: Mapping[str, Any] | None, key: str) -> list[Any]:
    """The list at ``mapping[key]``; [] when absent, null or not a list."""
    value = mapping.get(key) if isinstance(mapping, Mapping) else None
    return list(value) if isinstance(value, list) else []


def stories(digest: Digest) -> list[Mapping[str, Any]]:
    """The digest's stories (dicts only), in the digest's order."""
    return [s for s in items(digest, "stories") if isinstance(s, Mapping)]


def anchor(story: Mapping[str, Any], number: int) -> str:
    """An HTML id / fragment for the story: its ``id`` with every character outside
    ``[A-Za-z0-9_-]`` dropped, or ``story-NUMBER`` when nothing is left."""
    cleaned = _ANCHOR_SAFE.sub("", story.get("id") if isinstance(story.get("id"), str) else "")
    return cleaned or f"story-{number}"


def title(story: Mapping[str, Any]) -> str:
    """The story's headline, else its English headline, else "(untitled)"."""
    return text(story.get("title")) or text(story.get("title_en")) or "(untitled)"


def plural(n: int, word: str) -> str:
    """``"1 source"``, ``"3 sources"``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counts(story: Mapping[str, Any]) -> str:
    """``"3 sources · 5 articles"`` (duplicates included in the articles)."""
    return (f"{plural(len(items(story, 'sources')), 'source')} · "
            f"{plural(len(items(story, 'articles')), 'article')}")


def story_meta(story: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(label, value)`` pairs for the story: sources, time, and continuing status."""
    out = [("Sources", ", ".join(joined_texts(items(story, "sources"))))]
    if text(story.get("time")):
        out.append(("Time", text(story.get("time"))))
    if story.get("continuing"):
        first = text(story.get("first_seen"))
        out.append(("Status", f"{CONTINUING} (first seen {first})" if first else CONTINUING))
    return [(label, value) for label, value in out if value]


def joined_texts(values: Iterable[Any]) -> list[str]:
    """Each string of ``values`` sanitized; empty ones dropped."""
    return [t for t in (text(v) for v in values) if t]


def article_parts(article: Mapping[str, Any]) -> dict[str, str]:
    """An article's display fields: id, source, title, url (percent-escapes decoded for
    reading), date and duplicate_of, each sanitized ("" when absent)."""
    return {
        "id": text(article.get("id")) or "-",
        "source": text(article.get("source")),
        "title": text(article.get("title")),
        "url": display_url(text(article.get("url"))),
        "href": text(article.get("url")),
        "date": text(article.get("date")),
        "duplicate_of": text(article.get("duplicate_of")),
    }


def summary_sentences(story: Mapping[str, Any], lang: str) -> list[str] | None:
    """The summary's sentences in ``lang`` ("ar" or "en"), newlines made spaces; None when
    that language is null (no translation); a null English sentence (one the translator
    failed on) is :data:`~ansum.render.common.NO_TRANSLATION`."""
    summary = story.get("summary") if isinstance(story.get("summary"), Mapping) else {}
    value = summary.get(lang)
    if value is None:
        return None
    values = value if isinstance(value, list) else []
    shown = (NO_TRANSLATION if s is None and lang == "en" else text(s) for s in values)
    return [t for t in shown if t]


def summary_note(story: Mapping[str, Any]) -> str:
    """``"from article ID (method)"``, or "" when the summary names neither."""
    summary = story.get("summary") if isinstance(story.get("summary"), Mapping) else {}
    article, method = text(summary.get("article_id")), text(summary.get("method"))
    if article and method:
        return f"from article {article} ({method})"
    return f"from article {article}" if article else method


def speaker_label(claim: Mapping[str, Any]) -> str | None:
    """The claim's speaker, "… (named earlier)" when inherited; None for none."""
    name = text(claim.get("speaker"))
    if not name:
        return None
    return f"{name} {NAMED_EARLIER}" if claim.get("inherited_speaker") else name


def en_speaker_label(claim: Mapping[str, Any]) -> str | None:
    """The speaker's English name, "… (named earlier)" when inherited; None for none."""
    name = text(claim.get("speaker_en"))
    if not name:
        return None
    return f"{name} {NAMED_EARLIER}" if claim.get("inherited_speaker") else name


def figures_text(claim: Mapping[str, Any]) -> str:
    """The claim's figures, ``"110 missiles (count), 2018-04-14 (date)"`` (English when
    given, else as written); "" for none."""
    out = []
    for figure in items(claim, "figures"):
        if not isinstance(figure, Mapping):
            continue
        shown = text(figure.get("en")) or text(figure.get("text"))
        kind = text(figure.get("kind"))
        if shown:
            out.append(f"{shown} ({kind})" if kind else shown)
    return ", ".join(out)


def claim_sources(claim: Mapping[str, Any]) -> str:
    """``"Sources: CNN, BBC · Articles: a:12, a:40"``; parts without values left out."""
    parts = []
    sources = joined_texts(items(claim, "sources"))
    if sources:
        parts.append("Sources: " + ", ".join(sources))
    ids = joined_texts(items(claim, "article_ids"))
    if ids:
        parts.append("Articles: " + ", ".join(ids))
    return " · ".join(parts)


def claim_spans(claim: Mapping[str, Any]) -> list[tuple[Span | None, str]]:
    """Highlight spans of the claim's Arabic text: the speaker (when named in this
    sentence) and each figure, found by their first occurrence in ``text``."""
    sentence = claim.get("text") if isinstance(claim.get("text"), str) else ""
    spans: list[tuple[Span | None, str]] = []
    speaker = claim.get("speaker")
    if isinstance(speaker, str) and speaker and not claim.get("inherited_speaker"):
        spans.append((_find(sentence, speaker), "speaker"))
    for figure in items(claim, "figures"):
        if isinstance(figure, Mapping) and isinstance(figure.get("text"), str):
            spans.append((_find(sentence, figure["text"]), "figure"))
    return spans


def _find(sentence: str, needle: str) -> Span | None:
    at = sentence.find(needle) if needle else -1
    return Span(at, at + len(needle)) if at >= 0 else None


def compared(story: Mapping[str, Any]) -> list[tuple[str, list[tuple[str, ...]]]]:
    """The story's figures compared: ``(heading, rows)`` per quantity, rows of
    :data:`FIGURE_COLUMNS` (value, speaker, source, article id, context: the words around
    the figure in its sentence, :func:`figure_context`), each sanitized.

    The heading is ``"صاروخ (count)"`` (the noun, else the key, and the kind); the value
    is the normalized value followed by the text as written when they differ
    (``"110 (110 صواريخ)"``); a missing speaker is :data:`NO_SPEAKER`.
    """
    out = []
    for item in items(story, "figures_compared"):
        if not isinstance(item, Mapping):
            continue
        name = text(item.get("noun")) or text(item.get("key")) or "figure"
        kind = text(item.get("kind"))
        rows = []
        for report in items(item, "reports"):
            if isinstance(report, Mapping):
                rows.append(_report_row(report))
        out.append((f"{name} ({kind})" if kind else name, rows))
    return out


def _report_row(report: Mapping[str, Any]) -> tuple[str, ...]:
    value, written = text(report.get("value")), text(report.get("text"))
    shown = f"{value} ({written})" if value and written and written != value else value or written
    return (shown or "-", text(report.get("speaker")) or NO_SPEAKER,
            text(report.get("source")) or "-", text(report.get("article_id")) or "-",
            figure_context(text(report.get("sentence")), written) or "-")


#: Words shown before and after a figure in the Context column.
CONTEXT_WORDS = (6, 4)


def figure_context(sentence: str, figure: str) -> str:
    """Up to :data:`CONTEXT_WORDS` words either side of ``figure`` in ``sentence``
    ("… أطلقت 103 صواريخ على …"), so a reader sees what the number counts (fired or
    intercepted); the whole sentence when it is short; "" for no sentence.  Both are
    sanitized text (units: words split on white space)."""
    words = sentence.split()
    if not words:
        return ""
    at = sentence.find(figure) if figure else -1
    if at < 0:
        start, end = 0, sum(CONTEXT_WORDS)
    else:
        first = len(sentence[:at].split())
        last = first + max(1, len(figure.split()))
        start, end = max(0, first - CONTEXT_WORDS[0]), last + CONTEXT_WORDS[1]
    shown = " ".join(words[start:end])
    return ("… " if start > 0 else "") + shown + (" …" if end < len(words) else "")


def run_lines(digest: Digest) -> list[tuple[str, str]]:
    """``(label, value)`` pairs about the run: generated, inputs, counts, method."""
    inputs = digest.get("inputs") if isinstance(digest.get("inputs"), Mapping) else {}
    method = digest.get("method") if isinstance(digest.get("method"), Mapping) else {}

    def num(key: str) -> int:
        value = inputs.get(key)
        return value if isinstance(value, int) else 0

    generated = text(digest.get("generated_at"))
    version = text(digest.get("ansum_version"))
    out = [("Generated", f"{generated} by ansum {version}".strip() if version else generated),
           ("Inputs", ", ".join(joined_texts(items(inputs, "paths")))),
           ("Articles", f"{num('articles')} read, {plural(num('duplicates'), 'duplicate')}, "
                        f"{plural(num('stories'), 'story').replace('storys', 'stories')}, "
                        f"{num('briefed')} briefed, {num('from_cache')} from cache")]
    parts = [f"profile {text(method.get('profile'))}" if text(method.get("profile")) else "",
             f"summary {text(method.get('summary'))}" if text(method.get("summary")) else "",
             f"translation {text(method.get('translation')) or 'none'}"]
    out.append(("Method", ", ".join(p for p in parts if p)))
    return [(label, value) for label, value in out if value]


def skipped(digest: Digest) -> list[str]:
    """``"a.jsonl:17: line is not JSON"`` per skipped input."""
    inputs = digest.get("inputs") if isinstance(digest.get("inputs"), Mapping) else {}
    out = []
    for entry in items(inputs, "skipped"):
        if isinstance(entry, Mapping):
            where, reason = text(entry.get("where")), text(entry.get("reason"))
            out.append(f"{where}: {reason}" if where and reason else where or reason)
    return [s for s in out if s]


def warnings(digest: Digest) -> list[str]:
    """The run's warnings, sanitized."""
    method = digest.get("method") if isinstance(digest.get("method"), Mapping) else {}
    return joined_texts(items(method, "warnings"))


def article_line(parts: Mapping[str, str]) -> str:
    """``"ID · SOURCE · TITLE · DATE · URL (duplicate of ID)"`` from :func:`article_parts`."""
    fields = [parts["id"], parts["source"], parts["title"], parts["date"], parts["url"]]
    line = " · ".join(f for f in fields if f)
    return f"{line} (duplicate of {parts['duplicate_of']})" if parts["duplicate_of"] else line


def overview_rows(digest: Digest) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
    """``(number, anchor, story)`` for every story, numbered from 1; anchors are unique
    (a repeated one gets ``-NUMBER`` appended)."""
    out, seen = [], set()
    for i, story in enumerate(stories(digest), 1):
        name = anchor(story, i)
        if name in seen:
            name = f"{name}-{i}"
        seen.add(name)
        out.append((i, name, story))
    return out
