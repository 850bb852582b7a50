"""The release page: complete, offline, links that resolve, and a chart Chromium really draws."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout
from eujapan.publish.chart import BAR_COLOUR, milestone_chart_svg, milestones_per_year
from eujapan.publish.database import VIEWS, view_column_descriptions
from eujapan.publish.layout import PAGE
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
    # Every file of the release is linked, the ones written after the page included, and the
    # explorer's start page.
    assert {p.name for p in release.iterdir() if p.is_file()} <= linked
    assert "explorer/index.html" in linked


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
    for path in (p for p in release.iterdir() if p.is_file()):
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
    # The citation names the exact bytes: the SHA-256 of every table file and of the database.
    cite = text[text.index("How to cite") :]
    for name in [*(f"{t}.parquet" for t in TABLES), layout.DATABASE]:
        assert f"{name} {layout.sha256_file(release / name)}" in cite, name


@pytest.mark.slow
def test_page_and_manifest_name_the_duckdb_versions(release, page) -> None:
    import json

    import duckdb

    from eujapan.publish.database import STORAGE_VERSION

    manifest = json.loads((release / layout.MANIFEST).read_text())
    assert manifest["duckdb"]["library_version"] == duckdb.__version__
    assert manifest["duckdb"]["storage_version"] == STORAGE_VERSION
    assert f"DuckDB {duckdb.__version__} in storage format {STORAGE_VERSION}" in page


@pytest.mark.slow
def test_chart_shows_one_bar_per_year_of_the_milestones(release, page) -> None:
    per_year = milestones_per_year(pq.read_table(release / "milestones.parquet").to_pandas())
    assert per_year
    bars = re.findall(r'<g id="milestones-(\d{4})"', page)
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
    assert "no milestones in this release" in empty
    assert empty == milestone_chart_svg({})


def _svg_root(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, so any escaping mistake fails here


def test_chart_svg_is_an_accessible_bar_chart_with_values_on_hover() -> None:
    per_year = {1987: 3, 2019: 5, 2020: 1}
    svg = milestone_chart_svg(per_year)
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = _svg_root(svg)
    assert root.tag == f"{{{SVG}}}svg"
    assert root.get("id") == "milestones-chart"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "milestones-chart-title"
    assert root.get("viewBox")
    title = root.find(f"{{{SVG}}}title")
    assert title is not None and title.get("id") == "milestones-chart-title"
    assert title.text == "Milestones per year"
    # One group per bar, each with its value as the tooltip browsers show on hover.
    bars = [g for g in root.iter(f"{{{SVG}}}g") if re.fullmatch(r"milestones-\d+", g.get("id", ""))]
    assert [g.get("id") for g in bars] == [f"milestones-{y}" for y in per_year]
    assert [g.findtext(f"{{{SVG}}}title") for g in bars] == [
        "1987: 3 milestones",
        "2019: 5 milestones",
        "2020: 1 milestone",
    ]
    assert all(BAR_COLOUR in ET.tostring(g, encoding="unicode") for g in bars)
    texts = [t.text for t in root.iter(f"{{{SVG}}}text")]
    assert "year" in texts and "milestones" in texts


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
    assert "svg" in parsed.tags and "path" in parsed.tags and "text" in parsed.tags
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
            "--window-size=1280,3000",
            f"--screenshot={shot}",
            url,
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 3000)
    target = tuple(int(BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    bar_pixels = sum(
        n
        for n, colour in image.getcolors(maxcolors=1 << 20)
        if all(abs(a - b) <= 8 for a, b in zip(colour, target, strict=True))
    )
    # Only the chart's bars use this colour; a drawn chart covers over a thousand pixels (none
    # without it), however few milestones the test corpus gives.
    assert bar_pixels > 1000, bar_pixels
