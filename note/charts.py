"""The note's charts as PNG (matplotlib, Agg backend: no display needed). Labels come translated; tick
numbers are formatted by the language's Words. Captions and titles belong to the document, not the chart."""

from __future__ import annotations

import io
from collections.abc import Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter, MaxNLocator

PALETTE = ("#009edb", "#1f3864", "#f2a900", "#7f7f7f", "#4aa564", "#c0504d", "#8064a2")
DPI = 150


def _png(figure: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _style(axes: plt.Axes, number: Callable[[float], str]) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def trend_panels(
    years: list[int], panels: list[tuple[str, list[float | None]]], unit: str, number: Callable[[float], str]
) -> bytes:
    """One small line chart per series (a drug group's tons by year), side by side in rows of two."""
    columns = 2
    rows = (len(panels) + columns - 1) // columns
    figure, grid = plt.subplots(rows, columns, figsize=(8, 2.6 * rows), squeeze=False)
    for axes, (label, values) in zip(grid.flat, panels, strict=False):
        points = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=PALETTE[0], linewidth=2)
        axes.set_title(label, fontsize=9, loc="left", wrap=True)
        axes.set_ylabel(unit, fontsize=8)
        axes.set_ylim(bottom=0)
        axes.set_xticks(years)
        axes.tick_params(labelsize=8)
        _style(axes, number)
    for axes in list(grid.flat)[len(panels) :]:
        axes.set_visible(False)
    figure.tight_layout()
    return _png(figure)


def stacked_bars(
    years: list[int], series: list[tuple[str, list[float]]], unit: str, number: Callable[[float], str]
) -> bytes:
    """Bars by year, stacked by series (sub-regions)."""
    figure, axes = plt.subplots(figsize=(8, 3.6))
    bottom = [0.0] * len(years)
    for index, (label, values) in enumerate(series):
        axes.bar(years, values, bottom=bottom, label=label, color=PALETTE[index % len(PALETTE)], width=0.6)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_ylabel(unit, fontsize=9)
    axes.set_xticks(years)
    axes.yaxis.set_major_locator(MaxNLocator(6))
    axes.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    _style(axes, number)
    return _png(figure)


def ranked_bars(labels: list[str], values: list[float], unit: str, number: Callable[[float], str]) -> bytes:
    """Horizontal bars, largest at the top, each with its value."""
    figure, axes = plt.subplots(figsize=(8, 0.45 * len(labels) + 0.9))
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=PALETTE[0], height=0.6)
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlabel(unit, fontsize=9)
    for position, value in zip(positions, values, strict=True):
        axes.text(value, position, f" {number(value)}", va="center", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    axes.set_xlim(right=max(values) * 1.18 if values else 1)
    return _png(figure)


def share_bars(
    labels: list[str], series: list[tuple[str, list[float]]], number: Callable[[float], str]
) -> bytes:
    """Horizontal bars of 100 per cent, first label at the top, split by series (shares in per cent)."""
    figure, axes = plt.subplots(figsize=(8, 0.4 * len(labels) + 1.2))
    positions = list(range(len(labels)))[::-1]
    left = [0.0] * len(labels)
    for index, (label, values) in enumerate(series):
        axes.barh(positions, values, left=left, label=label, color=PALETTE[index % len(PALETTE)], height=0.6)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlim(0, 100)
    axes.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(series))
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    figure.tight_layout()
    return _png(figure)
