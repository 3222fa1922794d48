"""Organisations named in a text: authorities, municipalities, regions, companies, parties.

Found by their shape, never by capitals alone: a name from the gazetteer in
``indexer/data/organisations.txt`` (``Kammarkollegiet``, ``SCB``), a word ending
like an authority or a municipality (``Kemikalieinspektionen``, ``Exempelkommun``),
a place before a head noun (``Ystads kommun``, ``Uppsala universitet``), a prefix
(``Region Skåne``, ``IFK Göteborg``), a company, club or newspaper ending
(``Volvo AB``, ``Malmö FF``, ``Dagens Nyheter``), a capitalised adjective before
a body's noun (``Kungliga biblioteket``, ``Svenskt Näringsliv``) or a court and
its seat (``Förvaltningsrätten i Göteborg``). Lower-case words alone are never
names: ``regeringen`` and ``polisen`` are common nouns, and ``Stockholms län`` is
a place. Official spellings vary and all count: ``Borås Stad`` and ``Borås stad``,
``Region Exempelland`` and its genitive. Each organisation gets one canonical name:
``Ystad kommun`` is ``Ystads kommun``, ``Borås Stad`` is ``Borås stad``,
``Upphandlingsmyndighetens`` is ``Upphandlingsmyndigheten``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from indexer.enrich.names import (
    NAME_DIGITS,
    SWEDISH_SURNAME,
    Tokens,
    capitalised,
    capitalised_indexes,
    capitalised_words,
    common_word_organisations,
    countries,
    distinct_words,
    is_common_word,
    is_first_name,
    is_place,
    is_word_form,
    organisation_digits,
    organisation_heads,
    organisation_names,
    shape,
    swedish_words,
    tokenize,
    word_indexes,
)
from indexer.language.words import STOP_WORDS


@dataclass(frozen=True)
class Organisation:
    """An organisation named in a text: its canonical name and the span of every mention."""

    name: str
    spans: tuple[tuple[int, int], ...]


#: Endings of one-word names of authorities and other bodies: ``Skatteverket``.
SUFFIXES = (
    "akademin", "ämbetet", "banken", "departementet", "domstolen", "förbundet", "föreningen",
    "förmedlingen", "inspektionen", "institutet", "kassan", "kollegiet", "kommissionen", "myndigheten",
    "nämnden", "partiet", "polisen", "regionen", "stiftelsen", "styrelsen", "universitetet", "verket",
    "förvaltningen", "gymnasiet", "jouren", "kontoret", "missionen",
)  # fmt: skip
#: Common nouns with those endings: ``Nätverket``, ``Centralbanken`` at the start of a sentence.
COMMON_ENDINGS = (
    "centralbanken", "hantverket", "konstverket", "kraftverket", "mästerverket", "nätverket", "ramverket",
    "regelverket",
)  # fmt: skip
#: One-word names end so, and so does a municipality's: ``Exempelkommun``.
_SUFFIX = re.compile(f"({'|'.join((*SUFFIXES, 'kommun'))})s?$", re.IGNORECASE)
#: The fewest letters before a suffix: ``Skatteverket``, but not ``Verket`` or ``Ämbetet``.
MIN_STEM = 3
#: Lower-case nouns of bodies that a capitalised adjective before them names: ``Fiktiva nämnden``.
_BODY_NOUN = re.compile(f"({'|'.join((*SUFFIXES, 'centralen', 'kammaren', 'kommunen', 'kyrkan', 'rådet'))})s?$")
#: An adjective in the form it takes before a definite noun: ``Påhittade``, ``Kungliga``.
_ADJECTIVE = re.compile(r"[a-zåäö]{2,}[ae]")
#: Endings of the adjective before a capitalised noun: ``Svenskt Näringsliv``, ``Svenska Spel``.
_NAME_ADJECTIVE = re.compile(r"[a-zåäö]{2,}(?:ska|skt|iga|ade|at)")
#: Capitalised bodies that sit in many places, named by the seat: ``Förvaltningsrätten i Göteborg``.
_SEATED = re.compile(r"[A-ZÅÄÖ]\w*(?:domstolen|kammaren|rätten|styrelsen)")
#: What ends a sentence or a heading between two words.
_SENTENCE_BREAK = re.compile(r"[.!?:\n•–—\"”»]")
#: Words that take a definite noun without ``den`` and so start sentences: ``Hela kommunen``.
DETERMINERS = frozenset(
    {
        "andra", "båda", "bägge", "ena", "enda", "första", "förra", "gamla", "halva", "hela", "nya",
        "nästa", "samma", "sista", "själva", "tredje", "övriga",
    }
)  # fmt: skip
#: Lower-case nouns that make a place before them an organisation: ``Ystads kommun``.
PLACE_HEADS = frozenset(
    {
        "förvaltningsrätt", "högskola", "hovrätt", "kammarrätt", "kommun", "landsting", "stad", "stift",
        "tingsrätt", "universitet",
    }
)  # fmt: skip
#: Heads that municipalities also write capitalised in their official names: ``Borås Stad``,
#: ``Göteborgs Stad``. The canonical name has them in lower case, as Språkrådet recommends.
CAPITALISED_HEADS = frozenset({"Stad", "Kommun"})
#: Words that make the name after them an organisation: ``Region Skåne``, ``IFK Göteborg``.
PREFIXES = frozenset({"AB", "FC", "IFK", "Landstinget", "Region"})
#: Capitalised words that make the name before them an organisation: ``Volvo AB``, ``Malmö FF``.
ENDINGS = frozenset(
    {
        "AB", "AG", "ASA", "BK", "FF", "FK", "GmbH", "Group", "HK", "Holding", "IF", "IK", "Inc", "Ltd",
        "Oyj", "SK",  # companies and clubs
        "Allehanda", "Dagblad", "Dagbladet", "Folkblad", "Kuriren", "Nyheter", "Post", "Posten", "Radio",
        "Television",
        "Tidning", "Tidningar",  # newspapers and broadcasters
    }
)  # fmt: skip
#: The words (without a genitive ``s``) after the start of a name that may make it an organisation.
_CUE_WORDS = PLACE_HEADS | ENDINGS | CAPITALISED_HEADS | {"län"}
#: The cue words as written, also in the genitive: ``kommun``, ``kommuns``, ``AB``, ``ABs``.
_CUE_FORMS = frozenset({word for word in _CUE_WORDS if not word.endswith("s")} | {word + "s" for word in _CUE_WORDS})
#: Capitalised words that belong to a place name although they are common words: ``Västra Götaland``.
DIRECTIONS = frozenset({"Mellersta", "Norra", "Nedre", "Övre", "Södra", "Västra", "Östra", "Stora", "Lilla"})
#: The most capitalised words an organisation name may have before its head or ending.
MAX_NAME_WORDS = 3
#: Words before a place rather than an organisation named by it: ``i Frölunda``, ``från Barcelona``.
LOCATIVES = frozenset({"från", "i", "inom", "på", "ur", "utanför", "vid"})
#: Words that only a sentence about a game has: ``matchen``, ``elitserien``, ``hemmaplan``, ``besegrade``.
_GAME_WORD = re.compile(
    r"[\w-]*(?:match(?:en|er|erna|ens)?|fotboll\w*|hockey\w*|bandy\w*|basket\w*|handboll\w*|elitserie(?:n|ns)?"
    r"|kvalserie(?:n|ns)?|allsvenskan|superettan|slutspel(?:et|s)?|playoff\w*|straffläggning\w*|halvlek(?:en)?"
    r"|målvakt(?:en|ens)?|derby(?:t)?|tränare(?:n|ns)?|finale?n|segern|ligatopp\w*|serieledning\w*|poängare)"
    r"|besegra\w*|bortaslog|hemmaplan|bortaplan|kvittera\w*|kvittering\w*"
)
#: A result of a game (``6 – 3``, ``2-0``), not a range of amounts (``10–15 procent``).
_SCORE = re.compile(r"\b\d{1,3} ?[–-] ?\d{1,3}\b(?![ \u00a0]*(?:%|procent|kr\b|kronor|miljoner|år\b|dagar|timmar))")
#: What ends a sentence: a full stop, a question or exclamation mark, or a line end.
_SENTENCE_END = re.compile(r"[.!?\n]")
#: Letters after which a Swedish place takes no genitive ``s`` in a name: ``Uppsala kommun``.
_NO_GENITIVE_AFTER = "aeiouyåäöéxzs"


def _genitive_base(word: str) -> str:
    """The word without a genitive ``s`` when the dictionary knows it so: ``Skånes`` → ``Skåne``."""
    base = word[:-1]
    return base if word.endswith("s") and word not in swedish_words() and base in swedish_words() else word


def _place_genitive(word: str) -> str:
    """A place as written in the name of its municipality: ``Ystad`` → ``Ystads``, ``Uppsala`` stays.

    An unknown place (``Exempelstad``) takes the genitive by the same rule, so that
    ``Exempelstad kommun`` and ``Exempelstads kommun`` are one organisation.
    """
    base = _genitive_base(word)
    return base if base[-1].lower() in _NO_GENITIVE_AFTER else base + "s"


def _place_base(word: str) -> str:
    """A place without its genitive ``s``: ``Skånes`` → ``Skåne``, ``Exempellands`` → ``Exempelland``.

    A word the dictionary knows loses the ``s`` only when its base is a word too; an
    unknown one loses a single final ``s`` (Swedish regions' names do not end in one).
    """
    if word in swedish_words() or _genitive_base(word) != word:
        return _genitive_base(word)
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _strip_genitive(word: str, known: Collection[str]) -> str:
    """The word without a genitive ``s`` when that leaves a known word: ``Nyheters``, ``kommuns``."""
    return word[:-1] if word not in known and word.endswith("s") and word[:-1] in known else word


@functools.lru_cache(maxsize=1 << 16)
def _is_name_word(word: str) -> bool:
    """A capitalised word that may be part of a name: not a capitalised function word (``Med``)."""
    return shape(word) is not None and word.lower() not in STOP_WORDS


def _run(text: str, tokens: Tokens, i: int) -> int:
    """How many name words stand from token ``i`` on, one space apart (at most ``MAX_NAME_WORDS``)."""
    n = 0
    while n < MAX_NAME_WORDS and i + n < len(tokens.words) and _is_name_word(tokens.words[i + n]):
        if n and not tokens.adjacent(i + n - 1, i + n):
            break
        n += 1
    return n


def _from_gazetteer(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A gazetteer name starting at token ``i`` (longest first), genitive allowed on its last word."""
    longest = _gazetteer_words(tokens.words[i])
    for n in range(min(longest, len(tokens.words) - i), 0, -1):
        if "\n" in text[tokens.starts[i] : tokens.starts[i + n - 1]]:
            continue
        words = tokens.words[i : i + n]
        for last in (words[-1], words[-1].removesuffix("s")):
            key = (*words[:-1], last)
            name = organisation_names().get(key)
            if name and _named_here(text, tokens, i, key) and _digits_follow(text, tokens.ends[i + n - 1], key):
                return i + n - 1, name
    return None


def _digits_follow(text: str, end: int, words: tuple[str, ...]) -> bool:
    """Whether a gazetteer name that ends in digits (``TV4``, ``TV 4``) has them at ``end``, and no more:
    ``TV`` alone is no organisation. A name without digits needs none."""
    tails = organisation_digits().get(words)
    if tails is None:
        return True
    digits = NAME_DIGITS.match(text, end)
    return digits is not None and digits.group() in tails


@functools.lru_cache(maxsize=1 << 16)
def _gazetteer_words(first: str) -> int:
    """The most words a gazetteer name starting with ``first`` (or it without a genitive ``s``) has."""
    return max(organisation_heads().get(word, 0) for word in (first, first.removesuffix("s")))


def _named_here(text: str, tokens: Tokens, i: int, words: tuple[str, ...]) -> bool:
    """Whether a gazetteer name at token ``i`` names the organisation: a common word (``Metro``) only
    inside a sentence, a place (``Frölunda``) never after a locative (``i Frölunda``)."""
    if words in common_word_organisations() and not _mid_sentence(text, tokens, i):
        return False
    return len(words) > 1 or not is_place(words[0]) or not _after_locative(tokens, i)


def _after_locative(tokens: Tokens, i: int) -> bool:
    """Whether the word before token ``i`` puts a place after it: ``i``, ``från``, ``vid``."""
    return i > 0 and tokens.words[i - 1].lower() in LOCATIVES


def _from_suffix(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A one-word authority or body (``Kemikalieinspektionen``, ``Upphandlingsmyndighetens``),
    with a direction before it (``Västra Götalandsregionen``)."""
    if tokens.words[i] in DIRECTIONS and i + 1 < len(tokens.words) and tokens.adjacent(i, i + 1):
        name = _suffix_name(tokens.words[i + 1])
        return (i + 1, f"{tokens.words[i]} {name}") if name else None
    name = _suffix_name(tokens.words[i])
    return (i, name) if name else None


@functools.lru_cache(maxsize=1 << 16)
def _suffix_name(word: str) -> str | None:
    """The canonical name if ``word`` ends like an authority, else None."""
    match = _SUFFIX.search(word)
    if match is None or match.start() < MIN_STEM or word.lower().endswith(COMMON_ENDINGS):
        return None
    if is_common_word(word):  # "Hemkommun", "Grannkommuns"
        return None
    name = capitalised(word[: match.end(1)])
    return name if name and not name.lower().endswith(COMMON_ENDINGS) else None


def _may_be_place(word: str) -> bool:
    """A capitalised dictionary entry (``Göteborg``) or no common word (``Ystads``, ``Exempelby``)."""
    return _genitive_base(word) in swedish_words() or not is_common_word(word)


def _place_words(text: str, tokens: Tokens, i: int) -> list[str]:
    """The place name at token ``i``: one word, or two after a direction (``Västra Götalands``)."""
    run = _run(text, tokens, i)
    words = [capitalised(word) or word for word in tokens.words[i : i + min(run, 2)]]
    words = words if words and words[0] in DIRECTIONS else words[:1]
    return words if all(word in DIRECTIONS or _may_be_place(word) for word in words) else []


def _from_place_head(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A place and a head noun: ``Ystads kommun``, ``Stockholms läns landsting``, ``Uppsala universitet``."""
    names = _place_words(text, tokens, i)
    j = i + len(names)
    if not names or j >= len(tokens.words) or not tokens.adjacent(j - 1, j):
        return None
    county = tokens.words[j] == "läns" and j + 1 < len(tokens.words) and tokens.adjacent(j, j + 1)
    written = _strip_genitive(tokens.words[j + county], PLACE_HEADS | CAPITALISED_HEADS)
    head = written.lower() if written in CAPITALISED_HEADS else written
    if head not in PLACE_HEADS:
        return None
    names[-1] = names[-1] if county else _place_genitive(names[-1])
    return j + county, " ".join((*names, *(["läns"] if county else []), head))


def _from_prefix(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A prefix and a name: ``Region Skåne``, ``Region Västra Götalands``, ``AB Volvo``."""
    if tokens.words[i] not in PREFIXES or i + 1 >= len(tokens.words) or not tokens.adjacent(i, i + 1):
        return None
    names = _place_words(text, tokens, i + 1)
    if not names:
        return None
    names[-1] = _place_base(names[-1])
    return i + len(names), " ".join((tokens.words[i], *names))


def _from_ending(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A name and a company, club or newspaper ending: ``Volvo AB``, ``Malmö FF``, ``Dagens Nyheter``."""
    run = _run(text, tokens, i)
    word = tokens.words[i]
    if run > 2 and is_common_word(word) and not word.endswith("s") and _from_ending(text, tokens, i + 1):
        return None  # a word before the name: "Enligt Dagens Nyheter"
    for n in range(run, 1, -1):
        last = _strip_genitive(tokens.words[i + n - 1], ENDINGS)
        if last in ENDINGS:
            return i + n - 1, " ".join((*tokens.words[i : i + n - 1], last))
    return None


def _adjective_name(text: str, tokens: Tokens, i: int) -> str | None:
    """A capitalised adjective and a body's noun at token ``i``, with the noun in its base form."""
    if i + 1 >= len(tokens.words):
        return None
    name = _adjective_and_noun(tokens.words[i], tokens.words[i + 1])
    return name if name is not None and tokens.adjacent(i, i + 1) else None


@functools.lru_cache(maxsize=1 << 16)
def _adjective_and_noun(adjective: str, noun: str) -> str | None:
    """The name a capitalised adjective and a body's noun make when they stand together, or None."""
    if shape(adjective) != "title" or adjective in DIRECTIONS or is_first_name(adjective):
        return None
    if shape(noun) is None:
        body = _BODY_NOUN.search(noun)
        lower = adjective.lower()
        if body is None or lower in DETERMINERS or lower in STOP_WORDS or not _ADJECTIVE.fullmatch(lower):
            return None
        return f"{adjective} {noun[: body.end(1)]}"
    if shape(noun) == "title" and _NAME_ADJECTIVE.fullmatch(adjective.lower()):
        if is_common_word(noun):
            return f"{adjective} {_strip_genitive(noun, swedish_words())}"
        body_name = _suffix_name(noun)  # "Svenska Gymnastikförbundet"
        return f"{adjective} {body_name}" if body_name else None
    return None


def _from_adjective(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A capitalised adjective and a body's noun: ``Påhittade myndigheten``, ``Svenskt Näringsliv``.

    At the start of a sentence an adjective of nationality is no name (``Franska storbanken``):
    Swedish writes it in lower case elsewhere. ``Svenska`` is the exception: Swedish bodies call
    themselves so (``Svenska gymnastikförbundet``).
    """
    name = _adjective_name(text, tokens, i)
    adjective = name.split()[0] if name else ""
    if name is None or (adjective.endswith("ska") and adjective != "Svenska" and not _mid_sentence(text, tokens, i)):
        return None
    return i + 1, name


def _mid_sentence(text: str, tokens: Tokens, i: int) -> bool:
    """Whether token ``i`` follows another word of its sentence, so that its capital marks a name."""
    return i > 0 and _SENTENCE_BREAK.search(text, tokens.ends[i - 1], tokens.starts[i]) is None


def _from_seat(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A court or board and its seat: ``Förvaltningsrätten i Göteborg``, ``Länsstyrelsen i Skåne län``."""
    if not _SEATED.fullmatch(tokens.words[i]) or i + 2 >= len(tokens.words) or tokens.words[i + 1] != "i":
        return None
    if not (tokens.adjacent(i, i + 1) and tokens.adjacent(i + 1, i + 2)):
        return None
    place = _place_words(text, tokens, i + 2)
    if not place:
        return None
    last = i + 1 + len(place)
    after = last + 1
    county = after < len(tokens.words) and tokens.words[after] == "län" and tokens.adjacent(last, after)
    return last + county, " ".join((tokens.words[i], "i", *place, *(["län"] if county else [])))


def _may_be_adjective(word: str) -> bool:
    """Whether the word may be the capitalised adjective of :func:`_adjective_and_noun`, whatever noun follows."""
    if shape(word) != "title" or word in DIRECTIONS or is_first_name(word):
        return False
    lower = word.lower()
    plain = _ADJECTIVE.fullmatch(lower) is not None and lower not in DETERMINERS and lower not in STOP_WORDS
    return plain or _NAME_ADJECTIVE.fullmatch(lower) is not None


def _candidates(text: str, tokens: Tokens) -> tuple[list[int], set[int], set[int]]:
    """The capitalised tokens at which a name may start, in order; of them those with a cue word
    (``kommun``, ``AB``) among the next words, and the towns that stand in a sentence about a game.
    Each capitalised word is looked at once, the cue words are found in one scan, and only the
    sentences of towns are read."""
    capitals = capitalised_indexes(text)
    found = set(itertools.compress(capitals, map(_rules_for, capitalised_words(text))))
    cues = _cue_words(text)
    near_cue = {i - n for i in word_indexes(text, cues) for n in range(1, MAX_NAME_WORDS + 1)} if cues else set()
    teams: set[int] = set()
    games: dict[tuple[int, int], bool] = {}
    for i in itertools.compress(capitals, map(_may_name_team, capitalised_words(text))):
        sentence = _sentence_around(text, tokens.starts[i])
        if sentence not in games:
            games[sentence] = _about_a_game(text, tokens, *sentence)
        if games[sentence]:
            teams.add(i)
    return sorted(found.union(near_cue, teams).intersection(capitals)), near_cue, teams


def _sentence_around(text: str, position: int) -> tuple[int, int]:
    """The start and end of the sentence that ``position`` is in."""
    bounds = _sentence_bounds(text)
    after = bisect.bisect_left(bounds, position)
    return bounds[after - 1] + 1, bounds[after]


@functools.lru_cache(maxsize=8)
def _sentence_bounds(text: str) -> list[int]:
    """Where each sentence of ``text`` ends (:data:`_SENTENCE_END`), between -1 and the text's length:
    each end stands one character after the text before it, so the ends add up from the lengths."""
    between = _SENTENCE_END.split(text)
    return list(itertools.accumulate(map((1).__add__, map(len, between)), initial=-1))


def _about_a_game(text: str, tokens: Tokens, start: int, end: int) -> bool:
    """Whether the text from ``start`` to ``end`` has a word of a game or a result (which has a dash)."""
    first = bisect.bisect_left(tokens.starts, start)
    last = bisect.bisect_left(tokens.starts, end, lo=first)
    if any(map(_is_game_word, tokens.words[first:last])):
        return True
    dashed = text.find("-", start, end) >= 0 or text.find("–", start, end) >= 0
    return dashed and _SCORE.search(text, start, end) is not None


@functools.lru_cache(maxsize=8)
def _cue_words(text: str) -> frozenset[str]:
    """The words of ``text`` that may make the name before them an organisation (``kommun``, ``AB``,
    also in the genitive): found once per text, and in most texts none."""
    return distinct_words(text) & _CUE_FORMS


#: A kind of organisation name: from token ``i``, the last token and canonical name of one, if any.
Rule = Callable[[str, Tokens, int], tuple[int, str] | None]


def _organisation_at(text: str, tokens: Tokens, i: int, cue_near: bool) -> tuple[int, str] | None:
    """The last token and canonical name of the longest organisation name at token ``i``, if any, trying
    only the kinds of name that its word may start (and, with a cue word near, those a cue ends)."""
    rules = _rules_with_cue(tokens.words[i]) if cue_near else _rules_for(tokens.words[i])
    found = [match for rule in rules if (match := rule(text, tokens, i))]
    return max(found, key=lambda match: match[0], default=None)


@functools.lru_cache(maxsize=1 << 16)
def _rules_for(word: str) -> tuple[Rule, ...]:
    """The kinds of name that may start with ``word`` whatever follows it, in the order they are tried:
    a gazetteer name, a prefix, an authority's ending, a capitalised adjective, a seated court."""
    heads = organisation_heads()
    may: dict[Rule, bool] = {
        _from_gazetteer: word in heads or word.removesuffix("s") in heads,
        _from_prefix: word in PREFIXES,
        _from_suffix: word in DIRECTIONS or _suffix_name(word) is not None,
        _from_adjective: _may_be_adjective(word),
        _from_seat: _SEATED.fullmatch(word) is not None,
    }
    return tuple(rule for rule in _RULES if may.get(rule, False))


@functools.lru_cache(maxsize=1 << 16)
def _rules_with_cue(word: str) -> tuple[Rule, ...]:
    """The kinds of name that may start with ``word`` when a cue word (``kommun``, ``AB``) follows it."""
    return tuple(rule for rule in _RULES if rule in _CUE_RULES or rule in _rules_for(word))


def _from_team(text: str, tokens: Tokens, i: int) -> tuple[int, str] | None:
    """A team named by its town, in a sentence about a game: ``Mora besegrade Karlskoga``, ``mot
    Linköping``, ``Frölundas seger``, ``Norrköping Dolphins``; never after a locative (``i Mora``) or
    as the surname of a person (``Leo Messi``)."""
    town = _genitive_base(tokens.words[i])
    if not _may_name_team(tokens.words[i]) or _after_locative(tokens, i) or _after_name_word(text, tokens, i):
        return None
    if i + 1 < len(tokens.words) and tokens.adjacent(i, i + 1) and _team_word(tokens.words[i + 1]):
        return i + 1, f"{town} {_strip_genitive(tokens.words[i + 1], ())}"
    return i, town


def _after_name_word(text: str, tokens: Tokens, i: int) -> bool:
    """Whether a capitalised word stands right before token ``i``, so that it continues a name."""
    return i > 0 and shape(tokens.words[i - 1]) is not None and tokens.adjacent(i - 1, i)


@functools.lru_cache(maxsize=1 << 16)
def _may_name_team(word: str) -> bool:
    """Whether the word, or it without a genitive ``s``, may be a town that names a team (``Timrås``)."""
    return _may_be_town(_genitive_base(word))


@functools.lru_cache(maxsize=1 << 16)
def _may_be_town(word: str) -> bool:
    """A capitalised place or proper noun of the dictionary (``Karlskoga``, ``Philadelphia``) that is no
    country, first name, common word or surname: what a team named by its town is called."""
    if shape(word) != "title" or word in countries() or is_first_name(word) or is_common_word(word):
        return False
    return is_place(word) or word in swedish_words() and SWEDISH_SURNAME.search(word) is None


@functools.lru_cache(maxsize=1 << 16)
def _team_word(word: str) -> bool:
    """A capitalised word after a town that is no Swedish word, place or name: ``Dolphins``, ``Vikings``."""
    return (
        shape(word) == "title" and word.lower() not in STOP_WORDS and not is_word_form(word)
        and not is_place(word) and not is_first_name(word)
    )  # fmt: skip


@functools.lru_cache(maxsize=1 << 16)
def _is_game_word(word: str) -> bool:
    """Whether the word shows that its sentence is about a game (see :data:`_GAME_WORD`)."""
    return _GAME_WORD.fullmatch(word.lower()) is not None


#: The kinds of organisation name, in the order they are tried.
_RULES: tuple[Rule, ...] = (
    _from_gazetteer, _from_prefix, _from_place_head, _from_ending, _from_suffix, _from_adjective, _from_seat,
)  # fmt: skip
#: The kinds of name that end in a cue word: ``Ystads kommun``, ``Volvo AB``.
_CUE_RULES: frozenset[Rule] = frozenset({_from_place_head, _from_ending})


@functools.lru_cache(maxsize=8)
def organisation_mentions(text: str) -> tuple[tuple[str, int, int], ...]:
    """Every organisation mention in ``text``, in order: canonical name, start and end (cached)."""
    tokens = tokenize(text)
    candidates, near_cue, teams = _candidates(text, tokens)
    found: list[tuple[str, int, int]] = []
    after = 0  # the first token after the last name found
    for i in candidates:
        if i < after:
            continue
        match = _organisation_at(text, tokens, i, i in near_cue)
        if match is None and i in teams:
            match = _from_team(text, tokens, i)
        if match is not None:
            last, name = match
            end = tokens.ends[last]
            digits = NAME_DIGITS.match(text, end) if name[-1].isdigit() else None  # found by _digits_follow
            found.append((name, tokens.starts[i], digits.end() if digits else end))
            after = last + 1
    return tuple(found)


def extract_organisations(text: str) -> list[Organisation]:
    """The organisations named in ``text``, in order of first mention, each with every mention's span."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for name, start, end in organisation_mentions(text):
        spans.setdefault(name, []).append((start, end))
    return [Organisation(name, tuple(found)) for name, found in spans.items()]
