"""`python -m streams.cli` runs the `incidents` command line."""

from streams.cli import main

main()
