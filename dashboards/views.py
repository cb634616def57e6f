from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.access import PUBLIC


@PUBLIC
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what the portal does for each role; signed-in users see their roles."""
    return render(request, "dashboards/home.html")
