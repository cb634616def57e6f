"""The employer pages and the migrant's answers, as people use them in a browser: who may open
what, what an employer's page never shows before the candidate accepts, and the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from pytest_django.fixtures import Settings

from accounts.models import User
from accounts.tests.factories import MembershipFactory
from employers.models import Interest, Placement, SavedSearch, Vacancy
from employers.services import (
    interest_express,
    interest_respond,
    shortlist_add,
    vacancy_apply_action,
    vacancy_create,
)
from employers.tests.factories import (
    code_of,
    creator,
    employer_staff_of,
    member_employer_staff,
    open_vacancy,
    pool_candidate,
    software_skills,
    vacancy_input,
    viewer_of,
    withdraw_pool_consent,
)
from migrants.models import ConsentGrant, MigrantProfile
from migrants.services import consent_withdraw, qualification_add, qualification_document_upload
from partnerships.models import Partnership
from partnerships.tests.factories import government_officer_of, make_partnership
from taxonomy.models import Occupation
from tests.clients import (
    ClientFor,
    assert_page_access,
    assert_sent_to_sign_in,
    page_text,
    queries_to_get,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
BIRTH = date(1996, 7, 23)
DOCUMENT_NAME = "khettabi-diploma-scan.pdf"


@dataclass
class Candidate:
    user: User
    profile: MigrantProfile


def _candidate(n: int = 1, **profile: Any) -> Candidate:
    user, person = pool_candidate(n=n, **profile)
    return Candidate(user, person)


@pytest.fixture
def vacancy() -> Vacancy:
    return open_vacancy()


@pytest.fixture
def writer(vacancy: Vacancy) -> User:
    return creator(vacancy)


@pytest.fixture
def writer_client(writer: User, client_for: ClientFor) -> Client:
    """The vacancy's creator, signed in."""
    return client_for(writer)


@pytest.fixture
def candidate(settings: Settings, tmp_path: Path) -> Candidate:
    """Zoubida, in the Belgian pool, with an uploaded diploma scan."""
    settings.MEDIA_ROOT = tmp_path
    found = _candidate(
        n=7,
        given_names="Zoubida",
        family_name="Khettabi",
        date_of_birth=BIRTH,
        phone="+212611223344",
        contact_email="zoubida.k@example.org",
    )
    qualification = qualification_add(
        actor=found.user,
        profile_id=found.profile.pk,
        title="Licence professionnelle",
        institution="Université Hassan II",
        country="MA",
        isced_level=6,
    )
    qualification_document_upload(
        actor=found.user,
        profile_id=found.profile.pk,
        qualification_id=qualification.pk,
        upload=SimpleUploadedFile(DOCUMENT_NAME, PDF, content_type="application/pdf"),
    )
    return found


def _identifiers(found: Candidate) -> list[str]:
    """Every direct identifier of the candidate, with the birth date in several spellings."""
    profile = found.profile
    spellings = [BIRTH.isoformat(), BIRTH.strftime("%d/%m/%Y"), BIRTH.strftime("%d.%m.%Y")]
    for language in ("en", "fr", "de", "ar"):
        with translation.override(language):
            spellings += [
                formats.date_format(BIRTH, "DATE_FORMAT"),
                formats.date_format(BIRTH, "SHORT_DATE_FORMAT"),
            ]
    return [
        profile.given_names,
        profile.family_name,
        profile.contact_email,
        found.user.email,
        profile.phone,
        profile.phone.lstrip("+"),
        DOCUMENT_NAME,
        "khettabi",
        profile.pseudonym,  # global: it would link the person across employers
        *spellings,
    ]


def _assert_no_identity(body: str, found: Candidate, where: str) -> None:
    lowered = body.lower()
    for identifier in _identifiers(found):
        assert identifier.lower() not in lowered, f"{identifier!r} leaked on {where}"


def _interest(vacancy: Vacancy, found: Candidate, *, sent: bool = False) -> Interest:
    interest = shortlist_add(
        actor=creator(vacancy), vacancy_id=vacancy.pk, pseudonym=code_of(vacancy, found.profile)
    )
    if sent:
        interest = interest_express(
            actor=creator(vacancy), interest_id=interest.pk, message="We would like to meet you."
        )
    return interest


# --- Permission matrix ------------------------------------------------------------------------
# writer, viewer, other employer, migrant
# A migrant is not a recruiter: 403 whatever the record; another employer: 404 for ours.
EXPECTED = {
    "vacancy-list": (200, 200, 200, 403),
    "vacancy-create": (200, 403, 200, 403),
    "vacancy-detail": (200, 200, 404, 403),
    "vacancy-edit": (200, 403, 404, 403),
    "pool": (200, 200, 404, 403),
    "interest-list": (200, 200, 404, 403),
    "interest-detail": (200, 200, 404, 404),
}


def _url(name: str, vacancy: Vacancy, interest: Interest) -> str:
    if name in ("vacancy-list", "vacancy-create"):
        return reverse(f"employers:{name}")
    pk = interest.pk if name == "interest-detail" else vacancy.pk
    return reverse(f"employers:{name}", args=[pk])


@pytest.mark.parametrize("name", EXPECTED)
def test_page_permission_matrix(
    name: str, vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    interest = _interest(vacancy, _candidate(), sent=True)
    stranger, _profile = pool_candidate(n=99)
    url = _url(name, vacancy, interest)
    users = [writer, viewer_of(vacancy), employer_staff_of(), stranger]
    assert_page_access(client_for, url, users, EXPECTED[name])


def _posts(
    vacancy: Vacancy, interest: Interest, pseudonym: str
) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("employers:vacancy-move", args=[vacancy.pk, "mark_filled"]), {}),
        (
            reverse("employers:vacancy-move", args=[vacancy.pk, "close"]),
            {"reason": "Budget cut"},
        ),
        (reverse("employers:vacancy-edit", args=[vacancy.pk]), {"title": "Changed"}),
        (reverse("employers:shortlist", args=[vacancy.pk]), {"pseudonym": pseudonym}),
        (reverse("employers:interest-move", args=[interest.pk, "express"]), {"message": "Hi"}),
        (
            reverse("employers:interest-move", args=[interest.pk, "withdraw"]),
            {"reason": "Position changed"},
        ),
        (
            reverse("employers:interest-hire", args=[interest.pk]),
            {
                "hire-starts_on": "2027-03-01",
                "hire-wage_amount": "3000",
                "hire-wage_currency": "EUR",
            },
        ),
    ]


def test_readers_may_not_post_other_employers_get_404_and_migrants_403(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    interest = _interest(vacancy, _candidate(n=1))
    other = _candidate(n=2)
    stranger, _profile = pool_candidate(n=99)
    for url, data in _posts(vacancy, interest, code_of(vacancy, other.profile)):
        assert client_for(viewer_of(vacancy)).post(url, data).status_code == 403, url
        assert client_for(employer_staff_of()).post(url, data).status_code == 404, url
        assert client_for(stranger).post(url, data).status_code == 403, url
        anonymous = Client().post(url, data)
        assert_sent_to_sign_in(anonymous, url)
    vacancy.refresh_from_db()
    interest.refresh_from_db()
    assert (vacancy.status, vacancy.title) == (Vacancy.Status.OPEN, "Junior software developer")
    assert interest.status == Interest.Status.SHORTLISTED
    assert vacancy.interests.count() == 1


def test_actions_answer_only_post(vacancy: Vacancy, writer: User) -> None:
    client = Client()
    client.force_login(writer)
    url = reverse("employers:vacancy-move", args=[vacancy.pk, "mark_filled"])
    assert client.get(url).status_code == 405


def test_viewer_reads_the_vacancy_and_pool_without_buttons(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    found = _candidate()
    detail = reverse("employers:vacancy-detail", args=[vacancy.pk])
    pool = reverse("employers:pool", args=[vacancy.pk])
    writer_detail = page_text(client_for(writer).get(detail))
    assert "Mark as filled" in writer_detail and "Edit" in writer_detail
    assert "Shortlist" in page_text(client_for(writer).get(pool))
    viewer = client_for(viewer_of(vacancy))
    body = page_text(viewer.get(detail))
    assert vacancy.title in body
    assert "Mark as filled" not in body and "Close the vacancy" not in body
    assert reverse("employers:vacancy-edit", args=[vacancy.pk]) not in body
    pool_body = page_text(viewer.get(pool))
    assert code_of(vacancy, found.profile) in pool_body
    assert reverse("employers:shortlist", args=[vacancy.pk]) not in pool_body
    interest = _interest(vacancy, found)
    page = reverse("employers:interest-detail", args=[interest.pk])
    express = reverse("employers:interest-move", args=[interest.pk, "express"])
    assert express in page_text(client_for(writer).get(page))
    viewer_page = page_text(viewer.get(page))
    assert code_of(vacancy, found.profile) in viewer_page and express not in viewer_page


def test_migrant_sees_own_interest_and_gets_404_on_anothers(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    mine = _candidate(n=1)
    other = _candidate(n=2)
    own = _interest(vacancy, mine, sent=True)
    theirs = _interest(vacancy, other, sent=True)
    client = client_for(mine.user)
    assert client.get(reverse("employers:my-interests")).status_code == 200
    assert client.get(reverse("employers:my-interest", args=[own.pk])).status_code == 200
    assert client.get(reverse("employers:my-interest", args=[theirs.pk])).status_code == 404
    # The employer's page of their own interest sends the candidate to their own page.
    response = client.get(reverse("employers:interest-detail", args=[own.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:my-interest", args=[own.pk])
    respond = reverse("employers:my-interest-move", args=[theirs.pk, "accept"])
    assert client.post(respond).status_code == 404
    # The employer cannot answer for the candidate, nor open the candidate's page.
    accept = reverse("employers:my-interest-move", args=[own.pk, "accept"])
    assert client_for(writer).post(accept).status_code == 403
    assert (
        client_for(writer).get(reverse("employers:my-interest", args=[own.pk])).status_code == 403
    )
    # Nor answer with an employer's move on the candidate's route.
    express = reverse("employers:my-interest-move", args=[own.pk, "express"])
    assert client.post(express).status_code == 404


def test_a_shortlist_is_invisible_to_the_candidate(vacancy: Vacancy, client_for: ClientFor) -> None:
    found = _candidate()
    interest = _interest(vacancy, found)
    client = client_for(found.user)
    assert vacancy.title not in page_text(client.get(reverse("employers:my-interests")))
    assert client.get(reverse("employers:my-interest", args=[interest.pk])).status_code == 404


def test_navigation_offers_vacancies_to_employers_and_jobs_to_migrants(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    found = _candidate()
    home = reverse("home")
    employer_home = page_text(client_for(writer).get(home))
    assert reverse("employers:vacancy-list") in employer_home
    assert reverse("matching:my-matches") not in employer_home
    migrant_home = page_text(client_for(found.user).get(home))
    assert reverse("employers:my-interests") in migrant_home
    assert reverse("matching:my-matches") in migrant_home
    assert f'href="{reverse("employers:vacancy-list")}"' not in migrant_home


# --- No identity before acceptance ------------------------------------------------------------
def test_employer_pages_never_show_identity_before_acceptance(
    vacancy: Vacancy, writer: User, candidate: Candidate, writer_client: Client
) -> None:
    pool_url = reverse("employers:pool", args=[vacancy.pk])
    pages = {
        "pool": writer_client.get(pool_url),
        "pool filtered (htmx)": writer_client.get(pool_url, {"q": "a"}, HTTP_HX_REQUEST="true"),
        "pool by residence": writer_client.get(pool_url, {"residence": "MA"}),
    }
    for where, response in pages.items():
        body = page_text(response)
        assert code_of(vacancy, candidate.profile) in body, where
        _assert_no_identity(body, candidate, where)
    interest = _interest(vacancy, candidate)
    detail = reverse("employers:interest-detail", args=[interest.pk])
    listing = reverse("employers:interest-list", args=[vacancy.pk])
    for stage in ("shortlisted", "interest sent"):
        for url in (detail, listing):
            body = page_text(writer_client.get(url))
            assert code_of(vacancy, candidate.profile) in body
            _assert_no_identity(body, candidate, f"{url} ({stage})")
        if stage == "shortlisted":
            interest_express(actor=writer, interest_id=interest.pk, message="Hello")


def test_identity_shown_after_acceptance_and_hidden_again_after_withdrawal(
    vacancy: Vacancy, writer: User, candidate: Candidate, client_for: ClientFor
) -> None:
    interest = _interest(vacancy, candidate, sent=True)
    migrant = client_for(candidate.user)
    answer_page = page_text(migrant.get(reverse("employers:my-interest", args=[interest.pk])))
    assert "your name, e-mail and phone will be shared with" in answer_page
    assert vacancy.employer.name in answer_page
    assert "We would like to meet you." in answer_page
    response = migrant.post(
        reverse("employers:my-interest-move", args=[interest.pk, "accept"]), follow=True
    )
    assert "You accepted" in page_text(response)
    employer = client_for(writer)
    url = reverse("employers:interest-detail", args=[interest.pk])
    body = page_text(employer.get(url))
    assert "Zoubida Khettabi" in body
    assert "zoubida.k@example.org" in body and "+212611223344" in body
    interest.refresh_from_db()
    assert interest.identity_consent_id is not None
    consent_withdraw(
        actor=candidate.user,
        profile_id=candidate.profile.pk,
        consent_id=interest.identity_consent_id,
    )
    body = page_text(employer.get(url))
    _assert_no_identity(body, candidate, "interest page after the consent was withdrawn")
    assert "withdrew their consent" in body


def test_withdrawn_pool_consent_removes_the_card_at_once(
    vacancy: Vacancy, writer_client: Client
) -> None:
    found = _candidate()
    url = reverse("employers:pool", args=[vacancy.pk])
    code = code_of(vacancy, found.profile)
    assert code in page_text(writer_client.get(url))
    withdraw_pool_consent(found.user, found.profile)
    body = page_text(writer_client.get(url))
    assert code not in body
    assert "The pool is empty for now." in body


# --- Vacancies --------------------------------------------------------------------------------
def _vacancy_form(employer: User, **overrides: Any) -> dict[str, Any]:
    skills = software_skills(4)
    occupation = Occupation.objects.get(code="2512")
    return {
        "employer": str(employer.memberships.get().organisation_id),
        "title": "Backend developer",
        "description": "Python and SQL.",
        "occupation": str(occupation.pk),
        "essential_skills": [str(s) for s in skills[:2]],
        "optional_skills": [str(skills[3])],
        "min_isced_level": "4",
        "sector": "ict",
        "language_0": "fr",
        "level_0": "B1",
        "language_1": "en",
        "level_1": "A2",
        "destination_country": "BE",
        "destination_city": "Liège",
        "positions": "2",
        "wage_amount": "3400.00",
        "wage_currency": "EUR",
        "wage_period": "month",
        "hours_per_week": "38",
        "contract_months": "24",
        "starts_on": "2027-04-01",
        "fee_policy": "employer_pays",
        **overrides,
    }


def test_employer_posts_a_vacancy_and_lands_on_its_page(client_for: ClientFor) -> None:
    employer = employer_staff_of()
    client = client_for(employer)
    response = client.post(reverse("employers:vacancy-create"), _vacancy_form(employer))
    vacancy = Vacancy.objects.get(title="Backend developer")
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:vacancy-detail", args=[vacancy.pk])
    assert vacancy.status == Vacancy.Status.DRAFT
    assert dict(vacancy.languages.values_list("language_id", "min_level_id")) == {
        "fr": "B1",
        "en": "A2",
    }
    assert vacancy.essential_skills.count() == 2 and vacancy.optional_skills.count() == 1
    body = page_text(client.get(response["Location"]))
    assert "Backend developer" in body and "Liège" in body and "Publish" in body
    assert vacancy.sector_id == "ict" and "<dt>Sector</dt><dd>ICT</dd>" in body
    listed = client.get(reverse("employers:vacancy-list"), {"sector": "ict"})
    assert "Backend developer" in page_text(listed)
    assert "Backend developer" not in page_text(
        client.get(reverse("employers:vacancy-list"), {"sector": "construction"})
    )


def test_refused_vacancy_keeps_what_was_typed_and_names_the_field(
    client_for: ClientFor,
) -> None:
    employer = employer_staff_of()
    client = client_for(employer)
    response = client.post(
        reverse("employers:vacancy-create"),
        _vacancy_form(employer, occupation="", level_1="", wage_amount="0"),
    )
    assert response.status_code == 400
    body = page_text(response)
    assert "There is a problem" in body
    assert "Search for the occupation, then choose it." in body
    assert "Choose the minimum level for this language." in body
    assert 'value="Backend developer"' in body and "Liège" in body
    assert not Vacancy.objects.filter(title="Backend developer").exists()


def test_search_button_lists_occupations_without_saving_or_complaining(
    client_for: ClientFor,
) -> None:
    employer = employer_staff_of()
    response = client_for(employer).post(
        reverse("employers:vacancy-create"),
        {"title": "Nurse", "occupation_q": "2221", "search": "occupation"},
    )
    body = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" not in body
    assert 'type="radio" name="occupation"' in body
    assert 'value="Nurse"' in body
    assert not Vacancy.objects.exists()


def test_picker_fragment_offers_skills_to_employers_only(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    chosen = software_skills(1)[0]
    url = reverse("employers:vacancy-picker", args=["essential_skills"])
    response = client_for(writer).get(
        url, {"essential_skills": [str(chosen)], "essential_skills_q": "a"}, HTTP_HX_REQUEST="true"
    )
    body = page_text(response)
    assert f'name="essential_skills" value="{chosen}"' in body and "checked" in body
    assert 'hx-swap-oob="true"' in body
    stranger, _profile = pool_candidate(n=98)
    assert client_for(stranger).get(url).status_code == 403
    assert client_for(viewer_of(vacancy)).get(url).status_code == 403


def test_edit_keeps_the_employer_and_saves_changes(
    vacancy: Vacancy, writer: User, writer_client: Client
) -> None:
    url = reverse("employers:vacancy-edit", args=[vacancy.pk])
    page = page_text(writer_client.get(url))
    assert 'value="Junior software developer"' in page
    data = _vacancy_form(writer, title="Junior developer (Python)")
    del data["employer"]
    response = writer_client.post(url, data)
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "Junior developer (Python)"
    assert vacancy.destination_city == "Liège"


def test_worker_paid_fees_block_publishing_with_the_reason(client_for: ClientFor) -> None:
    employer = employer_staff_of()
    client = client_for(employer)
    client.post(
        reverse("employers:vacancy-create"), _vacancy_form(employer, fee_policy="worker_pays")
    )
    vacancy = Vacancy.objects.get(title="Backend developer")
    detail = reverse("employers:vacancy-detail", args=[vacancy.pk])
    assert "cannot be published" in page_text(client.get(detail))
    response = client.post(
        reverse("employers:vacancy-move", args=[vacancy.pk, "open"]), follow=True
    )
    body = page_text(response)
    assert "This vacancy makes the worker pay recruitment fees or costs: it cannot be" in body
    assert "published" in body
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


def test_open_vacancy_cannot_switch_to_worker_paid_fees(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    data = _vacancy_form(writer, fee_policy="worker_pays")
    del data["employer"]
    response = client_for(writer).post(reverse("employers:vacancy-edit", args=[vacancy.pk]), data)
    assert response.status_code == 400
    assert "An open vacancy cannot make the worker pay recruitment fees." in page_text(response)
    vacancy.refresh_from_db()
    assert vacancy.fee_policy == Vacancy.FeePolicy.EMPLOYER_PAYS


def test_lifecycle_filled_reopen_and_close_with_a_reason(
    vacancy: Vacancy, writer_client: Client
) -> None:
    def act(action: str, **data: str) -> Any:
        return writer_client.post(
            reverse("employers:vacancy-move", args=[vacancy.pk, action]), data, follow=True
        )

    act("mark_filled")
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert "Reopen" in page_text(
        writer_client.get(reverse("employers:vacancy-detail", args=[vacancy.pk]))
    )
    act("reopen")
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.OPEN
    refused = act("close")
    assert "This field is required." in page_text(refused)
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.OPEN
    act("close", reason="Hired internally")
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.close_reason) == (Vacancy.Status.CLOSED, "Hired internally")
    body = page_text(writer_client.get(reverse("employers:vacancy-detail", args=[vacancy.pk])))
    assert "Hired internally" in body and "Publish" not in body


def test_vacancy_list_filters_and_empty_states(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    client = client_for(writer)
    url = reverse("employers:vacancy-list")
    assert vacancy.title in page_text(client.get(url))
    assert vacancy.title not in page_text(client.get(url, {"status": "draft"}))
    assert "No vacancy matches these filters." in page_text(client.get(url, {"country": "DE"}))
    partial = page_text(client.get(url, {"q": "software"}, HTTP_HX_REQUEST="true"))
    assert vacancy.title in partial and "<html" not in partial
    assert "No vacancies yet." in page_text(client_for(employer_staff_of()).get(url))


# --- The pool ---------------------------------------------------------------------------------
def test_pool_filters_and_keyset_pages(
    vacancy: Vacancy, writer: User, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from employers.views import pool as views

    people = [_candidate(n=i, skills=2 if i % 2 else 3).profile for i in range(3)]
    codes = [code_of(vacancy, p) for p in people]  # listed in the order they joined
    client = client_for(writer)
    url = reverse("employers:pool", args=[vacancy.pk])
    third_skill = software_skills(3)[2]
    body = page_text(client.get(url, {"skills": third_skill}))
    with_all = [p for p in people if p.skills.filter(skill_id=third_skill).exists()]
    assert all(code_of(vacancy, p) in body for p in with_all)
    assert all(code_of(vacancy, p) not in body for p in people if p not in with_all)
    assert "Nobody in the pool matches" in page_text(client.get(url, {"language": "de"}))
    assert "Nobody in the pool matches" in page_text(
        client.get(url, {"skills": str(third_skill), "evidence": "recognised"})
    )
    original = views.pool_search
    monkeypatch.setattr(views, "pool_search", lambda **kw: original(**kw, page_size=2))
    first = page_text(client.get(url))
    assert codes[0] in first and codes[2] not in first
    assert f"?after={codes[1]}" in first
    second = page_text(client.get(url, {"after": codes[1]}))
    assert codes[2] in second and codes[0] not in second
    assert "First page" in second
    # A cursor edited by hand (here a global pseudonym) starts again from the first page.
    again = page_text(client.get(url, {"after": people[1].pseudonym}))
    assert codes[0] in again and "First page" not in again


def test_shortlist_from_the_pool_links_to_the_pipeline(
    vacancy: Vacancy, writer_client: Client
) -> None:
    found = _candidate()
    pool = reverse("employers:pool", args=[vacancy.pk])
    response = writer_client.post(
        reverse("employers:shortlist", args=[vacancy.pk]),
        {"pseudonym": code_of(vacancy, found.profile), "next": pool},
        follow=True,
    )
    body = page_text(response)
    assert "is on the shortlist" in body
    interest = Interest.objects.get(vacancy=vacancy, profile=found.profile)
    assert reverse("employers:interest-detail", args=[interest.pk]) in body
    again = writer_client.post(
        reverse("employers:shortlist", args=[vacancy.pk]),
        {"pseudonym": code_of(vacancy, found.profile)},
        follow=True,
    )
    assert "already in the vacancy&#x27;s pipeline" in page_text(again)


def test_saved_searches_are_saved_applied_and_deleted(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    _candidate()
    client = client_for(writer)
    pool = reverse("employers:pool", args=[vacancy.pk])
    assert 'name="saved-name"' not in page_text(client.get(pool))
    # The save form follows the filters, also when htmx swaps the results in place.
    filtered = page_text(
        client.get(pool, {"language": "fr", "language_level": "B2"}, HTTP_HX_REQUEST="true")
    )
    assert 'name="saved-name"' in filtered
    assert '<input type="hidden" name="language" value="fr">' in filtered
    refused = client.post(
        reverse("employers:saved-search-create", args=[vacancy.pk]),
        {"language": "fr", "language_level": "B2", "saved-name": ""},
    )
    assert refused.status_code == 400 and "There is a problem" in page_text(refused)
    response = client.post(
        reverse("employers:saved-search-create", args=[vacancy.pk]),
        {"language": "fr", "language_level": "B2", "saved-name": "French speakers"},
        follow=True,
    )
    search = SavedSearch.objects.get(owner=writer)
    assert search.params == {"language": "fr", "language_level": "B2"}
    body = page_text(response)
    assert "The search was saved." in body and "French speakers" in body
    assert "language=fr&amp;language_level=B2" in body
    client.post(reverse("employers:saved-search-delete", args=[vacancy.pk, search.pk]))
    assert not SavedSearch.objects.exists()
    # Another person's saved search cannot be deleted.
    theirs = SavedSearch.objects.create(
        organisation=vacancy.employer, owner=writer, vacancy=vacancy, name="Mine", params={}
    )
    colleague = MembershipFactory.create(organisation=vacancy.employer).user
    response = client_for(colleague).post(
        reverse("employers:saved-search-delete", args=[vacancy.pk, theirs.pk])
    )
    assert response.status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_pool_query_count_does_not_grow_with_candidates(
    vacancy: Vacancy, writer_client: Client
) -> None:
    url = reverse("employers:pool", args=[vacancy.pk])
    for i in range(2):
        _candidate(n=i)
    few = queries_to_get(writer_client, url)
    for i in range(2, 6):
        _candidate(n=i)
    assert queries_to_get(writer_client, url) == few


# --- The pipeline -----------------------------------------------------------------------------
def test_pipeline_from_interest_to_hire(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    found = _candidate()
    interest = _interest(vacancy, found)
    employer = client_for(writer)
    page = reverse("employers:interest-detail", args=[interest.pk])
    response = employer.post(
        reverse("employers:interest-move", args=[interest.pk, "express"]),
        {"message": "Could we talk next week?"},
        follow=True,
    )
    assert "The candidate was told of your interest." in page_text(response)
    migrant = client_for(found.user)
    offers = page_text(migrant.get(reverse("employers:my-interests")))
    assert vacancy.title in offers
    migrant.post(reverse("employers:my-interest-move", args=[interest.pk, "accept"]))
    interest.refresh_from_db()
    assert interest.message == "Could we talk next week?"
    for action in ("interview", "offer"):
        employer.post(reverse("employers:interest-move", args=[interest.pk, action]))
    body = page_text(employer.get(page))
    assert "Record the hire" in body
    assert 'value="3200.00"' in body and 'value="2027-03-01"' in body  # from the vacancy
    refused = employer.post(
        reverse("employers:interest-hire", args=[interest.pk]),
        {"hire-starts_on": "", "hire-wage_amount": "3300", "hire-wage_currency": "EUR"},
    )
    assert refused.status_code == 400 and "There is a problem" in page_text(refused)
    assert 'value="3300"' in page_text(refused)
    response = employer.post(
        reverse("employers:interest-hire", args=[interest.pk]),
        {
            "hire-starts_on": "2027-03-15",
            "hire-wage_amount": "3300",
            "hire-wage_currency": "EUR",
            "hire-wage_period": "month",
        },
        follow=True,
    )
    assert "The hire was recorded" in page_text(response)
    placement = Placement.objects.get(interest=interest)
    assert (placement.starts_on, placement.wage_amount) == (date(2027, 3, 15), Decimal("3300"))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED  # one position
    assert "You are hired" in page_text(
        migrant.get(reverse("employers:my-interest", args=[interest.pk]))
    )


def test_not_selected_needs_a_reason_the_candidate_then_reads(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    found = _candidate()
    interest = _interest(vacancy, found, sent=True)
    interest_respond(actor=found.user, interest_id=interest.pk, accept=True)
    employer = client_for(writer)
    url = reverse("employers:interest-move", args=[interest.pk, "not_selected"])
    refused = employer.post(url, {"reason": ""}, follow=True)
    assert "This field may not be blank." in page_text(refused)
    interest.refresh_from_db()
    assert interest.status == Interest.Status.ACCEPTED
    employer.post(url, {"reason": "Another candidate had more experience"})
    interest.refresh_from_db()
    assert interest.status == Interest.Status.NOT_SELECTED
    page = page_text(
        client_for(found.user).get(reverse("employers:my-interest", args=[interest.pk]))
    )
    assert "Another candidate had more experience" in page


def test_declining_ends_the_pipeline_and_reveals_nothing(
    vacancy: Vacancy, writer: User, candidate: Candidate, client_for: ClientFor
) -> None:
    interest = _interest(vacancy, candidate, sent=True)
    response = client_for(candidate.user).post(
        reverse("employers:my-interest-move", args=[interest.pk, "decline"]), follow=True
    )
    assert "You declined" in page_text(response)
    body = page_text(
        client_for(writer).get(reverse("employers:interest-detail", args=[interest.pk]))
    )
    assert "Declined by the candidate" in body
    _assert_no_identity(body, candidate, "declined interest")
    assert "Express interest" not in body and "Record the hire" not in body


def test_candidate_who_left_the_pool_shows_no_card_on_the_interest_page(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    found = _candidate()
    interest = _interest(vacancy, found)
    grant = ConsentGrant.objects.get(
        profile=found.profile, purpose=ConsentGrant.Purpose.POOL_DESTINATION
    )
    consent_withdraw(actor=found.user, profile_id=found.profile.pk, consent_id=grant.pk)
    body = page_text(
        client_for(writer).get(reverse("employers:interest-detail", args=[interest.pk]))
    )
    assert "left this vacancy's pool" in body
    assert "Experience" not in body


def test_my_interests_empty_state(client_for: ClientFor) -> None:
    found = _candidate()
    body = page_text(client_for(found.user).get(reverse("employers:my-interests")))
    assert "No employer has contacted you yet." in body


# --- Partnership figures ----------------------------------------------------------------------
def test_partnership_officers_see_aggregate_figures_only(client_for: ClientFor) -> None:
    officer = government_officer_of("BE")
    partnership = make_partnership(officer, status=Partnership.Status.ACTIVE)
    employer = member_employer_staff(partnership, officer)
    vacancy = vacancy_create(
        actor=employer, data=vacancy_input(employer, partnership_id=partnership.pk, positions=3)
    )
    vacancy_apply_action(actor=employer, vacancy_id=vacancy.pk, action="open")
    found = _candidate()
    _interest(Vacancy.objects.get(pk=vacancy.pk), found, sent=True)
    url = reverse("employers:partnership-figures", args=[partnership.pk])
    response = client_for(officer).get(url)
    body = page_text(response)
    assert response.status_code == 200
    assert "Open vacancies" in body and "Positions offered" in body
    figures = [int(cell.split("</td>")[0]) for cell in body.split('<td class="numeric">')[1:]]
    assert figures == [1, 3, 1, 0, 0]  # open, positions, contacted, accepted, placements
    assert found.profile.pseudonym not in body and vacancy.title not in body
    assert client_for(government_officer_of("DE")).get(url).status_code == 404
    assert client_for(found.user).get(url).status_code == 403
    assert client_for(employer).get(url).status_code == 403


def test_each_page_is_for_its_role_only(
    vacancy: Vacancy, writer: User, client_for: ClientFor
) -> None:
    """Declared access: "Job offers" and "Jobs for me" are the migrant's, the employer pages
    the recruiters', the figures the officers'; anyone else is refused whatever the record."""
    employer = client_for(writer)
    assert employer.get(reverse("employers:my-interests")).status_code == 403
    assert employer.get(reverse("matching:my-matches")).status_code == 403
    officer = client_for(government_officer_of("BE"))
    assert officer.get(reverse("employers:vacancy-list")).status_code == 403
    assert officer.get(reverse("employers:vacancy-create")).status_code == 403
    migrant = client_for(_candidate().user)
    assert migrant.get(reverse("employers:my-interests")).status_code == 200
    assert migrant.get(reverse("matching:my-matches")).status_code == 200


def test_a_migrant_without_a_profile_is_asked_to_create_one(client_for: ClientFor) -> None:
    from accounts.tests.factories import UserFactory

    client = client_for(UserFactory.create())
    for url in (reverse("employers:my-interests"), reverse("matching:my-matches")):
        body = page_text(client.get(url))
        assert "You have no profile yet." in body and reverse("migrants:profile") in body
