"""Persons named in a press release: canonical name, stated role and every mention.

A name is a run of capitalised words on one line that starts with a known first
name (a gazetteer from the ``gender-guesser`` package, minus names that are also
common Swedish words per the ``hunspell-sv`` dictionary), or with any
capitalised non-word right after a cue such as ``säger`` or a role word
(``generaldirektör Kim Ek``). The role comes from the words before the name
(``generaldirektör Inger Ek``) or after it (``Inger Ek, generaldirektör ...``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import files as distribution_files
from importlib.resources import files as package_files


@dataclass(frozen=True)
class Person:
    """A person named in a text: canonical name, most informative role, all mentions."""

    name: str
    role: str | None
    spans: tuple[tuple[int, int], ...]


#: A word: letters, optionally joined by hyphens or apostrophes (``Anna-Karin``, ``O'Neill``).
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
#: What may stand between the words of one name: spaces, never a line break.
_NAME_GAP = re.compile(r"[ \t\u00a0]+")
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
#: Endings of role words: ``generaldirektör``, ``inköpschef``, ``kommunalråd``, ``ordförande``.
ROLE_SUFFIXES = (
    "advokat", "analytiker", "ansvarig", "arkitekt", "chef", "direktör", "docent", "ekonom", "expert",
    "föreståndare", "företrädare", "forskare", "handläggare", "hövding", "ingenjör", "inköpare",
    "jurist", "kommunikatör", "konsult", "koordinator", "ledamot", "ledare", "minister", "ombudsman",
    "ordförande", "professor", "råd", "rådgivare", "redaktör", "rektor", "revisor", "samordnare",
    "sekreterare", "specialist", "strateg", "talesman", "talesperson", "upphandlare", "utredare", "vd",
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
#: A conjunction joining the role to what introduces the next person.
_ROLE_JOIN = re.compile(r"\s(?:och|samt)\s")
#: The most first names one person may have (``Karl Johan``, ``Anna Maria Lovisa``).
MAX_FIRST_NAMES = 3
#: The longest common word that is still taken as a surname (``Strand``, ``Ek``).
LONGEST_WORD_SURNAME = 6
#: The most words a role may have; longer runs are cut here.
MAX_ROLE_WORDS = 12


@functools.cache
def swedish_words() -> frozenset[str]:
    """The base forms of the Swedish hunspell dictionary (``hunspell-sv``), as written.

    Lower-case entries are common words (``under``); capitalised ones are proper
    nouns such as places (``Sverige``) and some first names (``Per``).
    """
    try:
        paths = [path for path in distribution_files("hunspell-sv") or () if path.name == "sv_SE.dic"]
    except PackageNotFoundError:
        paths = []
    if not paths:
        raise RuntimeError("hunspell-sv saknas: installera det med pip install hunspell-sv")
    with open(paths[0].locate(), encoding="utf-8") as dic:
        next(dic)  # the first line is the entry count
        return frozenset(line.split("/", 1)[0].strip() for line in dic)


@functools.cache
def first_names() -> frozenset[str]:
    """Known first names, capitalised: every country's, minus names that are Swedish words.

    A name that is also a common Swedish word (``Under``, ``Nu``) is kept only when
    it is in use as a first name in Sweden (``Per``, ``Björn``, ``Dag``).
    """
    data = package_files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    words = swedish_words()
    names: set[str] = set()
    for line in data.splitlines():
        # Comments, "equivalent name" lines and the duplicates sorted by expanded umlauts.
        if not line or line[0] in "#=" or line[29:30] == "+":
            continue
        name = line.split()[1]
        in_sweden = line[48:49].strip() != ""  # column 48 holds the frequency in Sweden
        if in_sweden or name.lower() not in words:
            # "+" joins parts of Arabic, Chinese and Korean names: "Jun+Wei" is "Jun-Wei" or "Junwei".
            names.update({name.replace("+", "-"), name.replace("+", "")})
    return frozenset(names)


@dataclass(frozen=True)
class _Token:
    """A word of the text and where it stands."""

    start: int
    end: int
    word: str


@dataclass(frozen=True)
class _Mention:
    """One full-name mention as written, with the role stated at it."""

    first: tuple[str, ...]
    surname: str
    start: int
    end: int
    role: str | None


def _shape(word: str) -> str | None:
    """How a word is capitalised: ``"upper"`` (``EK``), ``"title"`` (``Ek``, ``McKay``) or None."""
    if len(word) > 1 and word.isupper():
        return "upper"
    return "title" if word[0].isupper() else None


def _capitalised(word: str) -> str | None:
    """The word as a name is written (``EK`` → ``Ek``), or None if it is not capitalised."""
    shape = _shape(word)
    if shape is None:
        return None
    if shape == "upper":
        return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))
    return word


def _is_first_name(word: str) -> bool:
    return word in first_names() or all(part in first_names() for part in word.split("-"))


def _is_role_word(word: str) -> bool:
    """A role word, also in the definite form: ``chef``, ``chefen``, ``ordföranden``."""
    lower = word.lower()
    forms = (lower, lower.removesuffix("n"), lower.removesuffix("en"))
    return word == "VD" or any(form.endswith(ROLE_SUFFIXES) for form in forms)


def _may_be_surname(word: str) -> bool:
    """Not a particle and not a long common word (``Ekonomi``); short ones are surnames too (``Ek``)."""
    lower = word.lower()
    return lower not in PARTICLES and not (len(word) > LONGEST_WORD_SURNAME and lower in swedish_words())


def _is_dictionary_word(word: str) -> bool:
    """A word the Swedish dictionary knows, common or proper, also in the genitive: ``Sveriges``."""
    entries = swedish_words()
    forms = (word, word.removesuffix("s")) if len(word) > 2 else (word,)
    return any(form in entries or form.lower() in entries for form in forms)


def _has_cue(text: str, tokens: list[_Token], i: int, last: int) -> bool:
    """Whether the words around tokens ``i..last`` say they name a person.

    The cues are a verb of saying or a role word right before (``säger Kim Ek``,
    ``generaldirektör Kim Ek``) or a role after a comma (``Kim Ek, jurist``).
    """
    before = tokens[i - 1] if i > 0 and _adjacent(text, tokens[i - 1], tokens[i]) else None
    if before is not None and (before.word.lower() in SPEECH_VERBS or _is_role_word(before.word)):
        return True
    return _suffix_role(text, tokens[last].end, len(text)) is not None


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    return _NAME_GAP.fullmatch(text, left.end, right.start) is not None


def _prefix_role(text: str, tokens: list[_Token], i: int) -> str | None:
    """The role words right before token ``i`` (``vice ordförande``), if any."""
    if i == 0 or not _adjacent(text, tokens[i - 1], tokens[i]) or not _is_role_word(tokens[i - 1].word):
        return None
    start = i - 1
    while start > 0 and _adjacent(text, tokens[start - 1], tokens[start]):
        if tokens[start - 1].word.lower() not in ROLE_MODIFIERS:
            break
        start -= 1
    return text[tokens[start].start : tokens[i - 1].end]


def _suffix_role(text: str, end: int, limit: int) -> str | None:
    """The role after ``, `` at ``end`` (``Inger Ek, generaldirektör ...``), up to ``limit``."""
    comma = _COMMA.match(text, end)
    if comma is None:
        return None
    start = comma.end()
    party = _PARTY.match(text, start)
    head = _WORD.match(text, party.end() if party else start)
    while head is not None and head.group().lower() in ROLE_MODIFIERS:
        gap = _NAME_GAP.match(text, head.end())
        head = _WORD.match(text, gap.end()) if gap else None
    if head is None or not _is_role_word(head.group()):
        return None
    stop = _ROLE_END.search(text, head.end(), limit)
    role = text[start : stop.start() if stop else limit]
    if stop is None and limit < len(text):  # cut off by the next person: drop "och <their role>"
        joins = list(_ROLE_JOIN.finditer(role))
        role = role[: joins[-1].start()] if joins else role
    role = " ".join(role.split()[:MAX_ROLE_WORDS]).rstrip(" .")
    return role or None


def _name_at(text: str, tokens: list[_Token], i: int) -> int | None:
    """The index of the surname token if a name starts at token ``i``, else None."""
    head = _capitalised(tokens[i].word)
    if head is None:
        return None
    shape = _shape(tokens[i].word)

    def name_word(j: int) -> bool:
        return (
            j < len(tokens) and _adjacent(text, tokens[j - 1], tokens[j]) and _shape(tokens[j].word) == shape
        )

    def another_first_name(j: int) -> bool:
        return (
            name_word(j) and _is_first_name(_capitalised(tokens[j].word) or "") and bool(surname_after(j + 1))
        )

    def surname_after(j: int) -> int | None:
        while j < len(tokens) and _adjacent(text, tokens[j - 1], tokens[j]) and tokens[j].word in PARTICLES:
            j += 1
        return j if name_word(j) and _may_be_surname(tokens[j].word) else None

    if not _is_first_name(head):
        last = surname_after(i + 1)
        if last is None or _is_dictionary_word(head) or not _has_cue(text, tokens, i, last):
            return None
        return last
    j = i + 1
    while j - i < MAX_FIRST_NAMES and another_first_name(j):
        j += 1
    return surname_after(j)


def _mentions(text: str) -> Iterator[_Mention]:
    """Every full-name mention in ``text``, in order, with the role stated at it."""
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        last = _name_at(text, tokens, i)
        if last is None:
            i += 1
            continue
        found.append((i, last))
        i = last + 1
    for n, (i, last) in enumerate(found):
        limit = tokens[found[n + 1][0]].start if n + 1 < len(found) else len(text)
        words = [_capitalised(t.word) or t.word for t in tokens[i:last]]
        firsts = tuple(word for word in words if word not in PARTICLES)
        particles = tuple(word for word in words if word in PARTICLES)
        surname = " ".join((*particles, _capitalised(tokens[last].word) or tokens[last].word))
        role = _prefix_role(text, tokens, i) or _suffix_role(text, tokens[last].end, limit)
        yield _Mention(firsts, surname, tokens[i].start, tokens[last].end, role)


def _base_surname(surname: str, known: set[str]) -> str:
    """The surname without a genitive ``s``: ``Eks`` → ``Ek``, but ``Thomas`` stays.

    A final ``s`` is genitive when the text also has the name without it, or
    when it follows a consonant other than s, x or z (Swedish surnames seldom
    end so in the nominative).
    """
    if not surname.endswith("s") or len(surname) < 3:
        return surname
    base = surname[:-1]
    if base in known or base[-1].lower() not in "aeiouyåäösxz":
        return base
    return surname


def _most_informative(roles: list[str]) -> str | None:
    """The longest role stated; the first one on a tie."""
    return max(roles, key=len, default=None)


def extract_persons(text: str) -> list[Person]:
    """The persons named in ``text``, in order of first mention.

    Each has its canonical name (``Inger Ek``, also for ``Inger Eks`` or
    ``INGER EK``), the most informative role stated, and the span of every
    mention, including later mentions by surname alone.
    """
    mentions = list(_mentions(text))
    known = {m.surname for m in mentions}
    spans: dict[str, list[tuple[int, int]]] = {}
    roles: dict[str, list[str]] = {}
    for m in mentions:
        name = " ".join((*m.first, _base_surname(m.surname, known)))
        spans.setdefault(name, []).append((m.start, m.end))
        roles.setdefault(name, []).extend([m.role] if m.role else [])
    _add_surname_mentions(text, spans)
    return [
        Person(name, _most_informative(roles[name]), tuple(sorted(found))) for name, found in spans.items()
    ]


def _add_surname_mentions(text: str, spans: dict[str, list[tuple[int, int]]]) -> None:
    """Add each surname-alone mention (``Ek``, ``Eks``) to the latest full name before it."""
    taken = sorted(span for found in spans.values() for span in found)
    by_surname: dict[str, list[tuple[int, str]]] = {}
    for name, found in spans.items():
        by_surname.setdefault(name.rsplit(" ", 1)[-1], []).extend((start, name) for start, _ in found)
    for match in _WORD.finditer(text):
        word = _capitalised(match.group())
        if word is None or any(start <= match.start() < end for start, end in taken):
            continue
        candidates = by_surname.get(word) or by_surname.get(word[:-1] if word.endswith("s") else "")
        earlier = [(start, name) for start, name in candidates or () if start < match.start()]
        if earlier:
            spans[max(earlier)[1]].append(match.span())
