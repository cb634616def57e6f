"""The migrant's side: employers' interest in them ("Job offers"), one offer with the job's
terms, and their answer (the candidate's moves of the interest's lifecycle)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.views import move_view, moves_for_page, request_user
from employers import services
from employers.models import Interest
from employers.permissions import (
    CANDIDATES,
    OWN_INTERESTS,
    get_interest_for_user,
    is_candidate,
)
from employers.selectors import interests_for_migrant
from employers.views import PAGE_SIZE
from migrants.permissions import own_profile

IS = Interest.Status


@CANDIDATES
@never_cache
def my_interests(request: HttpRequest) -> HttpResponse:
    profile = own_profile(request_user(request))
    interests = interests_for_migrant(profile=profile) if profile else Interest.objects.none()
    context = {
        "profile": profile,
        "page": Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "employers/my_interests.html", context)


@OWN_INTERESTS
@never_cache
def my_interest(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    interest = get_interest_for_user(user, pk)
    if not is_candidate(user, interest):
        raise Http404("No such interest.")
    vacancy = interest.vacancy
    prefetch_related_objects([vacancy], "languages__language", "languages__min_level")
    context = {
        "interest": interest,
        "vacancy": vacancy,
        "moves": moves_for_page(
            services.CANDIDATE_SIDE, user, interest, url_name="employers:my-interest-move"
        ),
        "shared": interest.status in Interest.DISCLOSED and interest.identity_consent_id,
        "placement": getattr(interest, "placement", None) if interest.status == IS.HIRED else None,
        "consents_url": reverse("migrants:own-step", args=["consents"]),
    }
    return render(request, "employers/my_interest.html", context)


def _answered(interest: Interest) -> str:
    if interest.status == IS.ACCEPTED:
        return _("You accepted. %(employer)s can now see your name, e-mail and phone.") % {
            "employer": interest.vacancy.employer.name
        }
    return _("You declined. The employer is told, and sees nothing more about you.")


my_interest_move = move_view(
    services.CANDIDATE_SIDE,
    access=OWN_INTERESTS,
    redirect_to="employers:my-interest",
    done=_answered,
)
