"""Participant imports: a provider uploads a CSV or XLSX file of participants for one cohort.

1. ``import_upload`` checks the file by its content, stores it and queues the check.
2. ``import_validate`` (a Celery task) reads every row, checks it, and writes a preview: the plan
   per row (create a profile, enrol a person already registered with the provider, or nothing to
   do) and the errors per row (line, column, message). Any error makes the whole file INVALID.
3. ``import_confirm`` queues ``import_run`` (a Celery task), which imports all rows or none.

Re-importing a file changes nothing: people are matched by e-mail, phone, or name and date of
birth to the profiles the uploader already sees (those their organisation counsels, and the
people in the cohort), and people already in the cohort are left as they are.

The import is not a way to learn who is on the portal. Rows are never compared with profiles the
uploader cannot see: whether such a profile exists changes nothing in the check, the preview,
its counts, the confirmation or its summary. A row that is someone else's profile becomes a new
profile, and ``migrants`` flags the look-alike pair for the officers' duplicate review after the
import has committed (never merged, never shown to the uploader).

The raw file and the per-row plan are personal data: both are cleared once the import ends,
abandoned imports are ended by ``training.import_retention``, and a person's erasure ends the
unfinished imports that name them.
"""

from __future__ import annotations

import hashlib
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_move, audit_record, audit_record_many
from core.errors import DomainError, DomainValidationError, InvalidTransition
from core.uploads import clean_file_name
from migrants.internal import profiles_register_imported
from migrants.models import MigrantProfile
from migrants.services import ProfileInput
from training.imports.checking import (
    _can_register,
    _check,
    _ExistingPeople,
    _resolve,
    _Row,
    _seats_error,
)
from training.imports.files import Unreadable, _checked_file, file_lines, template_csv
from training.imports.spec import (
    ACCEPTING,
    COLUMNS,
    CREATE,
    ENROL,
    EXAMPLE_ROW,
    IS,
    NEW_STATUSES,
    UNCHANGED,
    _chunks,
)
from training.models import Cohort, Enrolment, ImportRowError, ParticipantImport
from training.permissions import can_manage_programme, get_cohort_for_user

__all__ = [
    "COLUMNS",
    "EXAMPLE_ROW",
    "Unreadable",
    "file_lines",
    "import_cancel",
    "import_confirm",
    "import_run",
    "import_time_out",
    "import_upload",
    "import_validate",
    "template_csv",
]
logger = logging.getLogger(__name__)


# --- Upload -----------------------------------------------------------------------------------
@transaction.atomic
def import_upload(*, actor: User, cohort_id: int, upload: UploadedFile) -> ParticipantImport:
    """Store a participant file for ``cohort_id`` and queue its check (``import_validate``)."""
    from training.tasks import import_validate_task

    cohort = get_cohort_for_user(actor, cohort_id, for_write=True)
    if cohort.status not in ACCEPTING:
        raise InvalidTransition(_("This cohort no longer takes participants."))
    data, file_format = _checked_file(upload)
    digest = hashlib.sha256(data).hexdigest()
    participant_import = ParticipantImport.objects.create(
        cohort=cohort,
        uploaded_by=actor,
        file_name=clean_file_name(upload.name or "") or "participants",
        file_sha256=digest,
        file_format=file_format,
        content=data,
        status=IS.VALIDATING,
    )
    audit_record(
        actor=actor,
        action="training.import.uploaded",
        target=participant_import,
        to_state=IS.VALIDATING,
        data={"cohort": cohort.pk, "format": file_format, "size": len(data), "sha256": digest},
    )
    transaction.on_commit(lambda: import_validate_task.delay(participant_import.pk))
    return participant_import


def import_validate(import_id: int) -> ParticipantImport:
    """Check every row of an uploaded file and store the preview: READY, INVALID, or FAILED
    when the file cannot be read. Run by ``import_validate_task``; running it again on an import
    that is no longer being checked does nothing."""
    participant_import = ParticipantImport.objects.select_related(
        "cohort__programme", "uploaded_by"
    ).get(pk=import_id)
    if participant_import.status != IS.VALIDATING:
        return participant_import
    actor = participant_import.uploaded_by
    if actor is None:
        return _fail(import_id, _("The person who uploaded this file no longer has an account."))
    try:
        outcome = _check(participant_import, actor)
    except Unreadable as exc:
        return _fail(import_id, str(exc))
    except SoftTimeLimitExceeded:
        raise  # import_validate_task ends it with import_time_out
    except Exception:
        logger.exception("participant import %s: checking failed", import_id)
        return _fail(import_id, _("The file could not be checked. Please upload it again."))
    errors = [ImportRowError(line=1, column=c, message=m[:255]) for c, m in outcome.file_errors]
    errors += [
        ImportRowError(line=row.line, column=column, message=message[:255])
        for row in outcome.rows
        for column, message in row.errors
    ]
    planned = [row for row in outcome.rows if not row.errors]
    summary = {
        action: sum(1 for row in planned if row.action == action)
        for action in (CREATE, ENROL, UNCHANGED)
    }
    summary["errors"] = len(errors)
    with transaction.atomic():
        locked = ParticipantImport.objects.select_for_update().get(pk=import_id)
        if locked.status != IS.VALIDATING:  # cancelled meanwhile, or checked by a redelivery
            return locked
        ImportRowError.objects.filter(participant_import=locked).delete()
        for error in errors:
            error.participant_import = locked
        ImportRowError.objects.bulk_create(errors, batch_size=1000)
        locked.plan = [row.plan_entry() for row in planned]
        locked.summary = summary
        locked.rows_total = outcome.rows_total
        locked.rows_done = outcome.rows_total
        locked.rows_invalid = sum(1 for row in outcome.rows if row.errors)
        audit_move(
            None,
            locked,
            IS.INVALID if errors else IS.READY,
            "training.import.validated",
            {"rows": locked.rows_total, "invalid": locked.rows_invalid, **summary},
            update_fields=[
                "status",
                "plan",
                "summary",
                "rows_total",
                "rows_done",
                "rows_invalid",
                "updated_at",
            ],
        )
    return locked


# --- Confirm, run, cancel ---------------------------------------------------------------------
def _authorise(actor: User, import_id: int) -> None:
    """404 for an import of a cohort the actor cannot see, 403 if they may only read it."""
    cohort_id = (
        ParticipantImport.objects.filter(pk=import_id).values_list("cohort_id", flat=True).first()
    )
    if cohort_id is None:
        raise Http404("No such import.")
    get_cohort_for_user(actor, cohort_id, for_write=True)


@transaction.atomic
def import_confirm(*, actor: User, import_id: int) -> ParticipantImport:
    """Import a checked file: all rows or none, by ``import_run_task``."""
    from training.tasks import import_run_task

    _authorise(actor, import_id)
    participant_import = (
        ParticipantImport.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=import_id)
    )
    status = participant_import.status
    if status == IS.INVALID:
        raise InvalidTransition(_("This file has errors: fix them and upload it again."))
    if status == IS.VALIDATING:
        raise InvalidTransition(_("The file is still being checked: wait for its preview."))
    if status != IS.READY:
        raise InvalidTransition(
            _("This import is %(status)s: it cannot be confirmed.")
            % {"status": participant_import.get_status_display().lower()}
        )
    if participant_import.cohort.status not in ACCEPTING:
        raise InvalidTransition(_("This cohort no longer takes participants."))
    participant_import.rows_done = 0
    audit_move(
        actor,
        participant_import,
        IS.IMPORTING,
        "training.import.started",
        participant_import.summary,
        update_fields=["status", "rows_done", "updated_at"],
    )
    transaction.on_commit(lambda: import_run_task.delay(participant_import.pk))
    return participant_import


def _run(participant_import: ParticipantImport) -> dict[str, int]:
    actor = participant_import.uploaded_by
    if actor is None:
        raise DomainValidationError(
            _("The person who uploaded this file no longer has an account.")
        )
    cohort = (
        Cohort.objects.select_for_update()
        .select_related("programme")
        .get(pk=participant_import.cohort_id)
    )
    if cohort.status not in ACCEPTING:
        raise InvalidTransition(_("This cohort no longer takes participants."))
    if not can_manage_programme(actor, cohort.programme):
        raise DomainValidationError(
            _("The person who uploaded this file may no longer change this cohort.")
        )
    # Check the plan again against the portal as it is now: someone may have registered or
    # enrolled some of these people since the preview.
    rows = [_Row.from_plan(entry) for entry in participant_import.plan]
    planned = {row.line: (row.action, row.profile_id) for row in rows}
    people = _ExistingPeople(actor=actor, cohort=cohort, rows=rows)
    _resolve(rows, people, can_register=_can_register(actor, cohort))
    for row in rows:
        action, profile_id = planned[row.line]
        if row.errors or (action in (ENROL, UNCHANGED) and row.profile_id != profile_id):
            raise DomainValidationError(
                _(
                    "Some people in the file changed on the portal since it was checked. "
                    "Nothing was imported: upload the file again to check it."
                )
            )
    seats = _seats_error(cohort, rows)
    if seats:
        raise DomainValidationError(seats)
    creates = [row for row in rows if row.action == CREATE]
    created = profiles_register_imported(
        actor=actor,
        organisation_id=cohort.programme.provider_id,
        rows=[
            ProfileInput(
                given_names=row.values["given_names"],
                family_name=row.values["family_name"],
                date_of_birth=row.birth,
                sex=row.values["sex"],
                nationality=row.values["nationality"],
                country_of_residence=row.values["country_of_residence"] or None,
                phone=row.phone,
                contact_email=row.email,
                contact_language=row.values["contact_language"] or None,
            )
            for row in creates
        ],
    )
    profiles: dict[int, MigrantProfile] = {}
    for row, profile in zip(creates, created, strict=True):
        row.profile_id = profile.pk
        profiles[profile.pk] = profile
    enrols = [row for row in rows if row.action == ENROL]
    for chunk in _chunks([row.profile_id for row in enrols if row.profile_id is not None]):
        profiles.update(MigrantProfile.objects.only("pk", "pseudonym").in_bulk(chunk))
    new = [
        Enrolment(
            cohort=cohort,
            profile=profiles[row.profile_id],
            status=row.values["status"],
            track=row.values["track"],
            source=Enrolment.Source.IMPORT,
            participant_ref=row.values["participant_ref"],
        )
        for row in (*creates, *enrols)
        if row.profile_id is not None
    ]
    Enrolment.objects.bulk_create(new, batch_size=500)
    for status in NEW_STATUSES:
        audit_record_many(
            actor=actor,
            action="training.enrolment.added",
            targets=[e for e in new if e.status == status],
            to_state=status,
            data_for=lambda e: {
                "cohort": cohort.pk,
                "track": e.track,
                "source": Enrolment.Source.IMPORT.value,
                "import": participant_import.pk,
            },
        )
    return {
        CREATE: len(creates),
        ENROL: len(enrols),
        UNCHANGED: sum(1 for row in rows if row.action == UNCHANGED),
        "errors": 0,
    }


def import_run(import_id: int) -> ParticipantImport:
    """Import a confirmed file in one transaction: every row or, on any error, none (the import
    is then FAILED with the reason). Run by ``import_run_task``; running it again does nothing.

    Progress: the whole import is one transaction, so no other connection could see a progress
    counter written inside it; ``rows_done`` is 0 while importing and the total once imported."""
    try:
        with transaction.atomic():
            participant_import = (
                ParticipantImport.objects.select_for_update(of=("self",))
                .select_related("uploaded_by")
                .get(pk=import_id)
            )
            if participant_import.status != IS.IMPORTING:
                return participant_import
            counts = _run(participant_import)
            participant_import.status = IS.IMPORTED
            participant_import.summary = counts
            participant_import.rows_done = participant_import.rows_total
            participant_import.finished_at = timezone.now()
            participant_import.content = None
            participant_import.plan = []
            participant_import.save(
                update_fields=[
                    "status",
                    "summary",
                    "rows_done",
                    "finished_at",
                    "content",
                    "plan",
                    "updated_at",
                ]
            )
            audit_record(
                actor=participant_import.uploaded_by,
                action="training.import.confirmed",
                target=participant_import,
                from_state=IS.IMPORTING,
                to_state=IS.IMPORTED,
                data={"cohort": participant_import.cohort_id, **counts},
            )
            return participant_import
    except DomainError as exc:
        return _fail(import_id, exc.message)
    except (ParticipantImport.DoesNotExist, SoftTimeLimitExceeded):
        raise
    except Exception:
        logger.exception("participant import %s: import failed", import_id)
        return _fail(
            import_id, _("The import failed and nothing was imported. Please try again later.")
        )


def import_time_out(import_id: int) -> ParticipantImport:
    """End an import that went past its task's time limit (nothing of it was imported)."""
    return _fail(
        import_id,
        _(
            "This file took too long to process, and nothing was imported. Split it into "
            "smaller files and upload them one at a time."
        ),
    )


def import_end(
    participant_import: ParticipantImport,
    status: str,
    action: str,
    *,
    actor: User | None = None,
    failure: str | None = None,
    data: dict[str, object] | None = None,
) -> None:
    """End a locked import as ``status`` (with its ``failure`` message, when given): its file
    and plan are deleted, and ``action`` is recorded."""
    fields = ["status", "finished_at", "content", "plan", "updated_at"]
    if failure is not None:
        participant_import.failure = failure
        fields.append("failure")
    participant_import.finished_at = timezone.now()
    participant_import.content = None
    participant_import.plan = []
    audit_move(actor, participant_import, status, action, data, update_fields=fields)


def _fail(import_id: int, message: str) -> ParticipantImport:
    """End an import as FAILED, outside the transaction that was rolled back."""
    with transaction.atomic():
        participant_import = ParticipantImport.objects.select_for_update().get(pk=import_id)
        if participant_import.status not in (IS.VALIDATING, IS.IMPORTING):
            return participant_import
        failed = "training.import.failed"
        import_end(
            participant_import, IS.FAILED, failed, failure=message, data={"failure": message}
        )
    return participant_import


@transaction.atomic
def import_cancel(*, actor: User, import_id: int) -> ParticipantImport:
    """Drop an import before it runs; its file and plan are deleted."""
    _authorise(actor, import_id)
    participant_import = ParticipantImport.objects.select_for_update().get(pk=import_id)
    if participant_import.status not in (IS.VALIDATING, IS.INVALID, IS.READY):
        raise InvalidTransition(
            _("This import is %(status)s: it can no longer be cancelled.")
            % {"status": participant_import.get_status_display().lower()}
        )
    import_end(participant_import, IS.CANCELLED, "training.import.cancelled", actor=actor)
    return participant_import
