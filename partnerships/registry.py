"""The public registry: active, suspended and concluded partnerships anyone may read.

No login. Every page and export renders `public_record`, so the registry shows exactly the fields
named there and nothing else of a partnership.

Caching. The CSV and JSON exports hold no user data and set no cookie; in one language they are
the same bytes for everyone, and the registry changes a few times a month, so shared caches and
browsers may keep them for five minutes (`public, max-age=300`): a crawler or a dashboard polling
the export costs nothing. They vary on Cookie as well as Accept-Language because their labels
follow the visitor's language, which the language cookie may set.
The HTML pages are different: base.html puts the visitor's CSRF token in the language form and
the htmx headers, and a signed-in visitor's e-mail address in the header. A shared cache would
hand one visitor's token or address to the next, and a browser keeping the page would show a
stale signed-out header after signing in. So they are `private, no-cache`: never stored by
shared caches, always revalidated by the browser.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie

from core.access import PUBLIC
from partnerships.forms.filters import ListFilters
from partnerships.models import Partnership
from partnerships.public import (
    PUBLIC_CSV_COLUMNS,
    public_csv_row,
    public_prefetches,
    public_record,
    public_records,
)
from partnerships.selectors import partnership_filter, public_partnership_list
from taxonomy.models import Country

PAGE_SIZE = 25

public_export_cache = cache_control(public=True, max_age=300)
page_cache = cache_control(private=True, no_cache=True)

SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("title", _("Title (A to Z)")),
    ("start", _("Start date")),
    ("code", _("Reference code")),
]


class RegistryFilterForm(ListFilters):
    """The registry's filters. Only what is valid reaches `partnership_filter`."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            *((s.value, s.label) for s in Partnership.PUBLIC_STATUSES),
        ],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    field_order = ["q", "country", "kind", "sector", "gcm", "status", "sort"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        public_ids = public_partnership_list().prefetch_related(None).values("pk")
        countries = Country.objects.filter(
            Q(partnerships_as_origin__in=public_ids) | Q(partnerships_as_destination__in=public_ids)
        ).distinct()
        super().__init__(*args, countries=countries, **kwargs)


def _filtered(request: HttpRequest) -> tuple[RegistryFilterForm, Any]:
    form = RegistryFilterForm(request.GET or None)
    params = form.params() if form.is_bound else {}
    return form, public_prefetches(partnership_filter(public_partnership_list(), params))


@PUBLIC
@require_safe
@page_cache
def registry_list(request: HttpRequest) -> HttpResponse:
    form, partnerships = _filtered(request)
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "records": public_records(page.object_list),
        "filtered": any(v for k, v in filters.items() if k != "sort"),
        # The search box is always visible; the panel opens only to show filters in use.
        "filters_open": any(v for k, v in filters.items() if k != "q"),
        "export_query": filters.urlencode(),
    }
    return render(request, "partnerships/registry/list.html", context)


@PUBLIC
@require_safe
@page_cache
def registry_detail(request: HttpRequest, reference_code: str) -> HttpResponse:
    partnership = get_object_or_404(
        public_prefetches(public_partnership_list()), reference_code=reference_code
    )
    record = public_record(partnership)
    safeguards = [
        (Partnership._meta.get_field(name).verbose_name, covered)  # type: ignore[union-attr]
        for name, covered in record["safeguards"].items()
    ]
    return render(
        request,
        "partnerships/registry/detail.html",
        {"record": record, "safeguards": safeguards},
    )


def _export_name(extension: str) -> str:
    return f"smp-registry-{timezone.localdate():%Y-%m-%d}.{extension}"


Records = list[dict[str, Any]]


def _export(answer: Callable[[Records], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """A public export of the registry: ``answer`` gives the records the list's filters find, in
    its format; cached alike for everyone."""

    @PUBLIC
    @require_safe
    @public_export_cache
    @vary_on_cookie
    @wraps(answer)
    def view(request: HttpRequest) -> HttpResponse:
        _form, partnerships = _filtered(request)
        return answer(public_records(partnerships))

    return view


@_export
def registry_export_csv(records: Records) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    # The byte order mark makes Excel read the file as UTF-8 (names such as "Béni Mellal").
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(PUBLIC_CSV_COLUMNS)
    for record in records:
        writer.writerow(public_csv_row(record))
    return response


@_export
def registry_export_json(records: Records) -> HttpResponse:
    response = JsonResponse(
        {
            "generated_at": timezone.now().isoformat(),
            "count": len(records),
            "partnerships": records,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Disposition"] = f'inline; filename="{_export_name("json")}"'
    # Open data: any web page may read it (the response never depends on who asks).
    response["Access-Control-Allow-Origin"] = "*"
    return response
