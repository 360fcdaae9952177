"""`python -m tradeoffs` runs the command line."""

from tradeoffs.cli import run

run()
