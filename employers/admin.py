"""The employers app's admin. Vacancies, the pipeline and placements change only through the
services (which check who acts, lock, audit and tell the candidate), so they are read-only here;
people appear under their global pseudonym, never by name."""

from __future__ import annotations

from django.contrib import admin

from core.admin import CandidatePseudonymAdminMixin, ReadOnlyAdminMixin
from employers import models


class VacancyLanguageInline(
    ReadOnlyAdminMixin, admin.TabularInline[models.VacancyLanguage, models.Vacancy]
):
    model = models.VacancyLanguage


@admin.register(models.Vacancy)
class VacancyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.Vacancy]):
    list_display = ["title", "employer", "status", "destination_country", "positions", "opened_at"]
    list_filter = ["status", "fee_policy", "destination_country"]
    search_fields = ["title", "employer__name"]
    date_hierarchy = "created_at"
    inlines = [VacancyLanguageInline]


@admin.register(models.SavedSearch)
class SavedSearchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.SavedSearch]):
    list_display = ["name", "vacancy", "organisation", "created_at"]
    search_fields = ["name", "vacancy__title"]


@admin.register(models.Interest)
class InterestAdmin(CandidatePseudonymAdminMixin, admin.ModelAdmin[models.Interest]):
    list_display = ["vacancy", "pseudonym", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["vacancy__title", "profile__pseudonym"]
    exclude = ["profile", "message", "identity_consent"]
    list_select_related = ["vacancy", "profile"]


@admin.register(models.Placement)
class PlacementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[models.Placement]):
    list_display = ["vacancy", "pseudonym", "country", "occupation", "starts_on"]
    list_filter = ["country"]
    search_fields = ["vacancy__title", "profile__pseudonym"]
    date_hierarchy = "starts_on"
    exclude = ["profile"]
    readonly_fields = ["pseudonym"]
    list_select_related = ["vacancy", "profile", "country", "occupation"]

    @admin.display(description="Person (pseudonym)")
    def pseudonym(self, obj: models.Placement) -> str:
        return obj.profile.pseudonym
