"""The caseload page and the managers' limits form."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.support.models import CaseloadLimit, CourseKind
from hjemvej.support.services import course_create
from tests import factories
from tests.support.conftest import World, as_user

pytestmark = pytest.mark.django_db

CASELOAD = reverse("support:caseload")
LIMITS = reverse("support:limits")


@pytest.mark.parametrize(
    ("who", "caseload", "limits"),
    [
        (Role.CASE_WORKER, 200, 403),
        (Role.SUPPORT_WORKER, 200, 403),
        (Role.MANAGER, 200, 200),
        (Role.SHELTER_STAFF, 403, 403),
        (Role.ECONOMIST, 403, 403),
        (Role.ADMIN, 403, 403),
    ],
)
def test_who_sees_the_caseload_and_sets_limits(
    client: Client, world: World, who: str, caseload: int, limits: int
) -> None:
    as_user(client, world, who)
    assert client.get(CASELOAD).status_code == caseload
    assert client.get(LIMITS).status_code == limits
    if limits == 403:
        assert client.post(LIMITS, {"cti": "3"}).status_code == 403
        assert not CaseloadLimit.objects.exists()


def test_signed_out_users_are_sent_to_log_in(client: Client) -> None:
    for url in (CASELOAD, LIMITS):
        assert client.get(url).headers["Location"].startswith(reverse("login"))


def test_managers_see_every_worker_and_the_default_limits(client: Client, world: World) -> None:
    as_user(client, world, Role.MANAGER)
    html = client.get(CASELOAD).content.decode()
    assert "Support_worker" in html
    assert "Kollega" in html
    assert "Nogle grænser er metodernes standard, ikke kommunens egne" in html
    assert (
        "Højst 15 borgere pr. medarbejder i CTI (§ 85 a)</strong> – "
        "antaget værdi, ikke vedtaget eller kontrolleret." in html
    )
    assert "højst 10*" in html  # ACT's default
    assert "Ret grænser" in html
    assert "over grænsen" not in html


def test_a_support_worker_sees_only_their_own_line(client: Client, world: World) -> None:
    as_user(client, world, Role.SUPPORT_WORKER)
    html = client.get(CASELOAD).content.decode()
    assert "Support_worker" in html
    assert "Kollega" not in html
    assert "dine borgere" in html
    assert "Ret grænser" not in html


def test_a_limit_set_by_the_manager_marks_who_is_over(client: Client, world: World) -> None:
    as_user(client, world, Role.MANAGER)
    form = client.get(LIMITS).content.decode()
    assert "CTI (§ 85 a): højst borgere pr. medarbejder" in form
    assert "Tom: metodens standard, 15 (antaget værdi, ikke vedtaget eller kontrolleret;" in form
    bad = client.post(LIMITS, {"cti": "0", "icm": "abc"}).content.decode()
    assert "Grænsen skal være et helt tal fra 1 til 200." in bad
    assert "Skriv et helt tal." in bad
    assert not CaseloadLimit.objects.exists()
    response = client.post(LIMITS, {"cti": "1", "icm": ""})
    assert response.status_code == 302
    assert response.headers["Location"] == CASELOAD
    assert list(CaseloadLimit.objects.values_list("kind", "max_citizens")) == [("cti", 1)]
    course_create(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.other,
        kind=CourseKind.CTI,
        decided_on=date(2026, 10, 1),
        start=date(2026, 10, 1),
        worker=world.users[Role.SUPPORT_WORKER],
    )
    html = client.get(CASELOAD).content.decode()
    assert "⚠ Over grænsen (2 af 1)" in html
    assert "1 linje er over en grænse" in html
    assert "højst 1<" in html  # the municipality's own limit carries no star
    again = client.get(LIMITS).content.decode()
    assert 'value="1"' in again
    client.post(LIMITS, {"cti": ""})
    assert not CaseloadLimit.objects.exists()


@pytest.mark.parametrize("courses", [10, 100])
def test_the_page_takes_the_same_queries_however_many_courses(
    client: Client, world: World, courses: int, django_assert_max_num_queries: Any
) -> None:
    as_user(client, world, Role.MANAGER)
    client.get(CASELOAD)
    with CaptureQueriesContext(connection) as before:
        client.get(CASELOAD)
    case = world.users[Role.CASE_WORKER]
    workers = [factories.user(f"medarbejder{i}", Role.SUPPORT_WORKER) for i in range(8)]
    people = [factories.citizen(case, first_name=f"Borger{i}") for i in range(10)]
    kinds = list(CourseKind.values)
    for i in range(courses):
        course_create(
            actor=case,
            citizen=people[i % 10],
            kind=kinds[i % len(kinds)],
            decided_on=date(2026, 1, 1),
            start=date(2026, 1, 1),
            worker=workers[i % 8],
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(CASELOAD)
    assert "Medarbejder7" in response.content.decode()


def _loaded_css(html: str) -> str:
    """Return the text of every stylesheet the page links to, from the static files."""
    from django.contrib.staticfiles import finders

    text = []
    for href in re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html):
        found = finders.find(href)
        assert found, href
        text.append(Path(str(found)).read_text(encoding="utf-8"))
    return "\n".join(text)


def test_an_over_limit_line_is_marked_with_a_sign_and_text_the_page_styles(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.MANAGER)
    client.post(LIMITS, {"cti": "1"})
    course_create(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.other,
        kind=CourseKind.CTI,
        decided_on=date(2026, 10, 1),
        start=date(2026, 10, 1),
        worker=world.users[Role.SUPPORT_WORKER],
    )
    html = client.get(CASELOAD).content.decode()
    rows = [r for r in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if "Support_worker" in r]
    assert len(rows) == 1
    row = rows[0]
    assert 'class="caseload-over"' in row
    # The sign and the words are text, visible to everyone, not colour or a screen-reader span.
    assert '<span class="over-limit">⚠ Over grænsen (2 af 1)</span>' in row
    kollega = [r for r in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if "Kollega" in r]
    assert kollega
    assert "Over grænsen" not in kollega[0]
    css = _loaded_css(html)
    assert "hjemvej/base.css" in html
    for rule in (".over-limit", ".caseload-over", ".flag-late"):
        assert rule in css, rule
