"""Payment capacity (betalingsevne): what is left after rent, and the largest rent one can pay.

Disposable income = income after tax + housing benefit for the rent; the disposable amount
(rådighedsbeløb) = disposable income − rent (docs/rules.md, Payment capacity and housing benefit).
A rent is affordable when the disposable amount is at least the monthly budget for everything else.

The housing benefit grows with the rent, so the largest affordable rent is the largest ``r`` with
``r ≤ g(r)``, where ``g(r) = income − budget + benefit(r)``. ``g`` is non-decreasing (the benefit
never falls when the rent rises) but a step function (the benefit is whole kroner), so the set of
affordable rents need not be an interval at the øre level and bisection could stop at a local edge.
Iterating ``r ← g(r)`` from the top, ``g(∞)``, finds the *greatest* such ``r`` exactly: every
affordable rent ``a`` satisfies ``a ≤ g(a) ≤ g(r)`` for ``r ≥ a``, so the iteration never passes
below it, and it stops at the first ``r`` with ``r ≤ g(r)``. It converges fast because the benefit
rises by at most 60 % of the rent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.rules.affordability.housing_benefit import Rules, compute, resolve_rules, result
from hjemvej.rules.affordability.model import (
    MERGED_BENEFITS,
    RATES_BY_KIND,
    SPECIAL_SUPPORT_SHARE,
    AffordabilityError,
    AffordableRent,
    Household,
    Income,
    PaymentCapacityResult,
    RentTerms,
    RentWarning,
    kroner,
)
from hjemvej.rules.explain import Step
from hjemvej.rules.parameters import ParameterSet, ParameterValue, default_parameters

BUDGET = "affordability.budget.single_no_children"
FLOOR = "affordability.budget.floor"
#: A monthly rent (øre) far above every rent ceiling: the benefit there is the largest possible.
_UNBOUNDED_RENT = 10**12


def _sentence(text: str) -> str:
    """Return Danish text with a single full stop after an amount that ends a sentence."""
    return text.replace("kr..", "kr.")


def _step(
    on: date, kind: str, text: str, params: tuple[ParameterValue, ...] = (), **data: object
) -> Step:
    """Return a one-day step; an amount ending a sentence keeps a single full stop."""
    return Step(on, on + timedelta(days=1), _sentence(text), kind, params, data)


def _merged(income: Income, on: date, params: ParameterSet) -> None:
    """Raise when the income is a benefit that became kontanthjælp before the date."""
    flag = MERGED_BENEFITS.get(income.kind)
    if flag is None or params.flag(flag, on):
        return
    ended = params.at(flag, on)
    raise AffordabilityError(
        f"{income.name.capitalize()} findes ikke den {on:%d.%m.%Y}: ydelsen blev kontanthjælp "
        f"{ended.valid_from:%d.%m.%Y} ({ended.reference}). Registrér indkomsten fra den dato "
        "som kontanthjælp med kontanthjælpens satser"
    )


def _rates(income: Income, on: date, params: ParameterSet) -> tuple[int, str, list[ParameterValue]]:
    """Return the before-tax sum of the income's rates, its Danish basis, and the values used."""
    allowed = set(RATES_BY_KIND.get(income.kind, {}).values())
    used: list[ParameterValue] = []
    for name in income.rates:
        value = params.at(name, on)
        if value.unit != "kr/month" or not value.name.startswith("affordability."):
            raise AffordabilityError(
                f"{value.name} er ikke en månedlig ydelsessats og kan ikke bruges som sats"
            )
        if name not in allowed:
            raise AffordabilityError(f"satsen {name} hører ikke til {income.name}")
        if value.value is None:
            raise AffordabilityError(
                f"{income.name.capitalize()} har ingen sats {name} den {on:%d.%m.%Y} "
                f"({value.reference})"
            )
        used.append(value)
    amounts = [params.money(v.name, on) for v in used]
    parts = " + ".join(
        f"{kroner(amount)} ({v.status_label})" for v, amount in zip(used, amounts, strict=True)
    )
    gross = sum(amounts)
    return gross, f"før skat {kroner(gross)} efter satserne ({parts})", used


def _share(amount: int, share: Decimal) -> int:
    """Return ``share`` percent of an amount in øre, rounded down to the øre."""
    return int(amount * share // 100)


def _special_support(
    income: Income, on: date, params: ParameterSet
) -> tuple[int, int, str, tuple[ParameterValue, ...]]:
    """Return a særlig støtte's counted after-tax and before-tax amounts under its phase-out."""
    value = params.at(SPECIAL_SUPPORT_SHARE, on)
    share = params.percent(SPECIAL_SUPPORT_SHARE, on)
    recorded_gross = (
        income.monthly_before_tax
        if income.monthly_before_tax is not None
        else income.monthly_after_tax
    )
    after_tax = _share(income.monthly_after_tax, share)
    gross = _share(recorded_gross, share)
    since = f"fra {value.valid_from:%d.%m.%Y} ({value.status_label}: {value.reference})"
    if share == 0:
        basis = f"tæller ikke med i indkomsten {since}: støtten er udfaset"
    else:
        basis = (
            f"{share} % tæller med {since}: {kroner(after_tax)} efter skat og "
            f"{kroner(gross)} før skat"
        )
    return after_tax, gross, basis, (value,)


def _income_line(income: Income, on: date, params: ParameterSet) -> tuple[int, int, Step]:
    """Return one income's counted monthly amounts after and before tax, and its step."""
    _merged(income, on, params)
    used: tuple[ParameterValue, ...] = ()
    after_tax = income.monthly_after_tax
    if income.kind == "special_support":
        after_tax, gross, basis, used = _special_support(income, on, params)
    elif income.monthly_before_tax is not None:
        gross = income.monthly_before_tax
        basis = f"før skat {kroner(gross)}"
    elif income.rates:
        gross, basis, rates = _rates(income, on, params)
        used = tuple(rates)
    else:
        gross = income.monthly_after_tax
        basis = (
            "beløbet før skat er ikke oplyst, så beløbet efter skat bruges i "
            "husstandsindkomsten (boligsikringen kan blive for høj)"
        )
    step = _step(
        on,
        "income",
        f"{income.name.capitalize()}: {kroner(income.monthly_after_tax)} om måneden "
        f"efter skat; {basis}.",
        used,
        kind_of_income=income.kind,
        after_tax=after_tax,
        before_tax=gross,
    )
    return after_tax, gross, step


def income_before_tax(income: Income, on: date, params: ParameterSet | None = None) -> int:
    """Return the monthly amount (øre) an income adds to the taxable household income on a date.

    The before-tax amount when given, else the sum of its rates on the date, else the after-tax
    amount; a særlig støtte counts by its phase-out share. Raises ``AffordabilityError`` for a
    benefit that no longer exists on the date (it became kontanthjælp).
    """
    return _income_line(income, on, params or default_parameters())[1]


def _incomes(
    incomes: Sequence[Income], on: date, params: ParameterSet
) -> tuple[int, int, list[Step]]:
    """Return monthly income after tax, monthly taxable income, and one step per source."""
    after_tax = 0
    before_tax = 0
    steps: list[Step] = []
    for income in incomes:
        net, gross, step = _income_line(income, on, params)
        after_tax += net
        before_tax += gross
        steps.append(step)
    return after_tax, before_tax, steps


def _budget(
    household: Household, budget: int | None, on: date, params: ParameterSet
) -> tuple[int, int, list[Step]]:
    """Return the monthly budget, the floor, and the steps that say where they come from."""
    floor_value = params.at(FLOOR, on)
    floor = params.money(FLOOR, on)
    if budget is not None:
        if budget < 0:
            raise AffordabilityError("budgettet kan ikke være negativt")
        text = f"Budget til alt andet end husleje: {kroner(budget)} om måneden (angivet)."
        return budget, floor, [_step(on, "budget", text, (floor_value,), budget=budget)]
    value = params.at(BUDGET, on)
    amount = params.money(BUDGET, on)
    text = (
        f"Budget til alt andet end husleje: {kroner(amount)} om måneden "
        f"({value.status_label}: {value.reference}); gulvet under de mest gunstige "
        f"forudsætninger er {kroner(floor)}."
    )
    steps = [_step(on, "budget", text, (value, floor_value), budget=amount)]
    if not household.is_single_without_children:
        steps.append(
            _step(
                on,
                "budget_household_mismatch",
                f"Bemærk: budgettet gælder en enlig uden børn, men husstanden er "
                f"{household.describe()}. Angiv et budget for husstanden, hvis det er muligt.",
                (value,),
            )
        )
    return amount, floor, steps


def _solve(rules: Rules, net: int, income_year: int, budget: int) -> tuple[int, bool]:
    """Return the largest monthly rent leaving ``budget``, and whether any rent does."""

    def g(rent: int) -> int:
        return net - budget + compute(rules, rent, income_year).monthly

    if net < budget:  # a rent of 0 gives no benefit, so even that leaves too little
        return 0, False
    rent = g(_UNBOUNDED_RENT)
    while (below := g(rent)) < rent:
        rent = below
    return rent, True


def _affordable(rules: Rules, net: int, income_year: int, budget: int, on: date) -> AffordableRent:
    """Return the largest affordable rent with its explanation."""
    max_rent, feasible = _solve(rules, net, income_year, budget)
    benefit = compute(rules, max_rent, income_year).monthly
    if not feasible:
        text = (
            f"Indkomsten efter skat, {kroner(net)} om måneden, er under budgettet på "
            f"{kroner(budget)}; ingen husleje kan betales, uden at budgettet brydes."
        )
        step = _step(on, "no_affordable_rent", text, budget=budget, income=net)
    else:
        left = net + benefit - max_rent
        text = (
            f"Den højeste husleje, der efterlader budgettet, er {kroner(max_rent)} om måneden: "
            f"med boligsikring {kroner(benefit)} er rådighedsbeløbet {kroner(left)} "
            f"(budget {kroner(budget)}); 1 øre mere i husleje giver mindre end budgettet."
        )
        step = _step(on, "max_affordable_rent", text, max_rent=max_rent, housing_benefit=benefit)
    return AffordableRent(
        on=on,
        max_rent=max_rent,
        feasible=feasible,
        budget=budget,
        income_after_tax=net,
        housing_benefit_monthly=benefit,
        steps=(step,),
    )


def affordable_rent(
    *,
    incomes: Sequence[Income],
    household: Household,
    area_m2: int | None,
    on: date,
    params: ParameterSet | None = None,
    budget: int | None = None,
    household_income_year: int | None = None,
    terms: RentTerms | None = None,
) -> AffordableRent:
    """Return the largest monthly rent leaving the budget (betalingsevne; boligstøtteloven § 22).

    ``area_m2`` None takes the dwelling to be within the area limit. ``household_income_year``
    overrides the taxable household income derived from the incomes.
    """
    params = params or default_parameters()
    net, gross, income_steps = _incomes(incomes, on, params)
    amount, _, budget_steps = _budget(household, budget, on, params)
    rules = resolve_rules(household, area_m2, on, params, terms)
    income_year = 12 * gross if household_income_year is None else household_income_year
    result = _affordable(rules, net, income_year, amount, on)
    return AffordableRent(
        on=result.on,
        max_rent=result.max_rent,
        feasible=result.feasible,
        budget=result.budget,
        income_after_tax=result.income_after_tax,
        housing_benefit_monthly=result.housing_benefit_monthly,
        steps=(*income_steps, *budget_steps, *result.steps),
    )


def max_affordable_rent(
    *,
    incomes: Sequence[Income],
    household: Household,
    area_m2: int | None,
    on: date,
    params: ParameterSet | None = None,
    budget: int | None = None,
    household_income_year: int | None = None,
    terms: RentTerms | None = None,
) -> int:
    """Return the largest affordable monthly rent in øre, 0 when none is (boligstøtteloven § 22)."""
    return affordable_rent(
        incomes=incomes,
        household=household,
        area_m2=area_m2,
        on=on,
        params=params,
        budget=budget,
        household_income_year=household_income_year,
        terms=terms,
    ).max_rent


def payment_capacity(
    *,
    incomes: Sequence[Income],
    rent: int,
    household: Household,
    area_m2: int | None,
    on: date,
    params: ParameterSet | None = None,
    budget: int | None = None,
    household_income_year: int | None = None,
    terms: RentTerms | None = None,
) -> PaymentCapacityResult:
    """Return the payment capacity for a monthly rent, with a warning when it breaks the budget.

    Housing benefit follows boligstøtteloven §§ 12–15 and 22–23; the budget is explained in
    docs/rules.md, Payment capacity and housing benefit.
    """
    params = params or default_parameters()
    if rent < 0:
        raise AffordabilityError("huslejen kan ikke være negativ")
    net, gross, steps = _incomes(incomes, on, params)
    income_year = 12 * gross if household_income_year is None else household_income_year
    steps.append(
        _step(
            on,
            "income_total",
            f"Indkomst efter skat i alt: {kroner(net)} om måneden. Husstandsindkomst før skat "
            f"til boligsikringen: {kroner(income_year)} om året"
            + (" (angivet)." if household_income_year is not None else "."),
            income_after_tax=net,
            household_income_year=income_year,
        )
    )
    rules = resolve_rules(household, area_m2, on, params, terms)
    benefit = result(rules, compute(rules, rent, income_year), rent)
    steps.extend(benefit.steps)
    disposable_income = net + benefit.monthly
    disposable_amount = disposable_income - rent
    steps.append(
        _step(
            on,
            "disposable_amount",
            f"Disponibel indkomst: {kroner(net)} + boligsikring {kroner(benefit.monthly)} = "
            f"{kroner(disposable_income)}. Rådighedsbeløb efter husleje {kroner(rent)}: "
            f"{kroner(disposable_amount)} om måneden.",
            disposable_income=disposable_income,
            disposable_amount=disposable_amount,
        )
    )
    amount, floor, budget_steps = _budget(household, budget, on, params)
    steps.extend(budget_steps)
    warnings: list[RentWarning] = []
    if disposable_amount < amount:
        warnings.append(
            RentWarning(
                kind="below_budget",
                text=_sentence(
                    f"Huslejen {kroner(rent)} efterlader {kroner(disposable_amount)} om måneden, "
                    f"{kroner(amount - disposable_amount)} under budgettet på {kroner(amount)}."
                ),
                shortfall=amount - disposable_amount,
            )
        )
    if disposable_amount < floor:
        warnings.append(
            RentWarning(
                kind="below_floor",
                text=_sentence(
                    f"Rådighedsbeløbet er {kroner(floor - disposable_amount)} under gulvet på "
                    f"{kroner(floor)}: huslejen er ikke betalbar selv under de mest gunstige "
                    "forudsætninger."
                ),
                shortfall=floor - disposable_amount,
            )
        )
    for warning in warnings:
        steps.append(
            _step(on, warning.kind, f"Advarsel: {warning.text}", shortfall=warning.shortfall)
        )
    if not warnings:
        steps.append(
            _step(
                on,
                "within_budget",
                f"Huslejen er betalbar: rådighedsbeløbet {kroner(disposable_amount)} er mindst "
                f"budgettet på {kroner(amount)}.",
            )
        )
    best = _affordable(rules, net, income_year, amount, on)
    steps.extend(best.steps)
    return PaymentCapacityResult(
        on=on,
        rent=rent,
        income_after_tax=net,
        household_income_year=income_year,
        housing_benefit=benefit,
        disposable_income=disposable_income,
        disposable_amount=disposable_amount,
        budget=amount,
        floor=floor,
        max_affordable_rent=best,
        warnings=tuple(warnings),
        steps=tuple(steps),
    )
