"""The memory-mapped store of compound forms splits every word as the sets it was made from."""

from __future__ import annotations

import mmap
import random
from collections.abc import Iterator
from pathlib import Path

import marisa_trie
import pytest

from benchmarks.compounds import load_judged
from indexer.language import compounds, tries
from indexer.language.compounds import (
    DOM_FORMS,
    MAX_PARTS,
    MIN_PART,
    UNSEEN,
    CompoundForms,
    cache_path,
    load_forms,
    table_path,
    trie_path,
)  # fmt: skip

#: How many made-up compounds of two, three and four forms are compared.
SAMPLE = 20_000


@pytest.fixture(scope="module")
def forms() -> Iterator[CompoundForms]:
    """The forms as sets, from the session's cache, and the store made from it mapped afresh."""
    compounds._store.cache_clear()
    compounds._parts.cache_clear()
    yield load_forms(cache_path())
    compounds._store.cache_clear()
    compounds._parts.cache_clear()


def reference_split(word: str, forms: CompoundForms) -> tuple[int, ...] | None:
    """The splitter as it was over the sets: fewest parts, commonest parts, longest last part."""

    def evidence(start: int, bounds: tuple[int, ...]) -> float:
        cuts = (start, *bounds, len(word))
        return sum(forms.frequency.get(word[a:b], UNSEEN) for a, b in zip(cuts, cuts[1:]))

    def better(start: int, candidate: tuple[int, ...], incumbent: tuple[int, ...]) -> bool:
        if len(candidate) != len(incumbent):
            return len(candidate) < len(incumbent)
        difference = evidence(start, candidate) - evidence(start, incumbent)
        if difference:
            return difference > 0
        return candidate[-1] < incumbent[-1]

    def search(start: int, heads: frozenset[str], budget: int) -> tuple[int, ...] | None:
        best: tuple[int, ...] | None = None
        if budget < 2:
            return best
        for end in range(start + MIN_PART, len(word) - MIN_PART + 1):
            if word[start:end] not in heads or (word[end - 1] != "s" and word[end:] in DOM_FORMS):
                continue
            rest = () if word[end:] in forms.last else search(end, forms.middle, budget - 1)
            if rest is not None and (best is None or better(start, (end, *rest), best)):
                best = (end, *rest)
        return best

    return search(0, forms.first, MAX_PARTS)


def made_up_compounds(forms: CompoundForms, count: int) -> list[str]:
    """Words of two to four forms as the roles allow (and some that they do not), for splitting."""
    pick = random.Random(18)
    first, middle, last = (sorted(role) for role in (forms.first, forms.middle, forms.last))
    words = []
    for _ in range(count):
        inner = [pick.choice(middle) for _ in range(pick.randrange(3))]
        words.append("".join([pick.choice(first), *inner, pick.choice(last if pick.random() < 0.9 else first)]))
    return words


def test_store_splits_every_form_as_the_sets(forms: CompoundForms) -> None:
    every = sorted(forms.first | forms.middle | forms.last)
    differing = [word for word in every if compounds._best_split(word) != reference_split(word, forms)]
    assert not differing, differing[:20]
    assert sum(compounds._best_split(word) is not None for word in every) > 10_000  # forms that are compounds


def test_store_splits_made_up_compounds_as_the_sets(forms: CompoundForms) -> None:
    words = made_up_compounds(forms, SAMPLE)
    differing = [word for word in words if compounds._best_split(word) != reference_split(word, forms)]
    assert not differing, differing[:20]
    assert sum(len(compounds._best_split(word) or ()) >= 2 for word in words) > SAMPLE // 4  # three parts or more


def test_store_splits_the_judged_words_as_the_sets(forms: CompoundForms) -> None:
    words = [word for word, _ in load_judged()]
    assert [compounds._best_split(word) for word in words] == [reference_split(word, forms) for word in words]


def test_store_lies_beside_the_cache_and_is_memory_mapped(forms: CompoundForms) -> None:
    store = compounds._store()
    assert trie_path().parent == table_path().parent == cache_path().parent
    assert trie_path().is_file() and table_path().is_file()
    assert len(store.trie) == len(forms.first | forms.middle | forms.last)
    assert isinstance(store.roles.obj, mmap.mmap) and isinstance(store.frequency.obj, mmap.mmap)  # not copies
    reopened = marisa_trie.Trie()
    reopened.mmap(str(trie_path()))
    assert reopened.keys() == store.trie.keys()


def test_damaged_table_is_made_again(forms: CompoundForms) -> None:
    table_path().write_bytes(b"not a table")
    compounds._store.cache_clear()
    compounds._parts.cache_clear()
    assert compounds.decompound("måltidsenhet") == ["måltids", "enhet"]
    assert table_path().stat().st_size == 16 + 9 * len(forms.first | forms.middle | forms.last)


def test_unwritable_table_is_kept_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    table = tries.mapped_table(blocker / "table", lambda view: False, lambda: b"made")
    assert bytes(table) == b"made"
