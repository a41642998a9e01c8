"""``python -m ansum`` runs the CLI."""

from ansum.cli import main

main()
