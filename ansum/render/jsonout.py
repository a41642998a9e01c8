"""JSON renderer: JSON Lines, one compact :meth:`Brief.to_dict` object per brief.

Each figure also gets its English form (``en``, an ISO date where the year is known or
inferred; :mod:`ansum.render.figures`) and ``year_inferred``.

The strings are **not** sanitized: JSON must carry the article's exact text so a
script can use the offsets of spans.  The output is still inert on a terminal:
``json.dumps`` escapes C0 controls (``ESC`` becomes ``\\u001b``), and this module
also writes DEL, C1 controls, bidi controls, ZWSP, BOM and U+2028/U+2029 as
``\\uXXXX`` escapes, which every JSON parser reads back to the same characters
(RFC 8259, section 7).  All other non-ASCII text, Arabic included, is written as
is (``ensure_ascii=False``).  The contract is documented in docs/json-schema.json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from ansum.render.base import RenderOptions
from ansum.render.figures import article_day, english_figure
from ansum.schema import Brief

# Characters that can reach JSON text unescaped with ensure_ascii=False but must not
# reach a terminal raw.  They only ever occur inside JSON strings, where \uXXXX is valid.
_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def brief_json(brief: Brief) -> str:
    """Return ``brief.to_dict()`` as one line of compact JSON, without a newline.

    Raises:
        ValueError: when a timing is NaN or infinite (not representable in JSON).
    """
    data = brief.to_dict()
    ref = article_day(brief.meta.date)
    for claim, out in zip(brief.claims, data["claims"], strict=True):
        for figure, obj in zip(claim.figures, out["figures"], strict=True):
            english = english_figure(figure, ref)
            obj["en"] = english.text
            obj["year_inferred"] = english.year_inferred
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class JsonRenderer:
    """JSON Lines: one object per brief (``docs/json-schema.json``), exact text, no ANSI."""

    name = "json"
    separator = ""

    def render(self, briefs: Sequence[Brief], options: RenderOptions) -> str:
        """Render ``briefs`` in input order (see :class:`ansum.render.base.Renderer`).

        Returns:
            The JSON Lines text ("" for no briefs).

        Raises:
            ValueError: when a timing is NaN or infinite.
        """
        return "".join(brief_json(b) + "\n" for b in briefs)
