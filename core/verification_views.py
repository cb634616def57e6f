"""The portal's one public verification page, for every document it issues (recognition
decisions, training certificates): ``/verify/<code>/`` and its JSON ``/verify/<code>.json``.

No login; the code is the key. The answers carry only the public essentials
(``core.verification.VerifiedDocument``), are never cached (a revocation must show at once)
and ask search engines not to index them.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.access import PUBLIC
from core.api.verification import document_data
from core.verification import verify_code


@PUBLIC
@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    document = verify_code(code)
    if document is None:
        raise Http404(_("No document has this verification code."))
    response = render(request, "verify.html", {"document": document})
    response["X-Robots-Tag"] = "noindex"
    return response


@PUBLIC
@never_cache
def verify_json(request: HttpRequest, code: str) -> JsonResponse:
    document = verify_code(code)
    if document is None:
        response = JsonResponse(
            {"detail": _("No document has this verification code.")}, status=404
        )
    else:
        response = JsonResponse(document_data(document))
    response["X-Robots-Tag"] = "noindex"
    return response
