"""Every audit code the code base writes reads ``<app>.<entity>.<past participle>``.

The codes are read from the source, not from a test run: every ``action=`` given to
``audit_record`` or ``audit_record_many`` outside tests and migrations. A literal is checked as
it is; a name, a dict lookup, a conditional or an f-string is followed to the module's constants
(a string, or the values of a dict literal). What cannot be followed is named by the failure, so
it is either written so that it can be, or listed in ``CHECKED_ELSEWHERE`` with the test that
checks it.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
WRITERS = {"audit_record", "audit_record_many", "audit_move"}
CODE = re.compile(r"^(?P<app>[a-z_]+)\.(?P<entity>[a-z_]+)\.(?P<done>[a-z_]+)$")
# Past participles that do not end in -ed.
IRREGULAR = frozenset({"set", "sent", "withdrawn", "made", "taken", "given", "paid", "upheld"})
# Code sites that cannot be followed here, and the test that checks what they write.
CHECKED_ELSEWHERE = {
    # audit_move hands its caller's code to audit_record; its callers are checked here.
    "audit/services.py": "the callers of audit_move (WRITERS)",
    "employers/services/pipeline.py": "employers/tests/test_audit_codes.py (INTEREST_MOVES)",
    "recognition/jobs.py": "recognition/tests/test_migrations.py (CODES_BEFORE)",
    "recognition/services/common.py": "recognition/tests/test_migrations.py (CODES_BEFORE)",
    "migrants/services/entries.py": "migrants/tests/test_audit_codes.py",
}
LOCAL_APPS = sorted(
    app for app in settings.INSTALLED_APPS if "." not in app and (ROOT / app).is_dir()
)


@dataclass(frozen=True)
class Site:
    path: str
    line: int
    codes: frozenset[str] | None  # None: not followed


def _modules() -> Iterator[Path]:
    for app in LOCAL_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield path


def _constants(tree: ast.Module) -> dict[str, set[str]]:
    """Module-level names bound to a string, or to a dict literal of strings (its values)."""
    found: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found[target.id] = {value.value}
        elif isinstance(value, ast.Dict) and all(
            isinstance(v, ast.Constant) and isinstance(v.value, str) for v in value.values
        ):
            found[target.id] = {
                v.value
                for v in value.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            }
    return found


def _follow(node: ast.expr, constants: dict[str, set[str]]) -> set[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return constants.get(node.value.id)
    if isinstance(node, ast.FormattedValue):
        return _follow(node.value, constants)
    if isinstance(node, ast.IfExp):
        body, orelse = _follow(node.body, constants), _follow(node.orelse, constants)
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.JoinedStr):
        parts = [_follow(part, constants) for part in node.values]
        if any(p is None for p in parts):
            return None
        return {"".join(combo) for combo in itertools.product(*(p or () for p in parts))}
    return None


def code_sites() -> list[Site]:
    sites: list[Site] = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            if name not in WRITERS or action is None:
                continue
            codes = _follow(action, constants)
            relative = path.relative_to(ROOT).as_posix()
            sites.append(Site(relative, node.lineno, frozenset(codes) if codes else None))
    return sites


def is_past_participle_code(code: str, app: str) -> bool:
    match = CODE.match(code)
    if match is None or match["app"] != app:
        return False
    words = match["done"].split("_")
    return any(w.endswith("ed") or w in IRREGULAR for w in (words[0], words[-1]))


def test_every_audit_code_written_is_app_entity_past_participle() -> None:
    sites = code_sites()
    assert len(sites) > 40  # the scan finds the services' calls
    wrong = [
        f"{site.path}:{site.line} {code}"
        for site in sites
        for code in sorted(site.codes or ())
        if not is_past_participle_code(code, site.path.split("/")[0])
    ]
    assert not wrong, "audit codes must read <app>.<entity>.<past participle>:\n" + "\n".join(wrong)


def test_every_audit_code_site_can_be_checked() -> None:
    unfollowed = [
        f"{site.path}:{site.line}"
        for site in code_sites()
        if site.codes is None and site.path not in CHECKED_ELSEWHERE
    ]
    assert not unfollowed, "write these codes as literals or module constants:\n" + "\n".join(
        unfollowed
    )


def test_the_rule_tells_past_participles_from_moves() -> None:
    ok = [
        "partnerships.partnership.activated",
        "partnerships.partnership.negotiation_started",
        "partnerships.partnership.returned_to_draft",
        "partnerships.target.set",
        "accounts.user.sign_in_throttled",
    ]
    assert all(is_past_participle_code(code, code.split(".")[0]) for code in ok)
    refused = [
        "partnerships.partnership.activate",
        "partnerships.partnership.start_negotiation",
        "partnerships.partnership.return_to_draft",
        "partnerships.cost.record",
        "training.partnership.activated",  # another app's code
        "partnerships.activated",
    ]
    assert not any(is_past_participle_code(code, "partnerships") for code in refused)
