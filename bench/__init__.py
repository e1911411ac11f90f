"""Benchmarks: measured against a baseline in the same run, reported in docs/performance.md."""
