"""Local accounts: a code from an authenticator app (TOTP) after the password; password rules."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemvej.accounts.models import Role, User
from tests import factories

PASSWORD = "test-adgangskode-1"
pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]


def code(device: TOTPDevice, *, drift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.drift = drift
    return f"{totp.token():06d}"


@pytest.fixture
def rita(db: None) -> User:
    return factories.user("rita", Role.CASE_WORKER)


def log_in(client: Client) -> None:
    response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    assert response.status_code == 302


def test_the_first_login_sets_up_the_app_before_any_page(client: Client, rita: User) -> None:
    log_in(client)
    asked = client.get(reverse("citizens:list"))
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("second_factor"))
    assert client.get("/admin/")["Location"].startswith(reverse("second_factor"))
    page = client.get(asked["Location"]).content.decode()
    assert "Slå to-trins-login til" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, within the content policy
    device = TOTPDevice.objects.get(user=rita, confirmed=False)
    shown = re.search(r'class="totp-secret">([A-Z2-7 ]+)<', page)
    assert shown is not None
    response = client.post(reverse("second_factor"), {"token": code(device), "next": "/borgere/"})
    assert response["Location"] == "/borgere/"
    assert client.get(reverse("citizens:list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_later_logins_ask_for_the_code_only(client: Client, rita: User) -> None:
    device = TOTPDevice.objects.create(user=rita, name="Hjemvej", confirmed=True)
    log_in(client)
    page = client.get(reverse("second_factor")).content.decode()
    assert "Kode fra din app" in page
    assert "totp-secret" not in page
    assert client.get(reverse("start")).status_code == 302
    client.post(reverse("second_factor"), {"token": code(device)})
    assert client.get(reverse("start")).status_code == 200


def test_a_wrong_code_is_refused_and_holds_back_the_next_try(client: Client, rita: User) -> None:
    device = TOTPDevice.objects.create(user=rita, name="Hjemvej", confirmed=True)
    log_in(client)
    right = code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post(reverse("second_factor"), {"token": wrong})
    assert "Koden passer ikke" in refused.content.decode()
    held_back = client.post(reverse("second_factor"), {"token": right})
    assert "Koden passer ikke" in held_back.content.decode()  # django-otp's throttling
    assert client.get(reverse("start")).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    client.post(reverse("second_factor"), {"token": code(device)})
    assert client.get(reverse("start")).status_code == 200


def test_logging_out_needs_no_code(client: Client, rita: User) -> None:
    log_in(client)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_users_of_the_municipal_login_give_their_second_factor_there(client: Client) -> None:
    user = factories.user("anna", Role.CASE_WORKER)
    user.oidc_subject = "42"
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert client.get(reverse("start")).status_code == 200


def test_a_local_user_changes_their_own_password_by_the_rules(client: Client, rita: User) -> None:
    device = TOTPDevice.objects.create(user=rita, name="Hjemvej", confirmed=True)
    log_in(client)
    client.post(reverse("second_factor"), {"token": code(device)})
    url = reverse("password_change")
    assert "Skift adgangskode" in client.get(reverse("start")).content.decode()
    short = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "Kort-ord-11", "new_password2": "Kort-ord-11"},
    )
    assert "mindst 12 tegn" in short.content.decode()
    common = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "password1234",
            "new_password2": "password1234",
        },
    )
    assert "for almindelig" in common.content.decode()
    wrong = client.post(
        url, {"old_password": "forkert", "new_password1": "x", "new_password2": "x"}
    )
    assert "nuværende adgangskode er forkert" in wrong.content.decode()
    new = "Havnely-vinter-2026"
    done = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("start")
    assert client.get(reverse("start")).status_code == 200  # still signed in, code still given
    rita.refresh_from_db()
    assert rita.check_password(new)
