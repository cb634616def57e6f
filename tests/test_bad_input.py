"""Ordinary bad input is a 400 or 404 naming what was wrong, never a server error.

Numbers beyond what the database holds crashed queries (SQLite: OverflowError, PostgreSQL:
DataError "value out of range"). These tests hold every interface to the shared bounds: the
``id`` path converter, bounded API integers (visible in the OpenAPI schema), and the checks on
query strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.models import User
from core.bounds import INT64_MAX, IdConverter
from tests.clients import ApiClientFor, ClientFor
from tests.test_architecture import PROJECT_APPS as ARCHITECTURE_APPS

pytestmark = pytest.mark.django_db
BIG = 10**20
# The project's own modules: its apps and its configuration.
PROJECT_APPS = ("smp_portal", *ARCHITECTURE_APPS)
# Paginators: Django's Paginator answers a page beyond the last with 404 and clamps page_size.
PAGINATION = {"page", "page_size", "cursor"}


# --- Routes -----------------------------------------------------------------------------------
def _routes(
    resolver: URLResolver, prefix: str = "", converters: dict[str, Any] | None = None
) -> Iterator[tuple[str, URLPattern, dict[str, Any]]]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route, found)
        else:
            yield route, pattern, found


def _project_routes() -> list[tuple[str, URLPattern, dict[str, Any]]]:
    return [
        (route, pattern, converters)
        for route, pattern, converters in _routes(get_resolver())
        if pattern.lookup_str.split(".")[0] in PROJECT_APPS
    ]


def test_every_project_route_takes_numbers_through_the_bounded_id_converter() -> None:
    routes = _project_routes()
    assert len(routes) > 100
    unbounded = [
        route
        for route, _pattern, converters in routes
        if any(isinstance(c, IntConverter) for c in converters.values())
    ]
    assert unbounded == [], "use <id:...>, not <int:...>"
    assert any(isinstance(c, IdConverter) for _r, _p, cs in routes for c in cs.values())


def test_the_id_converter_refuses_what_no_record_can_have() -> None:
    converter = IdConverter()
    assert converter.to_python(str(INT64_MAX)) == INT64_MAX
    for value in ("0", str(INT64_MAX + 1), str(BIG)):
        with pytest.raises(ValueError, match="record id"):
            converter.to_python(value)


# --- The API schema ---------------------------------------------------------------------------
@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = _schema()["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _inputs(
    node: dict[str, Any], where: str, kind: str, seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, schema) of every value of type ``kind`` a client may send inside ``node``."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen = seen | {name}
        node = _resolve(node)
    for key in ("oneOf", "allOf", "anyOf"):
        for option in node.get(key, []):
            yield from _inputs(option, where, kind, seen)
    if node.get("type") == kind and not node.get("readOnly"):
        yield where, node
    if node.get("type") == "array":
        yield from _inputs(node.get("items", {}), f"{where}[]", kind, seen)
    for name, child in node.get("properties", {}).items():
        if not child.get("readOnly"):
            yield from _inputs(child, f"{where}.{name}", kind, seen)


def _integers(node: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    return _inputs(node, where, "integer")


def _strings(node: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    return _inputs(node, where, "string")


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":
                yield path, method, operation


def _api_integer_inputs() -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for path, method, operation in _operations():
        for parameter in operation.get("parameters", []):
            if parameter["in"] in ("query", "path") and parameter["name"] not in PAGINATION:
                where = f"{method.upper()} {path} {parameter['in']} {parameter['name']}"
                found.extend(_integers(parameter.get("schema", {}), where))
        for content in operation.get("requestBody", {}).get("content", {}).values():
            found.extend(_integers(content["schema"], f"{method.upper()} {path} body"))
    return found


def test_every_integer_the_api_takes_is_bounded_to_what_the_database_holds() -> None:
    inputs = _api_integer_inputs()
    assert len(inputs) > 50
    unbounded = [
        where
        for where, schema in inputs
        if "enum" not in schema
        and not (
            isinstance(schema.get("minimum"), int)
            and isinstance(schema.get("maximum"), int)
            and -(2**63) <= schema["minimum"] <= schema["maximum"] <= INT64_MAX
        )
    ]
    assert unbounded == [], f"{len(unbounded)} unbounded integer inputs"


# --- Numbers beyond 64 bits, sent to the API -----------------------------------------------------
Caller = Callable[[str, str], tuple[User, dict[str, Any]]]


@pytest.fixture
def callers(make_member: Callable[..., User]) -> Caller:
    """``(user, body)`` for ``method path``: a role whose call reaches input validation (anyone
    else is refused first), and what the body needs to get that far."""
    from accounts.tests.factories import UserFactory
    from migrants.tests.factories import migrant_with_profile
    from training.tests.factories import make_setting

    def caller(method: str, path: str) -> tuple[User, dict[str, Any]]:
        if path == "/api/v1/migrants/me/" and method == "post":
            return UserFactory.create(), {}
        if path == "/api/v1/training/cohorts/" and method == "post":
            setting = make_setting()  # the programme is authorised before the rest is read
            return setting.staff, {"programme": setting.programme.pk}
        if path.startswith("/api/v1/recognition/requests/assign/"):
            return make_member("recognition_authority", "DE"), {}
        if path.startswith(("/api/v1/migrants/me/", "/api/v1/recognition/")):
            return migrant_with_profile()[0], {}
        if path.startswith(("/api/v1/training/", "/api/v1/migrants/profiles/")):
            return make_member("training_provider", "MA"), {}
        if path.startswith(("/api/v1/employers/", "/api/v1/matching/")):
            return make_member("employer", "BE"), {}
        return make_member("national_government", "BE"), {}

    return caller


def _query_integers() -> list[tuple[str, str]]:
    return [
        (path, parameter["name"])
        for path, method, operation in _operations()
        if method == "get" and "{" not in path
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
        and parameter["name"] not in PAGINATION
        and any(True for _ in _integers(parameter.get("schema", {}), ""))
    ]


def _body_integers() -> list[tuple[str, str, str]]:
    found = []
    for path, method, operation in _operations():
        if "{" in path or method not in ("post", "put", "patch"):
            continue
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        for where, _schema in _integers(content["application/json"]["schema"], ""):
            found.append((f"{method.upper()} {path}", where.lstrip("."), path))
    return found


@pytest.mark.parametrize(("path", "name"), _query_integers())
def test_integer_query_parameters_beyond_64_bits_are_a_400_naming_them(
    path: str,
    name: str,
    callers: Caller,
    api_client_for: ApiClientFor,
) -> None:
    user, _body = callers("get", path)
    response = api_client_for(user).get(path, {name: str(BIG)})
    assert response.status_code == 400, (path, name, response.status_code, response.content)
    assert name in response.json(), response.json()


@pytest.mark.parametrize(("operation", "where", "path"), _body_integers())
def test_integers_beyond_64_bits_in_a_body_are_a_400_naming_the_field(
    operation: str,
    where: str,
    path: str,
    callers: Caller,
    api_client_for: ApiClientFor,
) -> None:
    """The body holds the absurd number and little else; the 400 must name its field."""
    *parents, leaf = where.split(".")
    value: Any = [BIG] if leaf.endswith("[]") else BIG
    body: dict[str, Any] = {leaf.removesuffix("[]"): value}
    for parent in reversed(parents):
        body = {parent.removesuffix("[]"): [body] if parent.endswith("[]") else body}
    method = operation.split()[0].lower()
    user, needed = callers(method, path)
    response = getattr(api_client_for(user), method)(path, {**needed, **body}, format="json")
    assert response.status_code == 400, (operation, where, response.status_code, response.content)
    assert where.split(".")[0].removesuffix("[]") in response.json(), response.json()


@pytest.mark.parametrize(
    ("path", "method"),
    sorted(
        (path, method)
        for path, method, operation in _operations()
        if any(
            parameter["in"] == "path" and parameter.get("schema", {}).get("type") == "integer"
            for parameter in operation.get("parameters", [])
        )
    ),
)
def test_ids_beyond_64_bits_in_an_api_path_are_a_404(
    path: str, method: str, callers: Caller, api_client_for: ApiClientFor
) -> None:
    """Each id of the path in turn is 10**20 (the others 1): no route matches it."""
    client = api_client_for(callers(method, path)[0])
    names = [p["name"] for p in _schema()["paths"][path][method]["parameters"] if p["in"] == "path"]
    for big in names:
        url = path
        for name in names:
            url = url.replace("{" + name + "}", str(BIG) if name == big else "1")
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 404, (method, url, response.status_code)


# --- NUL characters -----------------------------------------------------------------------------
# PostgreSQL cannot hold or compare text with NUL ("A string literal cannot contain NUL (0x00)
# characters"): each of these reached a query and was a 500 there.
NUL_IN_QUERY = [
    "/api/v1/taxonomy/occupations/",
    "/api/v1/taxonomy/skills/",
    "/reference/",
    "/migrants/intake/",
]


@pytest.mark.parametrize("path", NUL_IN_QUERY)
def test_a_nul_character_in_the_query_string_is_a_400(path: str, admin_user: User) -> None:
    client = APIClient()
    client.force_login(admin_user)
    response = client.get(path, {"q": "a\x00b"})
    assert response.status_code == 400, (path, response.status_code)
    if path.startswith("/api/"):
        assert response.json()["field"] == "q"


def test_a_nul_character_in_the_path_is_a_400(admin_user: User) -> None:
    client = APIClient()
    client.force_login(admin_user)
    assert client.get("/api/v1/verify/AB%00CD/").status_code == 400
    assert client.get("/verify/AB%00CD/").status_code == 400


def test_a_nul_character_in_a_form_body_is_a_400(admin_user: User, client_for: ClientFor) -> None:
    response = client_for(admin_user).post("/migrants/intake/new/", {"given_names": "A\x00"})
    assert response.status_code == 400


# --- Text longer than its column ----------------------------------------------------------------
# A valid address of 312 characters: RFC 3696 allows 320, the column holds 254. PostgreSQL
# failed the write (DataError "value too long"), SQLite stored it.
LONG_EMAIL = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"


def test_an_email_longer_than_its_column_is_a_400_naming_it_api(
    api_client_for: ApiClientFor,
) -> None:
    from accounts.models import Organisation
    from accounts.tests.factories import OrganisationFactory
    from migrants.tests.factories import migrant_with_profile
    from partnerships.tests.factories import make_partnership

    user, profile = migrant_with_profile()
    response = api_client_for(user).patch(
        "/api/v1/migrants/me/", {"contact_email": LONG_EMAIL}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "contact_email" in response.json()
    profile.refresh_from_db()
    assert profile.contact_email != LONG_EMAIL

    partnership = make_partnership()
    officer = partnership.members.get().organisation.memberships.get().user
    union = OrganisationFactory.create(kind=Organisation.Kind.TRADE_UNION, country_id="BE")
    response = api_client_for(officer).post(
        f"/api/v1/partnerships/{partnership.pk}/members/",
        {"organisation": union.pk, "role": "trade_union", "contact_email": LONG_EMAIL},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "contact_email" in response.json()


def test_an_email_longer_than_its_column_is_refused_on_the_form(
    client_for: ClientFor,
) -> None:
    from migrants.tests.factories import migrant_with_profile

    user, profile = migrant_with_profile()
    response = client_for(user).post(
        "/migrants/profile/contact/",
        {"contact_email": LONG_EMAIL, "phone": "+212612345678", "country_of_residence": "MA"},
    )
    assert response.status_code == 200
    assert "contact_email" in response.context["form"].errors
    profile.refresh_from_db()
    assert profile.contact_email != LONG_EMAIL


def _project_forms() -> list[type[Any]]:
    import importlib

    from django import forms

    for module in PROJECT_APPS:
        try:
            importlib.import_module(f"{module}.forms")
        except ModuleNotFoundError:
            continue
    found, todo = [], list(forms.Form.__subclasses__())
    while todo:
        form = todo.pop()
        todo.extend(form.__subclasses__())
        if form.__module__.split(".")[0] in PROJECT_APPS:
            found.append(form)
    return found


def test_every_email_input_fits_its_column() -> None:
    from django import forms

    api = [
        where
        for path, method, operation in _operations()
        for content in operation.get("requestBody", {}).get("content", {}).values()
        for where, schema in _strings(content["schema"], f"{method.upper()} {path}")
        if schema.get("format") == "email" and not 0 < schema.get("maxLength", 0) <= 254
    ]
    html = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.EmailField) and not 0 < (field.max_length or 0) <= 254
    ]
    assert api == []
    assert html == []


# --- Numbers beyond their column, sent through the pages ------------------------------------------
def _is_bounded(low: Any, high: Any) -> bool:
    return isinstance(low, int) and isinstance(high, int) and -(2**63) <= low <= high <= INT64_MAX


def test_every_integer_a_form_takes_is_bounded() -> None:
    from django import forms

    unbounded = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.IntegerField)
        and not isinstance(field, forms.DecimalField)
        and not _is_bounded(field.min_value, field.max_value)
    ]
    assert unbounded == []


@pytest.mark.parametrize("value", [str(BIG), str(2**31)])
def test_a_target_beyond_its_column_is_refused_on_the_form(
    value: str, client_for: ClientFor
) -> None:
    from partnerships.tests.factories import make_partnership

    partnership = make_partnership()
    officer = partnership.members.get().organisation.memberships.get().user
    response = client_for(officer).post(
        f"/partnerships/{partnership.pk}/targets/",
        {
            "target-year": 2027,
            "target-people_to_train": value,
            "target-home_track_placements": 0,
            "target-away_track_placements": 0,
        },
    )
    assert response.status_code == 200
    assert set(response.context["target_form"].errors) == {"people_to_train"}
    assert not partnership.targets.exists()


def test_a_cohort_capacity_beyond_its_column_is_refused_on_the_form(
    client_for: ClientFor,
) -> None:
    from training.tests.factories import make_setting

    setting = make_setting()
    response = client_for(setting.staff).post(
        f"/training/programmes/{setting.programme.pk}/cohorts/new/",
        {"code": "X-1", "starts_on": "2027-02-01", "ends_on": "2027-07-31", "capacity": str(BIG)},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"capacity"}
    assert not setting.programme.cohorts.exists()


# --- Ids read straight from a page's form ---------------------------------------------------------
def test_whole_number_takes_only_ascii_digits_within_its_range() -> None:
    from core.bounds import record_ids, whole_number

    assert whole_number("12") == 12
    assert whole_number(" 8 ", 0, 8) == 8
    for odd in ("", None, "-1", "1.5", "²", "\u0661", "abc", str(BIG), "9", "0x1"):
        assert whole_number(odd, 0, 8) is None, odd
    assert record_ids(["3", "0", "3", "²", str(BIG), str(INT64_MAX)]) == [3, INT64_MAX]


ODD_IDS = ["²", str(BIG)]


@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_request_ids_in_the_assign_form_are_ignored(odd: str, client_for: ClientFor) -> None:
    from recognition.tests.factories import authority

    _organisation, officer = authority()
    response = client_for(officer).post(
        "/recognition/assign/", {"requests": [odd], "officer": officer.pk}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_enrolment_ids_in_the_cohort_forms_are_ignored(odd: str, client_for: ClientFor) -> None:
    from training.tests.factories import make_cohort, make_setting

    setting = make_setting()
    cohort = make_cohort(setting)
    client = client_for(setting.staff)
    bulk = client.post(
        f"/training/cohorts/{cohort.pk}/enrolments/bulk/",
        {"bulk-action": "select", "enrolments": [odd]},
    )
    assert bulk.status_code == 302
    add = client.post(f"/training/cohorts/{cohort.pk}/enrolments/add/", {"add-profile": odd})
    assert add.status_code in (200, 302, 400)


@pytest.mark.parametrize("target", ["-1", "pool", str(BIG), "https://evil.example/"])
def test_a_next_page_that_is_no_path_here_falls_back(target: str, client_for: ClientFor) -> None:
    """``next`` after shortlisting: a bare word was taken for a URL name (NoReverseMatch, 500)."""
    from employers.tests.factories import creator, open_vacancy

    vacancy = open_vacancy()
    response = client_for(creator(vacancy)).post(
        f"/employers/vacancies/{vacancy.pk}/pool/shortlist/",
        {"pseudonym": "P-NOBODY", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/employers/vacancies/{vacancy.pk}/pool/"


# --- Bodies of the wrong shape --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "method"),
    sorted(
        (path, method)
        for path, method, operation in _operations()
        if "{" not in path
        and "application/json" in operation.get("requestBody", {}).get("content", {})
    ),
)
@pytest.mark.parametrize("raw", ["{", "[]", '"text"', "null", '[{"a": 1}]'])
def test_a_json_body_of_the_wrong_shape_is_a_400(
    path: str, method: str, raw: str, callers: Caller, api_client_for: ApiClientFor
) -> None:
    client = api_client_for(callers(method, path)[0])
    response = getattr(client, method)(path, raw, content_type="application/json")
    assert response.status_code == 400, (method, path, raw, response.status_code)


def _page_routes_with_ids() -> list[str]:
    return sorted(
        "/" + route
        for route, pattern, converters in _project_routes()
        if not route.startswith("api/")
        and any(isinstance(c, IdConverter) for c in converters.values())
    )


@pytest.mark.parametrize("route", _page_routes_with_ids())
def test_ids_beyond_64_bits_in_a_page_path_are_a_404(
    route: str, admin_user: User, client_for: ClientFor
) -> None:
    import re

    url = re.sub(r"<id:\w+>", str(BIG), route)
    url = re.sub(r"<\w+:\w+>", "x", url)
    client = client_for(admin_user)
    assert client.get(url).status_code == 404, url
    assert client.post(url).status_code == 404, url
