"""The ``ansum`` command: a thin shell over :mod:`ansum.pipeline` and :mod:`ansum.render`.

One module per command (:mod:`~ansum.cli.summarize`, :mod:`~ansum.cli.models`) parses
options, calls one library entry point, writes the product to stdout (or ``--out``,
:mod:`~ansum.cli.output`) and maps errors to exit statuses (:mod:`ansum.errors`,
:mod:`~ansum.cli.common`).  Progress, warnings and errors go to stderr.  Nothing in the
library imports this package.
"""

from __future__ import annotations

import os
import sys

import typer

from ansum import __version__
from ansum.cli import brief, models, summarize
from ansum.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_TERMINATED,
    PlainArgs,
    Terminated,
    err,
    guarded,
    quiet_broken_pipe,
    stop_on_sigterm,
)
from ansum.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK

app = typer.Typer(
    help="Bilingual briefs of Arabic news: Arabic summary, English translation, key claims.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="\b\nExamples:\n  ansum summarize -p extractive article.txt\n"
    "  ansum summarize -f json a.txt b.html | jq '.claims[].speaker.text'\n"
    "  ansum brief -p extractive -f json day.jsonl > brief.json\n  ansum models list\n\n"
    "Exit statuses: 0 complete, 1 a bug, 2 bad command line, 3 bad input, "
    "4 model not available (--strict), 5 partial brief, 6 configuration or device, "
    "130 interrupted, 141 stdout closed early, 143 terminated; 'ansum COMMAND -h' details them.",
)
app.command("summarize", cls=PlainArgs)(guarded(summarize.summarize))
app.command("brief", cls=PlainArgs)(guarded(brief.brief))
app.add_typer(models.models_app, name="models")


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


def main() -> None:
    """Console-script entry point.

    Click's standalone mode handles usage errors (exit 2, with the usage line) and
    ``--help``; command bodies map ansum's own errors (:func:`ansum.cli.common.guarded`).
    What is left here: a closed stdout (141, silent), Ctrl-C outside a command (130),
    SIGTERM (143, temporary files removed: :func:`ansum.cli.common.stop_on_sigterm`)
    and bugs (1, one line; ``ANSUM_DEBUG=1`` re-raises for a traceback).
    """
    stop_on_sigterm()
    try:
        app()  # standalone: always ends in SystemExit
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Terminated:
        err("terminated")
        status = EXIT_TERMINATED
    except KeyboardInterrupt:
        err("interrupted")
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        quiet_broken_pipe()
        status = EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug
        if os.environ.get("ANSUM_DEBUG"):
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (set ANSUM_DEBUG=1 for a traceback)")
        status = EXIT_INTERNAL
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_broken_pipe()
        status = EXIT_BROKEN_PIPE
    sys.exit(status)
