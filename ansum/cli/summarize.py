"""``ansum summarize``: one bilingual brief per article."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import typer

from ansum.cli import options
from ansum.cli.common import (
    check_bidi,
    check_color,
    check_device_here,
    color_wanted,
    err,
    log_progress_to_stderr,
    progress,
)
from ansum.cli.output import check_out, write_out, write_stdout
from ansum.errors import EXIT_OK, EXIT_PARTIAL, AnsumError, InputError


def summarize(
    files: list[str] = typer.Argument(
        ..., metavar="FILE...", help="Article files (text or HTML); '-' reads stdin.",
        show_default=False,
    ),
    fmt: str | None = options.FORMAT,
    sentences: int = typer.Option(
        3, "--sentences", "-n", min=1, max=50, metavar="N",
        help="Summary sentences, 1-50 (extractive).",
    ),
    claims: int = typer.Option(
        5, "--claims", "-k", min=0, max=50, metavar="N", help="Key claims to show, 0-50."
    ),
    profile: str | None = options.PROFILE,
    summarizer: str | None = options.SUMMARIZER,
    translator: str | None = options.TRANSLATOR,
    models_file: Path | None = options.MODELS_FILE,
    offline: bool = options.OFFLINE,
    device: str = options.DEVICE,
    strict: bool = options.STRICT,
    max_chars: int = options.MAX_CHARS,
    batch_articles: int | None = typer.Option(
        None, "--batch-articles", min=1, metavar="N",
        help="With several inputs: articles whose model calls are batched together "
        "(default 16; 1 = one article at a time).",
    ),
    out: Path | None = options.OUT,
    color: str = typer.Option(
        "auto", "--color", metavar="WHEN", callback=check_color,
        help="auto (colour on a terminal unless NO_COLOR is set; FORCE_COLOR=1 forces it, "
        "e.g. for less -R), always or never. Terminal format only.",
    ),
    no_color: bool = options.NO_COLOR,
    bidi: str = typer.Option(
        "logical", "--bidi", metavar="ORDER", callback=check_bidi,
        help="logical (default: your terminal orders Arabic) or visual (ansum reorders each "
        "line, for terminals that show Arabic reversed; terminal and plain formats; needs "
        "python-bidi).",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No warnings on stderr (errors still)."
    ),
) -> None:
    """Print a bilingual brief of each article.

    \b
    Examples:
      ansum summarize article.txt
      ansum summarize -p extractive -f json a.txt b.html | jq '.claims[].speaker.text'
      curl -s https://example.com/news/1 | ansum summarize -f markdown -o brief.md -

    \b
    Exit statuses:
      0    every brief complete
      2    bad command line
      3    bad input (missing, unreadable or binary file, no text, --out an input)
      4    --strict and a model is not available
      5    partial brief: a model was unavailable, a stage fell back
      6    bad models.toml, unknown name or format, device not available
      130  interrupted; 141 stdout closed early; 143 terminated (SIGTERM)
    """
    from ansum.pipeline import iter_briefs
    from ansum.render import get_renderer, stream
    from ansum.runtime import BriefOptions, is_model_warning

    if not quiet:
        log_progress_to_stderr()

    if out is not None and str(out) == "-":
        out = None  # the usual spelling of stdout
    if fmt is None:
        fmt = "terminal" if (out is None and sys.stdout.isatty()) else "plain"
    fmt = fmt.lower()
    get_renderer(fmt)  # fail early (ConfigError) on an unknown format, before any work
    check_device_here(device)  # the same whatever the profile (ConfigError, exit 6)
    if out is not None:
        check_out(out, files)
    if files.count("-") > 1:
        raise InputError("stdin ('-') can be given only once")
    mode = "never" if no_color else color
    color = fmt == "terminal" and (out is None or mode == "always") and color_wanted(mode)
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

    said: set[str] = set()  # model problems already reported on stderr

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
                        if not is_model_warning(w):
                            err(f"warning: {source}: {w}")
                        elif w not in said:  # a model problem: once per run, with its fix
                            said.add(w)
                            err(f"warning: {w}")
                status["partial"] |= result.partial
                yield result

    if bidi == "visual":
        from ansum.render.visual import visual_order

        visual_order("")  # fail early (ConfigError) when python-bidi is missing
    chunks = stream(briefs(), fmt, several=len(files) > 1, color=color, width=width, bidi=bidi)
    if out is None:
        for chunk in chunks:  # written as each brief is ready (except HTML)
            write_stdout(chunk)
    else:
        text = "".join(chunks)
        if text:
            write_out(out, text)
    raise typer.Exit(status["failed"] or (EXIT_PARTIAL if status["partial"] else EXIT_OK))
