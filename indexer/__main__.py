"""Run the Pressarkiv command line: ``python -m indexer rebuild`` / ``search``."""

from indexer.cli import main

main(prog_name="python -m indexer")
