"""Settings come from the environment, and production refuses unsafe or malformed values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from smp_portal.env import cache_config, email_config, env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent


def _manage(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SMP_"))}
    base.pop("DATABASE_URL", None)
    base.pop("CELERY_BROKER_URL", None)
    full_env = base | {"SMP_VAR_DIR": str(tmp_path)} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "portal.labour.example.org",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
}


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key(tmp_path: Path) -> None:
    env = PRODUCTION | {"DJANGO_SECRET_KEY": ""}
    env.pop("DJANGO_SECRET_KEY")
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = dict(PRODUCTION)
    env.pop("DJANGO_ALLOWED_HOSTS")
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_a_malformed_boolean_stops_start_up(tmp_path: Path) -> None:
    result = _manage(["check"], {"DJANGO_DEBUG": "maybe"}, tmp_path)
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("off", False), ("YES", True), ("", False)]
)
def test_env_bool_reads_common_spellings(raw: str, expected: bool) -> None:
    assert env_bool("X", default=not expected, environ={"X": raw}) is expected


def test_env_int_rejects_words() -> None:
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("X", 1, environ={"X": "ten"})


def test_email_url_forms() -> None:
    smtp = email_config("smtp+tls://user%40x:p%40ss@mail.example.org:2525")
    assert smtp["EMAIL_HOST"] == "mail.example.org"
    assert (smtp["EMAIL_PORT"], smtp["EMAIL_USE_TLS"]) == (2525, True)
    assert (smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"]) == ("user@x", "p@ss")
    assert email_config("file:///tmp/mails")["EMAIL_FILE_PATH"] == "/tmp/mails"
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        email_config("pigeon://coop")


def test_cache_url_forms() -> None:
    assert str(cache_config("")["BACKEND"]).endswith("LocMemCache")
    assert cache_config("redis://r:6379/1")["LOCATION"] == "redis://r:6379/1"
    with pytest.raises(ImproperlyConfigured):
        cache_config("memcached://x")
