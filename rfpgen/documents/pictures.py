"""Pictures drawn with matplotlib (the decision memo's and the response report's charts), in the
documents' typeface where the machine has it. The staffing figures are native Word charts (charts.py).

The body text prints in Noto Sans CJK (Japanese, standing in for Yu Gothic) and Carlito (English,
standing in for Calibri); the chart uses the same fonts when installed, else the IPAexGothic that
matplotlib-fontja bundles, so Japanese labels never print as boxes. Figures are drawn without pyplot
(no global state).
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
