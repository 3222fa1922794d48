"""Persons named in Swedish text, with their roles and every mention.

``extract_persons`` finds full names first: a run of capitalised words on one line
that starts with a known first name (``gender-guesser``'s list minus Swedish
words, places and function words, see ``indexer.enrich.names``), optionally with
initials, particles and a second surname (``Karin M. Ek``, ``Carl von Linné``,
``Lena Adelsohn Liljeroth``). A first name in no list is taken after a cue, a
verb of saying or a role word (``säger vd Kim Ek``), before a role (``Kim Ek,
jurist``) or before a surname-shaped word (``Kim Damnjanovic``); ``Hans`` only
before a word that is no common noun. A long common word is a surname only with
such a cue (``säger Nils Påhittad, ordförande``). Names inside an organisation's
name (``Sveriges Kommuner och Regioner``) are left out. The role comes from the
words before the name or after it, or else from a clause (``Linda Ek, som driver
ett företag``); later mentions by surname or first name alone or by role
(``generaldirektören``) join the person. A lone capitalised word is a person,
named by that word alone, when it is a first name in use in Sweden, is shaped like
a Swedish surname (``Svensson``) or follows a verb of saying (``säger Borg``), and
is no place or common word (nor starts a sentence as one).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from indexer.enrich.names import (
    NAME_GAP,
    SWEDISH_SURNAME,
    WORD,
    Tokens,
    capitalised,
    capitalised_indexes,
    capitalised_words,
    distinct_words,
    first_names,
    function_word_names,
    is_common_word,
    is_first_name,
    is_place,
    is_role_word,
    is_word_form,
    shape,
    swedish_first_names,
    swedish_words,
    tokenize,
    word_indexes,
)
from indexer.enrich.organisations import organisation_mentions
from indexer.language.words import STOP_WORDS

__all__ = ["Person", "extract_persons", "first_names"]


@dataclass(frozen=True)
class Person:
    """A person named in a text: canonical name, most informative role, all mentions.

    The name is one word when the text never gives more (``säger Reinfeldt``).
    """

    name: str
    role: str | None
    spans: tuple[tuple[int, int], ...]

    @property
    def full_name(self) -> bool:
        """Whether the name has a first name and a surname, as the person facet requires."""
        return " " in self.name


#: Lower-case words that belong inside a surname (``Carl von Linné``, ``Ebba af Trolle``).
PARTICLES = frozenset({"af", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von", "zu"})
#: Verbs of saying that put a name after them: ``säger Inger Ek``.
SPEECH_VERBS = frozenset(
    {
        "avslutar", "berättar", "betonar", "enligt", "förklarar", "fortsätter", "framhåller",
        "konstaterar", "menar", "påpekar", "poängterar", "sa", "sade", "säger", "skriver", "tillägger",
        "understryker",
    }
)  # fmt: skip
#: Words that qualify a following role word: ``vice ordförande``, ``tf generaldirektör``.
ROLE_MODIFIERS = frozenset(
    {
        "avgående", "biträdande", "blivande", "dåvarande", "förre", "nuvarande", "nya", "nye",
        "ställföreträdande", "tf", "tidigare", "tillförordnad", "tillförordnade", "vice",
    }
)  # fmt: skip
#: The comma that introduces a role after a name.
_COMMA = re.compile(r",[ \t\u00a0]*")
#: A party marker before a role: ``(S) vice ordförande``.
_PARTY = re.compile(r"\([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,2}\)[ \t\u00a0]+")
#: Where a role stated after a name ends: a comma or line end, a sentence end,
#: a dash, a phone number, an e-mail address, or a contact word such as ``tel``.
_ROLE_END = re.compile(
    r"[,;:\n()]|[.!?](?=\s|$)|\s[–—-]\s|\+?\d[\d \u00a0-]{4,}\d|\S+@\S+"
    r"|\b(?:tel|telefon|tfn|mobil|mob|e-post|epost|mejl)\b",
    re.IGNORECASE,
)
#: A relative clause after a name: ``Linda Ek, som driver ett företag``.
_CLAUSE = re.compile(r",[ \t\u00a0]*som[ \t\u00a0]+")
#: Verbs that make such a clause say what the person does, when no title is stated.
CLAUSE_VERBS = frozenset(
    {
        "ansvarar", "arbetar", "driver", "forskar", "företräder", "jobbar", "leder", "representerar",
        "studerar", "undervisar", "äger",
    }
)  # fmt: skip
#: A conjunction joining the role to what introduces the next person.
_ROLE_JOIN = re.compile(r"\s(?:och|samt)\s")
#: The most first names one person may have (``Karl Johan``, ``Anna Maria Lovisa``).
MAX_FIRST_NAMES = 3
#: The longest common word that is still taken as a surname (``Strand``, ``Ek``).
LONGEST_WORD_SURNAME = 6
#: The most words a role may have; longer runs are cut here.
MAX_ROLE_WORDS = 12
#: The most characters after a role's head word in which its end is looked for (12 long words).
MAX_ROLE_CHARS = MAX_ROLE_WORDS * 50


@dataclass(frozen=True)
class _Mention:
    """One full-name mention as written, with the role stated at it: a title, or else a clause."""

    first: tuple[str, ...]
    surname: str
    start: int
    end: int
    role: str | None
    title: bool


@functools.lru_cache(maxsize=1 << 16)
def _may_be_surname(word: str) -> bool:
    """Not a particle or function word, and no long common word (``Ekonomi``) unless it ends like a
    surname (``Bergström``) or is a name in the dictionary too; short ones are surnames (``Ek``)."""
    lower = word.lower()
    if lower in PARTICLES or lower in STOP_WORDS:
        return False
    return (
        len(word) <= LONGEST_WORD_SURNAME or not is_common_word(lower) or word in swedish_words()
        or lower.endswith(SURNAME_ENDINGS)
    )  # fmt: skip


@functools.lru_cache(maxsize=1 << 16)
def _is_dictionary_word(word: str) -> bool:
    """A word the Swedish dictionary knows, common or proper, also in the genitive: ``Sveriges``."""
    entries = swedish_words()
    forms = (word, word.removesuffix("s")) if len(word) > 2 else (word,)
    return any(form in entries or form.lower() in entries for form in forms)


def _has_cue(text: str, tokens: Tokens, i: int, last: int) -> bool:
    """Whether the words around tokens ``i..last`` say they name a person.

    The cues are a verb of saying or a role word right before (``säger Kim Ek``,
    ``generaldirektör Kim Ek``) or a role after a comma (``Kim Ek, jurist``).
    """
    return _cue_before(text, tokens, i) or _suffix_role(text, tokens.ends[last], len(text)) is not None


def _cue_before(text: str, tokens: Tokens, i: int) -> bool:
    """Whether a verb of saying or a role word stands right before token ``i``."""
    before = tokens.words[i - 1] if i > 0 and tokens.adjacent(i - 1, i) else None
    return before is not None and (before.lower() in SPEECH_VERBS or is_role_word(before))


def _prefix_role(text: str, tokens: Tokens, i: int) -> str | None:
    """The role words right before token ``i`` (``vice ordförande``), if any."""
    if i == 0 or not tokens.adjacent(i - 1, i) or not is_role_word(tokens.words[i - 1]):
        return None
    start = i - 1
    while start > 0 and tokens.adjacent(start - 1, start):
        if tokens.words[start - 1].lower() not in ROLE_MODIFIERS:
            break
        start -= 1
    return text[tokens.starts[start] : tokens.ends[i - 1]]


def _suffix_role(text: str, end: int, limit: int) -> str | None:
    """The role after ``, `` at ``end`` (``Inger Ek, generaldirektör ...``), up to ``limit``."""
    comma = _COMMA.match(text, end)
    if comma is None:
        return None
    start = comma.end()
    party = _PARTY.match(text, start)
    head = WORD.match(text, party.end() if party else start)
    while head is not None and head.group().lower() in ROLE_MODIFIERS:
        gap = NAME_GAP.match(text, head.end())
        head = WORD.match(text, gap.end()) if gap else None
    if head is None or not is_role_word(head.group()):
        return None
    return _role_until_end(text, start, head.end(), limit)


def _clause_role(text: str, end: int, limit: int) -> str | None:
    """What a relative clause at ``end`` says the person does: ``Linda Ek, som driver ett företag``."""
    clause = _CLAUSE.match(text, end)
    verb = WORD.match(text, clause.end()) if clause else None
    if verb is None or verb.group() not in CLAUSE_VERBS:
        return None
    return _role_until_end(text, verb.start(), verb.end(), limit)


def _role_until_end(text: str, start: int, head: int, limit: int) -> str | None:
    """The role from ``start`` to where it ends after its head word (ending at ``head``), up to ``limit``.

    It is looked for within :data:`MAX_ROLE_CHARS`, so that a text without punctuation costs no more.
    """
    end = min(limit, head + MAX_ROLE_CHARS)
    stop = _ROLE_END.search(text, head, end)
    role = text[start : stop.start() if stop else end]
    if stop is None and end == limit < len(text):  # cut off by the next person: drop "och <their role>"
        joins = list(_ROLE_JOIN.finditer(role))
        role = role[: joins[-1].start()] if joins else role
    role = " ".join(role.split()[:MAX_ROLE_WORDS]).rstrip(" .")
    return role or None


#: Endings of surnames, Swedish and foreign: a word so ending after an unknown first name is a surname.
SURNAME_ENDINGS = (
    "berg", "blad", "blom", "borg", "dahl", "dal", "feldt", "gren", "holm", "ius", "kvist", "lund",
    "qvist", "quist", "sen", "son", "ström", "stedt", "strand", "vall", "ander", "ér", "én", "ell",
    "ić", "ic", "ovic", "ski", "sky", "ska", "ov", "ova", "ev", "eva", "enko", "elli", "ini", "ez",
    "escu", "oglu", "poulos", "stein", "mann", "witz",
)  # fmt: skip
#: A surname with an Arabic article or patronymic particle: ``al-Assad``, ``el-Aziz``, ``bin-Laden``.
_ARABIC_SURNAME = re.compile(r"(?:al|el|ben|bin|ibn|abu)-[A-ZÅÄÖ]\w*")
#: The most surnames one person may have (``Lena Adelsohn Liljeroth``).
MAX_SURNAMES = 2
#: What may stand between an initial and the next word: ``Karin M. Ekström``, ``John C Reilly``.
_INITIAL_GAP = re.compile(r"\.?[ \t\u00a0]+")


@dataclass(frozen=True)
class _Span:
    """Where a name's words stand: its first token, its (first) surname token and its last token."""

    first: int
    surname: int
    last: int


def _name_at(text: str, tokens: Tokens, i: int) -> _Span | None:
    """Where the name starting at token ``i`` stands, if one does."""
    if i + 1 == len(tokens.words) or not _may_follow_first_word(tokens.words[i + 1]):
        return None  # most capitalised words: no second name word, initial or particle after them
    head = capitalised(tokens.words[i])
    if head is None or is_role_word(head):
        return None
    head_shape = shape(tokens.words[i])

    def name_word(j: int) -> bool:
        if j >= len(tokens.words) or not (tokens.adjacent(j - 1, j) or after_initial(j)):
            return False
        return shape(tokens.words[j]) == head_shape or _ARABIC_SURNAME.fullmatch(tokens.words[j]) is not None

    def initial(j: int) -> bool:
        return (
            j + 1 < len(tokens.words) and len(tokens.words[j]) == 1 and tokens.words[j].isupper()
            and (tokens.adjacent(j - 1, j) or after_initial(j)) and after_initial(j + 1)
        )  # fmt: skip

    def after_initial(j: int) -> bool:
        return (
            len(tokens.words[j - 1]) == 1
            and _INITIAL_GAP.fullmatch(text, tokens.ends[j - 1], tokens.starts[j]) is not None
        )

    def another_first_name(j: int) -> bool:
        return name_word(j) and is_first_name(capitalised(tokens.words[j]) or "") and bool(surname_after(j + 1))

    def surname_after(j: int, common: bool = False) -> int | None:
        while j < len(tokens.words) and tokens.adjacent(j - 1, j) and tokens.words[j] in PARTICLES:
            j += 1
        if not name_word(j):
            return None
        word = tokens.words[j]
        return j if _may_be_surname(word) or common and _may_be_common_surname(word) else None

    def last_surname(j: int) -> int:
        n = 0
        while n < MAX_SURNAMES and name_word(j + 1) and _may_be_second_surname(tokens.words[j + 1]):
            j, n = j + 1, n + 1
        return j

    if not is_first_name(head):
        if another_first_name(i + 1):
            return None  # a word before the name: "Detroitguarden Ben Gordon"
        surname = surname_after(i + 1)
        if surname is None or not _unknown_first_name(text, tokens, i, surname):
            return None
        return _Span(i, surname, last_surname(surname))
    j = i + 1
    while j - i < MAX_FIRST_NAMES and another_first_name(j):
        j += 1
    while j < len(tokens.words) and initial(j):
        j += 1
    surname = surname_after(j)
    if surname is None:  # a common word is a surname when a cue says so: "säger Nils Påhittad, ordförande"
        surname = surname_after(j, common=True)
        surname = surname if surname is not None and _has_cue(text, tokens, i, surname) else None
    return _Span(i, surname, last_surname(surname)) if surname is not None else None


def _name_starts(text: str, tokens: Tokens) -> list[int]:
    """The capitalised tokens where :func:`_name_at` may find a name: a word that may head one (no role
    word), before a word that may continue it. Each capitalised word is judged once, not per loop."""
    capitals = capitalised_indexes(text)
    capital = frozenset(capitals)
    last = len(tokens.words) - 1
    return [
        i for i in itertools.compress(capitals, map(_may_head_name, capitalised_words(text)))
        if i + 1 in capital or i < last and _may_follow_first_word(tokens.words[i + 1])
    ]  # fmt: skip


@functools.lru_cache(maxsize=1 << 16)
def _may_head_name(word: str) -> bool:
    """Whether a capitalised word may be the first word of a name: no role word (``Generaldirektör``)."""
    head = capitalised(word)
    return head is not None and not is_role_word(head)


@functools.lru_cache(maxsize=1 << 16)
def _may_follow_first_word(word: str) -> bool:
    """Whether ``word`` may stand right after the first word of a name: a capitalised word (a name
    word or an initial), a particle (``von``) or an Arabic surname (``al-Assad``)."""
    return shape(word) is not None or word in PARTICLES or _ARABIC_SURNAME.fullmatch(word) is not None


def _unknown_first_name(text: str, tokens: Tokens, i: int, surname: int) -> bool:
    """Whether a word in no list starts a name: after a cue (``säger vd Mark Majzner``), or when it is
    no known word and a cue or the surname's ending says so (``Sanja Damnjanovic``)."""
    head = capitalised(tokens.words[i]) or ""
    if head in function_word_names():  # "Hans Lindberg", but not "Hans tolkning" (his reading)
        return not is_common_word(tokens.words[surname])
    if head.lower() in STOP_WORDS or is_place(head):
        return False
    if _cue_before(text, tokens, i):
        return True
    if _is_dictionary_word(head):
        return False
    return _has_cue(text, tokens, i, surname) or _surname_shaped(tokens.words[surname])


@functools.lru_cache(maxsize=1 << 16)
def _surname_shaped(word: str) -> bool:
    """Whether the word ends like a surname (``Damnjanovic``, ``Bergqvist``) and is no common word."""
    return word.lower().endswith(SURNAME_ENDINGS) and not _is_dictionary_word(word)


@functools.lru_cache(maxsize=1 << 16)
def _may_be_common_surname(word: str) -> bool:
    """Whether a common word may be a surname after a cue: no particle, function, role or place word."""
    return word.lower() not in PARTICLES and _may_be_second_surname(word)


@functools.lru_cache(maxsize=1 << 16)
def _may_be_second_surname(word: str) -> bool:
    """Whether a word after a surname continues it (``Ström Melin``): no function, role or place word."""
    return word.lower() not in STOP_WORDS and not is_place(word) and not is_role_word(word)


def _mentions(text: str, tokens: Tokens, organisations: list[tuple[int, int]]) -> Iterator[_Mention]:
    """Every full-name mention in ``text``, in order, with the role stated at it."""
    found: list[_Span] = []
    after = 0  # the first token after the last name found
    inside_organisations = _Spans(organisations)
    for i in _name_starts(text, tokens):
        if i < after:
            continue
        name = _name_at(text, tokens, i)
        if name is not None and not inside_organisations.overlap(tokens.starts[i], tokens.ends[name.last]):
            found.append(name)
            after = name.last + 1
    for n, name in enumerate(found):
        limit = tokens.starts[found[n + 1].first] if n + 1 < len(found) else len(text)
        words = [capitalised(word) or word for word in tokens.words[name.first : name.surname]]
        firsts = tuple(word for word in words if word not in PARTICLES)
        particles = tuple(word for word in words if word in PARTICLES)
        surnames = [capitalised(word) or word for word in tokens.words[name.surname : name.last + 1]]
        start, end = tokens.starts[name.first], tokens.ends[name.last]
        title = _prefix_role(text, tokens, name.first) or _suffix_role(text, end, limit)
        role = title or _clause_role(text, end, limit)
        yield _Mention(firsts, " ".join((*particles, *surnames)), start, end, role, title is not None)


class _Spans:
    """Spans of a text, ``(start, end)``, that answer whether a span overlaps any of them in log time
    (a long release has thousands of names, and each word is asked about)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span starts before ``end`` and ends after ``start``."""
        before = bisect.bisect_left(self._starts, end)
        return before > 0 and self._reach[before - 1] > start


def _base_surname(surname: str, known: set[str]) -> str:
    """The surname without a genitive ``s``: ``Eks`` → ``Ek``, but ``Thomas`` stays.

    A final ``s`` is genitive when the text also has the name without it, or
    when it follows a consonant other than s, x or z (Swedish surnames seldom
    end so in the nominative) and the dictionary does not list the name with it
    (``Williams``).
    """
    if not surname.endswith("s") or len(surname) < 3:
        return surname
    base = surname[:-1]
    if base in known or base[-1].lower() not in "aeiouyåäösxz" and surname.lower() not in swedish_words():
        return base
    return surname


def _most_informative(roles: list[tuple[bool, str]]) -> str | None:
    """The longest title stated, else the longest clause; the first one on a tie."""
    return max(roles, key=lambda role: (role[0], len(role[1])), default=(False, None))[1]


def extract_persons(text: str) -> list[Person]:
    """The persons named in ``text``, in order of first mention.

    Each has its canonical name (``Inger Ek``, also for ``Inger Eks`` or
    ``INGER EK``), the most informative role stated, and the span of every
    mention, including later mentions by surname alone (``Ek``) or by role
    (``generaldirektören``).
    """
    tokens = tokenize(text)
    organisations = [(start, end) for _, start, end in organisation_mentions(text)]
    mentions = list(_mentions(text, tokens, organisations))
    known = {m.surname for m in mentions}
    spans: dict[str, list[tuple[int, int]]] = {}
    roles: dict[str, list[tuple[bool, str]]] = {}
    for m in mentions:
        name = " ".join((*m.first, _base_surname(m.surname, known)))
        spans.setdefault(name, []).append((m.start, m.end))
        roles.setdefault(name, []).extend([(m.title, m.role)] if m.role else [])
    best = {name: _most_informative(stated) for name, stated in roles.items()}
    _add_later_mentions(text, spans, best)
    taken = [span for found in spans.values() for span in found] + organisations
    for name, span, role in _lone_names(text, tokens, taken):
        spans.setdefault(name, []).append(span)
        best[name] = best.get(name) or role
    persons = [Person(name, best[name], tuple(sorted(found))) for name, found in spans.items()]
    return sorted(persons, key=lambda person: person.spans[0])


def _add_later_mentions(text: str, spans: dict[str, list[tuple[int, int]]], roles: dict[str, str | None]) -> None:
    """Add each mention by surname alone (``Ek``, ``Eks``) or by role (``generaldirektören``)
    to the latest person named before it with that surname or role."""
    taken = _Spans(span for found in spans.values() for span in found)
    referents: dict[str, list[tuple[int, str]]] = {}
    for name, found in spans.items():
        first, *_, surname = name.split(" ")
        for word in (surname, first, *_definite_role_words(roles[name])):
            referents.setdefault(word, []).extend((start, name) for start, _ in found)
    for mentions in referents.values():
        mentions.sort()
    if not referents:
        return
    keys = {word.lower() for word in referents}
    keys |= {key + "s" for key in keys}  # a genitive: "Eks"
    tokens = tokenize(text)
    words = list(distinct_words(text))
    named = set(itertools.compress(words, map(keys.__contains__, map(str.lower, words))))
    for i in word_indexes(text, named):
        written, start = tokens.words[i], tokens.starts[i]
        lower = written.lower()
        word = capitalised(written) or written
        forms = (word, word.removesuffix("s"), lower, lower.removesuffix("s"))
        candidates = next((referents[form] for form in forms if form in referents), [])
        earlier = bisect.bisect_left(candidates, (start,))  # the mentions before the token
        if earlier and not taken.overlap(start, start + 1):
            spans[candidates[earlier - 1][1]].append((start, tokens.ends[i]))


@functools.lru_cache(maxsize=1 << 16)
def _definite_role_words(role: str | None) -> tuple[str, ...]:
    """The definite forms of a role's head word: ``generaldirektör`` → ``generaldirektören``."""
    head = next((word for word in WORD.findall(role or "") if is_role_word(word)), "").lower()
    if not head or head.endswith(("en", "n")) and not head.endswith("man"):
        return ()
    return (head + "n",) if head.endswith("e") else (head + "en",)


#: Verbs of saying whose subject is as often a newspaper or an authority: ``skriver Metro``.
SOURCE_VERBS = frozenset({"enligt", "skriver"})
#: Words before a place rather than a person: ``i Stockholm``, ``från Varberg``.
PLACE_PREPOSITIONS = frozenset({"från", "genom", "i", "inom", "mot", "på", "till", "ur", "utanför", "vid", "över"})
#: What may stand between the end of a sentence and its first word: ``. ”``, ``: –``.
_SENTENCE_OPENERS = frozenset(' \t\u00a0"”»–—-')


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins the text or a sentence (quotes and dashes between)."""
    i = start
    while i and text[i - 1] in _SENTENCE_OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;\n"


def _lone_names(
    text: str, tokens: Tokens, taken: list[tuple[int, int]]
) -> Iterator[tuple[str, tuple[int, int], str | None]]:
    """Persons named by one word (``Svensson``, ``Zlatan``, ``säger Reinfeldt``), not already ``taken``:
    each name (without a genitive ``s``), where it stands and the role words before it."""
    named = _Spans(taken)
    capitals = capitalised_indexes(text)
    capital = frozenset(capitals)
    for i in itertools.compress(capitals, map(_may_name_alone, capitalised_words(text))):
        start, end = tokens.starts[i], tokens.ends[i]
        if named.overlap(start, end):
            continue
        if (i - 1 in capital and tokens.adjacent(i - 1, i)) or (i + 1 in capital and tokens.adjacent(i, i + 1)):
            continue  # part of a longer proper name that is no person
        before = tokens.words[i - 1].lower() if i and tokens.adjacent(i - 1, i) else ""
        initial = _starts_sentence(text, start)
        word = tokens.words[i]
        names = (word, word[:-1]) if word.endswith("s") and len(word) > 3 else (word,)
        name = next((name for name in names if _lone_name(name, before, initial)), None)
        if name is not None:
            yield name, (start, end), _prefix_role(text, tokens, i)


@functools.lru_cache(maxsize=1 << 16)
def _may_name_alone(word: str) -> bool:
    """Whether a word as written may be a person's name on its own: capitalised as a name (``Ek``),
    and, itself or without a genitive ``s``, no place, role or function word (see :func:`_lone_name`)."""
    names = (word, word[:-1]) if word.endswith("s") and len(word) > 3 else (word,)
    return shape(word) == "title" and any(
        not (is_place(name) or is_role_word(name) or name.lower() in STOP_WORDS) for name in names
    )


@functools.lru_cache(maxsize=1 << 16)
def _lone_name(word: str, before: str, initial: bool) -> bool:
    """Whether ``word`` alone names a person: a first name in use in Sweden, a word shaped like a
    Swedish surname, or any name after a verb of saying or a role word; never a place or common word."""
    if is_place(word) or is_role_word(word) or word.lower() in STOP_WORDS:
        return False
    said = before in SPEECH_VERBS and before not in SOURCE_VERBS
    if word in swedish_first_names() or said:
        return not initial or not is_word_form(word)
    if is_word_form(word) or before in PLACE_PREPOSITIONS:
        return False
    return is_role_word(before) or SWEDISH_SURNAME.search(word) is not None
