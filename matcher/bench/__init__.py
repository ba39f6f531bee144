"""Benchmarks: run from the repository with `matcher bench ...`; each prints `name: value unit` lines."""


def figure(name: str, value: float | str, unit: str = "") -> None:
    """Print one figure as ``name: value unit``."""
    shown = f"{value:.1f}" if isinstance(value, float) else value
    print(f"{name}: {shown} {unit}".rstrip(), flush=True)
