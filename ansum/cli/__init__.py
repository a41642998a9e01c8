"""The command-line shell; ``ansum.cli:main`` is the console script."""

from ansum.cli.app import app, main

__all__ = ["app", "main"]
