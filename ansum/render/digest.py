"""Renderers of the daily digest (``ansum brief``): the digest dict in, text out.

Placeholder registry: "json" writes the exact object; every other format falls back to
a bare plain-text list until the full renderers land.  The digest's shape is
docs/brief-schema.json.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ansum.errors import ConfigError
from ansum.render.base import RenderOptions
from ansum.render.safe import sanitize_line


def render_json(digest: dict, options: RenderOptions) -> str:
    """The digest as one JSON document (UTF-8 text, exact strings), newline-terminated."""
    return json.dumps(digest, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_plain(digest: dict, options: RenderOptions) -> str:
    """One line per story (sources, title), then its summary lines; text sanitized."""
    lines = []
    for story in digest["stories"]:
        lines.append(f"* [{len(story['sources'])} sources, {len(story['articles'])} articles] "
                     + sanitize_line(story["title"]))
        lines.extend("    " + sanitize_line(s) for s in story["summary"]["ar"])
    return "\n".join(lines) + ("\n" if lines else "")


#: Format name → renderer.
DIGEST_RENDERERS: dict[str, Callable[[dict, RenderOptions], str]] = {
    "json": render_json, "plain": render_plain, "terminal": render_plain,
    "markdown": render_plain, "html": render_plain,
}


def render_digest(fmt: str, digest: dict, options: RenderOptions) -> str:
    """Render ``digest`` in format ``fmt``.

    Raises:
        ConfigError: unknown ``fmt`` (the hint lists the formats).
    """
    try:
        renderer = DIGEST_RENDERERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown output format {fmt!r}",
                          hint=f"use one of: {', '.join(DIGEST_RENDERERS)}") from None
    return renderer(digest, options)
