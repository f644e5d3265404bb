"""Each search engine stays inside its backend: the rest of Solace sees the protocol."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from directory import create_app
from tests.test_import_cycles import ROOT, module_files

SEARCH = "directory.search"
# Each backend package, and the engine libraries only it may import.
ENGINES = {
    f"{SEARCH}.whoosh": ("whoosh",),
    f"{SEARCH}.postgres": ("sqlalchemy.dialects.postgresql",),
}


def absolute_imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, anywhere in its body, relative imports resolved."""
    found = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def importers(prefixes: tuple[str, ...]) -> dict[str, set[str]]:
    """Modules of the app, bench and load test importing any module under `prefixes`."""
    modules = module_files(ROOT, ("directory", "verifiers", "bench", "loadtest"))
    found = {}
    for name, path in modules.items():
        hits = {
            target
            for target in absolute_imports(name, path)
            if any(target == p or target.startswith(p + ".") for p in prefixes)
        }
        if hits:
            found[name] = hits
    return found


@pytest.mark.parametrize("package", sorted(ENGINES))
def test_only_a_backend_imports_its_engine_library(package):
    outside = {
        name: hits
        for name, hits in importers(ENGINES[package]).items()
        if not (name == package or name.startswith(package + "."))
        # The benchmark measures the engine itself.
        and not name.startswith("bench.")
    }
    assert not outside, f"only {package} may import {ENGINES[package]}: {outside}"


@pytest.mark.parametrize("package", sorted(ENGINES))
def test_nothing_but_the_search_package_reaches_into_a_backend(package):
    outside = {
        name: hits
        for name, hits in importers((package,)).items()
        if not name.startswith(package) and name != SEARCH and not name.startswith("bench.")
    }
    assert not outside, f"{outside} reach into {package}: use directory.search's protocol"


def test_an_unknown_backend_is_refused_with_the_setting_to_change(tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path)}
    with pytest.raises(ValueError, match="SOLACE_SEARCH_BACKEND"):
        create_app({**config, "SEARCH_BACKEND": "elastic"})
