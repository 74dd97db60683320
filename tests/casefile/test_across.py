"""Across municipal borders, by the pages: the handover, the old municipality's read-only view,
the new municipality's view under consent, an L 130 agreement and a dispute decided for the other.

Aarhus (751) hands the citizen over to Randers (730); Copenhagen (101) has nothing to do with them.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.accounts.policy import border_citizens_for, citizens_for, contacts_for
from hjemvej.citizens.models import ActingBasis, Citizen, ConsentKind, DisputeStatus
from hjemvej.citizens.services import consent_add
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.services import contact_add
from tests import factories
from tests.borders import decided_for

TODAY = factories.TODAY
AARHUS, RANDERS, COPENHAGEN = "751", "730", "101"
OLD_NOTE = "Notat fra gaden i Aarhus"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users() -> dict[str, User]:
    return {
        "aarhus": factories.user("aarhus", Role.CASE_WORKER, code=AARHUS),
        "aarhus_manager": factories.user("aarhus-leder", Role.MANAGER, code=AARHUS),
        "aarhus_economist": factories.user("aarhus-oekonom", Role.ECONOMIST, code=AARHUS),
        "randers": factories.user("randers", Role.CASE_WORKER, code=RANDERS),
        "copenhagen": factories.user("kbh", Role.CASE_WORKER, code=COPENHAGEN),
    }


@pytest.fixture
def randers_shelter() -> Shelter:
    return factories.shelter("Forsorgshjemmet i Randers", code=RANDERS)


@pytest.fixture
def citizen(users: dict[str, User], randers_shelter: Shelter) -> Citizen:
    """On the street in Aarhus from January, at Randers' shelter February to March, a contact."""
    aarhus = users["aarhus"]
    made = factories.citizen(aarhus, first_name="Søren", last_name="Grænse", start=date(2026, 1, 5))
    stay = stay_admit(
        actor=aarhus, citizen=made, shelter=randers_shelter, admitted=date(2026, 2, 1), today=TODAY
    )
    stay_discharge(actor=aarhus, stay=stay, discharged=date(2026, 3, 1), today=TODAY)
    contact_add(
        actor=aarhus, citizen=made, on=date(2026, 3, 2), kind="visit", today=TODAY, note=OLD_NOTE
    )
    return made


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hand_over(users: dict[str, User], citizen: Citizen) -> None:
    response = client_for(users["aarhus"]).post(
        reverse("citizens:acting_change", args=[citizen.pk]),
        {
            "municipality": factories.municipality(RANDERS).pk,
            "valid_from": "2026-10-01",
            "basis": ActingBasis.RESIDENCE,
            "reason": "Har fået bolig i Randers",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("citizens:across", args=[citizen.pk])


def test_the_citizen_page_shows_the_history_and_the_change_form(
    users: dict[str, User], citizen: Citizen
) -> None:
    client = client_for(users["aarhus"])
    page = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Handlekommune over tid" in page
    assert "Bopæl eller sædvanligt ophold (retssikkerhedsloven § 9, stk. 1)" in page
    assert reverse("citizens:acting_change", args=[citizen.pk]) in page
    form = client.get(reverse("citizens:acting_change", args=[citizen.pk]))
    assert form.status_code == 200
    assert "Skift handlekommune" in form.content.decode()


def test_a_handover_without_consent(users: dict[str, User], citizen: Citizen) -> None:
    hand_over(users, citizen)
    citizen.refresh_from_db()
    assert citizen.acting_municipality.code == RANDERS
    # The new municipality has the case: the citizen's page, but not Aarhus' contact notes.
    randers = client_for(users["randers"])
    page = randers.get(reverse("citizens:detail", args=[citizen.pk]))
    assert page.status_code == 200
    assert OLD_NOTE not in page.content.decode()
    assert not contacts_for(users["randers"], today=TODAY).exists()
    # The old municipality no longer has the case, and reads its own part, read-only.
    aarhus = client_for(users["aarhus"])
    assert aarhus.get(reverse("citizens:detail", args=[citizen.pk])).status_code == 404
    assert aarhus.get(reverse("citizens:edit", args=[citizen.pk])).status_code == 404
    listing = aarhus.get(reverse("citizens:across_list")).content.decode()
    assert "Søren Grænse" in listing
    assert "Flyttet videre den 01.10.2026" in listing
    own = aarhus.get(reverse("citizens:across", args=[citizen.pk])).content.decode()
    assert "Borgeren flyttede videre den 01.10.2026" in own
    assert "Forsorgshjemmet i Randers" in own  # the stay Aarhus paid
    assert OLD_NOTE in own  # its own note
    assert "Handlekommune nu: Randers" in own
    assert reverse("citizens:acting_change", args=[citizen.pk]) not in own  # no forms
    # Both sides are in the audit log: the handover, and each read of the old municipality.
    handover = AuditEntry.objects.get(
        citizen_id=citizen.pk, object_type="citizens.ActingMunicipalityPeriod"
    )
    assert (handover.detail["from_municipality"], handover.detail["to_municipality"]) == (
        AARHUS,
        RANDERS,
    )
    reads = AuditEntry.objects.filter(
        user=users["aarhus"], action=AuditAction.VIEW, detail__page="citizens:across"
    )
    assert reads.filter(citizen_id=citizen.pk).count() == 1


def test_a_handover_with_consent_shows_the_old_notes_to_the_new_municipality(
    users: dict[str, User], citizen: Citizen
) -> None:
    consent_add(
        actor=users["aarhus"],
        citizen=citizen,
        recipient="Randers Kommune",
        scope="Kontaktnotater",
        given_on=date(2026, 9, 15),
        today=TODAY,
        kind=ConsentKind.MUNICIPALITIES,
    )
    hand_over(users, citizen)
    page = client_for(users["randers"]).get(reverse("citizens:detail", args=[citizen.pk]))
    assert OLD_NOTE in page.content.decode()


def test_who_reads_a_citizen_across_the_border(users: dict[str, User], citizen: Citizen) -> None:
    """The access matrix's second municipality: before and after the handover."""
    assert set(border_citizens_for(users["randers"], today=TODAY)) == set()
    hand_over(users, citizen)
    seen = {name: set(border_citizens_for(user, today=TODAY)) for name, user in users.items()}
    assert seen == {
        "aarhus": {citizen},
        "aarhus_manager": {citizen},
        "aarhus_economist": set(),  # no names for economists
        "randers": set(),  # Randers has the case itself (citizens_for)
        "copenhagen": set(),
    }
    assert set(citizens_for(users["randers"])) == {citizen}
    assert set(citizens_for(users["aarhus"])) == set()
    across = reverse("citizens:across", args=[citizen.pk])
    assert client_for(users["copenhagen"]).get(across).status_code == 404
    own = client_for(users["randers"]).get(across)  # Randers' own citizen: the whole case
    assert own.status_code == 302
    assert own["Location"] == reverse("citizens:detail", args=[citizen.pk])
    economist = client_for(users["aarhus_economist"])
    assert economist.get(reverse("citizens:across_list")).status_code == 403
    # The old municipality cannot write through the cross-border page's citizen.
    response = client_for(users["aarhus"]).post(
        reverse("citizens:contact_add", args=[citizen.pk]),
        {"date": "2026-11-01", "kind": "visit"},
    )
    assert response.status_code == 404


def test_an_l130_agreement_during_the_stay_lets_the_shelter_s_municipality_read(
    users: dict[str, User], randers_shelter: Shelter
) -> None:
    aarhus = users["aarhus"]
    citizen = factories.citizen(aarhus, first_name="Lise", last_name="Aftale")
    stay = stay_admit(
        actor=aarhus,
        citizen=citizen,
        shelter=randers_shelter,
        admitted=date(2026, 6, 1),
        today=TODAY,
    )
    response = client_for(aarhus).post(
        reverse("citizens:agreement_add", args=[citizen.pk]),
        {
            "municipality": factories.municipality(RANDERS).pk,
            "valid_from": "2026-10-01",
            "covers": "Bostøtte efter § 85 og hjælp til bolig i Randers",
        },
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.acting_municipality.code == AARHUS
    randers = client_for(users["randers"])
    assert "Lise Aftale" in randers.get(reverse("citizens:across_list")).content.decode()
    page = randers.get(reverse("citizens:across", args=[citizen.pk])).content.decode()
    assert "Bostøtte efter § 85 og hjælp til bolig i Randers" in page
    assert stay.shelter.name in page
    # The agreement ends (not before it began): Randers no longer reads the citizen.
    period = citizen.acting_periods.get(basis=ActingBasis.L130_AGREEMENT)
    early = client_for(aarhus).post(
        reverse("citizens:agreement_end", args=[citizen.pk, period.pk]),
        {"valid_to": "2026-09-01"},
    )
    assert early.status_code == 200
    assert early.context["form"].errors["valid_to"]
    response = client_for(aarhus).post(
        reverse("citizens:agreement_end", args=[citizen.pk, period.pk]),
        {"valid_to": "2026-11-01"},
    )
    assert response.status_code == 302
    assert randers.get(reverse("citizens:across", args=[citizen.pk])).status_code == 404


def test_a_dispute_decided_for_the_other_municipality(
    users: dict[str, User], citizen: Citizen
) -> None:
    aarhus = client_for(users["aarhus"])
    response = aarhus.post(
        reverse("citizens:dispute_add", args=[citizen.pk]),
        {
            "other": factories.municipality(RANDERS).pk,
            "disputed_from": "2026-04-01",
            "brought_on": "2026-05-01",
        },
    )
    assert response.status_code == 302
    dispute = citizen.acting_disputes.get()
    # While the case is open, Randers reads the citizen and the dispute.
    randers = client_for(users["randers"])
    assert "Verserer" in randers.get(reverse("citizens:across", args=[citizen.pk])).content.decode()
    form = aarhus.get(reverse("citizens:dispute_decide", args=[citizen.pk, dispute.pk]))
    assert form.status_code == 200
    response = aarhus.post(
        reverse("citizens:dispute_decide", args=[citizen.pk, dispute.pk]),
        {
            "decided_for": factories.municipality(RANDERS).pk,
            "decided_on": "2026-11-01",
            "effective_from": "2026-04-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("citizens:across", args=[citizen.pk])
    dispute.refresh_from_db()
    citizen.refresh_from_db()
    assert dispute.status == DisputeStatus.DECIDED
    assert citizen.acting_municipality.code == RANDERS
    assert randers.get(reverse("citizens:detail", args=[citizen.pk])).status_code == 200
    page = aarhus.get(reverse("citizens:across", args=[citizen.pk])).content.decode()
    assert "Ankestyrelsens afgørelse af uenighed mellem kommuner" in page
    assert "Afgjort af Ankestyrelsen" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"municipality": "", "valid_from": "2026-10-01", "basis": "residence"}, "municipality"),
        ({"municipality": "x", "valid_from": "2026-10-01", "basis": "residence"}, "municipality"),
        ({"municipality": "M", "valid_from": "01.13.2026", "basis": "residence"}, "valid_from"),
        ({"municipality": "M", "valid_from": "2027-10-01", "basis": "residence"}, "valid_from"),
        ({"municipality": "M", "valid_from": "2026-10-01", "basis": "l130"}, "basis"),
        ({"municipality": "A", "valid_from": "2026-10-01", "basis": "residence"}, "municipality"),
    ],
)
def test_bad_input_to_the_change_form_is_named_and_writes_nothing(
    users: dict[str, User], citizen: Citizen, data: dict[str, str], field: str
) -> None:
    codes = {"M": str(factories.municipality(RANDERS).pk), "A": str(citizen.acting_municipality_id)}
    posted = {k: codes.get(v, v) for k, v in data.items()}
    response = client_for(users["aarhus"]).post(
        reverse("citizens:acting_change", args=[citizen.pk]), posted
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get(field)
    citizen.refresh_from_db()
    assert citizen.acting_municipality.code == AARHUS
    assert citizen.acting_periods.count() == 1


def test_stays_before_the_handover_stay_with_the_old_municipality(
    users: dict[str, User], citizen: Citizen
) -> None:
    hand_over(users, citizen)
    stays = list(Stay.objects.filter(citizen=citizen))
    from hjemvej.stats.stays import municipality_stays

    assert list(municipality_stays(factories.municipality(AARHUS).pk)) == stays
    assert not municipality_stays(factories.municipality(RANDERS).pk).exists()


def test_the_weekly_follow_up_counts_a_contact_by_either_municipality(
    users: dict[str, User], randers_shelter: Shelter
) -> None:
    """Randers, under an L 130 agreement, records a contact; Aarhus' weekly task moves on, and
    Aarhus reads Randers' note only under the citizen's consent (and the other way round)."""
    from hjemvej.followup.tasks import weekly_rows

    aarhus = users["aarhus"]
    citizen = factories.citizen(aarhus, first_name="Vera", last_name="Ugentlig")
    stay_admit(
        actor=aarhus,
        citizen=citizen,
        shelter=randers_shelter,
        admitted=date(2026, 10, 1),
        today=TODAY,
    )
    contact_add(
        actor=aarhus,
        citizen=citizen,
        on=date(2026, 10, 20),
        kind="phone",
        today=TODAY,
        note="Aarhus ringede",
    )
    client_for(aarhus).post(
        reverse("citizens:agreement_add", args=[citizen.pk]),
        {
            "municipality": factories.municipality(RANDERS).pk,
            "valid_from": "2026-11-01",
            "covers": "Hjælp til bolig i Randers",
        },
    )
    (before,) = weekly_rows(user=aarhus, today=TODAY)
    assert before.last_contact == date(2026, 10, 20)
    randers = client_for(users["randers"])
    page = randers.get(reverse("citizens:across", args=[citizen.pk])).content.decode()
    assert reverse("citizens:across_contact_add", args=[citizen.pk]) in page
    assert "Aarhus ringede" not in page  # no consent yet
    response = randers.post(
        reverse("citizens:across_contact_add", args=[citizen.pk]),
        {"date": "2026-11-18", "kind": "visit", "note": "Randers besøgte Vera på boformen"},
    )
    assert response.status_code == 302
    (after,) = weekly_rows(user=aarhus, today=TODAY)
    assert after.last_contact == date(2026, 11, 18)
    assert after.task.due > before.task.due
    aarhus_page = client_for(aarhus).get(reverse("citizens:detail", args=[citizen.pk]))
    assert "Randers besøgte Vera" not in aarhus_page.content.decode()
    consent_add(
        actor=aarhus,
        citizen=citizen,
        recipient="Randers og Aarhus Kommuner",
        scope="Kontaktnotater",
        given_on=date(2026, 11, 19),
        today=TODAY,
        kind=ConsentKind.MUNICIPALITIES,
    )
    aarhus_page = client_for(aarhus).get(reverse("citizens:detail", args=[citizen.pk]))
    assert "Randers besøgte Vera" in aarhus_page.content.decode()
    page = randers.get(reverse("citizens:across", args=[citizen.pk])).content.decode()
    assert "Aarhus ringede" in page
    # Copenhagen, with no agreement, may not write.
    response = client_for(users["copenhagen"]).post(
        reverse("citizens:across_contact_add", args=[citizen.pk]),
        {"date": "2026-11-18", "kind": "visit"},
    )
    assert response.status_code == 404


def test_a_withdrawn_dispute_closes_and_a_bad_date_is_named(
    users: dict[str, User], citizen: Citizen
) -> None:
    aarhus = client_for(users["aarhus"])
    aarhus.post(
        reverse("citizens:dispute_add", args=[citizen.pk]),
        {
            "other": factories.municipality(RANDERS).pk,
            "disputed_from": "2026-04-01",
            "brought_on": "2026-05-01",
        },
    )
    dispute = citizen.acting_disputes.get()
    assert (
        aarhus.get(reverse("citizens:dispute_withdraw", args=[citizen.pk, dispute.pk])).status_code
        == 200
    )
    response = aarhus.post(reverse("citizens:dispute_withdraw", args=[citizen.pk, dispute.pk]))
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.WITHDRAWN
    # A closed case has no forms any more, and Randers no longer reads the citizen.
    assert (
        aarhus.get(reverse("citizens:dispute_decide", args=[citizen.pk, dispute.pk])).status_code
        == 404
    )
    randers = client_for(users["randers"])
    assert randers.get(reverse("citizens:across", args=[citizen.pk])).status_code == 404
    # A dispute whose brought-on day lies before the day it concerns is refused by its field.
    response = aarhus.post(
        reverse("citizens:dispute_add", args=[citizen.pk]),
        {
            "other": factories.municipality(RANDERS).pk,
            "disputed_from": "2026-06-01",
            "brought_on": "2026-05-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["disputed_from"]


def test_the_old_municipality_reads_who_came_after_it_but_not_the_later_history(
    users: dict[str, User], citizen: Citizen
) -> None:
    from hjemvej.citizens.borders import citizen_acting_municipality_change

    hand_over(users, citizen)
    citizen_acting_municipality_change(
        actor=users["randers"],
        citizen=citizen,
        municipality=factories.municipality("461"),
        valid_from=date(2026, 11, 1),
        basis=ActingBasis.RESIDENCE,
        today=TODAY,
        reason="Flyttet til Odense efter eget ønske",
    )
    page = client_for(users["aarhus"]).get(reverse("citizens:across", args=[citizen.pk]))
    text = page.content.decode()
    assert "Har fået bolig i Randers" in text  # the handover it made
    assert "Odense" in text  # who acts now
    assert "Flyttet til Odense efter eget ønske" not in text  # not its history


def test_shelter_staff_see_the_acting_municipality_but_not_its_history(
    users: dict[str, User], citizen: Citizen, randers_shelter: Shelter
) -> None:
    staff = factories.user("boform", Role.SHELTER_STAFF, code=RANDERS, shelter=randers_shelter)
    stay_admit(
        actor=users["aarhus"],
        citizen=citizen,
        shelter=randers_shelter,
        admitted=date(2026, 11, 10),
        today=TODAY,
    )
    page = client_for(staff).get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Aarhus" in page
    assert "Handlekommune over tid" not in page
    assert reverse("citizens:acting_change", args=[citizen.pk]) not in page


def test_a_stay_is_external_by_the_acting_municipality_of_its_admission(
    users: dict[str, User], citizen: Citizen
) -> None:
    """After the handover the stay at Randers' shelter (while Aarhus acted) is still external."""
    hand_over(users, citizen)
    randers = client_for(users["randers"])
    page = randers.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    badge = '<span class="badge badge-warning">ekstern</span>'
    assert f'<th scope="row">Forsorgshjemmet i Randers {badge}' in page  # the stays' table
    assert "Ophold på Forsorgshjemmet i Randers (ekstern boform)" in page  # the timeline


def test_the_list_marks_a_stay_external_by_the_acting_municipality_of_its_admission(
    users: dict[str, User], citizen: Citizen, randers_shelter: Shelter
) -> None:
    """Admitted at Randers' shelter while Aarhus acted; handed over to Randers during the stay."""
    stay_admit(
        actor=users["aarhus"],
        citizen=citizen,
        shelter=randers_shelter,
        admitted=date(2026, 9, 1),
        today=TODAY,
    )
    hand_over(users, citizen)
    randers = client_for(users["randers"])
    badge = '<span class="badge badge-warning">ekstern</span>'
    page = randers.get(reverse("citizens:list")).content.decode()
    assert f"Forsorgshjemmet i Randers {badge}" in page
    external = randers.get(reverse("citizens:list"), {"shelter": "external"}).content.decode()
    assert "Grænse" in external


def test_the_explanation_splits_a_stay_where_the_decision_moved_its_payment(
    users: dict[str, User], citizen: Citizen, randers_shelter: Shelter
) -> None:
    """Admitted 01.09.2026 while Aarhus acted; Ankestyrelsen: Randers acts from 01.10.2026."""
    stay_admit(
        actor=users["aarhus"],
        citizen=citizen,
        shelter=randers_shelter,
        admitted=date(2026, 9, 1),
        today=TODAY,
    )
    decided_for(
        users["aarhus"],
        citizen,
        RANDERS,
        effective_from=date(2026, 10, 1),
        decided_on=date(2026, 11, 1),
    )
    page = client_for(users["randers"]).get(reverse("citizens:detail", args=[citizen.pk]))
    text = page.content.decode()
    assert "Aarhus betaler dagene 01.09.2026–30.09.2026" in text
    assert "Randers betaler fra 01.10.2026" in text
    # The days of each part are explained under it: the step ends at the change day.
    assert "01.09.2026–30.09.2026 (30 dage)" in text
    assert "01.10.2026–20.11.2026 (51 dage)" in text
