"""Plain-text renderer: the default when stdout is a pipe; no escape code of any kind.

User text is sanitized (:mod:`ansum.render.safe`) and otherwise printed as is, in
logical order, one sentence per line.
"""

from __future__ import annotations

from collections.abc import Sequence

from ansum.render import common
from ansum.render.base import RenderOptions
from ansum.render.safe import sanitize_line
from ansum.schema import Brief, Claim


class PlainRenderer:
    """Plain text lines (never wrapped, so scripts can split on newlines); with several
    inputs, each brief starts with ``==> NAME <==`` as ``head`` does."""

    name = "plain"
    separator = "\n"

    def render(self, briefs: Sequence[Brief], options: RenderOptions) -> str:
        """Render ``briefs`` in input order (see :class:`ansum.render.base.Renderer`).

        Returns:
            The text, ending in a newline ("" for no briefs).
        """
        several = options.names_inputs(briefs)
        blocks = []
        for brief in briefs:
            lines = [f"==> {sanitize_line(brief.name) or '-'} <=="] if several else []
            lines += _brief_lines(brief)
            blocks.append("\n".join(lines) + "\n")
        if options.bidi == "visual":
            from ansum.render.visual import visual_text

            return visual_text("\n".join(blocks))
        return "\n".join(blocks)


def _brief_lines(brief: Brief) -> list[str]:
    lines = [common.heading(brief)]
    meta = " · ".join(f"{label}: {value}" for label, value in common.meta_items(brief))
    if meta:
        lines.append(meta)

    lines += ["", common.AR_SUMMARY]
    lines += [common.line_text(s.ar) for s in brief.summary] or ["(none)"]

    lines += ["", common.EN_SUMMARY]
    note = common.english_note(brief)
    if note:
        lines.append(note)
    for s in brief.summary:
        if s.en is not None:
            flags = common.flags_text(s.flags)
            lines.append(common.line_text(s.en) + (f"  [flags: {flags}]" if flags else ""))
        elif note is None:
            lines.append(common.NO_TRANSLATION)

    lines += ["", common.CLAIMS]
    for claim in brief.claims:
        lines += _claim_lines(brief, claim)
    if not brief.claims:
        lines.append("(none)")

    if brief.warnings:
        lines += ["", common.WARNINGS]
        lines += [f"- {sanitize_line(w)}" for w in brief.warnings]
    provenance = common.provenance_line(brief)
    if provenance:
        lines += ["", f"Method: {provenance}"]
    return lines


def _claim_lines(brief: Brief, claim: Claim) -> list[str]:
    tags = [common.speaker_label(claim), sanitize_line(claim.verb_text() or "")]
    tags = [t for t in tags if t]
    prefix = f"[{' | '.join(tags)}] " if tags else ""
    lines = [f"- {prefix}{common.line_text(claim.text)}"]
    en = common.line_text(claim.en) if claim.en is not None else common.NO_TRANSLATION
    who = common.en_speaker_label(claim)
    lines.append(f"  en: {en} — {who}" if who else f"  en: {en}")
    if claim.figures:
        figures = ", ".join(
            f"{sanitize_line(f.text)} ({sanitize_line(f.kind)})" for f in claim.figures
        )
        lines.append(f"  figures: {figures}")
        lines.append(f"  figures (en): {common.english_figures(brief, claim)}")
    flags = common.flags_text(claim.flags)
    if flags:
        lines.append(f"  flags: {flags}")
    return lines
