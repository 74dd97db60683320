"""The budget, budget form, forecast and chart pages for every role."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.economy.budgets.models import BudgetLine, Measure
from tests.economy.budgets.conftest import World

ALLOWED = (Role.MANAGER, Role.ECONOMIST)
DENIED = (Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.SHELTER_STAFF, Role.ADMIN)
PAGES: tuple[tuple[str, dict[str, int]], ...] = (
    ("economy:budget", {}),
    ("economy:budget_edit", {"year": 2026}),
    ("economy:forecast", {}),
    ("economy:forecast_chart", {}),
)


def login(client: Client, world: World, role: str) -> Client:
    client.force_login(world.users[role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALLOWED)
def test_managers_and_economists_see_every_page(client: Client, world: World, role: str) -> None:
    login(client, world, role)
    for name, kwargs in PAGES:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        if name == "economy:forecast_chart":
            assert response["Content-Type"] == "image/svg+xml"
            assert response.content.startswith(b"<?xml")
            continue
        html = response.content.decode()
        assert '<html lang="da">' in html
        assert "style=" not in html
        assert "<script>" not in html
        for citizen in world.citizens:  # figures, never names
            assert citizen.first_name not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", DENIED)
def test_other_roles_are_refused(client: Client, world: World, role: str) -> None:
    login(client, world, role)
    for name, kwargs in PAGES:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name
    response = client.post(reverse("economy:budget_edit", kwargs={"year": 2026}), {})
    assert response.status_code == 403
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_signed_out_users_go_to_the_login_page(client: Client, world: World) -> None:
    for name, kwargs in PAGES:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_budget_page_compares_and_names_the_parameters(client: Client, world: World) -> None:
    login(client, world, Role.ECONOMIST)
    html = client.get(reverse("economy:budget")).content.decode()
    assert "<h1>Budget 2026 mod faktisk forbrug</h1>" in html
    assert "Der er ikke lagt et budget for 2026" in html
    assert "politisk aftale" in html  # the cap after 1 April 2026 is an agreement, not law
    assert "Parametersæt" in html
    assert html.count("<caption") == 13  # overview, eleven measures, parameters
    assert 'scope="row"' in html
    assert 'scope="col"' in html
    assert reverse("economy:budget_edit", kwargs={"year": 2026}) in html
    assert client.get(reverse("economy:budget") + "?aar=abc").status_code == 404
    assert client.get(reverse("economy:budget") + "?aar=2024").status_code == 200


@pytest.mark.django_db
def test_the_budget_form_saves_and_the_page_shows_it(client: Client, world: World) -> None:
    login(client, world, Role.MANAGER)
    url = reverse("economy:budget_edit", kwargs={"year": 2026})
    form = client.get(url).content.decode()
    assert "autofocus" in form
    assert form.count('<fieldset class="budget-measure">') == len(Measure)
    response = client.post(
        url,
        {
            "net_cost_aar": "12.000.000,00",
            **{f"full_year_persons_{m}": "2,5" for m in range(1, 13)},
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("economy:budget") + "?aar=2026"
    assert BudgetLine.objects.filter(measure=Measure.NET_COST, month__isnull=True).count() == 1
    assert BudgetLine.objects.filter(measure=Measure.FULL_YEAR_PERSONS).count() == 12
    page = client.get(response["Location"]).content.decode()
    assert "Budgettet for 2026 er gemt." in page
    assert "12.000.000 kr." in page
    assert "1.000.000 kr." in page  # each month's twelfth
    assert "2,50" in page
    # The form shows what is stored, with a decimal comma.
    again = client.get(url).content.decode()
    assert 'value="12.000.000,00"' in again
    assert 'value="2,50"' in again


@pytest.mark.django_db
def test_the_budget_form_shows_danish_errors_tied_to_the_fields(
    client: Client, world: World
) -> None:
    login(client, world, Role.ECONOMIST)
    url = reverse("economy:budget_edit", kwargs={"year": 2026})
    response = client.post(url, {"net_cost_aar": "12,345", "gross_cost_1": "100"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Fejl: " in html
    assert "Skriv beløbet i kroner, fx 1.234,50." in html
    assert "Udfyld alle 12 måneder, eller lad dem stå tomme og udfyld årets i alt." in html
    assert 'id="id_net_cost_aar_error"' in html
    assert 'aria-describedby="id_net_cost_aar_helptext id_net_cost_aar_error"' in html
    assert 'href="#id_net_cost_aar"' in html  # the error summary links to the field
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_forecast_page_has_the_chart_its_numbers_and_the_model(
    client: Client, world: World
) -> None:
    login(client, world, Role.MANAGER)
    html = client.get(reverse("economy:forecast")).content.decode()
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert len(images) == 3  # full-year persons, the stays' net cost, the total net cost
    for src, alt in images:
        assert src.startswith(reverse("economy:forecast_chart"))
        assert "prognose" in alt
        assert "10–90 %" in alt
        assert client.get(src.replace("&amp;", "&")).status_code == 200
    assert "Prognose for helårspersoner pr. måned" in html
    assert "Sådan er prognosen lavet" in html
    assert "Poisson" in html
    assert "Kaplan–Meier" in html
    assert "500" in html
    assert "december 2028" in html
    assert "politisk aftale" in html
    assert client.get(reverse("economy:forecast_chart") + "?maal=ukendt").status_code == 404


@pytest.mark.django_db
def test_a_shelter_without_a_rate_is_explained_not_a_crash(client: Client, world: World) -> None:
    from hjemvej.shelters.models import ShelterRate

    ShelterRate.objects.filter(shelter=world.away).delete()
    login(client, world, Role.ECONOMIST)
    for name in ("economy:budget", "economy:forecast"):
        html = client.get(reverse(name)).content.decode()
        assert "Tallene kan ikke beregnes" in html
        assert "ingen takst" in html
    assert client.get(reverse("economy:forecast_chart")).status_code == 409


@pytest.mark.django_db
def test_the_chart_as_png_for_the_reports(world: World) -> None:
    from hjemvej.economy.budgets.charts import alt_text, forecast_png
    from hjemvej.economy.budgets.selectors import forecast_for
    from tests.economy.budgets.conftest import TODAY

    result = forecast_for(world.users[Role.MANAGER].municipality_id or 0, TODAY, runs=50)
    png = forecast_png(result)
    assert png.startswith(b"\x89PNG")
    assert forecast_png(result, Measure.NET_COST).startswith(b"\x89PNG")
    assert "december 2028" in alt_text(result)
