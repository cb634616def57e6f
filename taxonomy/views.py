from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from core.http import is_htmx
from taxonomy.models import Occupation
from taxonomy.permissions import REFERENCE_READERS
from taxonomy.selectors import isco_major_groups, occupation_children, occupation_list, skill_list


@REFERENCE_READERS
@vary_on_headers("HX-Request")
def browse(request: HttpRequest) -> HttpResponse:
    """ISCO-08 major groups, or search results for occupations and skills."""
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {"query": query}
    if query:
        context["occupations"] = Paginator(occupation_list(search=query), 25).get_page(
            request.GET.get("opage")
        )
        context["skills"] = Paginator(skill_list(search=query), 25).get_page(
            request.GET.get("spage")
        )
    else:
        context["major_groups"] = isco_major_groups()
    template = "taxonomy/_results.html" if is_htmx(request) and query else "taxonomy/browse.html"
    return render(request, template, context)


@REFERENCE_READERS
def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    group = get_object_or_404(Occupation.objects.select_related("parent"), code=code)
    ancestors: list[Occupation] = []
    node = group.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    return render(
        request,
        "taxonomy/occupation_detail.html",
        {"group": group, "ancestors": ancestors, "children": occupation_children(parent=group)},
    )
