"""Swedish compound splitting with the hunspell-sv dictionary's compound flags.

The dictionary, read once with spylls, marks which word forms may begin, continue or
end a compound; its affix rules add the linking forms (``innovations``, ``kvinno``) and
the inflected last parts. These three sets are expanded once and cached as gzipped JSON
(``cache_path()``, see ``indexer.language.hunspell``); ``build_cache()`` prebuilds it. The
first ``decompound`` call in a process maps the three sets as marisa tries made from it once
(``trie_paths()``, shared by every process, see ``indexer.language.tries``), building the
cache first if it is missing or unreadable. A word is split into the fewest parts,
preferring the longest last part.

Conventions: a linking morpheme stays on the part before it
(``kvinnojour`` -> ``kvinno`` + ``jour``); inflection stays on the last part
(``skolmåltiderna`` -> ``skol`` + ``måltiderna``); every part has at least
``MIN_PART`` letters and a word has at most ``MAX_PARTS`` parts; a word the
dictionary also lists whole (``generaldirektör``) is still split when its parts
carry the compound flags. Hyphenated words are first cut after each hyphen, which
stays on the part before it (``it-säkerhet`` -> ``it-`` + ``säkerhet``). Parts keep
the input's characters and case, so ``"".join(decompound(w)) == w`` always; a word
that is not a compound, including ``""``, comes back as ``[word]``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import marisa_trie

from indexer.language import hunspell, tries
from indexer.language.hunspell import CACHE_ENV

if TYPE_CHECKING:
    from spylls.hunspell.data.aff import Aff
    from spylls.hunspell.data.dic import Word

__all__ = [
    "CACHE_ENV",
    "MAX_PARTS",
    "MIN_PART",
    "CompoundForms",
    "build_cache",
    "cache_path",
    "decompound",
    "expand_dictionary",
    "load_forms",
    "trie_paths",
]

#: Fewest letters in any part; two-letter parts (``el``, ``is``, ``de``) add no exact
#: splits on the judged list, only risk.
MIN_PART = 3
#: Most parts in one word, as the dictionary's ``COMPOUNDWORDMAX``.
MAX_PARTS = 4
#: Version of the cache file's layout; bump it when the expansion changes.
CACHE_FORMAT = 1

_HYPHEN_CUT = re.compile(r"(?<=-)")


class CompoundForms(NamedTuple):
    """Lower-case word forms allowed first, in the middle and last in a compound."""

    first: frozenset[str]
    middle: frozenset[str]
    last: frozenset[str]


class _Forms(NamedTuple):
    """The compound forms as tries: ``in`` for a form, ``prefixes(text)`` for those that start a text."""

    first: marisa_trie.Trie
    middle: marisa_trie.Trie
    last: marisa_trie.Trie


def decompound(word: str) -> list[str]:
    """The word's parts in order; their concatenation is the word itself."""
    return list(_parts(word))


@functools.lru_cache(maxsize=200_000)
def _parts(word: str) -> tuple[str, ...]:
    """Cached split of one word: at hyphens first, then each piece by the dictionary."""
    parts: list[str] = []
    for piece in filter(None, _HYPHEN_CUT.split(word)):
        core = piece.rstrip("-")
        *heads, last = _split_piece(core)
        parts += [*heads, last + piece[len(core) :]]
    return tuple(parts) or (word,)


def _split_piece(piece: str) -> list[str]:
    """Split a hyphen-free piece; the parts are slices of ``piece`` itself."""
    if "\0" in piece:  # no form has one, and a trie holds none
        return [piece]
    lowered = _lower_same_length(piece)
    bounds = _best_split(lowered, _forms())
    if bounds is None:
        return [piece]
    starts = (0, *bounds)
    ends = (*bounds, len(piece))
    return [piece[start:end] for start, end in zip(starts, ends)]


def _lower_same_length(text: str) -> str:
    """Lower-case each character whose lower case is one character (keeps offsets)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _best_split(word: str, forms: _Forms) -> tuple[int, ...] | None:
    """Inner boundaries of the split with fewest parts, then longest last part, or None."""
    return _search(word, 0, forms.first, forms, MAX_PARTS)


def _search(word: str, start: int, heads: marisa_trie.Trie, forms: _Forms, budget: int) -> tuple[int, ...] | None:
    """Best inner boundaries of ``word[start:]``: a part from ``heads``, middles, a last part."""
    best: tuple[int, ...] | None = None
    if budget < 2:
        return best
    for head in heads.prefixes(word[start:]):  # shortest first
        end = start + len(head)
        if not start + MIN_PART <= end <= len(word) - MIN_PART:
            continue
        if word[end:] in forms.last:
            rest: tuple[int, ...] | None = ()
        else:
            rest = _search(word, end, forms.middle, forms, budget - 1)
        if rest is not None and (best is None or _better((end, *rest), best)):
            best = (end, *rest)
    return best


def _better(candidate: tuple[int, ...], incumbent: tuple[int, ...]) -> bool:
    """Whether a split (inner boundaries) has fewer parts, or as many and a longer last part."""
    if len(candidate) != len(incumbent):
        return len(candidate) < len(incumbent)
    return candidate[-1] < incumbent[-1]


@functools.lru_cache(maxsize=1)
def _forms() -> _Forms:
    """The dictionary's compound forms as memory-mapped tries, made from the cache once."""
    return _Forms(*(
        tries.mapped(path, marisa_trie.Trie, functools.partial(_make_trie, role))
        for role, path in zip(CompoundForms._fields, trie_paths())
    ))  # fmt: skip


def cache_path() -> Path:
    """Where the compound forms of the installed hunspell-sv are cached."""
    return hunspell.cache_path("compounds", CACHE_FORMAT)


def trie_paths() -> tuple[Path, Path, Path]:
    """Where the tries of the first, middle and last forms of the installed hunspell-sv live."""
    first, middle, last = (hunspell.trie_path(f"compounds-{role}", CACHE_FORMAT) for role in CompoundForms._fields)
    return first, middle, last


def _make_trie(role: str) -> marisa_trie.Trie:
    """The cached forms of one role as a trie, checked to hold every one of them and no other."""
    forms: frozenset[str] = getattr(load_forms(cache_path()), role)
    trie = marisa_trie.Trie(forms)
    if len(trie) != len(forms) or not all(form in trie for form in forms):
        raise ValueError(f"the trie of the {role} compound forms differs from the cache {cache_path()}")
    return trie


def load_forms(path: Path, dictionary: Path | None = None) -> CompoundForms:
    """Read the cached forms at ``path``; when missing or unreadable, build and write them."""
    return hunspell.load_cache(path, CACHE_FORMAT, _decode, _build, dictionary)


def build_cache(path: Path | None = None, dictionary: Path | None = None) -> Path:
    """Expand the dictionary (default: hunspell-sv's ``sv_SE``) and write the cache file."""
    return hunspell.build_cache(path or cache_path(), CACHE_FORMAT, _build, dictionary)


def _build(source: Path) -> dict[str, list[str]]:
    """The cache payload: each role's forms, sorted."""
    forms = expand_dictionary(source)
    return {role: sorted(getattr(forms, role)) for role in CompoundForms._fields}


def _decode(data: dict[str, list[str]]) -> CompoundForms:
    """The forms of a cache payload."""
    return CompoundForms(*(frozenset(data[role]) for role in CompoundForms._fields))


def expand_dictionary(base: Path) -> CompoundForms:
    """Read ``base``.aff/.dic with spylls and collect each form's compound positions."""
    aff, dic = hunspell.read_dictionary(base)
    roles: dict[str, set[str]] = {role: set() for role in CompoundForms._fields}
    for word in dic.words:
        if aff.FORBIDDENWORD in word.flags:
            continue
        for form, role in _compound_forms(aff, word):
            if form.isalpha():
                roles[role].add(form.lower())
    return CompoundForms(*(frozenset(roles[role]) for role in CompoundForms._fields))


def _compound_forms(aff: Aff, word: Word) -> Iterator[tuple[str, str]]:
    """(form, role) pairs of one entry: its bare stem and its suffixed forms.

    sv_SE.aff defines no prefixes. As in Hunspell, a suffix may sit on a first or middle
    part only when it carries COMPOUNDPERMITFLAG (the linking suffixes do), while the
    position flags may sit on the stem or on the suffix.
    """
    if aff.NEEDAFFIX not in word.flags:
        yield from _roles(aff, word.stem, word.flags, permitted=True)
    for form, suffix in hunspell.suffixed_forms(aff, word):
        permitted = aff.COMPOUNDPERMITFLAG in suffix.flags
        yield from _roles(aff, form, word.flags | suffix.flags, permitted=permitted)


def _roles(aff: Aff, form: str, flags: set[str], *, permitted: bool) -> Iterator[tuple[str, str]]:
    """The compound positions ``flags`` allow for ``form``."""
    if permitted and aff.COMPOUNDBEGIN in flags:
        yield form, "first"
    if permitted and aff.COMPOUNDMIDDLE in flags:
        yield form, "middle"
    if aff.COMPOUNDEND in flags:
        yield form, "last"
