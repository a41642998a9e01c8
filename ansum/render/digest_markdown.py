"""Markdown daily brief (CommonMark/GFM), for mail and wikis.

One ``##`` heading per story, then its articles, summary (Arabic, then English), key
claims with speaker and sources, and a GFM table of the figures compared (value |
speaker | source | article).  User text is sanitized and backslash-escaped with
:func:`ansum.render.markdown.md_escape` (which escapes ``|`` too, so a cell cannot split
a table row: GFM 0.29, section 4.10); claims are highlighted with
:func:`ansum.render.markdown.highlighted`.  Markdown carries no text direction; use the
html format for ``dir``/``lang`` markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansum.render import common
from ansum.render import digest_common as dc
from ansum.render.base import RenderOptions
from ansum.render.markdown import highlighted, md_escape


def render_markdown(digest: dc.Digest, options: RenderOptions) -> str:
    """Render the digest as one Markdown document.

    Args:
        digest: the daily-brief dict (docs: digest shape).
        options: unused (Markdown has no width or colour).

    Returns:
        The Markdown text, ending in a newline.
    """
    lines = [f"# {dc.DIGEST_TITLE}", ""]
    lines += [f"- **{label}:** {md_escape(value)}" for label, value in dc.run_lines(digest)]
    for heading, entries in (("Skipped inputs", dc.skipped(digest)),
                             (common.WARNINGS, dc.warnings(digest))):
        if entries:
            lines += ["", f"**{heading}:**", ""]
            lines += [f"- {md_escape(e, line_start=True)}" for e in entries]

    rows = dc.overview_rows(digest)
    lines += ["", f"## {dc.CONTENTS}", ""]
    lines += [f"{n}. {md_escape(dc.title(s))} — *{md_escape(dc.counts(s))}*"
              for n, _, s in rows] or ["*(none)*"]
    for number, _, story in rows:
        lines += ["", *_story_lines(number, story)]
    return "\n".join(lines) + "\n"


def _story_lines(number: int, story: Mapping[str, Any]) -> list[str]:
    lines = [f"## {number}. {md_escape(dc.title(story))}", ""]
    meta = [("English", dc.text(story.get("title_en")))] if dc.text(story.get("title_en")) else []
    meta += dc.story_meta(story)
    lines += [" · ".join(f"**{label}:** {md_escape(value)}" for label, value in meta), ""]

    lines += [f"### {dc.ARTICLES}", ""]
    articles = [a for a in dc.items(story, "articles") if isinstance(a, Mapping)]
    lines += [_article_line(dc.article_parts(a)) for a in articles] or ["*(none)*"]

    note = dc.summary_note(story)
    lines += ["", f"### {common.AR_SUMMARY}", ""]
    if note:
        lines += [f"*{md_escape(note)}*", ""]
    lines += [f"- {highlighted(s, [])}" for s in dc.summary_sentences(story, "ar") or []]
    if not dc.summary_sentences(story, "ar"):
        lines.append("*(none)*")
    lines += ["", f"### {common.EN_SUMMARY}", ""]
    en = dc.summary_sentences(story, "en")
    if en is None:
        lines.append(f"*{md_escape(common.NO_TRANSLATION)}*")
    else:
        lines += [f"- {highlighted(s, [])}" for s in en] or ["*(none)*"]

    lines += ["", f"### {common.CLAIMS}", ""]
    claims = [c for c in dc.items(story, "claims") if isinstance(c, Mapping)]
    for claim in claims:
        lines += _claim_lines(claim)
    if not claims:
        lines.append("*(none)*")

    for heading, rows in dc.compared(story):
        lines += ["", f"### {dc.FIGURES_COMPARED}: {md_escape(heading)}", ""]
        lines.append("| " + " | ".join(dc.FIGURE_COLUMNS) + " |")
        lines.append("|" + "---|" * len(dc.FIGURE_COLUMNS))
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _cell(value: str) -> str:
    """A table cell: escaped (``|`` included), never empty."""
    return md_escape(value) or "-"


def _article_line(parts: Mapping[str, str]) -> str:
    fields = [f"**{md_escape(parts['source'])}**" if parts["source"] else "",
              md_escape(parts["title"]), md_escape(parts["date"]), md_escape(parts["url"])]
    line = f"- {md_escape(parts['id'])} — " + " — ".join(f for f in fields if f)
    if parts["duplicate_of"]:
        line += f" *(duplicate of {md_escape(parts['duplicate_of'])})*"
    return line


def _claim_lines(claim: Mapping[str, Any]) -> list[str]:
    sentence = claim.get("text") if isinstance(claim.get("text"), str) else ""
    lines = [f"- {highlighted(sentence, dc.claim_spans(claim))}"]
    who = dc.speaker_label(claim)
    if who:
        lines.append(f"  - Speaker: **{md_escape(who)}**")
    en = claim.get("text_en")
    if isinstance(en, str):
        en_who = dc.en_speaker_label(claim)
        suffix = f" — **{md_escape(en_who)}**" if en_who else ""
        lines.append(f"  - EN: {highlighted(en, [])}{suffix}")
    else:
        lines.append(f"  - EN: *{md_escape(common.NO_TRANSLATION)}*")
    figures = dc.figures_text(claim)
    if figures:
        lines.append(f"  - Figures: {md_escape(figures)}")
    sources = dc.claim_sources(claim)
    if sources:
        lines.append(f"  - {md_escape(sources)}")
    return lines
