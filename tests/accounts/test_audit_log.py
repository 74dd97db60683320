"""The audit log page: administrators only, newest first, filtered, paginated, read-only."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from tests import factories

CPH = ZoneInfo("Europe/Copenhagen")
CPR = "1505801234"
URL = "/adgang/log/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db: None) -> User:
    return factories.user("admin", Role.ADMIN)


@pytest.fixture
def worker(db: None) -> User:
    return factories.user("rita", Role.CASE_WORKER)


@pytest.fixture
def citizen(worker: User) -> Citizen:
    return factories.citizen(worker, first_name="Søren", last_name="Hansen", cpr=CPR)


def page_of(response: Any) -> str:
    return str(response.content.decode())


def rows(page: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    return re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S) if body else []


def entry_at(when: datetime, *, actor: User, action: str, citizen: Citizen) -> AuditEntry:
    """Write an entry at a given time (inserted, never updated: on PostgreSQL the log is
    append-only)."""
    return AuditEntry.objects.create(
        at=when, user=actor, username=actor.get_username(), action=action, citizen=citizen
    )


def test_the_url_name_is_fixed() -> None:
    assert reverse("accounts:audit") == URL


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASE_WORKER, 403),
        (Role.SUPPORT_WORKER, 403),
        (Role.SHELTER_STAFF, 403),
        (Role.MANAGER, 403),
        (Role.ECONOMIST, 403),
        (Role.ADMIN, 200),
    ],
)
def test_only_administrators_read_the_log(client: Client, role: str, status: int) -> None:
    shelter = factories.shelter() if role == Role.SHELTER_STAFF else None
    client.force_login(factories.user("someone", role, shelter=shelter))
    assert client.get(URL).status_code == status


@pytest.mark.django_db
def test_signed_out_users_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_the_log_shows_entries_newest_first_without_names_or_cpr(
    client: Client, admin_user: User, worker: User, citizen: Citizen
) -> None:
    # The services logged the citizen's creation just now; these two are older.
    then = datetime(2020, 11, 20, 10, 30, tzinfo=CPH)
    entry_at(then - timedelta(days=2), actor=worker, action=AuditAction.EXPORT, citizen=citizen)
    entry_at(then, actor=worker, action=AuditAction.REVEAL_CPR, citizen=citizen)
    client.force_login(admin_user)
    page = page_of(client.get(URL))
    assert "Oprettede borger" in rows(page)[0]
    assert "CPR-nummer angivet: ja" in page  # which fields, never their values
    page = page_of(client.get(URL, {"date_to": "2020-12-31"}))
    assert "<h1>Adgangslog</h1>" in page
    assert "<caption" in page
    assert 'scope="col"' in page
    listed = rows(page)
    assert "20.11.2020 10:30" in listed[0]
    assert "Viste det fulde CPR-nummer" in listed[0]
    assert "Eksporterede" in listed[1]
    assert citizen.pseudonym in listed[0]
    assert f"(#{citizen.pk})" in listed[0]
    assert "rita" in listed[0]
    assert "Søren" not in page
    assert "Hansen" not in page
    assert CPR not in page
    assert f"{CPR[:6]}-{CPR[6:]}" not in page


def test_the_log_offers_no_way_to_change_it(
    client: Client, admin_user: User, worker: User, citizen: Citizen
) -> None:
    client.force_login(admin_user)
    page = page_of(client.get(URL))
    assert rows(page)
    forms = re.findall(r"<form[^>]*>", page)
    posts = [f for f in forms if 'method="post"' in f]
    assert posts == ['<form method="post" action="/logout/" class="logout-form">']
    assert 'method="get"' in " ".join(forms)
    assert "/admin/accounts/auditentry" not in page
    before = AuditEntry.objects.count()
    assert client.post(URL, {"action": "view"}).status_code == 405
    assert AuditEntry.objects.count() == before


def filtered(client: Client, **params: Any) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return rows(page_of(response))


def test_filters_by_user_citizen_action_and_dates(
    client: Client, admin_user: User, worker: User, citizen: Citizen
) -> None:
    other_worker = factories.user("bo", Role.CASE_WORKER)
    other = factories.citizen(worker, first_name="Dorte", last_name="Dobbelt")
    # In 2020, apart from the entries the services wrote when the citizens were created.
    day = datetime(2020, 11, 10, 12, 0, tzinfo=CPH)
    entry_at(day, actor=worker, action=AuditAction.VIEW, citizen=citizen)
    entry_at(day + timedelta(days=1), actor=other_worker, action=AuditAction.VIEW, citizen=other)
    entry_at(day + timedelta(days=2), actor=worker, action=AuditAction.EXPORT, citizen=other)
    # 23:30 on 12 November in Copenhagen is 22:30 UTC: still the 12th for the user.
    entry_at(
        datetime(2020, 11, 12, 23, 30, tzinfo=CPH),
        actor=other_worker,
        action=AuditAction.UPDATE,
        citizen=citizen,
    )
    client.force_login(admin_user)
    in_2020 = {"date_to": "2020-12-31"}

    assert len(filtered(client, **in_2020)) == 4

    by_user = filtered(client, user=other_worker.pk)
    assert len(by_user) == 2
    assert all(">bo<" in r for r in by_user)

    by_id = filtered(client, citizen=str(other.pk), **in_2020)
    assert len(by_id) == 2
    assert all(other.pseudonym in r for r in by_id)
    by_pseudonym = filtered(client, citizen=citizen.pseudonym.lower(), **in_2020)
    assert len(by_pseudonym) == 2
    assert all(citizen.pseudonym in r for r in by_pseudonym)

    exports = filtered(client, action=AuditAction.EXPORT, **in_2020)
    assert len(exports) == 1
    assert "Eksporterede" in exports[0]

    one_day = filtered(client, date_from="2020-11-12", date_to="2020-11-12")
    assert len(one_day) == 2
    assert any("12.11.2020 23:30" in r for r in one_day)
    assert filtered(client, date_from="2020-11-13", **in_2020) == []
    assert len(filtered(client, date_to="2020-11-10")) == 1

    combined = filtered(client, user=worker.pk, citizen=str(other.pk), action=AuditAction.EXPORT)
    assert len(combined) == 1


def test_a_name_or_cpr_number_in_the_citizen_filter_is_removed_from_the_address(
    client: Client, admin_user: User
) -> None:
    client.force_login(admin_user)
    for typed in ("Søren Hansen", CPR, f"{CPR[:6]}-{CPR[6:]}"):
        response = client.get(URL, {"citizen": typed, "action": "view"})
        assert response.status_code == 302
        assert response.headers["Location"] == f"{URL}?action=view"
        page = page_of(client.get(response.headers["Location"]))
        assert "Navne og CPR-numre kan ikke bruges" in page
        assert CPR[:6] not in page


def test_a_reversed_date_range_is_an_error_tied_to_the_field(
    client: Client, admin_user: User, worker: User, citizen: Citizen
) -> None:
    client.force_login(admin_user)
    page = page_of(client.get(URL, {"date_from": "2026-11-12", "date_to": "2026-11-01"}))
    assert "Til-datoen skal ligge på eller efter fra-datoen." in page
    assert 'id="id_date_to-error"' in page
    field = re.search(r'<input[^>]*name="date_to"[^>]*>', page)
    assert field
    assert 'aria-describedby="id_date_to-error"' in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)
    assert rows(page) == []


def test_every_filter_field_has_a_label(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    page = page_of(client.get(URL))
    for name in ("user", "citizen", "action", "date_from", "date_to"):
        assert f'<label class="form-label" for="id_{name}">' in page
    citizen_field = re.search(r'<input[^>]*name="citizen"[^>]*>', page)
    assert citizen_field
    assert 'aria-describedby="id_citizen-hint"' in citizen_field.group(0)
    assert "pattern=" in citizen_field.group(0)


def test_the_log_is_paginated_by_50(
    client: Client, admin_user: User, worker: User, citizen: Citizen
) -> None:
    start = datetime(2020, 1, 1, 8, 0, tzinfo=CPH)
    for n in range(51):
        entry_at(
            start + timedelta(minutes=n), actor=worker, action=AuditAction.VIEW, citizen=citizen
        )
    client.force_login(admin_user)
    first = page_of(client.get(URL, {"action": "view", "date_to": "2020-12-31"}))
    assert len(rows(first)) == 50
    assert "51 logposter, side 1 af 2" in first
    assert "01.01.2020 08:50" in rows(first)[0]
    nxt = re.search(r'<a class="button button-secondary" href="([^"]+)">Næste side</a>', first)
    assert nxt
    href = nxt.group(1).replace("&amp;", "&")
    assert "action=view" in href
    assert "date_to=2020-12-31" in href
    assert "page=2" in href
    second = page_of(client.get(URL + href))
    assert len(rows(second)) == 1
    assert "01.01.2020 08:00" in rows(second)[0]
    assert "Forrige side" in second
