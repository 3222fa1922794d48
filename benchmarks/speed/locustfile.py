"""Locust users for ``python -m benchmarks.speed load``: people searching and refining.

Run by :mod:`benchmarks.speed.load` as ``locust -f`` this file; the query set comes as
JSON in the file named by ``PRESSARKIV_LOAD_QUERIES`` (a list of parameter lists).
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import FastHttpUser, between, task

QUERIES: list[list[list[str]]] = json.loads(open(os.environ["PRESSARKIV_LOAD_QUERIES"], encoding="utf-8").read())


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


def refinement(params: list[tuple[str, str]], facets: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    """A next step after a search: tick an offered facet value, turn the page, or sort by date."""
    offered = [(group, value["value"]) for group, values in facets.items() for value in values[:5]]
    step = random.random()
    if offered and step < 0.6:
        return [*params, random.choice(offered)]
    if step < 0.8:
        return [*params, ("page", "2")]
    return [*params, ("sort", "newest")]
