"""A Swedish lexicon in front of the Snowball stemmer: all forms of a dictionary word, one term.

The hunspell-sv dictionary, read once with spylls, lists words whose affix rules generate
their forms (``klocka`` -> ``klockan``, ``klockor``, ``klockorna``). ``normalise`` gives
a word its lemma's term, and Snowball stems only what the lexicon does not settle. Only
forms whose term differs from their own Snowball stem are stored (``cache_path()``, see
``indexer.language.hunspell``; ``build_cache()`` prebuilds it), and ``normalise`` looks
them up in a memory-mapped trie made from that cache once (``trie_path()``, shared by
every process, see ``indexer.language.tries``). The curated override list
(``indexer/data/lexicon.toml``) comes first. ``python -m benchmarks.lexicon --evaluate``
scores Snowball and the lexicon on the judged list.

From dictionary to terms:

- A lemma is a dictionary entry with the forms its suffix flags generate; entries spelt
  alike, in any case, are one (``klocka`` the noun and the verb). An entry at least half
  of whose forms another entry also generates is a form of it (``prästerna`` of
  ``präst``, ``isolerad`` of ``isolera``; the shortest such host, then the alphabetically
  first). A lemma is named by its shortest spelling.
- ``DERIVING_FLAGS`` make new words (``upphandlare`` from ``upphandla``, ``manisk`` from
  ``man``): their forms are a lemma of their own. ``NUMERAL_FLAGS`` and compound-only
  suffixes (``myndighets-``) add no forms.
- A form that two lemmas generate (``besluten``: decisions, or decided) is left to
  Snowball, and so is a lemma with a single form (the lexicon knows no inflection).
- A lemma's term is the Snowball stem most of its forms have (``konkurrens`` for
  ``konkurrens, konkurrensen, konkurrensens``, so ``konkurrenser``, which the dictionary
  lacks, joins them); ties go to the stem of its name, then the alphabetically first.
- Lemmas whose terms coincide share them, as Snowball would, except a name with one of
  ``DERIVED_ENDINGS`` that is longer than another sharing it (``myndighet`` beside
  ``myndig``, both ``mynd``): it takes its name as its term, with ``MARK`` added if the
  name is some lemma's stem term.
"""

from __future__ import annotations

import functools
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import marisa_trie

from indexer.config import LEXICON_CORRECTIONS
from indexer.errors import LexiconError
from indexer.language import hunspell, tries
from indexer.language.snowball import stem, stem_many

if TYPE_CHECKING:
    from spylls.hunspell.data.aff import Aff
    from spylls.hunspell.data.dic import Dic, Word

__all__ = [
    "CACHE_FORMAT",
    "DERIVED_ENDINGS",
    "DERIVING_FLAGS",
    "MARK",
    "NUMERAL_FLAGS",
    "OVERRIDES",
    "LexiconError",
    "build_cache",
    "cache_path",
    "dictionary_forms",
    "expand_dictionary",
    "load_lexicon",
    "load_overrides",
    "normalise",
    "trie_path",
]

#: Version of the cache file's layout; bump it when the expansion changes.
CACHE_FORMAT = 1
#: sv_SE.aff's derivational suffix flags: T (``-are`` agent nouns, ``-isk`` adjectives),
#: e and d (``-bo``, ``-sbo`` inhabitants).
DERIVING_FLAGS = frozenset("Ted")
#: Endings of words Snowball stems like the word they derive from: -het nouns, -are agent
#: nouns, -ig and -lig adjectives, -else nouns (myndighet, upphandlare, ansvarig, viktig).
DERIVED_ENDINGS = ("het", "are", "ig", "else")
#: sv_SE.aff's suffixes for numeral compounds (``:a``, ``femtedel``), left to Snowball.
NUMERAL_FLAGS = frozenset("17")
#: Ends a lemma's own name when used as its term and some other lemma's stem is that name.
MARK = "_"
#: The curated override list shipped with the package: ``[forms]`` of ``"form" = "word"``.
OVERRIDES = LEXICON_CORRECTIONS
#: The hand-judged list: ``form<TAB>lemma label``; ``#`` starts a comment line.


Lemmas = dict[str, set[str]]


@functools.lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """The index term for a lower-cased word: its lexicon base form's key, else its
    Snowball stem.
    """
    return _overrides().get(word) or _term(word)


def _term(word: str) -> str:
    """The lexicon's term for ``word``, else its Snowball stem."""
    found = _lexicon().get(word) if "\0" not in word else None  # a trie holds no NUL; no form has one
    return found[0].decode("utf-8") if found else stem(word)


@functools.lru_cache(maxsize=1)
def _lexicon() -> marisa_trie.BytesTrie:
    """The dictionary's forms with a term other than their stem, each with its term (UTF-8), as a
    memory-mapped trie shared by every process: made once from the cache (built when missing)."""
    return tries.mapped(trie_path(), marisa_trie.BytesTrie, _make_trie)


def trie_path() -> Path:
    """Where the lexicon's trie of the installed hunspell-sv lives."""
    return hunspell.trie_path("lexicon", CACHE_FORMAT)


def _make_trie() -> marisa_trie.BytesTrie:
    """The lexicon of the cache as a trie, checked to give every form its term and no other form one."""
    forms = load_lexicon(cache_path())
    trie = marisa_trie.BytesTrie((form, term.encode("utf-8")) for form, term in forms.items())
    wrong = next((form for form, term in forms.items() if trie.get(form) != [term.encode("utf-8")]), None)
    if wrong is not None or len(trie) != len(forms):
        raise LexiconError(f"{trie_path()}: the trie differs from the lexicon ({wrong or len(trie)} forms)")
    return trie


@functools.lru_cache(maxsize=1)
def _overrides() -> dict[str, str]:
    """The shipped override list, read once."""
    return load_overrides()


def load_overrides(path: Path = OVERRIDES) -> dict[str, str]:
    """Each form of the override file's ``[forms]`` table with its term.

    A word mapped to itself is its own term, kept whole; any other form takes the term
    of the word it is mapped to.
    """
    forms = _read_overrides(path)
    return {form: word if forms.get(word) == word else _term(word) for form, word in forms.items()}


def _read_overrides(path: Path) -> dict[str, str]:
    """The ``[forms]`` table of an override file, checked."""
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path}: {error}") from error
    unknown = sorted(set(data) - {"forms"})
    if unknown:
        raise LexiconError(f"{path}: unknown key {unknown[0]!r}; only [forms] is read")
    forms = data.get("forms", {})
    if not isinstance(forms, dict):
        raise LexiconError(f'{path}: \'forms\' must be a table of "form" = "word"')
    for form, word in forms.items():
        _check_override(path, forms, form, word)
    return forms


def _check_override(path: Path, forms: dict[str, object], form: str, word: object) -> None:
    """Raise LexiconError unless ``form = word`` is a usable override."""
    where = f"{path}: [forms] {form!r}"
    if not _is_word(form):
        raise LexiconError(f"{where}: a form must be one lower-case word")
    if not isinstance(word, str) or not _is_word(word):
        raise LexiconError(f"{where}: the value must be one lower-case word, not {word!r}")
    if word != form and forms.get(word, word) != word:
        raise LexiconError(f"{where}: {word!r} is itself mapped to {forms[word]!r}; use that")


def _is_word(text: str) -> bool:
    """Whether ``text`` is non-empty, lower-case and without spaces."""
    return bool(text) and text == text.lower() and not any(c.isspace() for c in text)


def cache_path() -> Path:
    """Where the lexicon of the installed hunspell-sv is cached."""
    return hunspell.cache_path("lexicon", CACHE_FORMAT)


def load_lexicon(path: Path, dictionary: Path | None = None) -> dict[str, str]:
    """Read the cached lexicon at ``path``; when missing or unreadable, build and write it."""
    return hunspell.load_cache(path, CACHE_FORMAT, _decode, _build, dictionary)


def build_cache(path: Path | None = None, dictionary: Path | None = None) -> Path:
    """Expand the dictionary (default: hunspell-sv's ``sv_SE``) and write the cache file."""
    return hunspell.build_cache(path or cache_path(), CACHE_FORMAT, _build, dictionary)


def _build(source: Path) -> dict[str, dict[str, list[str]]]:
    """The cache payload: each term with its stored forms, sorted."""
    forms_of: dict[str, list[str]] = defaultdict(list)
    for form, term in sorted(expand_dictionary(source).items()):
        forms_of[term].append(form)
    return {"terms": dict(sorted(forms_of.items()))}


def _decode(data: dict[str, dict[str, list[str]]]) -> dict[str, str]:
    """The form-to-term map of a cache payload; each term string is shared by its forms."""
    return {form: term for term, forms in data["terms"].items() for form in forms}


def expand_dictionary(base: Path) -> dict[str, str]:
    """Read ``base``.aff/.dic; map each form whose term is not its Snowball stem to its term."""
    known = _unambiguous(_lemmas(_entries(*hunspell.read_dictionary(base))))
    lemmas = {name: forms for name, forms in known.items() if len(forms) > 1}
    stems = _stems({*lemmas, *(form for forms in lemmas.values() for form in forms)})
    terms = _terms(lemmas, stems)
    return {form: terms[name] for name, forms in lemmas.items() for form in forms if stems[form] != terms[name]}


def dictionary_forms(base: Path) -> set[str]:
    """Every lower-case form of every word of ``base``.aff/.dic, derived words' forms included."""
    return {form for _, forms in _entries(*hunspell.read_dictionary(base)) for form in forms}


def _stems(words: set[str]) -> dict[str, str]:
    """Each word with its Snowball stem, stemmed in one batch."""
    ordered = list(words)
    return dict(zip(ordered, stem_many(ordered)))


def _entries(aff: Aff, dic: Dic) -> Iterator[tuple[str, set[str]]]:
    """(spelling, lower-case forms) of each entry, and of each word its derivations make."""
    for word in dic.words:
        if aff.FORBIDDENWORD not in word.flags:
            yield from _entry_forms(aff, word)


def _entry_forms(aff: Aff, word: Word) -> Iterator[tuple[str, set[str]]]:
    """The entry's own forms under its spelling, then each derivation's under its shortest."""
    standalone = not {aff.NEEDAFFIX, aff.ONLYINCOMPOUND} & word.flags
    own = {word.stem} if standalone else set()
    derived: dict[str, set[str]] = defaultdict(set)
    for form, suffix in hunspell.suffixed_forms(aff, word):
        if suffix.flag in NUMERAL_FLAGS or aff.ONLYINCOMPOUND in suffix.flags:
            continue
        (derived[suffix.flag] if suffix.flag in DERIVING_FLAGS else own).add(form)
    own = _words(own)
    if own:
        yield word.stem.lower(), own
    for forms in filter(None, map(_words, derived.values())):
        yield min(forms, key=_shortest), forms


def _words(forms: Iterable[str]) -> set[str]:
    """The alphabetic forms, lower-cased (``TV-``, ``12:e`` are left out)."""
    return {form.lower() for form in forms if form.isalpha()}


def _shortest(name: str) -> tuple[int, str]:
    """Sort key: shorter first, then alphabetical."""
    return len(name), name


def _lemmas(entries: Iterable[tuple[str, set[str]]]) -> Lemmas:
    """Group entries into lemmas, each named by its shortest spelling."""
    forms_of: Lemmas = defaultdict(set)
    for spelling, forms in entries:
        forms_of[spelling] |= forms
    roots = {spelling: spelling for spelling in forms_of}
    for spelling, host in _hosts(forms_of).items():
        _join(roots, spelling, host)
    lemmas: Lemmas = defaultdict(set)
    for spelling, forms in forms_of.items():
        lemmas[_root(roots, spelling)] |= forms
    return lemmas


def _hosts(forms_of: Lemmas) -> dict[str, str]:
    """Each entry with at least half its forms generated by another, with the shortest such."""
    hosts: dict[str, str] = {}
    for spelling, forms in forms_of.items():
        for form in forms:
            if form != spelling and form in forms_of and _mostly_in(forms_of[form], forms):
                hosts[form] = min(hosts.get(form, spelling), spelling, key=_shortest)
    return hosts


def _mostly_in(forms: set[str], host: set[str]) -> bool:
    """Whether at least half of ``forms`` are in ``host``."""
    return 2 * len(forms & host) >= len(forms)


def _root(roots: dict[str, str], spelling: str) -> str:
    """The name of the lemma ``spelling`` belongs to (union-find with path halving)."""
    while roots[spelling] != spelling:
        roots[spelling] = roots[roots[spelling]]
        spelling = roots[spelling]
    return spelling


def _join(roots: dict[str, str], first: str, second: str) -> None:
    """Merge the lemmas of two spellings under the shorter name."""
    names = sorted({_root(roots, first), _root(roots, second)}, key=_shortest)
    for name in names[1:]:
        roots[name] = names[0]


def _unambiguous(lemmas: Lemmas) -> Lemmas:
    """The lemmas without the forms that two of them generate (Snowball decides those)."""
    lemma_count = Counter(form for forms in lemmas.values() for form in forms)
    return {name: {f for f in forms if lemma_count[f] == 1} for name, forms in lemmas.items()}


def _terms(lemmas: Lemmas, stems: dict[str, str]) -> dict[str, str]:
    """Each lemma's term: its forms' usual stem, unless it is a derived word sharing it."""
    preferred = {name: _usual_stem(stems[name], forms, stems) for name, forms in lemmas.items()}
    sharing: dict[str, list[str]] = defaultdict(list)
    for name, usual in preferred.items():
        sharing[usual].append(name)
    terms = {}
    for usual, names in sharing.items():
        shortest = min(map(len, names))
        for name in names:
            derived = len(name) > shortest and name.endswith(DERIVED_ENDINGS)
            terms[name] = _own_term(name, sharing) if derived else usual
    return terms


def _usual_stem(own: str, forms: set[str], stems: dict[str, str]) -> str:
    """The stem most forms have; ties go to ``own`` (the name's stem), then the first."""
    counts = Counter(stems[form] for form in forms)
    return max(sorted(counts), key=lambda stem: (counts[stem], stem == own))


def _own_term(name: str, sharing: dict[str, list[str]]) -> str:
    """A lemma's name as its term, marked when it is another lemma's stem term."""
    return name + MARK if name in sharing else name
