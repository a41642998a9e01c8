"""The ``ansum`` command: a thin shell over :mod:`ansum.pipeline` and :mod:`ansum.render`.

It parses options, calls the library, writes the brief to stdout (or ``--out``),
and maps errors to exit statuses (:mod:`ansum.errors`).  Progress, warnings and
errors go to stderr.  Nothing here is imported by the library.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import typer

from . import __version__
from .errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    AnsumError,
    ConfigError,
    InputError,
)

app = typer.Typer(
    help="Bilingual briefs of Arabic news: Arabic summary, English translation, key claims.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
models_app = typer.Typer(
    help="List and download the models named in models.toml.", no_args_is_help=True
)
app.add_typer(models_app, name="models")

FORMATS = ("terminal", "plain", "markdown", "json", "html")
#: Status when stdout is closed early (``ansum … | head -1``): 128 + SIGPIPE, as a shell
#: reports a process killed by SIGPIPE.  Nothing is printed on stderr.
EXIT_BROKEN_PIPE = 141


def _err(message: str) -> None:
    """Write one line to stderr (user text already flattened and sanitized)."""
    from .render.safe import sanitize_line

    sys.stderr.write("ansum: " + sanitize_line(message) + "\n")
    sys.stderr.flush()


def _guarded(func):
    """Run a command body, turning ansum errors and Ctrl-C into one line and a status."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except AnsumError as exc:
            _err(f"error: {exc.one_line()}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:  # before Click turns it into a silent exit 1
            _quiet_broken_pipe()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None

    return wrapper


def _log_progress_to_stderr() -> None:
    """Show the library's progress messages (e.g. a first-use model conversion) on stderr."""
    import logging

    logger = logging.getLogger("ansum.backends.ct2_convert")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("ansum: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _check_device(value: str) -> str:
    """Reject a malformed --device at parse time (exit 2); whether the device exists is
    checked when a model loads."""
    import re

    if not re.fullmatch(r"auto|cpu|mps|cuda(:\d+)?", value):
        raise typer.BadParameter("use auto, cpu, cuda, cuda:N or mps")
    return value


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ansum {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """ansum turns Arabic news articles into bilingual briefs."""


def _color_wanted(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _same_file(a: Path, b: str) -> bool:
    try:
        return b != "-" and a.exists() and os.path.samefile(a, b)
    except OSError:
        return False


@app.command()
@_guarded
def summarize(
    files: list[str] = typer.Argument(
        ..., metavar="FILE", help="Article files (text or HTML); '-' reads stdin."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="terminal | plain | markdown | json | html "
        "(default: terminal on a TTY, plain when piped).",
    ),
    sentences: int = typer.Option(
        3, "--sentences", "-n", min=1, max=50, help="Summary sentences (extractive)."
    ),
    claims: int = typer.Option(5, "--claims", "-k", min=0, max=50, help="Key claims to show."),
    profile: str | None = typer.Option(
        None,
        "--profile",
        "-p",
        help="models.toml profile (default: ANSUM_PROFILE or the file's default).",
    ),
    summarizer: str | None = typer.Option(
        None, "--summarizer", help="Model name overriding the profile's summarizer."
    ),
    translator: str | None = typer.Option(
        None, "--translator", help="Model name overriding the profile's translator."
    ),
    models_file: Path | None = typer.Option(
        None, "--models", help="A models.toml overriding the shipped one."
    ),
    offline: bool = typer.Option(
        False, "--offline", help="Use cached models only; never touch the network."
    ),
    device: str = typer.Option(
        "auto", "--device", callback=_check_device, help="auto | cpu | cuda | cuda:N | mps"
    ),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Fail (exit 4) instead of printing a partial brief when a model is missing.",
    ),
    max_chars: int = typer.Option(
        200_000,
        "--max-chars",
        min=1,
        help="Largest article accepted, in characters of cleaned text.",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the output to this file (atomically) instead of stdout."
    ),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (also NO_COLOR=1)."),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No warnings on stderr (errors still)."
    ),
) -> None:
    """Print a bilingual brief of each article."""
    from .pipeline import BriefOptions, iter_briefs
    from .render import get_renderer, stream

    if not quiet:
        _log_progress_to_stderr()

    if fmt is None:
        fmt = "terminal" if (out is None and sys.stdout.isatty()) else "plain"
    get_renderer(fmt)  # fail early (ConfigError) on an unknown format, before any work
    if out is not None:
        _check_out(out, files)
    if files.count("-") > 1:
        raise InputError("stdin ('-') can be given only once")
    color = _color_wanted(no_color) and out is None and fmt == "terminal"
    options = BriefOptions(
        sentences=sentences,
        claims=claims,
        profile=profile,
        summarizer=summarizer,
        translator=translator,
        models_file=models_file,
        offline=offline,
        device=device,
        strict=strict,
    )
    status = {"failed": EXIT_OK, "partial": False}  # first failure's status; any partial
    width = shutil.get_terminal_size().columns if fmt == "terminal" else None

    def briefs():
        results = iter_briefs(files, options, max_chars=max_chars)
        with _progress(len(files), enabled=not quiet and len(files) > 1) as advance:
            for source, result in results:
                advance()
                if isinstance(result, AnsumError):
                    _err(f"error: {result.one_line()}")
                    status["failed"] = status["failed"] or result.exit_code
                    continue
                if not quiet:
                    for w in result.warnings:
                        _err(f"warning: {source}: {w}")
                status["partial"] |= result.partial
                yield result

    chunks = stream(briefs(), fmt, several=len(files) > 1, color=color, width=width)
    if out is None:
        for chunk in chunks:  # written as each brief is ready (except HTML)
            _write_stdout(chunk)
    else:
        text = "".join(chunks)
        if text:
            _write_atomic(out, text)
    raise typer.Exit(status["failed"] or (EXIT_PARTIAL if status["partial"] else EXIT_OK))


def _progress(total: int, *, enabled: bool):
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


def _human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


@models_app.command("list")
@_guarded
def models_list(
    profile: str | None = typer.Argument(None, help="Only the models this profile needs."),
    models_file: Path | None = typer.Option(
        None, "--models", help="A models.toml overriding the shipped one."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Machine-readable output (one JSON object per model)."
    ),
) -> None:
    """List the models of models.toml: profiles using them, cache status, size, license."""
    import json

    from .config import load_config
    from .models import list_models

    config = load_config(models_file)
    rows = list_models(config, profile)
    for st in rows:
        spec = st.spec
        if as_json:
            sys.stdout.write(
                json.dumps(
                    {
                        "name": spec.name,
                        "task": spec.task,
                        "backend": spec.backend,
                        "repo": spec.repo,
                        "revision": spec.revision,
                        "license": spec.license,
                        "profiles": list(st.profiles),
                        "cached": st.cached,
                        "needs_download": st.needs_download,
                        "size_bytes": st.size_bytes,
                        "problem": st.problem,
                        "converted": list(st.converted),
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            continue
        if not spec.needs_model:
            state = "no download needed"
        elif st.cached:
            state = f"cached, {_human_size(st.size_bytes)}"
        elif st.converted:
            state = "converted (checkpoint not cached)"
        else:
            state = "not cached (ansum models pull)"
        if st.converted:
            state += f"; converted: {', '.join(st.converted)}"
        if st.problem:
            state += f"; problem: {st.problem}"
        sys.stdout.write(
            f"{spec.name}\t{spec.task}\t{spec.repo or '-'}\t{state}\t"
            f"license: {spec.license or '-'}\tprofiles: {', '.join(st.profiles) or '-'}\n"
        )


@models_app.command("pull")
@_guarded
def models_pull(
    profile: str | None = typer.Argument(
        None, help="Profile whose models to download (default: the default profile)."
    ),
    models_file: Path | None = typer.Option(
        None, "--models", help="A models.toml overriding the shipped one."
    ),
) -> None:
    """Download the models a profile needs into the Hugging Face cache (safetensors only)."""
    from .config import load_config, resolve_models
    from .models import pull

    config = load_config(models_file)
    specs = [s for s in resolve_models(config, profile=profile) if s is not None]
    for st in pull(specs, progress=sys.stderr.isatty(), on_message=_err):
        where = st.local_path or "-"
        _err(f"{st.spec.name}: ready ({where})")


def _write_stdout(text: str) -> None:
    """Write ``text`` to stdout and flush.

    Raises:
        ConfigError: stdout's encoding cannot hold the text (e.g. PYTHONIOENCODING=ascii);
            nothing of ``text`` is written then, since it is encoded before writing.
    """
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        raise ConfigError(
            f"standard output uses the encoding {sys.stdout.encoding!r}, "
            "which cannot hold the brief's text",
            "use a UTF-8 locale or PYTHONIOENCODING=utf-8, or write to a file with --out",
        ) from None
    sys.stdout.flush()


def _check_out(out: Path, files: list[str]) -> None:
    """Refuse an ``--out`` that is an input (under any spelling or link) or unwritable.

    Raises:
        InputError: naming the problem, before any article is read.
    """
    for f in files:
        if _same_file(out, f):
            raise InputError(f"--out {out} is also an input file; refusing to overwrite it",
                             "choose another output path")
    if out.is_dir():
        raise InputError(f"--out {out} is a directory", "give a file path")
    folder = out.resolve().parent
    if not folder.is_dir():
        raise InputError(f"--out {out}: folder {folder} does not exist", "create it first")
    if not os.access(folder, os.W_OK):
        raise InputError(f"--out {out}: folder {folder} is not writable",
                         "choose a folder you can write to")


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    A symlink is followed: its target is replaced, the link kept.  On any failure
    (including Ctrl-C) the temporary file is removed and ``path`` is untouched.

    Raises:
        InputError: the file cannot be written (permissions, disk full, …).
    """
    import tempfile

    target = path.resolve()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        # mkstemp creates mode 600: give the file the mode a plain write would give it
        # (the existing file's mode, else 666 minus the umask)
        os.fchmod(fd, _output_mode(target))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise InputError(f"cannot write --out {path}: {exc.strerror or exc}",
                             "check the folder's permissions and free space") from None
        raise


def _output_mode(target: Path) -> int:
    """Permission bits for ``target``: its current ones, else 0o666 minus the umask."""
    import stat

    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def main() -> None:
    """Console-script entry point.

    Click's standalone mode handles usage errors (exit 2, with the usage line) and
    ``--help``; command bodies map ansum's own errors (:func:`_guarded`).  What is left
    here: a closed stdout (141, silent), Ctrl-C outside a command (130) and bugs (1, one
    line; ``ANSUM_DEBUG=1`` re-raises for a traceback).
    """
    try:
        app()  # standalone: always ends in SystemExit
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        _err("interrupted")
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_broken_pipe()
        status = EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug
        if os.environ.get("ANSUM_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set ANSUM_DEBUG=1 for a traceback)")
        status = EXIT_INTERNAL
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
        status = EXIT_BROKEN_PIPE
    sys.exit(status)


def _quiet_broken_pipe() -> None:
    # Point stdout at devnull so the interpreter's final flush does not raise again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
