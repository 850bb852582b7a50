"""The catalogue's schema (eujapan/catalogue.py) and the reading of the sources folder around it
(issue 16): bad types, dates, aliases, Unicode white space, a folder swapped for a link."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from eujapan import catalogue
from eujapan import sources as sources_module
from eujapan.sources import SourceError, decode_source, load_catalogue, load_sources
from tests.support import SOURCES

GOOD = "The EU-Japan Centre was founded in 1987 and organised 14 workshops.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "good.txt").write_text(GOOD, encoding="utf-8")
    return sources


def write(folder: Path, text: str) -> None:
    (folder / "catalogue.yaml").write_text(text, encoding="utf-8")


def test_the_real_catalogue_is_valid_including_published_dates() -> None:
    data = load_catalogue(SOURCES)
    assert any(entry.get("published") for entry in data["sources"])
    assert all(isinstance(entry.get("date_added"), str) for entry in data["sources"])


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("dataset:\n  name: [1, 2]\n", "dataset: 'name' must be text, not a list"),
        ("dataset:\n  licence: {a: 1}\n", "dataset: 'licence' must be text, not a mapping"),
        ("dataset: [a]\n", "'dataset' must be a mapping"),
        ("sources: {a: 1}\n", "'sources' must be a list"),
        ("sources:\n  - file: good.txt\n    id: yes\n", "'id' must be text, not bool (quote it)"),
        ("sources:\n  - file: good.txt\n    id: 123\n", "'id' must be text, not int"),
        ("sources:\n  - file: good.txt\n    date_added: tomorrow\n", "'date_added' must be a date"),
        ("sources:\n  - file: good.txt\n    date_added: '2026-02-30'\n", "not a real date"),
        ("sources:\n  - file: good.txt\n    published: 2026-11-21T10:00:00\n", "'published'"),
        ("sources:\n  - file: good.txt\n    published: 20261121\n", "'published' must be a date"),
        ("sources:\n  - id: x\n", "'file' is required"),
        ("sources:\n  - file: good.txt\n    licnce: CC-BY\n", "unknown key(s) licnce"),
        ("sourcess: []\n", "unknown top-level key(s) sourcess"),
        ('sources:\n  - file: good.txt\n    title: "\\u00a0\\u3000"\n', "only white space"),
        ("- just\n- a list\n", "must be a mapping"),
    ],
)
def test_a_catalogue_that_breaks_the_schema_is_refused(
    folder: Path, yaml_text: str, expected: str
) -> None:
    write(folder, yaml_text)
    with pytest.raises(SourceError) as caught:
        load_sources(folder, 1_000_000)
    message = str(caught.value)
    assert expected in message
    assert "catalogue.yaml" in message and "\n" not in message


def test_every_problem_is_listed_at_once() -> None:
    found = catalogue.problems(
        {"dataset": {"name": 1}, "sources": [{"file": "a.txt", "id": True, "date_added": "x"}]}
    )
    assert len(found) == 3


def test_dates_written_without_quotes_are_kept_as_text(folder: Path) -> None:
    write(folder, "sources:\n  - file: good.txt\n    date_added: 2026-11-21\n    published: null\n")
    (document,) = load_sources(folder, 1_000_000)
    assert document.date_added == "2026-11-21"


def test_an_alias_bomb_is_refused_within_seconds(folder: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 12):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    write(folder, "\n".join(lines) + "\nsources: []\n")
    start = time.monotonic()
    with pytest.raises(SourceError, match="alias"):
        load_catalogue(folder)
    assert time.monotonic() - start < 5


def test_a_single_alias_is_refused_too(folder: Path) -> None:
    write(folder, "dataset:\n  name: &n eu\n  title: *n\n")
    with pytest.raises(SourceError, match=r"alias \*n refused"):
        load_catalogue(folder)


def test_deep_nesting_is_a_clear_error(folder: Path) -> None:
    write(folder, "sources: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(SourceError, match="catalogue"):
        load_catalogue(folder)


@pytest.mark.parametrize(
    "blank", ["\u00a0\u00a0\n", "\u3000\u3000", "\u2003\u2009\u202f\n", "\u200b\ufeff \u2028"]
)
def test_a_text_of_only_unicode_white_space_is_empty(blank: str) -> None:
    with pytest.raises(SourceError, match="the file is empty"):
        decode_source("blank.txt", blank.encode("utf-8"), 1_000)


def test_text_with_a_word_among_unicode_spaces_is_kept() -> None:
    assert decode_source("x.txt", "\u3000日本\u00a0".encode(), 1_000) == "\u3000日本\u00a0"


def test_a_folder_swapped_for_a_link_after_the_scan_is_not_followed(
    folder: Path, tmp_path: Path, monkeypatch
) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "a.txt").write_text(GOOD, encoding="utf-8")
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub" / "a.txt").write_text("SECRET from outside, 99 secrets.\n", encoding="utf-8")
    scan = sources_module._scan

    def scan_then_swap(sources_dir: Path) -> dict:
        found = scan(sources_dir)
        shutil.rmtree(folder / "sub")
        (folder / "sub").symlink_to(outside / "sub", target_is_directory=True)
        return found

    monkeypatch.setattr(sources_module, "_scan", scan_then_swap)
    with pytest.raises(SourceError, match=r"sub/a\.txt: refused, a part of its path is a symbolic"):
        load_sources(folder, 1_000_000)


def test_a_file_swapped_for_a_link_after_the_scan_is_not_followed(
    folder: Path, tmp_path: Path, monkeypatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET 12 secrets\n", encoding="utf-8")
    scan = sources_module._scan

    def scan_then_swap(sources_dir: Path) -> dict:
        found = scan(sources_dir)
        (folder / "good.txt").unlink()
        (folder / "good.txt").symlink_to(secret)
        return found

    monkeypatch.setattr(sources_module, "_scan", scan_then_swap)
    with pytest.raises(SourceError, match=r"good\.txt: refused"):
        load_sources(folder, 1_000_000)
