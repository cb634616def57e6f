"""Shapes of the migrants API. Input serializers check types, presence and choices only; every
business rule (the country exists, the CEFR level is A1-C2, the phone is E.164, who may do what)
is checked by the services, which raise ``DomainValidationError`` -> 400
``{"detail", "code", "field"}``.

Output serializers read from the prefetched profile (``views.base._detail_queryset``), so a
profile costs a fixed number of queries whatever the number of its entries. One module per
concern (``fields``: codes and named enums; ``entries``; ``consent``; ``profiles``); the views
use them all through this package as ``s.<Name>``.
"""

from __future__ import annotations

from migrants.api.serializers.consent import (
    ConsentGrantInputSerializer,
    ConsentOutputSerializer,
    ConsentRecipientSerializer,
)
from migrants.api.serializers.entries import (
    EducationInputSerializer,
    EducationOutputSerializer,
    ExperienceInputSerializer,
    ExperienceOutputSerializer,
    LanguageCertificateSerializer,
    LanguageSetInputSerializer,
    LanguageSkillOutputSerializer,
    ProfileSkillOutputSerializer,
    QualificationDocumentInputSerializer,
    QualificationDocumentOutputSerializer,
    QualificationInputSerializer,
    QualificationOutputSerializer,
    SkillSetInputSerializer,
    YearsByOccupationSerializer,
)
from migrants.api.serializers.fields import (
    ConsentChannelField,
    ConsentPurposeField,
    EvidenceField,
    ProficiencyField,
    QualificationSourceField,
    RecipientTypeField,
)
from migrants.api.serializers.profiles import (
    CompletenessSerializer,
    CounsellorProfileCreateInputSerializer,
    DisabilityInputSerializer,
    DisabilityOutputSerializer,
    HandoverClaimInputSerializer,
    HandoverOutputSerializer,
    MigrantProfileInputSerializer,
    MigrantProfileListOutputSerializer,
    MigrantProfileOutputSerializer,
)

__all__ = [
    "CompletenessSerializer",
    "ConsentChannelField",
    "ConsentGrantInputSerializer",
    "ConsentOutputSerializer",
    "ConsentPurposeField",
    "ConsentRecipientSerializer",
    "CounsellorProfileCreateInputSerializer",
    "DisabilityInputSerializer",
    "DisabilityOutputSerializer",
    "EducationInputSerializer",
    "EducationOutputSerializer",
    "EvidenceField",
    "ExperienceInputSerializer",
    "ExperienceOutputSerializer",
    "HandoverClaimInputSerializer",
    "HandoverOutputSerializer",
    "LanguageCertificateSerializer",
    "LanguageSetInputSerializer",
    "LanguageSkillOutputSerializer",
    "MigrantProfileInputSerializer",
    "MigrantProfileListOutputSerializer",
    "MigrantProfileOutputSerializer",
    "ProficiencyField",
    "ProfileSkillOutputSerializer",
    "QualificationDocumentInputSerializer",
    "QualificationDocumentOutputSerializer",
    "QualificationInputSerializer",
    "QualificationOutputSerializer",
    "QualificationSourceField",
    "RecipientTypeField",
    "SkillSetInputSerializer",
    "YearsByOccupationSerializer",
]
