"""The forms that change a citizen's data: who may use each, object scope, validation in Danish,
and that a valid POST goes through the service and back to the citizen's page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.casefile.services import citizen_merge
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.models import (
    Citizen,
    Consent,
    ListEventKind,
    ListEventReason,
    Merge,
    Situation,
)
from hjemvej.citizens.services import consent_add
from hjemvej.core.errors import DomainError
from hjemvej.core.forms import parse_money
from hjemvej.shelters.models import ExitDestination, ExitReason, Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import Contact, CourseKind, SupportCourse
from hjemvej.support.services import course_create
from tests import factories

TODAY = factories.TODAY
CPR = "0101901234"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def setup(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    users: dict[str, User]
    citizen: Citizen
    other: Citizen  # a second visible citizen of the case worker
    home: Shelter
    away: Shelter
    home_stay: Stay
    away_stay: Stay
    course: SupportCourse
    consent: Consent
    merge: Merge


@pytest.fixture
def world() -> World:
    home = factories.shelter("Herberget i Aarhus")
    away = factories.shelter("Forsorgshjemmet i Roskilde", code="265")
    users: dict[str, User] = {
        role.value: factories.user(role, role, shelter=home if role == Role.SHELTER_STAFF else None)
        for role in Role
    }
    users["stranger"] = factories.user("fremmed", Role.CASE_WORKER, code="101")
    users["colleague"] = factories.user("kollega", Role.SUPPORT_WORKER)
    case = users[Role.CASE_WORKER]
    citizen = factories.citizen(
        case, first_name="Søren", last_name="Hansen", cpr=CPR, start=date(2025, 1, 1)
    )
    other = factories.citizen(case, first_name="Dorte", last_name="Dobbelt")
    home_stay = stay_admit(
        actor=case, citizen=citizen, shelter=home, admitted=date(2026, 1, 5), today=TODAY
    )
    stay_discharge(actor=case, stay=home_stay, discharged=date(2026, 2, 1), today=TODAY)
    away_stay = stay_admit(
        actor=case, citizen=citizen, shelter=away, admitted=date(2026, 3, 2), today=TODAY
    )
    course = course_create(
        actor=case,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        worker=users[Role.SUPPORT_WORKER],
    )
    consent = consent_add(
        actor=case,
        citizen=citizen,
        recipient="Jobcentret",
        scope="Boligsituationen",
        given_on=date(2026, 2, 1),
        today=TODAY,
    )
    duplicate = factories.citizen(case, first_name="Gammel", last_name="Post")
    merge = citizen_merge(actor=case, source=duplicate, target=citizen)
    return World(users, citizen, other, home, away, home_stay, away_stay, course, consent, merge)


def as_user(client: Client, world: World, who: str) -> Client:
    client.force_login(world.users[who])
    return client


def url(name: str, world: World, **kw: Any) -> str:
    kwargs: dict[str, Any] = {"pk": world.citizen.pk}
    if name in ("create", "admit_new"):
        kwargs = {}
    elif name == "unmerge":
        kwargs = {"merge_pk": world.merge.pk}
    kwargs |= {
        "stay_discharge": {"stay_pk": world.home_stay.pk},
        "stay_edit": {"stay_pk": world.home_stay.pk},
        "course_edit": {"course_pk": world.course.pk},
        "consent_withdraw": {"consent_pk": world.consent.pk},
    }.get(name, {})
    kwargs |= kw
    return reverse(f"citizens:{name}", kwargs=kwargs)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- who may open each form --------------------------------------------------------------------

CASE: set[str] = {Role.CASE_WORKER}
FORMS: dict[str, set[str]] = {
    "create": CASE,
    "admit_new": {Role.CASE_WORKER.value, Role.SHELTER_STAFF.value},
    "edit": CASE,
    "situation_add": CASE,
    "situation_end": CASE,
    "stay_admit": {Role.CASE_WORKER.value, Role.SHELTER_STAFF.value},
    "stay_discharge": {Role.CASE_WORKER.value, Role.SHELTER_STAFF.value},
    "stay_edit": {Role.CASE_WORKER.value, Role.SHELTER_STAFF.value},
    "course_create": CASE,
    "course_edit": CASE,
    "contact_add": {Role.CASE_WORKER.value, Role.SUPPORT_WORKER.value},
    "consent_add": CASE,
    "consent_withdraw": CASE,
    "merge": CASE,
    "unmerge": CASE,
}


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_form_opens_for_the_roles_that_may_use_it(
    client: Client, world: World, role: str
) -> None:
    as_user(client, world, role)
    wrong = []
    for name, roles in FORMS.items():
        status = client.get(url(name, world)).status_code
        expected = 200 if role in roles else 403
        if status != expected:
            wrong.append(f"{name}: {status}, expected {expected}")
    assert wrong == []


def test_signed_out_users_are_sent_to_log_in(client: Client, world: World) -> None:
    for name in FORMS:
        response = client.get(url(name, world))
        assert response.status_code == 302, name
        assert response.headers["Location"].startswith(reverse("login"))


def test_a_citizen_outside_the_scope_is_not_found_on_any_form(client: Client, world: World) -> None:
    as_user(client, world, "stranger")
    for name in FORMS:
        if name in ("create", "admit_new"):
            continue
        assert client.get(url(name, world)).status_code == 404, name
        assert client.post(url(name, world), {}).status_code == 404, name


def test_objects_must_belong_to_the_citizen_in_the_url(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    other = world.other.pk
    for name in ("stay_discharge", "stay_edit", "course_edit", "consent_withdraw"):
        assert client.get(url(name, world, pk=other)).status_code == 404, name
        assert client.post(url(name, world, pk=other), {}).status_code == 404, name


def test_shelter_staff_may_not_touch_a_stay_at_another_shelter(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    for name in ("stay_discharge", "stay_edit"):
        target = url(name, world, stay_pk=world.away_stay.pk)
        assert client.get(target).status_code == 403
        assert client.post(target, {"discharged": "2026-11-01"}).status_code == 403
    world.away_stay.refresh_from_db()
    assert world.away_stay.discharged is None


def test_support_workers_add_contacts_only_for_their_own_citizens(
    client: Client, world: World
) -> None:
    as_user(client, world, "colleague")  # a support worker without a course for the citizen
    assert client.get(url("contact_add", world)).status_code == 404
    as_user(client, world, Role.SUPPORT_WORKER)
    response = client.post(
        url("contact_add", world),
        {"date": "2026-11-20", "kind": "visit", "with_whom": "Borgeren", "note": "Godt møde"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.citizen, contact.created_by) == (
        world.citizen,
        world.users[Role.SUPPORT_WORKER],
    )


def test_opening_a_form_is_logged_as_a_read(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    client.get(url("edit", world))
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).get()
    assert entry.citizen == world.citizen
    assert entry.detail == {"page": "citizens:edit"}


# --- form markup ---------------------------------------------------------------------------------


def test_forms_have_labels_hints_dates_and_money_as_text(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(url("stay_admit", world)).content.decode()
    assert '<label class="form-label" for="id_admitted">Indskrevet' in html
    assert re.search(
        r'<input type="date" name="admitted" value="2026-11-21"[^>]*class="form-input"', html
    )
    assert re.search(r'name="agreed_daily_rate"[^>]*inputmode="decimal"', html)
    assert 'id="id_notified_on_helptext"' in html
    assert 'aria-describedby="id_notified_on_helptext"' in html
    assert re.search(r'<select name="shelter"[^>]*autofocus', html)
    assert "<fieldset><legend" in html


def test_errors_are_summarised_and_tied_to_their_fields(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("stay_admit", world), {"admitted": "31.02.2026", "agreed_daily_rate": "1,2,3"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fejl: Indskriv på boform" in html
    assert 'role="alert"' in html
    assert (
        '<a class="function-link" href="#id_admitted">Indskrevet: Skriv datoen som dd.mm.åååå.</a>'
        in html
    )
    assert 'href="#id_shelter">Boform: Feltet skal udfyldes.' in html
    assert 'id="id_agreed_daily_rate_error"' in html
    assert re.search(
        r'aria-describedby="id_agreed_daily_rate_helptext id_agreed_daily_rate_error"', html
    )
    assert re.search(r'name="admitted"[^>]*aria-invalid="true"', html)
    assert not Stay.objects.filter(admitted=date(2026, 2, 28)).exists()


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("1.234,50", Decimal("1234.50")),
        ("1234,5", Decimal("1234.50")),
        ("1 234,50 kr.", Decimal("1234.50")),
        ("1.234", Decimal("1234.00")),
        ("1234.50", Decimal("1234.50")),
        ("0", Decimal("0.00")),
        ("12.345.678,00", Decimal("12345678.00")),
    ],
)
def test_money_is_read_the_danish_way(raw: str, amount: Decimal) -> None:
    assert parse_money(raw) == amount


@pytest.mark.parametrize("raw", ["abc", "1,2,3", "1.23.4", "12,345", ""])
def test_money_that_is_not_an_amount_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match=re.escape(raw) if raw else None):
        parse_money(raw)


# --- citizens --------------------------------------------------------------------------------


def test_create_registers_the_citizen_and_shows_the_page(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world),
        {
            "cpr": "020285-2345",
            "first_name": "Ny",
            "last_name": "Borger",
            "gender": "female",
            "acting_municipality": world.citizen.acting_municipality_id,
            "situation": Situation.SOFA,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
        follow=True,
    )
    created = Citizen.objects.get(first_name="Ny")
    assert response.redirect_chain[-1][0] == reverse("citizens:detail", kwargs={"pk": created.pk})
    assert "Ny Borger er oprettet på listen." in messages_of(response)
    assert cpr_codec.decrypt(created.cpr_token) == "0202852345"
    assert created.situations.get().situation == Situation.SOFA
    assert "0202852345" not in response.redirect_chain[-1][0]


def test_create_without_cpr_name_or_alias_says_so(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world),
        {
            "gender": "unknown",
            "acting_municipality": world.citizen.acting_municipality_id,
            "situation": Situation.SOFA,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
    )
    assert "Angiv CPR-nummer, navn eller et alias." in response.content.decode()


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        (CPR, "Der findes allerede en borger med dette CPR-nummer."),
        ("12345", "CPR-nummeret skal have 10 cifre"),
        ("3213901234", "CPR-nummerets datodel er ikke en gyldig fødselsdato."),
    ],
)
def test_create_shows_the_services_cpr_errors_on_the_field(
    client: Client, world: World, cpr: str, message: str
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    count = Citizen.objects.count()
    response = client.post(
        url("create", world),
        {
            "cpr": cpr,
            "first_name": "X",
            "gender": "unknown",
            "acting_municipality": world.citizen.acting_municipality_id,
            "situation": Situation.STREET,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'id="id_cpr_error">.*{re.escape(message)}', html)
    assert Citizen.objects.count() == count


def test_create_offers_only_the_users_municipality(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world),
        {
            "first_name": "X",
            "gender": "unknown",
            "acting_municipality": world.users["stranger"].municipality_id,
            "situation": Situation.STREET,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
    )
    assert "Vælg en af mulighederne på listen." in response.content.decode()


def test_edit_changes_details_and_keeps_the_cpr_when_left_blank(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    page = client.get(url("edit", world)).content.decode()
    assert "Søren" in page
    assert CPR not in page
    assert "010190" not in page
    data = {
        "cpr": "",
        "first_name": "Søren",
        "last_name": "Berg",
        "alias": "",
        "gender": "male",
        "phone": "12345678",
        "email": "",
        "contact_note": "Værestedet",
        "acting_municipality": world.citizen.acting_municipality_id,
        "residence_municipality": "",
    }
    response = client.post(url("edit", world), data)
    assert response.status_code == 302
    world.citizen.refresh_from_db()
    assert (world.citizen.last_name, world.citizen.phone) == ("Berg", "12345678")
    assert cpr_codec.decrypt(world.citizen.cpr_token) == CPR
    entry = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="citizens.Citizen"
    ).get()
    assert "cpr" not in entry.detail["fields"]


def test_edit_refuses_a_cpr_of_another_citizen(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    other = factories.citizen(world.users[Role.CASE_WORKER], first_name="Tredje", cpr="0202852345")
    response = client.post(
        url("edit", world, pk=other.pk),
        {
            "cpr": CPR,
            "first_name": "Tredje",
            "gender": "unknown",
            "acting_municipality": other.acting_municipality_id,
        },
    )
    assert "Der findes allerede en borger med dette CPR-nummer." in response.content.decode()
    other.refresh_from_db()
    assert cpr_codec.decrypt(other.cpr_token) == "0202852345"
    # The refusal is logged against the number's holder, and the log outlives the rollback.
    refusal = AuditEntry.objects.get(action=AuditAction.SEARCH, citizen=world.citizen)
    assert refusal.detail == {"page": "citizen_update", "by": "cpr", "found": True}


def test_moving_a_citizen_to_another_municipality_leads_back_to_the_list(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("edit", world, pk=world.other.pk),
        {
            "first_name": "Dorte",
            "last_name": "Dobbelt",
            "gender": "unknown",
            "acting_municipality": world.users["stranger"].municipality_id,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("citizens:list")


def test_situations_are_added_and_ended(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    added = client.post(
        url("situation_add", world, pk=world.other.pk),
        {"situation": Situation.HOTEL, "start": "2026-10-01", "source": "case_work", "note": ""},
    )
    assert added.status_code == 302
    assert world.other.situations.get(end__isnull=True).situation == Situation.HOTEL
    too_early = client.post(
        url("situation_add", world, pk=world.other.pk),
        {"situation": Situation.SOFA, "start": "2026-01-01", "source": "case_work"},
    )
    assert "begynder samme dag eller senere" in too_early.content.decode()
    page = client.get(url("situation_end", world, pk=world.other.pk)).content.decode()
    assert str(ListEventReason.HOUSED.label) in page
    assert str(ListEventReason.NEWLY_IDENTIFIED.label) not in page  # only the leaving reasons
    ended = client.post(
        url("situation_end", world, pk=world.other.pk),
        {"end": "2026-11-15", "reason": ListEventReason.HOUSED, "note": ""},
    )
    assert ended.status_code == 302
    assert world.other.list_events.order_by("-date", "-id")[0].kind == ListEventKind.LEFT


# --- stays -----------------------------------------------------------------------------------


def test_shelter_staff_admit_only_to_their_own_shelter(client: Client, world: World) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    html = client.get(url("stay_admit", world)).content.decode()
    assert "Herberget i Aarhus" in html
    assert "Forsorgshjemmet i Roskilde" not in html
    response = client.post(
        url("stay_admit", world),
        {
            "shelter": world.away.pk,
            "admitted": "2026-11-20",
            "stay_type": "stay",
            "prior_residence": "unknown",
            "own_payment": "statutory",
        },
    )
    assert "Vælg en af mulighederne på listen." in response.content.decode()


def test_a_stay_is_admitted_discharged_and_corrected(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    discharged = client.post(
        url("stay_discharge", world, stay_pk=world.away_stay.pk),
        {
            "discharged": "2026-11-01",
            "exit_reason": ExitReason.AGREEMENT,
            "exit_destination": ExitDestination.OWN_HOME,
        },
        follow=True,
    )
    assert "Borgeren er udskrevet fra Forsorgshjemmet i Roskilde." in messages_of(discharged)
    world.away_stay.refresh_from_db()
    assert world.away_stay.discharged == date(2026, 11, 1)
    admitted = client.post(
        url("stay_admit", world),
        {
            "shelter": world.home.pk,
            "admitted": "2026-11-01",
            "stay_type": "stay",
            "prior_residence": "other_shelter",
            "own_payment": "reduced",
            "own_payment_reduced": "50,00",
            "agreed_daily_rate": "1.234,50",
        },
    )
    assert admitted.status_code == 302
    stay = Stay.objects.get(citizen=world.citizen, admitted=date(2026, 11, 1))
    assert (stay.agreed_daily_rate, stay.own_payment_reduced) == (
        Decimal("1234.50"),
        Decimal("50.00"),
    )
    edit = client.get(url("stay_edit", world, stay_pk=stay.pk)).content.decode()
    assert 'value="1.234,50"' in edit
    corrected = client.post(
        url("stay_edit", world, stay_pk=stay.pk),
        {
            "admitted": "2026-11-01",
            "discharged": "",
            "stay_type": "stay",
            "prior_residence": "other_shelter",
            "own_payment": "statutory",
            "agreed_daily_rate": "",
            "notified_on": "2026-11-03",
            "exit_reason": "",
            "exit_destination": "",
        },
    )
    assert corrected.status_code == 302
    stay.refresh_from_db()
    assert (stay.notified_on, stay.agreed_daily_rate) == (date(2026, 11, 3), None)


def test_an_overlapping_admission_is_refused_in_danish(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("stay_admit", world),
        {
            "shelter": world.home.pk,
            "admitted": "2026-11-01",
            "stay_type": "stay",
            "prior_residence": "unknown",
            "own_payment": "statutory",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'id="id_admitted_error">.*allerede indskrevet på Forsorgshjemmet i Roskilde', html
    )


def test_a_discharge_before_the_admission_is_refused(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("stay_discharge", world, stay_pk=world.away_stay.pk),
        {"discharged": "2026-03-01", "exit_reason": "unknown", "exit_destination": "unknown"},
    )
    assert "Udskrivningen kan ikke ligge før indskrivningen." in response.content.decode()


def test_shelter_staff_discharge_at_their_shelter(client: Client, world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    stay_discharge(actor=case, stay=world.away_stay, discharged=date(2026, 10, 1), today=TODAY)
    open_stay = stay_admit(
        actor=case,
        citizen=world.citizen,
        shelter=world.home,
        admitted=date(2026, 10, 1),
        today=TODAY,
    )
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        url("stay_discharge", world, stay_pk=open_stay.pk),
        {
            "discharged": "2026-11-20",
            "exit_reason": "left_without_notice",
            "exit_destination": "street",
        },
    )
    assert response.status_code == 302
    open_stay.refresh_from_db()
    assert open_stay.exit_reason == ExitReason.LEFT


# --- admission of a new or known citizen (shelter staff's flow) ---------------------------------


def admission(**extra: str) -> dict[str, str]:
    return {
        "cpr": "",
        "first_name": "",
        "last_name": "",
        "alias": "",
        "admitted": "2026-11-20",
        "stay_type": "stay",
        "prior_residence": "street",
        "own_payment": "statutory",
        **extra,
    }


def test_admit_new_creates_a_citizen_in_the_shelter_situation(client: Client, world: World) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            cpr="0303803456",
            first_name="Ole",
            last_name="Ny",
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    created = Citizen.objects.get(first_name="Ole")
    assert response.headers["Location"] == reverse("citizens:detail", kwargs={"pk": created.pk})
    assert created.situations.get().situation == Situation.SHELTER
    stay = created.stays.get()
    assert (stay.shelter, stay.admitted, stay.created_by) == (
        world.home,
        date(2026, 11, 20),
        world.users[Role.SHELTER_STAFF],
    )


def test_admit_new_admits_a_known_citizen_without_showing_them_first(
    client: Client, world: World
) -> None:
    stranger = world.users["stranger"]
    known = factories.citizen(
        stranger, first_name="Kendt", last_name="Fremmed", cpr="0404704567", code="101"
    )
    as_user(client, world, Role.SHELTER_STAFF)
    form = client.get(reverse("citizens:admit_new")).content.decode()
    assert "Kendt" not in form
    count = Citizen.objects.count()
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            cpr="040470-4567",
            first_name="Skrevet",
            last_name="Forkert",
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    assert response.status_code == 302
    assert Citizen.objects.count() == count
    known.refresh_from_db()
    assert known.first_name == "Kendt"  # the typed name does not overwrite the record
    assert known.stays.get().shelter == world.home
    assert response.headers["Location"] == reverse("citizens:detail", kwargs={"pk": known.pk})


def test_admit_new_does_not_tell_where_a_known_citizen_is_staying(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            cpr=CPR,
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "allerede indskrevet på en boform i samme periode" in html
    assert "Forsorgshjemmet i Roskilde" not in html
    assert "Søren" not in html


def test_admit_new_without_cpr_needs_a_name_or_alias(client: Client, world: World) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    missing = client.post(
        reverse("citizens:admit_new"),
        admission(
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    assert "Angiv CPR-nummer, eller navn eller alias" in missing.content.decode()
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            alias="Skipper",
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    assert response.status_code == 302
    assert Citizen.objects.get(alias="Skipper").stays.get().shelter == world.home


def test_admit_new_rolls_back_the_citizen_when_the_stay_fails(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    count = Citizen.objects.count()
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            cpr="0505605678",
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
            notified_on="2026-11-19",
        ),
    )
    assert "Underretningen kan ikke ligge før indskrivningen." in response.content.decode()
    assert Citizen.objects.count() == count


# --- support and consent ---------------------------------------------------------------------


def test_course_workers_are_the_municipalitys_support_and_case_workers(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(url("course_create", world)).content.decode()
    assert "Support_worker (Bostøttemedarbejder)" in html
    assert "Case_worker (Sagsbehandler)" in html
    assert "Manager" not in html
    assert "Fremmed" not in html
    response = client.post(
        url("course_create", world),
        {
            "kind": CourseKind.CTI,
            "worker": world.users["colleague"].pk,
            "decided_on": "2026-11-01",
            "start": "2026-11-02",
            "end": "",
            "monthly_cost": "9.500,50",
        },
    )
    assert response.status_code == 302
    course = SupportCourse.objects.get(kind=CourseKind.CTI)
    assert (course.worker, course.monthly_cost) == (world.users["colleague"], Decimal("9500.50"))
    refused = client.post(
        url("course_create", world),
        {
            "kind": CourseKind.CTI,
            "worker": world.users["stranger"].pk,
            "decided_on": "2026-11-01",
            "start": "2026-11-02",
        },
    )
    assert "Vælg en af mulighederne på listen." in refused.content.decode()


def test_a_course_is_ended_through_its_form(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(url("course_edit", world)).content.decode()
    assert 'name="kind"' not in html  # a course keeps its kind
    response = client.post(
        url("course_edit", world),
        {
            "worker": world.users[Role.SUPPORT_WORKER].pk,
            "decided_on": "2026-02-01",
            "start": "2026-02-01",
            "end": "2026-01-01",
            "monthly_cost": "",
        },
    )
    assert "Forløbet kan ikke slutte før det begynder." in response.content.decode()
    response = client.post(
        url("course_edit", world),
        {
            "worker": world.users[Role.SUPPORT_WORKER].pk,
            "decided_on": "2026-02-01",
            "start": "2026-02-01",
            "end": "2026-11-01",
            "monthly_cost": "0",
        },
    )
    assert response.status_code == 302
    world.course.refresh_from_db()
    assert world.course.end == date(2026, 11, 1)


def test_a_contact_in_the_future_is_refused(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(url("contact_add", world), {"date": "2026-11-22", "kind": "phone"})
    assert "Kontakten kan ikke ligge i fremtiden." in response.content.decode()
    assert not Contact.objects.exists()


def test_consent_is_added_and_withdrawn(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    added = client.post(
        url("consent_add", world),
        {"recipient": "Psykiatrien", "scope": "Behandlingsplan", "given_on": "2026-11-01"},
    )
    assert added.status_code == 302
    consent = Consent.objects.get(recipient="Psykiatrien")
    early = client.post(
        url("consent_withdraw", world, consent_pk=consent.pk), {"withdrawn_on": "2026-10-01"}
    )
    assert "før det blev givet" in early.content.decode()
    done = client.post(
        url("consent_withdraw", world, consent_pk=consent.pk), {"withdrawn_on": "2026-11-10"}
    )
    assert done.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 11, 10)
    again = client.post(
        url("consent_withdraw", world, consent_pk=consent.pk), {"withdrawn_on": "2026-11-11"}
    )
    assert "allerede trukket tilbage" in again.content.decode()


# --- merge and undo ----------------------------------------------------------------------------


def test_merge_searches_by_post_reviews_and_merges(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    start = client.get(url("merge", world))
    assert start.status_code == 200
    found = client.post(url("merge", world), {"step": "search", "q": "dobb"})
    html = found.content.decode()
    assert "Dorte Dobbelt" in html
    assert "Søren Hansen – nr." not in html  # never the record itself
    assert AuditEntry.objects.filter(action=AuditAction.SEARCH, citizen=world.other).exists()
    review = client.post(url("merge", world), {"step": "review", "other": world.other.pk})
    text = review.content.decode()
    assert "Det flyttes" in text
    assert "1 hjemløshedssituation" in text
    assert not Merge.objects.filter(source=world.other).exists()
    done = client.post(url("merge", world), {"step": "confirm", "other": world.other.pk})
    assert done.status_code == 302
    assert done.headers["Location"] == reverse("citizens:detail", kwargs={"pk": world.citizen.pk})
    world.other.refresh_from_db()
    assert world.other.merged_into == world.citizen


def test_merge_cannot_reach_a_citizen_outside_the_scope(client: Client, world: World) -> None:
    outside = factories.citizen(world.users["stranger"], first_name="Ude", code="101")
    as_user(client, world, Role.CASE_WORKER)
    html = client.post(url("merge", world), {"step": "search", "q": "Ude"}).content.decode()
    assert "Ude Jensen" not in html
    response = client.post(url("merge", world), {"step": "confirm", "other": outside.pk})
    assert response.status_code == 404
    assert client.post(url("merge", world), {"step": "review", "other": "x"}).status_code == 404
    outside.refresh_from_db()
    assert outside.merged_into is None


def test_a_refused_merge_is_explained(client: Client, world: World) -> None:
    factories.citizen(
        world.users[Role.CASE_WORKER], first_name="Cpr", last_name="Anden", cpr="0202852345"
    )
    other = Citizen.objects.get(first_name="Cpr")
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(url("merge", world), {"step": "confirm", "other": other.pk})
    assert "forskellige CPR-numre" in response.content.decode()


def test_unmerge_restores_the_records(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    page = client.get(url("unmerge", world)).content.decode()
    assert "Det flyttes tilbage" in page
    response = client.post(url("unmerge", world), follow=True)
    assert "Sammenlægningen er fortrudt" in " ".join(messages_of(response))
    world.merge.refresh_from_db()
    assert world.merge.undone_at is not None
    assert world.merge.source.merged_into is None
    again = client.post(url("unmerge", world), follow=True)
    assert "allerede fortrudt" in " ".join(messages_of(again))


def test_unmerge_needs_the_target_in_scope(client: Client, world: World) -> None:
    as_user(client, world, "stranger")
    assert client.post(url("unmerge", world)).status_code == 404
    world.merge.refresh_from_db()
    assert world.merge.undone_at is None


@pytest.mark.django_db
def test_a_failed_form_does_not_echo_the_typed_cpr(client: Client) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    client.force_login(worker)
    response = client.post(
        reverse("citizens:create"),
        {
            "cpr": "070761-4285",
            "first_name": "Ib",
            "situation": "street",
            "situation_start": "31.02.2026",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "070761" not in page
    assert "0707614285" not in page
    assert "Skriv CPR-nummeret igen" in page
    assert not Citizen.objects.filter(first_name="Ib").exists()


@pytest.mark.django_db
def test_a_case_worker_is_made_responsible_for_a_citizen(client: Client) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    colleague = factories.user("karl", Role.CASE_WORKER)
    stranger = factories.user("ulla", Role.CASE_WORKER, code="101")
    citizen = factories.citizen(worker)
    client.force_login(worker)
    url = reverse("citizens:edit", kwargs={"pk": citizen.pk})
    form: dict[str, Any] = {"first_name": "Anna", "last_name": "Jensen", "gender": "unknown"}
    form |= {"acting_municipality": citizen.acting_municipality_id}
    page = client.get(url).content.decode()
    assert "Karl" in page
    assert "Ulla" not in page
    response = client.post(url, form | {"case_worker": colleague.pk})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.case_worker == colleague
    assert AuditEntry.objects.filter(citizen=citizen, detail__fields=["case_worker"]).exists()
    refused = client.post(url, form | {"case_worker": stranger.pk})
    assert "Vælg en af mulighederne på listen." in refused.content.decode()
    with pytest.raises(DomainError, match="sagsbehandler i borgerens handlekommune"):
        citizen_services.citizen_assign_case_worker(
            actor=worker, citizen=citizen, case_worker=stranger
        )


@pytest.mark.django_db
def test_a_form_returns_to_the_page_it_was_opened_from_but_only_on_this_site(
    client: Client,
) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    citizen = factories.citizen(worker)
    client.force_login(worker)
    url = reverse("citizens:contact_add", kwargs={"pk": citizen.pk})
    form = {"date": "20.11.2026", "kind": "phone", "with_whom": "Borgeren"}
    page = client.get(url + "?next=/opgaver/ugentlig/").content.decode()
    assert 'href="/opgaver/ugentlig/"' in page  # Annullér goes back too
    back = client.post(url + "?next=/opgaver/ugentlig/", form)
    assert back["Location"] == "/opgaver/ugentlig/"
    away = client.post(url + "?next=https://example.org/", form)
    assert away["Location"] == reverse("citizens:detail", kwargs={"pk": citizen.pk})
