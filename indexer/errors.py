"""The error every reader of release files raises for input it cannot take."""

from __future__ import annotations


class ParseError(ValueError):
    """A file that cannot be read as a release; the message says why and what to do."""
