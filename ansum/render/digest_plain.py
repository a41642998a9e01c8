"""Plain-text daily brief: the markdown format's content without markup, for pipes.

Never wrapped (scripts can split on newlines); no escape code of any kind.  User text
is sanitized (:mod:`ansum.render.safe`) and printed in logical order, or with
``bidi="visual"`` reordered per line (:mod:`ansum.render.visual`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansum.render import common
from ansum.render import digest_common as dc
from ansum.render.base import RenderOptions


def render_plain(digest: dc.Digest, options: RenderOptions) -> str:
    """Render the digest as plain text.

    Args:
        digest: the daily-brief dict (docs: digest shape).
        options: only ``bidi`` is used.

    Returns:
        The text, ending in a newline.

    Raises:
        ConfigError: ``bidi="visual"`` without python-bidi.
    """
    lines = [dc.DIGEST_TITLE]
    lines += [f"{label}: {value}" for label, value in dc.run_lines(digest)]
    for heading, entries in (("Skipped inputs", dc.skipped(digest)),
                             (common.WARNINGS, dc.warnings(digest))):
        if entries:
            lines += ["", heading, *(f"- {e}" for e in entries)]

    rows = dc.overview_rows(digest)
    lines += ["", dc.CONTENTS]
    lines += [f"{n}. [{dc.counts(s)}] {dc.title(s)}" for n, _, s in rows] or ["(none)"]
    for number, _, story in rows:
        lines += ["", *story_lines(number, story)]
    text = "\n".join(lines) + "\n"
    if options.bidi == "visual":
        from ansum.render.visual import visual_text

        return visual_text(text)
    return text


def story_lines(number: int, story: Mapping[str, Any]) -> list[str]:
    """The lines of one story in full, starting with ``== N. TITLE ==``."""
    lines = [f"== {number}. {dc.title(story)} =="]
    if dc.text(story.get("title_en")):
        lines.append(f"English: {dc.text(story.get('title_en'))}")
    lines.append(" · ".join(f"{label}: {value}" for label, value in dc.story_meta(story)))

    lines += ["", dc.ARTICLES]
    articles = [a for a in dc.items(story, "articles") if isinstance(a, Mapping)]
    lines += [f"- {dc.article_line(dc.article_parts(a))}" for a in articles] or ["(none)"]

    note = dc.summary_note(story)
    lines += ["", f"{common.AR_SUMMARY} ({note})" if note else common.AR_SUMMARY]
    lines += dc.summary_sentences(story, "ar") or ["(none)"]
    lines += ["", common.EN_SUMMARY]
    en = dc.summary_sentences(story, "en")
    lines += (en or ["(none)"]) if en is not None else [common.NO_TRANSLATION]

    lines += ["", common.CLAIMS]
    claims = [c for c in dc.items(story, "claims") if isinstance(c, Mapping)]
    for claim in claims:
        lines += _claim_lines(claim)
    if not claims:
        lines.append("(none)")

    compared = dc.compared(story)
    if compared:
        lines += ["", dc.FIGURES_COMPARED]
        for heading, rows in compared:
            lines.append(f"{heading}: {' | '.join(c.lower() for c in dc.FIGURE_COLUMNS)}")
            lines += [f"- {' | '.join(row)}" for row in rows] or ["(none)"]
    return lines


def _claim_lines(claim: Mapping[str, Any]) -> list[str]:
    who = dc.speaker_label(claim)
    sentence = common.line_text(claim.get("text") if isinstance(claim.get("text"), str) else "")
    lines = [f"- [{who}] {sentence}" if who else f"- {sentence}"]
    en = claim.get("text_en")
    if isinstance(en, str):
        en_who = dc.en_speaker_label(claim)
        line = common.line_text(en)
        lines.append(f"  en: {line} — {en_who}" if en_who else f"  en: {line}")
    else:
        lines.append(f"  en: {common.NO_TRANSLATION}")
    figures = dc.figures_text(claim)
    if figures:
        lines.append(f"  figures: {figures}")
    sources = dc.claim_sources(claim)
    if sources:
        lines.append(f"  {sources}")
    return lines
