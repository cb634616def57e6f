"""Migrants' skill profiles, qualifications and consent.

Standards used:
- ISCED 2011 levels and ISCED-F 2013 fields for education (UNESCO).
- ESCO skills with a proficiency and the evidence behind it.
- CEFR levels (Council of Europe) for understanding, speaking and writing each language.
- ISCO-08 / ESCO occupations for work experience and preferences.

One module per concern: ``profile`` (the profile and the special-category disability record, in
its own table), ``entries`` (education, skills, languages, experience, qualifications and their
documents), ``consent`` (the ledger), ``review`` (duplicate flags, passport share links).
Everything is imported from here: ``from migrants.models import MigrantProfile``.
"""

from __future__ import annotations

from migrants.models.consent import (
    ACTIVE_CONSENT,
    POOL_PURPOSES,
    ConsentGrant,
    ConsentGrantQuerySet,
)
from migrants.models.entries import (
    Education,
    LanguageSkill,
    ProfileSkill,
    Qualification,
    QualificationDocument,
    WorkExperience,
    _qualification_document_path,
)
from migrants.models.profile import (
    E164,
    INTAKE_KINDS,
    DisabilityInformation,
    MigrantProfile,
    new_pseudonym,
)
from migrants.models.review import DuplicateFlag, PassportShare

__all__ = [
    "ACTIVE_CONSENT",
    "E164",
    "INTAKE_KINDS",
    "POOL_PURPOSES",
    "ConsentGrant",
    "ConsentGrantQuerySet",
    "DisabilityInformation",
    "DuplicateFlag",
    "Education",
    "LanguageSkill",
    "MigrantProfile",
    "PassportShare",
    "ProfileSkill",
    "Qualification",
    "QualificationDocument",
    "WorkExperience",
    "_qualification_document_path",  # named by migration 0001
    "new_pseudonym",  # named by migration 0001
]
