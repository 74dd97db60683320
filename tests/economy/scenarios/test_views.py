"""Scenario pages for every role, the forms' Danish errors, saving, running again, deleting."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemvej.accounts import policy
from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.accounts.policy import Action
from hjemvej.economy.scenarios import views
from hjemvej.economy.scenarios.models import Scenario
from hjemvej.economy.scenarios.services import scenario_create
from hjemvej.economy.scenarios.spec import Practice, ScenarioSpec
from hjemvej.rules.parameters import Override, default_parameters
from tests import factories
from tests.economy.scenarios.conftest import TODAY, World

ALLOWED = (Role.MANAGER, Role.ECONOMIST)
DENIED = (Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.SHELTER_STAFF, Role.ADMIN)
CAP_90 = ScenarioSpec(
    "law", 2029, (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),)
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' "today" is the test data's today."""
    monkeypatch.setattr(views, "today", lambda: TODAY)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def saved(world: World, spec: ScenarioSpec = CAP_90, name: str = "Loft 90") -> Scenario:
    return scenario_create(actor=world.users[Role.ECONOMIST], name=name, spec=spec)


def urls(scenario: Scenario) -> list[str]:
    new_practice = reverse("economy:scenario_practice_new")
    return [
        reverse("economy:scenarios"),
        reverse("economy:scenario_law_new"),
        new_practice,
        *(f"{new_practice}?type={slug}" for slug in views.PRACTICE_SLUGS),
        reverse("economy:scenario", kwargs={"pk": scenario.pk}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in ALLOWED])
def test_manager_and_economist_see_every_page(world: World, role: str) -> None:
    scenario = saved(world)
    client = client_for(world.users[role])
    for url in urls(scenario):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "Anna" not in text  # figures only: no citizen's name anywhere


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in DENIED])
def test_other_roles_are_refused(world: World, role: str) -> None:
    scenario = saved(world)
    client = client_for(world.users[role])
    for url in urls(scenario):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("economy:scenario_law_new"), {"name": "X"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_signed_out_users_go_to_the_login_page(world: World) -> None:
    response = Client().get(reverse("economy:scenarios"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_saving_and_deleting_need_manage_economy(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = saved(world)
    viewing_only = dict(policy.ROLE_ACTIONS)
    viewing_only[Role.ECONOMIST] = frozenset({Action.VIEW_ECONOMY})
    monkeypatch.setattr(policy, "ROLE_ACTIONS", viewing_only)
    client = client_for(world.users[Role.ECONOMIST])
    detail = reverse("economy:scenario", kwargs={"pk": scenario.pk})
    assert client.get(reverse("economy:scenarios")).status_code == 200
    page = client.get(detail)
    assert page.status_code == 200
    assert "Slet scenariet" not in page.content.decode()
    assert client.get(reverse("economy:scenario_law_new")).status_code == 403
    assert client.post(reverse("economy:scenario_law_new"), law_post()).status_code == 403
    assert client.get(reverse("economy:scenario_practice_new")).status_code == 403
    assert client.post(detail, {"slet": "1"}).status_code == 403
    assert Scenario.objects.filter(pk=scenario.pk).exists()


def law_post(**changes: str) -> dict[str, str]:
    data = {
        "name": "Loft 90 dage",
        "overrides": "shelter.reimbursement.day_cap=90@01.04.2026",
        "window": "anchored",
        "cap": "per_day",
        "days": "nights",
        "horizon": "2029",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_law_scenario_is_saved_and_run_again(world: World) -> None:
    economist = world.users[Role.ECONOMIST]
    client = client_for(economist)
    response = client.post(reverse("economy:scenario_law_new"), law_post())
    scenario = Scenario.objects.get(name="Loft 90 dage")
    assert response.status_code == 302
    assert response["Location"] == reverse("economy:scenario", kwargs={"pk": scenario.pk})
    assert scenario.kind == "law"
    assert scenario.author == economist
    assert scenario.municipality_id == economist.municipality_id
    assert scenario.parameters["overrides"] == [["shelter.reimbursement.day_cap", 90, "2026-04-01"]]
    assert scenario.parameters["readings"] == {
        "window": "anchored",
        "cap": "per_day",
        "days": "nights",
    }
    assert scenario.parameters["horizon"] == 2029
    assert scenario.last_run_at is None
    assert AuditEntry.objects.filter(object_id=str(scenario.pk), action="create").exists()
    page = client.get(response["Location"])
    text = page.content.decode()
    scenario.refresh_from_db()
    assert scenario.last_run_at is not None
    assert "42.120 kr. højere end efter gældende regler" in text
    changed = default_parameters().with_overrides(
        [Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1))]
    )
    assert default_parameters().fingerprint in text
    assert changed.fingerprint in text
    assert "Politisk aftale, ikke vedtaget lov" in text
    assert "Scenarie, ikke gældende regler" in text
    assert "+21.060 kr." in text  # 2026 and 2027 each
    assert "2027 (fremskrevet)" in text
    assert "2026 (i gang)" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"overrides": "shelter.findes.ikke=90"},
            "Linje 1: ukendt parameter: shelter.findes.ikke",
        ),
        (
            {"overrides": "# kommentar\nshelter.reimbursement.day_cap=halvfems"},
            "Linje 2: shelter.reimbursement.day_cap=halvfems: &#x27;halvfems&#x27; er ikke et tal",
        ),
        (
            {"overrides": "shelter.reimbursement.day_cap=90,5"},
            "skal være et helt tal (dage)",
        ),
        (
            {"overrides": "support.extension.all_situations=måske"},
            "&#x27;måske&#x27; er ikke ja/nej",
        ),
        (
            {"overrides": "shelter.reimbursement.rate=140"},
            "skal være en procentsats mellem 0 og 100",
        ),
        (
            {"overrides": "shelter.reimbursement.day_cap=90@i morgen"},
            "&#x27;i morgen&#x27; er ikke en dato",
        ),
        ({"overrides": "loftet er 90"}, "skrives PARAMETER=VÆRDI[@ÅÅÅÅ-MM-DD]"),
        ({"overrides": ""}, "Scenariet ændrer intet"),
        ({"horizon": "2040"}, "Skriv et årstal fra 2026 til 2036."),
        ({"horizon": "snart"}, "Skriv et helt tal."),
        ({"name": ""}, "Feltet skal udfyldes."),
        ({"window": "hver anden uge"}, "Vælg en af mulighederne på listen."),
    ],
)
def test_law_form_errors_are_danish_and_save_nothing(
    world: World, changes: dict[str, str], message: str
) -> None:
    client = client_for(world.users[Role.MANAGER])
    response = client.post(reverse("economy:scenario_law_new"), law_post(**changes))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "Formularen har" in text  # the error summary at the top
    assert 'aria-describedby="' in text
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_the_same_name_twice_is_refused(world: World) -> None:
    saved(world, name="Loft 90 dage")
    client = client_for(world.users[Role.MANAGER])
    response = client.post(reverse("economy:scenario_law_new"), law_post())
    assert response.status_code == 200
    assert "Der findes allerede et scenarie med det navn." in response.content.decode()
    assert Scenario.objects.count() == 1


@pytest.mark.django_db
def test_an_example_fills_the_form(world: World) -> None:
    client = client_for(world.users[Role.MANAGER])
    text = client.get(reverse("economy:scenario_law_new") + "?eksempel=uden-udvidelse").content
    assert "support.extension.all_situations=nej@2026-07-01" in text.decode()
    assert "autofocus" in text.decode()


def practice_post(slug: str, **fields: str) -> dict[str, str]:
    return {"type": slug, "name": f"Praksis {slug}", "horizon": "2028", **fields}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "fields", "expected"),
    [
        ("kortere-ophold", {"days": "10"}, {"kind": "shorter_stays", "days": 10}),
        (
            "faerre-eksterne",
            {"persons": "18,5", "start_year": "2027"},
            {"kind": "fewer_external", "persons": "18.50", "start_year": 2027},
        ),
        (
            "housing-first",
            {
                "method": "act",
                "citizens_per_year": "5",
                "start_year": "2027",
                "compare_days": "365",
                "overrides": "housing_first.support.act.monthly=12.500,50",
            },
            {
                "kind": "housing_first",
                "method": "act",
                "citizens_per_year": 5,
                "start_year": 2027,
                "compare_days": 365,
            },
        ),
    ],
)
def test_practice_scenarios_are_saved_and_shown(
    world: World, slug: str, fields: dict[str, str], expected: dict[str, Any]
) -> None:
    client = client_for(world.users[Role.MANAGER])
    response = client.post(reverse("economy:scenario_practice_new"), practice_post(slug, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    scenario = Scenario.objects.get()
    assert scenario.kind == "practice"
    assert scenario.parameters["practice"] == expected
    text = client.get(response["Location"]).content.decode()
    assert f"Praksis {slug}: nettoudgiften" in text
    if slug == "housing-first":
        assert scenario.parameters["overrides"] == [
            ["housing_first.support.act.monthly", "12500.50", None]
        ]
        assert "Femårsudgiften pr. borger" in text
        assert "(valgt i scenariet)" in text
        assert (
            "Antaget værdi, ikke vedtaget eller kontrolleret; tallet er fra Dialogforum for "
            "Socialt Udsatte, opfølgning på dialogmødet 7. oktober 2025" in text
        )  # the shelter rate
        assert "Antaget værdi, ikke vedtaget eller kontrolleret; Hjemvejs skøn" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "fields", "message"),
    [
        ("kortere-ophold", {"days": "0"}, "Skriv et helt tal fra 1 til 365."),
        ("kortere-ophold", {"days": "10", "since": "31.02.2026"}, "Skriv datoen som dd.mm.åååå."),
        ("faerre-eksterne", {"persons": "atten", "start_year": "2027"}, "Skriv et tal, fx 18"),
        ("faerre-eksterne", {"persons": "-2", "start_year": "2027"}, "større end 0"),
        ("faerre-eksterne", {"persons": "2,555", "start_year": "2027"}, "højst to decimaler"),
        (
            "faerre-eksterne",
            {"persons": "2", "start_year": "2028", "horizon": "2027"},
            "Det sidste år må ikke ligge før det første år.",
        ),
        (
            "housing-first",
            {
                "method": "cti",
                "citizens_per_year": "0",
                "start_year": "2027",
                "compare_days": "120",
            },
            "Skriv et helt tal fra 1 til 10.000.",
        ),
        (
            "housing-first",
            {"method": "cti", "citizens_per_year": "2", "start_year": "2027", "compare_days": "45"},
            "Vælg en af mulighederne på listen.",
        ),
        (
            "housing-first",
            {
                "method": "cti",
                "citizens_per_year": "2",
                "start_year": "2027",
                "compare_days": "120",
                "overrides": "housing_first.support.cti.monthly=ni tusind",
            },
            "Linje 1: housing_first.support.cti.monthly=ni tusind: &#x27;ni tusind&#x27; er ikke",
        ),
    ],
)
def test_practice_form_errors_are_danish(
    world: World, slug: str, fields: dict[str, str], message: str
) -> None:
    client = client_for(world.users[Role.ECONOMIST])
    response = client.post(reverse("economy:scenario_practice_new"), practice_post(slug, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_the_choice_page_compares_the_paths_without_saving(world: World) -> None:
    client = client_for(world.users[Role.ECONOMIST])
    text = client.get(reverse("economy:scenario_practice_new")).content.decode()
    assert "Femårsudgiften pr. borger" in text
    assert "Boform efter § 110, 365 dage om året" in text
    assert "Egen bolig med CTI efter § 85 a" in text
    assert "Botilbud" in text
    assert "Antaget" in text
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_another_municipalitys_scenario_is_not_found(world: World) -> None:
    other = factories.user("oekonom-101", Role.ECONOMIST, code="101")
    theirs = scenario_create(actor=other, name="Deres", spec=CAP_90)
    client = client_for(world.users[Role.MANAGER])
    url = reverse("economy:scenario", kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"slet": "1"}).status_code == 404
    assert "Deres" not in client.get(reverse("economy:scenarios")).content.decode()


@pytest.mark.django_db
def test_a_scenario_is_deleted(world: World) -> None:
    scenario = saved(world)
    client = client_for(world.users[Role.MANAGER])
    response = client.post(reverse("economy:scenario", kwargs={"pk": scenario.pk}), {"slet": "1"})
    assert response.status_code == 302
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_a_scenario_that_no_longer_reads_says_why(world: World) -> None:
    scenario = saved(world)
    scenario.parameters["overrides"] = [["shelter.reimbursement.fjernet", 90, None]]
    scenario.save()
    client = client_for(world.users[Role.MANAGER])
    text = client.get(reverse("economy:scenario", kwargs={"pk": scenario.pk})).content.decode()
    assert "Scenariet kan ikke beregnes" in text
    assert "ukendt parameter: shelter.reimbursement.fjernet" in text


@pytest.mark.django_db
def test_the_list_takes_the_same_queries_for_one_and_many(world: World) -> None:
    client = client_for(world.users[Role.MANAGER])
    saved(world, name="Første")
    url = reverse("economy:scenarios")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(5):
        scenario_create(
            actor=world.users[Role.MANAGER],
            name=f"Kortere {n}",
            spec=ScenarioSpec("practice", 2028, practice=Practice("shorter_stays", days=n + 1)),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(one)
    assert len(re.findall(r">Kortere \d<", response.content.decode())) == 5


@pytest.mark.django_db
def test_fewer_external_page_shows_the_reference(world: World) -> None:
    practice = Practice("fewer_external", persons=Decimal(1), start_year=2027)
    scenario = saved(world, ScenarioSpec("practice", 2028, practice=practice), "Færre ude")
    client = client_for(world.users[Role.ECONOMIST])
    text = client.get(reverse("economy:scenario", kwargs={"pk": scenario.pk})).content.decode()
    assert "Referenceår 2025: 0,17 helårspersoner på eksterne boformer" in text
    assert "952 kr. pr. dag" in text
    assert "−347.480 kr." in text  # 365 × 952 kr.
