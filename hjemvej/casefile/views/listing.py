"""The by-name list: filters, sort, search, pagination and export."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_POST

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.casefile import jobs, selectors
from hjemvej.casefile.filters import ListFilterForm, filter_form_for
from hjemvej.citizens import carried_cpr
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.cpr import looks_like_cpr
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.core.paging import page_links
from hjemvej.jobs.services import job_start
from hjemvej.stats.long_term import long_term_threshold, threshold_days

PAGE_SIZE = 25
NOT_FOUND = "Ingen borger med dette CPR-nummer"
CPR_IN_NAME_SEARCH = (
    "Søgningen på navn indeholdt noget, der ligner et CPR-nummer, og er fjernet fra adressen. "
    "Søg efter CPR-nummer i feltet CPR-nummer."
)
# One-time messages of the list page, kept in the session between a redirect and the page.
_CPR_ERROR = "citizens.list.cpr_error"
_NOTICE = "citizens.list.notice"
_OFFER = "citizens.list.offer"
TABLE_ID = "citizen-table"

SORT_COLUMNS = {
    "name": "Navn",
    "admitted": "Boform (indskrevet)",
    "time": "Tid i hjemløshed",
    "contact": "Seneste kontakt",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # @policy lets only signed-in users through
    return user


def _list_url(params: QueryDict | None = None) -> str:
    query = params.urlencode() if params else ""
    return reverse("citizens:list") + (f"?{query}" if query else "")


def _filter_form(user: User, query: QueryDict) -> ListFilterForm:
    return filter_form_for(user, query)


def _is_table_request(request: HttpRequest) -> bool:
    """Return whether htmx asks for the table alone (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Target") == TABLE_ID
    )


@policy(Action.VIEW_CITIZENS)
def citizen_list(request: HttpRequest) -> HttpResponse:
    """Show the by-name list (GET) or find a citizen by CPR number (POST)."""
    if request.method == "POST":
        return _cpr_search(request)
    user = _user(request)
    if looks_like_cpr(request.GET.get("q", "")):
        return _strip_cpr_from_address(request)

    today = dates.today()
    threshold = long_term_threshold(today)
    long_term_days = threshold_days(threshold)
    form = _filter_form(user, request.GET)
    filters = form.filters()
    citizens = selectors.by_name_list(
        user, today=today, filters=filters, long_term_days=long_term_days
    )
    page = Paginator(citizens.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = selectors.with_facts(user, list(page.object_list), today=today)
    rows = selectors.list_rows(shown, today=today, long_term_days=long_term_days, with_cpr=True)
    audit.record_many(
        actor=user,
        action=AuditAction.VIEW,
        citizen_ids=[row.citizen.pk for row in rows],
        detail={"page": "by_name_list"},
    )
    if filters.q:
        audit.record(
            actor=user,
            action=AuditAction.SEARCH,
            detail={"page": "by_name_list", "by": "name"},  # never the name searched for
        )

    data = form.data
    assert isinstance(data, QueryDict)
    params = data.copy()
    params.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "rows": rows,
        "page": page,
        "threshold": threshold,
        "sort": filters.sort,
        "querystring": params.urlencode(),
        "sort_links": _sort_links(params, filters.sort),
        "page_links": page_links(page, reverse("citizens:list"), params),
        "export_links": _export_links() if allowed(user, Action.EXPORT_LIST) else [],
        "create_url": reverse("citizens:create") if _may_create(user) else "",
        "admit_url": reverse("citizens:admit_new") if _may_admit(user) else "",
        "across_url": (
            reverse("citizens:across_list") if user.role in (Role.CASE_WORKER, Role.MANAGER) else ""
        ),
        "at_risk_url": (reverse("citizens:at_risk") if allowed(user, Action.VIEW_AT_RISK) else ""),
        "table_id": TABLE_ID,
    }
    if _is_table_request(request):
        response = render(request, "casefile/_list_table.html", context)
    else:
        context["cpr_error"] = request.session.pop(_CPR_ERROR, "")
        context["notice"] = request.session.pop(_NOTICE, "")
        context["offer"] = _offer(user, request.session.pop(_OFFER, None))
        response = render(request, "casefile/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    patch_cache_control(response, private=True, no_store=True)
    return response


def _strip_cpr_from_address(request: HttpRequest) -> HttpResponse:
    """Send the user back to the list without the name search that held a CPR number."""
    params = request.GET.copy()
    params.pop("q", None)
    params.pop("page", None)
    request.session[_NOTICE] = CPR_IN_NAME_SEARCH
    url = _list_url(params)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _cpr_search(request: HttpRequest) -> HttpResponse:
    """Go to the citizen with the posted CPR number, or back with a message; never echo it."""
    user = _user(request)
    back = _list_url(QueryDict(request.POST.get("filters", "")))
    try:
        citizen = selectors.citizen_by_cpr_for(user, request.POST.get("cpr", ""))
    except DomainError as error:
        request.session[_CPR_ERROR] = error.message
        return redirect(back)
    audit.record(
        actor=user,
        action=AuditAction.SEARCH,
        citizen=citizen,
        detail={"page": "by_name_list", "by": "cpr", "found": citizen is not None},
    )
    if citizen is None:
        request.session[_CPR_ERROR] = NOT_FOUND
        if _may_create(user) or _may_admit(user):
            number = cpr_codec.normalise(request.POST.get("cpr", ""))
            token = carried_cpr.carry(request.session, number, now=timezone.now())
            request.session[_OFFER] = token
        return redirect(back)
    return redirect("citizens:detail", pk=citizen.pk)


def _may_create(user: User) -> bool:
    return allowed(user, Action.EDIT_CITIZEN)


def _may_admit(user: User) -> bool:
    return allowed(user, Action.CREATE_CITIZEN) and allowed(user, Action.MANAGE_STAYS)


def _offer(user: User, token: object) -> dict[str, str]:
    """Return the links that create or admit a citizen with the number searched for."""
    if not isinstance(token, str) or not token:
        return {}
    suffix = f"?{carried_cpr.PARAMETER}={token}"
    return {
        "create_url": reverse("citizens:create") + suffix if _may_create(user) else "",
        "admit_url": reverse("citizens:admit_new") + suffix if _may_admit(user) else "",
    }


def _sort_links(params: QueryDict, current: str) -> dict[str, dict[str, str]]:
    """Return each sortable column's link (ascending first, then flipping) and its aria-sort."""
    links = {}
    for key, label in SORT_COLUMNS.items():
        if current == key:
            target, state = f"-{key}", "ascending"
        elif current == f"-{key}":
            target, state = key, "descending"
        else:
            target, state = key, ""
        query = params.copy()
        query["sort"] = target
        links[key] = {"url": _list_url(query), "aria_sort": state, "label": label}
    return links


def _export_links() -> list[dict[str, str]]:
    return [
        {"url": reverse("citizens:export", args=["xlsx"]), "label": "Excel (xlsx)"},
        {"url": reverse("citizens:export", args=["csv"]), "label": "CSV"},
    ]


@policy(Action.EXPORT_LIST)
@require_POST
def citizen_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Start the export of the whole filtered list (every page) as CSV or xlsx."""
    if fmt not in jobs.FORMATS:
        raise Http404("Ukendt format")
    query = QueryDict(request.POST.get("filters", ""), mutable=True)
    if looks_like_cpr(query.get("q", "")):
        del query["q"]  # a search that may be a CPR number is never stored with a job
    job = job_start(
        user=_user(request),
        kind=jobs.KIND,
        title=jobs.title(fmt),
        params={"fmt": fmt, "filters": query.urlencode(), "today": dates.today().isoformat()},
    )
    return redirect("jobs:job", pk=job.pk)
