"""Error hierarchy of ansum.

Every error carries a one-line ``message`` and an optional ``hint`` that names the
fix.  The library raises these and never prints; only the CLI turns them into a
line on stderr and an exit status (``exit_code``).  The exit statuses are part of
the documented contract (README, "Exit statuses").
"""

from __future__ import annotations

#: Exit statuses of the ``ansum`` command.  Keep README's table in sync.
EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug: an unexpected exception
EXIT_USAGE = 2  # bad command line (Typer/Click's own status)
EXIT_BAD_INPUT = 3  # input that cannot be read or is not an article
EXIT_MODEL_UNAVAILABLE = 4  # a model that is not cached and cannot be downloaded
EXIT_PARTIAL = 5  # a brief was printed, but a stage fell back (e.g. no neural model)
EXIT_CONFIG = 6  # a bad models.toml or option value
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class AnsumError(Exception):
    """Base of all errors ansum raises on purpose.

    Args:
        message: one line saying what went wrong (no trailing period needed).
        hint: one line saying how to fix it, or None.
    """

    exit_code: int = EXIT_INTERNAL

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """Return ``message`` and ``hint`` joined on one line, newlines flattened."""
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        return " ".join(text.split())


class InputError(AnsumError):
    """The input cannot be read, decoded, or holds no article text."""

    exit_code = EXIT_BAD_INPUT


class InputTooLargeError(InputError):
    """The input exceeds a size limit (characters or bytes); the hint names the option."""


class ConfigError(AnsumError):
    """models.toml or an option names something unknown or malformed."""

    exit_code = EXIT_CONFIG


class ModelUnavailableError(AnsumError):
    """A model is neither cached nor downloadable, or its files are unusable."""

    exit_code = EXIT_MODEL_UNAVAILABLE


class BackendError(AnsumError):
    """A backend failed while generating (not while loading)."""

    exit_code = EXIT_MODEL_UNAVAILABLE
