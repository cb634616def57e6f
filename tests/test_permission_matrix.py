"""The permission matrix: every route, tried by every kind of user, on an own and a foreign record.

The routes come from the URL resolver (pages and API alike; the route inventory makes sure each
declares its access), so a new route takes its place here without anyone adding it. What each
user should get is written below as policy, independently of the code it checks:

- ``GATES``: which kinds of user each declared access lets through (others: 403; a visitor who
  is not signed in is sent to sign in, or gets 401 from the API);
- ``SEES`` / ``CHANGES``: which kinds of user see, and may change, a record of their own side
  (tests/matrix_world.py builds two sides, A and B; side B's users are strangers to side A's
  records). A record the user may not see answers 404, exactly like one that does not exist; a
  record they see but may not change answers 403 to a change.

A route about no record is tried once per user; a route about a record, on side A's and side B's.
The roles are those the issue names: anonymous, migrant and other migrant, officers of a member
and of a non-member government, recognition officers of this and of another authority, provider
staff of this and another provider, employer staff of this and another employer, a licensed
recruitment agency, and an administrator.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, get_resolver, path, reverse
from rest_framework.parsers import JSONParser
from rest_framework.throttling import SimpleRateThrottle

from accounts.permissions import OWN_ACCOUNT, OWN_API_TOKEN, OWN_API_TOKENS, OWN_ORGANISATIONS
from core.access import PUBLIC, SIGNED_IN, Access
from employers import permissions as employers
from matching import permissions as matching
from migrants import permissions as migrants
from partnerships import permissions as partnerships
from partnerships.models import Partnership
from recognition import permissions as recognition
from smp_portal import urls as portal_urls
from smp_portal.urls import THIRD_PARTY_ACCESS
from taxonomy.models import Occupation
from taxonomy.permissions import REFERENCE_READERS
from tests.matrix_world import World, build_world
from tests.test_route_inventory import _routes, declared_access
from training import permissions as training

pytestmark = pytest.mark.django_db

# role -> (kind of user, side); the names are those the printed table uses.
ROLES: dict[str, tuple[str, str]] = {
    "anonymous": ("anonymous", ""),
    "migrant": ("migrant", "A"),
    "other migrant": ("migrant", "B"),
    "officer of a member government": ("officer", "A"),
    "officer of a non-member government": ("officer", "B"),
    "recognition officer of this authority": ("recognition", "A"),
    "recognition officer of another authority": ("recognition", "B"),
    "provider staff": ("provider", "A"),
    "staff of another provider": ("provider", "B"),
    "employer staff": ("employer", "A"),
    "staff of another employer": ("employer", "B"),
    "recruitment agency": ("agency", ""),
    "administrator": ("admin", ""),
}
EVERYONE = frozenset(
    {"migrant", "officer", "recognition", "provider", "employer", "agency", "admin"}
)
ORGANISATION_STAFF = frozenset({"officer", "recognition", "provider", "employer", "agency"})

# Who each declared access lets through, by kind of user.
GATES: dict[str, frozenset[str]] = {
    PUBLIC.name: EVERYONE,
    SIGNED_IN.name: EVERYONE,
    THIRD_PARTY_ACCESS["allauth."].name: EVERYONE,
    THIRD_PARTY_ACCESS["django.contrib.admin."].name: frozenset({"admin"}),
    OWN_ACCOUNT.name: EVERYONE,
    OWN_ORGANISATIONS.name: EVERYONE,
    OWN_API_TOKENS.name: EVERYONE,
    OWN_API_TOKEN.name: EVERYONE,
    REFERENCE_READERS.name: EVERYONE,
    partnerships.PARTNERSHIP_READERS.name: EVERYONE,
    partnerships.PARTNERSHIP_MEMBERS.name: EVERYONE,
    partnerships.PARTNERSHIP_CREATORS.name: frozenset({"officer", "admin"}),
    employers.RECRUITERS.name: frozenset({"employer", "agency"}),
    employers.INTEREST_PAGE.name: frozenset({"employer", "agency", "migrant"}),
    employers.CANDIDATES.name: frozenset({"migrant"}),
    employers.PARTNERSHIP_OFFICERS.name: frozenset({"officer", "admin"}),
    matching.RUN_STARTERS.name: frozenset({"employer", "agency", "admin"}),
    matching.JOB_SEEKERS.name: frozenset({"migrant"}),
    training.TRAINING_READERS.name: ORGANISATION_STAFF,
    # An employer may run its own academy (training.permissions.PROVIDER_KINDS).
    training.TRAINING_PROVIDERS.name: frozenset({"provider", "employer"}),
    training.ENROLMENT_READERS.name: EVERYONE,
    training.CERTIFICATE_READERS.name: EVERYONE,
    training.CERTIFICATE_PRINT.name: EVERYONE,
    training.TRAINEES.name: frozenset({"migrant"}),
    recognition.FINDER_USERS.name: EVERYONE,
    recognition.RECOGNITION_USERS.name: frozenset({"migrant", "recognition"}),
    recognition.APPLICANTS.name: frozenset({"migrant"}),
    recognition.REQUEST_PARTIES.name: frozenset({"migrant", "recognition"}),
    recognition.AUTHORITY_STAFF.name: frozenset({"recognition"}),
    recognition.AUTHORITY_OFFICERS.name: frozenset({"recognition"}),
    recognition.DECISION_VERIFICATION.name: EVERYONE,
    migrants.OWN_PROFILE.name: frozenset({"migrant"}),
    migrants.PROFILE_READERS.name: frozenset({"migrant", "officer", "recognition", "provider"}),
    migrants.PROFILE_EDITORS.name: frozenset({"migrant", "officer", "provider"}),
    migrants.PROFILE_STAFF.name: frozenset({"officer", "recognition", "provider"}),
    migrants.INTAKE_STAFF.name: frozenset({"officer", "provider"}),
    migrants.INTAKE_REGISTRARS.name: frozenset({"officer", "provider"}),
    migrants.COUNSELLORS.name: frozenset({"officer", "provider"}),
    migrants.DUPLICATE_REVIEWERS.name: frozenset({"officer", "provider", "admin"}),
    migrants.PASSPORT_LINK_HOLDERS.name: EVERYONE,
}


@dataclass(frozen=True)
class Rule:
    """Who sees a record of their own side, who may read what the route shows of it (when that
    is narrower: personal data), and who may change it."""

    sees: frozenset[str]
    changes: frozenset[str]
    reads: frozenset[str] | None = None


def _rule(sees: str, changes: str = "", reads: str | None = None) -> Rule:
    return Rule(
        frozenset(sees.split()),
        frozenset(changes.split()),
        frozenset(reads.split()) if reads is not None else None,
    )


# What each record is, by the scope helper its routes declare; the record's own side's users.
PARTNERSHIP = _rule("officer provider employer admin", "officer admin")
SCOPES: dict[str, tuple[str, Rule]] = {
    "partnerships.permissions.get_partnership_for_user": ("partnership", PARTNERSHIP),
    # The authority the person shared a qualification with reads the profile; the counselling
    # provider and the person change it.
    "migrants.permissions.get_profile_for_user": (
        "profile",
        _rule("migrant provider recognition", "migrant provider"),
    ),
    "migrants.permissions.own_profile": ("profile", _rule("migrant", "migrant")),
    "migrants.permissions.get_duplicate_flag_for_user": (
        "duplicate_flag",
        _rule("provider admin", "provider admin"),
    ),
    "migrants.passport.services.shared_passport": ("share_token", _rule("anyone", "")),
    "recognition.permissions.get_request_for_user": (
        "request",
        _rule("migrant recognition", "migrant recognition"),
    ),
    "recognition.permissions.get_decision_for_user": (
        "decision",
        _rule("migrant recognition", "recognition"),
    ),
    "training.permissions.get_programme_for_user": (
        "programme",
        _rule("provider officer employer", "provider"),
    ),
    "training.permissions.get_cohort_for_user": (
        "cohort",
        _rule("provider officer employer", "provider"),
    ),
    "training.permissions.get_enrolment_for_user": (
        "enrolment",
        _rule("provider officer employer migrant", "provider"),
    ),
    "training.permissions.get_certificate_for_user": (
        "certificate",
        _rule("provider officer employer", "provider"),
    ),
    "training.permissions.get_import_for_user": (
        "participant_import",
        _rule("provider officer employer", "provider"),
    ),
    "employers.permissions.get_vacancy_for_user": ("vacancy", _rule("employer", "employer")),
    "employers.permissions.get_interest_for_user": (
        "interest",
        _rule("employer migrant", "employer migrant"),
    ),
    "employers.permissions.get_saved_search_for_user": (
        "saved_search",
        _rule("employer", "employer"),
    ),
    "matching.selectors.run_for_user": ("run", _rule("employer admin", "employer admin")),
    "accounts.permissions.get_api_token_for_user": ("token", _rule("migrant", "migrant")),
}

# Pages that are a form for a change: even their GET is for those who may make it.
FORM_PAGE = re.compile(
    r"/(new|edit|add|erase|claim|handover|review|decide|resubmit|appeal|ask-information|assign|"
    r"bulk|track|progress|outcome|hire|cohorts/new)/$"
)
# A change, not a read: the routes whose last word is a verb (or a form for one).
WRITE_ROUTE = re.compile(
    r"/(new|edit|add|remove|delete|revoke|withdraw|actions?/<[^>]+>|void|confirm|cancel|erase|"
    r"claim|handover|review|decide|resubmit|appeal|ask-information|assign|import|bulk|track|"
    r"progress|outcome|hire|shortlist|run|searches|messages|submit|select|reject|enrol|complete|"
    r"drop-out|certify|publish|archive|open-recruitment|pause-recruitment|start|open|"
    r"back-to-draft|mark-filled|reopen|close|express|interview|offer|not-selected|accept|"
    r"decline|start-negotiation|return-to-draft|activate|suspend|resume|conclude|"
    r"start-screening|start-assessment|generate|deactivate|set)/$"
)
# A move each entity's routes take (any move: the matrix asks who may try, not what happens).
MOVES = {
    "partnerships": "suspend",
    "recognition": "withdraw",
    "programmes": "archive",
    "cohorts": "cancel",
    "enrolments": "drop_out",
    "vacancies": "close",
    "interests": "withdraw",
    "mine": "decline",
}
# Where one route's record, or who may change it, differs from its scope's.
ROUTE_RULES: dict[str, tuple[str, Rule]] = {
    # A migrant's own enrolment: the scope is their profile, the record an enrolment.
    r"^training/mine/<id:pk>/$": ("enrolment", _rule("migrant", "")),
    # The printed certificate names its holder: only the provider and the holder (here a person
    # the provider registered in person, who has no account).
    r"^training/certificates/<id:pk>/print/$": ("certificate", _rule("provider", "")),
    # A person with an account decides on their consents themself; counsellors do not.
    r"consents/(<id:consent_(pk|id)>/withdraw/)?$": (
        "profile",
        _rule("migrant provider", "migrant"),
    ),
    # Who the people of a cohort are, and the rows of a participant file, are the provider's:
    # the partnership's members who follow the cohort see neither.
    r"^training/cohorts/<id:pk>/people/$": (
        "cohort",
        _rule("provider officer employer", "provider", reads="provider"),
    ),
    r"^api/v1/training/imports/<id:pk>/(errors|preview)/$": (
        "participant_import",
        _rule("provider officer employer", "provider", reads="provider"),
    ),
    # Withdrawing a recognition request is the applicant's move, not the authority's.
    r"^recognition/<id:pk>/actions/<slug:move>/$": (
        "request",
        _rule("migrant recognition", "migrant"),
    ),
    # The route names the request, then its decision (its declared scope is the decision's).
    r"^recognition/<id:pk>/decisions/<id:decision_pk>/revoke/$": (
        "request",
        _rule("migrant recognition", "recognition"),
    ),
    r"^api/v1/recognition/requests/<id:pk>/(submit|resubmit|withdraw|appeal)/$": (
        "request",
        _rule("migrant recognition", "migrant"),
    ),
    r"^api/v1/recognition/requests/<id:pk>/(start-screening|ask-information|start-assessment|"
    r"decide|close)/$": ("request", _rule("migrant recognition", "recognition")),
}
# Where one method of a route lets fewer through than the route's declared access.
METHOD_GATES: dict[tuple[str, str], frozenset[str]] = {
    # Anyone in an organisation lists the programmes they follow; only a provider (or an
    # employer's academy) registers one.
    ("api/v1/training/programmes/", "post"): frozenset({"provider", "employer"}),
}
# URL values that name no record: a step of a form, a move, a picker, a period.
NOT_RECORDS = {"step", "move", "name", "months", "code", "reference_code"}
# allauth's pages that manage an account (not the sign-in pages): a visitor signs in first.
ACCOUNT_PAGES = re.compile(
    r"^accounts/(reauthenticate|email|password/(change|set)|login/code/confirm|2fa)/"
)
# A picker of each app's forms (its URL names the field it picks for).
PICKERS = {"employers": "occupation", "training": "occupations"}
ENTRY_KINDS = {"education", "skills", "languages", "experience", "qualifications"}


@dataclass(frozen=True)
class Route:
    path: str  # the resolver's pattern, e.g. "partnerships/<id:pk>/edit/"
    access: Access
    api: bool
    methods: tuple[str, ...]
    admin: bool
    multipart: bool = False  # an API upload: its body is a form, not JSON

    @property
    def kwargs(self) -> list[str]:
        """The names of the values in the URL, converters and regex groups alike."""
        return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", self.path)]

    @property
    def scope(self) -> tuple[str, Rule] | None:
        for pattern, special in ROUTE_RULES.items():
            if re.search(pattern, self.path):
                return special
        return SCOPES.get(self.access.scope)

    @property
    def sided(self) -> bool:
        """Whether the route is about a record (of side A or B), not only about the caller."""
        return bool(set(self.kwargs) - NOT_RECORDS) and self.scope is not None and not self.admin


def _methods(pattern: URLPattern, api: bool, path: str) -> tuple[str, ...]:
    if api:
        view_class = getattr(pattern.callback, "cls", None)
        found = tuple(
            m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)
        )
        return found or ("get",)
    return ("get", "post") if WRITE_ROUTE.search(path) else ("get",)


def routes() -> list[Route]:
    found = []
    for route, pattern, namespace in _routes(get_resolver()):
        access = declared_access(pattern, namespace)
        assert access is not None, route  # the route inventory names it
        api = route.startswith("api/v1/")
        parsers = getattr(getattr(pattern.callback, "cls", None), "parser_classes", ())
        multipart = bool(parsers) and JSONParser not in parsers
        methods = _methods(pattern, api, route)
        found.append(Route(route, access, api, methods, namespace == "admin", multipart))
    return found


def _record_pk(route: Route, records: dict[str, Any]) -> Any:
    """The route's own record (``pk``): the kind its scope names."""
    kind = route.scope[0] if route.scope else ""
    path = route.path
    if route.admin:
        return records["partnership"].pk
    if kind == "token":
        return records["tokens"]["migrant"].pk
    if kind == "share_token":
        return records["share_token"]
    if kind:
        return records[kind].pk
    if "/taxonomy/occupations/" in path:
        return Occupation.objects.get(code="2512").pk
    if "/taxonomy/skills/" in path:
        return records["skill_entry"].skill_id
    if "/taxonomy/" in path:
        return _taxonomy_pk(path)
    raise LookupError(f"{path}: no record for its pk")


def _entry(route: Route, records: dict[str, Any]) -> Any:
    """A cost line of a partnership, or an entry of the profile step the path names."""
    if "partnerships" in route.path:
        return records["cost"].pk
    found = re.search(r"(\w+)/<id:entry_", route.path)
    step = found.group(1) if found and found.group(1) in ENTRY_KINDS else "skills"
    profile = records["profile"]
    entries = {
        "education": profile.education,
        "skills": profile.skills,
        "languages": profile.languages,
        "experience": profile.experience,
        "qualifications": profile.qualifications,
    }[step]
    return entries.order_by("pk").first().pk


def _document(route: Route, records: dict[str, Any]) -> Any:
    partnership = "partnerships" in route.path
    return records["partnership_document" if partnership else "qualification_document"].pk


Value = Callable[[Route, dict[str, Any]], Any]


def _named(record: str) -> Value:
    return lambda route, records: records[record].pk


# Each URL value, by its name in the route: what it is in a side's records.
VALUES: dict[str, Value] = {
    "pk": _record_pk,
    "profile_pk": _record_pk,
    "flag_pk": _record_pk,
    "token": _record_pk,
    "member_pk": _named("member"),
    "member_id": _named("member"),
    "entry_pk": _entry,
    "entry_id": _entry,
    "document_pk": _document,
    "document_id": _document,
    "share_pk": _named("share"),
    "share_id": _named("share"),
    "consent_pk": _named("consent"),
    "consent_id": _named("consent"),
    "qualification_pk": _named("qualification"),
    "qualification_id": _named("qualification"),
    "decision_pk": _named("decision"),
    "line_pk": _named("funding_line"),
    "line_id": _named("funding_line"),
    "search_pk": _named("saved_search"),
    "months": lambda route, records: 6,
    "step": lambda route, records: "skills",
    "move": lambda route, records: next(m for w, m in MOVES.items() if f"{w}/" in route.path),
    "name": lambda route, records: (
        "occupation" if route.path[:10] == "employers/" else "occupations"
    ),
    "reference_code": lambda route, records: records["partnership"].reference_code,
    "code": lambda route, records: (
        records["decision"].verification_code if "verify" in route.path else "2512"
    ),
    "pseudonym": lambda route, records: records["vacancy"].candidate_code(records["profile"].pk),
    # The admin site's and allauth's own: any value (the matrix asks who gets in, not what).
    "object_id": _named("partnership"),
    "app_label": lambda route, records: "partnerships",
    **dict.fromkeys(("content_type_id", "key", "uidb36", "url", "id"), lambda route, records: "x1"),
}


def fill(route: Route, world: World, side: str) -> dict[str, str]:
    """The URL's values for ``route`` about side ``side``'s records."""
    records = world.sides[side].records
    return {name: str(VALUES[name](route, records)) for name in route.kwargs}


def _taxonomy_pk(path: str) -> str:
    for segment, value in (
        ("countries", "MA"),
        ("languages", "fr"),
        ("currencies", "EUR"),
        ("isco-groups", "2512"),
        ("occupations", "2512"),
        ("isced-levels", "6"),
        ("isced-fields", "061"),
        ("cefr-levels", "B2"),
        ("gcm-objectives", "5"),
        ("sdg-targets", "10.7"),
        ("sectors", "ict"),
    ):
        if f"/{segment}/" in path:
            return value
    raise LookupError(f"{path}: which taxonomy?")


def url_of(route: Route, values: dict[str, str]) -> str:
    path = route.path
    for name, value in values.items():
        path = re.sub(rf"\(\?P<{name}>[^)]*\)", value, path)
        path = re.sub(rf"<(?:\w+:)?{name}>", value, path)
    return "/" + path.replace("^", "").replace("$", "")


# What a case may answer: through the door (any answer of the route's own: a page, a redirect,
# a validation error, a refused move), sent to sign in, refused (403), or not found (404).
THROUGH = "through"
SIGN_IN = "sign in"
REFUSED = "403"
NOT_FOUND = "404"


def gate(route: Route, method: str) -> frozenset[str]:
    """The kinds of user the route's declared access lets through for ``method``."""
    return METHOD_GATES.get((route.path, method), GATES[route.access.name])


def expected(route: Route, role: str, side: str, method: str) -> frozenset[str]:
    """The answers the policy allows ``role`` for ``method`` on ``route`` about side ``side``."""
    kind, own_side = ROLES[role]
    if route.admin:
        # The site's own pages: the administrator gets through, or is refused a change where
        # its model is read-only, or finds no such object; everyone else is sent to sign in as
        # staff (or refused, once signed in).
        if kind == "admin":
            return frozenset({THROUGH, REFUSED, NOT_FOUND})
        if route.path == "admin/logout/":
            return frozenset({THROUGH, SIGN_IN})
        return frozenset({SIGN_IN} if kind == "anonymous" else {SIGN_IN, REFUSED})
    if ACCOUNT_PAGES.search(route.path):
        # allauth's account pages: sign in first; then re-authenticate for the sensitive ones,
        # and "not found" where there is nothing to manage (no authenticator yet).
        if kind == "anonymous":
            return frozenset({SIGN_IN})
        return frozenset({THROUGH, SIGN_IN, NOT_FOUND})
    return frozenset({_expected(route, kind, own_side, side, method)})


def _expected(route: Route, kind: str, own_side: str, side: str, method: str) -> str:
    access = route.access
    if kind == "anonymous":
        if not access.login:
            return THROUGH if route.scope is None or route.scope[0] == "share_token" else SIGN_IN
        return SIGN_IN
    if kind not in gate(route, method):
        return REFUSED
    scoped = route.scope
    if scoped is None or not side:
        return THROUGH
    _, rule = scoped
    if "anyone" in rule.sees:
        return THROUGH
    sees = kind in rule.sees and (own_side == side or kind == "admin")
    if not sees:
        return NOT_FOUND
    write = method != "get" or (not route.api and bool(FORM_PAGE.search(route.path)))
    if write and kind not in rule.changes:
        return REFUSED
    if rule.reads is not None and kind not in rule.reads:
        return REFUSED
    return THROUGH


def outcome(route: Route, response: Any) -> str:
    status = response.status_code
    if status == 401:
        return SIGN_IN
    if status == 302:
        location = response["Location"]
        sign_in = (reverse("account_login"), "/admin/login/", "/accounts/2fa/", "/accounts/reauth")
        if location.startswith(sign_in):
            return SIGN_IN
    if status in (403, 404):
        return str(status)
    if status >= 500:
        return f"server error {status}"
    return THROUGH


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    # Thousands of refusals, each logged as a warning, would bury a failure's report.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Throttling has its own tests (tests/test_api_errors.py); here it would only cut the run.
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


def _clients(world: World) -> dict[str, Client]:
    clients = {}
    for role, (kind, side) in ROLES.items():
        client = Client(raise_request_exception=False)
        user = world.user(kind if not side else f"{side}:{kind}")
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def cases(route: Route) -> Iterator[tuple[str, str, str]]:
    """(role, side of the record, method) for every case of ``route``."""
    for role, (kind, _) in ROLES.items():
        for method in route.methods:
            # Refused at the door whatever the record: one case is enough.
            at_the_door = kind == "anonymous" or kind not in gate(route, method)
            for side in (
                ("A", "B") if route.sided and not at_the_door else ("A" if route.sided else "",)
            ):
                yield role, side, method


def run_matrix(world: World, chosen: Callable[[Route], bool]) -> tuple[int, list[str]]:
    clients = _clients(world)
    count = 0
    wrong = []
    for route in routes():
        if not chosen(route):
            continue
        for role, side, method in cases(route):
            values = fill(route, world, side or "A")
            url = url_of(route, values)
            want = expected(route, role, side, method)
            send = getattr(clients[role], method)
            with transaction.atomic():
                if method == "get" or not route.api or route.multipart:
                    response = send(url)
                else:
                    response = send(url, {}, content_type="application/json")
                transaction.set_rollback(True)
            got = outcome(route, response)
            count += 1
            # A page that takes only POST answers GET with 405 before anything else: it tells
            # nobody anything.
            if got not in want and not (method == "get" and response.status_code == 405):
                on_side = f" on side {side}" if side else ""
                wrong.append(
                    f"{method.upper()} {url} as {role}{on_side}: {got}, expected "
                    f"{' or '.join(sorted(want))} [{response.status_code}]"
                )
    return count, wrong


GROUPS: dict[str, Callable[[Route], bool]] = {
    "pages": lambda r: not r.api and not r.admin,
    "api": lambda r: r.api,
    "admin": lambda r: r.admin,
}


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_route_answers_every_role_as_the_policy_says(world: World, group: str) -> None:
    count, wrong = run_matrix(world, GROUPS[group])
    print(f"\n{group}: {count} cases, {len(wrong)} answered otherwise")
    report = os.environ.get("MATRIX_REPORT")
    if report:
        Path(f"{report}-{group}.txt").write_text("\n".join(wrong) + "\n")
    assert count > 300
    assert wrong == []


@partnerships.PARTNERSHIP_MEMBERS
def _leaky_partnership_page(request: HttpRequest, pk: int) -> HttpResponse:
    # Declares the members' access but looks the partnership up unscoped: the bug the matrix
    # is there to catch.
    return HttpResponse(Partnership.objects.get(pk=pk).title)


urlpatterns = [
    path("leak/partnerships/<id:pk>/", _leaky_partnership_page),
    *portal_urls.urlpatterns,
]


@pytest.mark.urls(__name__)
def test_a_route_that_shows_a_foreign_record_is_caught(world: World) -> None:
    count, wrong = run_matrix(world, lambda route: route.path.startswith("leak/"))
    assert count == 25  # 12 signed-in roles on two sides, and the visitor
    side_a, side_b = (world.sides[s].records["partnership"].pk for s in ("A", "B"))
    assert (
        f"GET /leak/partnerships/{side_a}/ as officer of a non-member government on side A: "
        "through, expected 404 [200]"
    ) in wrong
    leaked_b = f"GET /leak/partnerships/{side_b}/ as migrant on side B: through, expected 404 [200]"
    assert leaked_b in wrong
