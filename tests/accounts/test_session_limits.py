"""Sessions end 8 hours after login whatever happens in between, and after an idle period.

The middleware reads ``hjemvej.accounts.middleware.now``; the tests move that clock, never sleep.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import Role
from tests import factories

PASSWORD = "test-adgangskode-1"
MORNING = datetime.fromisoformat("2026-03-02T08:00:00+01:00")


@dataclass
class Clock:
    at: datetime

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(MORNING)
    monkeypatch.setattr("hjemvej.accounts.middleware.now", lambda: clock.at)
    return clock


@pytest.fixture
def signed_in(client: Client, clock: Clock, settings: Settings) -> Client:
    settings.SESSION_IDLE_SECONDS = 30 * 60
    factories.user("rita", Role.CASE_WORKER)
    response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    assert response.status_code == 302
    return client


def opens_start(client: Client) -> bool:
    return client.get(reverse("start")).status_code == 200


@pytest.mark.django_db
def test_a_busy_session_ends_8_hours_after_login(signed_in: Client, clock: Clock) -> None:
    for _ in range(47):  # a request every 10 minutes for 7 h 50 min: never idle
        clock.advance(minutes=10)
        assert opens_start(signed_in)
    clock.advance(minutes=10)  # 8 hours after login
    response = signed_in.get(reverse("start"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "der er gået 8 timer, siden du loggede ind" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session


@pytest.mark.django_db
def test_an_idle_session_ends_after_the_idle_period(signed_in: Client, clock: Clock) -> None:
    clock.advance(minutes=29)
    assert opens_start(signed_in)
    clock.advance(minutes=29)  # 29 minutes since the last request: still open
    assert opens_start(signed_in)
    clock.advance(minutes=30)
    response = signed_in.get(reverse("citizens:list"), follow=True)
    login_url = response.redirect_chain[-1][0]
    assert login_url.startswith(reverse("login"))
    assert "next=/borgere/" in login_url
    assert "ikke har brugt Hjemvej i 30 minutter" in response.content.decode()
    assert "_auth_user_id" not in signed_in.session


@pytest.mark.django_db
def test_the_idle_period_is_a_setting(signed_in: Client, clock: Clock, settings: Settings) -> None:
    settings.SESSION_IDLE_SECONDS = 5 * 60
    clock.advance(minutes=4)
    assert opens_start(signed_in)
    clock.advance(minutes=5)
    assert not opens_start(signed_in)


@pytest.mark.django_db
def test_a_new_login_starts_a_new_day(signed_in: Client, clock: Clock) -> None:
    clock.advance(hours=7, minutes=50)
    signed_in.post(reverse("logout"))
    signed_in.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    clock.advance(minutes=20)  # 8 h 10 min after the first login, 20 min after the second
    assert opens_start(signed_in)


@pytest.mark.django_db
def test_without_the_last_request_cookie_the_idle_time_counts_from_login(
    signed_in: Client, clock: Clock
) -> None:
    clock.advance(minutes=20)
    assert opens_start(signed_in)
    signed_in.cookies.pop("hjemvej_seen")
    clock.advance(minutes=15)  # 15 minutes idle, but 35 since login and no proof of the request
    assert not opens_start(signed_in)


@pytest.mark.django_db
def test_another_sessions_cookie_does_not_keep_this_one_alive(
    signed_in: Client, clock: Clock
) -> None:
    other = Client()
    other.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    clock.advance(minutes=25)
    assert opens_start(other)
    signed_in.cookies["hjemvej_seen"] = other.cookies["hjemvej_seen"].value
    clock.advance(minutes=10)
    assert not opens_start(signed_in)
    assert opens_start(other)


@pytest.mark.django_db
def test_requests_do_not_write_the_session(signed_in: Client, clock: Clock) -> None:
    opens_start(signed_in)
    clock.advance(minutes=10)
    before = signed_in.session.load()
    signed_in.get(reverse("start"))
    assert signed_in.session.load() == before
