"""The house rules that a reader of one app relies on in every other: checked, not hoped for."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = [app for app in settings.INSTALLED_APPS if "." not in app and (ROOT / app).is_dir()]


def _runtime_imports(path: Path) -> set[str]:
    """Top-level packages a module imports when it runs (``if TYPE_CHECKING:`` blocks excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(child) for child in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_kernel_imports_no_domain_app_and_not_the_project_configuration() -> None:
    forbidden = (set(PROJECT_APPS) | {"smp_portal"}) - {"core"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(_runtime_imports(path) & forbidden)
        for path in (ROOT / "core").rglob("*.py")
        if _runtime_imports(path) & forbidden
    }
    assert offenders == {}


def _imported_modules(path: Path) -> set[str]:
    """Every module a file names in an import (dotted), at any level of the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_demo_data_is_orchestrated_from_the_top_floor_only() -> None:
    """An app's demo module imports no other app's demo module (what they share is core.demo,
    what joins two apps is a step of demo.seeding), and no app imports the demo app."""
    offenders: dict[str, list[str]] = {}
    for app in set(PROJECT_APPS) - {"demo"}:
        others = set(PROJECT_APPS) - {app, "core"}
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.relative_to(ROOT).parts:
                continue
            bad = [
                module
                for module in _imported_modules(path)
                if module.split(".")[0] == "demo"
                or (module.split(".")[0] in others and module.split(".")[1:2] == ["demo"])
            ]
            if bad:
                offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}
