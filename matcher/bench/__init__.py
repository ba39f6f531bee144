"""Benchmarks: run from the repository with `matcher bench ...`; each prints `name: value unit` lines."""
