"""The officer pages of the partnerships registry: parse, authorise, call one service, respond.

Every view looks the partnership up through ``get_partnership_for_user`` (404 for non-members,
403 for members who may not edit). Small forms (targets, indicators, documents) live on the
detail page and post to their own view; when one is refused, the detail page is rendered again
with that form bound, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import Organisation, Role, User
from accounts.permissions import has_role
from core.documents import document_response
from core.errors import DomainError
from core.forms import add_domain_error
from core.views import (
    filtered_list,
    form_saved,
    move_view,
    moves_for_page,
    now_status,
    request_user,
    run_command,
)
from partnerships import services
from partnerships.forms import (
    AnnualTargetForm,
    CostEntryForm,
    CustomIndicatorForm,
    DocumentForm,
    MemberForm,
    PartnershipFilterForm,
    PartnershipForm,
    model_field_label,
)
from partnerships.models import (
    CostEntry,
    Partnership,
    PartnershipDocument,
)
from partnerships.permissions import (
    GOVERNMENT_KINDS,
    PARTNERSHIP_CREATORS,
    PARTNERSHIP_MEMBERS,
    PARTNERSHIP_READERS,
    can_create_partnership,
    can_edit_partnership,
    get_partnership_for_user,
    government_organisations_of,
)
from partnerships.presenters import (
    _cost_totals,
    _history_rows,
    _target_blocks,
)
from partnerships.selectors import (
    partnership_filter,
    partnership_history,
    partnership_list_for_user,
)
from taxonomy.models import SkillLevel

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


_user = request_user
_add_domain_error = add_domain_error


def _detail_url(partnership_id: int, section: str = "") -> str:
    url = reverse("partnerships:detail", args=[partnership_id])
    return f"{url}#{section}" if section else url


def _writable(request: HttpRequest, pk: int) -> tuple[Partnership, HttpResponse | None]:
    """The partnership for an editor (404/403 otherwise), and a redirect if it is closed."""
    partnership = get_partnership_for_user(_user(request), pk, for_write=True)
    if partnership.status in services.CLOSED:
        messages.error(
            request,
            _("This partnership is %(status)s and can no longer be changed.")
            % {"status": partnership.get_status_display().lower()},
        )
        return partnership, redirect(_detail_url(pk))
    return partnership, None


@dataclass(frozen=True)
class SectionPage:
    """A form with a page of its own (``partnerships/section_form.html``)."""

    heading: str
    intro: str
    submit_label: str
    section: str


def _change_form(
    request: HttpRequest,
    pk: int,
    bind: Callable[[Partnership], Any],
    save: Callable[[User, Any], Any],
    done: Callable[[Any], str | tuple[int, str]],
    *,
    name: str = "",
    page: SectionPage | None = None,
) -> HttpResponse:
    """A change made through a form: the service's refusal stays on the form, shown again on
    its own ``page`` or in its section of the detail page (``name`` in the page's context);
    success goes back to the detail page with ``done``'s message (or level and message)."""
    partnership, refused = _writable(request, pk)
    if refused:
        return refused
    form = bind(partnership)
    if request.method == "POST" and form.is_valid():
        try:
            result = save(_user(request), form)
        except DomainError as exc:
            _add_domain_error(form, exc)
        else:
            outcome = done(result)
            level, text = outcome if isinstance(outcome, tuple) else (messages.SUCCESS, outcome)
            messages.add_message(request, level, text)
            return redirect(_detail_url(pk))
    if page is None:
        return _render_detail(request, partnership, **{name: form})
    context = {"partnership": partnership, "form": form, **asdict(page)}
    return render(request, "partnerships/section_form.html", context)


def _command(
    request: HttpRequest, pk: int, call: Callable[[User], object], success: str
) -> HttpResponse:
    """A one-click change: the service checks permission and rules, the page reports the outcome."""
    run_command(request, lambda: call(_user(request)), success)
    return redirect(_detail_url(pk))


# --- List -------------------------------------------------------------------------------------
@PARTNERSHIP_READERS
@vary_on_headers("HX-Request")
def partnership_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return filtered_list(
        request,
        PartnershipFilterForm(request.GET),
        lambda params: partnership_filter(
            partnership_list_for_user(user=user).prefetch_related("corridors"), params
        ),
        page_size=PAGE_SIZE,
        template="partnerships/list.html",
        results_template="partnerships/_list_results.html",
        filtered=lambda params: any(name != "sort" for name in params),
        context={"can_create": can_create_partnership(user)},
    )


# --- Detail -----------------------------------------------------------------------------------
def _render_detail(
    request: HttpRequest, partnership: Partnership, **bound_forms: forms.Form
) -> HttpResponse:
    user = _user(request)
    prefetch_related_objects(
        [partnership],
        "occupations",
        "gcm_objectives",
        "sdg_targets",
        "cities",
        "corridors",
        "custom_indicators",
        Prefetch("costs", queryset=CostEntry.objects.select_related("payer")),
        Prefetch("documents", queryset=PartnershipDocument.objects.select_related("uploaded_by")),
    )
    editable = can_edit_partnership(user, partnership) and partnership.status not in services.CLOSED
    history = Paginator(partnership_history(partnership=partnership), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("hpage")
    )
    by_payer, by_group, breaches = _cost_totals(partnership)
    countries = {
        c.code: c.name
        for c in [*partnership.origin_countries.all(), *partnership.destination_countries.all()]
    }
    context: dict[str, Any] = {
        "partnership": partnership,
        "editable": editable,
        "moves": moves_for_page(
            services.PARTNERSHIP_LIFECYCLE, user, partnership, url_name="partnerships:move"
        )
        if editable
        else [],
        "corridors": [
            (
                c.origin_id,
                c.destination_id,
                countries.get(c.origin_id, c.origin_id),
                countries.get(c.destination_id, c.destination_id),
            )
            for c in partnership.corridors.all()
        ],
        "skill_levels": [SkillLevel(level).label for level in partnership.skill_levels],
        "safeguards": [
            (
                model_field_label(name),
                getattr(partnership, name),
            )
            for name in Partnership.SAFEGUARD_FIELDS
        ],
        "members": partnership.members.all(),
        "target_years": _target_blocks(partnership),
        "ledger": partnership.costs.all(),
        "totals_by_payer": by_payer,
        "totals_by_group": by_group,
        "breaches": breaches,
        "documents": partnership.documents.all(),
        "history": history,
        "history_rows": _history_rows(
            history, {m.organisation_id: m.organisation.name for m in partnership.members.all()}
        ),
    }
    if editable:
        context["target_form"] = bound_forms.get("target_form") or AnnualTargetForm(
            partnership=partnership
        )
        context["indicator_form"] = bound_forms.get("indicator_form") or CustomIndicatorForm()
        context["document_form"] = bound_forms.get("document_form") or DocumentForm()
    return render(request, "partnerships/detail.html", context)


@PARTNERSHIP_MEMBERS
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_partnership_for_user(_user(request), pk))


# --- Create and edit --------------------------------------------------------------------------
def _lead_choices(user: User) -> list[Organisation]:
    """Governments to choose from: several of the user's own, or any for an administrator."""
    governments = government_organisations_of(user)
    if len(governments) > 1:
        return governments
    if not governments and has_role(user, Role.ADMIN):
        return list(Organisation.objects.filter(kind__in=GOVERNMENT_KINDS, is_active=True))
    return []


@PARTNERSHIP_CREATORS
def partnership_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = PartnershipForm(request.POST or None, lead_choices=_lead_choices(user))
    done = form_saved(
        request,
        form,
        lambda: services.partnership_create(
            actor=user,
            data=form.to_input(),
            lead_organisation_id=form.cleaned_data.get("lead_organisation"),
        ),
        message=lambda partnership: (
            _("The partnership %(code)s was registered as a draft.")
            % {"code": partnership.reference_code}
        ),
        next_url=lambda partnership: _detail_url(partnership.pk),
    )
    if done is not None:
        return done
    return render(request, "partnerships/form.html", {"form": form, "partnership": None})


@PARTNERSHIP_MEMBERS
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership, refused = _writable(request, pk)
    if refused:
        return refused
    prefetch_related_objects(
        [partnership], "occupations", "gcm_objectives", "sdg_targets", "cities", "corridors"
    )
    form = PartnershipForm(
        request.POST or None, initial=PartnershipForm.initial_for(partnership), edits=partnership
    )
    done = form_saved(
        request,
        form,
        lambda: services.partnership_update(
            actor=_user(request),
            partnership_id=pk,
            data=form.to_input(),
            version=form.started_from,
        ),
        message=_("The partnership's description was saved."),
        next_url=_detail_url(pk),
    )
    if done is not None:
        return done
    return render(request, "partnerships/form.html", {"form": form, "partnership": partnership})


# --- Lifecycle --------------------------------------------------------------------------------
partnership_move = move_view(
    services.PARTNERSHIP_LIFECYCLE,
    access=PARTNERSHIP_MEMBERS,
    redirect_to=_detail_url,
    done=now_status(gettext_lazy("The partnership is now %(status)s.")),
)


# --- Members ----------------------------------------------------------------------------------
@PARTNERSHIP_MEMBERS
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_form(
        request,
        pk,
        lambda partnership: MemberForm(request.POST or None),
        lambda user, form: services.member_add(actor=user, partnership_id=pk, data=form.to_input()),
        lambda member: (
            _("%(org)s was added as %(role)s.")
            % {"org": member.organisation.name, "role": member.get_role_display().lower()}
        ),
        page=SectionPage(
            heading=_("Add a member"),
            intro=_(
                "Members' staff can see the partnership. Officers of a lead, partner or local "
                "government member can also change it."
            ),
            submit_label=_("Add member"),
            section="members",
        ),
    )


@PARTNERSHIP_MEMBERS
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    return _command(
        request,
        pk,
        lambda user: services.member_remove(actor=user, partnership_id=pk, member_id=member_pk),
        _("The member was removed."),
    )


# --- Targets and indicators -------------------------------------------------------------------
@PARTNERSHIP_MEMBERS
@require_POST
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_form(
        request,
        pk,
        lambda partnership: AnnualTargetForm(request.POST, partnership=partnership),
        lambda user, form: services.annual_target_set(
            actor=user, partnership_id=pk, **form.to_kwargs()
        ),
        lambda target: _("The targets for %(year)s were saved.") % {"year": target.year},
        name="target_form",
    )


@PARTNERSHIP_MEMBERS
@require_POST
def indicator_set(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_form(
        request,
        pk,
        lambda partnership: CustomIndicatorForm(request.POST),
        lambda user, form: services.custom_indicator_set(
            actor=user, partnership_id=pk, **form.cleaned_data
        ),
        lambda indicator: (
            _("The indicator “%(name)s” for %(year)s was saved.")
            % {"name": indicator.name, "year": indicator.year}
        ),
    )


# --- Costs ------------------------------------------------------------------------------------
def _cost_recorded(entry: CostEntry) -> tuple[int, str]:
    if entry.breaches_employer_pays:
        return messages.WARNING, _(
            "The entry was recorded, but migrants must not pay migration costs: "
            "it is flagged on the partnership page."
        )
    return messages.SUCCESS, _("The entry was recorded in the ledger.")


@PARTNERSHIP_MEMBERS
def cost_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_form(
        request,
        pk,
        lambda partnership: CostEntryForm(request.POST or None, partnership=partnership),
        lambda user, form: services.cost_entry_record(
            actor=user, partnership_id=pk, data=form.to_input()
        ),
        _cost_recorded,
        page=SectionPage(
            heading=_("Record a cost"),
            intro=_(
                "A commitment is money promised; an expenditure is money spent. Entries are "
                "never edited: to correct one, void it and record it again."
            ),
            submit_label=_("Record entry"),
            section="costs",
        ),
    )


@PARTNERSHIP_MEMBERS
@require_POST
def cost_void(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _command(
        request,
        pk,
        lambda user: services.cost_entry_void(
            actor=user, partnership_id=pk, entry_id=entry_pk, reason=reason
        ),
        _("The ledger entry was voided."),
    )


# --- Documents --------------------------------------------------------------------------------
@PARTNERSHIP_MEMBERS
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_form(
        request,
        pk,
        lambda partnership: DocumentForm(request.POST, request.FILES),
        lambda user, form: services.document_upload(
            actor=user,
            partnership_id=pk,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
        ),
        lambda document: _("“%(title)s” was uploaded.") % {"title": document.title},
        name="document_form",
    )


@PARTNERSHIP_MEMBERS
@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    return _command(
        request,
        pk,
        lambda user: services.document_delete(
            actor=user, partnership_id=pk, document_id=document_pk
        ),
        _("The document was deleted."),
    )


@PARTNERSHIP_MEMBERS
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    partnership = get_partnership_for_user(_user(request), pk)
    document = get_object_or_404(PartnershipDocument, pk=document_pk, partnership=partnership)
    return document_response(document)
