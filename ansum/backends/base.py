"""The backend protocols: one small interface per capability, batch in, batch out.

Chunking, alignment, batching by length and failure guards live outside the
backends (``ansum.summary.extractive``, ``ansum.translation.translate``) so every backend gets them.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Summarizer(Protocol):
    """Abstractive summarizer.

    ``name`` identifies the model for provenance (e.g. "hf:csebuetnlp/mT5_multilingual_XLSum").
    """

    name: str

    def count_tokens(self, text: str) -> int:
        """Return the number of model input tokens ``text`` takes (special tokens included)."""
        ...

    @property
    def max_input_tokens(self) -> int:
        """The model's input window in tokens."""
        ...

    def summarize(self, texts: list[str]) -> list[str]:
        """Summarize each text; return a list as long as ``texts``, in the same order.

        Raises:
            BackendError: generation failed.
        """
        ...


@runtime_checkable
class Translator(Protocol):
    """Arabic→English translator (source/target fixed by its model spec)."""

    name: str

    def count_tokens(self, text: str) -> int:
        """Return the number of model input tokens ``text`` takes."""
        ...

    @property
    def max_input_tokens(self) -> int:
        """The model's input window in tokens."""
        ...

    def translate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        """Translate each text; return a list as long as ``texts``, in the same order.

        Args:
            texts: source segments (never empty strings; callers filter them).
            safe: use safer generation settings (used for retries after a guard
                flagged the first output: more beams, stronger repetition penalty).

        Raises:
            BackendError: generation failed.
        """
        ...
