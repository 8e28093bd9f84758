"""The shape of the code: imports run one way between the top-level packages (the floors in
pyproject.toml's ``[tool.importlinter]``), no import circle between modules, and no
module or function past the size the README allows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "community", "groups", "search", "website")
# Django's model/queryset pair: QuerySets name their models inside methods, the models
# name their QuerySets as managers. The one circle allowed.
ALLOWED_CIRCLES = [{"groups.models", "groups.querysets"}]


def test_imports_run_down_the_floors():
    """import-linter's layers contract (``lint-imports``, run as a developer runs it)."""
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", "--no-logo"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def _circles(graph) -> list[set[str]]:
    """Strongly connected groups of modules (Tarjan), those of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(component)

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_circles_between_modules(monkeypatch):
    """Imports inside functions count too: a circle hidden in a function is still one."""
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    circles = [c for c in _circles(graph) if c not in ALLOWED_CIRCLES]
    assert circles == []


def test_the_floors_test_sees_a_wrong_way_import(tmp_path, monkeypatch):
    """The contract is not vacuous: a community module importing the forum breaks it."""
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    graph.add_import(importer="community.models", imported="groups.models")
    assert graph.find_illegal_dependencies_for_layers(
        layers=("website", "search", "groups", "community", "core")
    )


def test_no_source_module_is_over_500_lines():
    long = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name.startswith("demo"):
                continue
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > 500:
                long[str(path.relative_to(ROOT))] = lines
    assert long == {}


def test_no_function_is_above_cyclomatic_complexity_15():
    from radon.complexity import cc_visit

    complex_ = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name.startswith("demo"):
                continue
            for block in cc_visit(path.read_text(encoding="utf-8")):
                if block.complexity > 15:
                    complex_[f"{path.relative_to(ROOT)}:{block.fullname}"] = block.complexity
    assert complex_ == {}, os.linesep.join(f"{k} {v}" for k, v in complex_.items())
