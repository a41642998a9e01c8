"""Deterministic fake backends for pipeline tests: no model, no torch, instant.

* :class:`FakeSummarizer` returns the first sentence of each text.
* :class:`FakeTranslator` returns ``mapping[text]`` when given, else ``"EN(" + text + ")"``,
  and can inject the failure modes the translation guards must catch (:data:`FAILURES`).

Tokens are whitespace-separated words (``len(text.split())``).
"""

from __future__ import annotations

import re

from ansum.config import ModelSpec
from ansum.errors import BackendError

#: Failure modes :class:`FakeTranslator` can inject, and what each does to an output:
#: "loop" repeats the last word 12 times; "drop_figures" deletes every digit (ASCII and
#: Arabic-Indic); "truncate" keeps the first half of the words; "sentinel" appends
#: "<extra_id_0>"; "wrong_language" returns the source unchanged; "error" raises
#: BackendError.
FAILURES = ("loop", "drop_figures", "truncate", "sentinel", "wrong_language", "error")

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")


class _FakeBase:
    def __init__(self, spec: ModelSpec | None = None, *, max_input_tokens: int | None = None,
                 **_ignored) -> None:
        self.spec = spec
        self.name = f"fake:{spec.name}" if spec is not None else "fake"
        self._max = max_input_tokens or (spec.max_input_tokens if spec is not None else 512)
        self.calls: list[list[str]] = []

    @property
    def max_input_tokens(self) -> int:
        """Input window in (whitespace) tokens: the argument, else the spec's, else 512."""
        return self._max

    def count_tokens(self, text: str) -> int:
        """Whitespace-separated words of ``text``."""
        return len(text.split())

    def _check(self, texts: list[str]) -> None:
        self.calls.append(list(texts))
        for i, text in enumerate(texts):
            if self.count_tokens(text) > self._max:
                raise BackendError(f"input {i} has {self.count_tokens(text)} tokens, over the "
                                   f"{self._max}-token window of {self.name}",
                                   hint="chunk the text before calling the backend")


class FakeSummarizer(_FakeBase):
    """Summarizer returning each text's first sentence (split after . ! ? ؟)."""

    def summarize(self, texts: list[str]) -> list[str]:
        """Return the first sentence of each text, a list as long as ``texts``.

        Raises:
            BackendError: a text exceeds ``max_input_tokens``.
        """
        self._check(texts)
        return [_SENTENCE_END.split(text.strip(), maxsplit=1)[0] for text in texts]


class FakeTranslator(_FakeBase):
    """Translator returning ``mapping[text]`` or ``"EN(" + text + ")"``.

    Args:
        spec: optional model spec (for ``name`` and ``max_input_tokens``).
        mapping: fixed source → output pairs, used before the "EN(...)" default.
        failure: one of :data:`FAILURES`, or None.
        fail_on: apply ``failure`` only to texts containing this substring (None = all).
        failure_persists: also fail when called with ``safe=True`` (default: a safe
            retry gives the clean output, like a real retry that worked).

    ``calls`` records every batch; ``safe_calls`` counts calls with ``safe=True``.
    """

    def __init__(self, spec: ModelSpec | None = None, *, mapping: dict[str, str] | None = None,
                 failure: str | None = None, fail_on: str | None = None,
                 failure_persists: bool = False, max_input_tokens: int | None = None,
                 **_ignored) -> None:
        super().__init__(spec, max_input_tokens=max_input_tokens)
        if failure is not None and failure not in FAILURES:
            raise ValueError(f"unknown failure {failure!r} (valid: {', '.join(FAILURES)})")
        self.mapping = dict(mapping or {})
        self.failure = failure
        self.fail_on = fail_on
        self.failure_persists = failure_persists
        self.safe_calls = 0

    def translate(self, texts: list[str], *, safe: bool = False) -> list[str]:
        """Translate each text; a list as long as ``texts``, in the same order.

        Raises:
            BackendError: a text exceeds ``max_input_tokens``, or failure "error" applies.
        """
        self._check(texts)
        self.safe_calls += int(safe)
        out = []
        for text in texts:
            result = self.mapping.get(text, f"EN({text})")
            applies = self.failure and (self.fail_on is None or self.fail_on in text)
            if applies and (not safe or self.failure_persists):
                result = _inject(self.failure, text, result, self.name)
            out.append(result)
        return out


def _inject(failure: str, source: str, result: str, name: str) -> str:
    words = result.split()
    if failure == "loop":
        return " ".join(words + [words[-1] if words else "the"] * 12)
    if failure == "drop_figures":
        return " ".join(_DIGITS.sub("", result).split())
    if failure == "truncate":
        return " ".join(words[: max(1, len(words) // 2)])
    if failure == "sentinel":
        return f"{result} <extra_id_0>"
    if failure == "wrong_language":
        return source
    raise BackendError(f"{name}: injected generation failure")


def create_summarizer(spec: ModelSpec, **opts) -> FakeSummarizer:
    """Registry factory for backend "fake" (options other than its own are ignored)."""
    return FakeSummarizer(spec, **opts)


def create_translator(spec: ModelSpec, **opts) -> FakeTranslator:
    """Registry factory for backend "fake" (options other than its own are ignored)."""
    return FakeTranslator(spec, **opts)
