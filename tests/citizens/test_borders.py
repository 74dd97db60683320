"""Across municipal borders: the acting municipality over time, L 130 agreements and disputes.

Aarhus (751) acts for the citizen; Randers (730) is where the external shelter lies.
"""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens import borders, services
from hjemvej.citizens.models import (
    ActingBasis,
    ActingMunicipalityPeriod,
    Citizen,
    DisputeStatus,
)
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.stats.stays import municipality_stays
from tests import factories

TODAY = factories.TODAY
AARHUS, RANDERS = "751", "730"

pytestmark = pytest.mark.django_db


@pytest.fixture
def aarhus_worker() -> User:
    return factories.user("aarhus", Role.CASE_WORKER, code=AARHUS)


@pytest.fixture
def citizen(aarhus_worker: User) -> Citizen:
    made = factories.citizen(aarhus_worker, start=date(2025, 1, 10))
    assert made.case_worker_id == aarhus_worker.pk
    return made


def periods(citizen: Citizen) -> list[tuple[str, date, date | None, str]]:
    return [
        (p.municipality.code, p.valid_from, p.valid_to, p.basis)
        for p in ActingMunicipalityPeriod.objects.filter(citizen=citizen).order_by(
            "valid_from", "id"
        )
    ]


def stay_at_randers(actor: User, citizen: Citizen, admitted: date) -> Stay:
    shelter = factories.shelter("Forsorgshjemmet i Randers", code=RANDERS)
    return stay_admit(actor=actor, citizen=citizen, shelter=shelter, admitted=admitted, today=TODAY)


def test_a_new_citizen_has_one_open_period_from_the_first_situation(citizen: Citizen) -> None:
    assert periods(citizen) == [(AARHUS, date(2025, 1, 10), None, ActingBasis.RESIDENCE)]


def test_a_change_closes_the_period_opens_the_next_and_moves_the_current_value(
    aarhus_worker: User, citizen: Citizen
) -> None:
    period = borders.citizen_acting_municipality_change(
        actor=aarhus_worker,
        citizen=citizen,
        municipality=factories.municipality(RANDERS),
        valid_from=date(2026, 9, 1),
        basis=ActingBasis.RESIDENCE,
        today=TODAY,
        reason="Borgeren har fået bolig i Randers",
    )
    citizen.refresh_from_db()
    assert citizen.acting_municipality.code == RANDERS
    assert citizen.case_worker_id is None  # Aarhus' worker cannot be responsible in Randers
    assert periods(citizen) == [
        (AARHUS, date(2025, 1, 10), date(2026, 9, 1), ActingBasis.RESIDENCE),
        (RANDERS, date(2026, 9, 1), None, ActingBasis.RESIDENCE),
    ]
    entry = AuditEntry.objects.get(object_type="citizens.ActingMunicipalityPeriod")
    assert entry.citizen_id == citizen.pk
    assert entry.object_id == str(period.pk)
    assert entry.detail == {
        "fields": ["acting_municipality", "case_worker"],
        "from_municipality": AARHUS,
        "to_municipality": RANDERS,
        "valid_from": "2026-09-01",
    }


@pytest.mark.parametrize(
    ("code", "valid_from", "basis", "field"),
    [
        (AARHUS, date(2026, 9, 1), ActingBasis.RESIDENCE, "municipality"),
        (RANDERS, date(2026, 12, 1), ActingBasis.RESIDENCE, "valid_from"),  # after today
        (RANDERS, date(2025, 1, 9), ActingBasis.RESIDENCE, "valid_from"),  # before the period
        (RANDERS, date(2026, 9, 1), ActingBasis.L130_AGREEMENT, "basis"),
        (RANDERS, date(2026, 9, 1), "unknown", "basis"),
    ],
)
def test_a_change_is_refused_with_the_field_named_and_nothing_written(
    aarhus_worker: User, citizen: Citizen, code: str, valid_from: date, basis: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        borders.citizen_acting_municipality_change(
            actor=aarhus_worker,
            citizen=citizen,
            municipality=factories.municipality(code),
            valid_from=valid_from,
            basis=basis,
            today=TODAY,
        )
    assert refused.value.field == field
    citizen.refresh_from_db()
    assert citizen.acting_municipality.code == AARHUS
    assert len(periods(citizen)) == 1


def test_the_edit_form_s_change_keeps_the_history_true(
    aarhus_worker: User, citizen: Citizen
) -> None:
    services.citizen_update(
        actor=aarhus_worker,
        citizen=citizen,
        today=TODAY,
        acting_municipality=factories.municipality(RANDERS),
        phone="12345678",
    )
    citizen.refresh_from_db()
    assert (citizen.acting_municipality.code, citizen.phone) == (RANDERS, "12345678")
    assert periods(citizen)[-1] == (RANDERS, TODAY, None, ActingBasis.RESIDENCE)
    assert periods(citizen)[0][2] == TODAY


def test_an_l130_agreement_needs_a_stay_at_a_shelter_in_that_municipality(
    aarhus_worker: User, citizen: Citizen
) -> None:
    randers = factories.municipality(RANDERS)
    with pytest.raises(DomainError) as refused:
        borders.acting_agreement_add(
            actor=aarhus_worker,
            citizen=citizen,
            municipality=randers,
            valid_from=date(2026, 6, 1),
            covers="Bostøtte efter § 85",
            today=TODAY,
        )
    assert refused.value.field == "municipality"
    stay_at_randers(aarhus_worker, citizen, date(2026, 3, 1))
    agreement = borders.acting_agreement_add(
        actor=aarhus_worker,
        citizen=citizen,
        municipality=randers,
        valid_from=date(2026, 6, 1),
        covers="Bostøtte efter § 85",
        today=TODAY,
    )
    citizen.refresh_from_db()
    assert citizen.acting_municipality.code == AARHUS  # Aarhus still acts for the rest
    assert agreement.is_agreement
    assert agreement.valid_to is None
    # A later handover to Randers ends the agreement: Randers now acts for all of the help.
    borders.citizen_acting_municipality_change(
        actor=aarhus_worker,
        citizen=citizen,
        municipality=randers,
        valid_from=date(2026, 10, 1),
        basis=ActingBasis.RESIDENCE,
        today=TODAY,
    )
    agreement.refresh_from_db()
    assert agreement.valid_to == date(2026, 10, 1)


def test_an_l130_agreement_is_refused_before_the_rule_came_into_force(
    aarhus_worker: User, citizen: Citizen
) -> None:
    stay_at_randers(aarhus_worker, citizen, date(2025, 2, 1))
    with pytest.raises(DomainError) as refused:
        borders.acting_agreement_add(
            actor=aarhus_worker,
            citizen=citizen,
            municipality=factories.municipality(RANDERS),
            valid_from=date(2025, 4, 30),
            covers="Hjælp til bolig",
            today=TODAY,
        )
    assert refused.value.field == "valid_from"
    assert not ActingMunicipalityPeriod.objects.filter(basis=ActingBasis.L130_AGREEMENT).exists()


def test_a_dispute_decided_for_the_other_municipality_moves_payment_from_the_decided_day(
    aarhus_worker: User, citizen: Citizen
) -> None:
    randers = factories.municipality(RANDERS)
    before = stay_at_randers(aarhus_worker, citizen, date(2026, 2, 1))
    stay_discharge(actor=aarhus_worker, stay=before, discharged=date(2026, 3, 1), today=TODAY)
    after = stay_at_randers(aarhus_worker, citizen, date(2026, 5, 1))
    dispute = borders.dispute_open(
        actor=aarhus_worker,
        citizen=citizen,
        other=randers,
        disputed_from=date(2026, 4, 1),
        brought_on=date(2026, 6, 1),
        today=TODAY,
    )
    aarhus = factories.municipality(AARHUS)
    assert set(municipality_stays(aarhus.pk)) == {before, after}
    borders.dispute_decide(
        actor=aarhus_worker,
        dispute=dispute,
        decided_for=randers,
        decided_on=date(2026, 10, 15),
        effective_from=date(2026, 4, 1),
        today=TODAY,
    )
    citizen.refresh_from_db()
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.DECIDED
    assert citizen.acting_municipality == randers
    assert periods(citizen)[-1] == (RANDERS, date(2026, 4, 1), None, ActingBasis.ANKESTYRELSEN)
    # The paying (and claiming) municipality follows the period of the day of admission.
    assert list(municipality_stays(aarhus.pk)) == [before]
    assert list(municipality_stays(randers.pk)) == [after]


def test_a_dispute_decided_for_the_acting_municipality_changes_nothing(
    aarhus_worker: User, citizen: Citizen
) -> None:
    dispute = borders.dispute_open(
        actor=aarhus_worker,
        citizen=citizen,
        other=factories.municipality(RANDERS),
        disputed_from=date(2026, 4, 1),
        brought_on=date(2026, 6, 1),
        today=TODAY,
    )
    with pytest.raises(DomainError) as refused:
        borders.dispute_open(
            actor=aarhus_worker,
            citizen=citizen,
            other=factories.municipality(RANDERS),
            disputed_from=date(2026, 4, 1),
            brought_on=date(2026, 6, 1),
            today=TODAY,
        )
    assert refused.value.field == "other"
    with pytest.raises(DomainError) as refused:
        borders.dispute_decide(
            actor=aarhus_worker,
            dispute=dispute,
            decided_for=factories.municipality("101"),
            decided_on=date(2026, 10, 15),
            effective_from=date(2026, 4, 1),
            today=TODAY,
        )
    assert refused.value.field == "decided_for"
    borders.dispute_decide(
        actor=aarhus_worker,
        dispute=dispute,
        decided_for=factories.municipality(AARHUS),
        decided_on=date(2026, 10, 15),
        effective_from=date(2026, 4, 1),
        today=TODAY,
    )
    citizen.refresh_from_db()
    assert citizen.acting_municipality.code == AARHUS
    assert len(periods(citizen)) == 1
    assert factories.audit_entries(citizen, AuditAction.UPDATE)[-1].object_type == (
        "citizens.ActingMunicipalityDispute"
    )


def test_a_decision_dated_before_the_current_period_names_the_effective_day(
    aarhus_worker: User, citizen: Citizen
) -> None:
    dispute = borders.dispute_open(
        actor=aarhus_worker,
        citizen=citizen,
        other=factories.municipality(RANDERS),
        disputed_from=date(2024, 6, 1),
        brought_on=date(2026, 6, 1),
        today=TODAY,
    )
    with pytest.raises(DomainError) as refused:
        borders.dispute_decide(
            actor=aarhus_worker,
            dispute=dispute,
            decided_for=factories.municipality(RANDERS),
            decided_on=date(2026, 10, 15),
            effective_from=date(2024, 6, 1),
            today=TODAY,
        )
    assert refused.value.field == "effective_from"
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.OPEN


def test_a_decision_from_the_first_day_leaves_the_first_period_empty(
    aarhus_worker: User, citizen: Citizen
) -> None:
    randers = factories.municipality(RANDERS)
    stay = stay_at_randers(aarhus_worker, citizen, date(2025, 1, 10))
    dispute = borders.dispute_open(
        actor=aarhus_worker,
        citizen=citizen,
        other=randers,
        disputed_from=date(2025, 1, 10),
        brought_on=date(2026, 6, 1),
        today=TODAY,
    )
    borders.dispute_decide(
        actor=aarhus_worker,
        dispute=dispute,
        decided_for=randers,
        decided_on=date(2026, 10, 15),
        effective_from=date(2025, 1, 10),
        today=TODAY,
    )
    assert periods(citizen) == [
        (AARHUS, date(2025, 1, 10), date(2025, 1, 10), ActingBasis.RESIDENCE),
        (RANDERS, date(2025, 1, 10), None, ActingBasis.ANKESTYRELSEN),
    ]
    assert list(municipality_stays(randers.pk)) == [stay]
    assert not municipality_stays(factories.municipality(AARHUS).pk).exists()


def test_a_merge_reaches_the_kept_record_s_history_back_and_undo_restores_it(
    aarhus_worker: User, citizen: Citizen
) -> None:
    from hjemvej.casefile.services import citizen_merge, citizen_unmerge

    later = factories.citizen(aarhus_worker, first_name="Anna", start=date(2026, 6, 1))
    stay = stay_at_randers(aarhus_worker, citizen, date(2025, 3, 1))
    merge = citizen_merge(actor=aarhus_worker, source=citizen, target=later)
    assert periods(later) == [(AARHUS, date(2025, 1, 10), None, ActingBasis.RESIDENCE)]
    assert list(municipality_stays(factories.municipality(AARHUS).pk)) == [stay]
    citizen_unmerge(actor=aarhus_worker, merge=merge)
    assert periods(later) == [(AARHUS, date(2026, 6, 1), None, ActingBasis.RESIDENCE)]
    assert periods(citizen) == [(AARHUS, date(2025, 1, 10), None, ActingBasis.RESIDENCE)]


def test_a_stay_recorded_before_the_history_began_stays_with_the_first_municipality(
    aarhus_worker: User, citizen: Citizen
) -> None:
    early = stay_at_randers(aarhus_worker, citizen, date(2024, 5, 1))
    stay_discharge(actor=aarhus_worker, stay=early, discharged=date(2024, 6, 1), today=TODAY)
    borders.citizen_acting_municipality_change(
        actor=aarhus_worker,
        citizen=citizen,
        municipality=factories.municipality(RANDERS),
        valid_from=date(2026, 9, 1),
        basis=ActingBasis.RESIDENCE,
        today=TODAY,
    )
    assert periods(citizen)[0][1] == date(2024, 5, 1)
    assert list(municipality_stays(factories.municipality(AARHUS).pk)) == [early]
