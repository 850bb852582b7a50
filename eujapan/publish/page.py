"""The release page (index.html): readable offline, generated from the release's own files.

Everything the page shows comes from the release being written (its tables, its files, its diff)
and from the Pandera models (the data dictionary), so it cannot drift from the data. It needs no
network: the CSS is inline, the chart is an inline SVG drawn by matplotlib (`chart.py`), text uses system fonts,
and every link points at a file of the same release folder or at an anchor on the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from schemas.contract import columns, describe
from schemas.tables import TABLES

from . import database
from .chart import milestone_chart_svg, milestones_per_year
from .csv_files import csv_file
from .explorer import EXPLORER, TEXTS
from .layout import (
    CHANGELOG,
    CHANGES,
    CHECKSUMS,
    DATABASE,
    DESCRIPTOR,
    MANIFEST,
    PAGE,
    sha256_file,
    table_file,
)
from .network import network_section

# Files written after the page (so it cannot show their checksums), with what they hold.
_LATER_FILES = {
    MANIFEST: "Build time, version, bump, counts and the checksum of every other file.",
    CHECKSUMS: "SHA-256 of every file in this folder, for sha256sum -c SHA256SUMS.",
}
_FILE_NOTES = {
    CHANGES: "Fact-level changes against the previous release (table, id, change, columns).",
    CHANGELOG: "Human-readable summary of this and every earlier release.",
    DATABASE: "DuckDB database: every table with column comments, plus ready-made views.",
    DESCRIPTOR: "Frictionless Data Package descriptor: licences, sources, schemas, checksums.",
}

_FOLDERS = {
    EXPLORER: "Explorer: browse, search and filter every table; a page per organisation and "
    "source; every fact linked to its quote.",
    TEXTS: "The source texts, each fact's quote highlighted when opened from the explorer.",
}

_CSS = """
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6672; --line: #d8dee4;
  --accent: #1f4e8c; --soft: #f3f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans",
  sans-serif; color: var(--ink); background: #fff; }
header { background: var(--accent); color: #fff; padding: 1.5rem 1rem; }
header .wrap { max-width: 64rem; margin: 0 auto; }
header h1 { margin: 0 0 .25rem; font-size: 1.8rem; }
header p { margin: 0; opacity: .9; }
nav { background: var(--soft); border-bottom: 1px solid var(--line); padding: .5rem 1rem; }
nav ul { max-width: 64rem; margin: 0 auto; padding: 0; list-style: none; display: flex;
  flex-wrap: wrap; gap: .25rem 1.25rem; }
a { color: var(--accent); }
main { max-width: 66rem; margin: 0 auto; padding: 0 1rem 3rem; }
section { margin-top: 2rem; }
h2 { border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { margin-bottom: .25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: .88rem; }
pre { background: var(--soft); border: 1px solid var(--line); padding: .75rem; overflow-x: auto; }
.hash { word-break: break-all; font-size: .78rem; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: .05rem .6rem; border-radius: .75rem;
  background: #fff; color: var(--accent); font-weight: 600; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; max-width: 56rem; }
figcaption { color: var(--muted); font-size: .9rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .9rem;
  min-width: 9rem; }
.card b { display: block; font-size: 1.5rem; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    value, unit = n / 1000, "kB"
    for bigger in ("MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}"


def _table(
    head: Iterable[str], rows: Iterable[Iterable[str]], numeric: frozenset[int] = frozenset()
):
    """An HTML table; cells are already escaped HTML."""
    cells = "".join(
        f"<th{' class=num' if i in numeric else ''}>{h}</th>" for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _files_section(folder: Path) -> str:
    rows = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.name != PAGE):
        name = path.name
        note = _FILE_NOTES.get(name) or (
            describe(path.stem) if path.stem in TABLES else "Part of this release."
        )
        rows.append(
            [
                f'<a href="{_e(name)}">{_e(name)}</a>',
                _e(note),
                _e(_size(path.stat().st_size)),
                f"{path.stat().st_size:,}",
                f'<code class="hash">{sha256_file(path)}</code>',
            ]
        )
    for name, note in _FOLDERS.items():
        files = [p for p in (folder / name).rglob("*") if p.is_file()]
        if not files:
            continue
        size = sum(p.stat().st_size for p in files)
        start = f"{name}/index.html" if (folder / name / "index.html").is_file() else None
        link = f'<a href="{_e(start)}">{_e(name)}/</a>' if start else f"{_e(name)}/"
        rows.append(
            [
                link,
                _e(f"{note} ({len(files):,} files)"),
                _e(_size(size)),
                f"{size:,}",
                f'<span class="muted">each file in <a href="{CHECKSUMS}">{CHECKSUMS}</a></span>',
            ]
        )
    rows.append(
        [
            f'<a href="{PAGE}">{PAGE}</a>',
            "This page.",
            "",
            "",
            f'<span class="muted">see <a href="{CHECKSUMS}">{CHECKSUMS}</a></span>',
        ]
    )
    for name, note in _LATER_FILES.items():
        rows.append(
            [
                f'<a href="{_e(name)}">{_e(name)}</a>',
                _e(note),
                "",
                "",
                f'<span class="muted">see <a href="{CHECKSUMS}">{CHECKSUMS}</a></span>',
            ]
        )
    return (
        '<section id="files"><h2>Files</h2>'
        "<p>Links are relative: keep the folder together. The checksums below were taken when "
        f'this page was written; <a href="{CHECKSUMS}">{CHECKSUMS}</a> holds the SHA-256 of '
        "every file, including this page, and is what <code>eujapan verify</code> and "
        "<code>sha256sum -c</code> check.</p>"
        + _table(["file", "what it holds", "size", "bytes", "sha256"], rows, {2, 3})
        + "</section>"
    )


def _dictionary_section() -> str:
    parts = [
        '<section id="dictionary"><h2>Data dictionary</h2>'
        "<p>Generated from the Pandera models that validate every release. Types are the "
        "Parquet (Arrow) types; <em>key</em> marks the primary key (PK) and foreign keys (FK). "
        "The same descriptions are the column comments in the DuckDB file and the field "
        f'descriptions in <a href="{DESCRIPTOR}">{DESCRIPTOR}</a>.</p>'
    ]
    for table in TABLES:
        rows = []
        for c in columns(table):
            key = "PK" if c.primary_key else (f"FK → {c.foreign_key}" if c.foreign_key else "")
            rows.append(
                [
                    f"<code>{_e(c.name)}</code>",
                    f"<code>{_e(c.arrow_type)}</code>",
                    "no" if c.nullable else "yes",
                    _e(key),
                    _e(c.described()),
                ]
            )
        parts.append(
            f'<h3 id="table-{_e(table)}"><code>{_e(table)}</code></h3>'
            f"<p>{_e(describe(table))} File: "
            f'<a href="{_e(table_file(table))}">{_e(table_file(table))}</a>.</p>'
            + _table(["column", "type", "required", "key", "description"], rows)
        )
    parts.append(
        "<h3 id='views'>Views in the DuckDB file</h3><p>Ready-made queries in "
        f'<a href="{DATABASE}">{DATABASE}</a>; their columns carry comments too.</p>'
    )
    for view, (comment, _, _) in database.VIEWS.items():
        rows = [
            [f"<code>{_e(name)}</code>", _e(text)]
            for name, text in database.view_column_descriptions(view).items()
        ]
        parts.append(
            f"<h4><code>{_e(view)}</code></h4><p>{_e(comment)}</p>"
            + _table(["column", "description"], rows)
        )
    parts.append("</section>")
    return "".join(parts)


def _changes_section(context: Mapping) -> str:
    diff = context.get("diff")
    previous = context.get("previous")
    if diff is None:
        summary = "<p>No change information.</p>"
    elif previous:
        summary = (
            f"<p>Compared with <strong>{_e(previous)}</strong>: a <strong>{_e(diff.bump)}</strong> "
            "release.</p><ul>" + "".join(f"<li>{_e(r)}</li>" for r in diff.reasons) + "</ul>"
        )
    else:
        summary = "<p>First release: every fact is new.</p>"
    counts = diff.counts() if diff is not None else {}
    rows = [
        [
            f"<code>{_e(t)}</code>",
            str(counts[t]["added"]),
            str(counts[t]["removed"]),
            str(counts[t]["modified"]),
        ]
        for t in sorted(counts)
    ]
    table = (
        _table(["table", "added", "removed", "modified"], rows, {1, 2, 3})
        if rows
        else "<p>No fact was added, removed or modified.</p>"
    )
    return (
        '<section id="changes"><h2>What changed</h2>'
        + summary
        + table
        + f'<p>Every changed fact, with the columns that changed, is in <a href="{CHANGES}">'
        f'{CHANGES}</a>; the history of all releases is in <a href="{CHANGELOG}">{CHANGELOG}</a>.'
        "</p></section>"
    )


def _use_section(folder: Path, context: Mapping) -> str:
    version = context["version"]
    dataset = context.get("dataset", {})
    title = dataset.get("title", "EU-Japan Cooperation Dataset")
    name = dataset.get("name", "eu-japan-cooperation")
    licence = dataset.get("licence", "CC-BY-4.0")
    date = context["created"][:10]
    base = f"outputs/releases/{version}"
    key = re.sub(r"\W+", "_", f"{name}_{version}").strip("_")
    duck = database.database_info()
    # The data files, written before this page: a citation names their exact bytes.
    cited = {
        f: sha256_file(folder / f)
        for f in [*(table_file(t) for t in TABLES), DATABASE]
        if (folder / f).is_file()
    }
    sums = "; ".join(f"{f} {h}" for f, h in cited.items())
    query = (
        "SELECT year, count(*) AS milestones\n"
        f"FROM read_parquet('{base}/milestones.parquet')\n"
        "GROUP BY year\nORDER BY year;"
    )
    return (
        '<section id="use"><h2>Pin, check and cite this release</h2>'
        f"<p>This folder never changes after publication: pin <code>{_e(version)}</code> by its "
        f"path <code>{_e(base)}/</code>, then check what you downloaded against its checksums "
        "(<code>eujapan verify</code> also re-checks the manifest and the descriptor):</p>"
        f"<pre><code>cd {_e(base)}\nsha256sum -c {CHECKSUMS}\n\n"
        f"eujapan verify {_e(base)}</code></pre>"
        "<p>Query the Parquet files in place with DuckDB:</p>"
        f"<pre><code>{_e(query)}</code></pre>"
        "<p>Or open the database file read-only (its tables and columns are commented, keys "
        "declared, coded columns are ENUM types). In the project, after <code>make build</code>:"
        "</p>"
        f"<pre><code>.venv/bin/eujapan sql {_e(version)}</code></pre>"
        f'<p id="duckdb-version">{_e(DATABASE)} was written by DuckDB '
        f"{_e(duck['library_version'])} in storage format {_e(duck['storage_version'])}: "
        f"{_e(duck['readable_by'])} open it (the <code>duckdb</code> command too: "
        f"<code>duckdb -readonly {_e(base)}/{DATABASE}</code>). From Python:</p>"
        f"<pre><code>import duckdb\ncon = duckdb.connect(&quot;{_e(base)}/{DATABASE}&quot;, "
        "read_only=True)</code></pre>"
        '<h3 id="cite">How to cite</h3>'
        f"<p>{_e(title)}, version {_e(version.lstrip('v'))} ({_e(date)}). Dataset "
        f"<code>{_e(name)}</code>, release folder <code>{_e(base)}/</code>. Licence: "
        f"{_e(licence)}; please also credit the sources listed above. The checksums say exactly "
        "which files you used (the repository's <code>CITATION.cff</code> gives the same "
        "citation to GitHub and reference managers):</p>"
        f"<pre><code>@misc{{{_e(key)},\n  title   = {{{_e(title)}}},\n"
        f"  version = {{{_e(version.lstrip('v'))}}},\n  year    = {{{_e(date[:4])}}},\n"
        f"  note    = {{Release {_e(version)}, {_e(date)}; licence {_e(licence)}; "
        f"SHA-256 {_e(sums)}}}\n}}</code></pre>"
        "<table><thead><tr><th>file</th><th>sha256</th></tr></thead><tbody>"
        + "".join(
            f'<tr><td><a href="{_e(f)}">{_e(f)}</a></td><td><code class="hash">{h}</code></td></tr>'
            for f, h in cited.items()
        )
        + "</tbody></table></section>"
    )


def _about_section(context: Mapping) -> str:
    dataset = context.get("dataset", {})
    tables = context["tables"]
    cards = "".join(
        f'<a class="card" href="#table-{_e(t)}"><b>{len(tables[t]):,}</b>{_e(t)}</a>'
        for t in TABLES
    )
    return (
        '<section id="about"><h2>What this dataset is</h2>'
        "<p>Organisations, milestones and deliverables of cooperation between the European "
        "Union and Japan, extracted by rules from public texts. Every fact carries the source "
        "it was read from, the character offsets and the verbatim quote, so each one can be "
        "checked against its text.</p>"
        f"<p>Licence of the dataset: <strong>{_e(dataset.get('licence', 'CC-BY-4.0'))}</strong>. "
        'The texts keep their own licences; credit them as listed under <a href="#sources">'
        "Sources</a>.</p>"
        f'<h3 id="counts">Rows per table</h3><div class="cards">{cards}</div>'
        f'<p><a id="explorer-link" href="{EXPLORER}/index.html"><strong>Explore the data</strong>'
        "</a>: search organisations, browse and filter every table, and open each fact in its "
        "text. Every table is also here as CSV ("
        + ", ".join(f'<a href="{_e(csv_file(t))}">{_e(csv_file(t))}</a>' for t in TABLES)
        + ").</p></section>"
    )


def _sources_section(context: Mapping) -> str:
    """Every text with its licence and attribution; long, so it comes after the data."""
    sources = context["tables"]["sources"]
    source_rows = [
        [
            _e(row["title"]),
            _e(_text(row["publisher"]) or ""),
            _e(_text(row["licence"]) or "unknown"),
            _e(_text(row["attribution"]) or ""),
            f"<code>{_e(_text(row['url']))}</code>" if _text(row["url"]) else "",
        ]
        for row in sources.to_dict("records")
    ]
    return (
        f'<section id="sources"><h2>Sources ({len(source_rows)} texts)</h2>'
        + _table(["title", "publisher", "licence", "attribution", "published at"], source_rows)
        + "</section>"
    )


_SPLIT_LABELS = {
    "blind": "blind: real texts never used for tuning",
    "dev": "dev: real texts whose errors were studied",
    "seeds": "seeds: the texts the project started from",
}


def _quality_section(context: Mapping) -> str:
    quality = context.get("quality") or {}
    rows = [
        [
            _e(_SPLIT_LABELS.get(split, split)) + f" ({figures['texts']} texts)",
            _e(table),
            f"{t['precision']:.2f}",
            f"{t['recall']:.2f}",
            str(t["gold_facts"]),
            str(t["extracted_facts"]),
        ]
        for split in ("blind", "dev", "seeds")
        if (figures := quality.get(split)) and figures["texts"]
        for table, t in figures["tables"].items()
    ]
    if not rows:
        return ""
    linked = [
        f"{_e(_SPLIT_LABELS.get(split, split))}: {w['with_wikidata_id']} of {w['organisations']}"
        f" ({w['share']:.0%})"
        for split in ("blind", "dev", "seeds")
        if (w := (quality.get(split) or {}).get("wikidata")) and w["organisations"]
    ]
    wikidata = (
        "<p>Distinct organisations these texts name that carry a Wikidata id: "
        + "; ".join(linked)
        + ".</p>"
        if linked
        else ""
    )
    return (
        '<section id="quality"><h2>How far to trust each table</h2>'
        "<p>Precision and recall of the extraction against facts annotated by hand in the "
        "project's tests (<code>tests/gold/</code>), with strict matching: a row counts only if "
        "its quote overlaps the sentence that states the fact. The blind figures are the honest "
        "estimate for texts the extractor has not seen.</p>"
        + _table(
            ["gold split", "table", "precision", "recall", "facts in gold", "facts extracted"],
            rows,
            numeric=frozenset({2, 3, 4, 5}),
        )
        + wikidata
        + "</section>"
    )


def render_page(folder: Path, context: Mapping) -> str:
    """The whole page as HTML text."""
    dataset = context.get("dataset", {})
    title = dataset.get("title", "EU-Japan Cooperation Dataset")
    version = context["version"]
    created = context["created"]
    previous = context.get("previous")
    per_year = milestones_per_year(context["tables"]["milestones"])
    total = sum(per_year.values())
    span = f"{min(per_year)}–{max(per_year)}" if per_year else "none"
    nav = "".join(
        f'<li><a href="#{a}">{t}</a></li>'
        for a, t in [
            ("about", "About"),
            ("explorer-link", "Explorer"),
            ("chart", "Milestones per year"),
            ("quality", "Quality"),
            ("network", "Who works with whom"),
            ("changes", "What changed"),
            ("files", "Files"),
            ("dictionary", "Data dictionary"),
            ("use", "Pin, check, cite"),
            ("sources", "Sources"),
        ]
    )
    chart = (
        '<section id="chart"><h2>Milestones per year</h2><figure>'
        + milestone_chart_svg(per_year)
        + f"<figcaption>{total} milestones dated {_e(span)}, by the year the text gives. "
        f'Table: <a href="milestones.parquet">milestones.parquet</a>.</figcaption></figure>'
        "</section>"
    )
    meta = (
        f'<span class="badge">{_e(version)}</span> released {_e(created[:10])} '
        f"({_e(created)}) · "
        + (f"previous release {_e(previous)}" if previous else "first release")
        + f" · extractor {_e(context.get('extractor_version', ''))}"
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} {_e(version)}</title><style>{_CSS}</style></head><body>"
        f'<header><div class="wrap"><h1>{_e(title)}</h1><p>{meta}</p></div></header>'
        f"<nav><ul>{nav}</ul></nav><main>"
        + _about_section(context)
        + chart
        + _quality_section(context)
        + network_section(context["tables"])
        + _changes_section(context)
        + _files_section(folder)
        + _dictionary_section()
        + _use_section(folder, context)
        + _sources_section(context)
        + "</main></body></html>\n"
    )


def write_release_page(folder: Path, context: dict) -> None:
    (folder / PAGE).write_text(render_page(folder, context), encoding="utf-8")
