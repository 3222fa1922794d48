"""Serve the search page with waitress: ``python -m searchui [--index DIR] [--data DIR]``.

Builds the index from the data folder first when there is none yet.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import waitress

import indexer
from searchui import SERVER_THREADS, create_app


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m searchui",
        description="Visa Pressarkivs söksida i webbläsaren.",
    )
    parser.add_argument("--index", metavar="DIR", help="mapp med sökindexet")
    parser.add_argument("--data", metavar="DIR", help="mapp med pressmeddelanden att indexera")
    parser.add_argument("--host", default="127.0.0.1", help="adress att lyssna på (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port att lyssna på (8000)")
    parser.add_argument("--threads", type=_positive, default=SERVER_THREADS,
                        help=f"antal trådar ({SERVER_THREADS})")  # fmt: skip
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    """A whole number of at least 1, for ``--threads``."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"ska vara ett heltal från 1 (fick {text!r})")
    return int(text)


def address(host: str, port: int) -> str:
    """The URL to open in a browser for a server on ``host``:``port``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def main(argv: Sequence[str] | None = None) -> int:
    """Build the index if it is missing, then serve until interrupted."""
    args = parse_args(argv)
    settings = indexer.resolve(data_dir=args.data, index_dir=args.index)
    try:
        report = indexer.ensure_index(settings)
    except indexer.BuildError as error:
        print(f"Pressarkiv: kunde inte bygga sökindexet: {error}", file=sys.stderr)
        return 1
    if report is not None:
        print(report.summary())
    app = create_app({"INDEX_DIR": settings.index_dir, "DATA_DIR": settings.data_dir})
    print(f"Pressarkiv: öppna {address(args.host, args.port)} i webbläsaren", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
