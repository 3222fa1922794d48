"""Pressarkiv's measuring tools: speed, memory, relevance and extraction quality.

Run from a checkout (``python -m benchmarks.speed``, ``python -m benchmarks.relevance``, …);
never installed with the package. They may read ``tests/`` and ``../shared/``.
"""
