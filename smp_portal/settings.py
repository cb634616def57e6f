"""SMP Portal settings: one module, driven by environment variables with embedded defaults.

With no environment at all this is the local, embedded set-up: SQLite, Celery tasks run in
process, e-mail to the console. Production sets DATABASE_URL, CELERY_BROKER_URL, CACHE_URL,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, SMP_SITE_URL and DJANGO_DEBUG=0; see the README's table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.clamd import clamd_address
from smp_portal.env import (
    cache_config,
    email_config,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_time_limits,
    site_url,
)

# Lets admin, forms and serializers be subscripted with their model for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SMP_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# --- Core -------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)

DEV_SECRET_KEY = "django-insecure-smp-portal-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters when "
        "DJANGO_DEBUG is off"
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must list the site's host names when DJANGO_DEBUG is off"
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Project apps, in dependency order (see ARCHITECTURE in the README).
    "core",
    "taxonomy",
    "audit",
    "accounts",
    "partnerships",
    "training",
    "migrants",
    "recognition",
    "employers",
    "matching",
    "dashboards",
    # The top floor: demo data orchestration (seed_demo), importing every app.
    "demo",
]

MIDDLEWARE = [
    # First, so that every response gets the policy: redirects, static files, errors.
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    # Before the session and everything else that queries the database.
    "core.middleware.RefuseNulMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages (it leaves one when it signs someone out), before the MFA check.
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "smp_portal.urls"
WSGI_APPLICATION = "smp_portal.wsgi.application"
ASGI_APPLICATION = "smp_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env_str("CACHE_URL", "locmem://" if DEBUG else "")
if not DEBUG and (not _cache_url or _cache_url.startswith("locmem://")):
    # A per-process cache gives each gunicorn worker its own login lockout counters and API
    # throttles: an attacker spreads guesses over the processes.
    raise ImproperlyConfigured(
        "CACHE_URL must name a shared cache (redis://host:6379/1) when DJANGO_DEBUG is off"
    )
CACHES = {"default": cache_config(_cache_url)}

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded documents are private: no URL pattern serves MEDIA_ROOT, only permission-checked views.
MEDIA_URL = "/private-media-is-not-served/"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In debug (and tests) whitenoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Uploaded images above this many pixels are refused from their header, before decoding (a
# 13,000 x 13,000 PNG of 657 KB decodes to 1 GB); also Pillow's limit for the whole process.
SMP_MAX_IMAGE_PIXELS = env_int("SMP_MAX_IMAGE_PIXELS", 40_000_000)
if SMP_MAX_IMAGE_PIXELS < 1:
    raise ImproperlyConfigured("SMP_MAX_IMAGE_PIXELS must be a positive number of pixels")
# Participant files (personal data of many people) are deleted when their import ends; an
# unfinished import with no activity for this many hours is ended (training.import_retention).
SMP_IMPORT_RETENTION_HOURS = env_int("SMP_IMPORT_RETENTION_HOURS", 48)
if SMP_IMPORT_RETENTION_HOURS < 1:
    raise ImproperlyConfigured("SMP_IMPORT_RETENTION_HOURS must be a positive number of hours")
# Every upload is scanned by ClamAV's clamd when set (unix:///run/clamav/clamd.ctl or
# tcp://host:3310); a scan that fails or times out refuses the upload.
CLAMD_URL = env_str("CLAMD_URL")
if CLAMD_URL:
    clamd_address(CLAMD_URL)  # a malformed value stops the start-up
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"login": "accounts.login_form.LoginForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SMP Portal] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SMP Portal"
# Officers and administrators must have a TOTP authenticator before using the portal. On by
# default outside debug; the local demo leaves it off so demo logins work without a phone app.
SMP_MFA_REQUIRED = env_bool("SMP_MFA_REQUIRED", not DEBUG)
# Failed sign-ins: allauth keeps its per-address limit of failures per minute; the per-account
# limit is accounts.lockout's progressive delay (see AccountAdapter), which never locks an owner
# out for longer than SMP_LOGIN_DELAY_MAX_SECONDS at a time.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
SMP_LOGIN_FREE_FAILURES = 5
SMP_LOGIN_DELAY_MAX_SECONDS = 15 * 60
SMP_LOGIN_FAILURES_FORGOTTEN_AFTER_SECONDS = 60 * 60
# Everyone but migrants: sessions end after this idle time and this many hours in all, and at
# browser close ("remember me" does not apply to them).
SMP_STAFF_IDLE_MINUTES = env_int("SMP_STAFF_IDLE_MINUTES", 30, minimum=1)
SMP_STAFF_SESSION_HOURS = env_int("SMP_STAFF_SESSION_HOURS", 12, minimum=1)
# API tokens: lifetime when the creator gives none, and how long expired or revoked tokens are
# kept (visible in the admin) before the nightly purge.
SMP_API_TOKEN_DAYS = 90
SMP_API_TOKEN_PURGE_DAYS = 30

# --- E-mail: every message goes through a Celery task, delivered by the configured backend ----
_email = email_config(env_str("EMAIL_URL", "console://"))
SMP_EMAIL_DELIVERY_BACKEND = str(_email.pop("EMAIL_BACKEND"))
globals().update(_email)
EMAIL_BACKEND = "accounts.mail.QueuedEmailBackend"
# Absolute links in e-mails (notifications) start with this: the site's public origin.
_site_url = env_str("SMP_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
if not _site_url:
    raise ImproperlyConfigured(
        "SMP_SITE_URL must be set to the portal's public address (e.g. "
        "https://portal.example.org) when DJANGO_DEBUG is off: links in e-mails start with it"
    )
SMP_SITE_URL = site_url(_site_url, debug=DEBUG, allowed_hosts=ALLOWED_HOSTS)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SMP Portal <no-reply@smp-portal.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Security ---------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Sent on every response by core.middleware.ContentSecurityPolicyMiddleware. Everything
# comes from this site; no inline script or style anywhere (htmx's indicator style is off via
# its htmx-config meta, the API docs run from files). data: images are the TOTP QR code and
# Swagger UI's icons. The Redoc page alone adds a per-response style nonce (smp_portal/api/docs.py).
SMP_CONTENT_SECURITY_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated API call answers 401 with a WWW-Authenticate header.
        "accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every view declares who may use it (core.access); a view that declares nothing is refused.
    "DEFAULT_PERMISSION_CLASSES": ["core.access.DeclaredAccess"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SMP Portal API",
    "DESCRIPTION": "Skills Mobility Partnerships: partnerships, training, migrant profiles, "
    "recognition, employers and matching. Authenticate with a session or a personal API token "
    "(`Authorization: Bearer <token>`), created at /accounts/tokens/. Tokens expire (90 days "
    "unless chosen otherwise), are revoked when the password changes, and may be read-only: a "
    "read-only token gets 403 `token_read_only` on any POST, PUT, PATCH or DELETE. Roles that "
    "must use two factors (officers, administrators) get 403 `mfa_required` until they have "
    "set up an authenticator.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # core.bounds.IdConverter: a record id, 1 to 2**63 - 1.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}},
    # One name for taxonomy's sector codes wherever an endpoint takes or gives them (the name
    # partnerships' endpoints gave them first).
    "ENUM_NAME_OVERRIDES": {"SectorsEnum": "taxonomy.models.Sector.Code"},
}

# --- Celery -----------------------------------------------------------------------------------
# Unset broker: tasks run in the calling process (embedded default). Set: real workers.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A task whose worker died is redelivered after this many seconds (acks_late on Redis). Workers
# look for such tasks every third of it (at most every minute): kombu's own default looks only
# about every 100 s, so a worker lost after the others had started would wait that long.
_visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    "unacked_restore_interval": max(1, min(60, _visibility_timeout // 3)),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "smp")
# A job whose messages were lost (a broker restarted without persistence keeps none, queued or
# unacknowledged) is sent again by the beat's sweeps once it has shown no progress for this many
# seconds: match runs (matching.internal) and participant imports (training.imports.stalled).
SMP_STALLED_JOB_SECONDS = env_int("SMP_STALLED_JOB_SECONDS", 900, minimum=1)
# Time limits (seconds). At the soft limit the task gets SoftTimeLimitExceeded and marks its job
# failed; at the hard limit its process is killed. Known long jobs get their own, larger pair.
CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT = env_time_limits(
    "CELERY_TASK_SOFT_TIME_LIMIT", "CELERY_TASK_TIME_LIMIT", (300, 360)
)
SMP_LONG_TASK_SOFT_TIME_LIMIT, SMP_LONG_TASK_TIME_LIMIT = env_time_limits(
    "SMP_LONG_TASK_SOFT_TIME_LIMIT", "SMP_LONG_TASK_TIME_LIMIT", (1800, 1860)
)
# Checked outside debug only: the real-worker tests shorten the visibility timeout to seconds
# on purpose, to watch a killed worker's task come back.
if not DEBUG and max(CELERY_TASK_TIME_LIMIT, SMP_LONG_TASK_TIME_LIMIT) >= _visibility_timeout:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must exceed every task time limit, or Redis hands a task "
        "that is still running to a second worker"
    )
CELERY_TASK_ANNOTATIONS = {
    name: {"soft_time_limit": SMP_LONG_TASK_SOFT_TIME_LIMIT, "time_limit": SMP_LONG_TASK_TIME_LIMIT}
    for name in (
        "matching.tasks.match_chunk_task",  # builds every candidate; the last one publishes
        "matching.tasks.full_rematch_task",
        "training.tasks.import_validate_task",  # files of up to 50,000 rows
        "training.tasks.import_run_task",
    )
}


def _periodic(task: str, **when: Any) -> tuple[str, dict[str, object]]:
    """A beat entry for ``task``, run at the crontab ``when``, named after the task:
    ``recognition.tasks.deadlines_check_task`` runs as ``recognition-deadlines-check``."""
    app, _module, function = task.split(".")
    name = f"{app}-{function.removesuffix('_task').replace('_', '-')}"
    return name, {"task": task, "schedule": crontab(**when)}


CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = dict(
    [
        # Reminders to recognition officers and overdue events, once a day (idempotent per day).
        _periodic("recognition.tasks.deadlines_check_task", hour=6, minute=0),
        # Every ranking recomputed from scratch at night; incremental rematches keep it fresh
        # by day.
        _periodic("matching.tasks.full_rematch_task", hour=2, minute=0),
        # Chunks of a run whose worker died are sent again (on top of the broker's redelivery).
        _periodic("matching.tasks.resume_stalled_task", minute="*/10"),
        # Imports being checked or imported whose message was lost are sent again.
        _periodic("training.tasks.imports_resume_stalled_task", minute="*/10"),
        # Participant files (personal data) of ended or abandoned imports are deleted.
        _periodic("training.tasks.imports_purge_task", minute=5),
        # The database session engine keeps expired sessions until they are deleted.
        _periodic("accounts.tasks.sessions_purge_expired_task", hour=3, minute=15),
        # API tokens that expired or were revoked more than SMP_API_TOKEN_PURGE_DAYS ago.
        _periodic("accounts.tasks.api_token_purge_task", hour=3, minute=30),
    ]
)


# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
