"""Boligsikring: housing benefit for tenants who are not pensioners (lov om individuel boligstøtte).

The household income counts a wealth supplement (formuetillæg, § 8 a): a share of the wealth over a
lower limit and a higher share of the wealth over an upper limit, each share of its own band. The
housing cost is the yearly rent adjusted per m² for what the rent covers (§ 10): heating, hot water
and electricity included are deducted, a tenant's maintenance adds a supplement.

The yearly benefit is the smallest of (§§ 22–23)::

    rent share × counted rent − income share × max(0, household income − threshold)   (§ 22, stk. 1)
    counted rent − minimum own payment                                                (§ 22, stk. 2)
    15 % × counted rent, for households without children unless exempt                (§ 22, stk. 3)
    the maximum benefit                                                               (§ 23, stk. 1)

and never below zero. The counted rent is the yearly rent, reduced proportionally when the dwelling
is larger than the area limit (§§ 12–13) and capped by the rent ceiling (§ 14). Every step is exact
(``Fraction`` of øre); the one rounding is the last step: the yearly amount is rounded *down* to a
multiple of the rounding parameter (12 kr.), so the monthly amount is a whole number of kroner.
A benefit below the minimum payout (§§ 33–34) is not paid the first time it is computed; Hjemvej
computes a new dwelling's benefit, so it applies the minimum.

Reading where the law is silent: the minimum own payment and the 15 % cap are taken of the counted
rent (the "boligudgift" of chapters 2–3), not of the rent on the lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hjemvej.rules.affordability.model import (
    LIMIT_LABELS,
    MAINTENANCE_LABELS,
    NO_CHILDREN_CAP_EXEMPT_KINDS,
    AffordabilityError,
    Household,
    HousingBenefitNotCovered,
    HousingBenefitResult,
    Limit,
    RentTerms,
    kroner,
)
from hjemvej.rules.explain import Step
from hjemvej.rules.parameters import (
    ParameterError,
    ParameterSet,
    ParameterValue,
    default_parameters,
    format_value,
)

P = "affordability.housing_benefit."


def _percent(value: ParameterValue) -> Fraction:
    """Return a percent parameter as an exact fraction of one."""
    if isinstance(value.value, Decimal):
        return Fraction(value.value) / 100
    raise ParameterError([f"{value.name}: værdien {value.display!r} er ikke en procentsats"])


def _pct(share: Fraction) -> str:
    """Return a share of one as a Danish percentage."""
    hundred = share * 100
    return format_value(Decimal(hundred.numerator) / Decimal(hundred.denominator), "percent")


@dataclass(frozen=True)
class Rules:
    """The § 12–23 amounts in force on one date, resolved for one household and dwelling."""

    on: date
    household: Household
    area_m2: int | None
    allowed_area: int
    rent_share: Fraction
    income_share: Fraction
    threshold: int  # øre a year, including the raise for children
    threshold_raises: int  # children the threshold was raised for
    min_own_payment: int  # øre a year
    cap_share: Fraction | None  # 15 % cap when it applies, else None
    cap_exemption: str | None  # why the 15 % cap does not apply to a household without children
    max_amount: Fraction  # øre a year
    max_amount_children_raise: bool
    rent_ceiling: int  # øre a year
    rounding: int  # øre a year
    review_share: Fraction
    used: dict[str, ParameterValue]
    wealth_supplement: Fraction = Fraction(0)  # øre a year added to the household income (§ 8 a)
    rent_adjustment: Fraction = Fraction(0)  # øre a year added to the rent (§ 10; negative: less)
    adjustments: tuple[tuple[str, Fraction, str], ...] = ()  # (what, øre a year, parameter)
    minimum_payout: ParameterValue | None = None  # a smaller benefit is not paid (§§ 33–34)

    def p(self, *names: str) -> tuple[ParameterValue, ...]:
        """Return the dated values used, by short name."""
        return tuple(self.used[n] for n in names)


def _wealth_supplement(
    household: Household, on: date, params: ParameterSet, used: dict[str, ParameterValue]
) -> Fraction:
    """Return § 8 a's supplement to the household income: each share of its own band of wealth."""
    if household.wealth <= 0:
        return Fraction(0)
    for name in ("wealth_lower", "wealth_upper", "wealth_lower_share", "wealth_upper_share"):
        used[name] = params.at(P + name, on)
    lower, upper = params.money(P + "wealth_lower", on), params.money(P + "wealth_upper", on)
    if upper < lower:
        raise ParameterError([f"{P}wealth_upper: skal være mindst {P}wealth_lower"])
    wealth = household.wealth
    return _percent(used["wealth_lower_share"]) * max(0, min(wealth, upper) - lower) + _percent(
        used["wealth_upper_share"]
    ) * max(0, wealth - upper)


#: § 10's adjustments: what the rent covers (or the tenant holds), its parameter and its sign.
_ADJUSTMENTS: tuple[tuple[str, str, str, int], ...] = (
    ("heating", "heating_deduction", "varme indgår i huslejen", -1),
    ("hot_water", "hot_water_deduction", "varmt vand indgår i huslejen", -1),
    ("electricity", "electricity_deduction", "el indgår i huslejen", -1),
)


def _rent_adjustments(
    terms: RentTerms,
    area_m2: int | None,
    on: date,
    params: ParameterSet,
    used: dict[str, ParameterValue],
) -> tuple[tuple[str, Fraction, str], ...]:
    """Return § 10's adjustments of the yearly housing cost: per m² of the dwelling's area."""
    if not terms.adjusts:
        return ()
    if area_m2 is None:
        raise AffordabilityError(
            "boligens areal skal oplyses, når varme, varmt vand, el eller vedligeholdelse indgår "
            "i huslejen (boligstøtteloven § 10)"
        )
    wanted = [
        (label, name, sign)
        for attribute, name, label, sign in _ADJUSTMENTS
        if getattr(terms, attribute)
    ]
    if terms.maintenance != "none":
        name = "maintenance_supplement" + ("_partial" if terms.maintenance == "partial" else "")
        label = f"den indvendige vedligeholdelse påhviler {MAINTENANCE_LABELS[terms.maintenance]}"
        wanted.append((label, name, 1))
    found: list[tuple[str, Fraction, str]] = []
    for label, name, sign in wanted:
        used[name] = params.at(P + name, on)
        found.append((label, Fraction(sign * area_m2 * params.money(P + name, on)), name))
    return tuple(found)


def resolve_rules(
    household: Household,
    area_m2: int | None,
    on: date,
    params: ParameterSet,
    terms: RentTerms | None = None,
) -> Rules:
    """Resolve the parameters of boligstøtteloven §§ 8 a–23 for one household on one date.

    ``terms`` says what the rent covers (§ 10); None covers nothing to adjust.
    """
    if household.is_pensioner_household:
        raise HousingBenefitNotCovered(
            "Husstanden er en pensionisthusstand (folkepension eller førtidspension tilkendt før "
            "1. januar 2003) og får boligydelse, ikke boligsikring (boligstøtteloven §§ 2–4). "
            "Boligydelse beregnes ikke af Hjemvej endnu."
        )
    if area_m2 is not None and area_m2 <= 0:
        raise AffordabilityError("boligens areal skal være et positivt antal m²")
    names = (
        *("rent_share", "income_share", "income_threshold", "income_threshold_per_child"),
        *("income_threshold_children_max", "young_couple_age", "young_couple_children_max"),
        *("min_own_payment", "no_children_cap", "max_amount", "max_amount_children"),
        *("max_amount_children_raise", "max_amount_special_needs_raise", "rent_ceiling"),
        *("rent_ceiling_per_child", "rent_ceiling_children_max", "rent_ceiling_rounding"),
        *("rent_ceiling_special_needs_raise", "area_first_person", "area_per_extra_person"),
        *("area_special_needs_extra", "review_rent_share_of_income", "rounding"),
    )
    used = {n: params.at(P + n, on) for n in names}
    wealth_supplement = _wealth_supplement(household, on, params, used)
    adjustments = _rent_adjustments(terms or RentTerms(), area_m2, on, params, used)

    def money(name: str) -> int:
        return params.money(P + name, on)

    def count(name: str) -> int:
        return params.count(P + name, on)

    h = household
    special = h.severely_disabled or h.round_the_clock_help
    allowed_area = (
        count("area_first_person")
        + count("area_per_extra_person") * (h.persons - 1)
        + (count("area_special_needs_extra") if h.severely_disabled else 0)
    )
    raises = max(0, min(h.children, count("income_threshold_children_max")) - 1)
    if h.both_adults_under_30:
        raises = max(raises, min(h.children, count("young_couple_children_max")))
    threshold = money("income_threshold") + raises * money("income_threshold_per_child")

    exemption: str | None = None
    if h.pensions & NO_CHILDREN_CAP_EXEMPT_KINDS:
        exemption = (
            "et husstandsmedlem modtager førtidspension eller seniorpension (§ 22, stk. 3, nr. 1)"
        )
    elif h.severely_disabled:
        exemption = (
            "et husstandsmedlem er stærkt bevægelseshæmmet i en egnet bolig (§ 22, stk. 3, nr. 2)"
        )
    elif h.round_the_clock_help:
        exemption = (
            "et husstandsmedlem modtager døgnhjælp efter servicelovens § 96 (§ 22, stk. 3, nr. 3)"
        )
    elif h.meets_section_14_6:
        exemption = "betingelserne i § 14, stk. 6, er opfyldt (§ 22, stk. 3, nr. 4)"
    cap_share = _percent(used["no_children_cap"]) if h.children == 0 and exemption is None else None

    max_factor = Fraction(1)
    many_children = h.children >= count("max_amount_children")
    if many_children:
        max_factor += _percent(used["max_amount_children_raise"])
    if special:  # § 23, stk. 1, 4. pkt.: døgnhjælp only when not already raised for disability
        max_factor += _percent(used["max_amount_special_needs_raise"])

    ceiling = money("rent_ceiling")
    ceiling_factor = _percent(used["rent_ceiling_per_child"]) * min(
        h.children, count("rent_ceiling_children_max")
    )
    if special:
        ceiling_factor += _percent(used["rent_ceiling_special_needs_raise"])
    if ceiling_factor:
        unit = money("rent_ceiling_rounding")
        raised = ceiling * (1 + ceiling_factor)
        # § 14, stk. 2, 2. pkt.: the raised ceiling goes to the nearest 100 kr., half up.
        ceiling = int((raised / unit + Fraction(1, 2)) // 1) * unit

    rounding = money("rounding")
    if rounding <= 0 or rounding % 12:
        raise ParameterError([f"{P}rounding: skal være et positivt beløb deleligt med 0,12 kr."])
    return Rules(
        on=on,
        household=h,
        area_m2=area_m2,
        allowed_area=allowed_area,
        rent_share=_percent(used["rent_share"]),
        income_share=_percent(used["income_share"]),
        threshold=threshold,
        threshold_raises=raises,
        min_own_payment=money("min_own_payment"),
        cap_share=cap_share,
        cap_exemption=exemption if h.children == 0 else None,
        max_amount=money("max_amount") * max_factor,
        max_amount_children_raise=many_children,
        rent_ceiling=ceiling,
        rounding=rounding,
        review_share=_percent(used["review_rent_share_of_income"]),
        used=used,
        wealth_supplement=wealth_supplement,
        rent_adjustment=sum((amount for _, amount, _ in adjustments), Fraction(0)),
        adjustments=adjustments,
        minimum_payout=params.at(P + "minimum_payout", on),
    )


@dataclass(frozen=True)
class Computation:
    """The exact amounts of one housing-benefit calculation, in øre a year."""

    rent_year: int
    income_year: int
    housing_cost: Fraction  # the yearly rent after § 10's adjustments
    area_rent: Fraction  # after the area limit
    counted_rent: Fraction  # after the area limit and the rent ceiling
    deduction: Fraction
    candidates: tuple[tuple[Limit, Fraction], ...]
    limit: Limit
    unrounded: Fraction
    yearly: int
    monthly: int
    below_minimum: int = 0  # øre a year: the benefit not paid because it is below the minimum

    @property
    def final_limit(self) -> Limit:
        """Return what decided the amount paid: the minimum payout when it took all of it."""
        return "minimum_payout" if self.below_minimum else self.limit


def compute(rules: Rules, monthly_rent: int, income_year: int) -> Computation:
    """Compute the benefit for a monthly rent and yearly household income (§§ 12–14, 22–23)."""
    if monthly_rent < 0:
        raise AffordabilityError("huslejen kan ikke være negativ")
    rent_year = 12 * monthly_rent
    housing_cost = max(Fraction(0), rent_year + rules.rent_adjustment)
    area_rent = housing_cost
    if rules.area_m2 is not None and rules.area_m2 > rules.allowed_area:
        area_rent = area_rent * rules.allowed_area / rules.area_m2
    counted = min(area_rent, Fraction(rules.rent_ceiling))
    counted_income = income_year + rules.wealth_supplement
    deduction = rules.income_share * max(Fraction(0), counted_income - rules.threshold)
    candidates: list[tuple[Limit, Fraction]] = [
        ("formula", rules.rent_share * counted - deduction),
        ("min_own_payment", counted - rules.min_own_payment),
    ]
    if rules.cap_share is not None:
        candidates.append(("no_children_cap", rules.cap_share * counted))
    candidates.append(("max_amount", rules.max_amount))
    limit, lowest = min(candidates, key=lambda c: c[1])  # ties keep the law's order
    unrounded = max(Fraction(0), lowest)
    yearly = int(unrounded // rules.rounding) * rules.rounding  # the one rounding: down
    below_minimum = 0
    minimum = 0 if rules.minimum_payout is None else int(rules.minimum_payout.value)  # type: ignore[arg-type]
    if 0 < yearly < minimum:
        below_minimum, yearly = yearly, 0
    return Computation(
        rent_year=rent_year,
        income_year=income_year,
        housing_cost=housing_cost,
        area_rent=area_rent,
        counted_rent=counted,
        deduction=deduction,
        candidates=tuple(candidates),
        limit=limit,
        unrounded=unrounded,
        yearly=yearly,
        monthly=yearly // 12,
        below_minimum=below_minimum,
    )


def housing_benefit(
    *,
    monthly_rent: int,
    household_income_year: int,
    household: Household,
    area_m2: int | None,
    on: date,
    params: ParameterSet | None = None,
    terms: RentTerms | None = None,
) -> HousingBenefitResult:
    """Return boligsikring for a monthly rent (boligstøtteloven §§ 8 a, 10, 12–15, 22–23, 33).

    ``area_m2`` None means the dwelling is taken to be within the area limit (and says so);
    ``terms`` says what the rent covers (§ 10).
    """
    rules = resolve_rules(household, area_m2, on, params or default_parameters(), terms)
    return result(rules, compute(rules, monthly_rent, household_income_year), monthly_rent)


def result(rules: Rules, calc: Computation, monthly_rent: int) -> HousingBenefitResult:
    """Return the result of one calculation with its explanation."""
    return HousingBenefitResult(
        on=rules.on,
        monthly_rent=monthly_rent,
        yearly=calc.yearly,
        monthly=calc.monthly,
        limit=calc.final_limit,
        area_reduced=calc.area_rent < calc.housing_cost,
        rent_ceiling_applied=calc.counted_rent < calc.area_rent,
        counted_rent_year=calc.counted_rent,
        unrounded_year=calc.unrounded,
        income_year=calc.income_year,
        steps=explain(rules, calc, monthly_rent),
        parameters=tuple(rules.used.values())
        + ((rules.minimum_payout,) if calc.below_minimum and rules.minimum_payout else ()),
    )


def explain(rules: Rules, calc: Computation, monthly_rent: int) -> tuple[Step, ...]:
    """Return the Danish explanation of one calculation, one step per rule."""
    on, end = rules.on, rules.on + timedelta(days=1)
    h = rules.household
    income_year = calc.income_year
    steps: list[Step] = []

    def add(kind: str, text: str, names: tuple[str, ...] = (), **data: object) -> None:
        # An amount ends in "kr."; Danish writes no second full stop after it.
        text = text.replace("kr..", "kr.")
        steps.append(Step(on, end, text, kind, rules.p(*names), data))

    add(
        "rent_year",
        f"Månedlig husleje {kroner(monthly_rent)} giver en årlig boligudgift på "
        f"{kroner(calc.rent_year)}.",
        rent_year=calc.rent_year,
    )
    for what, amount, name in rules.adjustments:
        per_m2 = rules.used[name]
        verb = "nedsættes" if amount < 0 else "forhøjes"
        add(
            "rent_adjustment",
            f"{what[0].upper()}{what[1:]}: boligudgiften {verb} med {rules.area_m2} m² × "
            f"{per_m2.display} = {kroner(abs(amount))} om året (boligstøtteloven § 10, "
            f"{'stk. 4' if amount > 0 else 'stk. 2'}).",
            (name,),
            adjustment=str(amount),
        )
    if rules.adjustments:
        add(
            "housing_cost",
            f"Boligudgiften efter § 10 er {kroner(calc.housing_cost)} om året.",
            housing_cost=str(calc.housing_cost),
        )
    area_names: tuple[str, ...] = ("area_first_person", "area_per_extra_person")
    if h.severely_disabled:
        area_names += ("area_special_needs_extra",)
    limit_text = (
        f"{rules.allowed_area} m² for en husstand på {h.persons} "
        f"{'person' if h.persons == 1 else 'personer'} (boligstøtteloven §§ 12–13)"
    )
    if rules.area_m2 is None:
        add(
            "area_unknown",
            f"Boligens areal er ikke oplyst; det antages at ligge inden for arealgrænsen på "
            f"{limit_text}.",
            area_names,
            allowed_area=rules.allowed_area,
        )
    elif calc.area_rent < calc.housing_cost:
        add(
            "area_reduced",
            f"Boligen er {rules.area_m2} m², men der medregnes højst {limit_text}. Boligudgiften "
            f"nedsættes forholdsmæssigt til {rules.allowed_area}/{rules.area_m2} af "
            f"{kroner(calc.housing_cost)} = {kroner(calc.area_rent)}.",
            area_names,
            allowed_area=rules.allowed_area,
            area_m2=rules.area_m2,
        )
    else:
        add(
            "area_within",
            f"Boligen er {rules.area_m2} m² og ligger inden for arealgrænsen på {limit_text}; "
            "hele boligudgiften medregnes.",
            area_names,
            allowed_area=rules.allowed_area,
            area_m2=rules.area_m2,
        )
    ceiling_names: tuple[str, ...] = (
        "rent_ceiling",
        "rent_ceiling_per_child",
        "rent_ceiling_children_max",
    )
    if h.severely_disabled or h.round_the_clock_help:
        ceiling_names += ("rent_ceiling_special_needs_raise",)
    if h.children or h.severely_disabled or h.round_the_clock_help:
        ceiling_names += ("rent_ceiling_rounding",)
    if calc.counted_rent < calc.area_rent:
        add(
            "rent_ceiling",
            f"Boligudgiften er over den højeste boligudgift på {kroner(rules.rent_ceiling)} om "
            f"året (§ 14) og nedsættes til dette beløb.",
            ceiling_names,
            rent_ceiling=rules.rent_ceiling,
        )
    else:
        add(
            "rent_ceiling_not_reached",
            f"Boligudgiften {kroner(calc.counted_rent)} er under den højeste boligudgift på "
            f"{kroner(rules.rent_ceiling)} om året (§ 14).",
            ceiling_names,
            rent_ceiling=rules.rent_ceiling,
        )
    threshold_names: tuple[str, ...] = ("income_share", "income_threshold")
    raise_text = ""
    if rules.threshold_raises:
        threshold_names += ("income_threshold_per_child", "income_threshold_children_max")
        per_child = rules.used["income_threshold_per_child"]
        raise_text = (
            f", forhøjet med {per_child.display} for hvert af {rules.threshold_raises} børn"
        )
        if h.both_adults_under_30:
            threshold_names += ("young_couple_age", "young_couple_children_max")
            raise_text += " (to voksne under 30 år, § 22, stk. 1, 3. pkt.)"
    counted_income = income_year + rules.wealth_supplement
    if rules.wealth_supplement or h.wealth:
        wealth_names = ("wealth_lower", "wealth_upper", "wealth_lower_share", "wealth_upper_share")
        lower, upper = rules.used["wealth_lower"], rules.used["wealth_upper"]
        add(
            "wealth_supplement",
            f"Husstandens formue er {kroner(h.wealth)}. "
            + (
                f"Formuetillægget er {rules.used['wealth_lower_share'].display} af formuen "
                f"mellem {lower.display} og {upper.display} og "
                f"{rules.used['wealth_upper_share'].display} af formuen over {upper.display}: "
                f"{kroner(rules.wealth_supplement)}, som lægges til husstandsindkomsten "
                f"(boligstøtteloven § 8 a), i alt {kroner(counted_income)}."
                if rules.wealth_supplement
                else f"Den er ikke over formuegrænsen på {lower.display}, så der er intet "
                "formuetillæg (boligstøtteloven § 8 a)."
            ),
            wealth_names,
            wealth_supplement=str(rules.wealth_supplement),
        )
    excess = max(Fraction(0), counted_income - rules.threshold)
    add(
        "income_deduction",
        f"Husstandsindkomsten er {kroner(counted_income)} om året"
        f"{' med formuetillæg' if rules.wealth_supplement else ''}. Indkomstgrænsen er "
        f"{kroner(rules.threshold)}{raise_text}. "
        + (
            f"Indkomsten over grænsen, {kroner(excess)}, giver et fradrag på "
            f"{_pct(rules.income_share)} = {kroner(calc.deduction)}."
            if excess
            else "Indkomsten er ikke over grænsen, så der er intet fradrag."
        ),
        threshold_names,
        income_year=income_year,
        counted_income=str(counted_income),
        threshold=rules.threshold,
        deduction_oere=str(calc.deduction),  # exact fraction of øre, as text
    )
    by_limit = dict(calc.candidates)
    add(
        "formula",
        f"{_pct(rules.rent_share)} af boligudgiften {kroner(calc.counted_rent)} er "
        f"{kroner(rules.rent_share * calc.counted_rent)}; minus fradraget giver "
        f"{kroner(by_limit['formula'])} (§ 22, stk. 1).",
        ("rent_share",),
    )
    add(
        "min_own_payment",
        f"Lejeren skal selv betale mindst {kroner(rules.min_own_payment)} om året, så "
        f"boligsikringen kan højst være {kroner(by_limit['min_own_payment'])} (§ 22, stk. 2).",
        ("min_own_payment",),
    )
    if rules.cap_share is not None:
        add(
            "no_children_cap",
            f"Husstanden har ingen børn: boligsikringen kan højst være "
            f"{_pct(rules.cap_share)} af boligudgiften = {kroner(by_limit['no_children_cap'])} "
            "(§ 22, stk. 3).",
            ("no_children_cap",),
        )
    elif rules.cap_exemption is not None:
        add(
            "no_children_cap_exempt",
            f"Husstanden har ingen børn, men loftet på {rules.used['no_children_cap'].display} "
            f"af boligudgiften gælder ikke, fordi {rules.cap_exemption}.",
            ("no_children_cap",),
        )
    max_names: tuple[str, ...] = ("max_amount", "max_amount_children")
    if rules.max_amount_children_raise:
        max_names += ("max_amount_children_raise",)
    if h.severely_disabled or h.round_the_clock_help:
        max_names += ("max_amount_special_needs_raise",)
    add(
        "max_amount",
        f"Den højeste boligsikring er {kroner(rules.max_amount)} om året (§ 23, stk. 1).",
        max_names,
    )
    rounding = rules.used["rounding"]
    rounded = calc.below_minimum or calc.yearly
    add(
        "housing_benefit",
        f"Boligsikringen er det mindste af beløbene, {kroner(calc.unrounded)}, afgrænset af "
        f"{LIMIT_LABELS[calc.limit]}. Rundet ned til et beløb deleligt med {rounding.display}: "
        f"{kroner(rounded)} om året = {kroner(rounded // 12)} om måneden.",
        ("rounding",),
        limit=calc.limit,
        yearly=rounded,
        monthly=rounded // 12,
    )
    if calc.below_minimum and rules.minimum_payout is not None:
        steps.append(
            Step(
                on,
                end,
                f"Den beregnede boligsikring, {kroner(calc.below_minimum)} om året, er under det "
                f"mindste beløb, der udbetales, {rules.minimum_payout.display} "
                "(boligstøtteloven §§ 33–34); der udbetales ingen boligsikring.",
                "minimum_payout",
                (rules.minimum_payout,),
                {"below_minimum": calc.below_minimum},
            )
        )
    if calc.rent_year > rules.review_share * income_year:
        add(
            "rent_over_half_income",
            f"Advarsel: den årlige husleje {kroner(calc.rent_year)} er over "
            f"{_pct(rules.review_share)} af husstandsindkomsten. Udbetaling Danmark skal da "
            "foretage en samlet vurdering og kan nedsætte eller nægte boligsikringen "
            "(boligstøtteloven § 15). Beløbet ovenfor er beregnet uden nedsættelse.",
            ("review_rent_share_of_income",),
        )
    return tuple(steps)
