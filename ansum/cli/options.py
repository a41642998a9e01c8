"""Options that ``ansum summarize`` and ``ansum brief`` share, declared once.

Each is a ``typer.Option`` object used as a parameter default in both commands, so the
flag, its checks and its help text cannot drift apart between them.
"""

from __future__ import annotations

import typer

from ansum.cli.common import check_device, check_max_chars
from ansum.input.read import DEFAULT_MAX_CHARS, MAX_CHARS_LIMIT

FORMAT = typer.Option(
    None, "--format", "-f", metavar="FORMAT",
    help="terminal, plain, markdown, json or html, in any case "
    "(default: terminal on a TTY, plain when piped).",
)
PROFILE = typer.Option(
    None, "--profile", "-p", metavar="NAME",
    help="models.toml profile (default: ANSUM_PROFILE or the file's default).",
)
SUMMARIZER = typer.Option(
    None, "--summarizer", metavar="NAME", help="Model name overriding the profile's summarizer."
)
TRANSLATOR = typer.Option(
    None, "--translator", metavar="NAME", help="Model name overriding the profile's translator."
)
MODELS_FILE = typer.Option(
    None, "--models", metavar="FILE", help="A models.toml overriding the shipped one."
)
OFFLINE = typer.Option(
    False, "--offline", help="Use cached models only; never touch the network for models."
)
DEVICE = typer.Option(
    "auto", "--device", metavar="DEVICE", callback=check_device,
    help="auto, cpu, cuda, cuda:N or mps; checked before any work, whatever the profile.",
)
STRICT = typer.Option(
    False, "--strict",
    help="Fail (exit 4) instead of a partial brief (exit 5) when a model is missing.",
)
MAX_CHARS = typer.Option(
    DEFAULT_MAX_CHARS, "--max-chars", metavar="N", callback=check_max_chars,
    help=f"Largest article accepted, in characters of cleaned text (1 to {MAX_CHARS_LIMIT}).",
)
OUT = typer.Option(
    None, "--out", "-o", metavar="FILE",
    help="Write the output to this file (atomically) instead of stdout ('-': stdout).",
)
NO_COLOR = typer.Option(False, "--no-color", help="Same as --color never.")

