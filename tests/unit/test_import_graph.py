"""No import cycles in reader/, and every module named in a string resolves.

The graph is read from the source, not from what Python happened to import:
every ``import`` and ``from … import`` statement of every module under
``reader/`` counts, wherever it stands (module level, inside a function,
under ``if TYPE_CHECKING:``). A function-level import that only dodges a
cycle at run time is still a cycle here.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "reader"


# Known cycles owned by another branch of the restructure, each as a sorted pair of
# modules. Delete an entry once the branch that breaks it has landed: the test
# below then fails if the cycle comes back.
def module_name(path: Path) -> str:
    """The dotted name of the module in ``path`` (a package's ``__init__`` is the package)."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover() -> dict[str, Path]:
    """Every module of the package, by walking its folders."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve_from(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute base of a ``from … import`` (relative imports resolved)."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_names(module: str, path: Path) -> Iterator[str]:
    """Every dotted name an import statement in ``path`` may bind to a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(module, is_package, node)
            yield base
            for alias in node.names:  # ``from reader.cli import jsonout`` names a module
                yield f"{base}.{alias.name}"


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the package's modules it imports (the nearest existing module of each name)."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for name in imported_names(module, path):
            # ``import reader.search.index`` also runs ``reader.search``'s ``__init__``,
            # but a package's ``__init__`` importing nothing cannot close a cycle:
            # keep the most specific module the name points at.
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def describe(component: list[str], graph: dict[str, set[str]]) -> str:
    """The shortest cycle through the component's first module, as ``a → b → a``."""
    members = set(component)
    start = component[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & members):
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return " → ".join([*reversed(path), start])
                if target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    return " ↔ ".join(component)  # pragma: no cover - a component always holds a cycle


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(discover())


def test_the_walk_finds_the_package(graph: dict[str, set[str]]) -> None:
    assert {"reader", "reader.cli.main", "reader.issue.load", "reader.tui.app"} <= set(graph)
    # Function-level and relative imports are seen too.
    assert "reader.tui.app" in graph["reader.cli.read"]


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(describe(c, graph) for c in found)


def test_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b", "x"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "x": {"y"}, "y": {"b"}}
    assert cycles(graph) == [["a", "b", "c", "x", "y"]]
    assert describe(["a", "b", "c", "x", "y"], graph) == "a → b → c → a"
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_resolve(tmp_path: Path) -> None:
    source = "from . import sibling\nfrom .. import top\nfrom .sub import thing\n"
    path = tmp_path / "mod.py"
    path.write_text(source, encoding="utf-8")
    names = set(imported_names("reader.pkg.mod", path))
    assert {"reader.pkg.sibling", "reader.top", "reader.pkg.sub", "reader.pkg.sub.thing"} <= names


def _dispatch_targets() -> list[str]:
    """The module names held as strings: the CLI's command table, the index worker's ``-c``."""
    from reader.cli.main import COMMANDS
    from reader.search import background

    names = list(COMMANDS.values())
    child = ast.parse(background._CHILD.format(folder="/nowhere"))
    for node in ast.walk(child):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


@pytest.mark.parametrize("name", _dispatch_targets())
def test_module_names_in_strings_resolve(name: str) -> None:
    assert importlib.util.find_spec(name) is not None, f"{name} is not a module"


def test_worker_command_names_the_worker() -> None:
    assert "reader.search.worker" in _dispatch_targets()
