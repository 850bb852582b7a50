"""Writer of CHANGELOG.md: this release's entry on top of the previous release's log."""

from __future__ import annotations

from pathlib import Path

from .diff import ReleaseDiff
from .layout import CHANGELOG

_HEADER = "# Changelog\n\n"


def changelog_entry(version: str, created: str, previous: str | None, diff: ReleaseDiff) -> str:
    lines = [f"## {version} ({created[:10]})", ""]
    lines.append(
        f"Compared with {previous}: {diff.bump} release." if previous else "First release."
    )
    lines.append("")
    for reason in diff.reasons:
        lines.append(f"- {reason}")
    counts = diff.counts()
    if counts:
        lines += ["", "| table | added | removed | modified |", "| --- | ---: | ---: | ---: |"]
        for table in sorted(counts):
            c = counts[table]
            lines.append(f"| {table} | {c['added']} | {c['removed']} | {c['modified']} |")
    return "\n".join(lines) + "\n"


def write_changelog(
    folder: Path, previous: Path | None, version: str, created: str, diff: ReleaseDiff
) -> None:
    old_log = (previous / CHANGELOG).read_text(encoding="utf-8") if previous else ""
    body = old_log[len(_HEADER) :] if old_log.startswith(_HEADER) else old_log
    entry = changelog_entry(version, created, previous.name if previous else None, diff)
    (folder / CHANGELOG).write_text(_HEADER + entry + "\n" + body, encoding="utf-8")
