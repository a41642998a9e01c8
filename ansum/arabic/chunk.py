"""Splitting text into pieces that fit: clauses, over-long sentences, model-window chunks.

The one place that splits below the sentence level: :func:`cut_long_sentences` cuts
text without sentence punctuation into pieces of characters for ranking, claims and
translation; :func:`split_clauses`, :func:`split_to_fit` and :func:`chunk_by_tokens`
split and pack text for a model's input window, counted in that model's tokens (used
by :mod:`ansum.summary.abstractive` and :mod:`ansum.translation.translate`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ansum.errors import ConfigError
from ansum.schema import Sentence

# --- over-long sentences ---------------------------------------------------------

_CLAUSE_MARKS = "،,؛;:"  # where an over-long sentence is preferably cut
#: Sentences longer than this many characters (text without sentence punctuation) are
#: cut into pieces of at most :data:`PIECE_CHARS` for ranking, claims and translation.
#: The longest sentence in the 663 articles of shared/data has 1,453 characters.
LONG_SENTENCE_CHARS = 2000
PIECE_CHARS = 1000


def _cut_points(text: str, limit: int) -> list[tuple[int, int]]:
    """``[start, end)`` pieces of ``text``, each at most ``limit`` characters, cut after
    the last clause mark (، , ؛ ; :) or else at the last space in each window; a window
    with neither is cut hard.  Whitespace at both ends of a piece is left out."""
    pieces: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos >= n:
            break
        end = n
        if n - pos > limit:
            window = text[pos : pos + limit]
            mark = max(window.rfind(m) for m in _CLAUSE_MARKS)
            space = max(window.rfind(" "), window.rfind("\n"))
            end = pos + (mark + 1 if mark > 0 else space if space > 0 else limit)
        stop = end
        while stop > pos and text[stop - 1].isspace():
            stop -= 1
        pieces.append((pos, stop))
        pos = end
    return pieces


def cut_long_sentences(sentences):
    """Cut sentences over :data:`LONG_SENTENCE_CHARS` characters into pieces.

    Text without sentence punctuation (a 200,000-character line) would otherwise be
    one "sentence": the summary would be the whole text and the translator would get
    it in one piece.  Each long sentence becomes pieces of at most :data:`PIECE_CHARS`
    characters (:func:`_cut_points`); offsets stay offsets into the article body.

    Args:
        sentences: ``ansum.arabic.segment.segment`` output.

    Returns:
        ``(sentences, cut)``: the new list, re-indexed from 0, and how many sentences
        were cut (0: the input list is returned as is).
    """
    if all(len(s.text) <= LONG_SENTENCE_CHARS for s in sentences):
        return sentences, 0
    out: list[Sentence] = []
    cut = 0
    for s in sentences:
        spans = [(0, len(s.text))]
        if len(s.text) > LONG_SENTENCE_CHARS:
            spans, cut = _cut_points(s.text, PIECE_CHARS), cut + 1
        for a, b in spans:
            out.append(Sentence(len(out), s.text[a:b], s.start + a, s.start + b, s.paragraph))
    return out, cut


# --- clause splitting --------------------------------------------------------

#: A clause ends after a comma or semicolon (Arabic ، ؛ or ASCII , ;) followed by space.
_PUNCT_CUT = re.compile(r"[\u060c\u061b,;](?=\s)")
#: A clause starts at these conjunctions (at a word start): لكن/ولكن (+ pronoun suffix),
#: بينما/وبينما, حيث, في حين, فيما.
_CONJ_CUT = re.compile(r"(?<!\S)(?:و?لكن[\u0621-\u064a]*|و?بينما|حيث|في\s+حين|فيما)(?![\w])")


def split_clauses(text: str) -> list[str]:
    """Split ``text`` at clause boundaries, keeping every character but outer spaces.

    Boundaries: after ``، ؛ , ;`` followed by whitespace (the mark stays with the
    clause before it, so a conjunction "و" after a comma starts the next clause), and
    before the conjunctions لكن/ولكن (also with a pronoun suffix, "لكنه"), بينما,
    حيث, في حين, فيما at a word start.

    A clause without any letter or digit (a lone mark) is merged into its neighbour.

    Returns:
        The clauses, each stripped and non-empty, in order;
        ``" ".join(result).split() == text.split()``.  ``[]`` for blank text.
    """
    cuts = {m.end() for m in _PUNCT_CUT.finditer(text)}
    cuts |= {m.start() for m in _CONJ_CUT.finditer(text)}
    out: list[str] = []
    start, pending = 0, ""
    for cut in sorted(cuts) + [len(text)]:
        piece = text[start:cut].strip()
        start = cut
        if not any(ch.isalnum() for ch in piece):  # a lone mark joins its neighbour
            if piece and out:
                out[-1] = out[-1] + " " + piece
            elif piece:
                pending = (pending + " " + piece).strip()
            continue
        out.append((pending + " " + piece).strip())
        pending = ""
    if pending:
        out.append(pending)
    return out


def _longest_prefix(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> int:
    """Largest ``n`` with ``count_tokens(text[:n]) <= max_tokens`` (binary search)."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if count_tokens(text[:mid]) <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _pack(units: list[str], count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Greedily join consecutive ``units`` with spaces while the result fits."""
    out: list[str] = []
    for unit in units:
        if out and count_tokens(out[-1] + " " + unit) <= max_tokens:
            out[-1] = out[-1] + " " + unit
        else:
            out.append(unit)
    return out


def split_to_fit(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[str]:
    """Split ``text`` into pieces of at most ``max_tokens`` tokens each, losing nothing.

    Clauses (:func:`split_clauses`) are packed greedily, so a text that fits is
    returned whole and pieces are as long as the limit allows.  A clause that does
    not fit alone is split between words; a single word that does not fit (a long
    URL) is cut between characters, the last resort.

    Args:
        text: one segment (a sentence).
        count_tokens: tokens of a string, as the model counts them (special tokens
            included).
        max_tokens: the limit per piece, in those tokens.

    Returns:
        Pieces in order, each stripped; ``" ".join(pieces).split() == text.split()``
        unless a word had to be cut.  ``[]`` for blank text.

    Raises:
        ConfigError: ``max_tokens`` is too small for even one character.
    """
    if not text.strip():
        return []
    if count_tokens(text) <= max_tokens:
        return [text.strip()]
    pieces: list[str] = []
    for clause in _pack(split_clauses(text), count_tokens, max_tokens):
        if count_tokens(clause) <= max_tokens:
            pieces.append(clause)
            continue
        for part in _pack(clause.split(), count_tokens, max_tokens):
            while count_tokens(part) > max_tokens:  # one word longer than the limit
                n = _longest_prefix(part, count_tokens, max_tokens)
                if n == 0:
                    raise ConfigError(
                        f"an input limit of {max_tokens} tokens cannot hold one character",
                        hint="raise max_input_tokens for this model in models.toml",
                    )
                pieces.append(part[:n])
                part = part[n:]
            pieces.append(part)
    return pieces


def chunk_by_tokens(
    segments: list[str], count_tokens: Callable[[str], int], max_tokens: int
) -> list[list[str]]:
    """Pack consecutive segments into chunks of at most ``max_tokens`` tokens.

    Args:
        segments: sentences in order (blank ones are skipped).
        count_tokens: tokens of a string as the model counts them (special tokens
            included); a chunk is measured as ``count_tokens(" ".join(chunk))``.
        max_tokens: the model's input window, in those tokens.

    Returns:
        Chunks in order, each a non-empty list of strings; no chunk exceeds
        ``max_tokens``.  Segments are kept whole and in order, except one that does
        not fit alone: it is replaced by its pieces (:func:`split_to_fit`), so the
        words of all chunks, read in order, are the words of ``segments``.

    Raises:
        ConfigError: ``max_tokens`` cannot hold one character.
    """
    chunks: list[list[str]] = []
    for seg in segments:
        for piece in split_to_fit(seg, count_tokens, max_tokens):
            if chunks and count_tokens(" ".join(chunks[-1] + [piece])) <= max_tokens:
                chunks[-1].append(piece)
            else:
                chunks.append([piece])
    return chunks
