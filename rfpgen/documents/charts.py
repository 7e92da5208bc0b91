"""Charts as PNG images for the Word documents, in the documents' typeface where the machine has it.

The body text prints in Noto Sans CJK (Japanese, standing in for Yu Gothic) and Carlito (English,
standing in for Calibri); the chart uses the same fonts when installed, else the IPAexGothic that
matplotlib-fontja bundles, so Japanese labels never print as boxes. Figures are drawn without pyplot
(no global state), and a chart is drawn once per process for the same data (rebuilds reuse it).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path


_BODY_FONTS = {"ja": ("Noto Sans CJK JP",), "en": ("Carlito", "Noto Sans CJK JP")}


@lru_cache(maxsize=2)
def font_family(lang: str = "ja") -> list[str]:
    """The font family list for rc_context: the documents' body font if installed, the bundled
    Japanese font, then matplotlib's default."""
    import matplotlib_fontja
    from matplotlib import font_manager

    font = Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"
    font_manager.fontManager.addfont(str(font))
    installed = {f.name for f in font_manager.fontManager.ttflist}
    body = [name for name in _BODY_FONTS.get(lang, ()) if name in installed]
    return body + [font_manager.FontProperties(fname=str(font)).get_name(), "DejaVu Sans"]


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
                      volume_label: str, agents_label: str, x_label: str, lang: str = "ja") -> bytes:
    """Bars of forecast volume per interval with the scheduled agents as a line on a second axis."""
    return _volume_and_agents(title, tuple(x_labels), tuple(volume), tuple(agents), volume_label, agents_label, x_label,
                              lang)


@lru_cache(maxsize=32)
def _volume_and_agents(title, x_labels, volume, agents, volume_label, agents_label, x_label, lang) -> bytes:
    import matplotlib

    with matplotlib.rc_context({"font.family": font_family(lang), "axes.unicode_minus": False}):
        fig = figure(7.2, 3.6)
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
        fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8, frameon=False)  # below, never over the data
        left.set_title(title, fontsize=10)
        fig.tight_layout(rect=(0, 0.07, 1, 1))
        return png(fig)
