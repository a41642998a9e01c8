"""Abstractive summary of a whole article over any :class:`Summarizer`, never truncated.

The model's input window (``Summarizer.max_input_tokens``, counted with its own
``count_tokens``) is respected by splitting, never by cutting: sentences are packed
into chunks that fit (:func:`chunk_by_tokens`); a sentence too long for one chunk is
split at clause boundaries (:func:`split_clauses`), then between words, then, for a
single word longer than the window, between characters (:func:`split_to_fit`).  All
chunks are summarized in one batch call (map); while the joined chunk summaries still
exceed the window they are chunked and summarized again (reduce), at most
:data:`MAX_ROUNDS` calls in all.  This is the map-reduce scheme of long-document
summarization with a bounded-window model (e.g. LangChain's "map_reduce" chain).

The splitting helpers are shared with :mod:`ansum.translate`, which splits over-long
sentences before translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .backends.base import Summarizer
from .errors import EXIT_PARTIAL, AnsumError, BackendError, ConfigError
from .text import segment

#: Fewest sentences an input needs to be summarized abstractively: from a one- or
#: two-line input, news summarizers (XL-Sum mT5) invent a plausible news story.
MIN_SENTENCES = 4
#: Most summarize calls (map + reduce rounds) per article.
MAX_ROUNDS = 4

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


class TooShortError(AnsumError):
    """The input has too few sentences for an abstractive summary.

    Not a failure of the run: the pipeline catches it and uses the extractive summary.

    Attributes:
        sentences: how many non-blank sentences the input had.
        min_sentences: how many were needed.
    """

    exit_code = EXIT_PARTIAL

    def __init__(self, sentences: int, min_sentences: int) -> None:
        super().__init__(
            f"{sentences} sentence(s) is too short for an abstractive summary "
            f"(at least {min_sentences} needed)",
            hint="the extractive summary is used instead",
        )
        self.sentences = sentences
        self.min_sentences = min_sentences


@dataclass(frozen=True)
class AbstractiveResult:
    """An abstractive summary and how it was made.

    Attributes:
        text: the summary (the chunk summaries of the last round joined by spaces).
        sentences: ``text`` split into sentences with :func:`ansum.text.segment`.
        chunks: number of chunks the article was split into (first round).
        rounds: number of summarize calls: 1, plus one per reduce round.
        warnings: one line each (e.g. a chunk that came back empty, or a summary
            still longer than the window after :data:`MAX_ROUNDS` calls).
    """

    text: str
    sentences: list[str]
    chunks: int
    rounds: int
    warnings: list[str] = field(default_factory=list)


def _summarize_chunks(
    summarizer: Summarizer, chunks: list[list[str]], warnings: list[str]
) -> list[str]:
    texts = [" ".join(chunk) for chunk in chunks]
    out = summarizer.summarize(texts)
    if len(out) != len(texts):
        raise BackendError(
            f"{summarizer.name} returned {len(out)} summaries for {len(texts)} inputs",
            hint="this is a bug in the backend; use --summarizer extractive meanwhile",
        )
    kept = [s.strip() for s in out if s.strip()]
    if len(kept) < len(out):
        warnings.append(f"{len(out) - len(kept)} of {len(out)} chunk summaries came back empty")
    if not kept:
        raise BackendError(
            f"{summarizer.name} returned only empty summaries",
            hint="use --summarizer extractive, or another summarizer model",
        )
    return kept


def summarize_abstractive(
    sentences: list[str],
    summarizer: Summarizer,
    *,
    min_sentences: int = MIN_SENTENCES,
    max_rounds: int = MAX_ROUNDS,
) -> AbstractiveResult:
    """Summarize an article of any length with a bounded-window model.

    Args:
        sentences: the article's sentences in order (blank ones are ignored).
        summarizer: the backend; called once per round with a batch of chunks.
        min_sentences: inputs with fewer non-blank sentences are refused.
        max_rounds: most summarize calls; when the joined summaries still exceed the
            window after that, they are kept as they are and a warning says so.

    Returns:
        The summary, its sentences, the number of chunks and rounds, and warnings.

    Raises:
        TooShortError: fewer than ``min_sentences`` sentences; nothing was sent to
            the model (the caller falls back to the extractive summary).
        BackendError: the summarizer failed, returned a list of the wrong length, or
            returned only empty summaries.
        ConfigError: the summarizer's window cannot hold one character.
    """
    segments = [s.strip() for s in sentences if s.strip()]
    if len(segments) < min_sentences:
        raise TooShortError(len(segments), min_sentences)
    limit = summarizer.max_input_tokens
    warnings: list[str] = []
    chunks = chunk_by_tokens(segments, summarizer.count_tokens, limit)
    n_chunks = len(chunks)
    summaries = _summarize_chunks(summarizer, chunks, warnings)
    rounds = 1
    text = " ".join(summaries)
    while summarizer.count_tokens(text) > limit:
        if rounds >= max_rounds:
            warnings.append(
                f"summary is still {summarizer.count_tokens(text)} tokens (window {limit}) "
                f"after {rounds} rounds; kept as it is"
            )
            break
        parts = [s.text for summary in summaries for s in segment(summary)]
        summaries = _summarize_chunks(
            summarizer, chunk_by_tokens(parts, summarizer.count_tokens, limit), warnings
        )
        rounds += 1
        text = " ".join(summaries)
    return AbstractiveResult(
        text=text,
        sentences=[s.text for s in segment(text)],
        chunks=n_chunks,
        rounds=rounds,
        warnings=warnings,
    )
