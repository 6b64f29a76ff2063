"""The shape of the package (#17): an import graph without cycles, no private names across modules.

Read from the source with :mod:`ast`, so nothing is imported to check it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "titleopt"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.with_suffix("").relative_to(PACKAGE.parent).parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(name: str, path: Path, *, module_level: bool) -> list[tuple[ast.ImportFrom | ast.Import, str]]:
    """(statement, module it resolves to) for each titleopt import of module ``name``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[ast.AST] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue  # never runs: annotations only
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.append(child)
            elif not (module_level and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))):
                visit(child)  # a function's body runs when called, not when the module is imported

    visit(tree)
    out = []
    for node in found:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                if full in MODULES:
                    out.append((node, full))
                elif target in MODULES:
                    out.append((node, target))
        else:
            out += [(node, a.name) for a in node.names if a.name in MODULES]
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _graph(*, module_level: bool) -> dict[str, set[str]]:
    graph = {}
    for name, path in MODULES.items():
        # a package importing its own submodules is how a package is built, not a cycle
        graph[name] = {t for _, t in _imports(name, path, module_level=module_level)
                       if t != name and not t.startswith(name + ".")}
    return graph


def test_the_checker_sees_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_checker_reads_the_package() -> None:
    graph = _graph(module_level=True)
    assert "titleopt.optimizer" in graph and "titleopt.context" in graph["titleopt.optimizer"]
    assert "titleopt.rules.api" in graph and "titleopt.lexicon" in graph["titleopt.rules.api"]
    assert "titleopt.table_cache" not in graph["titleopt.keywords"]  # imported inside a function
    assert "titleopt.table_cache" in _graph(module_level=False)["titleopt.keywords"]


def test_no_import_cycle_at_module_level() -> None:
    assert _cycles(_graph(module_level=True)) == []


def test_no_import_cycle_even_through_imports_inside_functions() -> None:
    # a lazy import hides a cycle from Python, not from a reader (keywords <-> table_cache was one)
    assert _cycles(_graph(module_level=False)) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_private_name_is_imported_from_another_module(name: str) -> None:
    bad = [
        f"line {node.lineno}: from {target} import {alias.name}"
        for node, target in _imports(name, MODULES[name], module_level=False)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__") and target != name
    ]
    assert bad == []
