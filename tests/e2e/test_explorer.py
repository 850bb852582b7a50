"""The explorer of a release, offline in headless Chromium; the CSV copies against Parquet."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyarrow.parquet as pq
import pytest

from eujapan.publish import layout
from eujapan.publish.csv_files import csv_file
from eujapan.publish.explorer_data import CHUNK_ROWS, table_infos
from schemas.tables import TABLES
from tests import support

pytestmark = pytest.mark.slow
FLAGS = [
    *support.CHROMIUM_FLAGS,
    "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing may come from the network
    "--virtual-time-budget=10000",  # let the data scripts load before the DOM is dumped
]


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return support.build_real_sources(tmp_path_factory.mktemp("explorer")) / "releases" / "v1.0.0"


def _dom(url: str, tmp_path: Path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed: run `make browser` (make test does)")
    return subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def _busiest_organisation(release: Path) -> dict:
    milestones = pq.read_table(release / "milestones.parquet").to_pylist()
    counts: dict[str, int] = {}
    for m in milestones:
        if m["org_id"]:
            counts[m["org_id"]] = counts.get(m["org_id"], 0) + 1
    org_id = max(counts, key=lambda k: (counts[k], k))
    [org] = [
        o
        for o in pq.read_table(release / "organisations.parquet").to_pylist()
        if o["org_id"] == org_id
    ]
    org["milestones"] = [m for m in milestones if m["org_id"] == org_id]
    return org


def test_a_search_finds_an_organisation_and_its_page_lists_its_milestones(release, tmp_path):
    org = _busiest_organisation(release)
    word = max(re.findall(r"\w+", org["name"]), key=len)
    dom = _dom((release / "explorer" / "index.html").as_uri() + f"?q={word}", tmp_path)
    hits = re.findall(r'<a href="organisations/(org_[0-9a-f]+)\.html" class="hit">', dom)
    assert org["org_id"] in hits, (word, hits)

    page = (release / "explorer" / "organisations" / f"{org['org_id']}.html").read_text()
    assert org["name"] in page
    for milestone in org["milestones"]:
        assert milestone["milestone_id"] in page
    assert f'milestones <span class="muted">({len(org["milestones"])})' in page


def test_a_facts_link_shows_its_quote_highlighted_in_its_text(release, tmp_path):
    org = _busiest_organisation(release)
    page = (release / "explorer" / "organisations" / f"{org['org_id']}.html").read_text()
    milestone = org["milestones"][0]
    link = (
        f"../../texts/{milestone['source_id']}.html#q-{milestone['char_start']}-"
        f"{milestone['char_end']}"
    )
    assert f'href="{link}"' in page
    target = (release / "explorer" / "organisations" / link).resolve()
    url = Path(str(target).split("#")[0]).as_uri() + "#" + link.split("#")[1]
    dom = _dom(url, tmp_path)
    marked = re.search(r'<mark id="quote">(.*?)</mark>', dom, re.S)
    assert marked is not None, "no highlighted quote"
    import html

    assert html.unescape(marked.group(1)) == milestone["quote"]


def test_a_table_filter_keeps_only_matching_rows(release, tmp_path):
    rows = pq.read_table(release / "milestones.parquet").to_pylist()
    kind = max({r["kind"] for r in rows}, key=lambda k: sum(r["kind"] == k for r in rows))
    expected = sum(r["kind"] == kind for r in rows)
    dom = _dom(
        (release / "explorer" / "table-milestones.html").as_uri() + f"?kind={kind}", tmp_path
    )
    assert (
        f"{min(expected, 100)} rows shown" in dom or f"{expected} of {len(rows)} rows match" in dom
    )
    body = dom[dom.index("<tbody>") : dom.index("</tbody>")]
    assert body.count("<tr>") == min(expected, 100)
    assert all(f"<td>{kind}</td>" in row for row in body.split("<tr>")[1:])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [v for k, v in attrs if k in ("href", "src") and v]


def test_no_broken_links_and_nothing_from_elsewhere(release):
    pages = [*(release / "explorer").rglob("*.html"), *(release / "texts").glob("*.html")]
    assert len(pages) > len(TABLES)
    broken = []
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                broken.append(f"{page.name}: {link} leaves the release")
                continue
            if not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or release.resolve() not in target.parents:
                broken.append(f"{page.relative_to(release)}: {link}")
            elif parts.fragment and not re.fullmatch(r"q-\d+-\d+", parts.fragment):
                broken.append(f"{page.relative_to(release)}: {link} (unknown anchor)")
    assert broken == []


def test_data_is_split_so_no_page_loads_a_whole_table(release):
    for table, info in table_infos().items():
        rows = pq.read_metadata(release / f"{table}.parquet").num_rows
        chunks = sorted((release / "explorer" / "data" / table).glob("*.js"))
        assert len(chunks) == -(-rows // CHUNK_ROWS)
        page = (release / "explorer" / f"table-{table}.html").read_text()
        assert "EJ.put(" not in page  # the rows are in the chunks, loaded one at a time
        if info.entity:
            assert (release / "explorer" / "search" / table).is_dir()


def _parse(value: str, kind: str):
    if value == "":
        return None
    return {
        "integer": int,
        "number": float,
        "boolean": lambda v: {"true": True, "false": False}[v],
        "array": json.loads,
    }.get(kind, str)(value)


def test_every_tables_csv_matches_its_parquet_file(release):
    descriptor = json.loads((release / layout.DESCRIPTOR).read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    for table in TABLES:
        resource = resources[f"{table}_csv"]
        assert resource["path"] == csv_file(table)
        assert resource["hash"] == f"sha256:{layout.sha256_file(release / csv_file(table))}"
        kinds = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        parquet = pq.read_table(release / f"{table}.parquet").to_pylist()
        with (release / csv_file(table)).open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            assert (
                reader.fieldnames
                == list(kinds)
                == pq.read_schema(release / f"{table}.parquet").names
            )
            rows = [{k: _parse(v, kinds[k]) for k, v in row.items()} for row in reader]
        assert rows == parquet, table
