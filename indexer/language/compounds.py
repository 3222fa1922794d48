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
carry the compound flags, but a lexicalised word whose parts lost their sense
(``måltid``: neither ``mål`` nor ``tid``; listed in ``indexer/data/compounds.toml``)
is one part in every form, also inside a longer compound. Hyphenated words are first cut after each hyphen, which
stays on the part before it (``it-säkerhet`` -> ``it-`` + ``säkerhet``). Parts keep
the input's characters and case, so ``"".join(decompound(w)) == w`` always; a word
that is not a compound, including ``""``, comes back as ``[word]``.

The splitter looks forms up in a memory-mapped store made once from the cache and kept
beside it (see :mod:`indexer.language.tries`): a marisa trie of every form (``trie_path()``)
and a table of each form's roles and frequency by its key id (``table_path()``), so the
server's processes share one copy and a process starts at once.
"""

from __future__ import annotations

import functools
import math
import os.path
import re
import struct
import tomllib
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import marisa_trie

from indexer.config import WHOLE_WORDS
from indexer.errors import LexiconError, PressarkivError
from indexer.language import hunspell, tries
from indexer.language.hunspell import CACHE_ENV
from indexer.language.lexicon import normalise

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
    "load_whole_words",
    "table_path",
    "trie_path",
]

#: Fewest letters in any part; two-letter parts (``el``, ``is``, ``de``) add no exact
#: splits on the judged list, only risk.
MIN_PART = 3
#: Most parts in one word, as the dictionary's ``COMPOUNDWORDMAX``.
MAX_PARTS = 4
#: Version of the cache file's layout; bump it when the expansion changes.
CACHE_FORMAT = 3
#: Zipf frequency given to a part that the frequency list lacks (the list's floor is about 1).
UNSEEN = 0.0
#: Letters a first or middle form may end in that link it to the next part (``avtals``, ``kvinno``).
LINKING = "saeou"
#: Forms of the suffix -dom, which end a word of their own after a part without a linking -s.
DOM_FORMS = frozenset({"dom", "doms", "domen", "domens", "domar", "domars", "domarna", "domarnas"})

#: Role bits of a form in the store's table.
FIRST, MIDDLE, LAST = 1, 2, 4
#: The table's header: a tag and the number of forms; then each form's frequency (native
#: doubles), then its role bits (a byte each), both in the order of the trie's key ids.
_TABLE_HEADER = struct.Struct("<8sQ")
_TABLE_TAG = b"pk-cmp-1"

_HYPHEN_CUT = re.compile(r"(?<=-)")


class FormStore(NamedTuple):
    """The compound forms as the splitter reads them: every form's key id, then its roles and frequency."""

    trie: marisa_trie.Trie
    #: Role bits (``FIRST | MIDDLE | LAST``) of each form, by key id.
    roles: memoryview
    #: Zipf frequency of each form, by key id (``UNSEEN`` when Swedish text lacks it).
    frequency: memoryview[float]


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
    bounds = None if _is_whole(lowered) else _best_split(lowered)
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


def _is_whole(word: str) -> bool:
    """Whether ``word`` is a form of a lexicalised word kept whole (``måltiden``, ``måltids``)."""
    beginnings, terms = _whole_words()
    return word.startswith(beginnings) and normalise(word) in terms


@functools.lru_cache(maxsize=1)
def _whole_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """What every form of a listed word begins with (``jordgubb``), and the words' index terms."""
    words = load_whole_words()
    return tuple(os.path.commonprefix([word, normalise(word)]) for word in words), frozenset(map(normalise, words))


def load_whole_words(path: Path = WHOLE_WORDS) -> list[str]:
    """The ``[whole] words`` of a list of lexicalised words, checked."""
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path}: {error}") from error
    whole = data.get("whole")
    words = whole.get("words") if isinstance(whole, dict) and set(data) <= {"whole"} else None
    if not isinstance(words, list) or not all(isinstance(w, str) and w.isalpha() and w.islower() for w in words):
        raise LexiconError(f'{path}: write the words as [whole] words = ["måltid", …], each one lower-case word')
    return words


#: A split of the end of a word: its inner boundaries and the key ids of its parts.
Split = tuple[tuple[int, ...], tuple[int, ...]]


def _best_split(word: str) -> tuple[int, ...] | None:
    """Inner boundaries of the split with fewest parts, then commonest parts, then longest last part."""
    found = _search(word, 0, FIRST, _store(), MAX_PARTS)
    return found[0] if found else None


def _search(word: str, start: int, role: int, store: FormStore, budget: int) -> Split | None:
    """Best split of ``word[start:]``: a part with ``role`` (first or middle), middles, a last part."""
    best: Split | None = None
    if budget < 2:
        return best
    lowest, highest = start + MIN_PART, len(word) - MIN_PART
    trie, roles = store.trie, store.roles
    for head, key in trie.iter_prefixes_with_ids(word[start:]):
        end = start + len(head)
        if end > highest:
            break
        if end < lowest or not roles[key] & role or _suffix_dom(word, start, end):
            continue
        last = trie.get(word[end:])
        if last is not None and roles[last] & LAST:
            rest: Split | None = ((), (last,))
        else:
            rest = _search(word, end, MIDDLE, store, budget - 1)
        if rest is not None:
            candidate = ((end, *rest[0]), (key, *rest[1]))
            if best is None or _better(candidate, best, store.frequency):
                best = candidate
    return best


def _suffix_dom(word: str, start: int, end: int) -> bool:
    """Whether what follows the part ``word[start:end]`` is the suffix -dom, ending the word."""
    return word[end - 1] != "s" and word[end:] in DOM_FORMS


def _better(candidate: Split, incumbent: Split, frequency: memoryview[float]) -> bool:
    """Whether a split beats another: fewer parts, commoner parts (sum of Zipf frequencies:
    the geometric mean, for as many parts), a longer last part."""
    if len(candidate[0]) != len(incumbent[0]):
        return len(candidate[0]) < len(incumbent[0])
    evidence = _evidence(candidate[1], frequency) - _evidence(incumbent[1], frequency)
    if evidence:
        return evidence > 0
    return candidate[0][-1] < incumbent[0][-1]


def _evidence(keys: tuple[int, ...], frequency: memoryview[float]) -> float:
    """How common the parts of a split are: the sum of their Zipf frequencies."""
    return sum(frequency[key] for key in keys)


@functools.lru_cache(maxsize=1)
def _store() -> FormStore:
    """The store of compound forms, mapped once per process (made from the cache when missing)."""
    trie = tries.mapped(trie_path(), marisa_trie.Trie, _make_trie)
    table = tries.mapped_table(table_path(), functools.partial(_fits, trie), functools.partial(_make_table, trie))
    count = len(trie)
    frequencies = table[_TABLE_HEADER.size : _TABLE_HEADER.size + 8 * count]
    return FormStore(trie, table[_TABLE_HEADER.size + 8 * count :], frequencies.cast("d"))


def cache_path() -> Path:
    """Where the compound forms of the installed hunspell-sv are cached."""
    return hunspell.cache_path("compounds", CACHE_FORMAT)


def trie_path() -> Path:
    """Where the trie of every compound form lives (beside the cache)."""
    return hunspell.trie_path("compounds", CACHE_FORMAT)


def table_path() -> Path:
    """Where the table of each form's roles and frequency lives (beside its trie)."""
    return trie_path().with_suffix(".table")


def _make_trie() -> marisa_trie.Trie:
    """Every form of the cache in one trie, checked to hold them all and nothing else."""
    forms = load_forms(cache_path())
    every = forms.first | forms.middle | forms.last
    trie = marisa_trie.Trie(every)
    if len(trie) != len(every) or any(form not in trie for form in every):
        raise PressarkivError(f"{trie_path()}: the trie differs from the compound forms")
    return trie


def _make_table(trie: marisa_trie.Trie) -> bytes:
    """Roles and frequency of each form of the cache, by its key id in ``trie``."""
    forms = load_forms(cache_path())
    frequency = array("d", [UNSEEN]) * len(trie)
    roles = bytearray(len(trie))
    for bit, members in ((FIRST, forms.first), (MIDDLE, forms.middle), (LAST, forms.last)):
        for form in members:
            roles[trie[form]] |= bit
    for form, zipf in forms.frequency.items():
        frequency[trie[form]] = zipf
    table = _TABLE_HEADER.pack(_TABLE_TAG, len(trie)) + frequency.tobytes() + bytes(roles)
    if not _fits(trie, memoryview(table)):
        raise PressarkivError(f"{table_path()}: the table does not fit its trie")
    return table


def _fits(trie: marisa_trie.Trie, table: memoryview) -> bool:
    """Whether ``table`` is a table of this program's layout for ``trie``'s keys."""
    if len(table) < _TABLE_HEADER.size:
        return False
    tag, count = _TABLE_HEADER.unpack(table[: _TABLE_HEADER.size])
    return bool(tag == _TABLE_TAG and count == len(trie) and len(table) == _TABLE_HEADER.size + 9 * count)


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
