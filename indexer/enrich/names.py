"""Word lists and word shapes shared by the person and organisation extractors.

Everything is read once from installed packages or from ``indexer/data``; nothing is
downloaded at run time. ``hunspell-sv`` gives common Swedish words and, through the
affix flag for inhabitant names (``Ystad`` → ``ystadbo``), place names;
``gender-guesser`` gives first names. Role words (``inköpschef``) are shared with the
topic matcher, which never takes a job title for a topic.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterator
from importlib.resources import files as package_files
from typing import TypeVar

from babel import Locale

from indexer.language.hunspell import dictionary_entries
from indexer.language.words import STOP_WORDS

#: A word: letters, optionally joined by hyphens or apostrophes (``Anna-Karin``, ``O'Neill``).
#: (Possessive: a word found is never scanned again letter by letter.)
WORD = re.compile(r"[^\W\d_]++(?:[-'’][^\W\d_]++)*+")
#: The digits that end a name, after its last word: ``TV4``, ``TV 4``, ``Tele2``.
NAME_DIGITS = re.compile(r" ?\d+")
#: What may stand between the words of one name: spaces, never a line break.
NAME_GAP = re.compile(r"[ \t\u00a0]+")
#: The hunspell-sv affix flags of places: inhabitants (``-bo``, ``-sbo``) and ``s``-compounds
#: (``Stockholmsbörsen``), which the dictionary gives places, not people.
_PLACE_FLAGS = frozenset("edv")
#: Endings of role words: ``generaldirektör``, ``inköpschef``, ``kommunalråd``, ``ordförande``.
ROLE_SUFFIXES = (
    "advokat", "aktivist", "aktör", "ambassadör", "analytiker", "anfallare", "ansvarig", "arkitekt",
    "artist", "biskop", "chef", "direktör", "docent", "domare", "drottning", "ekonom", "expert",
    "författare", "föreståndare", "företrädare", "forskare", "försvarare", "fotograf", "grundare",
    "handläggare", "hövding", "ingenjör", "inköpare", "journalist", "jurist", "kandidat", "kapten",
    "kollega", "kommunikatör", "konsult", "konstnär", "koordinator", "kung", "läkare", "lärare",
    "ledamot", "ledare", "mästare", "miljardär", "miljonär", "minister", "musiker", "ombudsman",
    "ordförande", "politiker", "premiär", "president", "prins", "prinsessa", "producent", "professor",
    "psykolog", "råd", "rådgivare", "redaktör", "regissör", "rektor", "revisor", "samordnare",
    "sekreterare", "skådespelare", "sångare", "sångerska", "spelare", "specialist", "strateg",
    "talesman", "talesperson", "tränare", "upphandlare", "utredare", "vd", "vinnare", "åklagare", "ägare",
)  # fmt: skip
#: Endings of Swedish surnames that make a lone capitalised word a person: ``Svensson``, ``Lindström``.
SWEDISH_SURNAME = re.compile(r"(?:son|berg|ström|[qk]vist|gren|lund|holm|blad|blom|dahl|stedt|feldt)$")
#: The hunspell-sv flag of a forbidden spelling: ``lindström`` must be written ``Lindström``.
_FORBIDDEN_FLAG = "%"
#: The fewest letters of a name that hunspell-sv lists bare, without affix flags (``katherine``).
MIN_BARE_NAME = 4
#: Where the organisation gazetteer lives, inside the package.
GAZETTEER = "data/organisations.txt"
#: Marks a gazetteer name that is also a common word (``Metro*``): a name only inside a sentence.
COMMON_WORD_MARK = "*"


T = TypeVar("T")


class Tokens:
    """The words of a text and where each stands, as three lists side by side (``words[i]`` starts at
    ``starts[i]`` and ends at ``ends[i]``): a text has hundreds of words and the extractors look closely
    at a few dozen, so no object is made per word."""

    __slots__ = ("text", "words", "starts", "ends")

    def __init__(self, text: str) -> None:
        parts = _split(text)
        bounds = list(itertools.accumulate(map(len, parts)))  # gap, word, gap, ... each ends here
        self.text = text
        self.words: tuple[str, ...] = tuple(parts[1::2])
        self.starts: list[int] = bounds[0:-1:2]
        self.ends: list[int] = bounds[1::2]

    def adjacent(self, left: int, right: int) -> bool:
        """Whether only spaces (no line break, no punctuation) stand between words ``left`` and ``right``."""
        gap = self.text[self.ends[left] : self.starts[right]]
        return gap == " " or NAME_GAP.fullmatch(gap) is not None


@functools.lru_cache(maxsize=8)
def tokenize(text: str) -> Tokens:
    """The words of ``text`` with their positions (cached: both extractors read the same text)."""
    return Tokens(text)


def text_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` alone, one for each of :func:`tokenize`: what the scans over every word read."""
    return tokenize(text).words


def _split(text: str) -> list[str]:
    """``text`` split into the gaps between words and the words, in turn: gap, word, gap, ..., gap."""
    words = _WORD_OR_GAP if _NON_LATIN_LETTER.search(text) else _LATIN_WORD_OR_GAP
    return words.split(text)


#: Splits a text into the gaps between words and the words (:data:`WORD`), in turn.
_WORD_OR_GAP = re.compile(f"({WORD.pattern})")
#: The letters of Latin-1 that :data:`WORD` takes (``[^\W\d_]``), as a class that ``re`` scans faster.
_LATIN_LETTERS = "A-Za-zªµºÀ-ÖØ-öø-ÿ²³¹¼-¾"
#: :data:`_WORD_OR_GAP` for a text whose letters are all Latin-1 (most Swedish texts), splitting alike.
_LATIN_WORD_OR_GAP = re.compile(f"([{_LATIN_LETTERS}]++(?:[-'’][{_LATIN_LETTERS}]++)*+)")
#: A letter beyond Latin-1 (``ć``, ``ş``): a text with one is split with :data:`_WORD_OR_GAP`.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\xff]")


@functools.lru_cache(maxsize=8)
def capitalised_indexes(text: str) -> tuple[int, ...]:
    """The indexes of the capitalised words of ``text`` (see :func:`shape`), found once for all the
    loops that only a capitalised word can start: names, organisations, persons named by one word."""
    return tuple(itertools.compress(itertools.count(), map(_SHAPES.__getitem__, text_words(text))))


@functools.lru_cache(maxsize=8)
def capitalised_words(text: str) -> tuple[str, ...]:
    """The capitalised words of ``text``, one for each of :func:`capitalised_indexes`."""
    return tuple(map(text_words(text).__getitem__, capitalised_indexes(text)))


@functools.lru_cache(maxsize=8)
def distinct_words(text: str) -> frozenset[str]:
    """The words of ``text``, each once."""
    return frozenset(text_words(text))


def word_indexes(text: str, words: Collection[str]) -> list[int]:
    """The indexes of the tokens of ``text`` whose word is one of ``words``, found in one scan."""
    return list(itertools.compress(itertools.count(), map(words.__contains__, text_words(text))))


@functools.lru_cache(maxsize=1 << 16)
def shape(word: str) -> str | None:
    """How a word is capitalised: ``"upper"`` (``EK``), ``"title"`` (``Ek``, ``McKay``) or None."""
    if len(word) > 1 and word.isupper():
        return "upper"
    return "title" if word[0].isupper() else None


class WordMemo(dict[str, T]):
    """A function's answer per word, remembered until ``size`` words are, then all forgotten at once:
    a hit costs one dict lookup, half of what an LRU cache costs, for the loops over every word."""

    def __init__(self, function: Callable[[str], T], size: int = 1 << 16) -> None:
        super().__init__()
        self._function, self._size = function, size

    def __missing__(self, word: str) -> T:
        if len(self) >= self._size:
            self.clear()
        answer = self[word] = self._function(word)
        return answer


#: :func:`shape` of each word, for :func:`capitalised_indexes`.
_SHAPES: WordMemo[str | None] = WordMemo(shape)


@functools.lru_cache(maxsize=1 << 16)
def capitalised(word: str) -> str | None:
    """The word as a name is written (``EK`` → ``Ek``), or None if it is not capitalised."""
    found = shape(word)
    if found is None:
        return None
    if found == "upper":
        return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
    return word


@functools.cache
def swedish_words() -> frozenset[str]:
    """The base forms of the Swedish hunspell dictionary, as written.

    Lower-case entries are common words (``under``); capitalised ones are proper
    nouns such as places (``Sverige``) and some first names (``Per``).
    """
    return frozenset(dictionary_entries())


@functools.cache
def places() -> frozenset[str]:
    """Place names: capitalised dictionary entries with inhabitants or ``s``-compounds (``Ystad``,
    ``Paris``, ``Stockholm``), except first names in use in Sweden (``Oscar``)."""
    return frozenset(
        word for word, flags in dictionary_entries().items()
        if word[:1].isupper() and _PLACE_FLAGS & set(flags) and word not in swedish_first_names()
    )  # fmt: skip


@functools.cache
def countries() -> frozenset[str]:
    """The names of the world's countries and regions in Swedish (``Schweiz``, ``Kanada``), from Babel's
    locale data: a country is a place even where its national team plays."""
    return frozenset(Locale("sv").territories.values())


@functools.cache
def common_words() -> frozenset[str]:
    """The lower-case dictionary entries that are Swedish words, not bare foreign names.

    hunspell-sv also lists foreign names in lower case, without affix flags
    (``katherine``, ``williams``); an entry of four letters or more is taken for a
    word only when it has flags (``mark``, ``kristen``). Surnames it lists in lower
    case as forbidden words (``lindström``) are no words either.
    """
    return frozenset(
        word for word, flags in dictionary_entries().items()
        if (flags or len(word) < MIN_BARE_NAME) and _FORBIDDEN_FLAG not in flags
    )  # fmt: skip


@functools.lru_cache(maxsize=1 << 16)
def is_common_word(word: str) -> bool:
    """Whether the lower-cased word is a common Swedish word, also in the genitive (``unders``)."""
    lower = word.lower()
    entries = common_words()
    return lower in entries or (len(lower) > 2 and lower.endswith("s") and lower[:-1] in entries)


def is_place(word: str) -> bool:
    """Whether the word is a place name, also in the genitive (``Ystads``)."""
    return word in places() or (word.endswith("s") and word[:-1] in places())


@functools.cache
def _name_list() -> tuple[tuple[str, bool], ...]:
    """``gender-guesser``'s names, each with whether it is in use in Sweden.

    Comments, "equivalent name" lines and the duplicates sorted by expanded umlauts are left out.
    """
    data = package_files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    return tuple(
        (line.split()[1], line[48:49].strip() != "")  # column 48 holds the frequency in Sweden
        for line in data.splitlines()
        if line and line[0] not in "#=" and line[29:30] != "+"
    )


@functools.cache
def swedish_first_names() -> frozenset[str]:
    """The first names in use in Sweden (``Anna``, ``Per``, ``Björn``), function words left out."""
    return frozenset(name for name, in_sweden in _name_list() if in_sweden and name.lower() not in STOP_WORDS)


@functools.cache
def first_names() -> frozenset[str]:
    """Known first names, capitalised: every country's, minus Swedish words and places.

    Function words (``Din``, ``Hennes``) are never first names.

    A name that is also a common Swedish word (``Under``, ``Nu``) or a place
    (``Paris``, ``Brooklyn``) is kept only when it is in use as a first name in
    Sweden (``Per``, ``Björn``, ``Åsa``); a bare foreign name in the dictionary
    (``katherine``, see :func:`common_words`) is no common word.
    """
    words = common_words()
    names: set[str] = set()
    for name, in_sweden in _name_list():
        if name.lower() in STOP_WORDS:  # "Din", "Hennes", "Man"
            continue
        if in_sweden or not (name.lower() in words or name in places()):
            # "+" joins parts of Arabic, Chinese and Korean names: "Jun+Wei" is "Jun-Wei" or "Junwei".
            names.update({name.replace("+", "-"), name.replace("+", "")})
    return frozenset(names)


@functools.cache
def function_word_names() -> frozenset[str]:
    """First names in use in Sweden that are also function words: ``Hans``, a name or "his"."""
    return frozenset(name for name, in_sweden in _name_list() if in_sweden and name.lower() in STOP_WORDS)


@functools.lru_cache(maxsize=1 << 16)
def is_first_name(word: str) -> bool:
    """Whether the word is a known first name, or a hyphenated pair of them (``Anna-Karin``)."""
    names = first_names()
    return word in names or all(part in names for part in word.split("-"))


@functools.lru_cache(maxsize=1 << 16)
def is_role_word(word: str) -> bool:
    """A role word, also in the definite form: ``chef``, ``chefen``, ``ordföranden``."""
    lower = word.lower()
    forms = (lower, lower.removesuffix("n"), lower.removesuffix("en"))
    return word == "VD" or any(form.endswith(ROLE_SUFFIXES) for form in forms)


def _gazetteer_lines() -> Iterator[list[str]]:
    """The names on each line of the organisation gazetteer: canonical first, then aliases."""
    text = package_files("indexer").joinpath(GAZETTEER).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield [name.strip() for name in line.split(";")]


@functools.cache
def organisation_names() -> dict[tuple[str, ...], str]:
    """Each gazetteer name as a tuple of words, with the canonical name it stands for."""
    return {
        tuple(WORD.findall(name)): names[0].removesuffix(COMMON_WORD_MARK)
        for names in _gazetteer_lines() for name in names
    }  # fmt: skip


@functools.cache
def organisation_digits() -> dict[tuple[str, ...], tuple[str, ...]]:
    """What follows the last word of a gazetteer name that ends in digits, by its words: ``("TV",)`` →
    ``("4", " 4")`` for ``TV4; TV 4``. Digits are no part of a word (:data:`WORD`), so the text must
    have them right after the name's words."""
    tails: dict[tuple[str, ...], tuple[str, ...]] = {}
    for names in _gazetteer_lines():
        for name in names:
            words, written = tuple(WORD.findall(name)), name.removesuffix(COMMON_WORD_MARK)
            tail = written[written.rindex(words[-1]) + len(words[-1]) :] if words else ""
            if NAME_DIGITS.fullmatch(tail):
                tails[words] = (*tails.get(words, ()), tail)
    return tails


@functools.cache
def common_word_organisations() -> frozenset[tuple[str, ...]]:
    """The gazetteer names that are also common words (marked ``*``): names only inside a sentence."""
    return frozenset(
        tuple(WORD.findall(name)) for names in _gazetteer_lines() for name in names if name.endswith(COMMON_WORD_MARK)
    )


@functools.cache
def organisation_heads() -> dict[str, int]:
    """The first word of each gazetteer name, with the most words a name starting so has."""
    heads: dict[str, int] = {}
    for words in organisation_names():
        heads[words[0]] = max(heads.get(words[0], 0), len(words))
    return heads


#: Endings of inflected Swedish words, longest first: ``Branden`` is a form of ``brand``.
_INFLECTIONS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "ade", "en", "et", "ar",
                "er", "or", "na", "n", "t", "s", "a", "e")  # fmt: skip
#: The fewest letters left of a word when an inflection is taken off.
_MIN_STEM = 3


@functools.lru_cache(maxsize=1 << 16)
def is_word_form(word: str) -> bool:
    """Whether the word is a common Swedish word or an inflected form of one (``Branden``, ``Kommer``)."""
    lower, words = word.lower(), common_words()
    if lower in words or lower in STOP_WORDS:
        return True
    for ending in _INFLECTIONS:
        stem = lower.removesuffix(ending)
        if stem != lower and len(stem) >= _MIN_STEM and any(f in words for f in (stem, stem + "a", stem + "e")):
            return True
    return False
