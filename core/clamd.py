"""A minimal client for ClamAV's daemon: one INSTREAM scan over a unix or TCP socket.

Protocol (clamd(8)): send ``zINSTREAM\\0``, then the data as chunks each prefixed with its
length as a 4-byte big-endian integer, then a zero length. clamd answers one NUL-terminated
line: ``stream: OK``, ``stream: <signature> FOUND`` or ``<reason> ERROR``.
"""

from __future__ import annotations

import socket
import struct
import time
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

CHUNK = 64 * 1024
_MAX_REPLY = 4096


class ScanError(Exception):
    """clamd could not be reached or gave no usable answer; the file is not known to be clean."""


def clamd_address(url: str) -> str | tuple[str, int]:
    """Where clamd listens: a unix socket path (``unix:///run/clamav/clamd.ctl``) or a host and
    port (``tcp://clamav:3310``)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "unix" and parts.path:
        return unquote(parts.path)
    if scheme == "tcp" and parts.hostname:
        try:
            port = parts.port or 3310
        except ValueError:
            port = None
        if port is not None:
            return parts.hostname, port
    raise ImproperlyConfigured(
        f"CLAMD_URL must be unix:///path/to/clamd.ctl or tcp://host:port, got {url!r}"
    )


def _connect(url: str, timeout: float) -> socket.socket:
    address = clamd_address(url)
    if isinstance(address, tuple):
        return socket.create_connection(address, timeout=timeout)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        conn.connect(address)
    except OSError:
        conn.close()
        raise
    return conn


def _reply(conn: socket.socket, deadline: float) -> str:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < _MAX_REPLY:
        conn.settimeout(max(deadline - time.monotonic(), 0.001))
        chunk = conn.recv(_MAX_REPLY)
        if not chunk:
            break
        reply += chunk
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def clamd_scan(data: bytes, *, url: str, timeout: float) -> str | None:
    """The signature clamd found in ``data``, or None when it is clean.

    Raises :class:`ScanError` on any failure (unreachable, timeout, error answer): the caller
    must then refuse the file, never let it through unscanned."""
    deadline = time.monotonic() + timeout
    try:
        with _connect(url, timeout) as conn:
            conn.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                conn.settimeout(max(deadline - time.monotonic(), 0.001))
                conn.sendall(struct.pack(">I", len(chunk)) + chunk)
            conn.sendall(struct.pack(">I", 0))
            reply = _reply(conn, deadline)
    except OSError as exc:  # includes timeouts and refused or reset connections
        raise ScanError(f"clamd at {url} failed: {exc!r}") from exc
    if reply == "stream: OK":
        return None
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND").strip() or "unknown"
    raise ScanError(f"clamd at {url} answered {reply!r}")
