"""The own payment a citizen paid during the stays, paid back for a deposit or an establishment.

Some municipalities pay the own payment collected during the § 110 stays back to the citizen when
they move into their own home (Dialogforum for Socialt Udsatte's memo of October 2025 names the
practice). The amount is at most the own payment of the stays of the citizen's current period of
homelessness: the stays admitted on or after the day the citizen last came onto the by-name list,
counted by the law engine as every page counts them (reduced and waived own payments included),
up to the day of the decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from hjemvej.citizens.models import ByNameListEvent, Citizen, ListEventKind
from hjemvej.rules.parameters import exact_kroner
from hjemvej.shelters.models import Stay, StayType
from hjemvej.shelters.rules_rows import rate_schedules
from hjemvej.shelters.selectors import citizen_reimbursement


@dataclass(frozen=True)
class OwnPaymentBack:
    """The own payment of the current period's stays, in øre, and the stays it comes from."""

    on: date
    since: date | None  # the day the citizen last came onto the list; None: never on it
    stays: list[tuple[Stay, int]] = field(default_factory=list)  # each stay and its own payment
    problem: str = ""  # the engine could not count (a shelter without a rate, say)

    @property
    def total(self) -> int:
        """Return the own payment of the stays in øre."""
        return sum(amount for _, amount in self.stays)

    @property
    def text(self) -> str:
        """Return the amount and where it comes from, in Danish."""
        if self.problem:
            return f"Egenbetalingen under opholdene kan ikke beregnes: {self.problem}"
        since = f" siden {self.since:%d.%m.%Y}" if self.since else ""
        if not self.stays:
            return f"Borgeren har ingen ophold{since} at betale egenbetaling tilbage for."
        return (
            f"Egenbetalingen under {len(self.stays)} ophold{since} er "
            f"{exact_kroner(self.total)} til og med {self.on:%d.%m.%Y}."
        )


def own_payment_back(citizen: Citizen, on: date) -> OwnPaymentBack:
    """Return the own payment the citizen paid during the stays of the current period."""
    return own_payments_back({citizen.pk: on}, citizens={citizen.pk: citizen})[citizen.pk]


def own_payments_back(
    days: Mapping[int, date], *, citizens: Mapping[int, Citizen] | None = None
) -> dict[int, OwnPaymentBack]:
    """Return per citizen (pk → day of the decision) the own payment of the current period.

    The one counting of the amount: a grant is checked with it one citizen at a time, and the
    economy's scenario counts everyone who moved into a home in a year with it, in three queries
    however many they are (the list events, the stays with their shelters, the shelters' rates).
    ``citizens``: the records the caller has already; the others come with their stays.
    """
    ids = list(days)
    since: dict[int, date] = {}
    entered = ByNameListEvent.objects.filter(citizen_id__in=ids, kind=ListEventKind.ENTERED)
    for citizen_id, day in entered.order_by("citizen_id", "date", "id").values_list(
        "citizen_id", "date"
    ):
        if day <= days[citizen_id]:  # the last time on or before the day wins
            since[citizen_id] = day
    chosen: dict[int, list[Stay]] = defaultdict(list)
    rows = Stay.objects.filter(citizen_id__in=ids, stay_type=StayType.STAY)
    related = (
        ("shelter",)
        if citizens is not None and set(ids) <= set(citizens)
        else ("shelter", "citizen")
    )
    for stay in rows.select_related(*related).order_by("citizen_id", "admitted", "id"):
        first = since.get(stay.citizen_id)
        if stay.admitted <= days[stay.citizen_id] and (first is None or stay.admitted >= first):
            chosen[stay.citizen_id].append(stay)
    schedules = rate_schedules(s.shelter_id for stays in chosen.values() for s in stays)
    found: dict[int, OwnPaymentBack] = {}
    for citizen_id, on in days.items():
        stays = chosen.get(citizen_id, [])
        first = since.get(citizen_id)
        if not stays:
            found[citizen_id] = OwnPaymentBack(on=on, since=first)
            continue
        citizen = (citizens or {}).get(citizen_id) or stays[0].citizen
        # An open stay counts up to the day of the decision, not including it (as every page
        # counts).
        reimbursement = citizen_reimbursement(citizen, as_of=on, stays=stays, schedules=schedules)
        if reimbursement.results is None:
            found[citizen_id] = OwnPaymentBack(on=on, since=first, problem=reimbursement.problem)
            continue
        found[citizen_id] = OwnPaymentBack(
            on=on,
            since=first,
            stays=[
                (stay, reimbursement.for_stay(index)["own_payment"])
                for index, stay in enumerate(stays)
            ],
        )
    return found
