"""Across municipal borders in tests: Ankestyrelsen's decision for the other municipality."""

from __future__ import annotations

from datetime import date

from hjemvej.accounts.models import User
from hjemvej.citizens import borders
from hjemvej.citizens.models import ActingMunicipalityDispute, Citizen
from tests import factories


def decided_for(
    actor: User, citizen: Citizen, code: str, *, effective_from: date, decided_on: date
) -> ActingMunicipalityDispute:
    """Bring a dispute from ``effective_from`` and have it decided for municipality ``code``."""
    other = factories.municipality(code)
    dispute = borders.dispute_open(
        actor=actor,
        citizen=citizen,
        other=other,
        disputed_from=effective_from,
        brought_on=effective_from,
        today=factories.TODAY,
    )
    return borders.dispute_decide(
        actor=actor,
        dispute=dispute,
        decided_for=other,
        decided_on=decided_on,
        effective_from=effective_from,
        today=factories.TODAY,
    )
