"""``ansum summarize``: one bilingual brief per article."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import typer

from ansum.cli.common import check_device, color_wanted, err, log_progress_to_stderr, progress
from ansum.cli.output import check_out, write_atomic, write_stdout
from ansum.errors import EXIT_OK, EXIT_PARTIAL, AnsumError, InputError


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
        "auto", "--device", callback=check_device, help="auto | cpu | cuda | cuda:N | mps"
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
    batch_articles: int | None = typer.Option(
        None, "--batch-articles", min=1,
        help="With several inputs: articles whose model calls are batched together "
        "(default 16; 1 = one article at a time).",
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
    from ansum.pipeline import iter_briefs
    from ansum.render import get_renderer, stream
    from ansum.runtime import BriefOptions

    if not quiet:
        log_progress_to_stderr()

    if fmt is None:
        fmt = "terminal" if (out is None and sys.stdout.isatty()) else "plain"
    get_renderer(fmt)  # fail early (ConfigError) on an unknown format, before any work
    if out is not None:
        check_out(out, files)
    if files.count("-") > 1:
        raise InputError("stdin ('-') can be given only once")
    color = color_wanted(no_color) and out is None and fmt == "terminal"
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
        if len(files) > 1:  # neural stages batched across a window of articles
            from ansum.batch import DEFAULT_BATCH_ARTICLES, iter_briefs_batched

            results = iter_briefs_batched(files, options, max_chars=max_chars,
                                          batch_articles=batch_articles or DEFAULT_BATCH_ARTICLES)
        else:
            results = iter_briefs(files, options, max_chars=max_chars)
        with progress(len(files), enabled=not quiet and len(files) > 1) as advance:
            for source, result in results:
                advance()
                if isinstance(result, AnsumError):
                    err(f"error: {result.one_line()}")
                    status["failed"] = status["failed"] or result.exit_code
                    continue
                if not quiet:
                    for w in result.warnings:
                        err(f"warning: {source}: {w}")
                status["partial"] |= result.partial
                yield result

    chunks = stream(briefs(), fmt, several=len(files) > 1, color=color, width=width)
    if out is None:
        for chunk in chunks:  # written as each brief is ready (except HTML)
            write_stdout(chunk)
    else:
        text = "".join(chunks)
        if text:
            write_atomic(out, text)
    raise typer.Exit(status["failed"] or (EXIT_PARTIAL if status["partial"] else EXIT_OK))
