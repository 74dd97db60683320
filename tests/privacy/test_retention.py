"""Retention: what is due, the review list, and the erasure that keeps the economy reproducible."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen, ListEventReason, Situation
from hjemvej.citizens.services import situation_end
from hjemvej.core.errors import DomainError
from hjemvej.privacy.retention import due_citizens, last_activity
from hjemvej.privacy.retention_services import citizen_erase, retention_run
from hjemvej.shelters.models import ExitDestination, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.botilbud import botilbud_stay_add, botilbud_stay_end
from hjemvej.support.models import BotilbudStay, Contact, ContactKind
from hjemvej.support.services import contact_add
from tests import factories
from tests.background import run_jobs

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY


@pytest.fixture
def worker() -> User:
    return factories.user("raadgiver", Role.CASE_WORKER)


@pytest.fixture
def admin() -> User:
    return factories.user("administrator", Role.ADMIN)


def closed_case(worker: User, *, first_name: str, ended: date) -> Citizen:
    """A citizen whose only situation and stay ended on ``ended``, with a contact note."""
    first = Stay.objects.first()
    shelter = first.shelter if first is not None else factories.shelter()
    citizen = factories.citizen(
        worker, first_name=first_name, last_name="Gammelsag", start=date(2019, 1, 1)
    )
    stay = stay_admit(
        actor=worker, citizen=citizen, shelter=shelter, admitted=date(2019, 2, 1), today=TODAY
    )
    stay_discharge(
        actor=worker,
        stay=stay,
        discharged=ended,
        today=TODAY,
        exit_destination=ExitDestination.OWN_HOME,
    )
    contact_add(
        actor=worker,
        citizen=citizen,
        on=date(2019, 3, 1),
        kind=ContactKind.VISIT,
        today=TODAY,
        note="Fortalte om alkohol og en voldsdom",
    )
    if citizen.situations.filter(end__isnull=True).exists():
        situation_end(
            actor=worker, citizen=citizen, end=ended, reason=ListEventReason.HOUSED, today=TODAY
        )
    citizen.refresh_from_db()
    return citizen


def end_situation(worker: User, citizen: Citizen, end: date) -> None:
    situation_end(
        actor=worker, citizen=citizen, end=end, reason=ListEventReason.HOUSED, today=TODAY
    )


def test_the_last_activity_is_the_latest_date_in_any_record(worker: User) -> None:
    citizen = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    assert last_activity([citizen.pk])[citizen.pk] == date(2020, 6, 1)


def test_a_closed_case_is_due_five_years_after_its_last_activity(worker: User) -> None:
    old = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    recent = closed_case(worker, first_name="Rie", ended=date(2023, 6, 1))
    open_now = factories.citizen(worker, first_name="Åse", start=date(2019, 1, 1))
    due = due_citizens(municipality_id=worker.municipality_id, today=TODAY)
    assert [d.citizen_id for d in due] == [old.pk]
    assert due[0].due_on == date(2025, 6, 1)
    assert due[0].pseudonym == old.pseudonym
    assert recent.pk not in {d.citizen_id for d in due}
    assert open_now.pk not in {d.citizen_id for d in due}
    # The grace period: due since 1 June 2025, so with 200 days' grace it waits until 18.12.2025.
    assert (
        due_citizens(
            municipality_id=worker.municipality_id, today=date(2025, 12, 17), grace_days=200
        )
        == []
    )


def test_erasure_refuses_a_citizen_who_is_not_due(worker: User, admin: User) -> None:
    recent = closed_case(worker, first_name="Rie", ended=date(2023, 6, 1))
    with pytest.raises(DomainError, match="ikke klar til sletning"):
        citizen_erase(actor=admin, citizen=recent, today=TODAY)
    recent.refresh_from_db()
    assert recent.first_name == "Rie"


def test_erasure_blanks_the_person_deletes_the_notes_and_keeps_the_stay(
    worker: User, admin: User
) -> None:
    old = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    stay = old.stays.get()
    counts = citizen_erase(actor=admin, citizen=old, today=TODAY)
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.cpr_hash, old.cpr_token) == ("", "", None, "")
    assert old.erased_on == TODAY
    assert not Contact.objects.filter(citizen=old).exists()
    kept = Stay.objects.get(pk=stay.pk)
    assert (kept.admitted, kept.discharged, kept.citizen_id) == (
        stay.admitted,
        stay.discharged,
        old.pk,
    )
    assert counts.removed["support.Contact"] == 1
    entry = AuditEntry.objects.get(action=AuditAction.ERASE, citizen=old)
    assert entry.user == admin
    assert entry.detail["removed"]["support.Contact"] == 1
    assert "Ole" not in str(entry.detail)
    assert "alkohol" not in str(entry.detail)
    # Erased citizens are no one's case any more: not in the by-name list.
    client = Client()
    client.force_login(worker)
    assert client.get(f"/borgere/{old.pk}/").status_code == 404


def test_the_review_list_shows_pseudonyms_to_the_administrator_only(
    worker: User, admin: User, client: Client
) -> None:
    old = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    client.force_login(worker)
    assert client.get("/databeskyttelse/sletning/").status_code == 403
    client.force_login(admin)
    page = client.get("/databeskyttelse/sletning/")
    assert page.status_code == 200
    html = page.content.decode()
    assert old.pseudonym in html
    assert "Ole" not in html
    assert "Gammelsag" not in html
    assert "Kontakter" in html  # the counts per kind of record
    started = client.post("/databeskyttelse/sletning/", {"today": TODAY.isoformat()})
    assert started.status_code == 302
    assert started["Location"].startswith("/job/")
    run_jobs()
    old.refresh_from_db()
    assert old.erased_on is not None
    assert old.first_name == ""


def test_the_run_erases_only_what_has_been_due_for_the_grace_period(
    worker: User, admin: User
) -> None:
    old = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    erased = retention_run(actor=admin, today=date(2025, 6, 10), grace_days=30)
    assert erased == 0
    erased = retention_run(actor=admin, today=date(2025, 7, 1), grace_days=30)
    assert erased == 1
    old.refresh_from_db()
    assert old.erased_on == date(2025, 7, 1)


def test_a_merged_record_of_the_same_person_is_erased_with_them(worker: User, admin: User) -> None:
    from hjemvej.casefile.services import citizen_merge

    old = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    twin = factories.citizen(worker, first_name="Ole", last_name="Tvilling", start=date(2019, 1, 1))
    end_situation(worker, twin, date(2019, 5, 1))
    citizen_merge(actor=worker, source=twin, target=old)
    citizen_erase(actor=admin, citizen=old, today=TODAY)
    twin.refresh_from_db()
    assert (twin.first_name, twin.last_name, twin.erased_on) == ("", "", TODAY)


def test_situations_keep_their_dates_but_not_what_reveals_prison_or_hospital(
    worker: User, admin: User
) -> None:
    citizen = factories.citizen(
        worker, first_name="Kim", situation=Situation.PRISON_RELEASE, start=date(2019, 1, 1)
    )
    end_situation(worker, citizen, date(2019, 2, 1))
    citizen_erase(actor=admin, citizen=citizen, today=TODAY)
    situation = citizen.situations.get()
    assert (situation.start, situation.end) == (date(2019, 1, 1), date(2019, 2, 1))
    assert situation.situation == Situation.OTHER
    assert situation.note == ""


def test_the_nightly_job_erases_as_the_system_user_that_cannot_sign_in(worker: User) -> None:
    from hjemvej.jobs.registry import PERIODIC
    from hjemvej.jobs.services import job_start
    from hjemvej.privacy import jobs

    assert jobs.NIGHTLY in PERIODIC
    old = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    job_start(user=None, kind=jobs.NIGHTLY, title="Sletning", params={})
    run_jobs()
    old.refresh_from_db()
    assert old.erased_on is not None
    entry = AuditEntry.objects.get(action=AuditAction.ERASE, citizen=old)
    assert entry.user is not None
    assert entry.user.username == "hjemvej-sletning"
    assert not entry.user.is_active
    assert not entry.user.has_usable_password()


def test_an_open_sel107_stay_keeps_the_case_open_and_erasure_keeps_its_money(
    worker: User, admin: User
) -> None:
    old = closed_case(worker, first_name="Ole", ended=date(2020, 6, 1))
    placed = botilbud_stay_add(
        actor=worker,
        citizen=old,
        provider="Botilbuddet Åbo",
        decided_on=date(2020, 5, 20),
        start=date(2020, 6, 1),
        end=None,
        monthly_cost=Decimal("30000"),
        today=TODAY,
        note="Fortalte om sin sygdom",
    )
    assert due_citizens(municipality_id=worker.municipality_id, today=TODAY) == []
    botilbud_stay_end(actor=worker, stay=placed, end=date(2020, 9, 1), today=TODAY)
    assert last_activity([old.pk])[old.pk] == date(2020, 9, 1)
    counts = citizen_erase(actor=admin, citizen=date_due(old), today=TODAY)
    kept = BotilbudStay.objects.get(pk=placed.pk)
    assert (kept.decided_on, kept.start, kept.end, kept.monthly_cost) == (
        date(2020, 5, 20),
        date(2020, 6, 1),
        date(2020, 9, 1),
        Decimal("30000"),
    )
    assert (kept.provider, kept.note) == ("", "")
    assert counts.kept["support.BotilbudStay"] == 1


def date_due(citizen: Citizen) -> Citizen:
    citizen.refresh_from_db()
    return citizen
