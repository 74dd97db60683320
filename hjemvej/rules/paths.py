"""Five years of a citizen's path out of homelessness: what each path costs the municipality.

In the manner of Social- og Boligstyrelsen's SØM-based cases (as reported in Det Nationale
Partnerskab mod Hjemløshed, afrapportering 2025; see docs/rules.md, Five-year path costs): a
citizen leaves a § 110 shelter on the path's first day and then either

- moves into their own home with Housing First support after § 85 a (CTI, ICM, ACT or M-ACT), the
  deposit, a start package and an establishment amount paid by the municipality as follow-up
  expenses to Housing First; the support earns § 176 a reimbursement for 2 years after the
  discharge, because it was decided before it;
- moves into a botilbud: temporary (§ 107) for half a year, then longer-term, at one daily rate;
  § 176 a, stk. 2, reimburses the first 6 months;

or, as the alternative, stays on § 110 shelters N days every year (30, 90, 120 or 365), the stay
beginning on the first day of each path year: the municipality pays the daily rate, collects the
citizen's own payment and gets § 177 reimbursement for the days under the cap.

Shelter stays go through the § 177 engine (``rules.shelter.reimburse``) and support through
the § 176 a engine (``rules.support.support_reimbursement``), so caps, windows, rates and their
dates are the law engine's, under whatever parameter set is given (a scenario's too). Money is
integer øre; each path year's amounts are rounded where the engines round (per stay, per month)
and botilbud reimbursement once per path year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from hjemvej.rules.dates import add_months
from hjemvej.rules.explain import Step, danish_date, danish_period
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue
from hjemvej.rules.parameters import exact_kroner as kr
from hjemvej.rules.shelter import Readings, StayRow, StayTable, reimburse
from hjemvej.rules.support import (
    METHOD_LABELS,
    Method,
    Stay,
    SupportCourse,
    support_reimbursement,
)

METHODS: tuple[Method, ...] = ("cti", "icm", "act", "m_act")
SHELTER_DAYS: tuple[int, ...] = (30, 90, 120, 365)
YEARS = 5

MONTHLY = "housing_first.support.{method}.monthly"
MONTHS = "housing_first.support.{method}.months"
CTI_CONTACT = "housing_first.support.cti.contact_months"
DEPOSIT = "housing_first.establishment.deposit"
FURNISHING = "housing_first.establishment.furnishing"
ESTABLISHMENT = "housing_first.establishment.amount"
BOTILBUD_DAILY = "housing_first.botilbud.daily"
SHELTER_DAILY = "housing_first.shelter.daily_rate"
BOTILBUD_RATE = "support.botilbud.reimbursement.rate"

#: The parameters of law the paths use, besides the unit costs (for the page's status list).
LAW_PARAMETERS: tuple[str, ...] = (
    "shelter.reimbursement.rate",
    "shelter.reimbursement.day_cap",
    "shelter.own_payment.daily",
    "support.reimbursement.rate",
    "support.reimbursement.period_months",
    "support.botilbud.reimbursement.rate",
    "support.botilbud.reimbursement.period_months",
    "support.botilbud.reimbursement.within_months",
)

PathKind = Literal["shelter", "housing_first", "botilbud"]
_CITIZEN = "borger"


@dataclass(frozen=True)
class UnitCosts:
    """Unit costs of the paths in øre; ``months[m]`` None = support for the whole path."""

    monthly: Mapping[str, int]
    months: Mapping[str, int | None]
    deposit: int
    furnishing: int
    establishment: int
    botilbud_daily: int
    shelter_daily: int
    parameters: tuple[ParameterValue, ...] = ()

    @classmethod
    def from_parameters(cls, params: ParameterSet, on: date) -> UnitCosts:
        """Return the unit costs in force on the date (``housing_first.*`` parameters)."""
        used: list[ParameterValue] = []

        def money(name: str) -> int:
            value = params.at(name, on)
            used.append(value)
            if isinstance(value.value, bool) or not isinstance(value.value, int):
                raise ParameterError([f"{name}: værdien {value.display!r} er ikke et beløb"])
            return value.value

        def months(name: str) -> int | None:
            value = params.at(name, on)
            used.append(value)
            if value.value is None:
                return None
            if isinstance(value.value, bool) or not isinstance(value.value, int):
                raise ParameterError([f"{name}: værdien {value.display!r} er ikke et antal"])
            return value.value

        cti = months(MONTHS.format(method="cti"))
        contact = months(CTI_CONTACT)
        durations: dict[str, int | None] = {
            "cti": None if cti is None else cti + (contact or 0),
        }
        for method in METHODS[1:]:
            durations[method] = months(MONTHS.format(method=method))
        return cls(
            monthly={m: money(MONTHLY.format(method=m)) for m in METHODS},
            months=durations,
            deposit=money(DEPOSIT),
            furnishing=money(FURNISHING),
            establishment=money(ESTABLISHMENT),
            botilbud_daily=money(BOTILBUD_DAILY),
            shelter_daily=money(SHELTER_DAILY),
            parameters=tuple(used),
        )

    @property
    def move_in(self) -> int:
        """Return the one-off follow-up expenses: deposit, furnishing, establishment amount."""
        return self.deposit + self.furnishing + self.establishment


@dataclass(frozen=True)
class PathYear:
    """One year of a path: money in øre."""

    year: int  # 1 … years
    start: date
    end: date  # closed-open
    shelter_days: int = 0
    shelter_cost: int = 0
    own_payment: int = 0
    support_cost: int = 0
    move_in_cost: int = 0
    botilbud_cost: int = 0
    reimbursement: int = 0  # § 177 for shelter stays, § 176 a for support and botilbud

    @property
    def expense(self) -> int:
        """Return everything the municipality pays out in the year."""
        return self.shelter_cost + self.support_cost + self.move_in_cost + self.botilbud_cost

    @property
    def net_cost(self) -> int:
        """Return the municipal cost: expenses − own payment collected − state reimbursement."""
        return self.expense - self.own_payment - self.reimbursement


@dataclass(frozen=True)
class Path:
    """A path over the years with its explanation."""

    key: str  # "shelter_120", "cti", "botilbud"
    kind: PathKind
    label: str  # Danish
    years: tuple[PathYear, ...]
    steps: tuple[Step, ...] = field(default=())

    def total(self, attribute: str) -> int:
        """Return the sum of a PathYear attribute over the years."""
        return sum(int(getattr(y, attribute)) for y in self.years)

    @property
    def net_cost(self) -> int:
        """Return the municipal cost over the whole path."""
        return self.total("net_cost")

    @property
    def expense(self) -> int:
        """Return the expenses over the whole path."""
        return self.total("expense")

    @property
    def reimbursement(self) -> int:
        """Return the state reimbursement over the whole path."""
        return self.total("reimbursement")

    @property
    def own_payment(self) -> int:
        """Return the own payment over the whole path."""
        return self.total("own_payment")


def path_years(start: date, years: int) -> list[tuple[date, date]]:
    """Return the path years ``[start + k years, start + k + 1 years)``."""
    if start.day != 1:
        raise ValueError("et forløb skal begynde den 1. i en måned")
    if years < 1:
        raise ValueError("et forløb skal vare mindst ét år")
    return [(add_months(start, 12 * k), add_months(start, 12 * (k + 1))) for k in range(years)]


def shelter_path(
    days_per_year: int,
    *,
    start: date,
    params: ParameterSet,
    costs: UnitCosts,
    years: int = YEARS,
) -> Path:
    """Return the path of a stay of ``days_per_year`` days each year on a § 110 shelter (§ 177)."""
    if days_per_year < 1:
        raise ValueError("antal dage om året skal være mindst 1")
    spans = path_years(start, years)
    rows = [
        StayRow(
            stay_id=f"år {k}",
            citizen_id=_CITIZEN,
            admitted=lo,
            discharged=lo + timedelta(days=min(days_per_year, (hi - lo).days)),
            daily_rate=costs.shelter_daily,
        )
        for k, (lo, hi) in enumerate(spans, start=1)
    ]
    results = reimburse(
        StayTable.from_rows(rows), as_of=spans[-1][1], params=params, readings=Readings()
    )
    out: list[PathYear] = []
    steps: list[Step] = []
    for k, (lo, hi) in enumerate(spans, start=1):
        i = k - 1
        year = PathYear(
            year=k,
            start=lo,
            end=hi,
            shelter_days=int(results.days[i]),
            shelter_cost=int(results.gross_cost[i]),
            own_payment=int(results.own_payment[i]),
            reimbursement=int(results.reimbursement[i]),
        )
        out.append(year)
        paid = int(results.reimbursed_days[i])
        stay_end = rows[i].discharged or hi
        cap = params.at("shelter.reimbursement.day_cap", lo)
        percent = params.at("shelter.reimbursement.rate", lo)
        own = params.at("shelter.own_payment.daily", lo)
        steps.append(
            Step(
                lo,
                hi,
                f"År {k} ({danish_period(lo, hi)}): ophold {danish_period(lo, stay_end)}, "
                f"{year.shelter_days} dage à {kr(costs.shelter_daily)} = {kr(year.shelter_cost)}; "
                f"egenbetaling {kr(year.own_payment)} ({own.display} pr. dag, {own.status_label}); "
                f"refusion efter § 177 for {paid} dage ({percent.display} af taksten fratrukket "
                f"egenbetalingen; loft {cap.display} pr. år, {cap.status_label}) = "
                f"{kr(year.reimbursement)}; nettoudgift {kr(year.net_cost)}",
                "shelter_year",
                (cap, percent, own),
                {"days": year.shelter_days, "reimbursed_days": paid},
            )
        )
    return Path(
        key=f"shelter_{days_per_year}",
        kind="shelter",
        label=f"Boform efter § 110, {days_per_year} dage om året",
        years=tuple(out),
        steps=tuple(steps),
    )


def _discharge_stay(start: date) -> Stay:
    """Return the § 110 stay the path begins by leaving (discharged on the path's first day)."""
    return Stay(_CITIZEN, start - timedelta(days=30), start)


def housing_first_path(
    method: Method,
    *,
    start: date,
    params: ParameterSet,
    costs: UnitCosts,
    years: int = YEARS,
) -> Path:
    """Return the path of own housing with § 85 a support, move-in costs and § 176 a refund."""
    if method not in METHODS:
        raise ValueError(f"ukendt metode {method!r}")
    spans = path_years(start, years)
    end = spans[-1][1]
    months = costs.months[method]
    course_end = end if months is None else min(end, add_months(start, months))
    course = SupportCourse(
        course_id=method,
        citizen_id=_CITIZEN,
        method=method,
        decision_date=start - timedelta(days=1),
        start=start,
        end=course_end,
        monthly_cost=costs.monthly[method],
    )
    result = support_reimbursement([course], [_discharge_stay(start)], as_of=end, params=params)[0]
    if months is None:
        length = "uden tidsgrænse (hele perioden)"
    elif method == "cti":
        length = f"{months} måneder (kontaktperiode og tre faser à tre måneder)"
    else:
        length = f"{months} måneder"
    steps: list[Step] = [
        Step(
            start,
            start + timedelta(days=1),
            f"Udflytning fra boform efter § 110 den {danish_date(start)} til egen bolig. "
            f"Følgeudgifter til Housing First: indskud {kr(costs.deposit)}, indbo/startpakke "
            f"{kr(costs.furnishing)}, etableringsbeløb {kr(costs.establishment)}; i alt "
            f"{kr(costs.move_in)} i år 1 (ingen refusion).",
            "move_in",
        ),
        Step(
            start,
            course_end,
            f"Støtte efter {METHOD_LABELS[method]} fra {danish_date(start)}, {length}, à "
            f"{kr(costs.monthly[method])} pr. måned; afgørelsen er truffet inden udskrivningen.",
            "support",
        ),
    ]
    steps.extend(s for s in result.steps if s.kind.startswith("period_"))
    out: list[PathYear] = []
    for k, (lo, hi) in enumerate(spans, start=1):
        rows = [r for r in result.rows if lo <= r.month < hi]
        year = PathYear(
            year=k,
            start=lo,
            end=hi,
            support_cost=sum(r.cost for r in rows),
            move_in_cost=costs.move_in if k == 1 else 0,
            reimbursement=sum(r.reimbursement for r in rows),
        )
        out.append(year)
        steps.append(
            Step(
                lo,
                hi,
                f"År {k} ({danish_period(lo, hi)}): støtte {kr(year.support_cost)}"
                + (f", følgeudgifter {kr(year.move_in_cost)}" if year.move_in_cost else "")
                + f"; refusion efter § 176 a {kr(year.reimbursement)}; nettoudgift "
                f"{kr(year.net_cost)}",
                "support_year",
            )
        )
    return Path(
        key=method,
        kind="housing_first",
        label=f"Egen bolig med {METHOD_LABELS[method]}",
        years=tuple(out),
        steps=tuple(steps),
    )


def botilbud_path(
    *,
    start: date,
    params: ParameterSet,
    costs: UnitCosts,
    years: int = YEARS,
) -> Path:
    """Return the path of a botilbud: § 107 for half a year, then longer-term (§ 176 a, stk. 2)."""
    spans = path_years(start, years)
    end = spans[-1][1]
    placement = SupportCourse(
        course_id="botilbud",
        citizen_id=_CITIZEN,
        method="sel107",
        decision_date=start - timedelta(days=1),
        start=start,
        end=end,
        monthly_cost=0,  # priced per day below; the engine gives the reimbursement period
    )
    result = support_reimbursement([placement], [_discharge_stay(start)], as_of=end, params=params)[
        0
    ]
    periods = [(p.start, p.end) for p in result.periods]
    rate = params[BOTILBUD_RATE]
    steps: list[Step] = [
        Step(
            start,
            end,
            f"Botilbud fra udskrivningen den {danish_date(start)}: midlertidigt efter § 107, "
            f"derefter længerevarende, à {kr(costs.botilbud_daily)} pr. døgn (borgerens "
            "egenbetaling i botilbuddet er ikke fratrukket).",
            "botilbud",
        ),
        *(
            Step(p.start, p.end, p.explanation, f"period_{p.basis}", p.parameters)
            for p in result.periods
        ),
    ]
    out: list[PathYear] = []
    for k, (lo, hi) in enumerate(spans, start=1):
        days = (hi - lo).days
        refund = Fraction(0)
        for a, b in _clip(periods, lo, hi):
            for value in rate.between(a, b):
                s, e = max(a, value.valid_from), min(b, value.valid_to or b)
                refund += _percent(value) / 100 * costs.botilbud_daily * (e - s).days
        year = PathYear(
            year=k,
            start=lo,
            end=hi,
            botilbud_cost=days * costs.botilbud_daily,
            reimbursement=int((refund * 2 + 1) // 2),  # rounded once per path year, half up
        )
        out.append(year)
        steps.append(
            Step(
                lo,
                hi,
                f"År {k} ({danish_period(lo, hi)}): {days} døgn i botilbud = "
                f"{kr(year.botilbud_cost)}; refusion efter § 176 a, stk. 2, "
                f"{kr(year.reimbursement)}; nettoudgift {kr(year.net_cost)}",
                "botilbud_year",
            )
        )
    return Path(
        key="botilbud",
        kind="botilbud",
        label="Botilbud (§ 107, derefter længerevarende)",
        years=tuple(out),
        steps=tuple(steps),
    )


def compare_paths(
    *,
    start: date,
    params: ParameterSet,
    costs: UnitCosts | None = None,
    years: int = YEARS,
    methods: Iterable[Method] = METHODS,
    shelter_days: Sequence[int] = SHELTER_DAYS,
    botilbud: bool = True,
) -> list[Path]:
    """Return the Housing First paths, the botilbud path and the shelter paths side by side."""
    costs = costs or UnitCosts.from_parameters(params, start)
    paths = [
        housing_first_path(m, start=start, params=params, costs=costs, years=years) for m in methods
    ]
    if botilbud:
        paths.append(botilbud_path(start=start, params=params, costs=costs, years=years))
    paths.extend(
        shelter_path(d, start=start, params=params, costs=costs, years=years) for d in shelter_days
    )
    return paths


def used_parameters(params: ParameterSet, start: date, end: date) -> list[ParameterValue]:
    """Return the dated values of law the paths use on some day of ``[start, end)``."""
    return [v for name in LAW_PARAMETERS for v in params[name].between(start, end)]


def _clip(intervals: Iterable[tuple[date, date]], lo: date, hi: date) -> list[tuple[date, date]]:
    return [(max(a, lo), min(b, hi)) for a, b in intervals if max(a, lo) < min(b, hi)]


def _percent(value: ParameterValue) -> Fraction:
    if isinstance(value.value, Decimal):
        return Fraction(value.value)
    raise ParameterError([f"{value.name}: værdien {value.display!r} er ikke en procentsats"])
