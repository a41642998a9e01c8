"""Abstractive summary of a whole article over any :class:`Summarizer`, never truncated.

The model's input window (``Summarizer.max_input_tokens``, counted with its own
``count_tokens``) is respected by splitting, never by cutting: sentences are packed
into chunks that fit (:func:`chunk_by_tokens`); a sentence too long for one chunk is
split at clause boundaries (:func:`split_clauses`), then between words, then, for a
single word longer than the window, between characters (:func:`split_to_fit`).  All
chunks are summarized in one batch call (map); while the joined chunk summaries still
exceed the window they are chunked and summarized again (reduce), at most
:data:`MAX_ROUNDS` calls in all.  :func:`summarize_many` does this for many articles at
once: one call per round holds the chunks of every article still in that round, so a
window of articles reads the model's weights once per decoding step instead of once
per article; :func:`summarize_abstractive` is the same code with one article.  This is
the map-reduce scheme of long-document summarization with a bounded-window model (e.g.
LangChain's "map_reduce" chain).

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


class _Article:
    """Where one article of :func:`summarize_many` stands."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.pending: list[list[str]] | None = None  # chunks to send in the next round
        self.chunks = 0
        self.rounds = 0
        self.text = ""
        self.error: AnsumError | None = None


def _receive(summarizer: Summarizer, state: _Article, out: list[str], limit: int,
             max_rounds: int) -> None:
    """Take one round's summaries of ``state``'s chunks; queue the next round, if any."""
    state.pending = None
    kept = [s.strip() for s in out if s.strip()]
    if len(kept) < len(out):
        state.warnings.append(
            f"{len(out) - len(kept)} of {len(out)} chunk summaries came back empty")
    if not kept:
        state.error = BackendError(
            f"{summarizer.name} returned only empty summaries",
            hint="use --summarizer extractive, or another summarizer model",
        )
        return
    state.rounds += 1
    state.text = " ".join(kept)
    tokens = summarizer.count_tokens(state.text)
    if tokens <= limit:
        return
    if state.rounds >= max_rounds:
        state.warnings.append(f"summary is still {tokens} tokens (window {limit}) "
                              f"after {state.rounds} rounds; kept as it is")
        return
    parts = [s.text for summary in kept for s in segment(summary)]
    state.pending = chunk_by_tokens(parts, summarizer.count_tokens, limit)


def summarize_many(
    articles: list[list[str]],
    summarizer: Summarizer,
    *,
    min_sentences: int = MIN_SENTENCES,
    max_rounds: int = MAX_ROUNDS,
) -> list[AbstractiveResult | AnsumError]:
    """Summarize several articles together: one summarize call per round for all.

    Round 1 sends the chunks of every article (in article order, each article's chunks
    in order) in one call; each later round sends, in one call, the chunks of the
    articles whose joined summaries still exceed the window.  Each article's result is
    what :func:`summarize_abstractive` returns for it alone, as long as the backend's
    output for a text does not depend on the other texts of its batch.

    Args:
        articles: each article's sentences in order (blank ones are ignored).
        summarizer: the backend.
        min_sentences, max_rounds: as :func:`summarize_abstractive`.

    Returns:
        A list as long as ``articles``: an :class:`AbstractiveResult`, or the error
        :func:`summarize_abstractive` would raise for that article
        (:class:`TooShortError`, BackendError for only empty summaries, ConfigError for a
        window that cannot hold one character).  When a summarize call itself fails
        (raises an AnsumError or returns a list of the wrong length), every article of
        that call gets that error and no further call is made.

    Raises:
        Whatever is not an AnsumError (KeyboardInterrupt) passes through.
    """
    limit = summarizer.max_input_tokens
    states = []
    for sentences in articles:
        state = _Article()
        states.append(state)
        segments = [s.strip() for s in sentences if s.strip()]
        if len(segments) < min_sentences:
            state.error = TooShortError(len(segments), min_sentences)
            continue
        try:
            state.pending = chunk_by_tokens(segments, summarizer.count_tokens, limit)
        except AnsumError as exc:
            state.error = exc
            continue
        state.chunks = len(state.pending)
    while True:
        active = [s for s in states if s.pending is not None]
        if not active:
            break
        texts = [" ".join(chunk) for s in active for chunk in s.pending]
        try:
            out = summarizer.summarize(texts)
            if len(out) != len(texts):
                raise BackendError(
                    f"{summarizer.name} returned {len(out)} summaries for {len(texts)} inputs",
                    hint="this is a bug in the backend; use --summarizer extractive meanwhile",
                )
        except AnsumError as exc:
            for state in active:
                state.error, state.pending = exc, None
            break
        start = 0
        for state in active:
            n = len(state.pending)
            _receive(summarizer, state, list(out[start:start + n]), limit, max_rounds)
            start += n
    return [s.error or AbstractiveResult(
        text=s.text, sentences=[x.text for x in segment(s.text)], chunks=s.chunks,
        rounds=s.rounds, warnings=s.warnings) for s in states]


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
    result = summarize_many([sentences], summarizer, min_sentences=min_sentences,
                            max_rounds=max_rounds)[0]
    if isinstance(result, AnsumError):
        raise result
    return result
