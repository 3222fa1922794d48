"""Serve the search page with waitress: ``python -m searchui [--index DIR] [--data DIR]``.

Builds the index from the data folder first when there is none yet.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence

import indexer
import indexer.config
from searchui import SERVER_THREADS, SERVER_WORKERS, create_app, serving


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
    parser.add_argument(
        "--base-url", metavar="URL",
        help="den offentliga adressen som länkar görs från, t.ex. https://pressarkiv.example.se "
        f"(annars ${indexer.config.BASE_URL_ENV} eller adressen servern lyssnar på)",
    )  # fmt: skip
    parser.add_argument("--threads", type=_positive, default=SERVER_THREADS,
                        help=f"antal trådar per process ({SERVER_THREADS})")  # fmt: skip
    parser.add_argument("--workers", type=_positive, default=SERVER_WORKERS,
                        help=f"antal serverprocesser ({SERVER_WORKERS}: en per processorkärna)")  # fmt: skip
    parser.add_argument("--listen-fd", type=int, help=argparse.SUPPRESS)  # set for worker processes
    parser.add_argument("--heavy-locks", help=argparse.SUPPRESS)  # the workers' shared slots (``searchui.heavy``)
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    """A whole number of at least 1, for ``--threads`` and ``--workers``."""
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
    try:
        settings = indexer.resolve(data_dir=args.data, index_dir=args.index)
        base = indexer.config.base_url(args.base_url, default=address(args.host, args.port))
        app = create_app({"INDEX_DIR": settings.index_dir, "DATA_DIR": settings.data_dir, "PRESSARKIV_BASE_URL": base,
                          "HEAVY_LOCK_DIR": args.heavy_locks})  # fmt: skip
    except indexer.ConfigError as error:  # a bad PRESSARKIV_CONTACT or PRESSARKIV_BASE_URL, say
        print(f"Pressarkiv: {error}", file=sys.stderr)
        return 2
    if args.listen_fd is not None:
        serving.serve_socket(app, args.listen_fd, args.threads)
        return 0
    try:
        report = indexer.ensure_index(settings)
    except indexer.BuildError as error:
        print(f"Pressarkiv: kunde inte bygga sökindexet: {error}", file=sys.stderr)
        return 1
    if report is not None:
        print(report.summary())
    print(f"Pressarkiv: öppna {address(args.host, args.port)} i webbläsaren", flush=True)
    try:
        if args.workers == 1:
            serving.serve(app, args.host, args.port, args.threads)
            return 0
        with tempfile.TemporaryDirectory(prefix="pressarkiv-slots-") as locks:  # one cap for all workers
            return serving.supervise(
                args.host, args.port, args.workers, lambda fd: _worker_argv(settings, args, base, fd, locks)
            )
    except OSError as error:  # the address is taken or not this machine's
        print(f"Pressarkiv: kan inte ta emot anrop på {args.host}:{args.port} ({error.strerror or error}). "
              "Välj en annan port med --port eller en annan adress med --host.", file=sys.stderr)  # fmt: skip
        return 1


def _worker_argv(settings: indexer.Settings, args: argparse.Namespace, base: str, fd: int, locks: str) -> list[str]:
    """The command line of a worker process serving on the inherited socket ``fd``, its expensive
    requests capped together with the other workers' through the slots in ``locks``."""
    return [sys.executable, "-m", "searchui", "--index", str(settings.index_dir), "--data", str(settings.data_dir),
            "--base-url", base, "--threads", str(args.threads), "--listen-fd", str(fd),
            "--heavy-locks", locks]  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
