"""The layering rules, checked on the source: Qt only in ui/, ui/ only through app/.

napari keeps the same kind of rule in import-linter contracts; a short AST
walk does the job here without another dependency.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def layer(name: str) -> str:
    """The layer an imported module belongs to: "remembrancer.memory.core" -> "memory", "PySide6.QtCore" -> "PySide6"."""
    parts = name.split(".")
    return parts[1] if parts[0] == "remembrancer" and len(parts) > 1 else parts[0]


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            if layer(name) in forbidden or name.split(".")[0] in ("app", "memory", "ui", "plugins"):
                found.append(f"{path.relative_to(ROOT)} imports {name}")  # a bare folder name is no import name (#20)
    return found


def test_core_and_app_never_import_qt() -> None:
    assert offenders("memory", ("PySide6", "shiboken6", "ui")) == []
    assert offenders("app", ("PySide6", "shiboken6")) == []


def test_ui_reaches_the_core_only_through_app() -> None:
    assert offenders("ui", ("memory",)) == []
