"""The catalogue's one schema, checked as a whole before anything runs.

`sources/catalogue.yaml` is a mapping with an optional `dataset:` block (every value text: it
becomes the descriptor's name, title and licence) and a `sources:` list of entries:

    file        required, text: a relative path inside the sources folder
    id          text (a bare `yes` or `123` in YAML is a bool or a number: quote it)
    title, publisher, url, licence, attribution, language    text or null
    date_added, published    a date written YYYY-MM-DD, or null

No other keys are accepted (a misspelt key would otherwise be dropped without a word). Text may
not be only white space, Unicode white space included. YAML aliases are refused: a few hundred
bytes of nested aliases expand to gigabytes ("billion laughs").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

ENTRY_TEXT = ("id", "title", "publisher", "url", "licence", "attribution", "language")
ENTRY_DATES = ("date_added", "published")
ENTRY_KEYS = frozenset({"file", *ENTRY_TEXT, *ENTRY_DATES})
TOP_KEYS = frozenset({"dataset", "sources"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Characters that show nothing and are not Unicode white space (str.isspace): zero-width space,
# joiners, word joiner, byte order mark. A text of only these and white space is blank too.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


class CatalogueError(ValueError):
    """The catalogue breaks its schema; the message lists every problem on one line."""


def is_blank(text: str) -> bool:
    """Nothing but white space (any Unicode white space: NBSP, ideographic space...) or
    invisible characters."""
    return not text.strip().strip(_INVISIBLE).strip()


class _NoAliasLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses aliases (`*name`) instead of expanding them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"alias *{event.anchor} refused: the catalogue may not use YAML aliases",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def parse(text: str) -> Any:
    """The YAML document as plain data; yaml.YAMLError when it is not valid or uses aliases,
    RecursionError when it is nested deeper than Python's recursion limit."""
    return yaml.load(text, Loader=_NoAliasLoader)


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)


def _text_problem(where: str, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        hint = " (quote it)" if isinstance(value, bool | int | float) else ""
        return f"{where}: '{key}' must be text, not {_kind(value)}{hint}"
    if value and is_blank(value):
        return f"{where}: '{key}' is only white space"
    return None


def _date_problem(where: str, key: str, value: Any) -> str | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return None  # an unquoted 2026-11-21 is read by YAML as a date: the same value
    if not isinstance(value, str) or not _DATE.match(value):
        return f"{where}: '{key}' must be a date written YYYY-MM-DD, not {value!r}"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"{where}: '{key}' is not a real date: {value!r}"
    return None


def _entry_problems(number: int, entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return [f"sources entry {number}: must be a mapping with a 'file', not {_kind(entry)}"]
    file = entry.get("file")
    where = f"sources entry {number}" + (f" ({file!r})" if isinstance(file, str) else "")
    problems = []
    if not isinstance(file, str) or not file or is_blank(file):
        problems.append(f"{where}: 'file' is required and must be text")
    unknown = sorted(str(k) for k in entry if k not in ENTRY_KEYS)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(unknown)}")
    problems += filter(None, (_text_problem(where, k, entry.get(k)) for k in ENTRY_TEXT))
    problems += filter(None, (_date_problem(where, k, entry.get(k)) for k in ENTRY_DATES))
    return problems


def problems(data: Any) -> list[str]:
    """Every way `data` (the parsed catalogue) breaks the schema; empty when it is valid."""
    if data is None:
        return []
    if not isinstance(data, dict):
        return [f"the catalogue must be a mapping, not {_kind(data)}"]
    found = []
    unknown = sorted(str(k) for k in data if k not in TOP_KEYS)
    if unknown:
        found.append(f"unknown top-level key(s) {', '.join(unknown)}")
    dataset = data.get("dataset")
    if dataset is not None and not isinstance(dataset, dict):
        found.append(f"'dataset' must be a mapping, not {_kind(dataset)}")
    elif dataset:
        found += filter(
            None, (_text_problem("dataset", str(k), v) for k, v in sorted(dataset.items(), key=str))
        )
    sources = data.get("sources")
    if sources is not None and not isinstance(sources, list):
        found.append(f"'sources' must be a list, not {_kind(sources)}")
    elif sources:
        for number, entry in enumerate(sources, 1):
            found += _entry_problems(number, entry)
    return found


def normalise(data: Any) -> dict[str, Any]:
    """A valid catalogue with its defaults filled in and dates as YYYY-MM-DD text."""
    data = dict(data or {})
    data["dataset"] = dict(data.get("dataset") or {})
    entries = []
    for entry in data.get("sources") or []:
        entry = dict(entry)
        for key in ENTRY_DATES:
            if isinstance(entry.get(key), dt.date):
                entry[key] = entry[key].isoformat()
        entries.append(entry)
    data["sources"] = entries
    return data
