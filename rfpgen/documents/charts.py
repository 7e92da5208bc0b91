"""Charts as PNG images for the Word documents, with a bundled Japanese font.

matplotlib-fontja ships IPAexGothic, so Japanese labels render on a fresh machine without any
system font (no empty boxes). Figures are drawn without pyplot, so no global state is touched.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def font_family() -> list[str]:
    """The font family list for rc_context: the bundled Japanese font, then matplotlib's default."""
    import matplotlib_fontja
    from matplotlib import font_manager

    font = Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"
    font_manager.fontManager.addfont(str(font))
    return [font_manager.FontProperties(fname=str(font)).get_name(), "DejaVu Sans"]


def figure(width_in: float, height_in: float):
    """A figure with its own Agg canvas, ready to draw on."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def volume_and_agents(title: str, x_labels: list[str], volume: list[float], agents: list[float],
                      volume_label: str, agents_label: str, x_label: str) -> bytes:
    """Bars of forecast volume per interval with the scheduled agents as a line on a second axis."""
    import matplotlib

    with matplotlib.rc_context({"font.family": font_family(), "axes.unicode_minus": False}):
        fig = figure(7.2, 3.4)
        left = fig.add_subplot(1, 1, 1)
        positions = list(range(len(x_labels)))
        left.bar(positions, volume, color="#9DB4D3", label=volume_label, width=0.8)
        left.set_ylabel(volume_label)
        left.set_xlabel(x_label)
        step = max(1, -(-len(x_labels) // 10))
        left.set_xticks(positions[::step])
        left.set_xticklabels(x_labels[::step], fontsize=8)
        right = left.twinx()
        right.plot(positions, agents, color="#1F3A5F", marker="o", markersize=3, linewidth=2, label=agents_label)
        right.set_ylabel(agents_label)
        right.set_ylim(bottom=0)
        left.set_ylim(bottom=0)
        for axis in (left, right):
            axis.spines["top"].set_visible(False)
        handles, labels = zip(*[(h, lab) for axis in (left, right) for h, lab in zip(*axis.get_legend_handles_labels())])
        left.legend(handles, labels, loc="upper left", fontsize=8, frameon=False)
        left.set_title(title, fontsize=10)
        fig.tight_layout()
        return png(fig)
