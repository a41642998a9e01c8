"""Renderers: :class:`~ansum.schema.Brief` in, text out.

``RENDERERS`` maps a format name to a :class:`~ansum.render.base.Renderer`: one
``render(briefs, options) -> str`` method, a ``name`` and the ``separator`` used when
briefs are written one by one.
Every renderer but "json" sanitizes user text (:mod:`ansum.render.safe`) and then
escapes it for its format; "json" writes the exact text (see
:mod:`ansum.render.jsonout`).  Importing this package does not import ``rich``.

Usage::

    from ansum.render import render
    sys.stdout.write(render(brief, "markdown", color=False, width=None))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ansum.errors import ConfigError
from ansum.render.base import Renderer, RenderOptions
from ansum.render.common import as_briefs
from ansum.render.html import HtmlRenderer
from ansum.render.jsonout import JsonRenderer
from ansum.render.markdown import MarkdownRenderer
from ansum.render.plain import PlainRenderer
from ansum.render.terminal import TerminalRenderer
from ansum.schema import Brief

#: Format name -> renderer.  "terminal" is meant for a TTY, "plain" for a pipe.
RENDERERS: dict[str, Renderer] = {
    r.name: r
    for r in (TerminalRenderer(), PlainRenderer(), MarkdownRenderer(), JsonRenderer(),
              HtmlRenderer())
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
    bidi: str = "logical",
) -> str:
    """Render one brief or several (one per input file) in format ``fmt``.

    Args:
        brief_or_briefs: a :class:`Brief`, or an iterable of them in input order.
        fmt: a key of :data:`RENDERERS`.
        color: ANSI styles in the "terminal" format; ignored by the others.
        width: line width in terminal cells for "terminal" (None: 80); ignored by
            the others.
        bidi: "logical" or "visual" (see :class:`RenderOptions`).

    Returns:
        The rendered text, ending in a newline when there is at least one brief.

    Raises:
        ConfigError: unknown ``fmt``.
    """
    renderer = get_renderer(fmt)
    briefs: Sequence[Brief] = as_briefs(brief_or_briefs)
    return renderer.render(briefs, RenderOptions(color=color, width=width, bidi=bidi))


#: Text between two consecutive briefs, for the formats that can be written brief by
#: brief (``render(briefs)`` equals the streamed chunks joined).  HTML is one document.
SEPARATORS: dict[str, str] = {
    name: r.separator for name, r in RENDERERS.items() if r.separator is not None
}


def stream(
    briefs: Iterable[Brief],
    fmt: str,
    *,
    several: bool,
    color: bool = False,
    width: int | None = None,
    bidi: str = "logical",
) -> Iterator[str]:
    """Render briefs one at a time, as they are produced.

    Args:
        briefs: an iterable (e.g. a generator building briefs one by one).
        fmt: a key of :data:`RENDERERS`.
        several: True when the run has several inputs (each brief names its input).
        color, width, bidi: as for :func:`render`.

    Yields:
        Text chunks: one per brief for the formats of :data:`SEPARATORS` (each chunk
        after the first starts with the separator), or the whole document once at the
        end for "html".

    Raises:
        ConfigError: unknown ``fmt``.
    """
    renderer = get_renderer(fmt)
    options = RenderOptions(color=color, width=width, several=several, bidi=bidi)
    if renderer.separator is None:
        collected = list(briefs)
        if collected:
            yield renderer.render(collected, options)
        return
    for i, brief in enumerate(briefs):
        yield (renderer.separator if i else "") + renderer.render([brief], options)


__all__ = ["RENDERERS", "SEPARATORS", "RenderOptions", "Renderer", "get_renderer", "render",
           "stream"]
