"""Parsing untrusted JSON and TOML within bounds, and showing a bad value in a short message.

A file of the data directory may be hostile or broken in any way: ``[`` a hundred
thousand times, an id of five thousand digits, a string of megabytes. The parsers
here check the nesting depth with a cheap scan before parsing, so that Python's
recursive parsers never reach the recursion limit; they refuse numbers too long
to be a value of a release; and they raise :class:`ParseError` for every failure,
so that a caller handles one kind of error. :func:`shown` puts any value into a
message at a bounded length.
"""

from __future__ import annotations

import json
import re
import reprlib
import tomllib
from typing import Any

from indexer.errors import ParseError

#: The deepest nesting of lists and objects accepted: a release needs four levels, a sidecar
#: three, the JSON-LD of a web page a few more; Python's parsers fail at several hundred.
MAX_DEPTH = 32
#: The most digits a number may have: no value of a release is a number this long, and Python
#: refuses to convert integers of more than 4300 digits.
MAX_DIGITS = 100
#: The most characters of a value that a message shows, and of a parser's own message.
SHOWN_CHARS = 60
MESSAGE_CHARS = 200

_JSON_TOKENS = re.compile(r'\\.|["\[\]{}]', re.DOTALL)
#: A JSON escape of half a surrogate pair: alone, it is no character and cannot be written as UTF-8.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOML_TOKENS = re.compile(r'\\|"+|\'+|[#\n\[\]{}]')
_OPENING = frozenset("[{")
_CLOSING = frozenset("]}")


class _Short(reprlib.Repr):
    """``repr`` cut short: long strings, deep or long containers, and huge integers."""

    def __init__(self) -> None:
        super().__init__()
        self.maxstring = self.maxother = SHOWN_CHARS
        self.maxlevel, self.maxlist, self.maxdict = 2, 4, 4

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 3 * MAX_DIGITS:  # repr() itself refuses integers of over 4300 digits
            return f"ett tal med omkring {int(x.bit_length() * 0.30103) + 1} siffror"
        return super().repr_int(x, level)


_SHORT = _Short()


def shown(value: Any) -> str:
    """``repr(value)`` in at most about :data:`SHOWN_CHARS` characters, for an error message."""
    text = _SHORT.repr(value)
    return text if len(text) <= 2 * SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def clipped(text: str, limit: int = MESSAGE_CHARS) -> str:
    """``text`` (a parser's message) cut to ``limit`` characters, for an error message."""
    return text if len(text) <= limit else text[:limit] + "…"


def load_json(text: str) -> Any:
    """The value of a JSON text.

    Raises :class:`json.JSONDecodeError` for a syntax error (the caller says where it
    is) and :class:`ParseError` for anything else: too deep, a number too long.
    """
    _check_depth(json_depth(text))
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_decimal)
    except (json.JSONDecodeError, ParseError):
        raise
    except (ValueError, RecursionError) as error:
        raise ParseError(f"är inte giltig JSON ({clipped(str(error))}): rätta filen") from error
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise ParseError("har en ensam halva av ett teckenpar (\\uD800–\\uDFFF), som inte är text: rätta filen")
    return value


def load_toml(text: str) -> dict[str, Any]:
    """The table of a TOML text; raises :class:`ParseError` saying what is wrong (in Swedish)."""
    _check_depth(toml_depth(text))
    try:
        return tomllib.loads(text, parse_float=_decimal)
    except ParseError:
        raise
    except (ValueError, RecursionError) as error:  # TOMLDecodeError, an integer of over 4300 digits
        raise ParseError(f"är inte giltig TOML ({clipped(str(error))}): rätta raden") from error


def json_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deep the lists and objects of a JSON text nest, counted up to ``limit + 1``.

    Brackets inside strings do not count. A text that is not JSON is scanned as
    far as it is, which is as far as a parser reads it.
    """
    depth = deepest = 0
    in_string = False
    for token in _JSON_TOKENS.finditer(text):
        char = token[0]
        if char[0] == "\\" or in_string and char != '"':
            continue
        if char == '"':
            in_string = not in_string
        elif char in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        else:
            depth -= 1
    return deepest


def toml_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deep the arrays and inline tables of a TOML text nest, counted up to ``limit + 1``.

    Brackets inside strings (basic, literal, multi-line) and comments do not count;
    a table header (``[table]``) counts as one level.
    """
    depth = deepest = 0
    state = ""  # "" outside strings, else the quote that closes: ", """, ', ''' or # for a comment
    escaped = -1  # the position of a character a backslash escapes
    for token in _TOML_TOKENS.finditer(text):
        char, start = token[0], token.start()
        if state == "#":
            state = "" if char == "\n" else state
        elif state in ('"', '"""') and char == "\\":
            escaped = start + 1 if start != escaped else -1
        elif state:
            quotes = len(char) - (start == escaped)
            if char == "\n" and len(state) == 1:
                state = ""  # a one-line string cannot go on; the parser stops here
            elif char[0] == state[0] and quotes >= len(state):
                state = ""
        elif char[0] in "\"'":
            if len(char) == 1 or len(char) >= 3:
                state = char[0] * min(len(char), 3)
                if len(char) >= 6:
                    state = ""  # an empty multi-line string
        elif char == "#":
            state = "#"
        elif char in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif char in _CLOSING:
            depth -= 1
    return deepest


def _has_lone_surrogate(value: Any) -> bool:
    """Whether a text in the parsed JSON ``value`` (its depth checked) has half a surrogate pair."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and _SURROGATE.search(item):
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _check_depth(depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(
            f"har listor eller objekt i mer än {MAX_DEPTH} nivåer; ett pressmeddelande behöver några få: rätta filen"
        )


def _integer(digits: str) -> int:
    if len(digits) > MAX_DIGITS:
        raise ParseError(f"har ett tal med {len(digits)} siffror: skriv id och andra värden som text")
    return int(digits)


def _decimal(digits: str) -> float:
    if len(digits) > MAX_DIGITS:
        raise ParseError(f"har ett tal med {len(digits)} tecken: skriv id och andra värden som text")
    return float(digits)
