"""Every response carries a strict Content-Security-Policy, and nothing the portal serves needs
more: no inline script or style, nothing loaded from another host. Personal data is never kept
in a browser or shared cache."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse
from pytest_django.fixtures import Settings

from accounts.models import User
from employers.tests.factories import open_vacancy, pool_candidate
from migrants.models import MigrantProfile
from migrants.tests.factories import migrant_with_profile, qualification
from partnerships.models import Partnership
from partnerships.tests.factories import make_partnership
from recognition.models import RecognitionRequest
from recognition.tests.factories import make_request
from tests.clients import ClientFor
from training.tests.factories import make_cohort, make_setting

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*")
# Not executed by browsers, so the policy does not govern them (Django's json_script makes them).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
SITE = "testserver"


def policy(response: TestResponse) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.status_code} {response!r}"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict_policy(response: TestResponse) -> dict[str, list[str]]:
    directives = policy(response)
    for name, sources in directives.items():
        for unsafe in UNSAFE:
            assert unsafe not in sources, f"{name} allows {unsafe}"
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] in (["'none'"], ["'self'"])
    return directives


@dataclass
class PageAudit(HTMLParser):
    """What in an HTML page a strict policy would block or a privacy rule forbids."""

    problems: list[str] = field(default_factory=list)
    _in_inline_script: bool = False

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.problems.append(f"<{tag} style=...>")
        if tag == "style":
            self.problems.append("<style> element")
        executable = values.get("type", "").lower() not in DATA_SCRIPT_TYPES
        if tag == "script" and executable and not values.get("src"):
            self.problems.append("<script> without src")
        if any(name.startswith("on") for name in values):
            self.problems.append(f"<{tag}> with an inline event handler")
        if tag in {"script", "link", "img", "iframe", "source", "video", "audio", "embed"}:
            for name in ("src", "href", "srcset"):
                url = values.get(name, "").strip()
                if re.match(r"^(https?:)?//", url) and not re.match(
                    rf"^(https?:)?//{re.escape(SITE)}(/|$)", url
                ):
                    self.problems.append(f"<{tag} {name}={url}> from another host")
                if url.lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}=javascript:...>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def audit_page(response: TestResponse) -> list[str]:
    audit = PageAudit()
    audit.feed(response.content.decode())
    return audit.problems


def assert_page_is_clean(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert_strict_policy(response)
    assert audit_page(response) == [], url


# --- Pages, per role --------------------------------------------------------------------------
ANONYMOUS_PAGES = [
    "home",
    "account_login",
    "account_signup",
    "account_reset_password",
    "registry:list",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_public_pages_need_no_inline_code_and_nothing_from_elsewhere(
    client: Client, name: str
) -> None:
    assert_page_is_clean(client, reverse(name))


def test_migrant_pages_pass_the_policy(client: Client) -> None:
    user, profile = migrant_with_profile()
    qualification(user, profile)
    client.force_login(user)
    # Setting up an authenticator asks for the password again first.
    confirmed = client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password"})
    assert confirmed.status_code == 302
    urls = [
        reverse("home"),
        reverse("migrants:profile"),
        *(
            reverse("migrants:own-step", args=[step])
            for step in ("identity", "education", "skills", "languages", "qualifications")
        ),
        reverse("migrants:own-step", args=["consents"]),
        reverse("migrants:passport"),
        reverse("training:my-training"),
        reverse("employers:my-interests"),
        reverse("matching:my-matches"),
        reverse("recognition:list"),
        reverse("recognition:finder"),
        reverse("taxonomy:browse"),
        reverse("accounts:profile"),
        reverse("accounts:token-list"),
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        reverse("mfa_activate_totp"),
    ]
    for url in urls:
        assert_page_is_clean(client, url)


def test_staff_pages_pass_the_policy(client_for: ClientFor) -> None:
    setting = make_setting()
    cohort = make_cohort(setting)
    vacancy = open_vacancy()
    pool_candidate()
    request, _applicant, authority_officer = make_request(RecognitionRequest.Status.SUBMITTED)
    employer = vacancy.created_by
    assert employer is not None
    pages: dict[User, list[str]] = {
        setting.officer: [
            reverse("home"),
            reverse("partnerships:list"),
            reverse("partnerships:create"),
            reverse("partnerships:detail", args=[setting.partnership.pk]),
            reverse("migrants:intake-list"),
        ],
        setting.staff: [
            reverse("training:programme-list"),
            reverse("training:programme-detail", args=[setting.programme.pk]),
            reverse("training:cohort-board"),
            reverse("training:cohort-detail", args=[cohort.pk]),
            reverse("training:import-create", args=[cohort.pk]),
            reverse("migrants:intake-create"),
        ],
        employer: [
            reverse("employers:vacancy-list"),
            reverse("employers:vacancy-detail", args=[vacancy.pk]),
            reverse("employers:pool", args=[vacancy.pk]),
            reverse("matching:vacancy-matches", args=[vacancy.pk]),
        ],
        authority_officer: [
            reverse("recognition:list"),
            reverse("recognition:detail", args=[request.pk]),
        ],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            assert_page_is_clean(client, url)


def test_admin_pages_pass_the_policy(admin_user: User, client_for: ClientFor) -> None:
    make_partnership(status=Partnership.Status.ACTIVE)
    client = client_for(admin_user)
    as_admin = RequestFactory().get("/admin/")
    as_admin.user = admin_user
    assert_page_is_clean(client, reverse("admin:index"))
    checked = 0
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}")
            response = client.get(url)
            if response.status_code == 403:  # e.g. append-only audit rows cannot be added
                continue
            assert response.status_code == 200, url
            assert_strict_policy(response)
            assert audit_page(response) == [], url
            checked += 1
        first = model_admin.get_queryset(as_admin).first()
        if first is not None:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            response = client.get(url)
            assert response.status_code == 200, url
            assert_strict_policy(response)
            assert audit_page(response) == [], url
    assert checked > 10


# --- API documentation ------------------------------------------------------------------------
def test_redoc_loads_nothing_from_google_fonts_or_any_other_host(client: Client) -> None:
    response = client.get(reverse("api-redoc"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "fonts.googleapis.com" not in body
    assert "fonts.gstatic.com" not in body
    assert audit_page(response) == []


def test_redoc_may_style_itself_only_with_this_responses_nonce(client: Client) -> None:
    first, second = client.get(reverse("api-redoc")), client.get(reverse("api-redoc"))
    directives = assert_strict_policy(first)
    nonces = [s for s in directives["style-src"] if s.startswith("'nonce-")]
    assert len(nonces) == 1
    assert directives["style-src"] == ["'self'", nonces[0]]
    # Redoc's styled-components get the nonce from the page (data attribute, not inline code).
    assert f'data-style-nonce="{nonces[0][7:-1]}"' in first.content.decode()
    assert policy(second)["style-src"] != directives["style-src"]


def test_swagger_ui_runs_from_files_only(client: Client) -> None:
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert_strict_policy(response)
    assert audit_page(response) == []
    script = re.search(r'<script src="([^"]*script[^"]*)"', response.content.decode())
    assert script is not None
    init = client.get(script.group(1).replace("&amp;", "&"))
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in init.content.decode()


# --- Every kind of response -------------------------------------------------------------------
def test_json_and_error_responses_carry_the_policy_too(
    client: Client, migrant: User, client_for: ClientFor
) -> None:
    for response in (
        client.get(reverse("healthz")),
        client.get("/api/v1/accounts/me/"),  # 401
        client_for(migrant).get("/api/v1/accounts/me/"),
        client.get(reverse("api-schema")),
        client.get("/no-such-page/"),
        client.get("/static/css/portal.css"),
    ):
        assert_strict_policy(response)
    assert audit_page(client.get("/no-such-page/")) == []


def server_error(request: object) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("boom/", server_error)]


@pytest.mark.urls(__name__)
def test_the_server_error_page_carries_the_policy() -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert_strict_policy(response)
    assert audit_page(response) == []


def test_debug_error_pages_only_report_violations(client: Client, settings: Settings) -> None:
    # Django's technical debug pages are made of inline script and style.
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert "Content-Security-Policy" not in response.headers
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy-Report-Only"]
    assert "Content-Security-Policy" in client.get(reverse("home")).headers


# --- No personal data in caches ---------------------------------------------------------------
def assert_not_stored(response: TestResponse) -> None:
    cache_control = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
    assert "no-store" in cache_control, response.headers.get("Cache-Control")
    assert "private" in cache_control
    assert "public" not in cache_control


def test_api_responses_are_never_stored(
    migrant: User, api_client_for: ClientFor, client: Client
) -> None:
    profile_user, _profile = migrant_with_profile()
    api = api_client_for(profile_user)
    for url in (
        "/api/v1/accounts/me/",
        "/api/v1/migrants/me/",
        "/api/v1/migrants/me/consents/",
        "/api/v1/taxonomy/countries/",
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)
        vary = {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}
        assert {"authorization", "cookie"} <= vary
    assert_not_stored(client.get("/api/v1/migrants/me/"))  # 401 too


def test_an_api_token_response_is_never_stored(migrant: User, client: Client) -> None:
    from accounts.services import api_token_create

    _token, secret = api_token_create(user=migrant, name="script")
    response = client.get("/api/v1/accounts/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert_not_stored(response)


def test_personal_pages_are_never_stored(client_for: ClientFor) -> None:
    user, profile = migrant_with_profile()
    client = client_for(user)
    for url in (
        reverse("accounts:profile"),
        reverse("accounts:token-list"),
        reverse("home"),
        reverse("migrants:profile"),
        reverse("migrants:own-step", args=["qualifications"]),
        reverse("migrants:passport"),
        reverse("mfa_index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)
    assert MigrantProfile.objects.filter(pk=profile.pk).exists()


def test_public_caching_chosen_by_a_view_is_kept(client: Client) -> None:
    # The public registry's exports hold no personal data and say so themselves.
    response = client.get(reverse("registry:export-json"))
    assert "public" in response.headers["Cache-Control"]
    assert "no-store" not in response.headers["Cache-Control"]


def test_htmx_injects_no_style_and_runs_no_strings_as_code(client: Client) -> None:
    body = client.get(reverse("home")).content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", body)
    assert meta is not None
    config = json.loads(meta.group(1))
    # Its indicator style would be an inline <style>; the rules live in portal.css instead.
    assert config["includeIndicatorStyles"] is False
    assert ".htmx-indicator" in (settings.BASE_DIR / "static/css/portal.css").read_text()
    # hx-on, js: values and trigger filters would need 'unsafe-eval'; scripts inside swapped
    # fragments would be inline script.
    assert config.get("allowEval") is False
    assert config.get("allowScriptTags") is False


def test_printable_and_public_verification_pages_pass_the_policy(
    client: Client, client_for: ClientFor
) -> None:
    request, applicant, officer = make_request(RecognitionRequest.Status.DECIDED)
    decision = request.decisions.get()
    # The printable decision carries an inline SVG QR code, drawn on the server.
    print_url = reverse("recognition:decision-print", args=[request.pk, decision.pk])
    assert_page_is_clean(client_for(officer), print_url)
    assert "<svg" in client_for(applicant).get(print_url).content.decode()
    assert_page_is_clean(client, reverse("verify", args=[decision.verification_code]))
