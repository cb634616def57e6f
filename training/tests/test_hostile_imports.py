"""Hostile participant files, through the import page and the API: refused with the reason
shown, no import row (the file's content is stored on that row), never a server error."""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests import hostile_files as hostile
from training.imports import COLUMNS, EXAMPLE_ROW
from training.models import Cohort, ParticipantImport
from training.tests.factories import Setting

pytestmark = pytest.mark.django_db

ROWS = [list(COLUMNS), list(EXAMPLE_ROW)]
HOSTILE = [
    pytest.param("people.xlsx", lambda: hostile.xlsx_with_macros(ROWS), "macros", id="xlsx-macros"),
    pytest.param("people.xlsx", lambda: hostile.xlsx_zip_bomb(ROWS), "unpacks to", id="zip-bomb"),
    pytest.param("people.csv", lambda: hostile.EICAR, "The virus check found", id="eicar-csv"),
    pytest.param("people.txt", lambda: hostile.EICAR, "The virus check found", id="eicar-txt"),
    pytest.param(
        "people.csv",
        lambda: ",".join(COLUMNS).encode() + b"\n" + hostile.EICAR + b"\n",
        "The virus check found",
        id="eicar-in-a-row",
    ),
]


@pytest.mark.parametrize(("name", "builder", "message"), HOSTILE)
def test_provider_cannot_import_a_hostile_file_through_the_page(
    setting: Setting,
    cohort: Cohort,
    client_for: Callable[[User], Client],
    name: str,
    builder: Callable[[], bytes],
    message: str,
) -> None:
    response = client_for(setting.staff).post(
        reverse("training:import-create", args=[cohort.pk]),
        {"file": SimpleUploadedFile(name, builder())},
    )
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not ParticipantImport.objects.exists()


@pytest.mark.parametrize(("name", "builder", "message"), HOSTILE)
def test_provider_cannot_import_a_hostile_file_through_the_api(
    setting: Setting,
    cohort: Cohort,
    api_client_for: Callable[[User], APIClient],
    name: str,
    builder: Callable[[], bytes],
    message: str,
) -> None:
    response = api_client_for(setting.staff).post(
        f"/api/v1/training/cohorts/{cohort.pk}/imports/",
        {"file": SimpleUploadedFile(name, builder())},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "file"
    assert message in response.json()["detail"]
    assert not ParticipantImport.objects.exists()


def test_a_plain_workbook_is_still_accepted(
    setting: Setting, cohort: Cohort, api_client_for: Callable[[User], APIClient]
) -> None:
    response = api_client_for(setting.staff).post(
        f"/api/v1/training/cohorts/{cohort.pk}/imports/",
        {"file": SimpleUploadedFile("people.xlsx", hostile.xlsx(ROWS))},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    assert ParticipantImport.objects.get().file_format == "xlsx"
