"""Markdown renderer (CommonMark/GFM): headings, lists, highlighted claims.

User text is sanitized (:mod:`ansum.render.safe`), newlines inside it become
spaces (a newline could start a heading or end a list item), and every piece is
escaped with backslashes (CommonMark 0.31, section 2.4: any ASCII punctuation may
be escaped).  Highlights are applied to pieces split at span boundaries
(:mod:`ansum.render.spans`): speaker ``**bold**``, verb ``*italic*``, figures as
code spans.  Plain Markdown carries no text direction; use the html format for
``dir``/``lang`` markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ansum.render import common
from ansum.render.base import RenderOptions
from ansum.render.safe import sanitize_line
from ansum.render.spans import Piece, claim_en_spans, claim_spans, safe_pieces
from ansum.schema import Brief, Claim, Span

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_LEADING_MARKER = re.compile(r"^(\s*)(?:([-+=])|(\d{1,9})([.)]))")
_EMPHASIS = {"speaker": "**", "verb": "*"}


def md_escape(text: str, *, line_start: bool = False) -> str:
    """Return ``text`` with Markdown punctuation backslash-escaped.

    Escapes ``\\ ` * _ [ ] < > # | ~ &`` everywhere; with ``line_start`` also a
    leading list or setext marker (``-``, ``+``, ``=``, ``1.``, ``1)``).  Newlines
    become spaces.  The text should already be sanitized.
    """
    text = _SPECIAL.sub(r"\\\1", text.replace("\n", " ").replace("\r", " "))
    if line_start:
        text = _LEADING_MARKER.sub(_escape_marker, text, count=1)
    return text


def _escape_marker(m: re.Match[str]) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def code_span(text: str) -> str:
    """Return ``text`` as a CommonMark code span, fenced by more backticks than it holds."""
    text = text.replace("\n", " ")
    runs = [len(r) for r in re.findall(r"`+", text)]
    if not runs:
        return f"`{text}`"
    fence = "`" * (max(runs) + 1)
    return f"{fence} {text} {fence}"


def _wrap(piece: str, style: str | None) -> str:
    core = piece.strip()
    if not core or style not in ("speaker", "verb", "figure"):
        return md_escape(piece)
    lead = piece[: len(piece) - len(piece.lstrip())]
    trail = piece[len(piece.rstrip()) :]
    if style == "figure":
        body = code_span(core)
    else:
        body = f"{_EMPHASIS[style]}{md_escape(core)}{_EMPHASIS[style]}"
    return f"{md_escape(lead)}{body}{md_escape(trail)}"


def highlighted(text: str, spans: Sequence[tuple[Span | None, str]]) -> str:
    """Return ``text`` sanitized, escaped and highlighted at ``spans``, as one line.

    Leading whitespace is dropped and a leading list marker escaped, so the result
    can follow a list bullet.
    """
    pieces: list[Piece] = safe_pieces(text, spans)
    while pieces and not pieces[0][0].strip():
        pieces.pop(0)
    if pieces:
        pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
    out = "".join(_wrap(p, s) for p, s in pieces).rstrip()
    return _LEADING_MARKER.sub(_escape_marker, out, count=1) if pieces and not pieces[0][1] else out


class MarkdownRenderer:
    """A Markdown document; briefs separated by ``---``, each naming its input on an
    ``**Input:**`` line when there are several."""

    name = "markdown"
    separator = "\n---\n\n"

    def render(self, briefs: Sequence[Brief], options: RenderOptions) -> str:
        """Render ``briefs`` in input order (see :class:`ansum.render.base.Renderer`).

        Returns:
            The Markdown text, ending in a newline ("" for no briefs).
        """
        several = options.names_inputs(briefs)
        blocks = []
        for brief in briefs:
            lines = _brief_lines(brief, several=several)
            blocks.append("\n".join(lines) + "\n")
        return "\n---\n\n".join(blocks)


def _brief_lines(brief: Brief, *, several: bool) -> list[str]:
    lines = [f"# {md_escape(common.heading(brief))}", ""]
    items = [("Input", sanitize_line(brief.name) or "-")] if several else []
    items += common.meta_items(brief)
    if items:
        lines += [" · ".join(f"**{label}:** {md_escape(v)}" for label, v in items), ""]

    lines += [f"## {common.AR_SUMMARY}", ""]
    lines += [f"- {highlighted(s.ar, [])}" for s in brief.summary] or ["*(none)*"]

    lines += ["", f"## {common.EN_SUMMARY}", ""]
    note = common.english_note(brief)
    if note:
        lines += [f"*{md_escape(note)}*", ""]
    for s in brief.summary:
        if s.en is not None:
            lines.append(f"- {highlighted(s.en, [])}{_flag_suffix(s.flags)}")
        elif note is None:
            lines.append(f"- *{md_escape(common.NO_TRANSLATION)}*")

    lines += ["", f"## {common.CLAIMS}", ""]
    for claim in brief.claims:
        lines += _claim_lines(brief, claim)
    if not brief.claims:
        lines.append("*(none)*")

    if brief.warnings:
        lines += ["", f"## {common.WARNINGS}", ""]
        lines += [f"- {md_escape(sanitize_line(w), line_start=True)}" for w in brief.warnings]
    provenance = common.provenance_line(brief)
    if provenance:
        lines += ["", f"*Method: {md_escape(provenance)}*"]
    return lines


def _flag_suffix(flags: Sequence[str]) -> str:
    text = common.flags_text(flags)
    return f" *(⚠ {md_escape(text)})*" if text else ""


def _claim_lines(brief: Brief, claim: Claim) -> list[str]:
    lines = [f"- {highlighted(claim.text, claim_spans(claim))}"]
    if claim.speaker is None and claim.inherited_speaker:
        name = md_escape(sanitize_line(claim.inherited_speaker))
        lines.append(f"  - — **{name}** {md_escape(common.NAMED_EARLIER)}")
    if claim.en is not None:
        who = common.en_speaker_label(claim)
        suffix = f" — **{md_escape(who)}**" if who else ""
        lines.append(f"  - EN: {highlighted(claim.en, claim_en_spans(claim))}{suffix}")
    else:
        lines.append(f"  - EN: *{md_escape(common.NO_TRANSLATION)}*")
    if claim.figures:
        lines.append(f"  - Figures: {md_escape(common.english_figures(brief, claim))}")
    flags = common.flags_text(claim.flags)
    if flags:
        lines.append(f"  - ⚠ {md_escape(flags)}")
    return lines
