# syntax=docker/dockerfile:1
# SMP Portal production image: gunicorn web by default; the same image runs the Celery worker
# and beat (see docker-compose.yml). Build: docker build -t smp-portal .

ARG PYTHON_IMAGE=python:3.11-slim

# --- 1. Dependencies: the pinned lock into a virtualenv (same steps as the Makefile's setup) ---
FROM ${PYTHON_IMAGE} AS deps
ENV PATH=/opt/venv/bin:$PATH \
    VIRTUAL_ENV=/opt/venv \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN pip install --no-cache-dir --upgrade pip \
    && pip install --no-cache-dir -r /tmp/requirements.lock

# --- 2. Build-time assets: compiled translations and the collected, hashed static files -------
FROM deps AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# Settings refuse to start outside debug with the development key, no hosts, no shared cache or
# no site address: give them throw-away values that live only in this RUN step (never in an
# image layer or ENV). Nothing connects to the cache while collecting static files.
RUN mkdir -p static \
    && export DJANGO_SETTINGS_MODULE=smp_portal.settings DJANGO_DEBUG=0 \
        DJANGO_ALLOWED_HOSTS=build SMP_SITE_URL=https://build CACHE_URL=redis://build:6379/0 \
        SMP_VAR_DIR=/tmp/build-var \
    && DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    && export DJANGO_SECRET_KEY \
    && if find . -name '*.po' -print -quit | grep -q .; then python manage.py compilemessages; fi \
    && python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var

# --- 3. Runtime --------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    VIRTUAL_ENV=/opt/venv \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=smp_portal.settings \
    SMP_VAR_DIR=/data/var \
    MEDIA_ROOT=/data/media

# Non-root app user. /data/media (documents) and /data/beat (beat schedule) are volume mount
# points: a fresh named volume copies this ownership, so the app user can write to it.
RUN groupadd --system --gid 10001 smp \
    && useradd --system --uid 10001 --gid smp --create-home --home-dir /home/smp \
        --shell /usr/sbin/nologin smp \
    && mkdir -p /data/media /data/beat /data/var \
    && chown -R smp:smp /data \
    && chmod 0750 /data/media

COPY --from=deps /opt/venv /opt/venv
# Code and static files stay root-owned: the app user can read but not modify them.
COPY --from=assets /app /app
RUN chmod 0755 /app/docker/entrypoint.sh

WORKDIR /app
USER smp:smp
VOLUME ["/data/media"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "/app/docker/gunicorn.conf.py", "smp_portal.wsgi:application"]
