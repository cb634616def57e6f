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


def _is_page_or_api_module(relative: Path) -> bool:
    """Views, API and forms: the modules that serve a request and must go through user checks."""
    parts = relative.parts
    return (
        "api" in parts
        or relative.stem in {"views", "forms"}
        or relative.stem.endswith("_views")
        or any(part in {"views", "forms"} for part in parts[:-1])
    )


def _internal_imports(path: Path, relative: Path) -> list[str]:
    """The ``internal`` modules (trusted cross-app entry points) a file imports, absolute or
    relative, resolved to dotted names."""
    package = list(relative.with_suffix("").parts[:-1])
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        found.extend(name for name in names if name.split(".")[-1] == "internal")
    return sorted(set(found))


def _page_and_api_modules_importing_internal(root: Path) -> dict[str, list[str]]:
    offenders: dict[str, list[str]] = {}
    for app in PROJECT_APPS:
        for path in (root / app).rglob("*.py"):
            relative = path.relative_to(root)
            if "tests" in relative.parts or not _is_page_or_api_module(relative):
                continue
            if bad := _internal_imports(path, relative):
                offenders[str(relative)] = bad
    return offenders


def test_views_api_and_forms_never_import_trusted_internal_entry_points() -> None:
    assert _page_and_api_modules_importing_internal(ROOT) == {}


def test_the_internal_import_rule_catches_absolute_and_relative_imports(tmp_path: Path) -> None:
    """The rule above would fail on a view that reached for a trusted entry point."""
    app = "training"
    (tmp_path / app / "api").mkdir(parents=True)
    trusted = "from migrants.internal import qualification_issue\n"
    (tmp_path / app / "views.py").write_text(trusted)
    (tmp_path / app / "api" / "views.py").write_text("from ..internal import something\n")
    (tmp_path / app / "services.py").write_text(
        "from migrants.internal import qualification_issue\n"
    )
    assert _page_and_api_modules_importing_internal(tmp_path) == {
        f"{app}/views.py": ["migrants.internal"],
        f"{app}/api/views.py": [f"{app}.internal"],
    }


MAX_MODULE_LINES = 600


def test_no_module_outside_migrations_tests_and_demo_data_is_over_600_lines() -> None:
    """A module past ~500 lines becomes a package by concern (ARCHITECTURE.md); demo seeders may
    stay long where they are plain data."""
    too_long = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or {"migrations", "tests", "demo"} & set(parts):
            continue
        if path.stem == "demo":
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}
