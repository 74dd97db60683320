"""The earliest dates the forms accept break no page (issue 12, finding 8)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.support.models import CourseKind
from hjemvej.support.services import course_create
from tests.support.conftest import World, as_user

pytestmark = pytest.mark.django_db


def test_a_course_from_the_earliest_accepted_day_breaks_no_page(
    client: Client, world: World
) -> None:
    earliest = date(2000, 1, 1)  # the forms' earliest day (core.forms.DateField, bounds.*)
    for kind in (CourseKind.SEL85, CourseKind.ICM, CourseKind.CTI):
        course_create(
            actor=world.users[Role.CASE_WORKER],
            citizen=world.citizen,
            kind=kind,
            decided_on=earliest,
            start=earliest,
            end=date(2000, 6, 1),
        )
    pages = [
        (Role.CASE_WORKER, reverse("support:citizen", args=[world.citizen.pk])),
        (Role.CASE_WORKER, reverse("citizens:detail", args=[world.citizen.pk])),
        (Role.CASE_WORKER, reverse("start")),
        (Role.MANAGER, reverse("economy:dashboard")),
        (Role.MANAGER, reverse("economy:figures")),
        (Role.MANAGER, reverse("support:caseload")),
    ]
    for who, url in pages:
        assert as_user(client, world, who).get(url).status_code == 200, url
