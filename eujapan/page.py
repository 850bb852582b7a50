"""The release page (index.html): readable offline, generated from the release's own files."""

from __future__ import annotations

import html
from pathlib import Path

PAGE = "index.html"


def write_release_page(folder: Path, context: dict) -> None:
    version = html.escape(context["version"])
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{len(df)}</td></tr>"
        for name, df in context["tables"].items()
    )
    (folder / PAGE).write_text(
        f"<!doctype html><html lang='en'><meta charset='utf-8'><title>EU-Japan Cooperation "
        f"Dataset {version}</title><h1>EU-Japan Cooperation Dataset {version}</h1>"
        f"<table><tr><th>table</th><th>rows</th></tr>{rows}</table></html>\n",
        encoding="utf-8",
    )
