from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.clients import ClientFor

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(migrant: User, client_for: ClientFor) -> Client:
    return client_for(migrant)


def test_browse_lists_the_ten_isco_major_groups(client: Client) -> None:
    body = client.get(reverse("taxonomy:browse")).content.decode()
    assert "Health professionals" not in body  # a sub-major group: not at the top level
    assert "Professionals" in body
    assert body.count(reverse("taxonomy:occupation-detail", kwargs={"code": "2"})) >= 1


def test_search_without_javascript_returns_the_whole_page(client: Client) -> None:
    response = client.get(reverse("taxonomy:browse"), {"q": "welding"})
    body = response.content.decode()
    assert "<html" in body
    assert "perform tungsten inert gas welding" in body
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_htmx_search_returns_only_the_results_fragment(client: Client) -> None:
    response = client.get(reverse("taxonomy:browse"), {"q": "welding"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "perform tungsten inert gas welding" in body


def test_back_button_history_restore_gets_the_whole_page(client: Client) -> None:
    response = client.get(
        reverse("taxonomy:browse"),
        {"q": "welding"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_search_with_no_match_says_so(client: Client) -> None:
    body = client.get(reverse("taxonomy:browse"), {"q": "zzzqqq"}).content.decode()
    assert "zzzqqq" in body
    assert "perform" not in body


def test_occupation_page_shows_its_lineage_and_children(client: Client) -> None:
    body = client.get(
        reverse("taxonomy:occupation-detail", kwargs={"code": "222"})
    ).content.decode()
    assert "Nursing professionals" in body
    assert "Health professionals" in body  # parent, in the breadcrumbs
    assert (
        client.get(reverse("taxonomy:occupation-detail", kwargs={"code": "9999"})).status_code
        == 404
    )


def test_reference_pages_need_sign_in() -> None:
    response = Client().get(reverse("taxonomy:browse"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
