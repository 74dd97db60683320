"""A change of practice: the own payment paid back to the citizens who move into their own home.

The citizens are those who moved into their own home in the reference year, as the outcome
measures count them (``stats.outcomes.first_move_in``: each citizen's first move in the year
into a lease that is not a transitional dwelling). Each one's amount is the own payment of the
stays of their current period of homelessness on the move-in day, counted by the one function a
grant of the kind is checked with (``housing.own_payment.own_payments_back``).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from hjemvej.core.formatting import danish_number, whole_kroner
from hjemvej.economy.scenarios.compute.common import _not_law, _rows, _summary
from hjemvej.economy.scenarios.compute.fewer_external import _scaled
from hjemvej.economy.scenarios.compute.sources import DIALOGUE_FORUM
from hjemvej.economy.scenarios.results import Amounts, PaidBack, ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.economy.selectors.housing import grant_figures
from hjemvej.housing.models import GrantKind
from hjemvej.housing.own_payment import own_payments_back
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import Readings
from hjemvej.stats.outcomes import Period, Records, first_move_in

OWN_PAYMENT = "shelter.own_payment.daily"


def _reference(municipality_id: int, year: int, as_of: date) -> tuple[PaidBack, date]:
    """Return the reference year's movers, their own payment and what was already paid back,
    and the first day of a stay counted (the year's first day when there is none)."""
    movers = first_move_in(Records(municipality_id, as_of), Period(year, as_of))
    counted = own_payments_back({citizen: row.move_in for citizen, row in movers.items()})
    granted = grant_figures(municipality_id, year=year).year_row
    kind = GrantKind.OWN_PAYMENT_BACK.value
    first_stay = min(
        (stay.admitted for p in counted.values() for stay, _ in p.stays), default=date(year, 1, 1)
    )
    return PaidBack(
        year=year,
        movers=len(movers),
        with_stays=sum(1 for p in counted.values() if p.total > 0),
        amount=sum(p.total for p in counted.values()),
        uncounted=sum(1 for p in counted.values() if p.problem),
        granted_count=granted.counts.get(kind, 0),
        granted_amount=granted.amounts.get(kind, 0),
    ), first_stay


def _notes(ref: PaidBack, share: int, first_year: int) -> list[str]:
    citizens = "borger" if ref.movers == 1 else "borgere"
    times = "gang" if ref.granted_count == 1 else "gange"
    notes = [
        f"Praksissen er nævnt i {DIALOGUE_FORUM}. Beløbet pr. borger er højst egenbetalingen "
        "under opholdene på boform efter § 110 i den nuværende periode i hjemløshed (fra den "
        "seneste gang, borgeren kom på by-name-listen, til indflytningsdagen), regnet som ved "
        "en bevilling af egenbetaling betalt tilbage, også nedsat og frafaldet egenbetaling.",
        f"Grundlaget er {ref.year}: {danish_number(ref.movers, 0)} {citizens} flyttede i egen "
        "bolig (første indflytning i året i et lejemål; en udslusningsbolig tæller ikke, som i "
        f"resultatmålene), og deres egenbetaling på i alt {whole_kroner(ref.amount)} er "
        f"grundlaget. Scenariet betaler {share} % af beløbet tilbage hvert år fra "
        f"{first_year}, holdt fast på niveauet i {ref.year} i årene frem.",
        f"Kommunen betalte allerede egenbetaling tilbage {danish_number(ref.granted_count, 0)} "
        f"{times} i {ref.year}, i alt {whole_kroner(ref.granted_amount)}; det beløb er "
        "trukket fra, så forskellen er merudgiften ud over den nuværende praksis.",
        "Egenbetalingen, kommunen har opkrævet under opholdene, og refusionen efter § 177 er "
        "uændrede: kun udbetalingen til borgeren er med.",
    ]
    if not ref.movers:
        notes.append(
            f"Ingen borgere flyttede i egen bolig i {ref.year}, så scenariet har intet at "
            "betale tilbage."
        )
    if ref.uncounted:
        notes.append(
            f"For {danish_number(ref.uncounted, 0)} af borgerne kunne egenbetalingen under "
            "opholdene ikke beregnes (fx en boform uden takst); de er ikke med i beløbet."
        )
    return notes


def _own_payment_back(
    spec: ScenarioSpec,
    name: str,
    municipality_id: int,
    as_of: date,
    scenario_id: int | None,
    params: ParameterSet,
) -> ScenarioResult:
    practice = spec.practice
    assert practice is not None
    assert practice.share is not None
    assert practice.start_year is not None
    ref_year = as_of.year - 1
    ref, first_stay = _reference(municipality_id, ref_year, as_of)
    first_year = practice.start_year
    last_year = max(spec.horizon, first_year)
    years = range(first_year, last_year + 1)
    paid = _scaled(ref.amount, Fraction(practice.share, 100))  # rounded once, half up
    before = {y: Amounts(paid_back=ref.granted_amount) for y in years}
    after = {y: Amounts(paid_back=paid) for y in years}
    rows = _rows(years, before, after, as_of)
    label = f"egenbetaling betalt tilbage i {ref_year}"
    return ScenarioResult(
        scenario_id=scenario_id,
        name=name,
        kind="practice",
        practice_kind="own_payment_back",
        as_of=as_of,
        first_year=first_year,
        last_year=last_year,
        rows=rows,
        summary=_summary(name, rows, label, as_of),
        base_label=label.capitalize(),
        base_fingerprint=params.fingerprint,
        scenario_fingerprint=params.fingerprint,
        base_readings=Readings().describe(),
        scenario_readings=Readings().describe(),
        changes=tuple(spec.describe(params)),
        parameters=_not_law((params,), [OWN_PAYMENT], first_stay, date(ref_year + 1, 1, 1)),
        notes=tuple(_notes(ref, practice.share, first_year)),
        paid_back=ref,
    )
