"""Where a municipality may not allocate a dwelling: almenboligloven § 59, stk. 6–7, and § 51 c.

§ 59, stk. 6: a vacant dwelling at the municipality's disposal (§ 59, stk. 1–5) in an udsat
boligområde (§ 61 a, stk. 1; parallelsamfund and omdannelsesområder are such areas) may not be
allocated to a household where a member (1–2) was released after a sentence within 6 months,
(3) had a lease ended for grave breaches of good conduct within 6 months, (4) is not an EU/EEA or
Swiss citizen (students excepted), (5) received kontanthjælp, uddannelseshjælp or
selvforsørgelses- og hjemrejseydelse for 6 consecutive calendar months, (6) receives
førtidspension, or (7) received dagpenge, sygedagpenge or ressourceforløbsydelse for 6 months.

§ 59, stk. 7: in a forebyggelsesområde (§ 61 b) the criteria of stk. 6, nr. 1–4, and 6 months of
selvforsørgelses- og hjemrejseydelse or overgangsydelse apply.

§ 51 c: in an omdannelsesområde the housing organisation must refuse applicants on its waiting
list who receive kontanthjælp (letting from the waiting list, not municipal allocation).

Hjemvej records only incomes, so criteria 5 and 6 (and § 51 c) are checked from the recorded
benefits; the others become a question for the case worker. Nothing about convictions,
nationality or conduct is ever stored or shown. These are warnings, never blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.explain import danish_date
from hjemvej.rules.housing.model import (
    VULNERABLE_AREAS,
    AllocationWarning,
    BenefitPeriod,
)
from hjemvej.rules.parameters import (
    ParameterError,
    ParameterSet,
    ParameterValue,
    default_parameters,
)

VULNERABLE_RULE = "housing.allocation.vulnerable_area_rule"
PREVENTION_RULE = "housing.allocation.prevention_area_rule"
WAITING_LIST_RULE = "housing.allocation.transformation_waiting_list_rule"
BENEFIT_MONTHS = "housing.allocation.benefit_months"
RECENT_MONTHS = "housing.allocation.recent_months"

SECTION_6 = "almenboligloven § 59, stk. 6"
SECTION_7 = "almenboligloven § 59, stk. 7"
SECTION_51C = "almenboligloven § 51 c"


def month_start(day: date) -> date:
    """Return the first day of the day's month."""
    return day.replace(day=1)


def next_month_start(day: date) -> date:
    """Return the first day of the month after the day's month."""
    return month_start_plus(day, 1)


def months_between(first: date, last: date) -> int:
    """Return the number of whole months from one first-of-month to another."""
    return (last.year - first.year) * 12 + last.month - first.month


def run_start(periods: Sequence[BenefitPeriod], day: date) -> date | None:
    """Return the first day of the unbroken run of the periods that covers the day, or None."""
    covering = [p for p in periods if p.covers(day)]
    if not covering:
        return None
    start = min(p.start for p in covering)
    while True:
        # A period ending on (or after) the run's first day joins it: [a, b) then [b, c).
        earlier = [p for p in periods if p.start < start and (p.end is None or p.end >= start)]
        if not earlier:
            return start
        start = min(p.start for p in earlier)


def full_months_before(periods: Sequence[BenefitPeriod], on: date) -> tuple[int, date | None]:
    """Return the whole calendar months received right before ``on``'s month, and since when.

    The months counted are those immediately before the month of ``on`` (Hjemvej's reading of
    "6 sammenhængende kalendermåneder"), each covered on every day.
    """
    this_month = month_start(on)
    start = run_start(periods, this_month - timedelta(days=1))
    if start is None:
        return 0, None
    first_full = start if start.day == 1 else next_month_start(start)
    return max(0, months_between(first_full, this_month)), start


def _param(params: ParameterSet, name: str, on: date) -> ParameterValue | None:
    """Return the value in force, or None before the parameter's first value."""
    try:
        return params.at(name, on)
    except ParameterError:
        return None


def _in_force(params: ParameterSet, name: str, on: date) -> ParameterValue | None:
    value = _param(params, name, on)
    return value if value is not None and value.value is True else None


def _checks_text(recent: ParameterValue | None, *, with_section_6: bool) -> str:
    months = recent.display if recent is not None else "6 måneder"
    items = [
        f"er løsladt efter afsoning af en dom inden for de seneste {months} (nr. 1–2)",
        f"inden for de seneste {months} har fået sit lejemål ophævet eller opsagt på grund af "
        "grove overtrædelser af god skik og orden (nr. 3)",
        "ikke er statsborger i et EU- eller EØS-land eller Schweiz, bortset fra studerende (nr. 4)",
    ]
    if with_section_6:
        items.append(
            "i 6 sammenhængende kalendermåneder har fået arbejdsløshedsdagpenge, sygedagpenge "
            "eller ressourceforløbsydelse (nr. 7)"
        )
    else:
        items.append(
            "i 6 sammenhængende kalendermåneder har fået selvforsørgelses- og hjemrejseydelse "
            "eller overgangsydelse"
        )
    return (
        "Kontrollér før anvisningen, om et medlem af husstanden "
        + "; ".join(items)
        + ". Hjemvej registrerer ikke disse oplysninger."
    )


def _benefit_months(
    cash: Sequence[BenefitPeriod],
    on: date,
    needed: int,
    used: tuple[ParameterValue, ...],
) -> list[AllocationWarning]:
    """Return the § 59, stk. 6, nr. 5 warning: kontanthjælp for ``needed`` whole months."""
    months, since = full_months_before(cash, on)
    if months >= needed and since is not None:
        text = (
            f"Boligen ligger i et udsat boligområde. Kommunen må ikke anvise den, når et medlem af "
            f"husstanden har fået kontanthjælp i {needed} sammenhængende kalendermåneder. "
            f"Borgeren har fået kontanthjælp siden {danish_date(since)}."
        )
        return [AllocationWarning("benefit_months", "applies", text, f"{SECTION_6}, nr. 5", used)]
    if any(b.covers(on) for b in cash):
        text = (
            f"Borgeren får kontanthjælp, men Hjemvej har kun {months} hele kalendermåneder "
            "registreret før denne måned. Kontrollér, om borgeren har fået kontanthjælp, "
            "uddannelseshjælp eller selvforsørgelses- og hjemrejseydelse i "
            f"{needed} sammenhængende kalendermåneder; i så fald må boligen ikke anvises."
        )
        return [
            AllocationWarning("benefit_months_check", "check", text, f"{SECTION_6}, nr. 5", used)
        ]
    return []


def _vulnerable(
    benefits: Sequence[BenefitPeriod], on: date, params: ParameterSet, rule: ParameterValue
) -> list[AllocationWarning]:
    """Return the § 59, stk. 6 warnings for a dwelling in an udsat boligområde."""
    warnings: list[AllocationWarning] = []
    months_value = _param(params, BENEFIT_MONTHS, on)
    recent = _param(params, RECENT_MONTHS, on)
    if months_value is not None:
        cash = [b for b in benefits if b.kind == "cash_benefit"]
        needed = params.count(BENEFIT_MONTHS, on)
        warnings.extend(_benefit_months(cash, on, needed, (rule, months_value)))
    if any(b.kind == "disability_pension" and b.covers(on) for b in benefits):
        text = (
            "Boligen ligger i et udsat boligområde. Kommunen må ikke anvise den, når et medlem af "
            "husstanden får førtidspension. Borgeren får førtidspension."
        )
        warnings.append(
            AllocationWarning("disability_pension", "applies", text, f"{SECTION_6}, nr. 6", (rule,))
        )
    warnings.append(
        AllocationWarning(
            code="check_criteria",
            severity="check",
            text=_checks_text(recent, with_section_6=True),
            reference=f"{SECTION_6}, nr. 1–4 og 7",
            parameters=tuple(v for v in (rule, recent) if v is not None),
        )
    )
    return warnings


def allocation_warnings(
    *,
    area_status: str,
    municipal_allocation: bool,
    social_housing: bool,
    benefits: Sequence[BenefitPeriod],
    on: date,
    params: ParameterSet | None = None,
) -> tuple[AllocationWarning, ...]:
    """Return why the dwelling may not be allocated to this household (almenboligloven § 59).

    ``municipal_allocation``: the dwelling is at the municipality's disposal (§ 59, stk. 1–5).
    ``social_housing``: the landlord is an almen boligorganisation (§§ 51 c and 59 concern only
    almene familieboliger). ``benefits``: what the household is recorded to receive.
    """
    params = params or default_parameters()
    if not social_housing or area_status == "ordinary":
        return ()
    warnings: list[AllocationWarning] = []
    if municipal_allocation and area_status in VULNERABLE_AREAS:
        rule = _in_force(params, VULNERABLE_RULE, on)
        if rule is not None:
            warnings.extend(_vulnerable(benefits, on, params, rule))
    elif municipal_allocation and area_status == "prevention":
        rule = _in_force(params, PREVENTION_RULE, on)
        if rule is not None:
            recent = _param(params, RECENT_MONTHS, on)
            warnings.append(
                AllocationWarning(
                    code="check_criteria",
                    severity="check",
                    text="Boligen ligger i et forebyggelsesområde. "
                    + _checks_text(recent, with_section_6=False),
                    reference=f"{SECTION_7}, jf. stk. 6, nr. 1–4",
                    parameters=tuple(v for v in (rule, recent) if v is not None),
                )
            )
    elif not municipal_allocation and area_status == "transformation":
        rule = _in_force(params, WAITING_LIST_RULE, on)
        if rule is not None and any(b.kind == "cash_benefit" and b.covers(on) for b in benefits):
            warnings.append(
                AllocationWarning(
                    code="waiting_list_cash_benefit",
                    severity="applies",
                    text=(
                        "Boligen ligger i et omdannelsesområde og udlejes fra ventelisten. "
                        "Boligorganisationen skal afvise boligsøgende, der får kontanthjælp, og "
                        "borgeren får kontanthjælp. Kommunen kan dispensere i helt særlige "
                        "tilfælde."
                    ),
                    reference=f"{SECTION_51C}, stk. 1 og 4",
                    parameters=(rule,),
                )
            )
    return tuple(warnings)


def area_restrictions(
    *,
    area_status: str,
    municipal_allocation: bool,
    social_housing: bool,
    on: date,
    params: ParameterSet | None = None,
) -> tuple[AllocationWarning, ...]:
    """Return the allocation rules that hold for the dwelling, whoever it is for (§§ 51 c, 59)."""
    params = params or default_parameters()
    if not social_housing or area_status == "ordinary":
        return ()
    recent = _param(params, RECENT_MONTHS, on)
    months = recent.display if recent is not None else "6 måneder"
    if municipal_allocation and area_status in VULNERABLE_AREAS:
        rule = _in_force(params, VULNERABLE_RULE, on)
        if rule is None:
            return ()
        text = (
            "Boligen ligger i et udsat boligområde. Kommunen må ikke anvise den til en husstand, "
            "hvor et medlem har fået kontanthjælp, uddannelseshjælp eller selvforsørgelses- og "
            "hjemrejseydelse i 6 sammenhængende kalendermåneder (nr. 5), får førtidspension "
            "(nr. 6) eller har fået dagpenge, sygedagpenge eller ressourceforløbsydelse i 6 "
            f"sammenhængende kalendermåneder (nr. 7), eller hvor et medlem inden for {months} er "
            "løsladt efter afsoning eller har fået lejemålet ophævet for grove overtrædelser af "
            "god skik og orden, eller ikke er statsborger i et EU- eller EØS-land eller Schweiz "
            "(nr. 1–4)."
        )
        return (AllocationWarning("area_rule", "check", text, SECTION_6, (rule,)),)
    if municipal_allocation and area_status == "prevention":
        rule = _in_force(params, PREVENTION_RULE, on)
        if rule is None:
            return ()
        text = (
            "Boligen ligger i et forebyggelsesområde. Kommunen må ikke anvise den til en "
            f"husstand, hvor et medlem inden for {months} er løsladt efter afsoning eller har fået "
            "lejemålet ophævet for grove overtrædelser af god skik og orden, ikke er statsborger i "
            "et EU- eller EØS-land eller Schweiz, eller har fået selvforsørgelses- og "
            "hjemrejseydelse eller overgangsydelse i 6 sammenhængende kalendermåneder."
        )
        return (AllocationWarning("area_rule", "check", text, SECTION_7, (rule,)),)
    if not municipal_allocation and area_status == "transformation":
        rule = _in_force(params, WAITING_LIST_RULE, on)
        if rule is None:
            return ()
        text = (
            "Boligen ligger i et omdannelsesområde og udlejes fra ventelisten. "
            "Boligorganisationen skal afvise boligsøgende, der får kontanthjælp, "
            "uddannelseshjælp eller selvforsørgelses- og hjemrejseydelse."
        )
        return (AllocationWarning("area_rule", "check", text, SECTION_51C, (rule,)),)
    return ()
