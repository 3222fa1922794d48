"""Every error Pressarkiv raises on purpose, under one base class.

Each message names the file, field or parameter and what to do, in Swedish where
a reader of the web page or the command line sees it, so a caller can show it as
it is. Catch :class:`PressarkivError` to catch them all.
"""

from __future__ import annotations


class PressarkivError(Exception):
    """The base of every error Pressarkiv raises on purpose; the message is for people."""


class ParseError(PressarkivError, ValueError):
    """A file that cannot be read as a release; the message says why and what to do."""


class TaxonomyError(PressarkivError, ValueError):
    """A topic taxonomy that cannot be used; the message names the file and the entry."""


class LexiconError(PressarkivError, ValueError):
    """A lexicon correction file that cannot be used; the message names the file and the entry."""


class BuildError(PressarkivError, RuntimeError):
    """A build or update that could not complete; the index in service is unchanged."""


class ConfigError(PressarkivError, ValueError):
    """A setting that cannot be used; the message names the setting and what to give instead."""


class SearchError(PressarkivError, ValueError):
    """A search parameter that cannot be used; the message says which and why."""


class IndexNotFoundError(PressarkivError, FileNotFoundError):
    """No usable index at the given path; the message says how to build one."""


class IndexFormatError(IndexNotFoundError):
    """An index written by another version of Pressarkiv, which this one cannot read: rebuild it."""
