"""The renderer protocol: briefs and :class:`RenderOptions` in, text out.

Every output format is one class in its own module with a ``name``, a ``separator``
and a :meth:`Renderer.render` method; :data:`ansum.render.RENDERERS` maps names to
instances.  Adding a format means adding a module and one registry entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ansum.schema import Brief


@dataclass(frozen=True)
class RenderOptions:
    """How to render.

    Attributes:
        color: ANSI styles ("terminal" only; every other format ignores it).
        width: line width in terminal cells for "terminal" (None: 80); ignored by the
            formats that never wrap.
        several: each brief names its input (a rule, a ``==> NAME <==`` line, an
            ``**Input:**`` line); None means "when there is more than one brief".
        bidi: "logical" (text in logical order; the terminal or viewer reorders it)
            or "visual" ("terminal" and "plain" only: each line reordered for display
            by :mod:`ansum.render.visual`, for terminals without bidi support).
    """

    color: bool = False
    width: int | None = None
    several: bool | None = None
    bidi: str = "logical"

    def names_inputs(self, briefs: Sequence[Brief]) -> bool:
        """Whether each of ``briefs`` should name its input (see ``several``)."""
        return len(briefs) > 1 if self.several is None else self.several


class Renderer(Protocol):
    """One output format.

    Attributes:
        name: the format's name (``--format``).
        separator: text between two briefs when they are written one by one
            (:func:`ansum.render.stream`); None for a format that is one document
            (HTML), which is written once at the end.
    """

    name: str
    separator: str | None

    def render(self, briefs: Sequence[Brief], options: RenderOptions) -> str:
        """Render ``briefs`` (in input order) as one text; "" or a bare document for none.

        Raises:
            ValueError: a brief holds a value the format cannot write (JSON: NaN).
        """
        ...
