"""Renderers: :class:`~ansum.schema.Brief` in, text out.

``RENDERERS`` maps a format name to a function
``(briefs: Sequence[Brief], *, color: bool, width: int | None) -> str``.
Every renderer but "json" sanitizes user text (:mod:`ansum.render.safe`) and then
escapes it for its format; "json" writes the exact text (see
:mod:`ansum.render.jsonout`).  Importing this package does not import ``rich``.

Usage::

    from ansum.render import render
    sys.stdout.write(render(brief, "markdown", color=False, width=None))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from ansum.errors import ConfigError
from ansum.render.common import as_briefs
from ansum.render.html import render_html
from ansum.render.jsonout import render_json
from ansum.render.markdown import render_markdown
from ansum.render.plain import render_plain
from ansum.render.terminal import render_terminal
from ansum.schema import Brief

Renderer = Callable[..., str]

#: Format name -> renderer.  "terminal" is meant for a TTY, "plain" for a pipe.
RENDERERS: dict[str, Renderer] = {
    "terminal": render_terminal,
    "plain": render_plain,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}


def get_renderer(name: str) -> Renderer:
    """Return the renderer registered as ``name``.

    Raises:
        ConfigError: ``name`` is not a key of :data:`RENDERERS`; the hint lists them.
    """
    try:
        return RENDERERS[name]
    except KeyError:
        valid = ", ".join(RENDERERS)
        raise ConfigError(f"unknown output format {name!r}", hint=f"use one of: {valid}") from None


def render(
    brief_or_briefs: Brief | Iterable[Brief],
    fmt: str,
    *,
    color: bool = False,
    width: int | None = None,
) -> str:
    """Render one brief or several (one per input file) in format ``fmt``.

    Args:
        brief_or_briefs: a :class:`Brief`, or an iterable of them in input order.
        fmt: a key of :data:`RENDERERS`.
        color: ANSI styles in the "terminal" format; ignored by the others.
        width: line width in terminal cells for "terminal" (None: 80); ignored by
            the others.

    Returns:
        The rendered text, ending in a newline when there is at least one brief.

    Raises:
        ConfigError: unknown ``fmt``.
    """
    renderer = get_renderer(fmt)
    briefs: Sequence[Brief] = as_briefs(brief_or_briefs)
    return renderer(briefs, color=color, width=width)


#: Text between two consecutive briefs, for the formats that can be written brief by
#: brief (``render(briefs)`` equals the streamed chunks joined).  HTML is one document.
SEPARATORS: dict[str, str] = {"plain": "\n", "markdown": "\n---\n\n", "terminal": "", "json": ""}


def stream(
    briefs: Iterable[Brief],
    fmt: str,
    *,
    several: bool,
    color: bool = False,
    width: int | None = None,
) -> Iterator[str]:
    """Render briefs one at a time, as they are produced.

    Args:
        briefs: an iterable (e.g. a generator building briefs one by one).
        fmt: a key of :data:`RENDERERS`.
        several: True when the run has several inputs (each brief names its input).
        color, width: as for :func:`render`.

    Yields:
        Text chunks: one per brief for the formats of :data:`SEPARATORS` (each chunk
        after the first starts with the separator), or the whole document once at the
        end for "html".

    Raises:
        ConfigError: unknown ``fmt``.
    """
    renderer = get_renderer(fmt)
    if fmt not in SEPARATORS:
        collected = list(briefs)
        if collected:
            yield renderer(collected, color=color, width=width)
        return
    extra = {} if fmt == "json" else {"several": several}
    for i, brief in enumerate(briefs):
        text = renderer([brief], color=color, width=width, **extra)
        yield (SEPARATORS[fmt] if i else "") + text


__all__ = ["RENDERERS", "SEPARATORS", "get_renderer", "render", "stream"]
