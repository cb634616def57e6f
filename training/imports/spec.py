"""What a participant file looks like (its columns, the example row) and the limits of an
import."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

from migrants.models import MigrantProfile
from training.models import Cohort, Enrolment, ParticipantImport

T = TypeVar("T")
IS = ParticipantImport.Status
ES = Enrolment.Status

# The template's columns, in order. Required ones are marked in REQUIRED_COLUMNS; ``track`` is
# required too when the programme offers both tracks, and each row needs an e-mail or a phone.
COLUMNS: tuple[str, ...] = (
    "participant_ref",
    "given_names",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "country_of_residence",
    "email",
    "phone",
    "contact_language",
    "track",
    "status",
)
REQUIRED_COLUMNS: frozenset[str] = frozenset(
    {"given_names", "family_name", "date_of_birth", "sex", "nationality"}
)
EXAMPLE_ROW: tuple[str, ...] = (
    "REF-0001",
    "Amina",
    "Haddad",
    "1998-04-12",
    "female",
    "MA",
    "MA",
    "amina.haddad@example.org",
    "+212612345678",
    "fr",
    "away",
    "applied",
)
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MIN_AGE = 14
PROGRESS_EVERY = 500
IN_CHUNK = 500  # values per IN (...) look-up: well under every database's parameter limit
NEW_STATUSES: tuple[str, ...] = (ES.APPLIED, ES.SELECTED, ES.ENROLLED)
ACCEPTING: tuple[str, ...] = (
    Cohort.Status.PLANNED,
    Cohort.Status.RECRUITING,
    Cohort.Status.IN_TRAINING,
)
SEXES: dict[str, str] = {
    **{value: value for value in MigrantProfile.Sex.values},
    "f": MigrantProfile.Sex.FEMALE,
    "m": MigrantProfile.Sex.MALE,
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CREATE, ENROL, UNCHANGED = "create", "enrol", "unchanged"


def _chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
