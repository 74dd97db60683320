"""§ 177 claims and figures across municipal borders: one window per citizen, split stays.

Aarhus (751) acted for the citizen first; Randers (730) acts after a handover or a decision.
The 120-day window counts the citizen's days in any shelter, whoever paid them, and each
municipality's claim shows only the days it pays (docs/rules.md, "Across municipal borders").
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role, User
from hjemvej.citizens import borders
from hjemvej.citizens.models import ActingBasis, Citizen
from hjemvej.economy.models import ReimbursementClaim
from hjemvej.economy.selectors.claims import ClaimComputation, claim_status, compute_claim
from hjemvej.economy.selectors.figures import year_figures
from hjemvej.economy.services import claim_create
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.shelter import Readings
from hjemvej.shelters.models import Shelter, Stay
from tests import factories
from tests.borders import decided_for
from tests.economy.builders import stay

TODAY = factories.TODAY
AARHUS, RANDERS = "751", "730"
Y2025 = (date(2025, 1, 1), date(2026, 1, 1))

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker() -> User:
    return factories.user("aarhus", Role.CASE_WORKER, code=AARHUS)


@pytest.fixture
def citizen(worker: User) -> Citizen:
    return factories.citizen(worker, start=date(2025, 1, 10))


@pytest.fixture
def aarhus_shelter() -> Shelter:
    return factories.shelter("Herberget i Aarhus", code=AARHUS)


@pytest.fixture
def randers_shelter() -> Shelter:
    return factories.shelter("Forsorgshjemmet i Randers", code=RANDERS)


def claim(code: str, **kw: str) -> ClaimComputation:
    return compute_claim(
        factories.municipality(code).pk,
        start=Y2025[0],
        end=Y2025[1],
        today=TODAY,
        params=default_parameters(),
        readings=Readings(**kw),  # type: ignore[arg-type]
    )


def lines(code: str, **kw: str) -> list[tuple[int, date, date | None, int, int]]:
    return [
        (line.stay_pk, line.admitted, line.discharged, line.days, line.reimbursed_days)
        for line in claim(code, **kw).lines
    ]


def hand_over(
    worker: User, citizen: Citizen, day: date, basis: str = ActingBasis.RESIDENCE
) -> None:
    borders.citizen_acting_municipality_change(
        actor=worker,
        citizen=citizen,
        municipality=factories.municipality(RANDERS),
        valid_from=day,
        basis=basis,
        today=TODAY,
    )


def decide_for_randers(worker: User, citizen: Citizen, effective_from: date) -> None:
    decided_for(
        worker, citizen, RANDERS, effective_from=effective_from, decided_on=date(2025, 10, 1)
    )


def claims_of(economists: dict[str, User]) -> dict[str, ReimbursementClaim]:
    """Each municipality's claim for 2025, made by its economist."""
    return {
        code: claim_create(
            actor=user,
            municipality=factories.municipality(code),
            start=Y2025[0],
            end=Y2025[1],
            today=TODAY,
        )
        for code, user in economists.items()
    }


def test_the_new_municipality_s_claim_counts_the_days_the_old_one_paid_in_the_window(
    worker: User, citizen: Citizen, aarhus_shelter: Shelter, randers_shelter: Shelter
) -> None:
    first = stay(worker, citizen, aarhus_shelter, date(2025, 1, 10), date(2025, 4, 20))
    hand_over(worker, citizen, date(2025, 5, 1))
    second = stay(worker, citizen, randers_shelter, date(2025, 6, 1), date(2025, 8, 1))
    # Aarhus pays (and claims) its 100 days; the window opened 10.01.2025 has 20 days left.
    assert lines(AARHUS) == [(first.pk, date(2025, 1, 10), date(2025, 4, 20), 100, 100)]
    assert lines(RANDERS) == [(second.pk, date(2025, 6, 1), date(2025, 8, 1), 61, 20)]
    # The figures of the year say the same, each municipality its own days.
    figures = year_figures(
        factories.municipality(RANDERS).pk, year=2025, today=TODAY, params=default_parameters()
    )
    year = next(s for s in figures.splits if s.key == "all").year.amounts
    assert (year.days, year.reimbursed_days) == (61, 20)


def test_a_citizen_who_never_crossed_is_counted_as_before(
    worker: User, citizen: Citizen, aarhus_shelter: Shelter
) -> None:
    only = stay(worker, citizen, aarhus_shelter, date(2025, 1, 10), date(2025, 6, 1))
    assert lines(AARHUS) == [(only.pk, date(2025, 1, 10), date(2025, 6, 1), 142, 120)]
    assert lines(RANDERS) == []


def test_a_decision_splits_a_running_stay_at_the_decided_day(
    worker: User, citizen: Citizen, randers_shelter: Shelter
) -> None:
    spanning = stay(worker, citizen, randers_shelter, date(2025, 3, 1), date(2025, 7, 1))
    decide_for_randers(worker, citizen, date(2025, 5, 1))
    # Aarhus pays 01.03.–30.04. (61 days), Randers from the decided day: 61 days, of which the
    # window opened 01.03.2025 has 59 left.
    assert lines(AARHUS) == [(spanning.pk, date(2025, 3, 1), date(2025, 5, 1), 61, 61)]
    assert lines(RANDERS) == [(spanning.pk, date(2025, 5, 1), date(2025, 7, 1), 61, 59)]
    # Under days=dates the change day is counted once, like a transfer: with the old part.
    aarhus = claim(AARHUS, days="dates").lines[0]
    randers = claim(RANDERS, days="dates").lines[0]
    assert (aarhus.days, randers.days) == (62, 61)


def test_a_takeover_under_an_l130_agreement_splits_the_stay(
    worker: User, citizen: Citizen, randers_shelter: Shelter
) -> None:
    spanning = stay(worker, citizen, randers_shelter, date(2025, 5, 1))
    borders.acting_agreement_add(
        actor=worker,
        citizen=citizen,
        municipality=factories.municipality(RANDERS),
        valid_from=date(2025, 6, 1),
        covers="Bostøtte efter § 85",
        today=TODAY,
    )
    hand_over(worker, citizen, date(2025, 9, 1))
    assert lines(AARHUS) == [(spanning.pk, date(2025, 5, 1), date(2025, 9, 1), 123, 120)]
    assert lines(RANDERS) == [(spanning.pk, date(2025, 9, 1), None, 122, 0)]


@pytest.mark.parametrize("basis", [ActingBasis.EXTERNAL_STAY, ActingBasis.RESIDENCE])
def test_a_change_that_does_not_move_payment_leaves_the_stay_whole(
    worker: User, citizen: Citizen, randers_shelter: Shelter, basis: str
) -> None:
    # § 9, stk. 3-4: the municipality that was acting at admission pays the whole stay.
    whole = stay(worker, citizen, randers_shelter, date(2025, 3, 1), date(2025, 7, 1))
    hand_over(worker, citizen, date(2025, 5, 1), basis)
    assert lines(AARHUS) == [(whole.pk, date(2025, 3, 1), date(2025, 7, 1), 122, 120)]
    assert lines(RANDERS) == []
    assert Stay.objects.count() == 1


def test_a_decision_afterwards_makes_both_municipalities_claims_say_why_they_are_out_of_date(
    worker: User, citizen: Citizen, randers_shelter: Shelter, client: Client
) -> None:
    early = stay(worker, citizen, randers_shelter, date(2025, 2, 1), date(2025, 4, 1))
    later = stay(worker, citizen, randers_shelter, date(2025, 6, 1), date(2025, 8, 1))
    economists = {
        code: factories.user(f"oekonom-{code}", Role.ECONOMIST, code=code)
        for code in (AARHUS, RANDERS)
    }
    made = claims_of(economists)
    assert {line.stay_pk for line in made[AARHUS].lines.all()} == {early.pk, later.pk}
    assert not made[RANDERS].lines.exists()
    for code, found in made.items():
        assert not claim_status(found).out_of_date, code

    decide_for_randers(worker, citizen, date(2025, 5, 1))

    for code, found in made.items():
        status = claim_status(found)
        assert status.data_changed, code
        assert status.acting_changed, code
        client.force_login(economists[code])
        page = client.get(reverse("economy:claim", args=[found.pk])).content.decode()
        assert "Handlekommunen er ændret for borgere i opgørelsen" in page, code
        assert "Beregn igen (ny opgørelse)" in page, code
    # The corrected claims: the stay admitted after the decided day is Randers' to claim.
    corrected = claims_of(economists)
    assert [line.stay_pk for line in corrected[AARHUS].lines.all()] == [early.pk]
    assert [line.stay_pk for line in corrected[RANDERS].lines.all()] == [later.pk]
    for found in corrected.values():
        assert not claim_status(found).out_of_date


def test_a_change_of_another_kind_is_not_blamed_on_the_acting_municipality(
    worker: User, citizen: Citizen, randers_shelter: Shelter
) -> None:
    stay(worker, citizen, randers_shelter, date(2025, 2, 1), date(2025, 4, 1))
    economist = factories.user("oekonom", Role.ECONOMIST, code=AARHUS)
    found = claims_of({AARHUS: economist})[AARHUS]
    stay(worker, citizen, randers_shelter, date(2025, 5, 1), date(2025, 5, 10))  # entered late
    status = claim_status(found)
    assert status.data_changed
    assert not status.acting_changed
