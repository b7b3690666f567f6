"""`python -m engine` runs the secondround CLI (the same as the `secondround` console script)."""

from engine.cli import main

main()
