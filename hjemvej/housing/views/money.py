"""The household, its incomes, and decisions on loans, grants and follow-up payments."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user
from hjemvej.housing import services
from hjemvej.housing.forms import GrantForm, HouseholdForm, IncomeForm
from hjemvej.housing.labels import rate_keys
from hjemvej.housing.models import Grant, GrantKind, Household, IncomeSource
from hjemvej.housing.own_payment import own_payment_back
from hjemvej.housing.selectors import household_income_year
from hjemvej.housing.views.common import housing_form, submitted, to_housing
from hjemvej.rules.parameters import ParameterError, default_parameters

#: The parameter that proposes the amount of a follow-up payment, by kind.
DEFAULT_AMOUNTS = {
    GrantKind.HF_ESTABLISHMENT: "housing.grants.establishment_amount",
    GrantKind.HF_STARTER_KIT: "housing_first.establishment.furnishing",
}


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Set who would live in the dwelling and the household's own budget."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    household = Household.objects.filter(citizen=citizen).first()
    initial: dict[str, Any] = {"adults": 1, "children": 0}
    if household is not None:
        initial = {
            "adults": household.adults,
            "children": household.children,
            "wealth": household.wealth,
            "budget_monthly": household.budget_monthly,
        }
    form = HouseholdForm(request.POST or None, initial=initial)
    call = partial(services.household_set, actor=user, citizen=citizen)
    if submitted(request, form, call) is not None:
        return to_housing(request, citizen, "Husstanden er gemt.")
    return housing_form(request, form, citizen=citizen, title="Husstand og budget")


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def income_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one of the household's monthly incomes."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    form = IncomeForm(request.POST or None, initial={"valid_from": dates.today()})
    if request.method == "POST" and form.is_valid():
        income = attempt(
            form,
            lambda: services.income_add(
                actor=user, citizen=citizen, data=form.data_for_service(), confirmed=form.confirmed
            ),
        )
        if income is not None:
            return to_housing(request, citizen, "Indkomsten er registreret.")
    return housing_form(request, form, citizen=citizen, title="Ny indkomst")


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def income_edit(request: HttpRequest, pk: int, income_pk: int) -> HttpResponse:
    """Change or end an income."""
    citizen = scoped_citizen(request, pk)
    income = get_object_or_404(IncomeSource, pk=income_pk, citizen=citizen)
    user = current_user(request)
    initial = {
        name: getattr(income, name)
        for name in (
            "kind",
            "pension_kind",
            "monthly_after_tax",
            "monthly_before_tax",
            "label",
            "valid_from",
            "valid_to",
            "direct_rent_decided_on",
        )
    } | {"rates": list(rate_keys(income.rates))}
    form = IncomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.income_update(
                actor=user, income=income, data=form.data_for_service(), confirmed=form.confirmed
            ),
        )
        if saved is not None:
            return to_housing(request, citizen, "Indkomsten er gemt.")
    return housing_form(
        request, form, citizen=citizen, title=f"Ret indkomst: {income.get_kind_display()}"
    )


def _defaults(on: date) -> list[tuple[str, str, Any]]:
    """Return (kind label, amount text, parameter) for the proposed follow-up amounts."""
    params = default_parameters()
    out = []
    for kind, name in DEFAULT_AMOUNTS.items():
        try:
            value = params.at(name, on)
        except ParameterError:
            continue
        out.append((str(GrantKind(kind).label), value.display, value))
    return out


def _grant_initial(citizen: Citizen, grant: Grant | None, today: date) -> dict[str, Any]:
    """Return the form's start: the grant's values, or proposals from the latest lease."""
    if grant is not None:
        names = (
            "kind",
            "decision",
            "amount",
            "decided_on",
            "paid_on",
            "household_income_year",
            "repayment_monthly",
            "repayment_from",
            "reason",
        )
        return {name: getattr(grant, name) for name in names} | {
            "tenancy": grant.tenancy_id,
            "above_ceiling": _was_above_ceiling(citizen, grant),
        }
    latest = _tenancies(citizen).first()
    return {
        "decided_on": today,
        "tenancy": latest.pk if latest is not None else None,
        "amount": latest.dwelling.deposit if latest is not None and latest.dwelling else None,
        "household_income_year": household_income_year(list(citizen.incomes.all()), today),
    }


def _grant_page(request: HttpRequest, pk: int, grant_pk: int | None) -> HttpResponse:
    """Show and save the decision form: a new decision, or a change to one."""
    citizen = scoped_citizen(request, pk)
    grant = get_object_or_404(Grant, pk=grant_pk, citizen=citizen) if grant_pk else None
    user = current_user(request)
    today = dates.today()
    form = GrantForm(
        request.POST or None,
        tenancies=_tenancies(citizen),
        initial=_grant_initial(citizen, grant, today),
    )
    paid = own_payment_back(citizen, today)
    if paid.stays and not paid.problem:  # what an own payment paid back may be at most
        form.fields[
            "amount"
        ].help_text = f"Ved egenbetaling betalt tilbage højst det, borgeren har betalt. {paid.text}"
    if request.method == "POST" and form.is_valid():
        confirmed = form.cleaned_data["above_ceiling"]

        def save() -> Grant:
            if grant is None:
                return services.grant_create(
                    actor=user,
                    citizen=citizen,
                    data=form.data_for_service(),
                    above_ceiling_confirmed=confirmed,
                    confirmed=form.confirmed,
                    today=today,
                )
            return services.grant_update(
                actor=user,
                grant=grant,
                data=form.data_for_service(),
                above_ceiling_confirmed=confirmed,
                confirmed=form.confirmed,
                today=today,
            )

        saved = attempt(form, save)
        if saved is not None:
            done = "registreret" if grant is None else "gemt"
            return to_housing(
                request, citizen, f"{saved.get_kind_display()}: afgørelsen er {done}."
            )
    defaults = _defaults(today)
    title = "Ny bevilling eller afslag" if grant is None else f"Ret: {grant.get_kind_display()}"
    return housing_form(
        request,
        form,
        citizen=citizen,
        title=title,
        submit="Gem afgørelsen",
        intro="Du registrerer afgørelsen som den, der har truffet den.",
        extra={"defaults": defaults},
    )


def _was_above_ceiling(citizen: Citizen, grant: Grant) -> bool:
    """Return whether the loan was granted over the income ceiling (a voluntary loan)."""
    check = services.loan_check(
        citizen,
        services.GrantData(
            kind=grant.kind,
            amount=grant.amount,
            decided_on=grant.decided_on,
            tenancy=grant.tenancy,
            household_income_year=grant.household_income_year,
        ),
    )
    return check is not None and check.over_by > 0


def _tenancies(citizen: Citizen) -> Any:
    return citizen.tenancies.select_related("dwelling").order_by("-move_in")


@policy(Action.DECIDE_GRANTS)
@never_cache
@FORM_METHODS
def grant_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decided deposit loan, one-off grant or Housing First follow-up payment."""
    return _grant_page(request, pk, None)


@policy(Action.DECIDE_GRANTS)
@never_cache
@FORM_METHODS
def grant_edit(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    """Change a decision: the payment, the amount, the repayment."""
    return _grant_page(request, pk, grant_pk)
