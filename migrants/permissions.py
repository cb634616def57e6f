"""Who may see a migrant's profile. The migrant owns it; others reach it only through a consent.

- The migrant sees and edits their own profile.
- Staff of an organisation holding an active *counselling* consent (the organisation that
  registered the migrant in person) see and edit it; staff of an organisation holding an active
  *recognition share* consent see it (read-only) for the request it was given for.
- Disability information: the migrant, and organisations holding a *disability share* consent.
- Employers never reach this app: their pools (issue 7) read a pseudonymised projection.
A grant counts only when its recipient is of a kind its purpose may name
(``ConsentGrant.RECIPIENT_KINDS``), so a grant that should never have been made opens nothing.
Everyone else gets 404, including administrators on the portal pages (they keep the Django
administration site, which is audited by the database, not by these rules).

The routes declare their access with the ``Access`` constants at the bottom (the role gate, 403
for a caller outside it; the lookup that gives 404 for a profile outside the caller's reach).
``profiles_counselled_by`` is "the people my organisation counsels", for every app that asks.
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role, User
from accounts.permissions import (
    AnyUser,
    acting_organisation_id,
    active_memberships,
    has_role,
    organisations_of,
)
from core.access import Access, visible_or_404
from migrants.models import (
    INTAKE_KINDS,
    ConsentGrant,
    DuplicateFlag,
    MigrantProfile,
    Qualification,
)

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


def consents_held_by(
    user: AnyUser, purposes: Collection[str], *, writers_only: bool = False
) -> QuerySet[ConsentGrant]:
    """Active grants of ``purposes`` to the user's organisations that the portal honours: only
    those whose recipient is of a kind the purpose may name (``ConsentGrant.RECIPIENT_KINDS``).
    With ``writers_only``, only organisations the user may act for, not just read."""
    memberships = [m for m in active_memberships(user) if m.can_write or not writers_only]
    condition = Q(pk__in=[])
    for purpose in purposes:
        kinds = ConsentGrant.RECIPIENT_KINDS[purpose]
        ids = [m.organisation_id for m in memberships if m.organisation.kind in kinds]
        if ids:
            condition |= Q(purpose=purpose, organisation_id__in=ids)
    return ConsentGrant.objects.active().filter(condition)


def profiles_counselled_by(user: AnyUser, *, writers_only: bool = True) -> QuerySet[MigrantProfile]:
    """ "People my organisation counsels": active profiles holding an active counselling consent
    to one of the user's organisations (those the user may act for, unless ``writers_only`` is
    False). The intake list, the duplicate review and training's "add a person" all read it."""
    counselled = consents_held_by(user, (P.COUNSELLING,), writers_only=writers_only).values(
        "profile_id"
    )
    return MigrantProfile.objects.filter(state=MigrantProfile.State.ACTIVE, pk__in=counselled)


def profiles_visible_to(user: AnyUser) -> QuerySet[MigrantProfile]:
    """Profiles ``user`` may read: their own, and those consented to their organisations."""
    active = MigrantProfile.objects.filter(state=MigrantProfile.State.ACTIVE)
    if not isinstance(user, User) or not user.is_authenticated:
        return active.none()
    consented = consents_held_by(user, READ_PURPOSES).values("profile_id")
    return active.filter(pk__in=consented) | active.filter(user=user)


def profiles_editable_by(user: AnyUser) -> QuerySet[MigrantProfile]:
    """Active profiles ``user`` may edit: their own, and those their organisations counsel."""
    active = MigrantProfile.objects.filter(state=MigrantProfile.State.ACTIVE)
    if not isinstance(user, User) or not user.is_authenticated:
        return active.none()
    return profiles_counselled_by(user) | active.filter(user=user)


def can_edit_profile(user: AnyUser, profile: MigrantProfile) -> bool:
    if isinstance(user, User) and profile.user_id == user.pk:
        return True
    return (
        consents_held_by(user, WRITE_PURPOSES, writers_only=True).filter(profile=profile).exists()
    )


def qualifications_visible_to(user: AnyUser, profile: MigrantProfile) -> QuerySet[Qualification]:
    """All qualifications for the migrant and their counsellors; for an authority, only the ones
    shared with it for recognition (data minimisation: not the rest of the person's file)."""
    qs = profile.qualifications.all()
    if can_edit_profile(user, profile):
        return qs
    shared = (
        consents_held_by(user, (P.RECOGNITION_SHARE,))
        .filter(profile=profile)
        .values("qualification_id")
    )
    return qs.filter(pk__in=shared)


def get_qualification_for_user(
    user: AnyUser, profile: MigrantProfile, qualification_id: int
) -> Qualification:
    """One of ``profile``'s qualifications that ``user`` sees, else 404: asked before anything
    about a request's input, so a foreign id answers like a missing one."""
    return visible_or_404(
        qualifications_visible_to(user, profile), qualification_id, "No such qualification."
    )


def can_view_disability(user: AnyUser, profile: MigrantProfile) -> bool:
    if isinstance(user, User) and profile.user_id == user.pk:
        return True
    return consents_held_by(user, (P.DISABILITY_SHARE,)).filter(profile=profile).exists()


def intake_organisations_of(user: AnyUser, *, writers_only: bool = True) -> list[Organisation]:
    """The training providers and government offices the user works for (acts for, unless
    ``writers_only`` is False)."""
    return organisations_of(user, INTAKE_KINDS, writers_only=writers_only)


def intake_organisation_for(user: AnyUser, chosen: int | None) -> Organisation:
    """The organisation a registration is made for: the one chosen among the user's intake
    organisations, or their only one. 403 for someone who registers for none."""
    organisations = intake_organisations_of(user)
    if not organisations:
        raise PermissionDenied(
            _("Only staff of a training provider or a government office can register migrants.")
        )
    pk = acting_organisation_id(organisations, chosen, field="organisation")
    return next(o for o in organisations if o.pk == pk)


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


def consent_purposes_for(user: AnyUser, profile: MigrantProfile) -> frozenset[str]:
    """The purposes ``user`` may record for ``profile``: any for its owner; for a counsellor
    before handover, only what intake allows (``ConsentGrant.IN_PERSON_PURPOSES``)."""
    if isinstance(user, User) and profile.user_id == user.pk:
        return frozenset(P.values)
    if can_manage_consents(user, profile):
        return ConsentGrant.IN_PERSON_PURPOSES
    return frozenset()


def consent_recipients_for(
    user: AnyUser, profile: MigrantProfile, purpose: str
) -> QuerySet[Organisation]:
    """The organisations ``purpose`` may name when ``user`` records it for ``profile``: those of
    the kinds the purpose allows; for a counsellor recording in person, only their own intake
    organisations (intake records a consent to the counsellor's organisation, no other)."""
    kinds = ConsentGrant.RECIPIENT_KINDS.get(purpose)
    if not kinds or purpose not in consent_purposes_for(user, profile):
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(is_active=True, kind__in=kinds)
    if isinstance(user, User) and profile.user_id == user.pk:
        return organisations
    return organisations.filter(pk__in=[o.pk for o in intake_organisations_of(user)])


def get_profile_for_user(user: AnyUser, pk: int, *, for_write: bool = False) -> MigrantProfile:
    profile = visible_or_404(profiles_visible_to(user), pk, "No such profile.")
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
    consented = (
        consents_held_by(user, WRITE_PURPOSES, writers_only=True)
        .filter(profile_id__in=ids - own)
        .values_list("profile_id", flat=True)
    )
    return own | set(consented)


def get_duplicate_flag_for_user(user: AnyUser, pk: int, *, lock: bool = False) -> DuplicateFlag:
    """A flag the user may review (``duplicate_flag_list_for_user``), or 404; ``lock`` it for a
    review."""
    from migrants.selectors import duplicate_flag_list_for_user

    flags = duplicate_flag_list_for_user(user=user)
    flag = (flags.select_for_update() if lock else flags).filter(pk=pk).first()
    if flag is None:
        raise Http404("No such flag.")
    return flag


# --- Declared access of the migrants routes (pages and API) -----------------------------------
# Which kinds of organisation may hold a profile through a consent: read (counselling,
# recognition share) and change (counselling).
READER_KINDS = frozenset().union(*(ConsentGrant.RECIPIENT_KINDS[p] for p in READ_PURPOSES))
EDITOR_KINDS = frozenset().union(*(ConsentGrant.RECIPIENT_KINDS[p] for p in WRITE_PURPOSES))


def is_person(user: AnyUser) -> bool:
    """A migrant: someone who works for no organisation, or who already keeps a profile. An
    administrator's account is not a person's: it works for the portal itself, and a profile
    on it would put the superuser in pools and pipelines under a person's name."""
    return isinstance(user, User) and (
        (not active_memberships(user) and not user.is_superuser) or own_profile(user) is not None
    )


def works_with_profiles(user: AnyUser) -> bool:
    """Staff of an organisation that may read profiles through a consent."""
    return bool(organisations_of(user, READER_KINDS, writers_only=False))


def is_intake_staff(user: AnyUser) -> bool:
    """Staff of a training provider or government office, viewers included."""
    return bool(intake_organisations_of(user, writers_only=False))


def can_review_duplicates(user: AnyUser) -> bool:
    return has_role(user, Role.ADMIN) or bool(intake_organisations_of(user))


OWN_PROFILE = Access(
    "the migrant themself (their own profile, passport and data)",
    is_person,
    scope="migrants.permissions.own_profile",
)
PROFILE_READERS = Access(
    "the migrant, and staff of organisations holding their counselling consent or a "
    "recognition share (counsellors to change it)",
    lambda user: is_person(user) or works_with_profiles(user),
    scope="migrants.permissions.get_profile_for_user",
)
PROFILE_EDITORS = Access(
    "the migrant, and staff of the organisations holding their counselling consent",
    lambda user: is_person(user) or bool(organisations_of(user, EDITOR_KINDS)),
    scope="migrants.permissions.get_profile_for_user",
)
PROFILE_STAFF = Access(
    "staff of counselling organisations and recognition authorities (registering: intake "
    "staff who may act for their organisation)",
    works_with_profiles,
)
INTAKE_STAFF = Access("staff of training providers and government offices", is_intake_staff)
INTAKE_REGISTRARS = Access(
    "staff who may act for a training provider or government office", can_register_migrant
)
COUNSELLORS = Access(
    "staff of the organisation holding the person's counselling consent",
    can_register_migrant,
    scope="migrants.permissions.get_profile_for_user",
)
DUPLICATE_REVIEWERS = Access(
    "officers of governments and counselling organisations, and administrators",
    can_review_duplicates,
)
DUPLICATE_FLAG_REVIEWERS = DUPLICATE_REVIEWERS.on(
    "migrants.permissions.get_duplicate_flag_for_user"
)
PASSPORT_LINK_HOLDERS = Access(
    "anyone holding a live passport link, without signing in",
    lambda user: True,
    scope="migrants.passport.services.shared_passport",
    login=False,
)
