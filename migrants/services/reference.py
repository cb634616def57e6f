"""Reference data a profile names (countries, languages, ISCED), looked up with the field the
caller's input used, so a wrong code is a 400 naming that field."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainValidationError
from taxonomy.models import Country, IscedField, IscedLevel, Language

# Education years: as far back as a living person's schooling goes, and a few years ahead for
# the year someone expects to finish.
FIRST_EDUCATION_YEAR = 1920
YEARS_AHEAD = 10


def country_or_none(code: str | None, field_name: str) -> Country | None:
    if not code:
        return None
    country = Country.objects.filter(pk=code.strip().upper()).first()
    if country is None:
        raise DomainValidationError(
            _("Unknown country code %(c)s.") % {"c": code}, field=field_name
        )
    return country


def required_country(code: str, field_name: str) -> Country:
    country = country_or_none(code, field_name)
    if country is None:
        raise DomainValidationError(_("Choose a country."), field=field_name)
    return country


def isced_level(level: int, field_name: str) -> IscedLevel:
    found = IscedLevel.objects.filter(pk=level).first()
    if found is None:
        raise DomainValidationError(_("Choose an ISCED 2011 level from 0 to 8."), field=field_name)
    return found


def isced_field(code: str | None, field_name: str) -> IscedField | None:
    if not code:
        return None
    found = IscedField.objects.filter(pk=code.strip()).first()
    if found is None:
        raise DomainValidationError(
            _("Unknown ISCED-F field code %(c)s.") % {"c": code}, field=field_name
        )
    return found


def check_year(year: int | None, field_name: str) -> None:
    last = timezone.localdate().year + YEARS_AHEAD
    if year is not None and not FIRST_EDUCATION_YEAR <= year <= last:
        raise DomainValidationError(
            _("Give a year from %(first)s to %(last)s.")
            % {"first": FIRST_EDUCATION_YEAR, "last": last},
            field=field_name,
        )


def language_or_none(code: str) -> Language | None:
    return Language.objects.filter(pk=code.lower()).first()
