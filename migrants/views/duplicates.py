"""The officers' review of possible duplicates: two profiles side by side, never merged."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import request_user, run_command
from migrants import services
from migrants.models import DuplicateFlag
from migrants.permissions import DUPLICATE_FLAG_REVIEWERS, DUPLICATE_REVIEWERS
from migrants.presenters import REASON_LABELS, duplicate_rows
from migrants.selectors import duplicate_flag_list_for_user

PAGE_SIZE = 25


@DUPLICATE_REVIEWERS
@never_cache
def duplicate_list(request: HttpRequest) -> HttpResponse:
    reviewed = request.GET.get("show") == "reviewed"
    flags = duplicate_flag_list_for_user(user=request_user(request)).select_related(
        "profile__nationality", "other__nationality", "profile__user", "other__user", "reviewed_by"
    )
    S = DuplicateFlag.Status
    flags = flags.exclude(status=S.OPEN) if reviewed else flags.filter(status=S.OPEN)
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "reviewed": reviewed,
        "rows": [
            (flag, [REASON_LABELS.get(r, r) for r in flag.reasons], duplicate_rows(flag))
            for flag in page.object_list
        ],
    }
    return render(request, "migrants/duplicate_list.html", context)


@DUPLICATE_FLAG_REVIEWERS
@require_POST
def duplicate_review(request: HttpRequest, flag_pk: int) -> HttpResponse:
    run_command(
        request,
        lambda: services.duplicate_flag_review(
            actor=request_user(request), flag_id=flag_pk, status=request.POST.get("status", "")
        ),
        lambda flag: (
            _("Recorded: %(outcome)s (%(one)s and %(other)s).")
            % {"outcome": flag.get_status_display(), "one": flag.profile, "other": flag.other}
        ),
    )
    return redirect(reverse("migrants:duplicate-list") + _page_query(request))


def _page_query(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    return f"?page={page}" if page.isdigit() else ""
