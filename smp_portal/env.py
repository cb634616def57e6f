"""Strict readers for environment variables.

Settings come from the environment with embedded defaults; a malformed value must stop the
process at start-up instead of silently falling back to a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.http import is_same_domain

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, default).strip()


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {raw!r}")


def env_int(
    name: str,
    default: int,
    environ: Mapping[str, str] = os.environ,
    *,
    minimum: int | None = None,
) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_config(url: str) -> dict[str, object]:
    """Translate an EMAIL_URL into Django e-mail settings.

    Accepted: ``console://``, ``memory://``, ``file:///path/to/dir``,
    ``smtp://user:password@host:port`` and ``smtp+tls://...`` / ``smtp+ssl://...``.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured("EMAIL_URL file:// needs a directory path")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        if not parts.hostname:
            raise ImproperlyConfigured("EMAIL_URL smtp:// needs a host")
        query = parse_qs(parts.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": parts.port or (465 if scheme == "smtp+ssl" else 587),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtp+ssl",
            "EMAIL_TIMEOUT": int(query.get("timeout", ["10"])[0]),
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not supported (console, memory, file, smtp, smtp+tls, "
        "smtp+ssl)"
    )


def cache_config(url: str) -> dict[str, object]:
    if not url or url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be locmem:// or redis://..., got {url!r}")


_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def site_url(raw: str, *, debug: bool, allowed_hosts: list[str]) -> str:
    """Check SMP_SITE_URL, the origin that absolute links in e-mails start with, and return it
    without a trailing slash.

    Always an origin only (``scheme://host[:port]``): a path, query or credentials would end up
    in every link. Outside debug it must be HTTPS (plain HTTP only on this machine, for a local
    trial of the production stack) and name a host the site answers to.
    """
    parts = urlsplit(raw.strip())
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise ImproperlyConfigured(f"SMP_SITE_URL has a malformed port: {raw!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(
            "SMP_SITE_URL must be the portal's address, like https://portal.example.org, "
            f"got {raw!r}"
        )
    if parts.path not in {"", "/"} or parts.query or parts.fragment or "@" in parts.netloc:
        raise ImproperlyConfigured(
            "SMP_SITE_URL must be the site's origin only (scheme, host and port), without a "
            f"path, query or credentials, got {raw!r}"
        )
    if not debug:
        if parts.scheme != "https" and parts.hostname not in _LOOPBACK_HOSTS:
            raise ImproperlyConfigured(
                f"SMP_SITE_URL must use https when DJANGO_DEBUG is off, got {raw!r}"
            )
        # As DJANGO_ALLOWED_HOSTS writes them: an IPv6 address in brackets.
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        if not any(pattern == "*" or is_same_domain(host, pattern) for pattern in allowed_hosts):
            raise ImproperlyConfigured(
                f"SMP_SITE_URL's host {parts.hostname!r} is not in DJANGO_ALLOWED_HOSTS"
            )
    return f"{parts.scheme}://{parts.netloc}"


def env_time_limits(
    soft_name: str,
    hard_name: str,
    defaults: tuple[int, int],
    environ: Mapping[str, str] = os.environ,
) -> tuple[int, int]:
    """A Celery soft and hard time limit in seconds. The soft limit raises inside the task so it
    can mark its job failed; the hard limit kills the process, so it must come later."""
    soft = env_int(soft_name, defaults[0], environ)
    hard = env_int(hard_name, defaults[1], environ)
    if soft <= 0 or hard <= 0:
        raise ImproperlyConfigured(
            f"{soft_name} and {hard_name} must be positive numbers of seconds"
        )
    if soft >= hard:
        raise ImproperlyConfigured(
            f"{soft_name} must be less than {hard_name} (got {soft} and {hard}): the task needs "
            "time between the two to record its failure"
        )
    return soft, hard
