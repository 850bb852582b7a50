"""The release page: complete, offline, links that resolve, and a chart Chromium really draws."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout
from eujapan.publish.database import VIEWS, view_column_descriptions
from eujapan.publish.page import BAR_COLOUR, PAGE, milestone_chart_svg, milestones_per_year
from schemas.contract import columns, describe
from schemas.tables import TABLES
from tests import support

REPO = support.REPO
SVG = "http://www.w3.org/2000/svg"
CHROMIUM_FLAGS = [
    *support.CHROMIUM_FLAGS,
    "--hide-scrollbars",
    # Nothing on the page may need the network; make any attempt fail.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


class _Links(HTMLParser):
    """Every href/src/xlink:href, every id, and the tags that could load something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "xlink:href") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)

    handle_startendtag = handle_starttag


def _parse(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    return parser


def _broken_links(parsed: _Links, folder: Path) -> list[str]:
    broken = []
    for link in parsed.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            broken.append(f"{link}: not a file of the release")
        elif not parts.path:
            if parts.fragment not in parsed.ids:
                broken.append(f"{link}: no element with that id")
        elif not (folder / unquote(parts.path)).is_file():
            broken.append(f"{link}: no such file")
    return broken


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return support.build_real_sources(tmp_path_factory.mktemp("page")) / "releases" / "v1.0.0"


@pytest.fixture(scope="module")
def page(release: Path) -> str:
    return (release / PAGE).read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_link_resolves_to_a_file_of_the_release_or_an_anchor(release, page) -> None:
    parsed = _parse(page)
    assert len(parsed.links) > 20
    assert _broken_links(parsed, release) == []
    linked = {urlsplit(link).path for link in parsed.links}
    # Every file of the release is linked, the ones written after the page included.
    assert {p.name for p in release.iterdir()} <= linked


@pytest.mark.slow
def test_page_loads_nothing_from_elsewhere(page) -> None:
    parsed = _parse(page)
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parsed.tags)
    # SVG clip paths use url(#id): allowed, as long as the id is on the page.
    refs = re.findall(r"url\(([^)]*)\)", page)
    assert all(r.startswith("#") and r[1:] in parsed.ids for r in refs), refs
    assert "@import" not in page
    assert not [link for link in parsed.links if "//" in link]


@pytest.mark.slow
def test_page_says_what_version_and_when(release, page) -> None:
    manifest = (release / layout.MANIFEST).read_text()
    created = re.search(r'"created": "([^"]+)"', manifest).group(1)
    assert "<title>EU-Japan Cooperation Dataset v1.0.0</title>" in page
    assert created in page
    assert "first release" in page


@pytest.mark.slow
def test_page_lists_files_with_sizes_and_checksums(release, page) -> None:
    for path in release.iterdir():
        if path.name in (PAGE, layout.MANIFEST, layout.CHECKSUMS):
            assert f'href="{path.name}"' in page
            continue
        assert layout.sha256_file(path) in page, path.name
        assert f"{path.stat().st_size:,}" in page, path.name
    assert "SHA256SUMS" in page


@pytest.mark.slow
def test_page_has_counts_and_the_data_dictionary_from_the_models(release, page) -> None:
    text = html.unescape(page)
    for table in TABLES:
        rows = pq.read_metadata(release / f"{table}.parquet").num_rows
        assert f"<b>{rows:,}</b>{table}</a>" in text, table
        assert describe(table) in text
        for c in columns(table):
            assert f"<code>{c.name}</code>" in text
            assert c.description in text, (table, c.name)
            assert f"<code>{c.arrow_type}</code>" in text
            if c.foreign_key:
                assert f"FK → {c.foreign_key}" in text
    for view in VIEWS:
        assert f"<code>{view}</code>" in text
        for description in view_column_descriptions(view).values():
            assert description in text


@pytest.mark.slow
def test_page_has_change_summary_and_how_to_pin_and_cite(release, page) -> None:
    text = html.unescape(page)
    changes = pq.read_table(release / layout.CHANGES).to_pylist()
    for table in TABLES:
        added = sum(1 for c in changes if c["table"] == table)
        assert f"<td><code>{table}</code></td><td class=num>{added}</td>" in text
    assert "eujapan verify outputs/releases/v1.0.0" in text
    assert "sha256sum -c SHA256SUMS" in text
    assert "read_parquet('outputs/releases/v1.0.0/milestones.parquet')" in text
    assert "How to cite" in text and "CC-BY-4.0" in text


@pytest.mark.slow
def test_chart_shows_one_bar_per_year_of_the_milestones(release, page) -> None:
    per_year = milestones_per_year(pq.read_table(release / "milestones.parquet").to_pandas())
    assert per_year
    bars = re.findall(r'<rect id="milestones-(\d{4})"', page)
    assert [int(y) for y in bars] == list(per_year)
    assert f"{sum(per_year.values())} milestones dated" in page


def test_chart_svg_is_reproducible() -> None:
    a = milestone_chart_svg({1987: 3, 2019: 5, 2020: 1})
    assert a == milestone_chart_svg({1987: 3, 2019: 5, 2020: 1})
    assert a != milestone_chart_svg({1987: 3, 2019: 4, 2020: 1})
    assert a.startswith("<svg ") and a.rstrip().endswith("</svg>")
    assert "<dc:date>" not in a
    empty = milestone_chart_svg({})
    assert "<svg " in empty and 'id="milestones-' not in empty.replace('id="milestones-chart', "")
    assert "no milestones in this release" in empty and "<rect" not in empty
    assert empty == milestone_chart_svg({})


def _svg_root(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, so any escaping mistake fails here


def test_chart_svg_is_an_accessible_scalable_bar_chart() -> None:
    per_year = {1987: 3, 2019: 5, 2020: 1}
    svg = milestone_chart_svg(per_year)
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = _svg_root(svg)
    assert root.tag == f"{{{SVG}}}svg"
    assert root.get("id") == "milestones-chart"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "milestones-chart-title"
    assert root.get("viewBox") == "0 0 900 320"
    assert "sans-serif" in root.get("font-family")
    title = root.find(f"{{{SVG}}}title")
    assert title is not None and title.get("id") == "milestones-chart-title"
    assert title.text == "Milestones per year"
    rects = root.findall(f".//{{{SVG}}}rect")
    assert [r.get("id") for r in rects] == [f"milestones-{y}" for y in per_year]
    assert [r.findtext(f"{{{SVG}}}title") for r in rects] == [
        "1987: 3 milestones",
        "2019: 5 milestones",
        "2020: 1 milestone",
    ]
    # Only the bars use the bar colour.
    assert svg.count(BAR_COLOUR) == svg.count("<rect") + 1  # + the bars' group
    assert all(r.get("fill") == BAR_COLOUR for r in rects)
    # Heights proportional to the counts, bars standing on the same baseline.
    heights = [float(r.get("height")) for r in rects]
    assert heights[1] / heights[2] == pytest.approx(5, rel=1e-3)
    assert heights[0] / heights[2] == pytest.approx(3, rel=1e-3)
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 2) for r in rects}
    assert len(bottoms) == 1
    # A linear year axis: the gap 1987 → 2019 is 32 times the step 2019 → 2020.
    xs = [float(r.get("x")) for r in rects]
    assert (xs[1] - xs[0]) / (xs[2] - xs[1]) == pytest.approx(32, rel=1e-3)
    texts = [t.text for t in root.iter(f"{{{SVG}}}text")]
    assert "year" in texts and "milestones" in texts
    assert "#d8dee4" in svg  # grid lines


def _ticks(svg: str) -> tuple[list[int], list[int]]:
    """(x tick labels, y tick labels) of a chart: x labels centred, y labels right-aligned."""
    root = _svg_root(svg)
    labels = {"middle": [], "end": []}
    for group in root.findall(f"{{{SVG}}}g"):
        anchor = group.get("text-anchor")
        if anchor in labels:
            labels[anchor] += [t.text for t in group.findall(f"{{{SVG}}}text")]
    assert all(re.fullmatch(r"\d+", t) for t in labels["middle"] + labels["end"]), labels
    return [int(t) for t in labels["middle"]], [int(t) for t in labels["end"]]


@pytest.mark.parametrize(
    "per_year",
    [
        {year: 1 + (year * 7) % 23 for year in range(1950, 2027)},
        {1950: 1, 2026: 250},
        {1987: 3, 2019: 5, 2020: 1},
        {2001: 1},
        {2001: 7, 2002: 0, 2004: 13},
    ],
    ids=["1950-2026", "sparse", "gap", "one-year", "zero"],
)
def test_chart_ticks_are_readable(per_year) -> None:
    svg = milestone_chart_svg(per_year)
    root = _svg_root(svg)
    x_ticks, y_ticks = _ticks(svg)
    assert 1 <= len(x_ticks) <= 12
    assert x_ticks == sorted(set(x_ticks))  # strictly increasing
    assert min(per_year) - 1 <= x_ticks[0] and x_ticks[-1] <= max(per_year) + 1
    steps = {b - a for a, b in pairwise(x_ticks)}
    assert len(steps) <= 1 and all(_is_nice(s) for s in steps)
    # Labels far enough apart not to overlap (a four-digit year is ~30 px wide at 12 px).
    positions = [
        float(t.get("x"))
        for g in root.findall(f"{{{SVG}}}g")
        if g.get("text-anchor") == "middle"
        for t in g.findall(f"{{{SVG}}}text")
    ]
    assert all(b - a >= 40 for a, b in pairwise(positions))
    # y: integer ticks from 0 with a nice step, about five of them, reaching the tallest bar.
    assert y_ticks[0] == 0 and 2 <= len(y_ticks) <= 7
    y_steps = {b - a for a, b in pairwise(y_ticks)}
    assert len(y_steps) == 1 and _is_nice(y_steps.pop())
    assert y_ticks[-1] >= max(per_year.values())


def _is_nice(step: int) -> bool:
    while step % 10 == 0:
        step //= 10
    return step in (1, 2, 5)


def test_chart_svg_normalises_its_input_and_is_well_formed_xml() -> None:
    # numpy/pandas integers and unsorted input give the same chart as plain sorted ints.
    import numpy as np

    plain = milestone_chart_svg({1990: 2, 2000: 4})
    assert milestone_chart_svg({np.int64(2000): np.int64(4), np.int64(1990): 2}) == plain
    _svg_root(plain)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("chromium is not installed: run `make browser` (make test does)")
    return path


@pytest.mark.slow
def test_page_renders_in_headless_chromium_with_chart_and_working_links(release, tmp_path) -> None:
    from PIL import Image

    chromium = _chromium()
    url = (release / PAGE).as_uri()
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    parsed = _parse(dom)
    assert "milestones-chart" in parsed.ids, "the chart's <svg> is not in the rendered DOM"
    assert "svg" in parsed.tags and "rect" in parsed.tags and "text" in parsed.tags
    per_year = milestones_per_year(pq.read_table(release / "milestones.parquet").to_pandas())
    assert {f"milestones-{year}" for year in per_year} <= parsed.ids
    assert "Milestones per year" in dom
    assert _broken_links(parsed, release) == []

    shot = tmp_path / "page.png"
    subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            # Tall enough to reach the chart: the sources table above it grew with the 42 texts
            # of v1.1.0 to ~10,000 px (at 3000 px the shot held no bar: it failed on b28c30e).
            "--window-size=1280,16000",
            f"--screenshot={shot}",
            url,
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 16000)
    target = tuple(int(BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    bar_pixels = sum(
        n
        for n, colour in image.getcolors(maxcolors=1 << 20)
        if all(abs(a - b) <= 8 for a, b in zip(colour, target, strict=True))
    )
    # Only the chart's bars use this colour; a drawn chart covers thousands of pixels.
    assert bar_pixels > 2000, bar_pixels
