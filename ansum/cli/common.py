"""What every command shares: one-line errors on stderr, exit statuses, progress, colour."""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperArgument, TyperCommand

from ansum.errors import EXIT_INTERRUPTED, AnsumError

#: Status when stdout is closed early (``ansum … | head -1``): 128 + SIGPIPE, as a shell
#: reports a process killed by SIGPIPE.  Nothing is printed on stderr.
EXIT_BROKEN_PIPE = 141
#: 128 + SIGTERM, as a shell reports a process killed by it.
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cron timeout, ``kill``, a container stop): unwinds like Ctrl-C, so
    temporary files are removed and nothing partial is written, then exits 143."""


def stop_on_sigterm() -> None:
    """Turn SIGTERM into :class:`Terminated` in the main thread (call once, at start)."""
    import signal

    def _raise(signum, frame):
        raise Terminated()

    try:
        signal.signal(signal.SIGTERM, _raise)
    except (ValueError, OSError):  # not the main thread, or no SIGTERM here
        pass


class PlainArgs(TyperCommand):
    """A command whose help names arguments by their metavar only: ``FILE...`` rather
    than Typer's ``{FILE}...`` and ``FILE <list[str]>``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                param.__class__ = _PlainArgument


class _PlainArgument(TyperArgument):
    def display_type_rich(self, ctx):  # no "<list[str]>" after the name
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        return name if self.required else f"[{name}]"


def err(message: str) -> None:
    """Write one line to stderr (user text already flattened and sanitized)."""
    from ansum.render.safe import sanitize_line

    sys.stderr.write("ansum: " + sanitize_line(message) + "\n")
    sys.stderr.flush()


def guarded(func):
    """Run a command body, turning ansum errors and Ctrl-C into one line and a status."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AnsumError as exc:
            err(f"error: {exc.one_line()}")
            raise typer.Exit(exc.exit_code) from None
        except Terminated:
            err("terminated")
            raise typer.Exit(EXIT_TERMINATED) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:  # before Click turns it into a silent exit 1
            quiet_broken_pipe()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None

    return wrapper


def log_progress_to_stderr() -> None:
    """Show the library's progress messages (e.g. a first-use model conversion) on stderr."""
    import logging

    logger = logging.getLogger("ansum.backends.ct2_convert")
    if not logger.handlers:
        from ansum.render.safe import sanitize_line

        class _Safe(logging.Formatter):  # messages name models and paths from models.toml
            def format(self, record: logging.LogRecord) -> str:
                return "ansum: " + sanitize_line(record.getMessage())

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_Safe())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def check_device(value: str) -> str:
    """Reject a malformed --device at parse time (exit 2); whether the device exists is
    checked when a model loads."""
    import re

    if not re.fullmatch(r"auto|cpu|mps|cuda(:\d+)?", value):
        raise typer.BadParameter("use auto, cpu, cuda, cuda:N or mps")
    return value


def check_engine(value: str) -> str:
    """Accept --engine local|ray in any case (exit 2 otherwise)."""
    if value.lower() not in ("local", "ray"):
        raise typer.BadParameter("use local or ray")
    return value.lower()


def check_max_chars(value: int) -> int:
    """Bound --max-chars at parse time (exit 2, naming the range): 1 to
    :data:`ansum.input.read.MAX_CHARS_LIMIT`, shared by every command reading articles."""
    from ansum.input.read import MAX_CHARS_LIMIT

    if not 1 <= value <= MAX_CHARS_LIMIT:
        raise typer.BadParameter(f"{value} is not in the allowed range 1 to {MAX_CHARS_LIMIT}")
    return value


def check_color(value: str) -> str:
    """Accept --color auto|always|never in any case (exit 2 otherwise)."""
    value = value.lower()
    if value not in ("auto", "always", "never"):
        raise typer.BadParameter("use auto, always or never")
    return value


def check_bidi(value: str) -> str:
    """Accept --bidi logical|visual in any case (exit 2 otherwise)."""
    value = value.lower()
    if value not in ("logical", "visual"):
        raise typer.BadParameter("use logical or visual")
    return value


def color_wanted(when: str = "auto") -> bool:
    """Whether to write ANSI colours.

    Args:
        when: "always", "never" or "auto".  For "auto": ``FORCE_COLOR`` set to anything
            but "" or "0" means yes (so ``ansum … | less -R`` can keep colour); else
            ``NO_COLOR`` set and non-empty (https://no-color.org) means no; else
            whether stdout is a terminal.
    """
    if when in ("always", "never"):
        return when == "always"
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def cuda_devices() -> int:
    """Number of CUDA devices, asked of CTranslate2 (light) or else torch; 0 when neither
    is installed."""
    try:
        import ctranslate2

        return ctranslate2.get_cuda_device_count()
    except ImportError:
        pass
    try:
        import torch
    except ImportError:
        return 0
    return torch.cuda.device_count()


def mps_available() -> bool:
    """Whether torch's Metal (MPS) device exists; False without torch."""
    if sys.platform != "darwin":
        return False
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.backends.mps.is_available())


def check_device_here(device: str) -> None:
    """Refuse a --device this machine lacks, before any work and whatever the profile
    (so ``--profile extractive --device cuda`` fails as the default profile would).

    Raises:
        ConfigError: CUDA (or CUDA device N) or MPS requested but not present (exit 6).
    """
    from ansum.errors import ConfigError

    kind, _, index = device.partition(":")
    if kind == "cuda":
        count = cuda_devices()
        if count <= int(index or 0):
            seen = f"{count} CUDA device(s)" if count else "no CUDA device"
            raise ConfigError(f"device {device!r} is not available here ({seen})",
                              hint="pass --device auto or --device cpu")
    elif kind == "mps" and not mps_available():
        raise ConfigError("device 'mps' is not available here (it needs torch on Apple "
                          "silicon)", hint="pass --device auto or --device cpu")


def progress(total: int, *, enabled: bool):
    """A context manager yielding ``advance()``: a rich progress bar on stderr when it is a
    terminal and ``enabled`` (several files), else a no-op.  stdout is never touched."""
    import contextlib

    if not (enabled and sys.stderr.isatty()):
        return contextlib.nullcontext(lambda: None)

    @contextlib.contextmanager
    def bar():
        from rich.console import Console
        from rich.progress import Progress

        console = Console(file=sys.stderr, no_color=bool(os.environ.get("NO_COLOR")))
        with Progress(console=console, transient=True, redirect_stdout=False) as progress:
            task = progress.add_task("briefs", total=total)
            yield lambda: progress.advance(task)

    return bar()


def quiet_broken_pipe() -> None:
    # Point stdout at devnull so the interpreter's final flush does not raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
