"""Forms of the officer pages. They check shape (types, known codes, line syntax) and build the
services' inputs; the business rules stay in ``partnerships.services``.

Countries, corridors and occupations are typed as short code lists ("MA, TN", "MA-BE",
"2512, 2221"): quicker than scrolling a list of 250 countries or 436 ISCO unit groups, usable on a
phone, and every unknown entry is named in the error message.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.bounds import column_length
from core.forms import IntegerField, date_widget
from partnerships.models import (
    AnnualTarget,
    CostEntry,
    CostGroup,
    Partnership,
    PartnershipCity,
    PartnershipDocument,
    PartnershipMember,
    PartnershipStatus,
)
from partnerships.services import CityInput, CostInput, MemberInput, PartnershipInput
from taxonomy.models import (
    ConceptStatus,
    Country,
    Currency,
    GcmObjective,
    Occupation,
    SdgTarget,
    Sector,
)
from taxonomy.models import SkillLevel as SkillLevelChoices

_LIST_SPLIT = re.compile(r"[,;\n]+")
# Hyphen, en or em dash, arrow, "->", ">" or "/" between two country codes.
_CORRIDOR = re.compile(r"^([A-Za-z]{2})\s*(?:-|\u2013|\u2014|\u2192|->|>|/)\s*([A-Za-z]{2})$")
MIGRANTS = "migrants"

SKILL_LEVEL_FIELDS = {
    SkillLevelChoices.LOW: "covers_low_skill",
    SkillLevelChoices.MEDIUM: "covers_medium_skill",
    SkillLevelChoices.HIGH: "covers_high_skill",
}


def model_field_label(name: str) -> str:
    """The capitalised verbose name of a ``Partnership`` field, e.g. a safeguard."""
    model_field = Partnership._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return str(model_field.verbose_name).capitalize()


def _entries(value: str) -> list[str]:
    return [e.strip() for e in _LIST_SPLIT.split(value or "") if e.strip()]


def _code_widget() -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"})


class _CountryLookup:
    """ISO 3166-1 alpha-2 codes and English names, loaded once per form (about 250 rows)."""

    def __init__(self) -> None:
        countries = list(Country.objects.only("code", "name"))
        self.by_code = {c.code: c for c in countries}
        self.by_name = {c.name.casefold(): c for c in countries}

    def code(self, entry: str) -> str | None:
        text = entry.strip()
        if text.upper() in self.by_code:
            return text.upper()
        country = self.by_name.get(text.casefold())
        return country.code if country else None


class PartnershipForm(forms.Form):
    """The description of a partnership: everything in ``PartnershipInput``."""

    title = forms.CharField(label=_("Title"), max_length=255)
    kind = forms.ChoiceField(
        label=_("Kind of partnership"),
        choices=[("", _("Choose…")), *Partnership.Kind.choices],
    )
    instrument = forms.ChoiceField(
        label=_("Legal instrument"),
        choices=[("", _("Choose…")), *Partnership.Instrument.choices],
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partnership does, for whom, and how it is funded."),
    )
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=date_widget())
    start_on = forms.DateField(label=_("Starts on"), required=False, widget=date_widget())
    end_on = forms.DateField(label=_("Ends on"), required=False, widget=date_widget())

    origin_countries = forms.CharField(
        label=_("Countries of origin"),
        max_length=500,
        widget=_code_widget(),
        help_text=_(
            "Two-letter ISO codes or English names, separated by commas, e.g. “MA, Tunisia”."
        ),
    )
    destination_countries = forms.CharField(
        label=_("Countries of destination"),
        max_length=500,
        widget=_code_widget(),
        help_text=_("Two-letter ISO codes or English names, separated by commas, e.g. “BE”."),
    )
    corridors = forms.CharField(
        label=_("Corridors"),
        required=False,
        max_length=1000,
        widget=_code_widget(),
        help_text=_(
            "Origin-destination pairs such as “MA-BE, TN-BE”. Leave empty to cover every "
            "pair of an origin and a destination country."
        ),
    )
    cities = forms.CharField(
        label=_("Cities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            "For city-to-city partnerships: one city per line as “name, country code, side”, "
            "where side is origin or destination, e.g. “Milan, IT, destination”."
        ),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        required=False,
        choices=Sector.Code.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    occupations = forms.CharField(
        label=_("Target occupations"),
        required=False,
        max_length=2000,
        widget=_code_widget(),
    )
    skill_levels = forms.MultipleChoiceField(
        label=_("Skill levels covered"),
        required=False,
        choices=SkillLevelChoices.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    tracks = forms.ChoiceField(
        label=_("Tracks"),
        choices=Partnership.Track.choices,
        initial=Partnership.Track.AWAY,
        widget=forms.RadioSelect,
        help_text=_(
            "Home track: graduates stay and work in the country of origin. Away track: "
            "graduates migrate. A Global Skill Partnership has both."
        ),
    )
    target_away_share = forms.IntegerField(
        label=_("Target share on the away track (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_(
            "Only for partnerships with both tracks: the share of trainees meant to migrate."
        ),
    )
    gcm_objectives = forms.TypedMultipleChoiceField(
        label=_("Global Compact for Migration objectives"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = forms.MultipleChoiceField(
        label=_("Sustainable Development Goal targets"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    safeguards = forms.MultipleChoiceField(
        label=_("Safeguards the agreement contains"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the ILO fair recruitment principles and the GFMD safeguards checklist."),
    )
    listed_publicly = forms.BooleanField(
        label=_("List in the public registry"),
        required=False,
        initial=True,
        help_text=_("Active and concluded partnerships appear in the public registry."),
    )
    publish_costs = forms.BooleanField(
        label=_("Publish cost totals"),
        required=False,
        help_text=_("Show totals per cost group in the public registry."),
    )
    lead_organisation = forms.TypedChoiceField(
        label=_("Lead government"), coerce=int, required=False
    )

    def __init__(
        self,
        *args: Any,
        lead_choices: list[Organisation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._countries: _CountryLookup | None = None
        self.fields["occupations"].help_text = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            _("ISCO-08 codes separated by commas, e.g. “2512, 2221”; ESCO URIs work too."),
            reverse("taxonomy:browse"),
            _("Look codes up in the reference data (opens in a new tab)."),
        )
        self.fields["gcm_objectives"].choices = [  # type: ignore[attr-defined]
            (g.number, f"{g.number}. {g.title}") for g in GcmObjective.objects.all()
        ]
        self.fields["sdg_targets"].choices = [  # type: ignore[attr-defined]
            (t.code, f"{t.code}: {Truncator(t.title).chars(110)}") for t in SdgTarget.objects.all()
        ]
        self.fields["safeguards"].choices = [  # type: ignore[attr-defined]
            (name, model_field_label(name)) for name in Partnership.SAFEGUARD_FIELDS
        ]
        if lead_choices:
            self.fields["lead_organisation"].choices = [  # type: ignore[attr-defined]
                ("", _("Choose…")),
                *((o.pk, o.name) for o in lead_choices),
            ]
            self.fields["lead_organisation"].required = True
            self.fields["lead_organisation"].help_text = _(
                "The government on whose behalf you register the partnership."
            )
        else:
            del self.fields["lead_organisation"]

    @classmethod
    def initial_for(cls, partnership: Partnership) -> dict[str, Any]:
        """The form's values for an existing partnership (its relations prefetched)."""
        origins = sorted(c.code for c in partnership.origin_countries.all())
        destinations = sorted(c.code for c in partnership.destination_countries.all())
        corridors = sorted((c.origin_id, c.destination_id) for c in partnership.corridors.all())
        every_pair = sorted((o, d) for o in origins for d in destinations if o != d)
        return {
            **{
                name: getattr(partnership, name)
                for name in (
                    "title",
                    "kind",
                    "instrument",
                    "summary",
                    "signed_on",
                    "start_on",
                    "end_on",
                    "tracks",
                    "target_away_share",
                    "listed_publicly",
                    "publish_costs",
                )
            },
            "origin_countries": ", ".join(origins),
            "destination_countries": ", ".join(destinations),
            "corridors": ""
            if corridors == every_pair
            else ", ".join(f"{o}-{d}" for o, d in corridors),
            "cities": "\n".join(
                f"{c.name}, {c.country_id}, {c.side}" for c in partnership.cities.all()
            ),
            "sectors": [s.sector_id for s in partnership.sectors.all()],
            "occupations": ", ".join(
                o.code or o.esco_uri or "" for o in partnership.occupations.all()
            ),
            "skill_levels": partnership.skill_levels,
            "gcm_objectives": [g.number for g in partnership.gcm_objectives.all()],
            "sdg_targets": [t.code for t in partnership.sdg_targets.all()],
            "safeguards": [f for f in Partnership.SAFEGUARD_FIELDS if getattr(partnership, f)],
        }

    # --- Field cleaning: shape only ------------------------------------------------------------
    @property
    def countries(self) -> _CountryLookup:
        if self._countries is None:
            self._countries = _CountryLookup()
        return self._countries

    def _country_codes(self, field: str) -> list[str]:
        codes: list[str] = []
        unknown: list[str] = []
        for entry in _entries(self.cleaned_data.get(field, "")):
            code = self.countries.code(entry)
            if code is None:
                unknown.append(entry)
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise forms.ValidationError(
                _("Unknown country: %(entries)s. Use two-letter ISO codes such as MA or BE."),
                params={"entries": ", ".join(f"“{e}”" for e in unknown)},
            )
        if not codes:
            raise forms.ValidationError(_("Add at least one country."))
        return codes

    def clean_origin_countries(self) -> list[str]:
        return self._country_codes("origin_countries")

    def clean_destination_countries(self) -> list[str]:
        return self._country_codes("destination_countries")

    def clean_corridors(self) -> list[tuple[str, str]] | None:
        entries = _entries(self.cleaned_data.get("corridors", ""))
        if not entries:
            return None
        pairs: list[tuple[str, str]] = []
        for entry in entries:
            match = _CORRIDOR.match(entry)
            if match is None:
                raise forms.ValidationError(
                    _("“%(entry)s” is not a corridor: write origin-destination, e.g. MA-BE."),
                    params={"entry": entry},
                )
            pair = (match.group(1).upper(), match.group(2).upper())
            for code in pair:
                if code not in self.countries.by_code:
                    raise forms.ValidationError(
                        _("Unknown country code %(code)s in “%(entry)s”."),
                        params={"code": code, "entry": entry},
                    )
            if pair not in pairs:
                pairs.append(pair)
        return pairs

    def clean_cities(self) -> list[CityInput]:
        sides = {
            **{value: value for value in PartnershipCity.Side.values},
            **{str(label).casefold(): value for value, label in PartnershipCity.Side.choices},
        }
        cities: list[CityInput] = []
        lines = (self.cleaned_data.get("cities") or "").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _(
                        "Line %(number)s: write “name, country code, side”, e.g. “Milan, IT, "
                        "destination”."
                    ),
                    params={"number": number},
                )
            name, country, side = parts
            code = self.countries.code(country)
            if code is None:
                raise forms.ValidationError(
                    _("Line %(number)s: unknown country “%(country)s”."),
                    params={"number": number, "country": country},
                )
            if side.casefold() not in sides:
                raise forms.ValidationError(
                    _("Line %(number)s: the side is “origin” or “destination”, not “%(side)s”."),
                    params={"number": number, "side": side},
                )
            cities.append(CityInput(name=name, country=code, side=sides[side.casefold()]))
        return cities

    def clean_occupations(self) -> list[int]:
        entries = [e for e in re.split(r"[\s,;]+", self.cleaned_data.get("occupations", "")) if e]
        if not entries:
            return []
        codes = [e for e in entries if e.isdigit()]
        uris = [e for e in entries if not e.isdigit()]
        found = {
            o.code: o.pk
            for o in Occupation.objects.filter(
                code__in=codes, level__lte=Occupation.Level.UNIT, status=ConceptStatus.ACTIVE
            )
        }
        found_uris = {
            o.esco_uri: o.pk
            for o in Occupation.objects.filter(esco_uri__in=uris, status=ConceptStatus.ACTIVE)
        }
        unknown = [c for c in codes if c not in found] + [u for u in uris if u not in found_uris]
        if unknown:
            raise forms.ValidationError(
                _("Unknown ISCO-08 code or ESCO occupation: %(entries)s."),
                params={"entries": ", ".join(unknown)},
            )
        pks = [found[c] for c in codes] + [found_uris[u] for u in uris]
        return list(dict.fromkeys(pks))

    def to_input(self) -> PartnershipInput:
        data = self.cleaned_data
        levels = set(data["skill_levels"])
        chosen_safeguards = set(data["safeguards"])
        return PartnershipInput(
            title=data["title"],
            kind=data["kind"],
            instrument=data["instrument"],
            summary=data["summary"],
            signed_on=data["signed_on"],
            start_on=data["start_on"],
            end_on=data["end_on"],
            origin_countries=data["origin_countries"],
            destination_countries=data["destination_countries"],
            corridors=data["corridors"],
            cities=data["cities"],
            sectors=data["sectors"],
            occupations=data["occupations"],
            gcm_objectives=data["gcm_objectives"],
            sdg_targets=data["sdg_targets"],
            tracks=data["tracks"],
            target_away_share=data["target_away_share"],
            safeguards={f: f in chosen_safeguards for f in Partnership.SAFEGUARD_FIELDS},
            listed_publicly=data["listed_publicly"],
            publish_costs=data["publish_costs"],
            **{field: level in levels for level, field in SKILL_LEVEL_FIELDS.items()},
        )


class PartnershipFilterForm(forms.Form):
    """The list's filters, read from the query string; an invalid value is ignored and named."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *PartnershipStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Partnership.Kind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    corridor = forms.CharField(
        label=_("Corridor"),
        required=False,
        max_length=10,
        widget=_code_widget(),
        help_text=_("Origin-destination, e.g. MA-BE."),
    )
    occupation = forms.RegexField(
        label=_("Occupation (ISCO-08 code)"),
        required=False,
        regex=r"^\d{1,4}$",
        widget=_code_widget(),
        help_text=_("A code or its beginning, e.g. 25 for ICT professionals."),
        error_messages={"invalid": _("Use one to four digits of an ISCO-08 code.")},
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.Code.choices]
    )
    gcm = forms.TypedChoiceField(label=_("GCM objective"), required=False, coerce=int)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("title", _("Title")),
            ("start", _("Start date")),
            ("status", _("Status")),
            ("code", _("Reference code")),
        ],
    )

    ADVANCED = ("status", "kind", "country", "corridor", "occupation", "sector", "gcm", "sort")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("Any country")),
            *Country.objects.values_list("code", "name"),
        ]
        self.fields["gcm"].choices = [  # type: ignore[attr-defined]
            ("", _("Any objective")),
            *(
                (g.number, f"{g.number}. {Truncator(g.title).chars(70)}")
                for g in GcmObjective.objects.all()
            ),
        ]
        for name in ("q", "corridor", "occupation"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")

    def clean_corridor(self) -> str:
        value: str = self.cleaned_data.get("corridor", "").strip()
        if not value:
            return ""
        match = _CORRIDOR.match(value)
        if match is None:
            raise forms.ValidationError(_("Write a corridor as origin-destination, e.g. MA-BE."))
        return f"{match.group(1).upper()}-{match.group(2).upper()}"

    def params(self) -> dict[str, Any]:
        """The valid, non-empty filters, for ``partnership_filter``."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    @property
    def has_advanced(self) -> bool:
        return any(self.data.get(name) for name in self.ADVANCED)


class OrganisationChoiceField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.country.name})"


class MemberForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True).select_related("country"),
        empty_label=_("Choose…"),
    )
    role = forms.ChoiceField(
        label=_("Role in the partnership"),
        choices=[("", _("Choose…")), *PartnershipMember.Role.choices],
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        max_length=column_length(PartnershipMember, "contact_email"),
    )
    contact_phone = forms.CharField(
        label=_("Contact telephone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=date_widget())

    def to_input(self) -> MemberInput:
        data = self.cleaned_data
        return MemberInput(
            organisation_id=data["organisation"].pk,
            role=data["role"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            joined_on=data["joined_on"],
        )


class AnnualTargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    people_to_train = IntegerField(
        column=(AnnualTarget, "people_to_train"), label=_("People to train"), initial=0
    )
    home_track_placements = IntegerField(
        column=(AnnualTarget, "home_track_placements"),
        label=_("Placements on the home track"),
        initial=0,
    )
    away_track_placements = IntegerField(
        column=(AnnualTarget, "away_track_placements"),
        label=_("Placements on the away track"),
        initial=0,
    )
    min_women_share = forms.IntegerField(
        label=_("Minimum share of women (%)"), required=False, min_value=0, max_value=100
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "target")
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        # Ask only for the tracks the partnership has.
        if partnership.tracks == Partnership.Track.HOME:
            del self.fields["away_track_placements"]
        elif partnership.tracks == Partnership.Track.AWAY:
            del self.fields["home_track_placements"]

    def to_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "year": data["year"],
            "people_to_train": data["people_to_train"],
            "home_track_placements": data.get("home_track_placements") or 0,
            "away_track_placements": data.get("away_track_placements") or 0,
            "min_women_share": data["min_women_share"],
        }


class CustomIndicatorForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        help_text=_("Setting an indicator again for the same year and name replaces it."),
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    target_value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    actual_value = forms.DecimalField(
        label=_("Actual"), required=False, max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "indicator")
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class CostEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Commitment or expenditure"),
        choices=CostEntry.Kind.choices,
        initial=CostEntry.Kind.COMMITMENT,
        widget=forms.RadioSelect,
    )
    cost_group = forms.ChoiceField(
        label=_("Cost group"), choices=[("", _("Choose…")), *CostGroup.choices]
    )
    payer = forms.ChoiceField(
        label=_("Who pays"),
        help_text=_(
            "A member organisation, or the migrants themselves. Migrants must never pay "
            "recruitment or migration costs (ILO fair recruitment principles)."
        ),
    )
    basis = forms.ChoiceField(
        label=_("Basis"),
        choices=CostEntry.Basis.choices,
        initial=CostEntry.Basis.LUMP_SUM,
        widget=forms.RadioSelect,
    )
    currency = forms.ChoiceField(label=_("Currency"), initial="EUR")
    unit_amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Per cohort or per trainee when the basis says so."),
    )
    quantity = IntegerField(
        column=(CostEntry, "quantity"),
        label=_("Number of cohorts or trainees"),
        min_value=1,
        initial=1,
        required=False,
        help_text=_("Ignored for a lump sum."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)
    occurred_on = forms.DateField(label=_("Date"), required=False, widget=date_widget())

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        payers = {m.organisation_id: m.organisation.name for m in partnership.members.all()}
        self.fields["payer"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose…")),
            *sorted(payers.items(), key=lambda item: item[1]),
            (MIGRANTS, _("The migrants themselves")),
        ]
        self.fields["currency"].choices = [  # type: ignore[attr-defined]
            (c.code, f"{c.code} ({c.name})") for c in Currency.objects.all()
        ]

    def to_input(self) -> CostInput:
        data = self.cleaned_data
        by_migrants = data["payer"] == MIGRANTS
        return CostInput(
            kind=data["kind"],
            cost_group=data["cost_group"],
            currency=data["currency"],
            unit_amount=data["unit_amount"],
            payer_id=None if by_migrants else int(data["payer"]),
            paid_by_migrants=by_migrants,
            basis=data["basis"],
            quantity=data["quantity"] or 1,
            description=data["description"],
            occurred_on=data["occurred_on"],
        )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=PartnershipDocument.Kind.choices,
        initial=PartnershipDocument.Kind.AGREEMENT,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), ODT, Excel (XLSX), PNG or JPEG, up to 20 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "document")
        super().__init__(*args, **kwargs)
