"""Demo recognition authorities, officers and about 140 requests in every state.

Authorities: the German health professions office of the accounts demo decides on the regulated
professions of nursing (ISCO-08 2221), midwifery (2222) and care assistance (5321) within 30 and
120 days; the Belgian centre on vocational and academic qualifications (ICT and the trades); a
Lithuanian centre, created here, on academic ones (ICT graduates for Vilnius's fintech employers)
within 14 and 60 days. Each has an officer login (demo password); the German office's is the
accounts demo's recognition@demo.example.org, who gets most of its work.

Requests: every demo migrant who signed up (the services act as the applicant) asks for one of
their qualifications to be recognised, some for a second; someone with none first records one
through ``migrants.services.qualification_add``, from their education. Nurses and carers go to
Germany, ICT graduates to Belgium or Lithuania, everyone else to Belgium. Each request is moved
to its state through the services, in the order a real one would go, then its dates are set back
(submission, acknowledgement, complete file, stopped clock, messages, decisions) so that the
queue shows a realistic spread: some requests overdue, some due within the week. Audit events
keep the time of seeding: they are append-only.

The services notify the other side after every step; the seed does not, since hundreds of
months-old messages to demo addresses would only fill the e-mail queue and the inboxes. The
daily deadline check (``recognition.jobs.deadlines_check``) then reminds officers as usual.

Everything is drawn from fixed seeds per person and request, so every run plans the same
requests; one that exists already (same applicant, qualification title and authority) is left
alone, so a second run creates nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.internal import demo_notifications_skipped
from migrants.services import qualification_add
from recognition.demo.authorities import SeededAuthority, seed_authorities
from recognition.demo.planning import SEED, Planned, plan
from recognition.demo.texts import ANSWERS, APPEALS, ASK, OUTCOMES, decision_for, weighted
from recognition.demo.timing import PATHS, step_times
from recognition.models import Decision, RecognitionRequest, RequestMessage
from recognition.services import (
    RequestInput,
    request_appeal,
    request_ask_information,
    request_assign,
    request_close,
    request_create,
    request_decide,
    request_resubmit,
    request_start_assessment,
    request_start_screening,
    request_submit,
    request_withdraw,
)
from recognition.services import common as notices
from taxonomy.models import Occupation

S = RecognitionRequest.Status
Outcome = Decision.Outcome


# --- Running the plan ---------------------------------------------------------------------------
@dataclass
class _Done:
    messages: list[datetime] = field(default_factory=list)  # in the order they were written
    decisions: dict[str, datetime] = field(default_factory=dict)  # by stage


def _create(
    p: Planned, authority: SeededAuthority, occupations: dict[str, int], now: datetime
) -> RecognitionRequest:
    applicant = p.profile.user
    assert applicant is not None
    if p.qualification is None:
        p.qualification = qualification_add(actor=applicant, profile_id=p.profile.pk, **p.fallback)
    key = f"{SEED}:{p.profile.contact_email}:{p.title}:{p.route.authority}"
    rng = random.Random(key)  # noqa: S311 - demo data
    rules = authority.spec
    path = rng.choice(PATHS[p.status])
    times = step_times(p.status, path, rules, now, rng)
    request = request_create(
        actor=applicant,
        data=RequestInput(
            qualification_id=p.qualification.pk,
            destination_country=rules.key,
            authority_id=authority.organisation.pk,
            purpose=p.route.purpose,
            target_occupation_id=occupations[p.route.occupation],
            documents_missing=p.documents_missing,
        ),
    )
    pk = request.pk
    # The first officer does most of the work: about three requests in four.
    officers = authority.officers
    officer = officers[0] if len(officers) == 1 or rng.random() < 0.75 else officers[1]
    outcome = weighted(rng, OUTCOMES[p.route.topic])
    if "appeal" in path and outcome == Outcome.FULL:
        outcome = Outcome.PARTIAL  # only a partial recognition or a refusal is appealed
    done = _Done()
    for step, at in zip(path, times[1:], strict=True):
        if step == "submit":
            request_submit(actor=applicant, request_id=pk)
        elif step == "screen":
            request_start_screening(actor=officer, request_id=pk)
        elif step == "ask":
            request_ask_information(actor=officer, request_id=pk, message=ASK[p.route.topic])
            done.messages.append(at)
        elif step == "resubmit":
            request_resubmit(actor=applicant, request_id=pk, message=rng.choice(ANSWERS))
            done.messages.append(at)
        elif step == "assess":
            request_start_assessment(actor=officer, request_id=pk)
        elif step == "decide":
            data = decision_for(rng, p, rules, outcome, appeal=False)
            request_decide(actor=officer, request_id=pk, data=data)
            done.decisions[Decision.Stage.FIRST] = at
        elif step == "appeal":
            request_appeal(actor=applicant, request_id=pk, reason=APPEALS[p.route.topic])
            done.messages.append(at)
        elif step == "appeal_decide":
            second = Outcome.FULL if rng.random() < 0.4 else Outcome.PARTIAL
            data = decision_for(rng, p, rules, second, appeal=True)
            request_decide(actor=officer, request_id=pk, data=data)
            done.decisions[Decision.Stage.APPEAL] = at
        elif step == "close":
            request_close(actor=officer, request_id=pk)
        elif step == "withdraw":
            request_withdraw(actor=applicant, request_id=pk)
    if p.status == S.SUBMITTED and rules.key == "DE" and rng.random() < 0.5:
        # The office's manager hands out new files before anyone screens them.
        request_assign(actor=officers[0], request_ids=[pk], officer_id=officers[0].pk)
    _backdate(pk, path, times, done)
    return request


def _backdate(pk: int, path: list[str], times: list[datetime], done: _Done) -> None:
    first: dict[str, datetime] = {}
    for step, moment in zip(["create", *path], times, strict=True):
        first.setdefault(step, moment)
    stopped_days = 0
    asked: datetime | None = None
    for step, moment in zip(path, times[1:], strict=True):
        if step == "ask":
            asked = moment
        elif step == "resubmit" and asked is not None:
            stopped_days += (moment.date() - asked.date()).days
            asked = None
    RecognitionRequest.objects.filter(pk=pk).update(
        created_at=first["create"],
        updated_at=times[-1],
        submitted_at=first.get("submit"),
        acknowledged_at=first.get("screen"),
        file_complete_at=first.get("assess"),
        clock_stopped_at=asked if path and path[-1] == "ask" else None,
        stopped_days=stopped_days,
    )
    request = RecognitionRequest.objects.get(pk=pk)
    for message, moment in zip(request.messages.order_by("pk"), done.messages, strict=True):
        RequestMessage.objects.filter(pk=message.pk).update(created_at=moment)
    for decision in request.decisions.all():
        moment = done.decisions[decision.stage]
        Decision.objects.filter(pk=decision.pk).update(
            decided_at=moment,
            appeal_deadline=(
                timezone.localdate(moment) + timedelta(days=30)
                if decision.appeal_deadline
                else None
            ),
        )


@transaction.atomic
def seed() -> list[RecognitionRequest]:
    """Create the demo authorities and the requests that do not exist yet; return all demo
    requests."""
    authorities = seed_authorities()
    by_org = {a.organisation.pk: key for key, a in authorities.items()}
    plans = plan()
    existing = {
        (applicant, title, by_org.get(authority))
        for applicant, title, authority in RecognitionRequest.objects.filter(
            applicant__in=[p.profile for p in plans]
        ).values_list("applicant_id", "qualification__title", "authority_id")
    }
    occupations = dict(
        Occupation.objects.filter(level=Occupation.Level.UNIT).values_list("code", "pk")
    )
    now = timezone.now()
    # The services' "tell the other side" is skipped while seeding (see the module docstring).
    with demo_notifications_skipped(notices):
        for p in plans:
            if (p.profile.pk, p.title, p.route.authority) not in existing:
                _create(p, authorities[p.route.authority], occupations, now)
                existing.add((p.profile.pk, p.title, p.route.authority))
    return list(
        RecognitionRequest.objects.filter(
            authority__in=[a.organisation for a in authorities.values()]
        )
    )
