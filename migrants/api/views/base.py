"""What every migrants API view shares: the profile lookups, the schema's error answers, and the
profile's representation."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from core.access import Access
from core.api.responses import BAD, refusal
from core.api.views import AppApi, RecordResponse
from migrants import models
from migrants.api import serializers as s
from migrants.permissions import OWN_PROFILE, PROFILE_READERS, get_profile_for_user, own_profile

# Whose profile a route is about: the caller's own (``/me/``) or one reached by id.
ME = "me"
PROFILE = "profile"

NOT_FOUND = refusal(404, "No such profile or entry, or not visible to the caller")
READ_ONLY = refusal(403, "The caller may read but not change the profile")
REFUSED = {**BAD, **READ_ONLY, **NOT_FOUND}


def out(serializer_class: type[BaseSerializer[Any]], instance: Any, request: Request) -> Any:
    return serializer_class(instance, context={"request": request}).data


def _detail_queryset() -> QuerySet[models.MigrantProfile]:
    """A profile with everything its representation shows, in a fixed number of queries."""
    return models.MigrantProfile.objects.select_related(
        "contact_language", "registered_by_organisation"
    ).prefetch_related(
        "preferred_destinations",
        "preferred_occupations",
        Prefetch("education", models.Education.objects.select_related("isced_level", "field")),
        Prefetch("skills", models.ProfileSkill.objects.select_related("skill")),
        Prefetch("languages", models.LanguageSkill.objects.select_related("language")),
        Prefetch("experience", models.WorkExperience.objects.select_related("occupation")),
        Prefetch(
            "qualifications",
            # The reverse prefetch sets document.qualification, which download_url reads.
            models.Qualification.objects.prefetch_related("documents"),
        ),
        Prefetch(
            "consents",
            models.ConsentGrant.objects.select_related("partnership", "country", "organisation"),
        ),
    )


# A profile's answer, with its version as the ETag (``core.versions``): the caller has already
# found the profile among those they may reach.
detail = RecordResponse(
    s.MigrantProfileOutputSerializer,
    lambda _user, profile_id: _detail_queryset().get(pk=profile_id),
    versioned=True,
)


def own(request: Request) -> models.MigrantProfile:
    """The caller's own profile, or 404."""
    profile = own_profile(request.user)
    if profile is None:
        raise Http404(_("You have no profile yet."))
    return profile


class MigrantApi(AppApi):
    access: Access = PROFILE_READERS
    tags = ["migrants"]


# An endpoint about the caller's own profile only (``/me/...``). No docstring: a class's
# docstring becomes the description of every operation in the schema.
class OwnProfileApi(MigrantApi):
    access = OWN_PROFILE


class ProfileScopedApi(MigrantApi):
    """Base of the endpoints served both for ``/me/`` and for ``/profiles/{pk}/``."""

    # urls.py sets whose profile and who may call, per route: as_view(whose=..., access=...)
    whose: str = ME

    def profile(
        self, request: Request, pk: int | None, *, for_write: bool = False
    ) -> models.MigrantProfile:
        if self.whose == ME:
            return own(request)
        if pk is None:
            raise Http404(_("No such profile."))
        return get_profile_for_user(request.user, pk, for_write=for_write)
