"""What every training page shares: the signed-in user, domain errors on forms, names shown
to whom, certificate links."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest
from django.urls import reverse

from accounts.models import User
from accounts.permissions import active_memberships
from migrants.permissions import profiles_visible_to
from smp_portal.errors import DomainError
from training.models import Certificate, Enrolment, Programme
from training.permissions import provider_organisations_of
from training.presenters import ACTION_STYLES


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def require_staff(user: User) -> None:
    """The provider pages are for organisations' staff; a migrant has their own pages."""
    if not active_memberships(user):
        raise Http404("No such page.")


def page_url(name: str, pk: int, section: str = "") -> str:
    url = reverse(name, args=[pk])
    return f"{url}#{section}" if section else url


def certificate_of(enrolment: Enrolment) -> Certificate | None:
    try:
        return enrolment.certificate
    except ObjectDoesNotExist:
        return None


def certificate_print_url(certificate: Certificate) -> str:
    return reverse("training:certificate-print", args=[certificate.pk])


def is_provider_member(user: User, programme: Programme) -> bool:
    """Staff and viewers of the provider, who counsel the participants: unlike the partnership's
    officers, they may search participants by name and open the printable certificate."""
    return any(
        o.pk == programme.provider_id for o in provider_organisations_of(user, writers_only=False)
    )


def action_button(name: str, labels: dict[str, Any], needs_reason: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "label": labels.get(name, name),
        "needs_reason": needs_reason,
        "style": ACTION_STYLES.get(name, ""),
    }


def participant_names(user: User, enrolments: list[Enrolment]) -> dict[int, str]:
    """Participants' names where the user may read the profile (a counselling consent), their
    pseudonyms elsewhere (a partnership officer monitoring the cohort). One query."""
    ids = {e.profile_id for e in enrolments}
    readable = set(profiles_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return {
        e.pk: str(e.profile) if e.profile_id in readable else e.profile.pseudonym
        for e in enrolments
    }
