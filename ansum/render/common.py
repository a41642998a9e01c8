"""Helpers shared by the text renderers: headings, metadata and notes, sanitized.

Every string returned here has been through :func:`~ansum.render.safe.sanitize_line`
(one line, no control sequences) but is not yet escaped for any format.
"""

from __future__ import annotations

from collections.abc import Iterable

from ansum.render.safe import sanitize, sanitize_line
from ansum.schema import Brief

AR_SUMMARY = "الملخص"
EN_SUMMARY = "English summary"
CLAIMS = "Key claims"
WARNINGS = "Warnings"
NO_TRANSLATION = "(no translation)"


def as_briefs(brief_or_briefs: Brief | Iterable[Brief]) -> list[Brief]:
    """Return a list of briefs from one :class:`Brief` or an iterable of them."""
    if isinstance(brief_or_briefs, Brief):
        return [brief_or_briefs]
    return list(brief_or_briefs)


def heading(brief: Brief) -> str:
    """Return the brief's title, else its input name, else "(untitled)"."""
    return sanitize_line(brief.meta.title) or sanitize_line(brief.name) or "(untitled)"


def meta_items(brief: Brief) -> list[tuple[str, str]]:
    """Return ``(label, value)`` pairs for the non-empty source, date and URL."""
    items = [("Source", brief.meta.source), ("Date", brief.meta.date), ("URL", brief.meta.url)]
    return [(label, sanitize_line(v)) for label, v in items if sanitize_line(v)]


def english_note(brief: Brief) -> str | None:
    """Return "English: <status> (<reason>)" when ``brief.english`` is not "ok", else None."""
    if brief.english == "ok":
        return None
    status = sanitize_line(brief.english) or "none"
    reason = sanitize_line(brief.english_reason)
    return f"English: {status} ({reason})" if reason else f"English: {status}"


def provenance_line(brief: Brief) -> str:
    """Return "summary: method; translation: method; …", or "" when there are no stages."""
    return "; ".join(f"{sanitize_line(s.name)}: {sanitize_line(s.method)}" for s in brief.stages)


def flags_text(flags: Iterable[str]) -> str:
    """Return the flags joined by ", ", each sanitized; "" for none."""
    return ", ".join(f for f in (sanitize_line(x) for x in flags) if f)


def line_text(text: str) -> str:
    """Return ``sanitize(text)`` with newlines made spaces and ends stripped.

    Unlike :func:`~ansum.render.safe.sanitize_line`, inner runs of spaces are kept, so
    a sentence prints exactly as in the article.
    """
    return sanitize(text).replace("\n", " ").strip()
