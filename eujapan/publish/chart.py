"""The release page's chart, drawn by matplotlib as an SVG with the value of each bar on hover.

Why matplotlib and an SVG: the page must work offline from disk, so the chart may load nothing.
A JavaScript plotting library would add megabytes of vendored code to every release folder;
matplotlib (maintained, already a common analyst's tool) writes a static SVG inline in the page,
and a `<title>` in each bar is the tooltip every browser shows on hover, with no script. The
hand-drawn SVG it replaces had to compute its own ticks and layout.

matplotlib is imported when a chart is drawn (about a second), not when publishing is imported.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

BAR_COLOUR = "#2a9d8f"
CHART_ID = "milestones-chart"
SVG_NS = "http://www.w3.org/2000/svg"
_WIDTH_IN, _HEIGHT_IN = 9.0, 3.2
_FONT = ["DejaVu Sans"]  # shipped inside matplotlib: the same drawing on every machine


def milestones_per_year(milestones) -> dict[int, int]:
    """Number of milestones per year, in year order."""
    if milestones.empty:
        return {}
    counts = milestones["year"].astype(int).value_counts()
    return {int(y): int(counts[y]) for y in sorted(counts.index)}


def _tooltip(year: int, count: int) -> str:
    return f"{year}: {count} milestone{'' if count == 1 else 's'}"


def milestone_chart_svg(per_year: Mapping[int, int]) -> str:
    """Bar chart of milestones per year as an inline <svg>, byte-identical for equal input."""
    import matplotlib

    matplotlib.use("svg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    data = sorted((int(y), max(0, int(n))) for y, n in per_year.items())
    rc = {
        "svg.hashsalt": "eujapan-milestones",  # stable ids inside the SVG
        "svg.fonttype": "none",  # text stays text: searchable, scalable, small
        "font.family": _FONT,
        "font.size": 10,
    }
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(_WIDTH_IN, _HEIGHT_IN))
        ax = fig.add_subplot()
        if data:
            bars = ax.bar([y for y, _ in data], [n for _, n in data], width=0.8, color=BAR_COLOUR)
            for (year, _), bar in zip(data, bars, strict=True):
                bar.set_gid(f"milestones-{year}")
            ax.set_xlim(data[0][0] - 1, data[-1][0] + 1)
        else:
            ax.text(0.5, 0.5, "no milestones in this release", ha="center", transform=ax.transAxes)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.grid(axis="y", color="#d8dee4")
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlabel("year")
        ax.set_ylabel("milestones")
        fig.tight_layout()
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _with_tooltips(out.getvalue(), dict(data))


def _with_tooltips(svg: str, per_year: Mapping[int, int]) -> str:
    """The SVG element alone, labelled for screen readers, a <title> (tooltip) in every bar."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    root.set("id", CHART_ID)
    root.set("role", "img")
    root.set("aria-labelledby", f"{CHART_ID}-title")
    title = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{CHART_ID}-title"})
    title.text = "Milestones per year"
    root.insert(0, title)
    for group in root.iter(f"{{{SVG_NS}}}g"):
        match = re.fullmatch(r"milestones-(\d+)", group.get("id", ""))
        if match:
            tip = ET.Element(f"{{{SVG_NS}}}title")
            tip.text = _tooltip(int(match.group(1)), per_year[int(match.group(1))])
            group.insert(0, tip)
    # Scales with the page; the drawing's own size stays in viewBox.
    root.set("width", "100%")
    root.attrib.pop("height", None)
    return ET.tostring(root, encoding="unicode")
