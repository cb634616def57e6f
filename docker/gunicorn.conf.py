"""Gunicorn settings for the SMP Portal container (`gunicorn --config docker/gunicorn.conf.py`).

Tunable through the environment: WEB_CONCURRENCY (processes), GUNICORN_THREADS (threads per
process), GUNICORN_TIMEOUT (seconds). Anything else can be overridden with GUNICORN_CMD_ARGS.
"""

from __future__ import annotations

import os

bind = "0.0.0.0:8000"

# Threaded workers: requests mostly wait on PostgreSQL, and each thread keeps its own persistent
# connection (DATABASE_CONN_MAX_AGE), so workers x threads bounds the web tier's DB connections.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that runs longer than this gets its worker restarted; slow work belongs in Celery.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = 1000
max_requests_jitter = 100

# The heartbeat file on tmpfs: an overlay-filesystem /tmp can stall workers under I/O load.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - per-container tmpfs, gunicorn heartbeat files only

# Nobody runs gunicornc inside the container; skip the socket under $HOME.
control_socket_disable = True

# Logs to stdout/stderr, collected by the container runtime. The request id is the one the
# RequestIdMiddleware put on the response, so access lines join up with application logs.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms rid=%({x-request-id}o)s'
)
