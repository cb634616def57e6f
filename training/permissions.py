"""Who may see and work on training records.

- Staff of the provider organisation (a training provider, or an employer running its own
  academy) manage its programmes, cohorts and enrolments; viewers only read.
- Members of the partnership a programme is linked to (its officers) read the programme, its
  cohorts and enrolments: they monitor what their partnership funds, with pseudonyms only
  (``can_identify_participants``).
- A migrant sees their own enrolments and certificates.
- Everyone else gets 404, administrators included on the portal pages.

The routes of pages and API declare these rules as the ``Access`` constants at the end: a role
gate on the caller (403), and the ``get_*_for_user`` helper that finds the route's object among
those the caller may see (404 otherwise; 403 when they may only read it and want to change it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Organisation, User
from accounts.permissions import AnyUser, active_memberships, organisations_of
from core.access import Access, visible_or_404
from migrants.permissions import is_person
from partnerships.models import PartnershipMember
from training.models import Certificate, Cohort, Enrolment, ParticipantImport, Programme

PROVIDER_KINDS = frozenset({Organisation.Kind.TRAINING_PROVIDER, Organisation.Kind.EMPLOYER})


def provider_organisations_of(user: AnyUser, *, writers_only: bool = True) -> list[Organisation]:
    """Organisations on whose behalf ``user`` may run training (``organisations_of``)."""
    return organisations_of(user, PROVIDER_KINDS, writers_only=writers_only)


def can_run_training(user: AnyUser) -> bool:
    """Staff of a training provider (or an employer's academy) who may act for it."""
    return bool(provider_organisations_of(user))


def works_for_an_organisation(user: AnyUser) -> bool:
    """Training pages are for organisations' staff; a migrant has "My training"."""
    return bool(active_memberships(user))


def _org_ids(user: AnyUser, *, writers_only: bool = False) -> list[int]:
    return [m.organisation_id for m in active_memberships(user) if m.can_write or not writers_only]


def _programme_scope(user: AnyUser, prefix: str = "") -> Q | None:
    """A filter on programmes ``user`` may read, or None for none at all."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    org_ids = _org_ids(user)
    if not org_ids:
        return None
    partnerships = PartnershipMember.objects.filter(organisation_id__in=org_ids).values(
        "partnership_id"
    )
    return Q(**{f"{prefix}provider_id__in": org_ids}) | Q(
        **{f"{prefix}partnership_id__in": partnerships}
    )


def programmes_visible_to(user: AnyUser) -> QuerySet[Programme]:
    scope = _programme_scope(user)
    qs = Programme.objects.select_related("provider", "partnership", "location_country")
    return qs.filter(scope) if scope is not None else qs.none()


def cohorts_visible_to(user: AnyUser) -> QuerySet[Cohort]:
    scope = _programme_scope(user, "programme__")
    qs = Cohort.objects.select_related("programme__provider", "location_country")
    return qs.filter(scope) if scope is not None else qs.none()


def enrolments_visible_to(user: AnyUser) -> QuerySet[Enrolment]:
    """The provider's and the partnership's enrolments, and the migrant's own."""
    qs = Enrolment.objects.select_related("cohort__programme__provider", "profile")
    if not isinstance(user, User) or not user.is_authenticated:
        return qs.none()
    own = Q(profile__user=user)
    scope = _programme_scope(user, "cohort__programme__")
    return qs.filter(own | scope if scope is not None else own)


def can_manage_programme(user: AnyUser, programme: Programme) -> bool:
    return programme.provider_id in _org_ids(user, writers_only=True)


def is_participant(user: AnyUser, enrolment: Enrolment) -> bool:
    return isinstance(user, User) and enrolment.profile.user_id == user.pk


# --- Who sees who a participant is -------------------------------------------------------------
# One rule, written once, for pages, the API and the enrolment search: the provider's staff (any
# role: their organisation counsels the participants and runs the training) and the participant
# themself see names, contact details, sex and the provider's reference. Everyone else who may
# read the cohort (the partnership's members: governments, funders, employers) sees pseudonyms
# only, and so may not search, filter or sort on what they do not see: an employer could
# otherwise find the people it meets under a pseudonym in its candidate pools.
def _identifying_org_ids(user: AnyUser) -> frozenset[int]:
    return frozenset(o.pk for o in provider_organisations_of(user, writers_only=False))


def can_identify_participants(user: AnyUser, programme: Programme) -> bool:
    """Whether ``user`` sees who the participants of ``programme`` are (all of them)."""
    return programme.provider_id in _identifying_org_ids(user)


def participant_identity_rule(user: AnyUser) -> Callable[[Enrolment], bool]:
    """``can_identify_participants`` per enrolment, plus the participant themself; the
    memberships are read once for a whole list."""
    org_ids = _identifying_org_ids(user)
    user_id = user.pk if isinstance(user, User) else None
    return lambda e: (
        e.cohort.programme.provider_id in org_ids
        or (user_id is not None and e.profile.user_id == user_id)
    )


def get_programme_for_user(user: AnyUser, pk: int, *, for_write: bool = False) -> Programme:
    programme = visible_or_404(programmes_visible_to(user), pk, "No such programme.")
    if for_write and not can_manage_programme(user, programme):
        raise PermissionDenied("Only staff of the training provider can change this programme.")
    return programme


def get_cohort_for_user(user: AnyUser, pk: int, *, for_write: bool = False) -> Cohort:
    cohort = visible_or_404(cohorts_visible_to(user), pk, "No such cohort.")
    if for_write and not can_manage_programme(user, cohort.programme):
        raise PermissionDenied("Only staff of the training provider can change this cohort.")
    return cohort


def get_enrolment_for_user(user: AnyUser, pk: int, *, for_write: bool = False) -> Enrolment:
    enrolment = visible_or_404(enrolments_visible_to(user), pk, "No such enrolment.")
    if for_write and not can_manage_programme(user, enrolment.cohort.programme):
        raise PermissionDenied("Only staff of the training provider can change this enrolment.")
    return enrolment


def certificates_visible_to(user: AnyUser) -> QuerySet[Certificate]:
    """Certificates of the enrolments ``user`` may see: their own, their provider's and their
    partnership's (whose holders they see by pseudonym only: ``participant_identity_rule``)."""
    return Certificate.objects.filter(
        enrolment__in=enrolments_visible_to(user).values("pk")
    ).select_related("enrolment__profile", "enrolment__cohort__programme__provider")


def get_certificate_for_user(
    user: AnyUser, pk: int, *, naming_the_holder: bool = False, for_write: bool = False
) -> Certificate:
    """A certificate ``user`` may see, else 404. The one rule of the page and the API: whoever
    may see the enrolment sees the certificate; what names its holder (the printable
    certificate, the verification code) only whoever may see who the participant is."""
    certificate = visible_or_404(certificates_visible_to(user), pk, "No such certificate.")
    if naming_the_holder and not participant_identity_rule(user)(certificate.enrolment):
        raise Http404("No such certificate.")
    if for_write and not can_manage_programme(user, certificate.enrolment.cohort.programme):
        raise PermissionDenied("Only staff of the training provider can revoke a certificate.")
    return certificate


def get_import_for_user(
    user: AnyUser, pk: int, *, for_write: bool = False, personal: bool = False
) -> ParticipantImport:
    """A participant import of a cohort ``user`` may see, else 404 (without the stored file).
    Its rows and errors are the provider's working copy of personal data: with ``personal``,
    403 for anyone but the provider's staff; with ``for_write``, for anyone who may only read."""
    found = (
        ParticipantImport.objects.filter(pk=pk, cohort__in=cohorts_visible_to(user))
        .select_related("cohort__programme__provider", "uploaded_by")
        .defer("content")
        .first()
    )
    if found is None:
        raise Http404("No such import.")
    programme = found.cohort.programme
    if personal and not can_identify_participants(user, programme):
        raise PermissionDenied("Only staff of the training provider see the rows of its files.")
    if for_write and not can_manage_programme(user, programme):
        raise PermissionDenied("Only staff of the training provider can change this import.")
    return found


# --- Declared access of the training routes (pages and API) ---------------------------------
_HERE = "training.permissions."
TRAINING_READERS = Access(
    "staff of organisations: training providers, and the partnership members who follow their "
    "programmes (participants by pseudonym only)",
    works_for_an_organisation,
)
TRAINING_PROVIDERS = Access(
    "staff of a training provider who may act for it", lambda user: can_run_training(user)
)
PROGRAMME_READERS = TRAINING_READERS.on(f"{_HERE}get_programme_for_user")
PROGRAMME_MANAGERS = TRAINING_PROVIDERS.on(f"{_HERE}get_programme_for_user")
COHORT_READERS = TRAINING_READERS.on(f"{_HERE}get_cohort_for_user")
COHORT_MANAGERS = TRAINING_PROVIDERS.on(f"{_HERE}get_cohort_for_user")
IMPORT_READERS = TRAINING_READERS.on(f"{_HERE}get_import_for_user")
IMPORT_MANAGERS = TRAINING_PROVIDERS.on(f"{_HERE}get_import_for_user")
ENROLMENT_READERS = Access(
    "the provider's staff, the partnership's members (pseudonyms only) and the participant",
    scope=f"{_HERE}get_enrolment_for_user",
)
ENROLMENT_MANAGERS = TRAINING_PROVIDERS.on(f"{_HERE}get_enrolment_for_user")
CERTIFICATE_READERS = Access(
    "the holder, the provider's staff and the partnership's members (holder by pseudonym only)",
    scope=f"{_HERE}get_certificate_for_user",
)
CERTIFICATE_PRINT = Access(
    "the holder and the training provider's staff (the printed certificate names the holder)",
    scope=f"{_HERE}get_certificate_for_user",
)
CERTIFICATE_MANAGERS = TRAINING_PROVIDERS.on(f"{_HERE}get_certificate_for_user")
TRAINEES = Access(
    "the migrant themself, for their own enrolments and certificates",
    lambda user: is_person(user),
    scope="migrants.permissions.own_profile",
)
