"""Charts as PNG images for the Word documents, with a bundled Japanese font.

matplotlib-fontja ships IPAexGothic, so Japanese labels render on a fresh machine without any
system font (no empty boxes).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    import matplotlib.pyplot as plt
    import matplotlib_fontja

    font = Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"
    font_manager.fontManager.addfont(str(font))
    name = font_manager.FontProperties(fname=str(font)).get_name()
    matplotlib.rcParams["font.family"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return plt


def volume_and_agents(title: str, x_labels: list[str], volume: list[float], agents: list[float],
                      volume_label: str, agents_label: str, x_label: str) -> bytes:
    """Bars of forecast volume per interval with the scheduled agents as a line on a second axis."""
    plt = _pyplot()
    fig, left = plt.subplots(figsize=(7.2, 3.4), dpi=150)
    positions = range(len(x_labels))
    left.bar(positions, volume, color="#9DB4D3", label=volume_label, width=0.8)
    left.set_ylabel(volume_label)
    left.set_xlabel(x_label)
    step = max(1, -(-len(x_labels) // 10))
    left.set_xticks(list(positions)[::step])
    left.set_xticklabels(x_labels[::step], rotation=0, fontsize=8)
    right = left.twinx()
    right.plot(list(positions), agents, color="#1F3A5F", marker="o", markersize=3, linewidth=2, label=agents_label)
    right.set_ylabel(agents_label)
    right.set_ylim(bottom=0)
    left.set_ylim(bottom=0)
    for axis in (left, right):
        axis.spines["top"].set_visible(False)
    handles = left.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    labels = left.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
    left.legend(handles, labels, loc="upper left", fontsize=8, frameon=False)
    left.set_title(title, fontsize=10)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def grouped_bars(title: str, groups: list[str], series: dict[str, list[float]], y_label: str, y_max: float | None = None) -> bytes:
    """Bars per group (e.g. criteria) for each series (e.g. vendors): the scoring memo's chart."""
    plt = _pyplot()
    fig, axis = plt.subplots(figsize=(7.2, 3.6), dpi=150)
    count = max(1, len(series))
    width = 0.8 / count
    palette = ["#1F3A5F", "#4F81BD", "#9DB4D3", "#C0504D", "#9BBB59", "#8064A2", "#F79646", "#4BACC6"]
    for i, (name, values) in enumerate(series.items()):
        axis.bar([g + i * width - 0.4 + width / 2 for g in range(len(groups))], values, width=width,
                 label=name, color=palette[i % len(palette)])
    axis.set_xticks(range(len(groups)))
    axis.set_xticklabels(groups, fontsize=8)
    axis.set_ylabel(y_label)
    if y_max is not None:
        axis.set_ylim(0, y_max)
    axis.spines["top"].set_visible(False)
    axis.spines["right"].set_visible(False)
    axis.legend(fontsize=8, frameon=False, ncol=min(count, 4))
    axis.set_title(title, fontsize=10)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
