"""A deterministic synthetic corpus in the JSON Lines input format, for benchmarks.

Every record is labelled synthetic: its ``kind`` ends in ``[Syntetiskt]``, its id
starts with ``syntetisk-`` and its address is under ``syntetisk.example``. The
people are made up from common Swedish first names and surnames. Records leave out
``persons`` and ``topics``, so that a rebuild runs the full analysis on them; the
values the generator planted are in :attr:`Synthetic.persons` and ``.topics``.

Each record is drawn from its own random stream (seed and number), so the same
seed gives byte-identical output and a smaller corpus is a prefix of a larger one.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from benchmarks.speed.vocabulary import NER_CORPUS, TopicWords, ZipfWords, ner_sentences, pool
from indexer.config import DEFAULT_TOPICS
from indexer.enrich.topics import Taxonomy

#: How many synthetic people the releases quote.
PEOPLE = 300
FIRST_DAY = dt.date(2014, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)
BODY_WORDS = (200, 600)
SYNTHETIC = "[Syntetiskt]"
URL = "https://syntetisk.example/pressmeddelanden/"
#: Telephone numbers that PTS reserves for use in fiction (031-390 06 00 to 99).
PHONE = "031-390 06 {:02d}"


@dataclass(frozen=True)
class Person:
    """A synthetic person, with the role and organisation that quotes give them."""

    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class Synthetic:
    """One generated release: the JSON record, and the persons and topics planted in it."""

    record: dict[str, Any]
    persons: tuple[str, ...]
    topics: tuple[str, ...]

    def line(self) -> str:
        """The record as one line of JSON Lines."""
        return json.dumps(self.record, ensure_ascii=False) + "\n"


class Generator:
    """Synthetic releases for one seed; ``sentences`` is the NER corpus (None: word-list filler)."""

    def __init__(
        self,
        seed: int,
        sentences: Path | None = NER_CORPUS,
        topics_file: Path = DEFAULT_TOPICS,
    ) -> None:
        rng = random.Random(seed)
        self.seed = seed
        names = [f"{first} {last}" for first in pool("first_names") for last in pool("surnames")]
        roles, self.organisations = pool("roles"), pool("organisations")
        self.people = [
            Person(name, rng.choice(roles), rng.choice(self.organisations)) for name in rng.sample(names, PEOPLE)
        ]
        pooled = [person.name for person in self.people]
        self.real = ner_sentences(sentences, pooled, rng) if sentences and sentences.is_file() else []
        self.filler = None if self.real else ZipfWords(rng)
        self.topic_words = TopicWords(Taxonomy.load(topics_file))
        self.kinds, self.titles = pool("kinds"), pool("titles")
        self.sentences, self.claims = pool("sentences"), pool("claims")

    @property
    def source(self) -> str:
        """Where the ordinary sentences come from, for reports."""
        return "ner-corpus" if self.real else "hunspell-zipf"

    def releases(self, count: int) -> Iterator[Synthetic]:
        """The first ``count`` releases of this seed."""
        for number in range(count):
            yield self.release(number)

    def release(self, number: int) -> Synthetic:
        """Release ``number`` of this seed."""
        rng = random.Random(f"{self.seed}:{number}")
        day = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        topics = _distinct(rng, self.topic_words.labels, _zipf(len(self.topic_words.labels)), rng.randint(1, 3))
        persons = _distinct(rng, self.people, _zipf(PEOPLE), rng.randint(1, 4))
        fill = _Slots(self, rng, topics, day.year)
        release_id = f"syntetisk-{number:06d}"
        record: dict[str, Any] = {
            "id": release_id,
            "title": _capitalised(fill(rng.choice(self.titles))),
            "published": day.isoformat(),
            "kind": f"{rng.choice(self.kinds)} {SYNTHETIC}",
            "lead": fill(rng.choice(self.sentences)),
            "body": self._body(rng, fill, persons),
            "url": URL + release_id,
        }
        if rng.random() < 0.6:
            first = persons[0]
            record["contacts"] = [{"name": first.name, "title": first.role, "phone": PHONE.format(rng.randrange(100))}]
        return Synthetic(record, tuple(p.name for p in persons), tuple(topics))

    def _body(self, rng: random.Random, fill: _Slots, persons: list[Person]) -> str:
        """Paragraphs of real and procurement sentences around one quote per person."""
        quotes = [f"– {fill(rng.choice(self.claims))}, säger {p.name}, {p.role} på {p.organisation}." for p in persons]
        target = rng.randint(*BODY_WORDS)
        words = sum(len(quote.split()) for quote in quotes)
        paragraphs: list[str] = []
        while words < target:
            paragraph = " ".join(self._sentence(rng, fill) for _ in range(rng.randint(2, 4)))
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        for quote in quotes:
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), quote)
        return "\n\n".join(paragraphs)

    def _sentence(self, rng: random.Random, fill: _Slots) -> str:
        """About half procurement sentences, half ordinary Swedish ones."""
        if rng.random() < 0.45:
            return fill(rng.choice(self.sentences))
        if self.filler is not None:
            return self.filler.sentence(rng, rng.randint(8, 18))
        return rng.choice(self.real)


class _Slots:
    """Fills a template's slots, drawing each value when the template asks for it."""

    def __init__(self, generator: Generator, rng: random.Random, topics: list[str], year: int) -> None:
        self._generator, self._rng, self._topics, self._year = generator, rng, topics, year
        self._mentions = 0

    def __call__(self, template: str) -> str:
        return template.format_map(self)

    def __getitem__(self, slot: str) -> str:
        rng = self._rng
        if slot == "topic":
            self._mentions += 1
            label = self._topics[self._mentions % len(self._topics)]
            return self._generator.topic_words.draw(label, rng)
        if slot in ("org", "org2"):
            return rng.choice(self._generator.organisations)
        if slot == "year":
            return str(self._year - rng.randint(0, 1))
        if slot == "number":
            return str(rng.randint(3, 250))
        if slot == "percent":
            return str(rng.randint(5, 60))
        raise KeyError(slot)


@functools.cache
def _zipf(count: int) -> tuple[float, ...]:
    """Cumulative Zipf weights (exponent 0.9) for ``count`` items: the first is the most common."""
    return tuple(itertools.accumulate(1 / rank**0.9 for rank in range(1, count + 1)))


def _distinct(rng: random.Random, items: list, cumulative: tuple[float, ...], count: int) -> list:
    """``count`` different items, drawn with the ``cumulative`` weights."""
    chosen: list = []
    while len(chosen) < count:
        item = rng.choices(items, cum_weights=cumulative)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def write(releases: Iterable[Synthetic], out: TextIO) -> None:
    """Write releases as JSON Lines."""
    for release in releases:
        out.write(release.line())


def generate_file(path: Path, count: int, seed: int, sentences: Path | None = NER_CORPUS) -> Generator:
    """Write ``count`` releases of ``seed`` to ``path`` (its folder made if missing); the generator."""
    generator = Generator(seed, sentences)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        write(generator.releases(count), out)
    return generator
