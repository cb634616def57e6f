"""Annual targets and the partners' own indicators."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import DomainValidationError
from partnerships.models import AnnualTarget, CustomIndicator, Partnership
from partnerships.services.common import ensure_open, lock_partnership


@transaction.atomic
def annual_target_set(
    *,
    actor: User,
    partnership_id: int,
    year: int,
    people_to_train: int,
    home_track_placements: int,
    away_track_placements: int,
    min_women_share: int | None = None,
) -> AnnualTarget:
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
    if not 2000 <= year <= 2100:
        raise DomainValidationError(_("Give a year between 2000 and 2100."), field="year")
    if min(people_to_train, home_track_placements, away_track_placements) < 0:
        raise DomainValidationError(_("Targets cannot be negative."))
    if min_women_share is not None and not 0 <= min_women_share <= 100:
        raise DomainValidationError(
            _("The share of women is a percentage, 0 to 100."), field="min_women_share"
        )
    if partnership.tracks == Partnership.Track.HOME and away_track_placements:
        raise DomainValidationError(
            _("This partnership has no away track."), field="away_track_placements"
        )
    if partnership.tracks == Partnership.Track.AWAY and home_track_placements:
        raise DomainValidationError(
            _("This partnership has no home track."), field="home_track_placements"
        )
    values = {
        "people_to_train": people_to_train,
        "home_track_placements": home_track_placements,
        "away_track_placements": away_track_placements,
        "min_women_share": min_women_share,
    }
    target, created = AnnualTarget.objects.update_or_create(
        partnership=partnership, year=year, defaults=values
    )
    audit_record(
        actor=actor,
        action="partnerships.target.set",
        target=partnership,
        data={"year": year, "created": created, **values},
    )
    return target


@transaction.atomic
def custom_indicator_set(
    *,
    actor: User,
    partnership_id: int,
    year: int,
    name: str,
    target_value: Decimal,
    unit: str = "",
    actual_value: Decimal | None = None,
) -> CustomIndicator:
    partnership = lock_partnership(actor, partnership_id)
    ensure_open(partnership)
    if not name.strip():
        raise DomainValidationError(_("Name the indicator."), field="name")
    if not 2000 <= year <= 2100:
        raise DomainValidationError(_("Give a year between 2000 and 2100."), field="year")
    indicator, _created = CustomIndicator.objects.update_or_create(
        partnership=partnership,
        year=year,
        name=name.strip(),
        defaults={"unit": unit.strip(), "target_value": target_value, "actual_value": actual_value},
    )
    audit_record(
        actor=actor,
        action="partnerships.indicator.set",
        target=partnership,
        data={"year": year, "name": indicator.name, "target": target_value, "actual": actual_value},
    )
    return indicator
