"""Queries over the person record that every room may use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed, citizens_for
from hjemvej.citizens.models import (
    MAIN_BASES,
    ActingMunicipalityDispute,
    ActingMunicipalityPeriod,
    Citizen,
    HomelessnessSituation,
    RiskOfHomelessness,
)


def only_at_risk() -> Q:
    """Match citizens followed only for a risk of homelessness: a risk and never a situation.

    They are not on the by-name list, neither on it nor off it (docs/rules.md, "Prevention");
    a citizen who once was in homelessness stays on the list's "off" side with their risks.
    """
    risks = RiskOfHomelessness.objects.filter(citizen_id=OuterRef("pk"))
    situations = HomelessnessSituation.objects.filter(citizen_id=OuterRef("pk"))
    return Q(Exists(risks)) & ~Q(Exists(situations))


def name_terms(q: str) -> Q:
    """Match every word of ``q`` against first name, last name or alias, ignoring case."""
    condition = Q()
    for term in q.split():
        # SQLite's LIKE folds only ASCII letters; the spellings staff type cover Æ, Ø and Å.
        spellings = dict.fromkeys(
            [term, term.lower(), term.upper(), term.capitalize(), term.title()]
        )
        any_field = Q()
        for spelling in spellings:
            for name in ("first_name", "last_name", "alias"):
                any_field |= Q(**{f"{name}__icontains": spelling})
        condition &= any_field
    return condition


def named_citizens(user: User, citizen_ids: list[int]) -> dict[int, str]:
    """Return the names of those citizens the user may see by name (none for economists)."""
    if not citizen_ids or not allowed(user, Action.VIEW_CITIZEN):
        return {}
    return {
        c.pk: c.display_name
        for c in citizens_for(user)
        .filter(pk__in=citizen_ids)
        .only("pk", "first_name", "last_name", "alias")
    }


@dataclass(frozen=True)
class BorderHistory:
    """A citizen's acting municipalities over time, L 130 agreements and disputes, for a page."""

    periods: list[ActingMunicipalityPeriod]
    agreements: list[ActingMunicipalityPeriod]
    disputes: list[ActingMunicipalityDispute]

    def acting_on(self, day: date) -> int | None:
        """Return the id of the acting municipality on the day (None outside the history)."""
        held = next((p for p in self.periods if period_holding([p], day)), None)
        return held.municipality_id if held is not None else None

    @property
    def moved_on(self) -> ActingMunicipalityPeriod | None:
        """Return the open period (the current acting municipality), if any."""
        return next((p for p in reversed(self.periods) if p.valid_to is None), None)


def border_history(citizen: Citizen) -> BorderHistory:
    """Return the citizen's history across borders (the caller has scoped the citizen)."""
    periods = list(
        ActingMunicipalityPeriod.objects.filter(citizen=citizen)
        .select_related("municipality")
        .order_by("valid_from", "id")
    )
    disputes = list(
        ActingMunicipalityDispute.objects.filter(citizen=citizen).select_related(
            "acting_at_start", "other", "decided_for"
        )
    )
    return BorderHistory(
        periods=[p for p in periods if p.basis in MAIN_BASES],
        agreements=[p for p in periods if p.basis not in MAIN_BASES],
        disputes=disputes,
    )


def periods_of(municipality_id: int, history: BorderHistory) -> list[ActingMunicipalityPeriod]:
    """Return the periods in which the municipality was acting municipality."""
    return [p for p in history.periods if p.municipality_id == municipality_id]


def period_holding(periods: list[ActingMunicipalityPeriod], on: date) -> bool:
    """Return whether one of the periods holds the day."""
    return any(p.valid_from <= on and (p.valid_to is None or on < p.valid_to) for p in periods)


def risks_for(user: User) -> QuerySet[RiskOfHomelessness]:
    """Return the risks of homelessness of the citizens the user may see.

    The open risks come first, the soonest expected first (none expected: last), then the
    ended ones, the latest ended first.
    """
    return (
        RiskOfHomelessness.objects.filter(citizen__in=citizens_for(user))
        .select_related("citizen")
        .order_by(
            F("ended_on").desc(nulls_first=True),
            F("expected_on").asc(nulls_last=True),
            "noted_on",
            "pk",
        )
    )
