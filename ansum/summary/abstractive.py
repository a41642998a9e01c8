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

The splitting helpers are shared with :mod:`ansum.translation.translate`, which splits over-long
sentences before translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansum.arabic.chunk import chunk_by_tokens
from ansum.arabic.segment import segment
from ansum.backends.base import Summarizer
from ansum.errors import EXIT_PARTIAL, AnsumError, BackendError

#: Fewest sentences an input needs to be summarized abstractively: from a one- or
#: two-line input, news summarizers (XL-Sum mT5) invent a plausible news story.
MIN_SENTENCES = 4
#: Most summarize calls (map + reduce rounds) per article.
MAX_ROUNDS = 4



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
        sentences: ``text`` split into sentences with :func:`ansum.arabic.segment.segment`.
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
