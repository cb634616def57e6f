"""The sections of a partnership's description, one form class each: its fields, its values
for an existing partnership, its cleaning (shape only) and its share of ``PartnershipInput``.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.forms import checkboxes_field, date_widget, radio_field, records_field, set_choices
from partnerships.forms.codes import (
    CORRIDOR,
    CountryLookup,
    code_widget,
    model_field_label,
    split_entries,
)
from partnerships.models import Partnership, PartnershipCity
from partnerships.services import CityInput
from taxonomy.models import ConceptStatus, GcmObjective, Occupation, SdgTarget, Sector
from taxonomy.models import SkillLevel as SkillLevelChoices

SKILL_LEVEL_FIELDS = {
    SkillLevelChoices.LOW: "covers_low_skill",
    SkillLevelChoices.MEDIUM: "covers_medium_skill",
    SkillLevelChoices.HIGH: "covers_high_skill",
}


class AgreementFields(forms.Form):
    """What was agreed, by what instrument, and when."""

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

    NAMES = ("title", "kind", "instrument", "summary", "signed_on", "start_on", "end_on")

    @classmethod
    def initial_from(cls, partnership: Partnership) -> dict[str, Any]:
        return {name: getattr(partnership, name) for name in cls.NAMES}

    def input_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.NAMES}


class GeographyFields(forms.Form):
    """Where people move: countries, the corridors between them, and cities."""

    origin_countries = forms.CharField(
        label=_("Countries of origin"),
        max_length=500,
        widget=code_widget(),
        help_text=_(
            "Two-letter ISO codes or English names, separated by commas, e.g. “MA, Tunisia”."
        ),
    )

    destination_countries = forms.CharField(
        label=_("Countries of destination"),
        max_length=500,
        widget=code_widget(),
        help_text=_("Two-letter ISO codes or English names, separated by commas, e.g. “BE”."),
    )

    corridors = forms.CharField(
        label=_("Corridors"),
        required=False,
        max_length=1000,
        widget=code_widget(),
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._countries: CountryLookup | None = None

    @classmethod
    def initial_from(cls, partnership: Partnership) -> dict[str, Any]:
        origins = sorted(c.code for c in partnership.origin_countries.all())
        destinations = sorted(c.code for c in partnership.destination_countries.all())
        corridors = sorted((c.origin_id, c.destination_id) for c in partnership.corridors.all())
        every_pair = sorted((o, d) for o in origins for d in destinations if o != d)
        return {
            "origin_countries": ", ".join(origins),
            "destination_countries": ", ".join(destinations),
            "corridors": ""
            if corridors == every_pair
            else ", ".join(f"{o}-{d}" for o, d in corridors),
            "cities": "\n".join(
                f"{c.name}, {c.country_id}, {c.side}" for c in partnership.cities.all()
            ),
        }

    def input_values(self) -> dict[str, Any]:
        names = ("origin_countries", "destination_countries", "corridors", "cities")
        return {name: self.cleaned_data[name] for name in names}

    # --- Cleaning: shape only -------------------------------------------------------------------
    @property
    def countries(self) -> CountryLookup:
        if self._countries is None:
            self._countries = CountryLookup()
        return self._countries

    def _country_codes(self, field: str) -> list[str]:
        codes: list[str] = []
        unknown: list[str] = []
        for entry in split_entries(self.cleaned_data.get(field, "")):
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
        entries = split_entries(self.cleaned_data.get("corridors", ""))
        if not entries:
            return None
        pairs: list[tuple[str, str]] = []
        for entry in entries:
            match = CORRIDOR.match(entry)
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


class ScopeFields(forms.Form):
    """Who is trained and placed: sectors, occupations, skill levels and tracks."""

    sectors = checkboxes_field(_("Sectors"), choices=Sector.Code.choices)

    occupations = forms.CharField(
        label=_("Target occupations"),
        required=False,
        max_length=2000,
        widget=code_widget(),
    )

    skill_levels = checkboxes_field(_("Skill levels covered"), choices=SkillLevelChoices.choices)

    tracks = radio_field(
        _("Tracks"),
        Partnership.Track,
        initial=Partnership.Track.AWAY,
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupations"].help_text = format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            _("ISCO-08 codes separated by commas, e.g. “2512, 2221”; ESCO URIs work too."),
            reverse("taxonomy:browse"),
            _("Look codes up in the reference data (opens in a new tab)."),
        )

    @classmethod
    def initial_from(cls, partnership: Partnership) -> dict[str, Any]:
        return {
            "sectors": [s.sector_id for s in partnership.sectors.all()],
            "occupations": ", ".join(
                o.code or o.esco_uri or "" for o in partnership.occupations.all()
            ),
            "skill_levels": partnership.skill_levels,
            "tracks": partnership.tracks,
            "target_away_share": partnership.target_away_share,
        }

    def input_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        levels = set(data["skill_levels"])
        return {
            "sectors": data["sectors"],
            "occupations": data["occupations"],
            "tracks": data["tracks"],
            "target_away_share": data["target_away_share"],
            **{field: level in levels for level, field in SKILL_LEVEL_FIELDS.items()},
        }

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


class CommitmentFields(forms.Form):
    """What the partners commit to (GCM objectives, SDG targets, safeguards) and publish."""

    gcm_objectives = records_field(_("Global Compact for Migration objectives"))

    sdg_targets = checkboxes_field(_("Sustainable Development Goal targets"))

    safeguards = checkboxes_field(
        _("Safeguards the agreement contains"),
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "gcm_objectives",
            [(g.number, f"{g.number}. {g.title}") for g in GcmObjective.objects.all()],
        )
        set_choices(
            self,
            "sdg_targets",
            [
                (t.code, f"{t.code}: {Truncator(t.title).chars(110)}")
                for t in SdgTarget.objects.all()
            ],
        )
        set_choices(
            self,
            "safeguards",
            [(name, model_field_label(name)) for name in Partnership.SAFEGUARD_FIELDS],
        )

    @classmethod
    def initial_from(cls, partnership: Partnership) -> dict[str, Any]:
        return {
            "gcm_objectives": [g.number for g in partnership.gcm_objectives.all()],
            "sdg_targets": [t.code for t in partnership.sdg_targets.all()],
            "safeguards": [f for f in Partnership.SAFEGUARD_FIELDS if getattr(partnership, f)],
            "listed_publicly": partnership.listed_publicly,
            "publish_costs": partnership.publish_costs,
        }

    def input_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = set(data["safeguards"])
        return {
            "gcm_objectives": data["gcm_objectives"],
            "sdg_targets": data["sdg_targets"],
            "safeguards": {f: f in chosen for f in Partnership.SAFEGUARD_FIELDS},
            "listed_publicly": data["listed_publicly"],
            "publish_costs": data["publish_costs"],
        }
