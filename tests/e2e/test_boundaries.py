"""Boundaries: nothing outside the sources folder is read, nothing outside outputs is written,
and no input is ever evaluated or unpickled.
"""

from __future__ import annotations

import ast
import hashlib
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eujapan.sources import CATALOGUE_FILE, SourceError, load_catalogue, load_sources
from pipeline.cli import main
from tests import support

REPO = support.REPO
GOOD = "The EU-Japan Centre for Industrial Cooperation was founded in 1987.\n"
SECRET = "Top secret: the European Commission signed 99 agreements.\n"


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    """(sources folder with one good text, a folder outside it holding a secret text)."""
    sources, outside = tmp_path / "sources", tmp_path / "outside"
    sources.mkdir()
    outside.mkdir()
    (sources / "good.txt").write_text(GOOD, encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "notes").mkdir()
    (outside / "notes" / "more.txt").write_text(SECRET, encoding="utf-8")
    return sources, outside


def refused(sources: Path, *fragments: str) -> str:
    with pytest.raises(SourceError) as caught:
        load_sources(sources, 1_000_000)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "Top secret" not in message
    return message


# Symbolic links ----------------------------------------------------------------------------------


def test_a_symlinked_file_pointing_outside_is_refused(world) -> None:
    sources, outside = world
    (sources / "leak.txt").symlink_to(outside / "secret.txt")
    refused(sources, "leak.txt", "symbolic link", "outside the sources folder")


def test_a_symlinked_folder_pointing_outside_is_refused(world) -> None:
    sources, outside = world
    (sources / "notes").symlink_to(outside / "notes", target_is_directory=True)
    refused(sources, "notes", "symbolic link", "outside the sources folder")


def test_a_symlink_outside_is_refused_whatever_its_name(world) -> None:
    """Even a link the loader would not read as a text (another suffix, or hidden)."""
    sources, outside = world
    for name in ("passwd.pdf", ".hidden.txt"):
        link = sources / name
        link.symlink_to(outside / "secret.txt")
        refused(sources, name, "outside")
        link.unlink()


def test_a_symlink_deep_inside_a_subfolder_is_refused(world) -> None:
    sources, outside = world
    deep = sources / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "x.md").symlink_to(outside / "secret.txt")
    refused(sources, "a/b/c/x.md", "outside")


def test_a_relative_symlink_climbing_out_is_refused(world) -> None:
    sources, _outside = world
    (sources / "up.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    refused(sources, "up.txt", "outside")


def test_the_catalogue_as_a_symlink_outside_is_refused(world) -> None:
    sources, outside = world
    (outside / "catalogue.yaml").write_text("sources: []\n", encoding="utf-8")
    (sources / CATALOGUE_FILE).symlink_to(outside / "catalogue.yaml")
    refused(sources, CATALOGUE_FILE, "outside")
    with pytest.raises(SourceError, match="outside"):
        load_catalogue(sources)


def test_dangling_and_looping_symlinks_fail_cleanly(world) -> None:
    sources, _outside = world
    (sources / "gone.txt").symlink_to(sources / "missing.txt")
    refused(sources, "gone.txt", "refused")
    (sources / "gone.txt").unlink()
    (sources / "loop.txt").symlink_to(sources / "loop.txt")
    refused(sources, "loop.txt", "refused")


def test_symlinks_that_stay_inside_are_read_once(world) -> None:
    sources, _outside = world
    (sources / "sub").mkdir()
    (sources / "sub" / "inner.txt").write_text(GOOD.replace("1987", "1988"), encoding="utf-8")
    (sources / "alias.txt").symlink_to(sources / "good.txt")
    (sources / "subalias").symlink_to(sources / "sub", target_is_directory=True)
    docs = load_sources(sources, 1_000_000)
    # The file link is a text of its own; the folder link is not followed (no duplicates).
    assert sorted(d.path for d in docs) == ["alias.txt", "good.txt", "sub/inner.txt"]
    assert {d.text for d in docs} <= {GOOD, GOOD.replace("1987", "1988")}


def test_a_fifo_or_other_special_file_is_refused_without_hanging(world) -> None:
    sources, _outside = world
    os.mkfifo(sources / "pipe.txt")
    refused(sources, "pipe.txt", "not a regular file")


# Catalogue entries and source ids ----------------------------------------------------------------


@pytest.mark.parametrize(
    "file",
    [
        "../outside/secret.txt",
        "sub/../../outside/secret.txt",
        "{outside}/secret.txt",
        "/etc/passwd",
        "..\\outside\\secret.txt",
    ],
)
def test_catalogue_file_entries_cannot_leave_the_folder(world, file: str) -> None:
    sources, outside = world
    file = file.format(outside=outside)
    (sources / CATALOGUE_FILE).write_text(f"sources:\n  - file: '{file}'\n", encoding="utf-8")
    refused(sources, CATALOGUE_FILE, "relative path inside the sources folder")


@pytest.mark.parametrize(
    "source_id",
    ["../../etc/x", "/abs/id", "a/b", ".hidden", "..", "a\\b", "x" * 129, "id with space", ""],
)
def test_catalogue_ids_that_could_name_a_path_are_refused(world, source_id: str) -> None:
    sources, _outside = world
    (sources / CATALOGUE_FILE).write_text(
        f"sources:\n  - file: good.txt\n    id: {source_id!r}\n", encoding="utf-8"
    )
    if source_id == "":  # an empty id falls back to the file name, which is safe
        assert [d.source_id for d in load_sources(sources, 1_000_000)] == ["good"]
        return
    refused(sources, "good.txt", "not a safe identifier")


@pytest.mark.parametrize(
    "name",
    ["a..b.txt", "-rf.txt", "$(touch pwned).txt", "a;b.txt", "日本語.txt", "Ω.md", "x..md.txt"],
)
def test_default_ids_from_odd_file_names_are_safe(world, name: str) -> None:
    sources, _outside = world
    (sources / name).write_text(GOOD, encoding="utf-8")
    ids = [d.source_id for d in load_sources(sources, 1_000_000)]
    for source_id in ids:
        assert "/" not in source_id and "\\" not in source_id
        assert not source_id.startswith(".") and source_id not in {"", ".", ".."}
    assert len(set(ids)) == 2


def test_non_text_catalogue_values_and_duplicate_entries_are_refused(world) -> None:
    sources, _outside = world
    catalogue = sources / CATALOGUE_FILE
    catalogue.write_text("sources:\n  - file: good.txt\n    title: [a, b]\n", encoding="utf-8")
    refused(sources, "good.txt", "'title' must be text")
    catalogue.write_text("sources:\n  - file: good.txt\n  - file: ./good.txt\n", encoding="utf-8")
    refused(sources, CATALOGUE_FILE, "more than one entry")


def test_yaml_tags_that_build_python_objects_are_refused(world) -> None:
    """The catalogue is parsed with safe_load: a tag that would run code is a YAML error."""
    sources, outside = world
    marker = outside / "pwned"
    (sources / CATALOGUE_FILE).write_text(
        "sources:\n  - file: good.txt\n    title: !!python/object/apply:os.system "
        f"['touch {marker}']\n",
        encoding="utf-8",
    )
    refused(sources, CATALOGUE_FILE, "not valid YAML")
    assert not marker.exists()


# Writes stay inside outputs --------------------------------------------------------------------


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file() and not p.is_symlink()
        else "dir-or-link"
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.slow
def test_a_build_with_odd_names_writes_only_into_outputs(
    tmp_path: Path, world, monkeypatch, capsys
) -> None:
    sources, _outside = world
    home = tmp_path / "dagster_home"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    for name in ("..txt.txt", "$(touch pwned).txt", "日本語.txt"):
        (sources / name).write_text(GOOD.replace("1987", "1990"), encoding="utf-8")
    (sources / CATALOGUE_FILE).write_text(
        "dataset:\n  name: '../../escape'\n  title: '<script>alert(1)</script>'\n"
        "sources:\n  - file: good.txt\n    id: good\n    title: '../../../etc/passwd'\n",
        encoding="utf-8",
    )
    outputs = tmp_path / "outputs"
    before = {k: v for k, v in tree(tmp_path).items() if not k.startswith(("outputs", "dagster"))}
    cwd_before = tree(REPO / "sources")
    assert main(["build", "--sources", str(sources), "--outputs", str(outputs)]) == 0, (
        capsys.readouterr().err
    )
    after = {k: v for k, v in tree(tmp_path).items() if not k.startswith(("outputs", "dagster"))}
    assert after == before  # sources and the outside folder untouched, nothing new beside them
    assert tree(REPO / "sources") == cwd_before
    assert not (tmp_path / "pwned").exists() and not (REPO / "pwned").exists()
    releases = outputs / "releases"
    assert sorted(p.name for p in releases.iterdir()) == ["LATEST", "v1.0.0"]
    release = releases / "v1.0.0"
    # Files, and the explorer's and texts' folders; nothing named after input leaves them.
    assert {p.name for p in release.iterdir() if not p.is_file()} == {"explorer", "texts"}
    for path in release.rglob("*"):
        assert not path.is_symlink() and release.resolve() in path.resolve().parents
    sources_rows = pq.read_metadata(release / "sources.parquet").num_rows
    assert len(list((release / "texts").iterdir())) == sources_rows  # one page per text


@pytest.mark.slow
def test_cli_refuses_a_symlink_outside_with_a_clear_message(world, outputs: Path, capsys) -> None:
    sources, outside = world
    (sources / "leak.txt").symlink_to(outside / "secret.txt")
    assert main(["build", "--sources", str(sources), "--outputs", str(outputs)]) == 1
    err = capsys.readouterr().err
    assert "leak.txt: refused, it is a symbolic link to" in err
    assert "nothing was published" in err
    assert "Traceback" not in err and "Top secret" not in err
    assert not (outputs / "releases" / "LATEST").exists()


# Nothing evaluates or unpickles input ------------------------------------------------------------

CODE_DIRS = ("eujapan", "pipeline", "schemas")
DANGEROUS_CALLS = {
    "eval",
    "exec",
    "compile",
    "__import__",
    "pickle.load",
    "pickle.loads",
    "pickle.Unpickler",
    "cPickle.load",
    "marshal.load",
    "marshal.loads",
    "shelve.open",
    "dill.load",
    "dill.loads",
    "cloudpickle.load",
    "cloudpickle.loads",
    "joblib.load",
    "pd.read_pickle",
    "pandas.read_pickle",
    "yaml.unsafe_load",
    "yaml.full_load",
    "yaml.load_all",
    "os.system",
    "os.popen",
    "subprocess.getoutput",
    "importlib.import_module",
}
UNSAFE_YAML_LOADERS = {"Loader", "UnsafeLoader", "FullLoader"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def dangerous_calls(source: str, filename: str = "<code>") -> list[str]:
    """Calls that evaluate code or deserialise objects, by line: eval/exec, pickle-family loads,
    yaml.load without SafeLoader, numpy.load(allow_pickle=True), shell=True."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        keywords = {k.arg: k.value for k in node.keywords}
        where = f"{filename}:{node.lineno} {name}"
        if name in DANGEROUS_CALLS:
            found.append(where)
        elif name.endswith("yaml.load") or name == "yaml.load":
            loader = keywords.get("Loader") or (node.args[1] if len(node.args) > 1 else None)
            if loader is None or _dotted(loader).split(".")[-1] in UNSAFE_YAML_LOADERS:
                found.append(where)
        elif name.endswith(("np.load", "numpy.load")):
            allow = keywords.get("allow_pickle")
            if isinstance(allow, ast.Constant) and allow.value:
                found.append(where)
        elif "shell" in keywords:
            shell = keywords["shell"]
            if not (isinstance(shell, ast.Constant) and shell.value is False):
                found.append(where + " shell=True")
    return found


def test_the_scanner_finds_what_it_looks_for() -> None:
    bad = (
        "import pickle, yaml\n"
        "eval(text)\n"
        "pickle.loads(blob)\n"
        "yaml.load(text)\n"
        "yaml.load(text, Loader=yaml.FullLoader)\n"
        "subprocess.run(cmd, shell=True)\n"
        "np.load(path, allow_pickle=True)\n"
    )
    assert [f.split()[0] for f in dangerous_calls(bad, "x.py")] == [
        f"x.py:{n}" for n in range(2, 8)
    ]
    good = "yaml.safe_load(text)\nyaml.load(text, Loader=yaml.SafeLoader)\njson.loads(text)\n"
    assert dangerous_calls(good) == []


def test_no_code_evaluates_or_unpickles_anything() -> None:
    files = sorted(p for d in CODE_DIRS for p in (REPO / d).rglob("*.py"))
    assert len(files) > 10
    found = [
        hit
        for path in files
        for hit in dangerous_calls(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    ]
    assert found == []
