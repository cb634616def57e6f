"""The printable training certificate, with its verification address and QR code. Anyone can
check it at the portal's one public verification page (``core.verification``).

The printed certificate names the holder (full name and date of birth), so only the holder and
staff of the training provider may open it (``get_certificate_for_user(naming_the_holder=True)``,
the rule the API follows too); everyone else, the partnership's officers included, gets 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from core.verification import qr_svg, verify_url
from training.permissions import CERTIFICATE_PRINT, get_certificate_for_user, is_participant
from training.selectors import certificate_detail


@CERTIFICATE_PRINT
@never_cache
def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    get_certificate_for_user(request.user, pk, naming_the_holder=True)
    certificate = certificate_detail(certificate_id=pk)
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
