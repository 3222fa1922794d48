"""Benchmarks: a synthetic corpus generator, the benchmark run and a plain-Whoosh baseline.

Run ``python -m benchmarks.speed generate`` or ``python -m benchmarks.speed run``.
"""
