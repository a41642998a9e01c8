"""Helpers shared by the text renderers: headings, metadata and notes, sanitized.

Every string returned here has been through :func:`~ansum.render.safe.sanitize_line`
(one line, no control sequences) but is not yet escaped for any format.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote

from ansum.render.figures import article_day, english_figure
from ansum.render.safe import sanitize, sanitize_line
from ansum.schema import Brief, Claim

AR_SUMMARY = "الملخص"
EN_SUMMARY = "English summary"
CLAIMS = "Key claims"
WARNINGS = "Warnings"
NO_TRANSLATION = "(no translation)"
NAMED_EARLIER = "(named earlier)"


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
    items = [("Source", brief.meta.source), ("Date", brief.meta.date),
             ("URL", display_url(brief.meta.url))]
    return [(label, sanitize_line(v)) for label, v in items if sanitize_line(v)]


def display_url(url: str) -> str:
    """Return ``url`` with percent-escapes decoded for reading ("/%D8%A7…" → "/ا…").

    Display only (JSON keeps the address as found).  Escapes that do not decode to
    UTF-8 text, and escapes of characters that delimit a URL or would change what it
    says (``%20``, ``%2F``, ``%3F``, ``%23``, ``%25``, and every control, format — bidi,
    zero-width, tags — or separator character, Unicode categories C* and Z*), are kept as
    written.
    """
    if "%" not in url:
        return url
    import unicodedata

    def piece(run: str) -> str:
        text = unquote(run, errors="strict") if run else run
        # Delimiters, and every control/format/private/unassigned or separator character
        # (C*, Z*: C0/C1, DEL, bidi controls, zero-width, tags, spaces), stay escaped.
        if any(ch in text for ch in "/?#%&=+") or any(
                unicodedata.category(ch)[0] in "CZ" for ch in text):
            return run
        return text

    import re

    try:
        return re.sub(r"(?:%[0-9A-Fa-f]{2})+", lambda m: piece(m.group()), url)
    except UnicodeDecodeError:
        return url


def speaker_label(claim: Claim) -> str | None:
    """The claim's speaker as written, "… (named earlier)" when inherited; None for none."""
    if claim.speaker is not None:
        return sanitize_line(claim.speaker.of(claim.text)) or None
    if claim.inherited_speaker:
        return f"{sanitize_line(claim.inherited_speaker)} {NAMED_EARLIER}"
    return None


def en_speaker_label(claim: Claim) -> str | None:
    """The speaker's English form, when the English sentence does not show it highlighted.

    Returns the translated name of an inherited speaker with " (named earlier)", or None
    when the speaker is highlighted in ``claim.en`` (``en_speaker``), unknown, or absent.
    """
    if claim.en is None or claim.en_speaker is not None:
        return None
    if claim.speaker is None and claim.en_inherited_speaker:
        return f"{sanitize_line(claim.en_inherited_speaker)} {NAMED_EARLIER}"
    return None


def english_figures(brief: Brief, claim: Claim) -> str:
    """Return the claim's figures in English, "2022-01-10 (date, year inferred), 23:30 (time)";
    "" for none.  Dates are ISO 8601 with the year from the article's date when missing."""
    ref = article_day(brief.meta.date)
    out = []
    for f in claim.figures:
        english = english_figure(f, ref)
        note = f"{sanitize_line(f.kind)}, year inferred" if english.year_inferred else f.kind
        out.append(f"{sanitize_line(english.text)} ({sanitize_line(note)})")
    return ", ".join(out)


def english_note(brief: Brief) -> str | None:
    """Return "English: <status> (<reason>)" when ``brief.english`` is not "ok", else None.

    A reason that is also one of the brief's warnings (a model problem) is shortened to
    its first clause and "see Warnings", so the brief says it once."""
    if brief.english == "ok":
        return None
    status = sanitize_line(brief.english) or "none"
    reason = sanitize_line(brief.english_reason)
    if brief.english_reason in brief.warnings and ":" in reason:
        # the whole message is in the Warnings section: say it once per brief
        reason = f"{reason.split(':', 1)[0]}; see {WARNINGS}"
    return f"English: {status} ({reason})" if reason else f"English: {status}"


def provenance_line(brief: Brief) -> str:
    """Return "summary: method; claims: method; translation: method", or "" for no stages.

    The summary's method is said as :func:`summary_method` says it ("extractive (no
    summarizer model available)"); the others as recorded in ``brief.stages``.
    """
    parts = []
    for s in brief.stages:
        method = summary_method(brief) if s.name == "summary" else sanitize_line(s.method)
        parts.append(f"{sanitize_line(s.name)}: {method}")
    return "; ".join(parts)


def summary_method(brief: Brief) -> str | None:
    """Say which method made the summary, e.g. "extractive (no summarizer model available)",
    "hf:csebuetnlp/mT5_multilingual_XLSum"; None when the brief has no summary stage."""
    stage = next((s for s in brief.stages if s.name == "summary"), None)
    if stage is None:
        return None
    method = sanitize_line(stage.method)
    if not method.startswith("extractive"):
        return method
    if any(w.startswith("abstractive summary") for w in brief.warnings):
        why = "no summarizer model available"
    elif any(w.startswith("extractive summary used") for w in brief.warnings):
        why = "the article is too short for the summarizer"
    else:
        why = "model-free"
    return f"extractive ({why})"


def flags_text(flags: Iterable[str]) -> str:
    """Return the flags joined by ", ", each sanitized; "" for none."""
    return ", ".join(f for f in (sanitize_line(x) for x in flags) if f)


def line_text(text: str) -> str:
    """Return ``sanitize(text)`` with newlines made spaces and ends stripped.

    Unlike :func:`~ansum.render.safe.sanitize_line`, inner runs of spaces are kept, so
    a sentence prints exactly as in the article.
    """
    return sanitize(text).replace("\n", " ").strip()
