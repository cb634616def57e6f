"""Who may see a migrant's profile. The migrant owns it; others reach it only through a consent.

- The migrant sees and edits their own profile.
- Staff of an organisation holding an active *counselling* consent (the organisation that
  registered the migrant in person) see and edit it; staff of an organisation holding an active
  *recognition share* consent see it (read-only) for the request it was given for.
- Disability information: the migrant, and organisations holding a *disability share* consent.
- Employers never reach this app: their pools (issue 7) read a pseudonymised projection.
Everyone else gets 404, including administrators on the portal pages (they keep the Django
administration site, which is audited by the database, not by these rules).
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Organisation, User
from accounts.permissions import AnyUser, active_memberships
from migrants.models import ConsentGrant, MigrantProfile, Qualification

P = ConsentGrant.Purpose
READ_PURPOSES = (P.COUNSELLING, P.RECOGNITION_SHARE)
WRITE_PURPOSES = (P.COUNSELLING,)


def own_profile(user: AnyUser) -> MigrantProfile | None:
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return (
        MigrantProfile.objects.filter(user=user, state=MigrantProfile.State.ACTIVE)
        .select_related("nationality", "country_of_residence", "contact_language")
        .first()
    )


def _org_ids(user: AnyUser, *, writers_only: bool = False) -> list[int]:
    return [m.organisation_id for m in active_memberships(user) if m.can_write or not writers_only]


def profiles_visible_to(user: AnyUser) -> QuerySet[MigrantProfile]:
    """Profiles ``user`` may read: their own, and those consented to their organisations."""
    active = MigrantProfile.objects.filter(state=MigrantProfile.State.ACTIVE)
    if not isinstance(user, User) or not user.is_authenticated:
        return active.none()
    consented = ConsentGrant.objects.filter(
        purpose__in=READ_PURPOSES,
        withdrawn_at__isnull=True,
        organisation_id__in=_org_ids(user),
    ).values("profile_id")
    return active.filter(pk__in=consented) | active.filter(user=user)


def can_edit_profile(user: AnyUser, profile: MigrantProfile) -> bool:
    if isinstance(user, User) and profile.user_id == user.pk:
        return True
    return ConsentGrant.objects.filter(
        profile=profile,
        purpose__in=WRITE_PURPOSES,
        withdrawn_at__isnull=True,
        organisation_id__in=_org_ids(user, writers_only=True),
    ).exists()


def qualifications_visible_to(user: AnyUser, profile: MigrantProfile) -> QuerySet[Qualification]:
    """All qualifications for the migrant and their counsellors; for an authority, only the ones
    shared with it for recognition (data minimisation: not the rest of the person's file)."""
    qs = profile.qualifications.all()
    if can_edit_profile(user, profile):
        return qs
    shared = ConsentGrant.objects.filter(
        profile=profile,
        purpose=P.RECOGNITION_SHARE,
        withdrawn_at__isnull=True,
        organisation_id__in=_org_ids(user),
    ).values("qualification_id")
    return qs.filter(pk__in=shared)


def can_view_disability(user: AnyUser, profile: MigrantProfile) -> bool:
    if isinstance(user, User) and profile.user_id == user.pk:
        return True
    return ConsentGrant.objects.filter(
        profile=profile,
        purpose=P.DISABILITY_SHARE,
        withdrawn_at__isnull=True,
        organisation_id__in=_org_ids(user),
    ).exists()


# Organisations whose staff may register migrants in person (counsellor-assisted intake).
INTAKE_KINDS = frozenset(
    {
        Organisation.Kind.TRAINING_PROVIDER,
        Organisation.Kind.NATIONAL_GOVERNMENT,
        Organisation.Kind.LOCAL_GOVERNMENT,
    }
)


def intake_organisations_of(user: AnyUser) -> list[Organisation]:
    return [
        m.organisation
        for m in active_memberships(user)
        if m.can_write and m.organisation.kind in INTAKE_KINDS
    ]


def can_register_migrant(user: AnyUser) -> bool:
    return bool(intake_organisations_of(user))


def can_view_consents(user: AnyUser, profile: MigrantProfile) -> bool:
    """The consent ledger reveals who else holds the person's data (e.g. which employers saw
    their identity): the migrant and the counsellors who manage the profile only."""
    return can_edit_profile(user, profile)


def can_manage_consents(user: AnyUser, profile: MigrantProfile) -> bool:
    """Only the migrant decides; before handover, the counsellor records what they said."""
    if isinstance(user, User) and profile.user_id == user.pk:
        return True
    return profile.user_id is None and can_edit_profile(user, profile)


def get_profile_for_user(user: AnyUser, pk: int, *, for_write: bool = False) -> MigrantProfile:
    profile = profiles_visible_to(user).filter(pk=pk).first()
    if profile is None:
        raise Http404("No such profile.")
    if for_write and not can_edit_profile(user, profile):
        raise PermissionDenied("This profile can only be changed by its owner.")
    return profile


def editable_profile_ids(user: AnyUser, profile_ids: Collection[int]) -> set[int]:
    """Those of ``profile_ids`` that ``user`` may edit: ``can_edit_profile`` for many profiles
    in two queries (participant imports match thousands of rows at once)."""
    ids = set(profile_ids)
    if not ids:
        return set()
    own = (
        set(MigrantProfile.objects.filter(pk__in=ids, user=user).values_list("pk", flat=True))
        if isinstance(user, User)
        else set()
    )
    consented = ConsentGrant.objects.filter(
        profile_id__in=ids - own,
        purpose__in=WRITE_PURPOSES,
        withdrawn_at__isnull=True,
        organisation_id__in=_org_ids(user, writers_only=True),
    ).values_list("profile_id", flat=True)
    return own | set(consented)
