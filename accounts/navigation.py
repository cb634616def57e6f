"""The site navigation, one list for every role. Apps add their entries here as they grow."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[Role] | None = None  # None: every signed-in user

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home"),
    NavItem(
        _("Partnerships"),
        "partnerships:list",
        frozenset(role for role in Role if role != Role.MIGRANT),
    ),
    NavItem(_("My profile"), "migrants:profile", frozenset({Role.MIGRANT})),
    NavItem(_("My training"), "training:my-training", frozenset({Role.MIGRANT})),
    NavItem(
        _("Training"),
        "training:programme-list",
        frozenset({Role.TRAINING_PROVIDER, Role.GOVERNMENT_OFFICER}),
    ),
    NavItem(_("Skills passport"), "migrants:passport", frozenset({Role.MIGRANT})),
    NavItem(_("Jobs for me"), "matching:my-matches", frozenset({Role.MIGRANT})),
    NavItem(_("Job offers"), "employers:my-interests", frozenset({Role.MIGRANT})),
    NavItem(_("Vacancies"), "employers:vacancy-list", frozenset({Role.EMPLOYER})),
    NavItem(
        _("Recognition"),
        "recognition:list",
        frozenset({Role.MIGRANT, Role.RECOGNITION_OFFICER}),
    ),
    NavItem(
        _("Register a migrant"),
        "migrants:intake-create",
        frozenset({Role.TRAINING_PROVIDER, Role.GOVERNMENT_OFFICER}),
    ),
    NavItem(_("Duplicate review"), "migrants:duplicate-list", frozenset({Role.GOVERNMENT_OFFICER})),
    NavItem(_("Public registry"), "registry:list"),
    NavItem(_("Reference data"), "taxonomy:browse"),
    NavItem(_("API"), "api-docs"),
    NavItem(_("My account"), "accounts:profile"),
    NavItem(_("Administration"), "admin:index", frozenset({Role.ADMIN})),
)


def nav_items_for(roles: frozenset[Role]) -> list[NavItem]:
    return [item for item in NAVIGATION if item.roles is None or item.roles & roles]
