"""The layout rules of issue 12: no import cycles, no module over 600 lines, `schemas/` alone.

Imports are read from the source (module level and inside functions alike), so a deferred import
that closes a cycle counts as a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support import REPO

PACKAGES = ("eujapan", "pipeline", "schemas", "benchmarks", "tests")
MAX_LINES = 600
# extract/ is split by kind of evidence (issue 12, item 4) into modules smaller still, so that
# one kind can grow without another split.
MAX_EXTRACT_LINES = 500


def _modules() -> dict[str, Path]:
    out = {"frictionless_eujapan": REPO / "frictionless_eujapan.py"}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known
            targets = sorted(submodules) or [base]
        else:
            continue
        # `import a.b.c` or a name from a module: the longest project module it names.
        for target in targets:
            parts = target.split(".")
            for end in range(len(parts), 0, -1):
                if ".".join(parts[:end]) in known:
                    found.add(".".join(parts[:end]))
                    break
    return found - {name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles_among_project_modules() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


def test_schemas_imports_nothing_else_of_the_project() -> None:
    graph = _graph()
    outside = {
        (name, target)
        for name, targets in graph.items()
        if name.split(".")[0] == "schemas"
        for target in targets
        if target.split(".")[0] != "schemas"
    }
    assert outside == set()
    assert graph["schemas.contract"] >= {"schemas.tables"}  # the reader sees real imports


def _too_long(prefix: str, limit: int) -> dict[str, int]:
    return {
        path.relative_to(REPO).as_posix(): n
        for name, path in _modules().items()
        if name.startswith(prefix)
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > limit
    }


def test_no_module_over_600_lines() -> None:
    assert _too_long("", MAX_LINES) == {}


def test_no_extraction_module_over_500_lines() -> None:
    assert _too_long("eujapan.extract.", MAX_EXTRACT_LINES) == {}


def test_publishing_and_extraction_do_not_import_dagster() -> None:
    graph = _graph()
    for name, path in _modules().items():
        if name.startswith(("eujapan.", "schemas.")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = {
                alias.name.split(".")[0]
                for node in ast.walk(tree)
                if isinstance(node, ast.Import)
                for alias in node.names
            } | {
                (node.module or "").split(".")[0]
                for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)
            }
            assert "dagster" not in names, name
            assert not any(t.startswith("pipeline") for t in graph[name]), name
