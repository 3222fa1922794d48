"""Run the Pressarkiv command line: ``python -m indexer rebuild`` / ``search``."""

from .cli import main

main(prog_name="python -m indexer")
