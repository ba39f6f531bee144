"""Charts as SVG, drawn on the server with matplotlib: no script, no external asset, text kept as text.

Figures are made without pyplot, so that no global state is shared between requests."""

from __future__ import annotations

import io
import re

import matplotlib
from matplotlib.figure import Figure

matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "kohtaanto", "font.size": 10})
COLOURS = ["#1f5a96", "#e07b00", "#2e8540", "#8c2d82"]
_HEADER = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)


def _svg(figure: Figure, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Title": title})
    svg = _METADATA.sub("", _HEADER.sub("", buffer.getvalue()))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_escape(title)}" ', 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def bars(title: str, categories: list[str], series: dict[str, list[float]]) -> str:
    """Horizontal bars, one group per category (read top to bottom)."""
    height = max(1.6, 0.32 * len(categories) * max(1, len(series)) + 0.8)
    figure = Figure(figsize=(7, height))
    axes = figure.subplots()
    width = 0.8 / max(1, len(series))
    for index, (name, values) in enumerate(series.items()):
        positions = [i + index * width for i in range(len(categories))]
        axes.barh(positions, values, height=width, label=name, color=COLOURS[index % len(COLOURS)])
    axes.set_yticks([i + width * (len(series) - 1) / 2 for i in range(len(categories))], categories)
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(frameon=False, loc="lower right")
    return _svg(figure, title)


def lines(title: str, points: list[str], series: dict[str, list[float]]) -> str:
    """One line per series over the weeks."""
    figure = Figure(figsize=(7, 2.8))
    axes = figure.subplots()
    for index, (name, values) in enumerate(series.items()):
        axes.plot(points, values, marker="o", label=name, color=COLOURS[index % len(COLOURS)])
    axes.tick_params(axis="x", labelrotation=45)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(frameon=False, ncols=len(series), loc="upper left")
    return _svg(figure, title)
