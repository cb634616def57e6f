"""Container health check: GET http://127.0.0.1:8000/healthz with the standard library only.

Django rejects a Host header missing from ALLOWED_HOSTS (400), so the request names the first
host in DJANGO_ALLOWED_HOSTS instead of "127.0.0.1". /healthz is exempt from the HTTPS redirect.
Exit 0 when healthy, 1 otherwise (Docker's HEALTHCHECK contract).
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

URL = "http://127.0.0.1:8000/healthz"


def host_header() -> str:
    for entry in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        entry = entry.strip()
        if entry and entry != "*":
            return entry.lstrip(".")  # ".example.org" allows example.org and its subdomains
    return "localhost"


def main() -> int:
    request = urllib.request.Request(URL, headers={"Host": host_header()})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
            print(response.status, response.read(500).decode("utf-8", "replace"))
            return 0
    except urllib.error.HTTPError as exc:
        print(exc.code, exc.read(500).decode("utf-8", "replace"))
    except OSError as exc:
        print(f"unreachable: {exc}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
