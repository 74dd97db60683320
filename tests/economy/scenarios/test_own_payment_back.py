"""Practice scenario: the own payment paid back to everyone who moves into their own home."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.economy.reports.extras import scenarios_extra
from hjemvej.economy.scenarios import views
from hjemvej.economy.scenarios.compute import run_spec
from hjemvej.economy.scenarios.models import Scenario
from hjemvej.economy.scenarios.results import ScenarioResult
from hjemvej.economy.scenarios.services import scenario_create
from hjemvej.economy.scenarios.spec import Practice, ScenarioSpec
from hjemvej.housing import services as housing
from hjemvej.housing.models import GrantKind
from hjemvej.rules.parameters import default_parameters
from tests import factories
from tests.economy.scenarios.conftest import TODAY, World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' "today" is the test data's today."""
    monkeypatch.setattr(views, "today", lambda: TODAY)


def statutory(on: date) -> int:
    """Return the statutory own payment per night in øre (bek. nr. 1244 af 13. november 2017)."""
    return default_parameters().money("shelter.own_payment.daily", on)


def move_in(worker: User, citizen: Citizen, day: date) -> None:
    housing.tenancy_create(
        actor=worker,
        citizen=citizen,
        lease_signed_on=day,
        move_in=day,
        today=TODAY,
        address="Fjordvej 3",
        rent_monthly=Decimal("3200"),
    )


def grant(worker: User, citizen: Citizen, kind: str, amount: str, on: date, **kw: Any) -> None:
    data = housing.GrantData(kind=kind, amount=Decimal(amount), decided_on=on, **kw)
    housing.grant_create(actor=worker, citizen=citizen, data=data, today=TODAY)


def anna_own_payment() -> int:
    """Anna's period began 01.12.2023: 152 nights in 2024 and 61 nights in 2025 (conftest)."""
    return 152 * statutory(date(2024, 6, 1)) + 61 * statutory(date(2025, 4, 1))


@pytest.fixture
def moved(world: World) -> World:
    """Add the moves into a home and the grants already decided to the scenario world."""
    worker = world.users[Role.CASE_WORKER]
    c = world.citizens
    move_in(worker, c["anna"], date(2025, 6, 1))  # in the reference year, with her stays
    move_in(worker, c["emil"], date(2025, 2, 1))  # in the reference year, never on a shelter
    move_in(worker, c["bo"], date(2026, 5, 15))  # this year: not in the reference year
    stranger = Citizen.objects.get(first_name="Fremmed")
    move_in(User.objects.get(username="s-fremmed"), stranger, date(2025, 12, 10))  # not 751's
    # Grants already decided: only Anna's own payment paid back in 2025 is subtracted.
    grant(worker, c["anna"], GrantKind.OWN_PAYMENT_BACK, "5000", date(2025, 6, 10))
    grant(worker, c["anna"], GrantKind.HF_DEPOSIT, "7000", date(2025, 6, 10))
    grant(worker, c["bo"], GrantKind.OWN_PAYMENT_BACK, "1000", date(2026, 6, 1))
    grant(
        worker,
        c["emil"],
        GrantKind.OWN_PAYMENT_BACK,
        "0",
        date(2025, 2, 1),
        decision="refused",
        reason="Ingen ophold at betale tilbage for.",
    )
    return world


def run(practice: Practice, horizon: int = 2028) -> ScenarioResult:
    return run_spec(
        ScenarioSpec("practice", horizon, practice=practice),
        name="Tilbage",
        municipality_id=factories.municipality("751").pk,
        as_of=TODAY,
        params=default_parameters(),
    )


def test_everyone_moving_in_gets_the_period_s_own_payment_back(moved: World) -> None:
    result = run(Practice("own_payment_back", share=100, start_year=2027))
    amount = anna_own_payment()
    assert amount > 500_000  # more than the 5.000 kr. already paid back
    rows = {r.year: r for r in result.rows}
    assert list(rows) == [2027, 2028]
    for row in rows.values():
        assert row.base.net_cost == 500_000  # what the municipality paid back in 2025
        assert row.scenario.net_cost == amount  # held at the 2025 level
        assert row.difference.net_cost == amount - 500_000
        assert row.difference.days == 0
    ref = result.paid_back
    assert ref is not None
    assert (ref.year, ref.movers, ref.with_stays, ref.amount) == (2025, 2, 1, amount)
    assert (ref.granted_count, ref.granted_amount) == (1, 500_000)
    assert result.practice_kind == "own_payment_back"
    assert any("holdt fast" in n for n in result.notes)
    assert any("allerede" in n and "trukket fra" in n for n in result.notes)
    assert result.summary.startswith("Tilbage: nettoudgiften i 2027–2028 bliver i alt")


def test_a_share_pays_back_part_rounded_once(moved: World) -> None:
    result = run(Practice("own_payment_back", share=37, start_year=2026), horizon=2026)
    amount = anna_own_payment()
    expected = (amount * 37 * 2 + 100) // 200  # half up, once
    assert [r.scenario.net_cost for r in result.rows] == [expected]
    assert [r.difference.net_cost for r in result.rows] == [expected - 500_000]


def test_without_moves_nothing_changes_but_the_grants(world: World) -> None:
    result = run(Practice("own_payment_back", share=100, start_year=2027), horizon=2027)
    assert [r.difference.net_cost for r in result.rows] == [0]
    assert result.paid_back is not None
    assert result.paid_back.movers == 0
    assert any("Ingen borgere flyttede i egen bolig i 2025" in n for n in result.notes)


def test_the_practice_survives_json_and_checks_its_share() -> None:
    practice = Practice("own_payment_back", share=60, start_year=2027)
    assert practice.to_json() == {"kind": "own_payment_back", "share": 60, "start_year": 2027}
    assert Practice.from_json(practice.to_json()) == practice
    for bad in ({"share": 0, "start_year": 2027}, {"share": 101, "start_year": 2027}):
        with pytest.raises(ValueError, match="andelen"):
            Practice.from_json({"kind": "own_payment_back", **bad})
    with pytest.raises(ValueError, match="første år"):
        Practice.from_json({"kind": "own_payment_back", "share": 50})


# --- The form, the saved scenario, the page and the council report --------------------------------


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(**fields: str) -> dict[str, str]:
    return {"type": "egenbetaling-tilbage", "name": "Egenbetaling tilbage", "horizon": "2028"} | (
        fields
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"share": "0", "start_year": "2027"}, "share", "Skriv et helt tal fra 1 til 100."),
        ({"share": "101", "start_year": "2027"}, "share", "Skriv et helt tal fra 1 til 100."),
        ({"share": "halvdelen", "start_year": "2027"}, "share", "Skriv et helt tal."),
        ({"share": "50", "start_year": "1999"}, "start_year", "Skriv et årstal fra 2026"),
        ({"share": "50"}, "start_year", "Feltet skal udfyldes."),
        (
            {"share": "50", "start_year": "2028", "horizon": "2027"},
            "horizon",
            "Det sidste år må ikke ligge før det første år.",
        ),
    ],
)
def test_form_errors_are_danish_and_on_the_field(
    world: World, fields: dict[str, str], field: str, message: str
) -> None:
    client = client_for(world.users[Role.ECONOMIST])
    response = client.post(reverse("economy:scenario_practice_new"), post(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    assert not Scenario.objects.exists()


def test_the_form_offers_all_movers_from_next_year(world: World) -> None:
    client = client_for(world.users[Role.ECONOMIST])
    url = reverse("economy:scenario_practice_new") + "?type=egenbetaling-tilbage"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].fields["share"].initial == 100
    assert response.context["form"].fields["start_year"].initial == 2027
    choose = client.get(reverse("economy:scenario_practice_new")).content.decode()
    assert "Egenbetaling betalt tilbage ved udflytning" in choose


def test_the_scenario_is_saved_run_again_and_shown(moved: World) -> None:
    client = client_for(moved.users[Role.MANAGER])
    response = client.post(
        reverse("economy:scenario_practice_new"), post(share="100", start_year="2027")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scenario = Scenario.objects.get()
    assert scenario.parameters["practice"] == {
        "kind": "own_payment_back",
        "share": 100,
        "start_year": 2027,
    }
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Egenbetaling betalt tilbage ved udflytning" in text
    assert "Egenbetaling tilbage: nettoudgiften" in text
    assert "Referenceår 2025: 2 borgere flyttede i egen bolig" in text
    assert "Egenbetaling betalt tilbage" in text  # the column of the amounts
    kroner = f"{(anna_own_payment() - 500_000) // 100:,}".replace(",", ".")
    assert f"+{kroner} kr." in text  # the difference a year, at the 2025 level


def test_the_council_report_shows_the_scenario(moved: World) -> None:
    scenario_create(
        actor=moved.users[Role.ECONOMIST],
        name="Egenbetaling tilbage",
        spec=ScenarioSpec(
            "practice", 2028, practice=Practice("own_payment_back", share=100, start_year=2027)
        ),
    )
    extra = scenarios_extra(factories.municipality("751"), TODAY)
    text = "\n".join(extra.paragraphs)
    assert "»Egenbetaling tilbage« (praksisscenarie" in text
    assert "Egenbetaling tilbage: nettoudgiften i 2027–2028" in text
    assert "holdt fast" in text
    assert len(extra.tables) == 1
    assert [row[0] for row in extra.tables[0].rows] == ["2027 (fremskrevet)", "2028 (fremskrevet)"]
