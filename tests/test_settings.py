"""Settings come from the environment, and production refuses unsafe or malformed values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured

from smp_portal.env import cache_config, email_config, env_bool, env_int, site_url

ROOT = Path(__file__).resolve().parent.parent


def _manage(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    # Only what the test names reaches the process: CI's own DATABASE_URL, CACHE_URL or broker
    # must not make a refused configuration look complete.
    configured = ("DJANGO_", "SMP_", "CELERY_", "CACHE_", "DATABASE_", "EMAIL_", "CLAMD_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(configured)}
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
    "CACHE_URL": "redis://cache.internal:6379/1",
    "SMP_SITE_URL": "https://portal.labour.example.org",
}


def _without(name: str) -> dict[str, str]:
    env = dict(PRODUCTION)
    env.pop(name)
    return env


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        pytest.param(
            _without("DJANGO_SECRET_KEY"), "DJANGO_SECRET_KEY must be set", id="no-secret-key"
        ),
        pytest.param(_without("DJANGO_ALLOWED_HOSTS"), "DJANGO_ALLOWED_HOSTS", id="no-hosts"),
        # Login lockout counters and API throttles must be one count across every process.
        pytest.param(
            _without("CACHE_URL"), "CACHE_URL must name a shared cache", id="no-shared-cache"
        ),
        pytest.param(
            PRODUCTION | {"CACHE_URL": "locmem://"},
            "CACHE_URL must name a shared cache",
            id="per-process-cache",
        ),
        # Redis would hand a task that is still running to a second worker.
        pytest.param(
            PRODUCTION | {"CELERY_VISIBILITY_TIMEOUT": "600"},
            "CELERY_VISIBILITY_TIMEOUT must exceed every task time limit",
            id="short-visibility-timeout",
        ),
        # Links in notification e-mails would point at 127.0.0.1:8000.
        pytest.param(_without("SMP_SITE_URL"), "SMP_SITE_URL must be set", id="no-site-url"),
    ],
)
def test_production_refuses_to_start(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://portal.labour.example.org", "https"),
        ("https://elsewhere.example.org", "DJANGO_ALLOWED_HOSTS"),
        ("https://portal.labour.example.org/portal", "origin only"),
    ],
)
def test_production_refuses_a_wrong_site_url(tmp_path: Path, url: str, message: str) -> None:
    result = _manage(["check"], PRODUCTION | {"SMP_SITE_URL": url}, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_site_url_may_be_plain_http_on_this_machine(tmp_path: Path) -> None:
    # A local trial of the production stack (docker compose on http://localhost:8000).
    env = PRODUCTION | {
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "SMP_SITE_URL": "http://localhost:8000",
    }
    result = _manage(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr


def test_task_time_limits_come_from_the_environment(tmp_path: Path) -> None:
    env = PRODUCTION | {"CELERY_TASK_SOFT_TIME_LIMIT": "90", "CELERY_TASK_TIME_LIMIT": "120"}
    code = (
        "from django.conf import settings as s; "
        "print(s.CELERY_TASK_SOFT_TIME_LIMIT, s.CELERY_TASK_TIME_LIMIT)"
    )
    result = _manage(["shell", "-v", "0", "-c", code], env, tmp_path)
    assert result.stdout.split() == ["90", "120"], result.stderr
    env = PRODUCTION | {"CELERY_TASK_SOFT_TIME_LIMIT": "120", "CELERY_TASK_TIME_LIMIT": "120"}
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "CELERY_TASK_SOFT_TIME_LIMIT must be less than CELERY_TASK_TIME_LIMIT" in result.stderr


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


@pytest.mark.parametrize(
    "raw",
    [
        "portal.example.org",
        "ftp://portal.example.org",
        "https://",
        "https://portal.example.org/app/",
        "https://portal.example.org?next=/",
        "https://portal.example.org#top",
        "https://user:secret@portal.example.org",
        "https://portal.example.org:notaport",
    ],
)
def test_site_url_is_an_origin_and_nothing_else(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SMP_SITE_URL"):
        site_url(raw, debug=True, allowed_hosts=["*"])


def test_site_url_loses_a_trailing_slash() -> None:
    assert (
        site_url("https://portal.example.org:8443/", debug=False, allowed_hosts=[".example.org"])
        == "https://portal.example.org:8443"
    )
    assert site_url("http://127.0.0.1:8000", debug=True, allowed_hosts=[]) == (
        "http://127.0.0.1:8000"
    )


def test_compose_file_holds_no_database_password_and_requires_the_site_url() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    app_env = compose["x-app-env"]
    postgres_env = compose["services"]["postgres"]["environment"]
    assert postgres_env["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "${POSTGRES_PASSWORD:?" in app_env["DATABASE_URL"]
    assert ":smp@" not in app_env["DATABASE_URL"]
    assert app_env["SMP_SITE_URL"].startswith("${SMP_SITE_URL:?")
    for name in ("CELERY_TASK_SOFT_TIME_LIMIT", "CELERY_TASK_TIME_LIMIT"):
        assert name in app_env  # passed through when set
