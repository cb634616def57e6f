"""The training pages as providers, partnership officers and migrants use them in a browser."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, User
from accounts.tests.factories import MembershipFactory
from migrants.tests.factories import migrant_with_profile
from partnerships.tests.factories import set_target
from taxonomy.models import Skill
from tests.clients import (
    ClientFor,
    assert_page_access,
    page_text,
    queries_to_get,
    status_of,
)
from training.imports import COLUMNS
from training.models import Cohort, Enrolment, OutcomeFollowUp, ParticipantImport, Programme
from training.services import cohort_apply_action, enrolment_apply_action
from training.tests.factories import (
    Setting,
    consented_migrant,
    enrol,
    make_cohort,
    participant,
    participants,
    provider_staff_of,
)

pytestmark = pytest.mark.django_db
ES = Enrolment.Status
CS = Cohort.Status


def _move(client: Client, kind: str, pk: int, move: str, data: dict[str, str] | None = None) -> str:
    """Press a lifecycle button of a programme, cohort or enrolment page; the page it leads to."""
    url = reverse(f"training:{kind}-move", args=[pk, move])
    return page_text(client.post(url, data or {}, follow=True))


def _viewer_of(setting: Setting) -> User:
    """A read-only member of the training provider."""
    membership = MembershipFactory.create(
        organisation=setting.provider, role=Membership.Role.VIEWER
    )
    return membership.user


def _own_enrolment(setting: Setting, cohort: Cohort) -> tuple[User, Enrolment]:
    """A migrant with their own account, who gave the provider a counselling consent."""
    user, profile = consented_migrant(
        setting, given_names="Salma", phone="+212600001111", contact_email="salma@example.org"
    )
    return user, enrol(setting, cohort, profile, status=ES.APPLIED, track="away")


# --- Permission matrix ------------------------------------------------------------------------
PAGES = [
    "programme-list",
    "programme-detail",
    "programme-create",
    "programme-edit",
    "cohort-board",
    "cohort-detail",
    "cohort-create",
    "cohort-edit",
    "enrolment-detail",
    "import-create",
]
# writer, viewer, other provider, partnership officer, migrant. The migrant is refused by the
# role gate (403): these pages are for organisations' staff; one participant's page is open to
# the participant, so anyone else's is 404 to them.
EXPECTED = {
    "programme-list": (200, 200, 200, 200, 403),
    "programme-detail": (200, 200, 404, 200, 403),
    "programme-create": (200, 403, 200, 403, 403),
    "programme-edit": (200, 403, 404, 403, 403),
    "cohort-board": (200, 200, 200, 200, 403),
    "cohort-detail": (200, 200, 404, 200, 403),
    "cohort-create": (200, 403, 404, 403, 403),
    "cohort-edit": (200, 403, 404, 403, 403),
    "enrolment-detail": (200, 200, 404, 200, 404),
    "import-create": (200, 200, 404, 200, 403),
}


def _page_url(name: str, setting: Setting, cohort: Cohort, enrolment: Enrolment) -> str:
    args: dict[str, list[int]] = {
        "programme-detail": [setting.programme.pk],
        "programme-edit": [setting.programme.pk],
        "cohort-create": [setting.programme.pk],
        "cohort-detail": [cohort.pk],
        "cohort-edit": [cohort.pk],
        "import-create": [cohort.pk],
        "enrolment-detail": [enrolment.pk],
    }
    return reverse(f"training:{name}", args=args.get(name, []))


@pytest.mark.parametrize("name", PAGES)
def test_page_permission_matrix(
    name: str, setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.APPLIED, track="away")
    migrant, _own = _own_enrolment(setting, cohort)
    url = _page_url(name, setting, cohort, enrolment)
    users = [
        setting.staff,
        _viewer_of(setting),
        provider_staff_of(),
        setting.officer,
        migrant,
    ]
    assert_page_access(client_for, url, users, EXPECTED[name])


def _posts(
    setting: Setting, cohort: Cohort, enrolment: Enrolment
) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("training:programme-move", args=[setting.programme.pk, "archive"]), {}),
        (reverse("training:cohort-move", args=[cohort.pk, "start"]), {}),
        (reverse("training:enrolment-move", args=[enrolment.pk, "select"]), {}),
        (
            reverse("training:enrolment-bulk", args=[cohort.pk]),
            {"bulk-action": "select", "enrolments": str(enrolment.pk)},
        ),
        (
            reverse("training:enrolment-track", args=[enrolment.pk]),
            {"track-track": "home", "track-reason": "Chose to stay"},
        ),
    ]


def test_readers_may_not_post_and_strangers_get_404(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.APPLIED, track="away")
    migrant, _own = _own_enrolment(setting, cohort)
    for url, data in _posts(setting, cohort, enrolment):
        assert client_for(_viewer_of(setting)).post(url, data).status_code == 403, url
        assert client_for(setting.officer).post(url, data).status_code == 403, url
        assert client_for(provider_staff_of()).post(url, data).status_code == 404, url
        assert client_for(migrant).post(url, data).status_code in (403, 404), url
        assert Client().post(url, data).status_code == 302, url
    enrolment.refresh_from_db()
    setting.programme.refresh_from_db()
    assert enrolment.status == ES.APPLIED and enrolment.track == "away"
    assert setting.programme.status == Programme.Status.PUBLISHED


def test_actions_are_gets_only_for_nobody(setting: Setting, client_for: ClientFor) -> None:
    url = reverse("training:programme-move", args=[setting.programme.pk, "archive"])
    assert client_for(setting.staff).get(url).status_code == 405


def test_viewer_and_officer_see_the_cohort_without_action_buttons(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    enrol(setting, cohort, participant(setting), status=ES.APPLIED, track="away")
    url = reverse("training:cohort-detail", args=[cohort.pk])
    writer = page_text(client_for(setting.staff).get(url))
    assert "Start training" in writer and 'name="enrolments"' in writer
    assert "Add a participant" in writer
    for reader in (_viewer_of(setting), setting.officer):
        body = page_text(client_for(reader).get(url))
        assert cohort.code in body
        assert "Start training" not in body
        assert 'name="enrolments"' not in body
        assert "Add a participant" not in body
        assert "Import participants" not in body


def test_officer_sees_pseudonyms_not_names(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    person = participant(setting, given_names="Nadia", family_name="Berrada")
    enrolment = enrol(setting, cohort, person, status=ES.APPLIED, track="away")
    staff_page = page_text(
        client_for(setting.staff).get(reverse("training:cohort-detail", args=[cohort.pk]))
    )
    assert "Nadia Berrada" in staff_page
    officer = client_for(setting.officer)
    for url in (
        reverse("training:cohort-detail", args=[cohort.pk]),
        reverse("training:enrolment-detail", args=[enrolment.pk]),
    ):
        body = page_text(officer.get(url))
        assert "Berrada" not in body
        assert person.pseudonym in body


def test_officer_does_not_see_the_providers_reference(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    """The provider's own reference for a person identifies them as much as a name does: the
    API keeps it from partnership officers, and so do the pages."""
    person = participant(setting, given_names="Nadia", family_name="Berrada")
    enrolment = enrol(setting, cohort, person, status=ES.APPLIED, track="away")
    Enrolment.objects.filter(pk=enrolment.pk).update(participant_ref="CASA-BERRADA-77")
    urls = (
        reverse("training:cohort-detail", args=[cohort.pk]),
        reverse("training:enrolment-detail", args=[enrolment.pk]),
    )
    for url in urls:
        assert "CASA-BERRADA-77" in page_text(client_for(setting.staff).get(url)), url
        body = page_text(client_for(setting.officer).get(url))
        assert person.pseudonym in body, url
        assert "CASA-BERRADA-77" not in body, f"the officer sees the reference on {url}"


def test_officer_cannot_search_or_filter_participants_by_name_or_sex(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    named = participant(setting, given_names="Nadia", family_name="Berrada")
    other = participant(
        setting, given_names="Omar", phone="+212600005555", contact_email="o@example.org"
    )
    for person in (named, other):
        enrol(setting, cohort, person, status=ES.APPLIED, track="away")
    url = reverse("training:cohort-detail", args=[cohort.pk])
    body = page_text(client_for(setting.officer).get(url, {"q": "Berrada", "sex": "male"}))
    assert 'name="q"' not in body and 'name="sex"' not in body
    # The search is ignored: both pseudonyms are listed, so no name can be probed.
    assert named.pseudonym in body and other.pseudonym in body
    staff = page_text(client_for(setting.staff).get(url, {"q": "Berrada"}))
    assert "Nadia Berrada" in staff and "Omar" not in staff


def test_programme_page_shows_read_only_for_the_officer(
    setting: Setting, client_for: ClientFor
) -> None:
    url = reverse("training:programme-detail", args=[setting.programme.pk])
    writer = page_text(client_for(setting.staff).get(url))
    assert "Archive" in writer and "New cohort" in writer
    officer = page_text(client_for(setting.officer).get(url))
    assert setting.programme.title in officer
    assert "Archive" not in officer and "New cohort" not in officer
    assert "Add or change a funding line" not in officer


# --- Navigation -------------------------------------------------------------------------------
def test_navigation_offers_training_to_providers_officers_and_migrants(
    setting: Setting, client_for: ClientFor
) -> None:
    migrant, _profile = migrant_with_profile(phone="+212600002222", contact_email="m@example.org")
    home = reverse("home")
    assert reverse("training:programme-list") in page_text(client_for(setting.staff).get(home))
    assert reverse("training:programme-list") in page_text(client_for(setting.officer).get(home))
    migrant_home = page_text(client_for(migrant).get(home))
    assert reverse("training:my-training") in migrant_home
    assert f'href="{reverse("training:programme-list")}"' not in migrant_home


# --- Programmes -------------------------------------------------------------------------------
def _programme_form(setting: Setting, **overrides: Any) -> dict[str, Any]:
    skill = Skill.objects.order_by("pk").first()
    assert skill is not None
    return {
        "provider": str(setting.provider.pk),
        "partnership": str(setting.partnership.pk),
        "title": "Care assistant course",
        "summary": "Six months of theory and practice.",
        "kind": Programme.Kind.VOCATIONAL,
        "delivery_mode": Programme.DeliveryMode.BLENDED,
        "tracks": Programme.Tracks.AWAY,
        "skills": [str(skill.pk)],
        "location_country": "MA",
        "hours": "480",
        "language": "fr",
        "certification_title": "Care assistant",
        "certification_isced_level": "4",
        "awarding_body": "Ministry of Health",
        "cost_per_trainee": "2500.00",
        "currency": "EUR",
        **overrides,
    }


def test_provider_creates_a_programme_and_lands_on_its_page(
    setting: Setting, staff_client: Client
) -> None:
    response = staff_client.post(
        reverse("training:programme-create"), _programme_form(setting), follow=True
    )
    programme = Programme.objects.get(title="Care assistant course")
    assert response.redirect_chain[-1][0] == reverse(
        "training:programme-detail", args=[programme.pk]
    )
    body = page_text(response)
    assert "was created as a draft" in body
    assert "Care assistant course" in body and "Ministry of Health" in body
    assert "Created" in body  # history
    assert programme.status == Programme.Status.DRAFT
    assert programme.partnership_id == setting.partnership.pk
    assert programme.tracks == Programme.Tracks.AWAY
    assert programme.skills.count() == 1


def test_refused_programme_keeps_what_was_typed_and_names_the_field(
    setting: Setting, staff_client: Client
) -> None:
    response = staff_client.post(
        reverse("training:programme-create"),
        _programme_form(setting, certification_isced_level="", title="Welding basics"),
    )
    assert response.status_code == 200
    body = page_text(response)
    assert "Give the ISCED level of the certification." in body
    assert 'value="Welding basics"' in body
    assert 'value="Ministry of Health"' in body
    assert not Programme.objects.filter(title="Welding basics").exists()


def test_search_button_lists_matching_skills_without_saving_or_complaining(
    setting: Setting, client_for: ClientFor
) -> None:
    skill = Skill.objects.order_by("pk").first()
    assert skill is not None
    word = skill.preferred_label.split()[0]
    response = client_for(setting.staff).post(
        reverse("training:programme-create"),
        {"title": "Half-typed", "search": "skills", "skills_q": word},
    )
    body = page_text(response)
    assert response.status_code == 200
    assert skill.preferred_label in body
    assert 'value="Half-typed"' in body
    assert "There is a problem" not in body
    assert not Programme.objects.filter(title="Half-typed").exists()


def test_picker_fragment_keeps_chosen_skills_ticked(
    setting: Setting, client_for: ClientFor
) -> None:
    chosen, other = Skill.objects.order_by("pk")[:2]
    response = client_for(setting.staff).get(
        reverse("training:programme-picker", args=["skills"]),
        {"skills": [str(chosen.pk)], "skills_q": other.preferred_label},
        HTTP_HX_REQUEST="true",
    )
    body = page_text(response)
    assert f'value="{chosen.pk}" id="id_skills_0" checked' in body
    assert other.preferred_label in body
    assert 'hx-swap-oob="true"' in body


def test_edit_keeps_the_provider_and_saves_changes(setting: Setting, staff_client: Client) -> None:
    url = reverse("training:programme-edit", args=[setting.programme.pk])
    page = page_text(staff_client.get(url))
    assert setting.programme.title in page
    data = _programme_form(setting, title="Renamed bootcamp", tracks=Programme.Tracks.BOTH)
    del data["provider"]
    response = staff_client.post(url, data)
    assert response.status_code == 302
    setting.programme.refresh_from_db()
    assert setting.programme.title == "Renamed bootcamp"
    assert setting.programme.provider_id == setting.provider.pk


def test_archiving_a_programme_and_its_refusal_are_reported(
    setting: Setting, cohort: Cohort, staff_client: Client
) -> None:
    refused = _move(staff_client, "programme", setting.programme.pk, "archive")
    assert "Finish or cancel the cohorts that are recruiting or in training first." in refused
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="cancel", reason="x")
    done = _move(staff_client, "programme", setting.programme.pk, "archive")
    assert "The programme is now archived." in done
    assert status_of(setting.programme) == Programme.Status.ARCHIVED


def test_funding_lines_are_added_totalled_and_refused_above_the_cost(
    setting: Setting, staff_client: Client
) -> None:
    government = setting.officer.memberships.get().organisation
    url = reverse("training:funding-set", args=[setting.programme.pk])
    ok = staff_client.post(
        url, {"funding-payer": government.pk, "funding-amount_per_trainee": "2000"}, follow=True
    )
    body = page_text(ok)
    assert "The funding line was saved." in body
    assert "2,000.00 EUR" in body  # funded
    assert "1,000.00 EUR" in body  # not yet funded, of 3,000
    too_much = staff_client.post(
        url, {"funding-payer": government.pk, "funding-amount_per_trainee": "5000"}
    )
    assert too_much.status_code == 400
    assert "exceed the cost per trainee" in page_text(too_much)
    assert setting.programme.funding.get().amount_per_trainee == 2000


def test_programme_list_filters_and_empty_states(setting: Setting, client_for: ClientFor) -> None:
    client = client_for(setting.staff)
    url = reverse("training:programme-list")
    assert setting.programme.title in page_text(client.get(url))
    drafts = page_text(client.get(url, {"status": "draft"}))
    assert setting.programme.title not in drafts
    assert "No programme matches these filters." in drafts
    partial = client.get(url, {"q": "bootcamp"}, HTTP_HX_REQUEST="true")
    assert "<html" not in page_text(partial) and setting.programme.title in page_text(partial)
    newcomer = page_text(client_for(provider_staff_of()).get(url))
    assert "No programmes yet." in newcomer
    assert reverse("training:programme-create") in newcomer


def test_the_programme_page_and_list_show_and_filter_its_sector(
    setting: Setting, client_for: ClientFor
) -> None:
    Programme.objects.filter(pk=setting.programme.pk).update(sector_id="ict")
    client = client_for(setting.staff)
    detail = page_text(
        client.get(reverse("training:programme-detail", args=[setting.programme.pk]))
    )
    assert "<dt>Sector</dt><dd>ICT</dd>" in detail
    url = reverse("training:programme-list")
    assert setting.programme.title in page_text(client.get(url, {"sector": "ict"}))
    assert setting.programme.title not in page_text(client.get(url, {"sector": "health_care"}))
    form = page_text(client.get(reverse("training:programme-edit", args=[setting.programme.pk])))
    assert '<option value="ict" selected>ICT</option>' in form


# --- Cohorts ----------------------------------------------------------------------------------
def test_cohort_is_planned_from_the_programme_then_opened(
    setting: Setting, staff_client: Client
) -> None:
    response = staff_client.post(
        reverse("training:cohort-create", args=[setting.programme.pk]),
        {"code": "CARE-01", "starts_on": "2027-02-01", "ends_on": "2027-07-31", "capacity": "12"},
        follow=True,
    )
    cohort = Cohort.objects.get(code="CARE-01")
    assert "The cohort CARE-01 was planned." in page_text(response)
    assert cohort.location_country_id == "MA"  # the programme's country
    opened = _move(staff_client, "cohort", cohort.pk, "open_recruitment")
    assert "The cohort is now recruiting." in opened
    assert status_of(cohort) == CS.RECRUITING


def test_duplicate_cohort_code_is_refused_on_the_field(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    response = client_for(setting.staff).post(
        reverse("training:cohort-create", args=[setting.programme.pk]),
        {"code": cohort.code, "starts_on": "2027-02-01", "ends_on": "2027-07-31", "capacity": "5"},
    )
    assert response.status_code == 200
    assert "already has a cohort with that code" in page_text(response)


def test_starting_without_enrolled_people_is_refused_with_the_reason(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    refused = _move(client_for(setting.staff), "cohort", cohort.pk, "start")
    assert "Enrol at least one participant before starting." in refused
    assert status_of(cohort) == CS.RECRUITING


def test_cancelling_needs_a_reason_and_releases_everyone(
    setting: Setting, cohort: Cohort, staff_client: Client
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.SELECTED, track="away")
    refused = _move(staff_client, "cohort", cohort.pk, "cancel", {"reason": ""})
    assert "Give a reason." in refused
    assert status_of(cohort) == CS.RECRUITING
    done = _move(staff_client, "cohort", cohort.pk, "cancel", {"reason": "Trainer left"})
    assert "The cohort is now cancelled." in done
    assert status_of(enrolment) == ES.NOT_SELECTED
    assert "Trainer left" in enrolment.reason


def test_finished_cohort_can_no_longer_be_edited(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="cancel", reason="x")
    response = client_for(setting.staff).get(
        reverse("training:cohort-edit", args=[cohort.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("training:cohort-detail", args=[cohort.pk])
    body = page_text(response)
    assert "A finished cohort can no longer be changed." in body
    assert reverse("training:cohort-edit", args=[cohort.pk]) not in body


def test_cohort_board_groups_by_status_with_seat_counts(
    setting: Setting, client_for: ClientFor
) -> None:
    recruiting = make_cohort(setting, code="R-1", capacity=10)
    make_cohort(setting, code="P-1", status=CS.PLANNED)
    people = participants(setting, 3)
    enrol(setting, recruiting, people[0], status=ES.SELECTED, track="away")
    enrol(setting, recruiting, people[1], status=ES.SELECTED, track="away")
    enrol(setting, recruiting, people[2], status=ES.APPLIED, track="away")
    body = page_text(client_for(setting.officer).get(reverse("training:cohort-board")))
    recruiting_column = body.split('id="column-recruiting"')[1].split("</section>")[0]
    planned_column = body.split('id="column-planned"')[1].split("</section>")[0]
    assert "R-1" in recruiting_column and "P-1" in planned_column
    assert "<strong>2</strong> of 10 seats" in recruiting_column
    assert "1 applicant" in recruiting_column


def test_cohort_board_empty_state(client_for: ClientFor) -> None:
    body = page_text(client_for(provider_staff_of()).get(reverse("training:cohort-board")))
    assert "No cohorts yet." in body


def _cohorts(setting: Setting, start: int, n: int) -> None:
    for i in range(start, start + n):
        cohort = make_cohort(setting, code=f"Q-{i}")
        enrol(
            setting,
            cohort,
            participant(
                setting,
                given_names=f"Board{i}",
                phone=f"+2126200{i:05d}",
                contact_email=f"board{i}@example.org",
            ),
            status=ES.SELECTED,
            track="away",
        )


def test_cohort_board_query_count_does_not_grow_with_cohorts(
    setting: Setting, staff_client: Client
) -> None:
    url = reverse("training:cohort-board")
    _cohorts(setting, 0, 2)
    few = queries_to_get(staff_client, url)
    _cohorts(setting, 2, 4)
    assert queries_to_get(staff_client, url) == few


def test_cohort_detail_query_count_does_not_grow_with_participants(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    client = client_for(setting.staff)
    url = reverse("training:cohort-detail", args=[cohort.pk])
    for person in participants(setting, 2):
        enrol(setting, cohort, person, status=ES.ENROLLED, track="away")
    few = queries_to_get(client, url)
    for person in participants(setting, 4, start=2):
        enrol(setting, cohort, person, status=ES.ENROLLED, track="home")
    assert queries_to_get(client, url) == few
    assert queries_to_get(client_for(setting.officer), url) <= few + 2


# --- Indicators -------------------------------------------------------------------------------
def test_indicators_show_the_partnership_target_or_say_there_is_none(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    people = participants(setting, 2)
    for person in people:
        enrol(setting, cohort, person, status=ES.ENROLLED, track="away")
    url = reverse("training:cohort-detail", args=[cohort.pk])
    without = page_text(client_for(setting.officer).get(url))
    assert "No target set for 2027" in without
    assert "Share of women" in without and "50.0%" in without
    set_target(
        setting.officer,
        setting.partnership,
        people_to_train=40,
        away_track_placements=25,
        min_women_share=45,
    )
    with_target = page_text(client_for(setting.officer).get(url))
    assert "Partnership target 2027" in with_target
    assert "at least 45%" in with_target
    assert "25 placements" in with_target


# --- Participants -----------------------------------------------------------------------------
def test_enrolment_table_filters_and_sorts(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    first, second = participants(setting, 2)
    enrol(setting, cohort, first, status=ES.APPLIED, track="home")
    enrol(setting, cohort, second, status=ES.SELECTED, track="away")
    client = client_for(setting.staff)
    url = reverse("training:cohort-detail", args=[cohort.pk])
    selected = page_text(client.get(url, {"status": "selected"}))
    assert "Person1 Tester" in selected and "Person0 Tester" not in selected
    home = client.get(url, {"track": "home"}, HTTP_HX_REQUEST="true")
    body = page_text(home)
    assert "<html" not in body
    assert "Person0 Tester" in body and "Person1 Tester" not in body
    nobody = page_text(client.get(url, {"q": "Nobody"}))
    assert "No participant matches these filters." in nobody


def test_empty_cohort_invites_to_add_or_import(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    body = page_text(
        client_for(setting.staff).get(reverse("training:cohort-detail", args=[cohort.pk]))
    )
    assert "No participants yet." in body
    assert reverse("training:import-create", args=[cohort.pk]) in body
    assert reverse("migrants:intake-create") in body


def test_bulk_action_reports_who_moved_and_why_others_could_not(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    first, second, third = participants(setting, 3)
    a = enrol(setting, cohort, first, status=ES.SELECTED, track="away")
    b = enrol(setting, cohort, second, status=ES.SELECTED, track="away")
    c = enrol(setting, cohort, third, status=ES.APPLIED, track="away")
    response = client_for(setting.staff).post(
        reverse("training:enrolment-bulk", args=[cohort.pk]),
        {"bulk-action": "enrol", "enrolments": [a.pk, b.pk, c.pk], "query": "status="},
        follow=True,
    )
    body = page_text(response)
    assert "2 participants moved." in body
    assert "1 could not: Person2 Tester: " in body
    assert "cannot become enrolled" in body
    statuses = dict(Enrolment.objects.values_list("pk", "status"))
    assert (statuses[a.pk], statuses[b.pk], statuses[c.pk]) == (
        ES.ENROLLED,
        ES.ENROLLED,
        ES.APPLIED,
    )


def test_bulk_drop_out_needs_a_reason(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.ENROLLED, track="away")
    response = client_for(setting.staff).post(
        reverse("training:enrolment-bulk", args=[cohort.pk]),
        {"bulk-action": "drop_out", "enrolments": [enrolment.pk]},
        follow=True,
    )
    assert "Give a reason" in page_text(response)
    assert status_of(enrolment) == ES.ENROLLED


def test_provider_finds_and_adds_a_person_it_registered(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    person = participant(setting, given_names="Karima", family_name="Alaoui")
    _stranger_user, stranger = migrant_with_profile(
        given_names="Karima", family_name="Stranger", phone="+212600003333", contact_email="k@e.org"
    )
    client = client_for(setting.staff)
    search = client.get(
        reverse("training:enrolment-candidates", args=[cohort.pk]),
        {"person_q": "karima"},
        HTTP_HX_REQUEST="true",
    )
    body = page_text(search)
    assert "Karima Alaoui" in body
    assert "Stranger" not in body  # no counselling consent for this provider
    response = client.post(
        reverse("training:enrolment-add", args=[cohort.pk]),
        {"add-profile": person.pk, "add-track": "home", "add-status": ES.SELECTED},
        follow=True,
    )
    assert "Karima Alaoui was added as selected." in page_text(response)
    enrolment = Enrolment.objects.get(profile=person)
    assert (enrolment.status, enrolment.track) == (ES.SELECTED, "home")
    refused = client.post(
        reverse("training:enrolment-add", args=[cohort.pk]),
        {"add-profile": stranger.pk, "add-status": ES.APPLIED},
    )
    assert refused.status_code == 400
    assert not Enrolment.objects.filter(profile=stranger).exists()


# --- Enrolment page ---------------------------------------------------------------------------
def test_track_change_is_recorded_with_its_reason(
    setting: Setting, cohort: Cohort, staff_client: Client
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.ENROLLED, track="away")
    url = reverse("training:enrolment-track", args=[enrolment.pk])
    missing = staff_client.post(url, {"track-track": "home", "track-reason": ""})
    assert missing.status_code == 400 and "This field is required." in page_text(missing)
    response = staff_client.post(
        url, {"track-track": "home", "track-reason": "Job offer at home"}, follow=True
    )
    body = page_text(response)
    assert "The track was changed." in body
    assert "Job offer at home" in body
    enrolment.refresh_from_db()
    assert enrolment.track == "home"


def test_progress_is_recorded_and_out_of_range_refused(
    setting: Setting, cohort: Cohort, staff_client: Client
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.ENROLLED, track="away")
    url = reverse("training:enrolment-progress", args=[enrolment.pk])
    bad = staff_client.post(url, {"progress-attendance_percent": "140"})
    assert bad.status_code == 400
    assert 'value="140"' in page_text(bad)
    staff_client.post(
        url,
        {
            "progress-attendance_percent": "92",
            "progress-assessment": "passed",
            "progress-assessment_score": "78.5",
        },
    )
    enrolment.refresh_from_db()
    assert (enrolment.attendance_percent, enrolment.assessment) == (92, "passed")


def _finished(setting: Setting, cohort: Cohort) -> Enrolment:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.ENROLLED, track="away")
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action="complete")
    enrolment.refresh_from_db()
    return enrolment


def test_outcome_follow_up_is_recorded_and_the_service_rule_shown(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    enrolment = _finished(setting, cohort)
    client = client_for(setting.staff)
    url = reverse("training:enrolment-outcome", args=[enrolment.pk])
    no_country = client.post(url, {"outcome-months": "3", "outcome-status": "employed_destination"})
    assert no_country.status_code == 400
    assert "Say in which country." in page_text(no_country)
    response = client.post(
        url,
        {"outcome-months": "6", "outcome-status": "employed_destination", "outcome-country": "BE"},
        follow=True,
    )
    assert "The follow-up was recorded." in page_text(response)
    outcome = OutcomeFollowUp.objects.get(enrolment=enrolment)
    assert (outcome.months, outcome.country_id) == (6, "BE")


def test_certifying_shows_the_verification_link_and_revoking_needs_a_reason(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    enrolment = _finished(setting, cohort)
    client = client_for(setting.staff)
    body = _move(client, "enrolment", enrolment.pk, "certify")
    enrolment.refresh_from_db()
    code = enrolment.certificate.verification_code
    assert "The participant is now certified." in body
    assert f"/verify/{code}/" in body
    url = reverse("training:certificate-revoke", args=[enrolment.pk])
    assert client.post(url, {"revoke-reason": ""}).status_code == 400
    revoked = client.post(url, {"revoke-reason": "Fraudulent assessment"}, follow=True)
    assert "The certificate was revoked" in page_text(revoked)
    enrolment.certificate.refresh_from_db()
    assert not enrolment.certificate.is_valid


def test_drop_out_without_reason_is_refused_on_the_page(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    enrolment = enrol(setting, cohort, participant(setting), status=ES.ENROLLED, track="away")
    refused = _move(
        client_for(setting.staff), "enrolment", enrolment.pk, "drop_out", {"reason": ""}
    )
    assert "Give a reason." in refused
    assert status_of(enrolment) == ES.ENROLLED


# --- Migrant pages ----------------------------------------------------------------------------
def test_migrant_sees_their_training_and_certificate(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    migrant, enrolment = _own_enrolment(setting, cohort)
    for action in ("select", "enrol"):
        enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action=action)
    cohort_apply_action(actor=setting.staff, cohort_id=cohort.pk, action="start")
    for action in ("complete", "certify"):
        enrolment_apply_action(actor=setting.staff, enrolment_id=enrolment.pk, action=action)
    enrolment.refresh_from_db()
    code = enrolment.certificate.verification_code
    client = client_for(migrant)
    mine = page_text(client.get(reverse("training:my-training")))
    assert setting.programme.title in mine
    assert f"/verify/{code}/" in mine
    detail = page_text(client.get(reverse("training:my-enrolment", args=[enrolment.pk])))
    assert "Certified web developer" in detail and f"/verify/{code}/" in detail
    # The provider's page sends the participant to their own.
    provider_page = client.get(reverse("training:enrolment-detail", args=[enrolment.pk]))
    assert provider_page["Location"] == reverse("training:my-enrolment", args=[enrolment.pk])


def test_migrant_cannot_open_someone_elses_enrolment(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    migrant, _own = _own_enrolment(setting, cohort)
    other = enrol(setting, cohort, participant(setting), status=ES.APPLIED, track="away")
    client = client_for(migrant)
    assert client.get(reverse("training:my-enrolment", args=[other.pk])).status_code == 404
    assert client.get(reverse("training:enrolment-detail", args=[other.pk])).status_code == 404
    # "My training" is the migrant's own: the provider's staff are refused by the role gate.
    staff = client_for(setting.staff)
    assert staff.get(reverse("training:my-enrolment", args=[other.pk])).status_code == 403


def test_my_training_empty_state(client_for: ClientFor) -> None:
    user, _profile = migrant_with_profile(phone="+212600004444", contact_email="e@example.org")
    body = page_text(client_for(user).get(reverse("training:my-training")))
    assert "No training yet." in body


# --- Participant import -----------------------------------------------------------------------
def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(COLUMNS), *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def _row(i: int, **overrides: str) -> list[str]:
    values = {
        "participant_ref": f"REF-{i}",
        "given_names": f"Imported{i}",
        "family_name": "Person",
        "date_of_birth": "1999-05-17",
        "sex": "female",
        "nationality": "MA",
        "country_of_residence": "MA",
        "email": f"imported{i}@example.org",
        "phone": f"+2126300{i:05d}",
        "contact_language": "fr",
        "track": "away",
        "status": "applied",
    }
    values.update(overrides)
    return [values[c] for c in COLUMNS]


def _upload(client: Client, cohort: Cohort, content: bytes) -> Any:
    return client.post(
        reverse("training:import-create", args=[cohort.pk]),
        {"file": SimpleUploadedFile("people.csv", content, content_type="text/csv")},
    )


def test_import_page_offers_the_template_and_lists_previous_imports(
    setting: Setting, cohort: Cohort, client_for: ClientFor
) -> None:
    client = client_for(setting.staff)
    page = page_text(client.get(reverse("training:import-create", args=[cohort.pk])))
    assert reverse("training:import-template") in page
    assert "No file imported into this cohort yet." in page
    template = client.get(reverse("training:import-template"))
    assert template["Content-Type"].startswith("text/csv")
    assert b"given_names" in template.content
    viewer = page_text(
        client_for(_viewer_of(setting)).get(reverse("training:import-create", args=[cohort.pk]))
    )
    assert 'type="file"' not in viewer


def test_import_upload_preview_confirm_creates_enrolments(
    cohort: Cohort, staff_client: Client, commit: Callable[..., Any]
) -> None:
    uploaded = commit(_upload, staff_client, cohort, _csv([_row(1), _row(2)]))
    upload = ParticipantImport.objects.get()
    assert uploaded["Location"] == reverse("training:import-detail", args=[upload.pk])
    preview = page_text(staff_client.get(uploaded["Location"]))
    assert "Preview" in preview and "Imported1" in preview and "Imported2" in preview
    assert "every 2s" not in preview
    confirmed = commit(staff_client.post, reverse("training:import-confirm", args=[upload.pk]))
    assert confirmed["Location"] == reverse("training:import-detail", args=[upload.pk])
    body = page_text(staff_client.get(confirmed["Location"]))
    assert "Imported." in body
    assert Enrolment.objects.filter(cohort=cohort, source=Enrolment.Source.IMPORT).count() == 2
    listed = page_text(staff_client.get(reverse("training:import-create", args=[cohort.pk])))
    assert "people.csv" in listed


def test_import_with_a_bad_row_shows_line_column_message_and_imports_nothing(
    cohort: Cohort, staff_client: Client, commit: Callable[..., Any]
) -> None:
    uploaded = commit(
        _upload, staff_client, cohort, _csv([_row(1), _row(2, date_of_birth="17/05/1999")])
    )
    upload = ParticipantImport.objects.get()
    assert upload.status == ParticipantImport.Status.INVALID
    body = page_text(staff_client.get(uploaded["Location"]))
    assert "Nothing was imported." in body
    error = upload.errors.get()
    assert (error.line, error.column) == (3, "date_of_birth")
    assert f'<td class="numeric">{error.line}</td>' in body
    assert error.message in body
    assert "Confirm the import" not in body
    refused = staff_client.post(reverse("training:import-confirm", args=[upload.pk]), follow=True)
    assert "This file has errors" in page_text(refused)
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_import_page_polls_while_checking_and_stops_when_done(
    cohort: Cohort, staff_client: Client, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        uploaded = _upload(staff_client, cohort, _csv([_row(1)]))
    url = uploaded["Location"]
    checking = staff_client.get(url, HTTP_HX_REQUEST="true")
    body = page_text(checking)
    assert 'hx-trigger="every 2s"' in body and "<progress" in body
    assert "<html" not in body
    for callback in callbacks:
        callback()
    done = page_text(staff_client.get(url, HTTP_HX_REQUEST="true"))
    assert "every 2s" not in done and "Preview" in done


def test_readers_cannot_upload_confirm_or_cancel_imports(
    setting: Setting,
    cohort: Cohort,
    client_for: ClientFor,
    commit: Callable[..., Any],
) -> None:
    commit(_upload, client_for(setting.staff), cohort, _csv([_row(1)]))
    upload = ParticipantImport.objects.get()
    officer = client_for(setting.officer)
    assert officer.get(reverse("training:import-detail", args=[upload.pk])).status_code == 200
    assert _upload(officer, cohort, _csv([_row(2)])).status_code == 403
    for name in ("import-confirm", "import-cancel"):
        assert officer.post(reverse(f"training:{name}", args=[upload.pk])).status_code == 403
        stranger = client_for(provider_staff_of())
        assert stranger.post(reverse(f"training:{name}", args=[upload.pk])).status_code == 404
    assert status_of(upload) == ParticipantImport.Status.READY
