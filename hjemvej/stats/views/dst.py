"""/statistik/dst/: a shelter's quarterly file to Danmarks Statistik, and what to fix first.

Only the shelter's leader and the administrators of a municipal shelter's municipality may open
it (``accounts.policy.dst_shelters_for``); another shelter is not found. The page lists the
problems (the shelter's leader sees the citizens' names, an administrator their pseudonyms; each
citizen shown is logged as a read). The file is made on request and streamed: it is never
stored, and each time it is made one export entry names every citizen in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, NamedTuple

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import Action, dst_shelters_for, dst_stays_for, policy
from hjemvej.citizens.models import Citizen, display_name
from hjemvej.core import dates
from hjemvej.core.pages import current_user
from hjemvej.shelters.models import Shelter
from hjemvej.stats.dst import (
    FIELD_WORDS,
    HEADER,
    DstReport,
    Problem,
    Quarter,
    dst_report,
    file_lines,
    file_name,
    parse_quarter,
    quarters_until,
    record_export,
)

SHELTER_PARAMETER = "boform"
QUARTER_PARAMETER = "kvartal"


class ShownProblem(NamedTuple):
    """A problem as the page shows it: the stay, the citizen, the field and where to fix it."""

    problem: Problem
    field: str
    citizen: str
    pseudonymous: bool
    edit_url: str


def _chosen_shelter(query: Mapping[str, str], shelters: list[Shelter]) -> Shelter | None:
    """Return the shelter asked for (404 when it is not the user's), or the user's only one."""
    raw = query.get(SHELTER_PARAMETER)
    if raw is None or raw == "":
        return shelters[0] if len(shelters) == 1 else None
    found = next((s for s in shelters if str(s.pk) == raw.strip()), None)
    if found is None:
        raise Http404("Boformen findes ikke, eller du kan ikke indberette for den.")
    return found


def _chosen_quarter(query: Mapping[str, str], today: date) -> tuple[Quarter, str]:
    """Return the quarter asked for, else the last whole quarter, and an error to show."""
    default = Quarter.containing(today).previous()
    raw = query.get(QUARTER_PARAMETER)
    if raw is None or raw == "":
        return default, ""
    quarter = parse_quarter(raw)
    if quarter is None or quarter > Quarter.containing(today):
        return default, (
            f"Vælg et kvartal fra 2021 til i dag, skrevet ÅÅÅÅ-K1 til ÅÅÅÅ-K4. "
            f"Siden viser {default.label}."
        )
    return quarter, ""


def _shown(report: DstReport, user: User) -> list[ShownProblem]:
    """Return the problems with their citizen (name or pseudonym) and their edit page."""
    names = user.role == Role.SHELTER_STAFF  # the leader; an administrator sees no names
    ids = {p.citizen_id for p in report.problems if p.citizen_id is not None}
    citizens = {
        pk: (display_name(first, last, alias) if names else pseudonym)
        for pk, first, last, alias, pseudonym in Citizen.objects.filter(pk__in=ids).values_list(
            "pk", "first_name", "last_name", "alias", "pseudonym"
        )
    }
    shown = []
    for problem in report.problems:
        if problem.stay_id is not None and problem.citizen_id is not None:
            edit_url = reverse(
                "citizens:stay_edit", kwargs={"pk": problem.citizen_id, "stay_pk": problem.stay_id}
            )
        elif problem.field in ("cvr_number", "p_number") and user.is_staff:
            edit_url = reverse("admin:shelters_shelter_change", args=[report.shelter.pk])
        else:
            edit_url = ""
        shown.append(
            ShownProblem(
                problem,
                FIELD_WORDS.get(problem.field, problem.field),
                citizens.get(problem.citizen_id, "") if problem.citizen_id else "",
                not names,
                edit_url,
            )
        )
    return shown


@policy(Action.MAKE_DST_REPORT)
@require_http_methods(["GET", "HEAD"])
def dst(request: HttpRequest) -> HttpResponse:
    """Show the shelter's quarter: the file's content in numbers, and the problems to fix."""
    user = current_user(request)
    today = dates.today()
    shelters = list(dst_shelters_for(user).select_related("municipality").order_by("name"))
    shelter = _chosen_shelter(request.GET, shelters)
    quarter, quarter_error = _chosen_quarter(request.GET, today)
    context: dict[str, Any] = {
        "shelters": shelters,
        "shelter": shelter,
        "quarter": quarter,
        "quarter_error": quarter_error,
        "quarters": quarters_until(today),
        "header": HEADER,
        "shelter_parameter": SHELTER_PARAMETER,
        "quarter_parameter": QUARTER_PARAMETER,
    }
    if shelter is not None:
        report = dst_report(
            shelter=shelter, quarter=quarter, stays=dst_stays_for(user, shelter), today=today
        )
        shown = _shown(report, user)
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=[p.citizen_id for p in report.problems if p.citizen_id is not None],
            detail={
                "page": "stats:dst",
                "shelter": shelter.pk,
                "year": quarter.year,
                "quarter": quarter.number,
            },
        )
        context.update(
            report=report,
            blocking=[s for s in shown if s.problem.blocking],
            warnings=[s for s in shown if not s.problem.blocking],
        )
    return render(request, "stats/dst.html", context)


@policy(Action.MAKE_DST_REPORT)
@require_http_methods(["POST"])
def dst_file(request: HttpRequest) -> HttpResponseBase:
    """Make the file and stream it: never stored; refused while a problem blocks it."""
    user = current_user(request)
    today = dates.today()
    shelters = list(dst_shelters_for(user))
    shelter = _chosen_shelter(request.POST, shelters)
    if shelter is None:
        raise Http404("Vælg en boform.")
    quarter, quarter_error = _chosen_quarter(request.POST, today)
    page = f"{reverse('stats:dst')}?{SHELTER_PARAMETER}={shelter.pk}&{QUARTER_PARAMETER}="
    if quarter_error:
        messages.error(request, quarter_error)
        return redirect(page + quarter.key)
    report = dst_report(
        shelter=shelter, quarter=quarter, stays=dst_stays_for(user, shelter), today=today
    )
    if report.blocking:
        messages.error(
            request,
            f"Filen er ikke dannet: {len(report.blocking)} problem(er) skal rettes først.",
        )
        return redirect(page + quarter.key)
    record_export(report, actor=user)
    response = StreamingHttpResponse(
        _encoded(file_lines(report)), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(report)}"'
    return response


def _encoded(lines: Iterator[str]) -> Iterator[bytes]:
    for line in lines:
        yield line.encode("utf-8")
