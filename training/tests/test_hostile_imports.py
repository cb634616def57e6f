"""Hostile participant files, through the import page and the API: refused with the reason
shown, no import row (the file's content is stored on that row), never a server error."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import hostile_files as hostile
from tests.clients import ApiClientFor, Way
from training.imports import COLUMNS, EXAMPLE_ROW
from training.models import Cohort, ParticipantImport
from training.tests.factories import Setting

pytestmark = pytest.mark.django_db

ROWS = [list(COLUMNS), list(EXAMPLE_ROW)]
HOSTILE = [
    hostile.case("people.xlsx", lambda: hostile.xlsx_with_macros(ROWS), "macros", id="xlsx-macros"),
    hostile.case("people.xlsx", lambda: hostile.xlsx_zip_bomb(ROWS), "unpacks to", id="zip-bomb"),
    hostile.case("people.csv", lambda: hostile.EICAR, "The virus check found", id="eicar-csv"),
    hostile.case("people.txt", lambda: hostile.EICAR, "The virus check found", id="eicar-txt"),
    hostile.case(
        "people.csv",
        lambda: ",".join(COLUMNS).encode() + b"\n" + hostile.EICAR + b"\n",
        "The virus check found",
        id="eicar-in-a-row",
    ),
]


@pytest.mark.parametrize("case", HOSTILE)
def test_provider_cannot_import_a_hostile_file(
    setting: Setting,
    cohort: Cohort,
    way: Way,
    case: hostile.Hostile,
) -> None:
    client = way.client_for(setting.staff)
    if way.name == "page":
        page = client.post(
            reverse("training:import-create", args=[cohort.pk]), {"file": case.upload()}
        )
        hostile.assert_page_refuses(page, case.refusal, status=400)
    else:
        api = client.post(
            f"/api/v1/training/cohorts/{cohort.pk}/imports/",
            {"file": case.upload()},
            format="multipart",
        )
        hostile.assert_api_refuses(api, case.refusal)
    assert not ParticipantImport.objects.exists()


def test_a_plain_workbook_is_still_accepted(
    setting: Setting, cohort: Cohort, api_client_for: ApiClientFor
) -> None:
    response = api_client_for(setting.staff).post(
        f"/api/v1/training/cohorts/{cohort.pk}/imports/",
        {"file": SimpleUploadedFile("people.xlsx", hostile.xlsx(ROWS))},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    assert ParticipantImport.objects.get().file_format == "xlsx"
