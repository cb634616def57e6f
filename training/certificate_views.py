"""The printable training certificate, with its verification address and QR code. Anyone can
check it at the portal's one public verification page (``core.verification``).

The printed certificate names the holder (full name and date of birth), so only the holder and
staff of the training provider may open it; everyone else, the partnership's officers included,
gets 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.permissions import AnyUser
from core.access import SIGNED_IN
from core.verification import qr_svg, verify_url
from training.models import Certificate
from training.permissions import get_enrolment_for_user, is_participant, participant_identity_rule


def _certificate_for_user(user: AnyUser, pk: int) -> Certificate:
    enrolment_id = Certificate.objects.filter(pk=pk).values_list("enrolment_id", flat=True).first()
    if enrolment_id is None:
        raise Http404("No such certificate.")
    enrolment = get_enrolment_for_user(user, enrolment_id)
    if not participant_identity_rule(user)(enrolment):
        raise Http404("No such certificate.")
    return Certificate.objects.select_related(
        "enrolment__profile",
        "enrolment__cohort__programme__provider__country",
        "enrolment__cohort__programme__location_country",
        "enrolment__cohort__programme__language",
        "isced_level",
    ).get(pk=pk)


@SIGNED_IN
@never_cache
def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for_user(request.user, pk)
    url = verify_url(request, certificate.verification_code)
    context = {
        "certificate": certificate,
        "enrolment": certificate.enrolment,
        "programme": certificate.enrolment.cohort.programme,
        "is_holder": is_participant(request.user, certificate.enrolment),
        "verify_url": url,
        "qr": qr_svg(url),
    }
    return render(request, "training/certificate_print.html", context)
