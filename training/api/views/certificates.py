"""Certificates through the API (``training.permissions.get_certificate_for_user``, the rule the
printed page follows too), and the migrant's own enrolments."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.helpers import request_user
from core.api.pagination import PagePagination
from core.api.responses import CONFLICT, NOT_FOUND, REFUSED
from core.api.views import change_input
from migrants.permissions import own_profile
from training.api import serializers as s
from training.api.views.base import TrainingApi, detail_response, page_of
from training.models import Enrolment
from training.permissions import (
    CERTIFICATE_MANAGERS,
    CERTIFICATE_READERS,
    TRAINEES,
    certificates_visible_to,
    get_certificate_for_user,
)
from training.selectors import my_enrolments
from training.services import certificate_revoke

# A certificate as its detail and its revocation answer it: holders named only to whoever may see
# who they are.
_certificate_detail = detail_response(s.CertificateOutputSerializer, get_certificate_for_user)


# --- Certificates -----------------------------------------------------------------------------
class CertificateListApi(TrainingApi):
    access = CERTIFICATE_READERS
    pagination_class = PagePagination

    @extend_schema(
        operation_id="training_certificates_list",
        summary="Certificates the caller may see, newest first",
        description="A migrant: their own. Provider staff: those they issued. Partnership "
        "officers: those of their partnership's programmes, holders by pseudonym only.",
        responses={200: s.CertificateOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        rows = certificates_visible_to(request_user(request)).order_by("-issued_at", "-id")
        return page_of(self, request, rows, s.CertificateOutputSerializer)


class CertificateDetailApi(TrainingApi):
    access = CERTIFICATE_READERS

    @extend_schema(
        operation_id="training_certificates_retrieve",
        summary="A certificate, with its verification code and public verification URL",
        responses={200: s.CertificateOutputSerializer, **NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _certificate_detail(request, pk)


class CertificateRevokeApi(TrainingApi):
    access = CERTIFICATE_MANAGERS

    @extend_schema(
        operation_id="training_certificates_revoke",
        summary="Revoke a certificate, with the reason",
        description="The public verification then shows it as revoked.",
        request=s.TrainingReasonInputSerializer,
        responses={200: s.CertificateOutputSerializer, **REFUSED, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        actor, _record, values = change_input(
            request, pk, get_certificate_for_user, s.TrainingReasonInputSerializer
        )
        certificate_revoke(actor=actor, certificate_id=pk, reason=values["reason"])
        return _certificate_detail(request, pk)


# --- The migrant's own ------------------------------------------------------------------------
class MyEnrolmentListApi(TrainingApi):
    access = TRAINEES

    @extend_schema(
        operation_id="training_me_enrolments",
        summary="The caller's own enrolments, newest cohort first, with their certificates",
        responses={200: s.MyEnrolmentOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        profile = own_profile(request_user(request))
        rows = my_enrolments(profile=profile) if profile else Enrolment.objects.none()
        # Every row is the caller's own: they see their certificates' codes.
        context = {"request": request, "identity_for": lambda _enrolment: True}
        data = s.MyEnrolmentOutputSerializer(rows, many=True, context=context).data
        return Response(data)
