"""Terminal renderer: a rich layout with highlighted claims, rendered to a string.

``rich`` is imported inside the functions only, so ``import ansum.render`` stays
cheap.  User text never goes through rich's markup parser: it is sanitized
(:mod:`ansum.render.safe`) and appended to :class:`rich.text.Text` objects with an
explicit style, so ``[bold]`` or ``[link=…]`` in an article prints as written.
Arabic is kept in logical order; the terminal does any bidi reordering (or, with
``bidi="visual"``, :mod:`ansum.render.visual` reorders each wrapped line).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ansum.render import common
from ansum.render.base import RenderOptions
from ansum.render.safe import sanitize, sanitize_line
from ansum.render.spans import claim_en_spans, claim_spans, safe_pieces
from ansum.schema import Brief, Claim

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

#: Width in terminal cells used when the caller passes ``width=None``.
DEFAULT_WIDTH = 80

#: rich style of each highlight (see :data:`ansum.render.spans.STYLES`).
STYLES = {"speaker": "bold cyan", "verb": "italic", "quote": "green", "figure": "bold yellow"}

_FLAG = "⚠ "


class TerminalRenderer:
    """Rich text for a terminal: a rule naming each input when there are several; ANSI
    styles (8-colour palette) only with ``options.color``; lines fit ``options.width``."""

    name = "terminal"
    separator = ""

    def render(self, briefs: Sequence[Brief], options: RenderOptions) -> str:
        """Render ``briefs`` in input order (see :class:`ansum.render.base.Renderer`).

        Returns:
            The rendered text, ending in a newline ("" for no briefs).
        """
        several = options.names_inputs(briefs)
        out = io.StringIO()
        console = make_console(out, options)
        for brief in briefs:
            if several:
                _input_rule(console, brief)
            _render_one(console, brief)
        return finish(out.getvalue(), options)


def make_console(out: io.StringIO, options: RenderOptions) -> Console:
    """A rich Console writing to ``out``: ``options.width`` cells (None: 80), the
    8-colour palette only with ``options.color``, no markup, emoji or highlighting
    (user text prints as written), independent of COLUMNS, LINES and TERM."""
    from rich.console import Console

    return Console(
        file=out,
        width=options.width or DEFAULT_WIDTH,
        height=25,  # with width, makes rich ignore COLUMNS, LINES and TERM=dumb
        force_terminal=options.color,
        force_jupyter=False,
        force_interactive=False,
        color_system="standard" if options.color else None,
        no_color=not options.color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )


def finish(text: str, options: RenderOptions) -> str:
    """``text`` as rendered, or reordered per line for ``bidi="visual"``.

    Raises:
        ConfigError: ``bidi="visual"`` without python-bidi.
    """
    if options.bidi == "visual":
        from ansum.render.visual import visual_text

        return visual_text(text)
    return text


def _input_rule(console: Console, brief: Brief) -> None:
    from rich.text import Text

    console.print()
    console.rule(Text(sanitize_line(brief.name) or "-", style="bold"), style="blue")


def _render_one(console: Console, brief: Brief) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    header = [Text(common.heading(brief), style="bold")]
    meta = " · ".join(f"{label}: {value}" for label, value in common.meta_items(brief))
    if meta:
        header.append(Text(meta, style="dim"))
    console.print(Panel(Group(*header), expand=False, border_style="blue"))

    _section(console, common.AR_SUMMARY)
    rows = [("•", Text(sanitize(s.ar).strip())) for s in brief.summary]
    _print_rows(console, rows)

    _section(console, common.EN_SUMMARY)
    note = common.english_note(brief)
    if note:
        console.print(Text(note, style="dim"))
    rows = []
    for s in brief.summary:
        if s.en is not None:
            rows.append(("•", _with_flags(Text(sanitize(s.en).strip()), s.flags)))
        elif note is None:
            rows.append(("•", Text(common.NO_TRANSLATION, style="dim")))
    if rows:
        _print_rows(console, rows)

    _section(console, common.CLAIMS)
    rows = []
    for number, claim in enumerate(brief.claims, 1):
        if rows:
            rows.append(("", Text("")))
        rows += _claim_rows(brief, number, claim)
    _print_rows(console, rows)

    if brief.warnings:
        _section(console, common.WARNINGS, style="bold yellow")
        for w in brief.warnings:
            console.print(Text(f"! {sanitize_line(w)}", style="yellow"))
    provenance = common.provenance_line(brief)
    if provenance:
        console.print()
        console.print(Text(provenance, style="dim"))


def _section(console: Console, title: str, style: str = "bold underline") -> None:
    from rich.text import Text

    console.print()
    console.print(Text(title, style=style))


def _styled(text: str, spans: list) -> Text:
    from rich.text import Text

    out = Text()
    for piece, style in safe_pieces(text, spans):
        out.append(piece, style=STYLES.get(style) if style else None)
    return out


def _with_flags(line: Text, flags: Sequence[str]) -> Text:
    text = common.flags_text(flags)
    if text:
        line.append(f"  {_FLAG}{text}", style="bold yellow")
    return line


def _claim_rows(brief: Brief, number: int, claim: Claim) -> list[tuple[str, Text]]:
    from rich.text import Text

    rows = [(f"{number}.", _styled(claim.text, claim_spans(claim)))]
    if claim.speaker is None and claim.inherited_speaker:
        who = Text("— ")
        who.append(sanitize_line(claim.inherited_speaker), style=STYLES["speaker"])
        who.append(f" {common.NAMED_EARLIER}", style="dim")
        rows.append(("", who))
    if claim.en is not None:
        line = _styled(claim.en, claim_en_spans(claim))
        name = common.en_speaker_label(claim)
        if name:
            line.append(" — ")
            line.append(name, style=STYLES["speaker"])
        rows.append(("EN", line))
    else:
        rows.append(("EN", Text(common.NO_TRANSLATION, style="dim")))
    if claim.figures:
        rows.append(("", Text(common.english_figures(brief, claim), style="yellow")))
    flags = common.flags_text(claim.flags)
    if flags:
        rows.append((_FLAG.strip(), Text(flags, style="bold yellow")))
    return rows


def _print_rows(console: Console, rows: list[tuple[str, Text]]) -> None:
    """Print ``(marker, text)`` rows as a two-column grid: wrapped text hangs indented."""
    from rich.table import Table
    from rich.text import Text

    if not rows:
        console.print(Text("(none)", style="dim"))
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, style="dim")
    grid.add_column()
    for marker, text in rows:
        grid.add_row(Text(marker), text)
    console.print(grid)


#: Shared with :mod:`ansum.render.digest_terminal` (same layout for the daily brief).
section, styled, print_rows = _section, _styled, _print_rows
