"""Ingestion: files of a data directory in, :class:`~indexer.release.Release` records out.

``corpus`` walks a data directory and reads each file by its format (``textformat``,
``htmlformat``, ``jsonformat``) after ``encoding`` has decoded it; ``sidecar`` applies a
curator's ``NAME.meta.toml``; ``validate`` checks the values of JSON records and sidecars;
``dates`` reads Swedish dates; ``check`` lists every problem of a corpus. A file that
cannot be read becomes a ``Problem`` naming the file and what to do, never an exception.
"""
