"""The forms on a citizen's case file (/borgere/): who may open each, object scope, errors in
Danish, logging a form's read, and returning to the page a form was opened from."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.models import (
    Citizen,
)
from hjemvej.core.errors import DomainError
from hjemvej.core.forms import parse_money
from hjemvej.shelters.models import Stay
from hjemvej.support.models import Contact
from tests import factories
from tests.casefile.forms.world import World, as_user, back_at_home, url

pytestmark = pytest.mark.django_db


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
    back_at_home(world)  # in the home shelter's staff's scope
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
    targets = [
        url(name, world, stay_pk=world.away_stay.pk) for name in ("stay_discharge", "stay_edit")
    ]
    # The citizen left their shelter long ago: out of their scope, the stay is not found.
    for target in targets:
        assert client.get(target).status_code == 404
        assert client.post(target, {"discharged": "2026-11-01"}).status_code == 404
    # Back at their shelter: the citizen is in scope, the stay at the other shelter forbidden.
    back_at_home(world)
    for target in targets:
        assert client.get(target).status_code == 403
        assert client.post(target, {"discharged": "2026-11-01"}).status_code == 403
    world.away_stay.refresh_from_db()
    assert world.away_stay.discharged == date(2026, 10, 1)


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
