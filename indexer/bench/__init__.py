"""Benchmarks: a synthetic corpus generator, the benchmark run and a plain-Whoosh baseline.

Run ``python -m indexer.bench generate`` or ``python -m indexer.bench run``.
"""
