"""Swedish compound splitting with the hunspell-sv dictionary's compound flags.

The dictionary, read once with spylls, marks which word forms may begin, continue or
end a compound; its affix rules add the linking forms (``innovations``, ``kvinno``) and
the inflected last parts. These three sets are expanded once and cached as gzipped JSON
(``cache_path()``, see ``indexer.language.hunspell``); ``build_cache()`` prebuilds it, and the
first ``decompound`` call in a process loads it, building it if missing or unreadable.
The cache also keeps how common each form is in Swedish (its Zipf frequency in
``wordfreq``'s Swedish list, read when the cache is built: a linking form counts as its
word, ``måltids`` as ``måltid``).

A word is split into the fewest parts; between splits with as many parts, the one whose
parts are the more common words wins (the geometric mean of their frequencies, as Koehn
& Knight choose splits), so ``måltidsenhet`` is ``måltids`` + ``enhet``, not ``mål`` +
``tidsenhet``; then the longest last part. The derivational suffix -dom is no part
(``ungdom``, ``sjukdom``), unless a linking -s marks the noun ``dom`` (``hovrätts`` + ``dom``).
:func:`compound_parts` goes deeper, for the index: the parts, the parts of each part and
the runs of neighbouring parts (``statsstödsreglerna`` → ``stats``, ``stöds``,
``reglerna``, ``statsstöds``, ``stödsreglerna``).

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
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from indexer.language import hunspell
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
    "compound_parts",
    "decompound",
    "expand_dictionary",
    "load_forms",
]

#: Fewest letters in any part; two-letter parts (``el``, ``is``, ``de``) add no exact
#: splits on the judged list, only risk.
MIN_PART = 3
#: Most parts in one word, as the dictionary's ``COMPOUNDWORDMAX``.
MAX_PARTS = 4
#: Version of the cache file's layout; bump it when the expansion changes.
CACHE_FORMAT = 2
#: Zipf frequency given to a part that the frequency list lacks (the list's floor is about 1).
UNSEEN = 0.0
#: Letters a first or middle form may end in that link it to the next part (``avtals``, ``kvinno``).
LINKING = "saeou"
#: Forms of the suffix -dom, which end a word of their own after a part without a linking -s.
DOM_FORMS = frozenset({"dom", "doms", "domen", "domens", "domar", "domars", "domarna", "domarnas"})

_HYPHEN_CUT = re.compile(r"(?<=-)")


class CompoundForms(NamedTuple):
    """Lower-case word forms allowed first, in the middle and last in a compound, and how common."""

    first: frozenset[str]
    middle: frozenset[str]
    last: frozenset[str]
    #: Zipf frequency (0–8, a log scale) of each form that Swedish text uses.
    frequency: dict[str, float]


def decompound(word: str) -> list[str]:
    """The word's parts in order; their concatenation is the word itself."""
    return list(_parts(word))


def compound_parts(word: str) -> list[str]:
    """Every part of ``word`` worth indexing, without the word: parts, their parts, runs of parts.

    Empty for a word that is no compound. Each part that is itself a compound adds its
    own parts (``sjukvårds`` adds ``sjuk`` and ``vårds``); with three or more parts the
    runs of neighbours are added too, since the dictionary splits ``statsstödsreglerna``
    flat. In order of first appearance, each once.
    """
    return list(_deep_parts(word))


@functools.lru_cache(maxsize=200_000)
def _deep_parts(word: str) -> tuple[str, ...]:
    parts = _parts(word)
    if len(parts) < 2:
        return ()
    found: dict[str, None] = {}
    for size in range(1, len(parts)):
        for start in range(len(parts) - size + 1):
            found["".join(parts[start : start + size])] = None
    for part in parts:
        found.update(dict.fromkeys(_deep_parts(part)))
    found.pop(word, None)
    return tuple(found)


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


def _best_split(word: str, forms: CompoundForms) -> tuple[int, ...] | None:
    """Inner boundaries of the split with fewest parts, then commonest parts, then longest last part."""
    return _search(word, 0, forms.first, forms, MAX_PARTS)


def _search(word: str, start: int, heads: frozenset[str], forms: CompoundForms, budget: int) -> tuple[int, ...] | None:
    """Best inner boundaries of ``word[start:]``: a part from ``heads``, middles, a last part."""
    best: tuple[int, ...] | None = None
    if budget < 2:
        return best
    for end in range(start + MIN_PART, len(word) - MIN_PART + 1):
        if word[start:end] not in heads or _suffix_dom(word, start, end):
            continue
        if word[end:] in forms.last:
            rest: tuple[int, ...] | None = ()
        else:
            rest = _search(word, end, forms.middle, forms, budget - 1)
        if rest is not None and (best is None or _better(word, start, (end, *rest), best, forms.frequency)):
            best = (end, *rest)
    return best


def _suffix_dom(word: str, start: int, end: int) -> bool:
    """Whether what follows the part ``word[start:end]`` is the suffix -dom, ending the word."""
    return word[end - 1] != "s" and word[end:] in DOM_FORMS


def _better(
    word: str, start: int, candidate: tuple[int, ...], incumbent: tuple[int, ...], frequency: dict[str, float]
) -> bool:
    """Whether a split of ``word[start:]`` (inner boundaries) beats another: fewer parts, commoner
    parts (sum of Zipf frequencies: the geometric mean, for as many parts), a longer last part."""
    if len(candidate) != len(incumbent):
        return len(candidate) < len(incumbent)
    evidence = _evidence(word, start, candidate, frequency) - _evidence(word, start, incumbent, frequency)
    if evidence:
        return evidence > 0
    return candidate[-1] < incumbent[-1]


def _evidence(word: str, start: int, bounds: tuple[int, ...], frequency: dict[str, float]) -> float:
    """How common the parts of a split are: the sum of their Zipf frequencies."""
    cuts = (start, *bounds, len(word))
    return sum(frequency.get(word[a:b], UNSEEN) for a, b in zip(cuts, cuts[1:]))


@functools.lru_cache(maxsize=1)
def _forms() -> CompoundForms:
    """The dictionary's compound forms, loaded (or built) once per process."""
    return load_forms(cache_path())


def cache_path() -> Path:
    """Where the compound forms of the installed hunspell-sv are cached."""
    return hunspell.cache_path("compounds", CACHE_FORMAT)


def load_forms(path: Path, dictionary: Path | None = None) -> CompoundForms:
    """Read the cached forms at ``path``; when missing or unreadable, build and write them."""
    return hunspell.load_cache(path, CACHE_FORMAT, _decode, _build, dictionary)


def build_cache(path: Path | None = None, dictionary: Path | None = None) -> Path:
    """Expand the dictionary (default: hunspell-sv's ``sv_SE``) and write the cache file."""
    return hunspell.build_cache(path or cache_path(), CACHE_FORMAT, _build, dictionary)


_ROLES = ("first", "middle", "last")


def _build(source: Path) -> dict[str, Any]:
    """The cache payload: each role's forms, sorted, and the frequencies."""
    forms = expand_dictionary(source)
    return {**{role: sorted(getattr(forms, role)) for role in _ROLES}, "frequency": forms.frequency}


def _decode(data: dict[str, Any]) -> CompoundForms:
    """The forms of a cache payload."""
    first, middle, last = (frozenset(data[role]) for role in _ROLES)
    return CompoundForms(first, middle, last, dict(data["frequency"]))


def expand_dictionary(base: Path) -> CompoundForms:
    """Read ``base``.aff/.dic with spylls and collect each form's compound positions."""
    aff, dic = hunspell.read_dictionary(base)
    roles: dict[str, set[str]] = {role: set() for role in _ROLES}
    for word in dic.words:
        if aff.FORBIDDENWORD in word.flags:
            continue
        for form, role in _compound_forms(aff, word):
            if form.isalpha():
                roles[role].add(form.lower())
    every = set().union(*roles.values())
    first, middle, last = (frozenset(roles[role]) for role in _ROLES)
    return CompoundForms(first, middle, last, _frequencies(every))


def _frequencies(forms: set[str]) -> dict[str, float]:
    """Zipf frequency of each form in wordfreq's Swedish list; a linking form counts as its word."""
    from wordfreq import get_frequency_dict  # only when the cache is built

    shares = get_frequency_dict("sv")
    found = {}
    for form in forms:
        share = max([shares.get(form, 0.0), *(shares.get(base, 0.0) for base in _linked_bases(form))])
        if share:
            found[form] = round(math.log10(share) + 9, 2)
    return found


def _linked_bases(form: str) -> Iterator[str]:
    """The words a form may be, linking letter off: ``avtals`` → ``avtal``, ``kvinno`` → ``kvinna``."""
    if len(form) > MIN_PART and form[-1] in LINKING:
        yield form[:-1]
        if form[-1] != "s":
            yield form[:-1] + "a"


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
