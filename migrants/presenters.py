"""How the migrant profile pages present what the selectors return: steps, labels, rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.permissions import AnyUser
from migrants.forms import DocumentForm
from migrants.models import (
    ConsentGrant,
    DuplicateFlag,
    MigrantProfile,
    Qualification,
    WorkExperience,
)
from migrants.permissions import (
    can_view_consents,
    can_view_disability,
    consent_purposes_for,
    qualifications_visible_to,
)
from migrants.selectors import (
    STEPS,
    Completeness,
    consent_list_for_profile,
    experience_years_by_occupation,
    profile_completeness,
)
from migrants.services import CURRENT_NOTICE_VERSION, ENTRY_KINDS, disability_view

P = ConsentGrant.Purpose

# The pages of the profile, in order: the counted steps, then consent and disability.
PAGE_STEPS = (*STEPS, "consents", "disability")
ENTRY_STEPS = tuple(ENTRY_KINDS)

STEP_TITLES: dict[str, Promise] = {
    "identity": _("About you"),
    "contact": _("Contact details"),
    "migration": _("Your situation and plans"),
    "education": _("Education"),
    "skills": _("Skills"),
    "languages": _("Languages"),
    "experience": _("Work experience"),
    "qualifications": _("Qualifications and documents"),
    "consents": _("Who may see your profile"),
    "disability": _("Disability information"),
}

STEP_INTROS: dict[str, Promise] = {
    "identity": _("Your names as written in your passport or identity card."),
    "contact": _("How training providers and employers you allow can reach you."),
    "migration": _(
        "Where you are now, where you would like to work, and from when. This helps to find "
        "training and jobs that fit."
    ),
    "education": _("Schools, vocational training and university. Add one entry for each."),
    "skills": _(
        "What you can do. Search the European list of skills (ESCO), choose a skill, then say "
        "how well you do it."
    ),
    "languages": _(
        "Each language you know, with your level from A1 (beginner) to C2 (like a native "
        "speaker) on the Common European Framework (CEFR)."
    ),
    "experience": _(
        "Jobs you have done, paid or unpaid. We add up your years of experience per occupation."
    ),
    "qualifications": _(
        "Diplomas and certificates. Upload a scan or a photo of each one: recognition "
        "authorities need it to assess your qualification."
    ),
    "consents": _(
        "Nobody sees your profile unless you agree. Each permission is for one purpose and one "
        "recipient. You can withdraw it at any time, and it stops at once."
    ),
    "disability": _(
        "Only if you want training providers or employers to make adjustments for you. This is "
        "sensitive information: it is stored separately and shared only with an organisation "
        "you choose."
    ),
}

PURPOSE_TITLES: dict[str, Promise] = {
    P.POOL_PARTNERSHIP: _("Be found for a partnership's jobs and training"),
    P.POOL_DESTINATION: _("Be found by employers in a destination country"),
    P.EMPLOYER_IDENTITY: _("Show my name and contact details to an employer"),
    P.RECOGNITION_SHARE: _("Send a qualification to a recognition authority"),
    P.STATISTICS: _("Count me in anonymous statistics"),
    P.COUNSELLING: _("Let a counselling organisation keep my profile up to date"),
    P.DISABILITY_SHARE: _("Share my disability information with an organisation"),
}

PURPOSE_EXPLANATIONS: dict[str, Promise] = {
    P.POOL_PARTNERSHIP: _(
        "Your skills, languages and experience appear in the candidate pool of one Skills "
        "Mobility Partnership. Your name, date of birth and contact details stay hidden: "
        "employers see a code such as C-4HZ7Q2MX."
    ),
    P.POOL_DESTINATION: _(
        "The same, for all the candidate pools of employers in one destination country. Your "
        "name and contact details stay hidden."
    ),
    P.EMPLOYER_IDENTITY: _(
        "Usually after an employer showed interest in you and you accepted: the employer then "
        "sees your name, phone number and e-mail address, to contact you."
    ),
    P.RECOGNITION_SHARE: _(
        "A recognition authority may read your profile and the documents of the qualification "
        "you choose, to decide whether it is recognised in its country."
    ),
    P.STATISTICS: _(
        "Your data is counted in totals (for example, how many welders want to work in "
        "Belgium). Nobody can find out it is you."
    ),
    P.COUNSELLING: _(
        "Staff of the training provider or government office you choose may read and update "
        "your profile, for example to help you fill it in."
    ),
    P.DISABILITY_SHARE: _(
        "Staff of the organisation you choose may read what you wrote about your disability, "
        "to plan adjustments. Nobody else sees it."
    ),
}

REASON_LABELS: dict[str, Promise] = {
    "name_and_birth_date": _("Same name and date of birth"),
    "phone": _("Same phone number"),
    "email": _("Same e-mail address"),
}


@dataclass(frozen=True)
class StepLink:
    name: str
    number: int
    title: Promise
    url: str
    done: bool | None  # None: optional, not part of completeness
    current: bool


def step_links(
    url_for: Callable[[str], str],
    completeness: Completeness,
    *,
    current: str = "",
    hidden: frozenset[str] = frozenset(),
) -> list[StepLink]:
    names = [s for s in PAGE_STEPS if s not in hidden]
    return [
        StepLink(
            name=name,
            number=i,
            title=STEP_TITLES[name],
            url=url_for(name),
            done=(name in completeness.done) if name in STEPS else None,
            current=name == current,
        )
        for i, name in enumerate(names, start=1)
    ]


def neighbours(links: list[StepLink], current: str) -> tuple[StepLink | None, StepLink | None]:
    index = next(i for i, link in enumerate(links) if link.name == current)
    previous = links[index - 1] if index > 0 else None
    following = links[index + 1] if index + 1 < len(links) else None
    return previous, following


def consent_recipient(grant: ConsentGrant) -> str:
    if grant.partnership is not None:
        return f"{grant.partnership.reference_code} {grant.partnership.title}"
    if grant.country is not None:
        return grant.country.name
    if grant.organisation is not None:
        label = grant.organisation.name
        if grant.qualification is not None:
            label = f"{label}: {grant.qualification.title}"
        return label
    return str(_("No recipient: anonymous totals only"))


@dataclass(frozen=True)
class ExperienceTotal:
    occupation: str
    years: float

    @property
    def label(self) -> str:
        # Fractions take the plural ("1.5 years"); whole numbers follow the language's rules.
        whole = self.years.is_integer()
        count = int(self.years) if whole else 2
        value = number_format(int(self.years) if whole else self.years, decimal_pos=None)
        return ngettext("%(years)s year", "%(years)s years", count) % {"years": value}


def experience_totals(
    profile: MigrantProfile, entries: list[WorkExperience]
) -> list[ExperienceTotal]:
    """Years per occupation (overlaps counted once), labelled from the entries already loaded."""
    labels = {e.occupation_id: str(e.occupation) for e in entries}
    years = experience_years_by_occupation(profile=profile)
    return sorted(
        (ExperienceTotal(labels.get(pk, str(pk)), value) for pk, value in years.items()),
        key=lambda total: -total.years,
    )


NONE = "\u2013"  # an en dash: "nothing given"


def _registered(profile: MigrantProfile) -> str:
    how = _("by the person") if profile.user_id else _("by a counsellor")
    return f"{date_format(profile.created_at, 'SHORT_DATE_FORMAT')}, {how}"


def duplicate_rows(flag: DuplicateFlag) -> list[tuple[Promise, str, str]]:
    """The two profiles of a flag, field by field, for a side-by-side comparison."""
    fields: list[tuple[Promise, Callable[[MigrantProfile], str]]] = [
        (_("Name"), str),
        (
            _("Date of birth"),
            lambda p: date_format(p.date_of_birth, "DATE_FORMAT") if p.date_of_birth else NONE,
        ),
        (_("Phone"), lambda p: p.phone or NONE),
        (_("E-mail"), lambda p: p.contact_email or (p.user.email if p.user else "") or NONE),
        (_("Nationality"), lambda p: p.nationality.name if p.nationality else NONE),
        (_("Registered"), _registered),
    ]
    return [(label, show(flag.profile), show(flag.other)) for label, show in fields]


# --- Pages ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Subject:
    """The profile a page is about, and whether it was reached as "my profile" or by id."""

    profile: MigrantProfile
    own: bool
    editable: bool

    def url(self, name: str, *args: object) -> str:
        if self.own:
            return reverse(f"migrants:own-{name}", args=args)
        return reverse(f"migrants:{name}", args=[self.profile.pk, *args])

    def step_url(self, step: str) -> str:
        return self.url("step", step)

    @property
    def overview_url(self) -> str:
        if self.own:
            return reverse("migrants:profile")
        return reverse("migrants:detail", args=[self.profile.pk])


def hidden_steps(user: AnyUser, profile: MigrantProfile) -> frozenset[str]:
    """Steps a reader may not open: the consent ledger and special-category data."""
    hidden: set[str] = set()
    if not can_view_consents(user, profile):
        hidden.add("consents")
    if not can_view_disability(user, profile):
        hidden.add("disability")
    return frozenset(hidden)


def page_steps(user: AnyUser, subject: Subject, current: str = "") -> list[StepLink]:
    profile = subject.profile
    return step_links(
        subject.step_url,
        profile_completeness(profile=profile),
        current=current,
        hidden=hidden_steps(user, profile),
    )


def overview_context(user: AnyUser, subject: Subject) -> dict[str, Any]:
    profile = subject.profile
    completeness = profile_completeness(profile=profile)
    links = step_links(subject.step_url, completeness, hidden=hidden_steps(user, profile))
    return {
        "subject": subject,
        "profile": profile,
        "completeness": completeness,
        "links": links,
        "next_step": next((link for link in links if link.done is False), None),
        "can_handover": not subject.own and subject.editable and profile.user_id is None,
        "destinations": profile.preferred_destinations.all(),
        "occupations": profile.preferred_occupations.all(),
    }


def step_context(user: AnyUser, subject: Subject, step: str) -> dict[str, Any]:
    """Everything a step page shows besides its form."""
    profile = subject.profile
    completeness = profile_completeness(profile=profile)
    links = step_links(
        subject.step_url, completeness, current=step, hidden=hidden_steps(user, profile)
    )
    previous, following = neighbours(links, step)
    return {
        "subject": subject,
        "profile": profile,
        "step": step,
        "title": STEP_TITLES[step],
        "intro": STEP_INTROS[step],
        "links": links,
        "current_link": next(link for link in links if link.current),
        "previous": previous,
        "following": following,
        "completeness": completeness,
        "editable": subject.editable,
        **_step_data(user, subject, step),
    }


def _step_data(user: AnyUser, subject: Subject, step: str) -> dict[str, Any]:
    """What each step lists besides its form."""
    profile = subject.profile
    if step == "education":
        return {"entries": profile.education.select_related("isced_level", "field", "country")}
    if step == "skills":
        return {"entries": profile.skills.select_related("skill")}
    if step == "languages":
        return {
            "entries": profile.languages.select_related(
                "language", "understanding", "speaking", "writing"
            )
        }
    if step == "experience":
        entries = list(profile.experience.select_related("occupation", "country"))
        return {"entries": entries, "totals": experience_totals(profile, entries)}
    if step == "qualifications":
        return {
            "entries": qualifications_visible_to(user, profile)
            .select_related("isced_level", "field", "country")
            .prefetch_related("documents")
        }
    if step == "consents":
        grants = [
            (g, consent_recipient(g), PURPOSE_TITLES[g.purpose])
            for g in consent_list_for_profile(profile=profile)
        ]
        offered = consent_purposes_for(user, profile)
        return {
            "active_grants": [row for row in grants if row[0].is_active],
            "withdrawn_grants": [row for row in grants if not row[0].is_active],
            "purposes": [
                (value, PURPOSE_TITLES[value], PURPOSE_EXPLANATIONS[value])
                for value in ConsentGrant.Purpose.values
                if value in offered
            ],
            "notice_version": CURRENT_NOTICE_VERSION,
        }
    if step == "disability":
        return {"disability": disability_view(viewer=user, profile=profile, channel="page")}
    return {"destinations": profile.preferred_destinations.all()} if step == "migration" else {}


def qualification_rows(
    qualifications: Iterable[Qualification], bound: dict[int, DocumentForm]
) -> list[tuple[Qualification, DocumentForm]]:
    """Each qualification with its upload form: the refused one still bound, to show why."""
    return [(q, bound.get(q.pk) or DocumentForm(prefix=f"doc{q.pk}")) for q in qualifications]


def holder_initials(profile: MigrantProfile) -> str:
    """ "A. H." from the given names and family name; "—" once the profile is erased."""
    if profile.state == MigrantProfile.State.ERASED:
        return "—"
    letters = [
        f"{name.strip()[0].upper()}."
        for name in (profile.given_names, profile.family_name)
        if name.strip()
    ]
    return " ".join(letters) or "—"
