"""One date convention: a closed-open period is shown as its first and last day."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.citizens.models import Situation
from hjemvej.citizens.services import situation_add
from hjemvej.core.formatting import period_text
from hjemvej.support.services import course_create
from tests import factories


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2026, 7, 1), date(2026, 10, 1), "01.07.–30.09.2026"),
        (date(2025, 12, 15), date(2026, 1, 15), "15.12.2025–14.01.2026"),
        (date(2025, 1, 1), date(2026, 1, 1), "01.01.–31.12.2025"),
        (date(2026, 8, 1), date(2026, 8, 2), "01.08.2026"),  # one day
        (date(2026, 8, 1), None, "fra 01.08.2026"),  # still open
    ],
)
def test_period_text_is_the_first_and_last_day(start: date, end: date | None, text: str) -> None:
    assert period_text(start, end) == text


def test_an_empty_period_is_refused() -> None:
    with pytest.raises(ValueError, match="tom"):
        period_text(date(2026, 8, 1), date(2026, 8, 1))


def test_the_template_filter_is_the_same_function() -> None:
    template = Template("{% load periods %}{{ start|period:end }}")
    context = Context({"start": date(2026, 7, 1), "end": date(2026, 10, 1)})
    assert template.render(context) == "01.07.–30.09.2026"


def test_the_last_day_filter_shows_the_day_before_an_exclusive_end() -> None:
    template = Template("{% load periods %}{{ end|last_day }}|{{ none|last_day }}")
    context = Context({"end": date(2026, 3, 1), "none": None})
    assert template.render(context) == "28.02.2026|"


@pytest.mark.django_db
def test_the_citizens_page_shows_each_ended_period_to_its_last_day(client: Client) -> None:
    # A situation ended with the first day out (01.03.2026) lasted to and with 28.02.2026; a
    # course ended 01.06.2026 ran to and with 31.05.2026. "Til og med" shows those last days.
    worker = factories.user("rita", Role.CASE_WORKER)
    citizen = factories.citizen(worker, start=date(2026, 1, 1))
    situation_add(
        actor=worker,
        citizen=citizen,
        situation=Situation.SOFA,
        start=date(2026, 3, 1),
        today=factories.TODAY,
    )
    course_create(
        actor=worker,
        citizen=citizen,
        kind="icm",
        decided_on=date(2026, 1, 10),
        start=date(2026, 2, 1),
        end=date(2026, 6, 1),
        monthly_cost=Decimal("9000"),
    )
    client.force_login(worker)
    html = client.get(reverse("citizens:detail", kwargs={"pk": citizen.pk})).content.decode()
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, re.S)
    ]
    street = cells.index("Gadesover")
    assert cells[street + 1 : street + 3] == ["01.01.2026", "28.02.2026"]
    assert "01.03.2026" not in cells[street + 2]
    icm = next(i for i, c in enumerate(cells) if c.startswith("ICM"))
    row = cells[icm : icm + 6]
    assert "31.05.2026" in row
    assert "01.06.2026" not in row
    assert html.count("Til og med") >= 2
