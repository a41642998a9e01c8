"""Generation settings and input checks shared by the seq2seq backends.

:mod:`ansum.backends.hf` (transformers) and :mod:`ansum.backends.ct2` (CTranslate2)
turn the same :class:`~ansum.config.Generation` settings into their own keyword
arguments; the beam search settings, the safe-mode retry, the input-window check and
the families with language codes and the load-once cache live here so that both backends (and
:mod:`ansum.backends.tokenize`) apply them alike.  No heavy import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansum.config import FAMILY_LANGS, Generation
from ansum.errors import BackendError

#: Families whose tokenizer takes ``src_lang``/``tgt_lang``: the source starts with a
#: language token and the translation is forced to start with the target-language token
#: (model cards of NLLB-200, M2M-100, mBART-50); the families with default codes in
#: :data:`ansum.config.FAMILY_LANGS`.
LANG_FAMILIES = tuple(FAMILY_LANGS)
#: Settings of ``translate(..., safe=True)``, the retry after a guard flagged an output.
SAFE_MIN_BEAMS = 4
SAFE_NO_REPEAT_NGRAM = 3
SAFE_REPETITION_PENALTY = 1.2


def search_settings(gen: Generation, safe: bool) -> tuple[int, int, float]:
    """Return ``(num_beams, no_repeat_ngram_size, repetition_penalty)`` for one call.

    The spec's own settings; with ``safe`` at least :data:`SAFE_MIN_BEAMS` beams,
    no_repeat_ngram_size :data:`SAFE_NO_REPEAT_NGRAM` and a repetition penalty of at
    least :data:`SAFE_REPETITION_PENALTY`.
    """
    if not safe:
        return gen.num_beams, gen.no_repeat_ngram_size, gen.repetition_penalty
    return (max(SAFE_MIN_BEAMS, gen.num_beams), SAFE_NO_REPEAT_NGRAM,
            max(gen.repetition_penalty, SAFE_REPETITION_PENALTY))


def check_window(lengths: list[int], max_input_tokens: int, model: str) -> None:
    """Refuse a batch with an input longer than the model's window (never truncate).

    Args:
        lengths: input length of each text of the batch, in model tokens.
        max_input_tokens: the model's input window, in tokens.
        model: the model's name, for the message.

    Raises:
        BackendError: naming the first input over ``max_input_tokens``.
    """
    for i, n in enumerate(lengths):
        if n > max_input_tokens:
            raise BackendError(
                f"input {i} of the batch has {n} tokens, over the {max_input_tokens}"
                f"-token window of {model}; it would be truncated",
                hint="chunk the text before calling the backend")


class LoadCache:
    """Models loaded once per process: a dict keyed by what makes a load distinct
    (folder, revision, device, dtype or compute type …), with a count of real loads
    (tests use it to show a batch loads each model once)."""

    def __init__(self) -> None:
        self._items: dict[tuple, Any] = {}
        self.loads = 0

    def get(self, key: tuple, load: Callable[[], Any]) -> Any:
        """Return the cached value for ``key``, calling ``load()`` (and counting) on a miss;
        an exception from ``load`` caches nothing."""
        if key not in self._items:
            self._items[key] = load()
            self.loads += 1
        return self._items[key]

    def clear(self) -> None:
        """Forget every cached value (frees memory once nothing else holds it)."""
        self._items.clear()
