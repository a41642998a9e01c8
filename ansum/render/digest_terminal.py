"""Terminal daily brief: a rich overview, one line per story, then the top stories in full.

Same rules as :mod:`ansum.render.terminal`, whose console and layout helpers it uses:
``rich`` is imported inside the functions only; user text is sanitized and appended to
:class:`rich.text.Text` with explicit styles (never parsed as rich markup); ANSI styles
only with ``options.color``; lines fit ``options.width`` (None: 80 cells); with
``bidi="visual"`` each displayed line is reordered (:mod:`ansum.render.visual`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ansum.render import common
from ansum.render import digest_common as dc
from ansum.render.base import RenderOptions
from ansum.render.terminal import STYLES, finish, make_console, print_rows, section, styled

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

#: How many stories the terminal format shows in full after the overview.
DEFAULT_TOP = 5


def render_terminal(digest: dc.Digest, options: RenderOptions, *, top: int = DEFAULT_TOP) -> str:
    """Render the digest for a terminal.

    Args:
        digest: the daily-brief dict (docs: digest shape).
        options: ``color``, ``width`` (cells; None: 80) and ``bidi``.
        top: how many stories (the first ones, in the digest's order) are shown in full
            after the one-line-per-story overview; 0 for the overview only.

    Returns:
        The rendered text, ending in a newline.

    Raises:
        ConfigError: ``bidi="visual"`` without python-bidi.
    """
    from rich.panel import Panel
    from rich.text import Text

    out = io.StringIO()
    console = make_console(out, options)
    header = Text(dc.DIGEST_TITLE, style="bold")
    for label, value in dc.run_lines(digest):
        header.append(f"\n{label}: {value}", style="dim")
    console.print(Panel(header, expand=False, border_style="blue"))
    for heading, entries in (("Skipped inputs", dc.skipped(digest)),
                             (common.WARNINGS, dc.warnings(digest))):
        if entries:
            section(console, heading, style="bold yellow")
            for entry in entries:
                console.print(Text(f"! {entry}", style="yellow"))

    rows = dc.overview_rows(digest)
    section(console, dc.CONTENTS)
    _overview(console, rows)
    for number, _, story in rows[: max(0, top)]:
        console.print()
        _story(console, number, story)
    if len(rows) > max(0, top) and top > 0:
        console.print()
        console.print(Text(f"{len(rows) - top} more stories in the overview above "
                           "(--format plain, markdown or html shows all in full)", style="dim"))
    return finish(out.getvalue(), options)


def _overview(console: Console, rows: list) -> None:
    """One line per story: number, sources, articles, title (cut with … to fit)."""
    from rich.table import Table
    from rich.text import Text

    if not rows:
        console.print(Text("(none)", style="dim"))
        return
    table = Table(box=None, padding=(0, 1), show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True, style="dim")
    table.add_column("src", justify="right", no_wrap=True)
    table.add_column("art", justify="right", no_wrap=True)
    # the column may shrink (a no_wrap column would squeeze the numbers away); the
    # text itself never wraps, it is cut with "…"
    table.add_column("title", ratio=1)
    for number, _, story in rows:
        line = Text(dc.title(story), style="bold" if number == 1 else None, no_wrap=True,
                    overflow="ellipsis")
        if story.get("continuing"):
            line.append(f" ({dc.CONTINUING})", style="dim")
        table.add_row(str(number), str(len(dc.items(story, "sources"))),
                      str(len(dc.items(story, "articles"))), line)
    console.print(table)


def _story(console: Console, number: int, story: Mapping[str, Any]) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    header = [Text(f"{number}. {dc.title(story)}", style="bold")]
    if dc.text(story.get("title_en")):
        header.append(Text(dc.text(story.get("title_en"))))
    meta = [f"{label}: {value}" for label, value in dc.story_meta(story)]
    header.append(Text(" · ".join([dc.counts(story), *meta]), style="dim"))
    console.print(Panel(Group(*header), expand=False, border_style="blue"))

    section(console, dc.ARTICLES)
    articles = [a for a in dc.items(story, "articles") if isinstance(a, Mapping)]
    # fold: a long address breaks across lines rather than being cut with "…"
    print_rows(console, [("•", Text(dc.article_line(dc.article_parts(a)), overflow="fold"))
                         for a in articles])

    note = dc.summary_note(story)
    section(console, common.AR_SUMMARY)
    if note:
        console.print(Text(f"Summary {note}", style="dim"))
    print_rows(console, [("•", Text(s)) for s in dc.summary_sentences(story, "ar") or []])
    section(console, common.EN_SUMMARY)
    en = dc.summary_sentences(story, "en")
    if en is None:
        console.print(Text(common.NO_TRANSLATION, style="dim"))
    else:
        print_rows(console, [("•", Text(s)) for s in en])

    section(console, common.CLAIMS)
    rows: list[tuple[str, Text]] = []
    for i, claim in enumerate(c for c in dc.items(story, "claims") if isinstance(c, Mapping)):
        if rows:
            rows.append(("", Text("")))
        rows += _claim_rows(i + 1, claim)
    print_rows(console, rows)

    for heading, reports in dc.compared(story):
        section(console, f"{dc.FIGURES_COMPARED}: {heading}")
        _figure_table(console, reports)


def _claim_rows(number: int, claim: Mapping[str, Any]) -> list[tuple[str, Text]]:
    from rich.text import Text

    sentence = claim.get("text") if isinstance(claim.get("text"), str) else ""
    rows = [(f"{number}.", styled(sentence, dc.claim_spans(claim)))]
    name = dc.text(claim.get("speaker"))
    if name:
        who = Text("— ")
        who.append(name, style=STYLES["speaker"])
        if claim.get("inherited_speaker"):
            who.append(f" {common.NAMED_EARLIER}", style="dim")
        rows.append(("", who))
    en = claim.get("text_en")
    if isinstance(en, str):
        line = styled(en, [])
        en_who = dc.en_speaker_label(claim)
        if en_who:
            line.append(" — ")
            line.append(en_who, style=STYLES["speaker"])
        rows.append(("EN", line))
    else:
        rows.append(("EN", Text(common.NO_TRANSLATION, style="dim")))
    figures = dc.figures_text(claim)
    if figures:
        rows.append(("", Text(figures, style="yellow")))
    sources = dc.claim_sources(claim)
    if sources:
        rows.append(("", Text(sources, style="dim")))
    return rows


def _figure_table(console: Console, reports: list[tuple[str, ...]]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in dc.FIGURE_COLUMNS:
        table.add_column(column, overflow="fold")
    for value, speaker, source, article, context in reports:
        table.add_row(Text(value, style=STYLES["figure"]), Text(speaker, style=STYLES["speaker"]),
                      Text(source), Text(article), Text(context))
    console.print(table)
