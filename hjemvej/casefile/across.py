"""The citizens a municipality reads across a border, and what it reads of each (read-only).

Through ``accounts.policy.border_citizens_for`` only: the citizens it has handed over (its own
history: its periods, the stays it paid, its own contact notes, and that and when the citizen moved
on), those an L 130 agreement lets it act for in part, and those of an open dispute it is a party
to. docs/access.md, "Across municipal borders".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import border_citizens_for, border_contacts_for, border_stays_for
from hjemvej.citizens.models import ActingMunicipalityPeriod, Citizen
from hjemvej.citizens.selectors import BorderHistory, border_history, periods_of
from hjemvej.shelters.models import Stay
from hjemvej.support.models import Contact

#: The most citizens the list shows (a municipality hands over a few citizens a month).
LIST_LIMIT = 500


@dataclass(frozen=True)
class AcrossRow:
    """One citizen on the cross-border list: who acts now, and why the user reads them."""

    citizen: Citizen
    acting_now: str
    moved_on: date | None  # the day the user's municipality stopped acting, if it did
    agreement: bool  # an L 130 agreement with the user's municipality is in force
    dispute: bool  # an open dispute with the user's municipality


def _why(
    municipality_id: int, history: BorderHistory, today: date
) -> tuple[date | None, bool, bool]:
    own = periods_of(municipality_id, history)
    ended = [p.valid_to for p in own if p.valid_to is not None]
    agreement = any(
        p.municipality_id == municipality_id
        and p.valid_from <= today
        and (p.valid_to is None or today < p.valid_to)
        for p in history.agreements
    )
    dispute = any(
        d.status == "open" and municipality_id in (d.acting_at_start_id, d.other_id)
        for d in history.disputes
    )
    return (max(ended) if ended else None), agreement, dispute


def across_rows(user: User, *, today: date) -> list[AcrossRow]:
    """Return the citizens the user's municipality reads across a border, by name."""
    citizens = list(
        border_citizens_for(user, today=today)
        .select_related("acting_municipality")
        .order_by("last_name", "first_name", "alias", "pk")[:LIST_LIMIT]
    )
    assert user.municipality_id is not None or not citizens
    rows = []
    for citizen in citizens:
        moved_on, agreement, dispute = _why(
            user.municipality_id or 0, border_history(citizen), today
        )
        rows.append(
            AcrossRow(
                citizen=citizen,
                acting_now=citizen.acting_municipality.name,
                moved_on=moved_on,
                agreement=agreement,
                dispute=dispute,
            )
        )
    return rows


@dataclass(frozen=True)
class AcrossPage:
    """What the user's municipality reads of one citizen across a border."""

    history: BorderHistory  # every period; only the agreements and disputes of the municipality
    own_periods: list[ActingMunicipalityPeriod]
    moved_on: date | None
    stays: list[Stay]
    contacts: list[Contact]


def _visible_periods(
    history: BorderHistory, municipality_id: int
) -> list[ActingMunicipalityPeriod]:
    """Return the periods the municipality reads: its own, the one after each, and today's.

    That and when the citizen moved on, and who acts now; not the later history between other
    municipalities. The reason of a period not its own nor following its own is not shown (the
    instances are only read by the page, never saved).
    """
    periods = history.periods
    shown = []
    for index, period in enumerate(periods):
        own = period.municipality_id == municipality_id
        after_own = index > 0 and periods[index - 1].municipality_id == municipality_id
        if own or after_own or period.valid_to is None:
            if not (own or after_own):
                period.reason = ""
            shown.append(period)
    return shown


def across_page(user: User, citizen: Citizen, *, today: date) -> AcrossPage:
    """Return the citizen's cross-border page for the user (the caller scoped the citizen)."""
    municipality_id = user.municipality_id or 0
    history = border_history(citizen)
    moved_on, _, _ = _why(municipality_id, history, today)
    shown = BorderHistory(
        periods=_visible_periods(history, municipality_id),
        agreements=[p for p in history.agreements if p.municipality_id == municipality_id],
        disputes=[
            d for d in history.disputes if municipality_id in (d.acting_at_start_id, d.other_id)
        ],
    )
    return AcrossPage(
        history=shown,
        own_periods=periods_of(municipality_id, history),
        moved_on=moved_on,
        stays=list(
            border_stays_for(user, today=today)
            .filter(citizen=citizen)
            .select_related("shelter", "shelter__municipality")
            .order_by("admitted")
        ),
        contacts=list(
            border_contacts_for(user, today=today).filter(citizen=citizen).order_by("-date")
        ),
    )
