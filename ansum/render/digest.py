"""Renderers of the daily brief ("digest"): the dict of ``ansum brief --format json`` in,
text out.

The digest's shape is documented with the brief (docs/: schema_version, generated_at,
inputs, method, stories with articles, summary, claims and figures_compared); these
renderers depend on nothing else.  "json" writes the dict as is (exact text,
``ensure_ascii=False``, indented); every other format sanitizes user text
(:mod:`ansum.render.safe`) and escapes it for its format, each in its own module:
:mod:`~ansum.render.digest_plain`, :mod:`~ansum.render.digest_markdown`,
:mod:`~ansum.render.digest_html`, :mod:`~ansum.render.digest_terminal`.

Usage::

    from ansum.render.base import RenderOptions
    from ansum.render.digest import render_digest
    sys.stdout.write(render_digest("html", digest, RenderOptions()))
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ansum.errors import ConfigError
from ansum.render.base import RenderOptions
from ansum.render.digest_terminal import DEFAULT_TOP


def render_json(digest: Mapping[str, Any], options: RenderOptions) -> str:
    """The digest as one JSON document (exact strings, ``ensure_ascii=False``, indent 2),
    newline-terminated.

    Raises:
        ValueError: NaN or infinity (not JSON: RFC 8259, section 6), or a value that is
            not JSON (a set, an object).
    """
    try:
        return json.dumps(digest, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except TypeError as exc:
        raise ValueError(f"digest is not JSON: {exc}") from None


def _plain(digest: Mapping[str, Any], options: RenderOptions) -> str:
    from ansum.render.digest_plain import render_plain

    return render_plain(digest, options)


def _markdown(digest: Mapping[str, Any], options: RenderOptions) -> str:
    from ansum.render.digest_markdown import render_markdown

    return render_markdown(digest, options)


def _html(digest: Mapping[str, Any], options: RenderOptions) -> str:
    from ansum.render.digest_html import render_html

    return render_html(digest, options)


def _terminal(digest: Mapping[str, Any], options: RenderOptions) -> str:
    from ansum.render.digest_terminal import render_terminal

    return render_terminal(digest, options)


#: Format name -> ``renderer(digest, options) -> str`` (each module imported on first use).
DIGEST_RENDERERS: dict[str, Callable[[Mapping[str, Any], RenderOptions], str]] = {
    "terminal": _terminal, "plain": _plain, "markdown": _markdown, "json": render_json,
    "html": _html,
}

#: The formats :func:`render_digest` writes (the same names as the brief formats).
DIGEST_FORMATS = tuple(DIGEST_RENDERERS)


def render_digest(fmt: str, digest: Mapping[str, Any], options: RenderOptions, *,
                  top: int = DEFAULT_TOP) -> str:
    """Render a daily brief in format ``fmt``.

    Args:
        fmt: one of :data:`DIGEST_FORMATS`.
        digest: the daily-brief dict, exactly as ``ansum brief --format json`` writes
            it (missing or null keys are read as empty).
        options: ``color``, ``width`` (cells) and ``bidi`` for "terminal"; ``bidi`` for
            "plain"; ignored by the others.
        top: "terminal" only: how many stories are shown in full after the overview
            (default :data:`~ansum.render.digest_terminal.DEFAULT_TOP`).

    Returns:
        The rendered text, ending in a newline ("json": the indented object).

    Raises:
        ConfigError: unknown ``fmt`` (the hint lists the formats), or ``bidi="visual"``
            without python-bidi.
        ValueError: "json" and the digest holds NaN or infinity, or a value JSON
            cannot write.
    """
    if fmt == "terminal" and top != DEFAULT_TOP:
        from ansum.render.digest_terminal import render_terminal

        return render_terminal(digest, options, top=top)
    try:
        renderer = DIGEST_RENDERERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown output format {fmt!r}",
                          hint=f"use one of: {', '.join(DIGEST_RENDERERS)}") from None
    return renderer(digest, options)


__all__ = ["DIGEST_FORMATS", "DIGEST_RENDERERS", "render_digest", "render_json"]
