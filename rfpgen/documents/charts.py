"""Charts as native Word charts: DrawingML chart parts the client can restyle and edit in Word.

A chart is described as plain data (`ChartSpec`: categories, series, axis titles, number formats) and
drawn by XlsxWriter, which writes the same DrawingML chart part Excel and Word use, with the values
cached in it (Word, LibreOffice and the PDF show them without the workbook) and the workbook holding
the data beside it (Word's Edit Data opens it). A Word document embeds both: the chart part
(`word/charts/chartN.xml`, related to the document) and the workbook (`word/embeddings/…xlsx`,
related to the chart through `c:externalData`).

Text in a chart uses the template's own body fonts (its document defaults), so a chart prints in the
typeface of the text around it, also in a template a client restyled. Numbers use the documents'
format (thousands separators, FTE with one decimal).

No image is drawn: no matplotlib, nothing to cache, a few milliseconds per chart.
"""
from __future__ import annotations

import io
import itertools
import json
import math
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

import markupsafe

from ..text import char_width, display_width

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"

ACCENT = "#1F3A5F"   # the documents' heading and table-header navy
LIGHT = "#9DB4D3"
MID = "#5B7FAE"
GRID = "#D9D9D9"
AXIS = "#8C8C8C"
TEXT = "#404040"
# series colours, each a different hue (the first the documents' navy): a legend whose colours repeat
# cannot be read
PALETTE = ("#1F3A5F", "#4F81BD", "#C0504D", "#9BBB59", "#8064A2", "#F79646", "#4BACC6", "#7F7F7F")

# written into the chart part where the template's fonts go; replaced when the chart is embedded
_LATIN, _EAST_ASIAN = "rfpgen-latin-font", "rfpgen-east-asian-font"
_EMU_PER_MM = 36000


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: no point there
    kind: str = "column"          # column | bar (horizontal) | line | marker (points without a line)
    color: str = ACCENT
    secondary: bool = False       # on the right-hand value axis
    labels: bool = False          # the value printed at each point
    point_colors: tuple[str | None, ...] = ()  # per-point fill of bars


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows, as plain data (the same spec always gives the same chart)."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    category_title: str = ""
    value_title: str = ""
    secondary_title: str = ""
    value_format: str = "#,##0"
    label_format: str = "#,##0.0"
    value_min: float | None = 0       # the value axis starts at 0: a chart whose bars or line start higher
                                      # exaggerates differences (None: the renderer's choice)
    value_max: float | None = None
    value_step: float | None = None   # between gridlines (Word's choice when None)
    legend: bool = True
    width_mm: float = 160
    height_mm: float = 80
    lang: str = "ja"
    description: str = ""         # the alternative text a screen reader announces


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the chart part (fonts and the workbook's relationship still to be filled in) and
    the workbook with its data."""

    xml: str
    workbook: bytes
    width_mm: float
    height_mm: float
    description: str


LEGEND_WIDTH = 36  # display cells (a 16-character Japanese company name, a 36-letter English one): a longer series name is shortened in the legend, with an ellipsis
# pictographs and their joiners: the chart's typeface has none, so a renderer would print them in an emoji
# face beside the body's (or as a box), and a legend is a label, not a place for them
_PICTOGRAPHS = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0E\uFE0F\u200D\u20E3"
                          "\U000E0020-\U000E007F]")


def legend_name(name: str, width: int = LEGEND_WIDTH) -> str:
    """A series' name as the legend shows it: without emoji, spaces collapsed, and shortened to `width`
    display cells with an ellipsis (a long vendor name pushed the legend over the plot)."""
    text = " ".join(_PICTOGRAPHS.sub("", name).split())
    if display_width(text) <= width:
        return text
    kept, used = [], 0
    for ch in text:
        if used + char_width(ch) > width - 1:
            break
        kept.append(ch)
        used += char_width(ch)
    return "".join(kept).rstrip(" ・,-–（(") + "…"


def distinct_colors(count: int) -> list[str]:
    """`count` series colours, no two alike: PALETTE, then hues spread evenly between its colours'."""
    import colorsys

    colors = list(PALETTE[:count])
    for i in range(count - len(colors)):
        r, g, b = colorsys.hls_to_rgb((i * 0.618034) % 1.0, 0.45 + 0.15 * (i % 2), 0.55)
        colors.append("#{:02X}{:02X}{:02X}".format(round(r * 255), round(g * 255), round(b * 255)))
    return colors


def tint(color: str, share: float = 0.55) -> str:
    """`color` mixed with white (`share` of white): a disqualified vendor's bars, faded but still its own."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in rgb)


_LABEL_CHAR_MM = 1.9   # a character of an axis label at 9 pt
_LABEL_GAP_MM = 3.0    # the room between two labels that keeps them apart
_AXES_MM = 32          # the chart's width outside its plot area: value axes, their titles and numbers


def label_interval(spec: ChartSpec) -> int:
    """Every how many categories a column or line chart labels its category axis: every one when the
    labels fit side by side under the plot, else every n-th (08:30, 09:30, … for half-hour intervals),
    which Word and LibreOffice both honour; LibreOffice would print them all run together
    (08:3009:0009:30…) where Word would hide or tilt some."""
    if not spec.categories:
        return 1
    label = max(len(c) for c in spec.categories) * _LABEL_CHAR_MM + _LABEL_GAP_MM
    return max(1, math.ceil(len(spec.categories) * label / max(spec.width_mm - _AXES_MM, 1)))


def draw(spec: ChartSpec, properties: dict | None = None) -> Chart:
    """The chart of `spec`, drawn once per process for the same spec and properties."""
    return _draw(spec, tuple(sorted((properties or {}).items())))


@lru_cache(maxsize=64)
def _draw(spec: ChartSpec, properties: tuple) -> Chart:
    import xlsxwriter

    bottom_up = sum(s.kind == "bar" for s in spec.series) > 1  # a legend to read in the bars' order
    if bottom_up:
        spec = _bottom_up(spec)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    props = dict(properties)
    if props:
        book.set_properties({"title": props.get("title", ""), "author": props.get("author", ""),
                             "company": props.get("company", ""), **({"created": props["created"]} if "created" in props else {})})
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, [""] + [legend_name(s.name) for s in spec.series])
    sheet.write_column(1, 0, list(spec.categories))
    for col, s in enumerate(spec.series, start=1):
        sheet.write_column(1, col, list(s.values))
    sheet.set_column(0, 0, max([len(c) for c in spec.categories] + [8]) * 1.2)
    rows = len(spec.categories)
    font = {"name": _LATIN, "size": 9, "color": TEXT, "bold": False}
    charts = {}
    for col, s in enumerate(spec.series, start=1):
        kind = "line" if s.kind == "marker" else s.kind
        chart = charts.get(kind)
        if chart is None:
            chart = charts[kind] = book.add_chart({"type": kind})
        options = {"name": ["Sheet1", 0, col], "categories": ["Sheet1", 1, 0, rows, 0],
                   "values": ["Sheet1", 1, col, rows, col], "y2_axis": s.secondary}
        if s.kind in ("line", "marker"):
            marker = {"type": "circle", "size": 5 if s.kind == "line" else 8, "fill": {"color": s.color},
                      "border": {"color": s.color}}
            options.update(line={"color": s.color, "width": 2} if s.kind == "line" else {"none": True}, marker=marker)
        else:
            options.update(fill={"color": s.color}, border={"none": True}, gap=60 if s.kind == "bar" else 40)
            if s.point_colors:
                options["points"] = [{"fill": {"color": c}} if c else None for c in s.point_colors]
        if s.labels:
            options["data_labels"] = {"value": True, "num_format": spec.label_format, "font": dict(font, size=8)}
        chart.add_series(options)
    main, *others = charts.values()
    for other in others:
        main.combine(other)
    horizontal = "bar" in charts
    axis = {"name_font": font, "num_font": font, "line": {"color": AXIS}, "major_tick_mark": "none",
            "minor_tick_mark": "none"}
    category = dict(axis, name=spec.category_title)
    skip = label_interval(spec) if not horizontal else 1
    if skip > 1:  # Word labels every n-th category; LibreOffice ignores that, but tilted labels stay apart
        category.update(interval_unit=skip, interval_tick=skip, num_font=dict(font, rotation=-45))
    if horizontal and not bottom_up:  # a bar chart lists its first row on top, its value axis below
        category.update(reverse=True, crossing="max")
    values = dict(axis, name=spec.value_title, num_format=spec.value_format,
                  major_gridlines={"visible": True, "line": {"color": GRID, "width": 0.75}})
    for key, given in (("min", spec.value_min), ("max", spec.value_max), ("major_unit", spec.value_step)):
        if given is not None:
            values[key] = given
    # XlsxWriter's x axis is the horizontal one: a bar chart's value axis
    (main.set_y_axis if horizontal else main.set_x_axis)(category)
    (main.set_x_axis if horizontal else main.set_y_axis)(values)
    if any(s.secondary for s in spec.series):
        secondary = charts["line"] if "line" in charts and any(s.secondary for s in spec.series if s.kind == "line") else main
        secondary.set_y2_axis(dict(axis, name=spec.secondary_title, num_format=spec.value_format, min=0))
    main.set_title({"none": True})  # the numbered caption under the chart is its title
    main.set_legend({"position": "bottom", "font": font} if spec.legend else {"none": True})
    main.set_chartarea({"border": {"none": True}, "fill": {"none": True}})
    main.set_plotarea({"border": {"none": True}, "fill": {"none": True}})
    main.set_size({"width": spec.width_mm / 25.4 * 96, "height": spec.height_mm / 25.4 * 96})
    sheet.insert_chart(0, len(spec.series) + 2, main)
    book.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        xml = archive.read("xl/charts/chart1.xml").decode("utf-8")
    return Chart(_for_word(xml, spec.lang), buffer.getvalue(), spec.width_mm, spec.height_mm, spec.description)


def _bottom_up(spec: ChartSpec) -> ChartSpec:
    """A horizontal bar chart of several series, its data in the order it draws it: from the bottom up.
    Its first category and, in each group, its first series on top, and the legend read in the bars'
    order: a reversed axis would put them on top but leave the legend (which LibreOffice lists
    bottom-up for bars) in the opposite order. A chart of one series keeps its data as given and
    reverses its axis instead."""
    from dataclasses import replace

    series = tuple(replace(s, values=tuple(reversed(s.values)), point_colors=tuple(reversed(s.point_colors)))
                   for s in reversed(spec.series))
    return replace(spec, categories=tuple(reversed(spec.categories)), series=series)


def _for_word(xml: str, lang: str) -> str:
    """XlsxWriter's chart part as a Word chart part: the document's language, square corners, the
    East Asian and complex-script fonts beside the Latin one, the embedded workbook as its data."""
    xml = xml.replace('<c:lang val="en-US"/>', f'<c:lang val="{"ja-JP" if lang == "ja" else "en-GB"}"/>'
                      '<c:roundedCorners val="0"/>', 1)
    xml = re.sub(r'<a:latin typeface="' + _LATIN + r'"[^>]*/>',
                 f'<a:latin typeface="{_LATIN}"/><a:ea typeface="{_EAST_ASIAN}"/><a:cs typeface="{_LATIN}"/>', xml)
    xml = xml.replace(' lang="en-US"', f' lang="{"ja-JP" if lang == "ja" else "en-GB"}"')
    # data labels: the value alone, above a line's point or beyond a bar's end (the other flags spelled
    # out: LibreOffice reads a missing one as shown)
    for plot, position in (("barChart", "outEnd"), ("lineChart", "t")):
        xml = re.sub(f"<c:{plot}>.*?</c:{plot}>", lambda m, at=position: m.group(0).replace(
            '<c:showVal val="1"/></c:dLbls>',
            f'<c:dLblPos val="{at}"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
            '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'), xml, flags=re.S)
    # straight segments between a line's points: without the flag LibreOffice draws the line curved
    xml = re.sub("<c:lineChart>.*?</c:lineChart>", lambda m: m.group(0).replace(
        "</c:val></c:ser>", '</c:val><c:smooth val="0"/></c:ser>'), xml, flags=re.S)
    # a point without a value is a gap: the part's default (no element) is zero, which drew the service-level
    # target's other categories as markers on the axis once the axis started at 0
    xml = xml.replace('<c:plotVisOnly val="1"/>', '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>', 1)
    data = '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
    if "<c:printSettings>" in xml:
        return xml.replace("<c:printSettings>", data + "<c:printSettings>", 1)
    return xml.replace("</c:chartSpace>", data + "</c:chartSpace>", 1)


# ------------------------------------------------------------------ in a Word document

def body_fonts(document) -> tuple[str, str]:
    """(Latin, East Asian) typeface of a python-docx document's defaults (the template's body text)."""
    from docx.oxml.ns import qn

    fonts = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    latin = east_asian = None
    if fonts is not None:
        latin = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        east_asian = fonts.get(qn("w:eastAsia"))
    normal = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']/{qn('w:rPr')}/{qn('w:rFonts')}")
    if normal is not None:
        latin = normal.get(qn("w:ascii")) or latin
        east_asian = normal.get(qn("w:eastAsia")) or east_asian
    latin = latin or "Calibri"
    return latin, east_asian or latin


class InlineChart:
    """A chart printed where a template says `{{ item.figure }}` (docxtpl calls `__html__` while it
    renders the part): adds the chart part and its workbook to the package and returns the run
    holding the chart's frame."""

    def __init__(self, template, chart: Chart, ids: itertools.count, fonts: tuple[str, str]):
        self.template, self.chart, self.ids, self.fonts = template, chart, ids, fonts

    def __html__(self) -> str:
        from docx.opc.part import Part

        part = self.template.current_rendering_part
        package = part.package
        chart_part = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_CT, b"", package)
        chart_rid = part.relate_to(chart_part, RT_CHART)
        book = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), WORKBOOK_CT,
                    self.chart.workbook, package)
        if chart_part.relate_to(book, RT_PACKAGE) != "rId1":
            raise AssertionError("a new chart part's first relationship is rId1")
        latin, east_asian = (markupsafe.escape(f) for f in self.fonts)
        chart_part._blob = self.chart.xml.replace(_LATIN, latin).replace(_EAST_ASIAN, east_asian).encode("utf-8")
        number = next(self.ids)
        cx, cy = round(self.chart.width_mm * _EMU_PER_MM), round(self.chart.height_mm * _EMU_PER_MM)
        descr = markupsafe.escape(self.chart.description)
        drawing = (
            f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{number}" name="Chart {number}" descr="{descr}"/>'
            '<wp:cNvGraphicFramePr/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{chart_rid}"/>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing>')
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


class ChartsInOrder:
    """The legacy template key `staffing_chart`: a template made before figures were numbered prints it
    once per figure item, so each use prints the next figure of the document."""

    def __init__(self, charts: list[InlineChart]):
        self._charts = iter(charts)

    def __html__(self) -> str:
        chart = next(self._charts, None)
        return chart.__html__() if chart else ""

    __str__ = __html__


def spec_json(spec: ChartSpec) -> dict:
    """A chart spec as the JSON `rfpgen context` prints."""
    return json.loads(json.dumps({"categories": list(spec.categories), "series": [
        {"name": s.name, "kind": s.kind, "values": list(s.values), "secondary": s.secondary} for s in spec.series],
        "category_title": spec.category_title, "value_title": spec.value_title,
        "secondary_title": spec.secondary_title, "width_mm": spec.width_mm, "height_mm": spec.height_mm}))
