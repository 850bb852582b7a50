"""`eujapan sql` / `make sql`: a read-only SQL shell on a release's DuckDB file.

Uses the duckdb Python package the project already installs, so it works on a fresh machine
after `make build` without a separate DuckDB program. The file is opened read-only: a release
never changes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import duckdb

from .publish.layout import DATABASE, PublishError, latest_release, resolve_release

HELP = (
    "Read-only SQL on {path}\n"
    "End each statement with ';'. Try: SHOW TABLES; or SELECT * FROM organisation_overview "
    "LIMIT 10;\n.tables lists tables and views, .quit leaves (or Ctrl-D).\n"
)
# Rows printed per result; DuckDB's box renderer elides the middle of longer results.
MAX_ROWS = 40


def release_database(releases_dir: Path, release: str | None) -> Path:
    """The DuckDB file of `release` (a version or folder), or of the LATEST release."""
    folder = resolve_release(releases_dir, release) if release else latest_release(releases_dir)
    if folder is None:
        raise FileNotFoundError(f"no release under {releases_dir}: run `make build` first")
    return folder / DATABASE


def _show(con: duckdb.DuckDBPyConnection, sql: str, out: TextIO) -> None:
    relation = con.sql(sql)
    if relation is not None:  # statements such as SET return nothing to show
        out.write(relation.__str__() if relation.shape[0] <= MAX_ROWS else _head(relation))
        out.write("\n")


def _head(relation: duckdb.DuckDBPyRelation) -> str:
    return f"{relation.limit(MAX_ROWS)}({relation.shape[0]:,} rows, first {MAX_ROWS} shown)"


def repl(con: duckdb.DuckDBPyConnection, stdin: TextIO, out: TextIO, interactive: bool) -> int:
    """Statements from `stdin` until end of input; an error is printed and the shell goes on."""
    buffer: list[str] = []
    failed = False
    while True:
        if interactive:
            out.write("eujapan> " if not buffer else "     ...> ")
            out.flush()
        line = stdin.readline()
        if not line:
            break
        command = line.strip()
        if not buffer and command in {".quit", ".exit"}:
            break
        if not buffer and command == ".tables":
            command = "SHOW TABLES;"
        buffer.append(command)
        if not command.endswith(";"):
            continue
        sql, buffer = "\n".join(buffer), []
        try:
            _show(con, sql, out)
        except duckdb.Error as exc:
            failed = True
            out.write(f"error: {exc}\n")
    return 1 if failed and not interactive else 0


def run_sql(releases_dir: Path, release: str | None, command: str | None) -> int:
    try:
        path = release_database(releases_dir, release)
    except (FileNotFoundError, PublishError) as exc:
        print(f"sql: {exc}", file=sys.stderr)
        return 1
    con = duckdb.connect(str(path), read_only=True)
    try:
        if command is not None:
            try:
                _show(con, command, sys.stdout)
            except duckdb.Error as exc:
                print(f"sql: {exc}", file=sys.stderr)
                return 1
            return 0
        interactive = sys.stdin.isatty()
        if interactive:
            sys.stdout.write(HELP.format(path=path))
        return repl(con, sys.stdin, sys.stdout, interactive)
    finally:
        con.close()
