"""The shape of the package, checked from its source: imports flow one way (no cycles), no
module grows past MAX_LINES, no module reaches into another's private names, and the layers
on top (CLI, demo, API, web) are never imported by the library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "unspun"
MAX_LINES = 450
TOP_LAYERS = ("unspun.cli", "unspun.demo", "unspun.api", "unspun.web")


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) of every ``unspun`` import in a file, at any depth (lazy imports in
    functions count: they are cycles all the same, only deferred)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "unspun" or node.module.startswith("unspun."):
                out.append((node.module, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.Import):
            out.extend((a.name, ()) for a in node.names if a.name.startswith("unspun"))
    return out


def _target(module: str, name: str) -> str:
    """The module an import resolves to: ``from unspun.x import y`` is module ``unspun.x.y``
    when that is a module, else ``unspun.x``."""
    sub = f"{module}.{name}"
    return sub if sub in MODULES else module


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for mod, path in MODULES.items():
        for target, names in _imports(path):
            deps = {_target(target, n) for n in names} if names else {target}
            graph[mod] |= {d for d in deps if d in MODULES and d != mod}
    return graph


def _is_ancestor_package(a: str, b: str) -> bool:
    """A package's ``__init__`` re-exporting its own submodules is not a cycle."""
    return b.startswith(a + ".") or a.startswith(b + ".")


def test_no_import_cycles() -> None:
    graph = _graph()
    # Tarjan's strongly connected components, on edges between unrelated modules.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if _is_ancestor_package(v, w):
                continue
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
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_library_never_imports_the_layers_on_top() -> None:
    bad = []
    for mod, deps in _graph().items():
        if mod == "unspun" or mod.startswith(TOP_LAYERS):  # the lazy public API is a layer too
            continue
        bad += [(mod, d) for d in deps if d.startswith(TOP_LAYERS)]
    assert not bad, f"library modules importing the CLI, demo or API layer: {bad}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module: str) -> None:
    n = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{module} has {n} lines (at most {MAX_LINES}): split it"


def test_no_private_imports_across_modules() -> None:
    bad = []
    for mod, path in MODULES.items():
        for target, names in _imports(path):
            if target == mod:
                continue
            bad += [f"{mod}: from {target} import {n}" for n in names
                    if n.startswith("_") and not n.startswith("__")]
    assert not bad, "private names imported across modules:\n" + "\n".join(bad)
