"""Recognition's section of the person's copy of their data (GDPR art. 15 and 20), registered in
``RecognitionConfig.ready`` through ``migrants.internal``: every request the person made, with
its conversation, decisions (with their compensation measures and verification codes) and where
the qualification's documents it was about are in the archive. Officers appear by role, not by
name: the copy is of the person's data."""

from __future__ import annotations

from typing import Any

from migrants.internal import ExportContext
from recognition.models import Decision, RecognitionRequest


def _decision(decision: Decision) -> dict[str, Any]:
    return {
        "stage": decision.stage,
        "outcome": decision.outcome,
        "comparable_isced_level": decision.comparable_isced_level_id,
        "eqf_level": decision.eqf_level,
        "substantial_differences": decision.substantial_differences,
        "reasons": decision.reasons,
        "appeal_route": decision.appeal_route,
        "appeal_deadline": decision.appeal_deadline,
        "verification_code": decision.verification_code,
        "decided_at": decision.decided_at,
        "revoked_at": decision.revoked_at,
        "revoke_reason": decision.revoke_reason,
        "measures": [
            {
                "kind": m.kind,
                "description": m.description,
                "duration_months": m.duration_months,
            }
            for m in decision.measures.all()
        ],
    }


def recognition_export(context: ExportContext) -> list[dict[str, Any]]:
    requests = (
        RecognitionRequest.objects.filter(applicant=context.profile)
        .select_related("authority", "qualification", "target_occupation")
        .prefetch_related("decisions__measures", "messages", "qualification__documents")
        .order_by("created_at", "pk")
    )
    return [
        {
            "reference": r.reference,
            "status": r.status,
            "purpose": r.purpose,
            "direction": r.direction,
            "destination_country": r.destination_country_id,
            "authority": r.authority.name,
            "target_occupation": r.target_occupation.title if r.target_occupation else None,
            "qualification": {
                "id": r.qualification_id,
                "title": r.qualification.title,
                "documents_in_archive": [
                    context.document_paths[d.pk]
                    for d in r.qualification.documents.all()
                    if d.pk in context.document_paths
                ],
            },
            "documents_missing": r.documents_missing,
            "created_at": r.created_at,
            "submitted_at": r.submitted_at,
            "acknowledged_at": r.acknowledged_at,
            "file_complete_at": r.file_complete_at,
            "messages": [
                {
                    "from": "applicant" if m.from_applicant else "authority",
                    "body": m.body,
                    "requests_documents": m.requests_documents,
                    "created_at": m.created_at,
                }
                for m in r.messages.all()
            ],
            "decisions": [_decision(d) for d in r.decisions.all()],
        }
        for r in requests
    ]
