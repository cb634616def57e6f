"""Every change to a migrant's data: check, save, audit. Reads go through selectors/permissions.

One module per concern: ``profiles`` (create, register in person, update, hand over,
disability), ``entries`` (education, skills, languages, experience, declared qualifications),
``documents``, ``consent`` and ``duplicates``; ``reference`` looks up the codes they take. The
trusted entry points other apps' services call (issued qualifications, raised evidence, bulk
registration) are in ``migrants.internal``, not here.
"""

from __future__ import annotations

from migrants.services.consent import ConsentInput, consent_grant, consent_withdraw
from migrants.services.documents import (
    MAX_DOCUMENT_BYTES,
    qualification_document_delete,
    qualification_document_upload,
)
from migrants.services.duplicates import duplicate_flag_review, duplicates_flag
from migrants.services.entries import (
    ENTRY_KINDS,
    ENTRY_MODELS,
    education_add,
    entry_remove,
    experience_add,
    language_set,
    qualification_add,
    skill_set,
)
from migrants.services.profiles import (
    CURRENT_NOTICE_VERSION,
    HANDOVER_DAYS,
    ProfileInput,
    disability_set,
    disability_view,
    is_international_phone,
    normalize_name,
    normalize_phone,
    oldest_birth_date,
    profile_create_by_counsellor,
    profile_create_for_self,
    profile_handover_claim,
    profile_handover_start,
    profile_update,
)

__all__ = [
    "CURRENT_NOTICE_VERSION",
    "ENTRY_KINDS",
    "ENTRY_MODELS",
    "HANDOVER_DAYS",
    "MAX_DOCUMENT_BYTES",
    "ConsentInput",
    "ProfileInput",
    "consent_grant",
    "consent_withdraw",
    "disability_set",
    "disability_view",
    "duplicate_flag_review",
    "duplicates_flag",
    "education_add",
    "entry_remove",
    "experience_add",
    "is_international_phone",
    "language_set",
    "normalize_name",
    "normalize_phone",
    "oldest_birth_date",
    "profile_create_by_counsellor",
    "profile_create_for_self",
    "profile_handover_claim",
    "profile_handover_start",
    "profile_update",
    "qualification_add",
    "qualification_document_delete",
    "qualification_document_upload",
    "skill_set",
]
