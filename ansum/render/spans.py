"""Split a text into styled pieces at span boundaries, for every renderer.

Renderers highlight a claim's speaker, verb, quotes and figures by their
:class:`~ansum.schema.Span` offsets.  Escaping first and inserting markup after
would shift those offsets, so renderers instead split the raw text here, then
sanitize and escape each piece on its own, and wrap the highlighted ones.

Overlaps are resolved per character: the narrowest span covering a character
gives it its style; between spans of equal width, the one listed first wins.
So a figure inside a quote stays a figure, and the quote resumes after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ansum.render.safe import removal_ranges
from ansum.schema import Claim, Span

#: A piece of text and its style name, or None for unstyled text.
Piece = tuple[str, str | None]

#: Style names renderers must know: the parts of a claim.
STYLES = ("speaker", "verb", "quote", "figure")


def _styles_per_char(length: int, spans: Sequence[tuple[Span | None, str]]) -> list[str | None]:
    styles: list[str | None] = [None] * length
    usable = []
    for order, (span, style) in enumerate(spans):
        if span is None:
            continue
        start, end = max(0, span.start), min(length, span.end)
        if start < end:
            usable.append((end - start, order, start, end, style))
    # Widest first so narrower spans overwrite; at equal width the later-listed goes
    # first so the earlier-listed overwrites it.
    usable.sort(key=lambda u: (-u[0], -u[1]))
    for _width, _order, start, end, style in usable:
        styles[start:end] = [style] * (end - start)
    return styles


def split_spans(text: str, spans: Sequence[tuple[Span | None, str]]) -> list[Piece]:
    """Split ``text`` into maximal runs of one style.

    Args:
        text: the text the spans index into.
        spans: ``(span, style)`` pairs; ``None`` spans are skipped; spans are clipped
            to ``[0, len(text)]`` and ignored when empty after clipping (so spans
            out of range or with ``start >= end`` never raise).

    Returns:
        ``(piece, style)`` pairs in text order, no piece empty, adjacent pieces of
        different styles; ``"".join(p for p, _ in result) == text``.
    """
    return _runs(text, _styles_per_char(len(text), spans), keep=None)


def safe_pieces(text: str, spans: Sequence[tuple[Span | None, str]]) -> list[Piece]:
    """Like :func:`split_spans`, but with what :func:`~ansum.render.safe.sanitize` removes left out.

    The removal is computed on the whole text before splitting, so an escape
    sequence cut in two by a span boundary is still removed whole.

    Returns:
        ``(piece, style)`` pairs whose pieces join to ``sanitize(text)``.
    """
    keep = [True] * len(text)
    for start, end in removal_ranges(text):
        keep[start:end] = [False] * (end - start)
    return _runs(text, _styles_per_char(len(text), spans), keep=keep)


def _runs(text: str, styles: list[str | None], keep: list[bool] | None) -> list[Piece]:
    pieces: list[Piece] = []
    buf: list[str] = []
    current: str | None = None
    for i, ch in enumerate(text):
        if keep is not None and not keep[i]:
            continue
        if buf and styles[i] != current:
            pieces.append(("".join(buf), current))
            buf = []
        current = styles[i]
        buf.append(ch)
    if buf:
        pieces.append(("".join(buf), current))
    return pieces


def claim_spans(claim: Claim) -> list[tuple[Span | None, str]]:
    """Return the highlight spans of ``claim.text``: speaker, verb, quotes, figures."""
    spans: list[tuple[Span | None, str]] = [(claim.speaker, "speaker"), (claim.verb, "verb")]
    spans += [(q, "quote") for q in claim.quotes]
    spans += [(f.span, "figure") for f in claim.figures]
    return spans


def claim_en_spans(claim: Claim) -> list[tuple[Span | None, str]]:
    """Return the highlight spans of ``claim.en``: the speaker and the figures."""
    spans: list[tuple[Span | None, str]] = [(claim.en_speaker, "speaker")]
    spans += [(s, "figure") for s in claim.en_figures]
    return spans


def joined(pieces: Iterable[Piece]) -> str:
    """Return the pieces' text joined, styles dropped."""
    return "".join(p for p, _ in pieces)
