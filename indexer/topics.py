"""Topics of a press release, from a curated taxonomy of Swedish signal words.

The taxonomy (``index_data/topics.toml``) names each topic by the label users
see as a facet and lists its signal words. Signal words are analysed like the
index, so inflected forms match (``kris`` finds ``kriser``); ``ord*`` matches
every word that starts so (``klimat*``: ``klimatmålen``), ``*ord`` compounds that
end with the word in any form (``*måltid``: ``skolmåltiderna``), and several
words match as a phrase. A topic is given to a release only when its
score passes a threshold, so one passing mention is not enough.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analysis import TOKEN_PATTERN, stem, swedish_analyzer

#: The score a topic needs unless the file says otherwise.
DEFAULT_THRESHOLD = 3.0
#: How many times a hit in the title counts unless the file says otherwise.
DEFAULT_TITLE_WEIGHT = 2.0
#: The fewest letters a wildcard word (``ord*``, ``*ord``) may have.
MIN_WILDCARD_LETTERS = 3


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message names the file, the topic and the fix."""


@dataclass(frozen=True)
class _Term:
    """An analysed term: its stem, its word as written (lower-cased) and where that stands."""

    stem: str
    word: str
    start: int
    end: int


def _terms(text: str) -> list[_Term]:
    tokens = swedish_analyzer()(text, chars=True)
    return [_Term(t.text, text[t.startchar : t.endchar].lower(), t.startchar, t.endchar) for t in tokens]


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
                patterns.extend(term.stem for term in _terms(piece))
                continue
            parts, prefix = TOKEN_PATTERN.findall(piece), piece.endswith("*")
            if (
                "*" in piece.strip("*")
                or piece.startswith("*") == prefix
                or not parts
                or (len(parts[-1 if prefix else 0]) < MIN_WILDCARD_LETTERS)
            ):
                raise ValueError(
                    f"{word!r}: skriv * bara först eller sist, i ett ord med minst tre bokstäver"
                )
            if prefix:  # "e-faktur*": "e" as a stem, then "faktur" as the start of a word
                patterns.extend(term.stem for term in _terms(" ".join(parts[:-1])))
                patterns.append(parts[-1] + "*")
            else:  # "*måltid": the end of a stem
                patterns.append("*" + stem(parts[0]))
                patterns.extend(term.stem for term in _terms(" ".join(parts[1:])))
        if not patterns:
            raise ValueError(f"{word!r} ger inga sökord (bara stoppord?); välj ett annat ord")
        return cls(word, weight, tuple(patterns))

    def hits(self, text: str, terms: Sequence[_Term], at: int) -> str | None:
        """The signal as written in ``text`` if it occurs at term ``at``, else None."""
        end = at + len(self.patterns)
        if end > len(terms) or not all(
            _fits(p, t) for p, t in zip(self.patterns, terms[at:end], strict=True)
        ):
            return None
        return text[terms[at].start : terms[end - 1].end].lower()


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
        when the text repeats the title).
        """
        found: dict[tuple[int, int], tuple[list[str], list[str]]] = {}
        for part, source in enumerate((title, text)):
            terms = _terms(source)
            for at, term in enumerate(terms):
                counted: set[int] = set()  # a word counts once per topic, whichever signals fit it
                for topic, signal in self._candidates(term):
                    if topic in counted:
                        continue
                    hit = self.topics[topic].signals[signal].hits(source, terms, at)
                    if hit is not None:
                        counted.add(topic)
                        found.setdefault((topic, signal), ([], []))[part].append(hit)
        matches = []
        for t, topic in enumerate(self.topics):
            score, triggers = 0.0, []
            for s, signal in enumerate(topic.signals):
                in_title, in_text = found.get((t, s), ((), ()))
                score += signal.weight * math.log2(1 + self.title_weight * len(in_title) + len(in_text))
                triggers.extend(in_title)
                triggers.extend(in_text)
            if score >= topic.threshold:
                matches.append(TopicMatch(topic.label, round(score, 2), tuple(dict.fromkeys(triggers))))
        return sorted(matches, key=lambda match: -match.score)

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

    def _candidates(self, term: _Term) -> list[tuple[int, int]]:
        """The signals whose first pattern fits ``term``, found by lookup, not by scanning."""
        prefixes, suffixes = self._wildcard_lengths
        keys = [term.stem]
        keys += [term.word[:n] + "*" for n in prefixes if n <= len(term.word)]
        keys += ["*" + term.stem[-n:] for n in suffixes if n <= len(term.stem)]
        return [hit for key in keys for hit in self._first_patterns.get(key, ())]


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
        raise TaxonomyError(
            f'{where}: words måste vara en lista med ord, till exempel words = ["klimat", "miljö*"]'
        )
    weights = entry.get("weights", {})
    if not isinstance(weights, dict):
        raise TaxonomyError(
            f'{where}: weights måste vara en tabell, till exempel weights = {{ "klimatmål" = 2 }}'
        )
    weighted = {word: 1.0 for word in words}
    for word, weight in weights.items():
        if not _is_positive(weight):
            raise TaxonomyError(
                f'{where}: vikten för {word!r} måste vara ett positivt tal, till exempel "{word}" = 2'
            )
        weighted[word] = float(weight)
    try:
        signals = tuple(Signal.parse(word, weight) for word, weight in weighted.items())
    except ValueError as error:
        raise TaxonomyError(f"{where}: {error}") from error
    return Topic(label.strip(), signals, _number(entry, "threshold", threshold, where))
