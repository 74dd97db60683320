"""For BI tools: the economy's figures and the statistics, pseudonymous: numbers, no citizen.

Each read is logged (the page and the year, no citizen), although no one is named: the log shows
who took the municipality's figures out of Hjemvej, and when.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router
from ninja.params import functions as param_functions

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.accounts.policy import Action, counted_citizens_for
from hjemvej.api.auth import acting_user, needs
from hjemvej.api.schemas import ListFlowsOut, ShelterFiguresOut, answers
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.economy.selectors import year_figures
from hjemvej.economy.selectors.common import FigureRow, oere_to_decimal
from hjemvej.stats.flows.selectors import list_flows

router = Router(tags=["tal"])

YEAR = param_functions.Query(None, ge=2000, le=2199, description="Året (standard: i år).")


def _municipality(user: User) -> Municipality:
    if user.municipality is None:
        raise PermissionDenied
    return user.municipality


def _year(year: int | None, today: date) -> int:
    if year is None:
        return today.year
    if year > today.year:
        raise DomainError("Året er ikke begyndt endnu.", field="year")
    return year


def _amounts(row: FigureRow) -> dict[str, Any]:
    amounts = row.amounts
    return {
        "label": row.label,
        "month": row.month,
        "days": amounts.days,
        "reimbursed_days": amounts.reimbursed_days,
        "nights": amounts.nights,
        "gross_cost": str(oere_to_decimal(amounts.gross_cost)),
        "own_payment": str(oere_to_decimal(amounts.own_payment)),
        "reimbursement": str(oere_to_decimal(amounts.reimbursement)),
        "net_cost": str(oere_to_decimal(amounts.net_cost)),
    }


def _log(user: User, page: str, year: int) -> None:
    audit.record(actor=user, action=AuditAction.VIEW, detail={"page": page, "year": year})


@router.get(
    "/oekonomi/boformer",
    response=answers(ShelterFiguresOut),
    auth=needs(Action.VIEW_ECONOMY),
    url_name="shelter_figures",
)
def shelter_figures(request: HttpRequest, year: int | None = YEAR) -> dict[str, Any]:
    """Årets tal for § 110-boformer pr. måned: døgn, udgift, egenbetaling, refusion, netto.

    Som siden Økonomi → Tal: alle boformer, boformer i og uden for kommunen. Ingen borgere.
    """
    user = acting_user(request)
    municipality = _municipality(user)
    today = dates.today()
    chosen = _year(year, today)
    data = year_figures(municipality.pk, year=chosen, today=today)
    _log(user, "api:shelter_figures", chosen)
    return {
        "year": chosen,
        "as_of": today,
        "municipality": municipality.code,
        "parameter_set": data.fingerprint,
        "problem": data.problem,
        "splits": [
            {
                "key": split.key,
                "title": split.title,
                "months": [_amounts(row) for row in split.months],
                "year": _amounts(split.year),
            }
            for split in data.splits
        ],
    }


@router.get(
    "/statistik/listen",
    response=answers(ListFlowsOut),
    auth=needs(Action.VIEW_STATISTICS),
    url_name="list_flows",
)
def flows(request: HttpRequest, year: int | None = YEAR) -> dict[str, Any]:
    """Den navngivne liste måned for måned i året: på listen, til og fra efter årsag. Kun tal."""
    user = acting_user(request)
    municipality = _municipality(user)
    today = dates.today()
    chosen = _year(year, today)
    last = min(date(chosen, 12, 1), today.replace(day=1))
    counted = list_flows(
        counted_citizens_for(user), first=date(chosen, 1, 1), last=last, as_of=today
    )
    _log(user, "api:list_flows", chosen)
    return {
        "municipality": municipality.code,
        "as_of": counted.as_of,
        "months": [
            {
                "month": m.month,
                "last_day": m.last_day,
                "on_list_start": m.on_list_start,
                "inflow": m.inflow,
                "outflow": m.outflow,
                "on_list_end": m.on_list_end,
                "long_term_end": m.long_term_end,
                "entered": dict(m.entered),
                "left": dict(m.left),
            }
            for m in counted.months
        ],
    }
