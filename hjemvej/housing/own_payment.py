"""The own payment a citizen paid during the stays, paid back for a deposit or an establishment.

Some municipalities pay the own payment collected during the § 110 stays back to the citizen when
they move into their own home (Dialogforum for Socialt Udsatte's memo of October 2025 names the
practice). The amount is at most the own payment of the stays of the citizen's current period of
homelessness: the stays admitted on or after the day the citizen last came onto the by-name list,
counted by the law engine as every page counts them (reduced and waived own payments included),
up to the day of the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hjemvej.citizens.models import Citizen, ListEventKind
from hjemvej.rules.parameters import exact_kroner
from hjemvej.shelters.models import Stay, StayType
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
    entered = (
        citizen.list_events.filter(kind=ListEventKind.ENTERED, date__lte=on)
        .order_by("-date", "-id")
        .first()
    )
    since = entered.date if entered is not None else None
    stays = Stay.objects.filter(citizen=citizen, stay_type=StayType.STAY, admitted__lte=on)
    if since is not None:
        stays = stays.filter(admitted__gte=since)
    chosen = list(stays.select_related("shelter").order_by("admitted", "id"))
    if not chosen:
        return OwnPaymentBack(on=on, since=since)
    # An open stay counts up to the day of the decision, not including it (as every page counts).
    reimbursement = citizen_reimbursement(citizen, as_of=on, stays=chosen)
    if reimbursement.results is None:
        return OwnPaymentBack(on=on, since=since, problem=reimbursement.problem)
    return OwnPaymentBack(
        on=on,
        since=since,
        stays=[
            (stay, reimbursement.for_stay(index)["own_payment"])
            for index, stay in enumerate(chosen)
        ],
    )
