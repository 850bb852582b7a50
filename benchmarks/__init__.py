"""Benchmarks: a synthetic corpus generator and `make bench` (see benchmarks/RESULTS.md)."""
