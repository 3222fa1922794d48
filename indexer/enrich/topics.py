"""Topics of a press release, from a curated taxonomy of Swedish signal words.

The taxonomy (``indexer/data/topics.toml``, or a site's own ``index_data/topics.toml``)
names each topic by the label users see as a facet and lists its signal words. Text and signal words are split and
stemmed like the index, stop words kept, and a compound also stands for the parts
``indexer.language.compounds`` finds in it (at its own position, so phrases stay intact):
``kris`` finds ``kriser`` and ``energikrisen``, ``klimat`` finds ``klimatkrav``.
``ord*`` matches every whole word that starts so (``klimat*``: ``klimatmålen``),
``*ord`` every word whose stem ends so, and several words match as a phrase of
whole words in a row (``följa upp``: ``följer upp``, not ``följer``). A compound
job title (``hållbarhetsexpert``) is never a one-word signal. A topic is given to
a release only when its score passes a threshold, so one passing mention is not
enough.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from indexer.enrich.names import ROLE_SUFFIXES, is_role_word
from indexer.errors import TaxonomyError
from indexer.language.compounds import decompound
from indexer.language.snowball import stem
from indexer.language.words import STOP_WORDS, TOKEN_PATTERN, tokens_and_gaps

#: The score a topic needs unless the file says otherwise.
DEFAULT_THRESHOLD = 3.0
#: How many times a hit in the title counts unless the file says otherwise.
DEFAULT_TITLE_WEIGHT = 2.0
#: The fewest letters a wildcard word (``ord*``, ``*ord``) may have.
MIN_WILDCARD_LETTERS = 3
#: The fewest letters the Swedish Snowball stemmer leaves of a word that has as many.
STEM_KEEPS = 3
#: The most words whose match plans a taxonomy keeps; the memo starts over when full.
MAX_PLANS = 1 << 18


class _Term(NamedTuple):
    """A word or compound part: its stem and its letters as written, lower-cased."""

    stem: str
    word: str


class _Word(NamedTuple):
    """A lower-case word as the matcher sees it: the whole word first, then its compound parts."""

    terms: tuple[_Term, ...]
    title: bool


class _Candidate(NamedTuple):
    """A signal that may start at a word: its topic and index, its weight, and its phrase patterns.

    ``phrase`` is None for a one-word signal, which is only a candidate when it fits the word.
    """

    topic: int
    signal: int
    weight: float
    phrase: tuple[str, ...] | None


class _Plan(NamedTuple):
    """What the matcher does at a word: the hits known from the word alone (each signal with the word
    lower-cased), or the candidates to check."""

    hits: tuple[tuple[tuple[int, int], str], ...] | None
    candidates: tuple[_Candidate, ...]
    #: The most words of a phrase among the candidates.
    span: int = 1


#: What a candidate's hit is: the word as written, or (at a word that may start a phrase) how many words.
Hit = TypeVar("Hit")
#: The signals found at a word that may start a phrase, each with its number of words.
_Lengths = tuple[tuple[tuple[int, int], int], ...]

#: The plan of a word that no signal fits.
_NOTHING = _Plan((), ())


def _stems(text: str) -> list[str]:
    """The stems of the words of ``text``, stop words kept, compounds whole."""
    return [stem(word.lower()) for word in TOKEN_PATTERN.findall(text)]


@functools.lru_cache(maxsize=1 << 16)
def _word(word: str) -> _Word:
    """A lower-case word with its stem, its compound parts and whether it is a job title."""
    parts = decompound(word) if word.isalpha() else []
    terms = tuple(_Term(stem(each), each) for each in ((word, *parts) if len(parts) > 1 else (word,)))
    return _Word(terms, len(terms) > 1 and _is_title(terms[0]))


def _is_title(term: _Term) -> bool:
    """Whether a word is a compound job title, also in the plural: ``analyschef``, ``innovationsexperter``.

    A role word alone (``råd``, ``experter``) is not: no topic word stands before it.
    """
    return term.stem not in ROLE_SUFFIXES and (is_role_word(term.word) or is_role_word(term.stem))


def _is_stem(pattern: str) -> bool:
    """Whether a pattern is a plain stem, not a wildcard."""
    return "*" not in pattern


def _fits(pattern: str, term: _Term) -> bool:
    """Whether a term fits a pattern: ``klimat*`` (word prefix), ``*måltid`` (stem suffix) or a stem."""
    if pattern.endswith("*"):
        return term.word.startswith(pattern[:-1])
    if pattern.startswith("*"):
        return term.stem.endswith(pattern[1:])
    return term.stem == pattern


@dataclass(frozen=True)
class Signal:
    """A signal word or phrase of a topic, with its weight and its term patterns."""

    word: str
    weight: float
    patterns: tuple[str, ...]

    @classmethod
    def parse(cls, word: str, weight: float) -> Signal:
        """Analyse a signal word; raises ValueError saying why it can never match.

        A plain word is split and stemmed like the index (``e-handel`` is two
        terms); ``ord*`` is compared as written with the start of a word, ``*ord``
        is stemmed and compared with the end of a stem.
        """
        patterns: list[str] = []
        for piece in word.lower().split():
            if "*" not in piece:
                patterns.extend(_stems(piece))
                continue
            parts, prefix = TOKEN_PATTERN.findall(piece), piece.endswith("*")
            if (
                "*" in piece.strip("*")
                or piece.startswith("*") == prefix
                or not parts
                or (len(parts[-1 if prefix else 0]) < MIN_WILDCARD_LETTERS)
            ):
                raise ValueError(f"{word!r}: skriv * bara först eller sist, i ett ord med minst tre bokstäver")
            if prefix:  # "e-faktur*": "e" as a stem, then "faktur" as the start of a word
                patterns.extend(_stems(" ".join(parts[:-1])))
                patterns.append(parts[-1] + "*")
            else:  # "*måltid": the end of a stem
                patterns.append("*" + stem(parts[0]))
                patterns.extend(_stems(" ".join(parts[1:])))
        if set(TOKEN_PATTERN.findall(word.lower())) <= STOP_WORDS:
            raise ValueError(f"{word!r} ger inga sökord (bara stoppord?); välj ett annat ord")
        return cls(word, weight, tuple(patterns))

    def fits(self, word: _Word) -> bool:
        """Whether this one-word signal fits ``word``.

        A plain word may match a compound part (``kris`` in ``energikrisen``), a
        wildcard only a whole word; a job title matches no single word.
        """
        pattern = self.patterns[0]
        terms = () if word.title else word.terms if _is_stem(pattern) else word.terms[:1]
        return any(_fits(pattern, term) for term in terms)


def _rest_of_phrase(patterns: tuple[str, ...], following: Sequence[str]) -> bool:
    """Whether the whole words that follow a word fit the patterns of a phrase after its first, one by
    one (the word is known to fit the first)."""
    if len(following) < len(patterns) - 1:
        return False
    for pattern, token in zip(patterns[1:], following):
        if not _fits(pattern, _word(token.lower()).terms[0]):
            return False
    return True


def _heaviest(candidates: Sequence[_Candidate], hit: Callable[[_Candidate], Hit | None]) -> dict[tuple[int, int], Hit]:
    """Per topic the heaviest candidate with a hit (the first on a tie), by (topic, signal)."""
    best: dict[int, tuple[float, int, Hit]] = {}
    for candidate in candidates:
        if candidate.topic in best and best[candidate.topic][0] >= candidate.weight:
            continue
        found = hit(candidate)
        if found is not None:
            best[candidate.topic] = (candidate.weight, candidate.signal, found)
    return {(topic, signal): found for topic, (_, signal, found) in best.items()}


def _phrase_lengths(candidates: Sequence[_Candidate], following: Sequence[str]) -> _Lengths:
    """At a word that may start a phrase: per topic the heaviest candidate found, with its number of words."""

    def length(candidate: _Candidate) -> int | None:
        if candidate.phrase is None:
            return 1
        return len(candidate.phrase) if _rest_of_phrase(candidate.phrase, following) else None

    return tuple(_heaviest(candidates, length).items())


@dataclass(frozen=True)
class Topic:
    """A topic: the label users see, its signal words and the score it needs."""

    label: str
    signals: tuple[Signal, ...]
    threshold: float

    @property
    def words(self) -> tuple[str, ...]:
        """The signal words as the curator wrote them."""
        return tuple(signal.word for signal in self.signals)


@dataclass(frozen=True)
class TopicMatch:
    """A topic found in a release: its label, its score and what triggered it.

    ``triggers`` are surface forms, lower-cased, as they stand in the title or
    the text (``klimatmål``, ``pandemin``), each once, in order of first occurrence.
    """

    label: str
    score: float
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """The curated topics, and the scoring of a release against them."""

    topics: tuple[Topic, ...]
    title_weight: float = DEFAULT_TITLE_WEIGHT

    @property
    def labels(self) -> list[str]:
        """Every topic label, in file order."""
        return [topic.label for topic in self.topics]

    @classmethod
    def load(cls, path: Path) -> Taxonomy:
        """Read a taxonomy file; raises :class:`TaxonomyError` saying what to fix where."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise TaxonomyError(f"{path}: kan inte läsas ({error.strerror or error})") from error
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise TaxonomyError(f"{path}: inte giltig TOML ({error}); rätta syntaxen") from error
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "<taxonomi>") -> Taxonomy:
        """Build a taxonomy from parsed TOML; ``source`` names the file in error messages."""
        _known_fields(data, ("threshold", "title_weight", "topic"), source)
        threshold = _number(data, "threshold", DEFAULT_THRESHOLD, source)
        title_weight = _number(data, "title_weight", DEFAULT_TITLE_WEIGHT, source)
        entries = data.get("topic")
        if not isinstance(entries, list) or not entries:
            raise TaxonomyError(f"{source}: inga ämnen; lägg till minst ett [[topic]] med label och words")
        topics = [_topic(entry, n, threshold, source) for n, entry in enumerate(entries, 1)]
        seen: set[str] = set()
        for topic in topics:
            if topic.label in seen:
                raise TaxonomyError(f"{source}: ämnet {topic.label!r} finns två gånger; slå ihop dem")
            seen.add(topic.label)
        return cls(tuple(topics), title_weight)

    def match(self, title: str, text: str) -> list[TopicMatch]:
        """The topics of a release whose score reaches their threshold, best first.

        A signal found ``n`` times scores ``weight * log2(1 + n)``, and a hit in
        the title counts ``title_weight`` times (on top of the hit in the text,
        when the text repeats the title). A word counts once per topic, for the
        heaviest signal that fits it. Only the topics with a hit are scored.
        """
        found: dict[tuple[int, int], tuple[list[str], list[str]]] = {}
        for part, source in enumerate((title, text)):
            for key, hit in self._hits(source):
                if (hits := found.get(key)) is None:
                    hits = found[key] = ([], [])
                hits[part].append(hit)
        signals_found: dict[int, list[int]] = {}
        for t, s in sorted(found):
            signals_found.setdefault(t, []).append(s)
        matches = []
        for t, signals in signals_found.items():
            topic, score = self.topics[t], 0.0
            for s in signals:
                signal, (in_title, in_text) = topic.signals[s], found[t, s]
                score += signal.weight * math.log2(1 + self.title_weight * len(in_title) + len(in_text))
            if score >= topic.threshold:
                triggers = (hit for s in signals for hits in found[t, s] for hit in hits)
                matches.append(TopicMatch(topic.label, round(score, 2), tuple(dict.fromkeys(triggers))))
        return sorted(matches, key=lambda match: -match.score)

    def _hits(self, text: str) -> list[tuple[tuple[int, int], str]]:
        """Each signal found in ``text`` with its hit as written: at each word, per topic the heaviest.

        Words are looked up as written (most are lower-case already, so no word is lower-cased but
        for a hit); what a word starts is memoised, and so is what a phrase start finds before given words.
        """
        parts = tokens_and_gaps(text)
        tokens = parts[1::2]
        hits: list[tuple[tuple[int, int], str]] = []
        for at, known in enumerate(map(self._plans.get, tokens)):  # a word not planned yet is None
            if known is _NOTHING:
                continue
            token = tokens[at]
            plan = known or self._plan(token)
            if plan is _NOTHING:
                continue
            if plan.hits is not None:
                hits += plan.hits
                continue
            following = tokens[at + 1 : at + plan.span]
            lengths = self._phrases.get((token, following))
            if lengths is None:
                lengths = self._phrases[token, following] = _phrase_lengths(plan.candidates, following)
            for key, length in lengths:
                hits.append((key, "".join(parts[2 * at + 1 : 2 * (at + length)]).lower()))  # words and gaps
        return hits

    def _plan(self, token: str) -> _Plan:
        """The plan for a word as written, memoised: the one-word signals that fit it and the phrases
        whose first pattern fits the whole word; without phrases, the hits themselves.

        A word in which no signal's first pattern stands is not analysed: a Snowball stem is the start
        of its word and keeps at least :data:`STEM_KEEPS` letters, so a pattern can only fit a word
        (or a part of it) that holds it; that is most words of a text.
        """
        word = token.lower()
        candidates = self._fitting(_word(word)) if len(word) < STEM_KEEPS or self._cores.search(word) else []
        if not candidates:
            plan = _NOTHING
        elif any(candidate.phrase for candidate in candidates):
            plan = _Plan(None, tuple(candidates), max(len(candidate.phrase or ()) for candidate in candidates))
        else:
            plan = _Plan(tuple(_heaviest(candidates, lambda candidate: word).items()), ())
        if len(self._plans) + len(self._phrases) >= MAX_PLANS:
            self._plans.clear()
            self._phrases.clear()
        self._plans[token] = plan
        return plan

    def _fitting(self, word: _Word) -> list[_Candidate]:
        """The one-word signals that fit ``word`` and the phrases whose first pattern fits it whole."""
        candidates = []
        for t, s in self._candidates(word):
            signal = self.topics[t].signals[s]
            if len(signal.patterns) > 1:
                if _fits(signal.patterns[0], word.terms[0]):  # a phrase starts with a whole word
                    candidates.append(_Candidate(t, s, signal.weight, signal.patterns))
            elif signal.fits(word):
                candidates.append(_Candidate(t, s, signal.weight, None))
        return candidates

    @functools.cached_property
    def _first_patterns(self) -> dict[str, list[tuple[int, int]]]:
        """(topic, signal) indexes by the pattern of the signal's first term."""
        index: dict[str, list[tuple[int, int]]] = {}
        for t, topic in enumerate(self.topics):
            for s, signal in enumerate(topic.signals):
                index.setdefault(signal.patterns[0], []).append((t, s))
        return index

    @functools.cached_property
    def _wildcard_lengths(self) -> tuple[frozenset[int], frozenset[int]]:
        """The lengths of the prefix patterns and of the suffix patterns."""
        prefixes = {len(p) - 1 for p in self._first_patterns if p.endswith("*")}
        suffixes = {len(p) - 1 for p in self._first_patterns if p.startswith("*")}
        return frozenset(prefixes), frozenset(suffixes)

    @functools.cached_property
    def _cores(self) -> re.Pattern[str]:
        """Finds in a word of at least :data:`STEM_KEEPS` letters the letters of a first pattern that
        could fit it or a part of it: a stem that long, a prefix pattern's, a suffix pattern's."""
        cores = {p.strip("*") for p in self._first_patterns if len(p) >= STEM_KEEPS or p.startswith("*")}
        return re.compile("|".join(map(re.escape, sorted(cores))) or "(?!)")

    @functools.cached_property
    def _prefix_starts(self) -> frozenset[str]:
        """The first letters (as many as a wildcard word has at least) of the prefix patterns."""
        return frozenset(p[:MIN_WILDCARD_LETTERS] for p in self._first_patterns if p.endswith("*"))

    def _candidates(self, word: _Word) -> list[tuple[int, int]]:
        """The signals whose first pattern fits a term of ``word``, found by lookup."""
        keys = [key for n, term in enumerate(word.terms) for key in self._keys(term, whole=n == 0)]
        return list(dict.fromkeys(hit for key in keys for hit in self._first_patterns.get(key, ())))

    def _keys(self, term: _Term, whole: bool) -> list[str]:
        """The patterns that may fit a term: its stem, and for a whole word its wildcard forms."""
        if not whole:
            return [term.stem]
        prefixes, suffixes = self._wildcard_lengths
        keys = [term.stem]
        if term.word[:MIN_WILDCARD_LETTERS] in self._prefix_starts:  # most words start no prefix pattern
            keys += [term.word[:n] + "*" for n in prefixes if n <= len(term.word)]
        keys += ["*" + term.stem[-n:] for n in suffixes if n <= len(term.stem)]
        return keys

    @functools.cached_property
    def _plans(self) -> dict[str, _Plan]:
        """The plans made so far, by word as written: releases repeat their words."""
        return {}

    @functools.cached_property
    def _phrases(self) -> dict[tuple[str, tuple[str, ...]], _Lengths]:
        """At a word that may start a phrase, followed by given words: the signals found, each with its
        number of words; texts repeat their phrases."""
        return {}


def _is_positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def _number(table: dict[str, Any], field: str, default: float, where: str) -> float:
    """A positive number field of ``table``, or ``default`` when it is absent."""
    value = table.get(field, default)
    if not _is_positive(value):
        raise TaxonomyError(f"{where}: {field} måste vara ett positivt tal, som {field} = {default}")
    return float(value)


def _known_fields(table: dict[str, Any], fields: tuple[str, ...], where: str) -> None:
    """Reject a misspelt field rather than silently ignore it."""
    for field in table:
        if field not in fields:
            raise TaxonomyError(f"{where}: okänt fält {field!r}; använd {', '.join(fields)}")


def _topic(entry: Any, n: int, threshold: float, source: str) -> Topic:
    """One ``[[topic]]`` table as a :class:`Topic`, checked field by field."""
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{source}: ämne nr {n} är ingen tabell; skriv det som [[topic]]")
    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        raise TaxonomyError(f'{source}: ämne nr {n} saknar label; lägg till label = "Ämnets namn"')
    where = f"{source}: ämnet {label!r} (nr {n})"
    _known_fields(entry, ("label", "words", "weights", "threshold"), where)
    words = entry.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise TaxonomyError(f'{where}: words måste vara en lista med ord, till exempel words = ["klimat", "miljö*"]')
    weights = entry.get("weights", {})
    if not isinstance(weights, dict):
        raise TaxonomyError(f'{where}: weights måste vara en tabell, till exempel weights = {{ "klimatmål" = 2 }}')
    weighted = {word: 1.0 for word in words}
    for word, weight in weights.items():
        if not _is_positive(weight):
            raise TaxonomyError(f'{where}: vikten för {word!r} måste vara ett positivt tal, till exempel "{word}" = 2')
        weighted[word] = float(weight)
    try:
        signals = tuple(Signal.parse(word, weight) for word, weight in weighted.items())
    except ValueError as error:
        raise TaxonomyError(f"{where}: {error}") from error
    return Topic(label.strip(), signals, _number(entry, "threshold", threshold, where))
