"""The explorer of a release (`explorer/`) and the source texts its facts link to (`texts/`).

Generic over the models: every table gets a browser page; every table that a foreign key points
at (sources, organisations, and any later one) is an "entity" with a page per row listing every
row of every table that points at it, and a search index. Every grounded fact links to
`texts/<source_id>.html#q-<start>-<end>`, where the quote is highlighted in place.

Pages are Jinja2 templates (`templates/`); data the browser filters is split per table and chunk
(`explorer_data`), so no page loads the whole dataset. Everything is read from the release's own
Parquet files, and every link stays inside the release folder: it works offline from disk.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from schemas.contract import describe

from .chart import milestone_chart_svg
from .explorer_data import (
    SHARD_CHARS,
    TableInfo,
    read_rows,
    table_infos,
    write_search_index,
    write_table_data,
)
from .layout import PublishError

EXPLORER = "explorer"
TEXTS = "texts"
# An entity page lists at most this many rows of each table pointing at it; the table browser,
# linked from there with the filter set, has the rest.
MAX_RELATED_ROWS = 200
_STATIC = Path(__file__).with_name("static")


def environment() -> Environment:
    return Environment(
        loader=PackageLoader("eujapan.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def quality_rows(quality: Mapping | None) -> list[dict]:
    """manifest.json's `quality` as one row per split and table, blind first."""
    rows = []
    for split in ("blind", "dev", "seeds"):
        figures = (quality or {}).get(split)
        if not figures or not figures.get("texts"):
            continue
        for table, t in figures["tables"].items():
            rows.append(
                {
                    "split": split,
                    "texts": figures["texts"],
                    "table": table,
                    "precision": t["precision"],
                    "recall": t["recall"],
                    "gold": t["gold_facts"],
                }
            )
    return rows


def text_link(source_id: str, start: int, end: int) -> str:
    """Where a fact's quote is shown highlighted, relative to the release folder."""
    return f"{TEXTS}/{source_id}.html#q-{start}-{end}"


class _Writer:
    def __init__(self, folder: Path, context: Mapping, texts: Mapping[str, str]):
        self.folder = folder
        self.context = context
        self.texts = texts
        self.env = environment()
        self.infos = table_infos()
        self.rows = {t: read_rows(folder, t) for t in self.infos}
        self.labels = {
            t: {r[i.key]: r[i.label] for r in self.rows[t]}
            for t, i in self.infos.items()
            if i.entity
        }
        dataset = context.get("dataset", {})
        self.common = {
            "dataset_title": dataset.get("title", "EU-Japan Cooperation Dataset"),
            "version": context["version"],
            "nav_tables": list(self.infos),
        }

    def render(self, template: str, path: Path, root: str, **values: object) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        page = self.env.get_template(template).render(**self.common, root=root, **values)
        path.write_text(page, encoding="utf-8")

    def write(self) -> None:
        out = self.folder / EXPLORER
        (out / "assets").mkdir(parents=True, exist_ok=True)
        for name in ("explorer.js", "explorer.css"):
            shutil.copyfile(_STATIC / name, out / "assets" / name)
        entities = []
        for table, info in self.infos.items():
            chunks = write_table_data(out, info, self.rows[table])
            self._table_page(info, chunks)
            if info.entity:
                shards = write_search_index(out, info, self.rows[table])
                entities.append({"table": table, "shards": shards})
                self._entity_pages(info)
        self.render(
            "home.html.j2",
            out / "index.html",
            "../",
            title="Explorer",
            tables=[
                {"name": t, "rows": len(self.rows[t]), "description": describe(t)}
                for t in self.infos
            ],
            quality=quality_rows(self.context.get("quality")),
            chart=Markup(self._chart()),
            config={"page": "home", "entities": entities, "shard_chars": SHARD_CHARS},
        )
        self._text_pages()

    def _chart(self) -> str:
        if "milestones" not in self.infos:
            return ""
        years = [r["year"] for r in self.rows["milestones"]]
        return milestone_chart_svg({y: years.count(y) for y in sorted(set(years))})

    def _table_page(self, info: TableInfo, chunks: int) -> None:
        targets = info.targets()
        names = [c.name for c in info.columns]
        config = {
            "page": "table",
            "table": info.name,
            "rows": len(self.rows[info.name]),
            "chunks": chunks,
            "entity": info.entity,
            "grounded": info.grounded,
            "grounding": [names.index(c) for c in ("source_id", "char_start", "char_end")]
            if info.grounded
            else [],
            "columns": [
                {
                    "name": c.name,
                    "index": i,
                    "key": c.primary_key,
                    "target": targets.get(c.name),
                }
                for i, c in enumerate(info.columns)
            ],
        }
        self.render(
            "table.html.j2",
            self.folder / EXPLORER / f"table-{info.name}.html",
            "../",
            title=info.name,
            info=info,
            rows=len(self.rows[info.name]),
            description=describe(info.name),
            config=config,
        )

    def _entity_pages(self, info: TableInfo) -> None:
        # One pass over each pointing table: id -> its rows, instead of a filter per entity.
        pointing: list[tuple[TableInfo, str, dict[object, list[dict]]]] = []
        for table, column in info.referenced_by:
            groups: dict[object, list[dict]] = {}
            for row in self.rows[table]:
                if row[column] is not None:
                    groups.setdefault(row[column], []).append(row)
            pointing.append((self.infos[table], column, groups))
        for row in self.rows[info.name]:
            ident = row[info.key]
            related = []
            for other, column, groups in pointing:
                found = groups.get(ident, [])
                related.append(
                    {
                        "table": other.name,
                        "column": column,
                        "info": other,
                        "total": len(found),
                        "rows": found[:MAX_RELATED_ROWS],
                    }
                )
            link = f"../../{TEXTS}/{ident}.html" if ident in self.texts else None
            self.render(
                "entity.html.j2",
                self.folder / EXPLORER / info.name / f"{ident}.html",
                "../../",
                info=info,
                row=row,
                related=related,
                labels=self.labels,
                text_link=link if info.key == "source_id" else None,
            )

    def _text_pages(self) -> None:
        for source in self.rows.get("sources", []):
            text = self.texts.get(source["source_id"])
            if text is None:
                raise PublishError(f"no text for source {source['source_id']!r}")
            data = json.dumps(text, ensure_ascii=False).replace("<", "\\u003c")
            self.render(
                "text.html.j2",
                self.folder / TEXTS / f"{source['source_id']}.html",
                "../",
                source=source,
                text_json=Markup(data),
            )


def explorer_writer(texts: Mapping[str, str]):
    """A release writer (folder, context) that adds `explorer/` and `texts/` from `texts`."""

    def write_explorer(folder: Path, context: dict) -> None:
        _Writer(folder, context, texts).write()

    return write_explorer
