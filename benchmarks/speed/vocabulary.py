"""What the corpus generator writes with: word pools, real Swedish sentences, topic words.

Pools and templates ship in ``benchmarks/speed/data``. Real sentences come from the
Swedish NER corpus (``../shared/ner/swedish-ner-train.txt``, CC-BY-4.0) when it is
present; it is read at generation time, never copied. Without it, filler sentences
are drawn from the hunspell-sv word list with Zipf weights, stop words first.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
import re
from collections.abc import Iterator, Sequence
from importlib.resources import files
from pathlib import Path

from benchmarks import SHARED
from indexer.enrich.topics import Taxonomy
from indexer.language.hunspell import dictionary_path
from indexer.language.words import STOP_WORDS

#: The NER corpus, beside the repository, when it is there.
NER_CORPUS = SHARED / "ner" / "swedish-ner-train.txt"
#: Candidates kept per topic signal pattern (``klimat*``, ``*måltid``).
FORMS_PER_SIGNAL = 40

_NO_SPACE_BEFORE = re.compile(r" ([.,:;!?)%])")
_NO_SPACE_AFTER = re.compile(r"([(]) ")
_DICTIONARY_WORD = re.compile(r"^[a-zåäöé]{2,}$")


def data_lines(name: str) -> list[str]:
    """The lines of ``data/NAME.txt`` as written, without comments and blank lines."""
    text = files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def pool(name: str) -> list[str]:
    """The stripped lines of ``data/NAME.txt``: a pool of names or templates."""
    return [line.strip() for line in data_lines(name)]


def ner_sentences(path: Path, names: list[str], rng: random.Random) -> list[str]:
    """Sentences of the NER corpus as text, each person's name replaced by one from ``names``.

    Sentences with quotation marks, too short or too long, or not shaped like a
    sentence are left out, so that every one reads well inside a paragraph.
    """
    found = []
    for tokens in _ner_token_runs(path):
        if not 6 <= len(tokens) <= 40 or any('"' in word for word, _ in tokens):
            continue
        words = _replace_persons(tokens, names, rng)
        text = _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", " ".join(words)))
        if text[0].isupper() and text[-1] in ".!?":
            found.append(text)
    return found


def _ner_token_runs(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Each sentence of the corpus as ``(token, tag)`` pairs; soft hyphens removed."""
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.replace("\u00ad", "").split()
        if len(parts) >= 2:
            sentence.append((parts[0], parts[-1]))
        elif sentence:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def _replace_persons(tokens: list[tuple[str, str]], names: list[str], rng: random.Random) -> list[str]:
    """The words of a sentence with every run of person tokens replaced by a synthetic name."""
    words: list[str] = []
    for i, (word, tag) in enumerate(tokens):
        if tag != "PER":
            words.append(word)
        elif i == 0 or tokens[i - 1][1] != "PER":
            words.append(rng.choice(names))
    return words


@functools.cache
def dictionary_words() -> tuple[str, ...]:
    """The lower-case words of the hunspell-sv dictionary (base forms), sorted."""
    lines = dictionary_path().with_suffix(".dic").read_text(encoding="utf-8").splitlines()[1:]
    words = {line.split("/", 1)[0] for line in lines}
    return tuple(sorted(word for word in words if _DICTIONARY_WORD.match(word)))


class ZipfWords:
    """Words drawn with Zipf weights (1/rank): the stop words first, then the dictionary shuffled."""

    def __init__(self, rng: random.Random) -> None:
        rest = [word for word in dictionary_words() if word not in STOP_WORDS]
        rng.shuffle(rest)
        self.words = sorted(STOP_WORDS) + rest
        self._cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(self.words) + 1)))

    def sentence(self, rng: random.Random, length: int) -> str:
        """A sentence of ``length`` words, capitalised and ending with a full stop."""
        words = rng.choices(self.words, cum_weights=self._cumulative, k=length)
        return " ".join(words).capitalize() + "."


class TopicWords:
    """Real words that the signal patterns of each topic match, to write a topic into a text."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        words = dictionary_words()
        endings = sorted(word[::-1] for word in words)
        self.labels = taxonomy.labels
        self._signals = {
            topic.label: [[_matches(part, words, endings) for part in word.split()] for word in topic.words]
            for topic in taxonomy.topics
        }

    def draw(self, label: str, rng: random.Random) -> str:
        """A word (or phrase) that signals the topic ``label``."""
        return " ".join(rng.choice(part) for part in rng.choice(self._signals[label]))


def _matches(pattern: str, words: tuple[str, ...], endings: list[str]) -> list[str]:
    """Dictionary words that fit a signal pattern (``klimat*``, ``*måltid``); itself if none do."""
    stem = pattern.strip("*")
    if pattern.startswith("*"):
        found = [word[::-1] for word in _with_prefix(endings, stem[::-1])]
    elif pattern.endswith("*"):
        found = _with_prefix(words, stem)
    else:
        found = []
    return found or [stem]


def _with_prefix(words: Sequence[str], prefix: str) -> list[str]:
    """Up to :data:`FORMS_PER_SIGNAL` of the sorted ``words`` that start with ``prefix``, spread evenly."""
    low = bisect.bisect_left(words, prefix)
    high = bisect.bisect_left(words, prefix + "\uffff")
    step = max(1, (high - low) // FORMS_PER_SIGNAL)
    return list(words[low:high:step][:FORMS_PER_SIGNAL])
