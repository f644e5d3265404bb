"""No import cycles in `directory` or `verifiers`, not even ones hidden inside functions.

An import inside a function still ties the two modules together: neither can be read,
tested or replaced without the other. So the graph below holds every import statement
wherever it stands, with relative imports resolved. `from package import name` is an
edge to the submodule `package.name` when there is one, else to the package itself
(whose `__init__` then runs), so a package that imports its submodules and a submodule
that imports a sibling through the package make a cycle too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("directory", "verifiers")


def module_files(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Every module of the packages (folders in `root`), by dotted name."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The known modules that module `name` (at `path`) imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".")
                # A package's own `.` is itself; a module's `.` is its package.
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([node.module] if node.module else []))
            else:
                base = node.module
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {target for target in found if target in known and target != name}


def import_graph(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, set[str]]:
    """Each module and the modules it imports."""
    files = module_files(root, packages)
    known = set(files)
    return {name: imported_modules(name, path, known) for name, path in files.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import one another, directly or not (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def shortest_cycle(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """One shortest cycle through the group's first module, as a path back to it."""
    start = group[0]
    members = set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node] & members):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    raise AssertionError(f"{group} is not a cycle")


def describe(graph: dict[str, set[str]], groups: list[list[str]]) -> str:
    """Each group of modules importing one another, and one cycle in it."""
    return "\n".join(
        f"  {', '.join(group)}: {' -> '.join(shortest_cycle(graph, group))}" for group in groups
    )


def test_cycles_through_a_package_and_inside_functions_are_found(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from .a import thing\n")
    (package / "a.py").write_text("from . import b\n\nthing = 1\n")
    (package / "b.py").write_text("def later():\n    from pkg import thing\n")
    (package / "c.py").write_text("import pkg.a\n")
    graph = import_graph(tmp_path, ("pkg",))
    assert graph == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.b"}, "pkg.b": {"pkg"}, "pkg.c": {"pkg.a"}}
    assert strongly_connected(graph) == [["pkg", "pkg.a", "pkg.b"]]
    assert shortest_cycle(graph, ["pkg", "pkg.a", "pkg.b"]) == ["pkg", "pkg.a", "pkg.b", "pkg"]


def test_no_import_cycles():
    graph = import_graph()
    groups = strongly_connected(graph)
    assert not groups, "Modules that import one another:\n" + describe(graph, groups)
