"""Locust users for ``python -m benchmarks.speed load``: people searching and refining, and
programs fetching the most expensive addresses (downloads, feeds, the biggest value pages).

Run by :mod:`benchmarks.speed.load` as ``locust -f`` this file; the query set comes as
JSON in the file named by ``PRESSARKIV_LOAD_QUERIES`` (a list of parameter lists), the
expensive paths in ``PRESSARKIV_LOAD_HEAVY`` (a list of paths, with how many such users
in ``PRESSARKIV_LOAD_HEAVY_USERS``), and every response's time and status is written to
``PRESSARKIV_LOAD_TIMES`` when the run ends, so that the searches' latencies can be told
apart from the downloads'.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import FastHttpUser, between, events, task

QUERIES: list[list[list[str]]] = json.loads(open(os.environ["PRESSARKIV_LOAD_QUERIES"], encoding="utf-8").read())
HEAVY: list[str] = json.loads(open(os.environ["PRESSARKIV_LOAD_HEAVY"], encoding="utf-8").read())
#: Every response: its request's name, milliseconds and status (0: no answer).
TIMES: list[tuple[str, float, int]] = []


class Searcher(FastHttpUser):
    """A person searching: a query, then a refinement of what it found; now and then the HTML page."""

    wait_time = between(0, 0.05)

    @task(6)
    def search_and_refine(self) -> None:
        params = [tuple(pair) for pair in random.choice(QUERIES)]
        with self.client.get("/api/search", params=params, name="search", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")
                return
            facets = answer.json()["facets"]
        self.client.get("/api/search", params=refinement(params, facets), name="refine")

    @task(1)
    def html_page(self) -> None:
        self.client.get("/", params=[tuple(pair) for pair in random.choice(QUERIES)], name="page")


class Downloader(FastHttpUser):
    """A program fetching the expensive addresses one after another; a refusal (503) is no failure."""

    fixed_count = int(os.environ.get("PRESSARKIV_LOAD_HEAVY_USERS", "0"))
    wait_time = between(0, 0.05)

    @task
    def fetch(self) -> None:
        with self.client.get(random.choice(HEAVY), name="heavy", catch_response=True) as answer:
            if answer.status_code in (200, 503):
                answer.success()
            else:
                answer.failure(f"status {answer.status_code}")


def refinement(params: list[tuple[str, str]], facets: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    """A next step after a search: tick an offered facet value, turn the page, or sort by date."""
    offered = [(group, value["value"]) for group, values in facets.items() for value in values[:5]]
    step = random.random()
    if offered and step < 0.6:
        return [*params, random.choice(offered)]
    if step < 0.8:
        return [*params, ("page", "2")]
    return [*params, ("sort", "newest")]


@events.request.add_listener
def _record(name: str, response_time: float, response: Any = None, **kwargs: Any) -> None:
    TIMES.append((name, response_time, getattr(response, "status_code", 0) or 0))


@events.quitting.add_listener
def _write_times(**kwargs: Any) -> None:
    with open(os.environ["PRESSARKIV_LOAD_TIMES"], "w", encoding="utf-8") as out:
        json.dump(TIMES, out)
