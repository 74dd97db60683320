"""The housing pages for every role: allowed, refused (403), out of scope (404), query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.accounts.policy import Action, allowed
from hjemvej.housing import services
from hjemvej.housing.models import Dwelling, DwellingStatus, Grant, HousingOffer
from hjemvej.rules.affordability import (
    CASH_BENEFIT_RATES,
    Household,
    Income,
    RentTerms,
    payment_capacity,
)
from hjemvej.rules.parameters import format_kroner
from tests import factories
from tests.housing import world as build
from tests.housing.conftest import TODAY, World, login

pytestmark = pytest.mark.django_db
ROLES = [r.value for r in Role]


def housing_patterns() -> list[tuple[str, URLPattern]]:
    found = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "housing":
            found += [
                (f"housing:{p.name}", p) for p in entry.url_patterns if isinstance(p, URLPattern)
            ]
    return found


def url(name: str, pattern: URLPattern, world: World) -> str:
    values = {"pk": world.citizen.pk, **world.ids}
    wanted = {k: v for k, v in values.items() if k in pattern.pattern.regex.groupindex}
    return reverse(name, kwargs=wanted)


def test_the_placeholder_is_gone_and_every_view_has_a_policy() -> None:
    names = {name for name, _ in housing_patterns()}
    assert {"housing:citizen", "housing:search", "housing:dwelling_list"} <= names
    assert all(getattr(p.callback, "policy_action", None) for _, p in housing_patterns())


@pytest.mark.parametrize("role", ROLES)
def test_every_housing_url_as_every_role(role: str, world: World, client: Client) -> None:
    user = world.users[role]
    login(client, user)
    failures = []
    for name, pattern in housing_patterns():
        action: Action = pattern.callback.policy_action  # type: ignore[attr-defined]
        status = client.get(url(name, pattern, world)).status_code
        expected = {200, 405} if allowed(user, action) else {403}
        if status not in expected:
            failures.append(f"{name}: {status}")
    assert failures == []


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.MANAGER])
def test_citizens_and_dwellings_outside_the_scope_are_not_found(
    role: str, world: World, client: Client
) -> None:
    login(client, world.users[role])
    for name in ("housing:citizen", "housing:search"):
        assert client.get(reverse(name, kwargs={"pk": world.outside.pk})).status_code == 404
    stranger = factories.user("fremmed2", Role.CASE_WORKER, code="101")
    foreign = build.dwelling(stranger, build.landlord(stranger, "Fremmed Bolig"))
    response = client.get(reverse("housing:dwelling_detail", kwargs={"dwelling_pk": foreign.pk}))
    assert response.status_code == 404
    assert "Fremmed" not in client.get(reverse("housing:dwelling_list")).content.decode()


def test_the_support_worker_sees_only_their_own_citizens(world: World, client: Client) -> None:
    login(client, world.users[Role.SUPPORT_WORKER])
    assert client.get(reverse("housing:citizen", kwargs={"pk": world.other.pk})).status_code == 404
    # Another citizen's offer under the visible citizen's id is not found either.
    other_offer = services.offer_create(
        actor=world.case_worker,
        citizen=world.other,
        dwelling=Dwelling.objects.get(address="Østergade 2, st."),
        offered_on=TODAY,
        today=TODAY,
    )
    login(client, world.case_worker)
    response = client.get(
        reverse("housing:offer_answer", kwargs={"pk": world.citizen.pk, "offer_pk": other_offer.pk})
    )
    assert response.status_code == 404


def test_the_page_is_logged_as_a_read_and_shows_only_allowed_buttons(
    world: World, client: Client
) -> None:
    page = reverse("housing:citizen", kwargs={"pk": world.citizen.pk})
    login(client, world.users[Role.SUPPORT_WORKER])
    text = client.get(page).content.decode()
    assert "Registrér restance eller varsel" in text
    assert "Tilbyd en bolig" not in text
    assert "Ny bevilling" not in text
    entry = AuditEntry.objects.filter(citizen=world.citizen, action=AuditAction.VIEW).first()
    assert entry is not None
    assert entry.detail == {"page": "housing:citizen"}
    login(client, world.users[Role.MANAGER])
    text = client.get(page).content.decode()
    assert "Registrér restance" not in text
    assert "Ret<" not in text
    login(client, world.case_worker)
    text = client.get(page).content.decode()
    assert "Tilbyd en bolig" in text
    assert "Ny bevilling eller afslag" in text


def test_the_payment_capacity_panel_shows_the_engines_figures(world: World, client: Client) -> None:
    login(client, world.case_worker)
    response = client.get(
        reverse("housing:citizen", kwargs={"pk": world.citizen.pk}),
        {"husleje": "4.250,00", "areal": "70"},
    )
    text = response.content.decode()
    expected = payment_capacity(
        incomes=[
            Income(
                kind="cash_benefit",
                monthly_after_tax=710_000,
                rates=(CASH_BENEFIT_RATES["basic"], CASH_BENEFIT_RATES["single_supplement"]),
            )
        ],
        rent=425_000,
        household=Household(),
        area_m2=70,
        on=TODAY,
    )
    assert f"{format_kroner(expected.housing_benefit.monthly)} kr. pr. måned" in text
    assert f"<strong>{format_kroner(expected.disposable_amount)} kr.</strong>" in text
    assert format_kroner(expected.max_affordable_rent.max_rent) in text
    for warning in expected.warnings:
        assert warning.text in text
    assert "det beløb, du skrev" in text
    assert "antaget værdi, ikke vedtaget" in text  # the assumed budget is flagged
    bad = client.get(
        reverse("housing:citizen", kwargs={"pk": world.citizen.pk}), {"husleje": "mange"}
    )
    assert "Skriv beløbet i kroner, fx 1.234,50." in bad.content.decode()


def test_the_offer_s_rent_terms_and_the_household_s_wealth_reach_the_housing_benefit(
    world: World, client: Client
) -> None:
    """Boligstøtteloven § 10 (what the rent covers) and § 8 a (wealth) in the offer's panel."""
    cw = world.case_worker
    owner = build.landlord(cw, "Boligselskabet Varme")
    home = build.dwelling(cw, owner, address="Fjernvarmevej 4", rent="4200", utilities="600")
    home.rent_includes_heating = True
    home.tenant_maintenance = "full"
    home.save(update_fields=["rent_includes_heating", "tenant_maintenance"])
    services.household_set(
        actor=cw, citizen=world.citizen, adults=1, children=1, wealth=Decimal("950000")
    )
    services.offer_create(
        actor=cw, citizen=world.citizen, dwelling=home, offered_on=TODAY, today=TODAY
    )
    login(client, cw)
    text = client.get(reverse("housing:citizen", kwargs={"pk": world.citizen.pk})).content.decode()
    incomes = [
        Income(
            kind="cash_benefit",
            monthly_after_tax=710_000,
            rates=(CASH_BENEFIT_RATES["basic"], CASH_BENEFIT_RATES["single_supplement"]),
        )
    ]
    household = Household(children=1, wealth=95_000_000)
    expected = payment_capacity(
        incomes=incomes,
        rent=480_000,
        household=household,
        area_m2=home.area_m2,
        on=TODAY,
        terms=RentTerms(heating=True, maintenance="full"),
    )
    plain = payment_capacity(
        incomes=incomes,
        rent=480_000,
        household=Household(children=1),
        area_m2=home.area_m2,
        on=TODAY,
    )
    assert expected.housing_benefit.monthly != plain.housing_benefit.monthly
    assert f"{format_kroner(expected.housing_benefit.monthly)} kr. pr. måned" in text
    assert "Varme indgår i huslejen: boligudgiften nedsættes" in text
    assert "Formuetillægget er" in text


def test_a_pensioner_household_is_said_plainly(world: World, client: Client) -> None:
    services.income_add(
        actor=world.case_worker,
        citizen=world.citizen,
        data=services.IncomeData(
            kind="pension",
            pension_kind="old_age_pension",
            monthly_after_tax=Decimal("11000"),
            valid_from=date(2026, 1, 1),
        ),
    )
    login(client, world.case_worker)
    text = client.get(reverse("housing:citizen", kwargs={"pk": world.citizen.pk})).content
    assert "Hjemvej beregner ikke boligydelse" in text.decode()


def test_the_panel_explains_a_pension_by_its_rate_and_shows_the_direct_rent(
    world: World, client: Client
) -> None:
    """Førtidspension counts by its dated rate (status shown); § 90 is recorded and shown."""
    cw = world.case_worker
    services.income_add(
        actor=cw,
        citizen=world.citizen,
        data=services.IncomeData(
            kind="pension",
            pension_kind="disability_pension",
            rates=("disability_single",),
            monthly_after_tax=Decimal("15000"),
            valid_from=date(2026, 1, 1),
        ),
    )
    row = world.citizen.incomes.get(kind="cash_benefit")
    services.income_update(
        actor=cw,
        income=row,
        data=services.IncomeData(
            kind="cash_benefit",
            rates=("basic", "single_supplement"),
            monthly_after_tax=row.monthly_after_tax,
            valid_from=row.valid_from,
            direct_rent_decided_on=date(2026, 2, 3),
        ),
    )
    login(client, cw)
    text = client.get(reverse("housing:citizen", kwargs={"pk": world.citizen.pk})).content.decode()
    assert "Pension: 15.000,00 kr. om måneden efter skat; før skat 20.370,00 kr." in text
    assert "20.370,00 kr. (antaget)" in text
    assert "Førtidspension (tilkendt fra 2003), enlige, pr. måned før skat" in text  # the title
    assert "Førtidspension, enlig" in text  # the income table's rate
    assert "(aktivloven § 90), afgjort 03.02.2026. Det ændrer ikke rådighedsbeløbet." in text
    form = client.get(reverse("housing:income_add", kwargs={"pk": world.citizen.pk}))
    page = form.content.decode()
    assert "Uddannelseshjælp (før kontanthjælpsreformen)" in page
    assert "Selvforsørgelses- og hjemrejseydelse, ikke-forsørger" in page
    assert "Særlig støtte (aktivloven § 34)" in page
    assert "(aktivloven § 90), afgjort" in page


def test_the_flow_offer_accept_lease_moved_in(world: World, client: Client) -> None:
    login(client, world.case_worker)
    person = factories.citizen(world.case_worker, first_name="Ny", last_name="Lejer")
    build.cash_benefit(world.case_worker, person)
    free = Dwelling.objects.get(address="Østergade 2, st.")
    base = {"pk": person.pk}
    form = client.get(reverse("housing:offer_create", kwargs=base), {"bolig": free.pk})
    assert "Før du tilbyder Østergade 2, st." in form.content.decode()
    response = client.post(
        reverse("housing:offer_create", kwargs=base),
        {"dwelling": free.pk, "offered_on": "2026-11-01", "answer_by": "", "note": ""},
    )
    assert response.status_code == 302
    offer = HousingOffer.objects.get(citizen=person)
    response = client.post(
        reverse("housing:offer_answer", kwargs={**base, "offer_pk": offer.pk}),
        {"answer": "accepted", "answered_on": "2026-11-03", "decline_reason": "", "note": ""},
    )
    assert response["Location"].endswith(f"/lejemaal/nyt/?tilbud={offer.pk}")
    response = client.post(
        reverse("housing:tenancy_create", kwargs=base),
        {
            "offer": offer.pk,
            "address": "",
            "lease_signed_on": "2026-11-05",
            "move_in": "2026-11-15",
            "rent_monthly": "",
        },
    )
    assert response.status_code == 302
    free.refresh_from_db()
    assert free.status == DwellingStatus.LET
    assert person.situations.get().end == date(2026, 11, 15)
    grant = client.post(
        reverse("housing:grant_create", kwargs=base),
        {
            "kind": "hf_deposit",
            "decision": "granted",
            "amount": "9.000,00",
            "decided_on": "2026-11-06",
            "tenancy": person.tenancies.get().pk,
            "paid_on": "",
            "reason": "",
            "household_income_year": "",
            "repayment_monthly": "",
            "repayment_from": "",
        },
    )
    assert grant.status_code == 302
    assert Grant.objects.get(citizen=person).amount == Decimal("9000.00")


def test_errors_are_danish_per_field_and_nothing_is_written(world: World, client: Client) -> None:
    login(client, world.case_worker)
    response = client.post(
        reverse("housing:grant_create", kwargs={"pk": world.citizen.pk}),
        {
            "kind": "deposit_loan",
            "decision": "granted",
            "amount": "12000",
            "decided_on": "2026-11-06",
            "household_income_year": "400.000",
            "reason": "",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Formularen har en fejl" in text
    assert "overstiger grænsen for beboerindskudslån" in text
    assert Grant.objects.filter(kind="deposit_loan").count() == 0
    response = client.post(
        reverse("housing:dwelling_create"),
        {"landlord": world.ids["landlord_pk"], "address": "", "postcode": "80", "city": "Aarhus"},
    )
    text = response.content.decode()
    assert "Feltet skal udfyldes." in text
    assert "Postnummer: Postnummeret skal være fire cifre." in text


def test_the_search_lists_affordable_available_dwellings_with_warnings(
    world: World, client: Client
) -> None:
    cw = world.case_worker
    owner = build.landlord(cw, "Boligselskabet Syd")
    build.dwelling(cw, owner, address="Billigvej 1", rent="900", utilities="100")
    build.dwelling(
        cw,
        owner,
        address="Udsatvej 2",
        rent="800",
        utilities="100",
        area_status="vulnerable",
    )
    build.dwelling(cw, owner, address="Dyrvej 3", rent="9000")
    person = factories.citizen(cw, first_name="Søger")
    services.income_add(
        actor=cw,
        citizen=person,
        data=services.IncomeData(
            kind="cash_benefit",
            monthly_after_tax=Decimal("9500"),
            valid_from=date(2026, 1, 1),
            rates=("basic", "single_supplement"),
        ),
    )
    login(client, cw)
    text = client.get(reverse("housing:search", kwargs={"pk": person.pk})).content.decode()
    assert "Billigvej 1" in text
    assert "Udsatvej 2" in text
    assert "Dyrvej 3" not in text
    assert "Vestergade 1" not in text
    assert "Må ikke anvises:" in text
    assert "§ 59, stk. 6, nr. 5" in text
    assert f"?bolig={Dwelling.objects.get(address='Billigvej 1').pk}" in text
    narrowed = client.get(reverse("housing:search", kwargs={"pk": person.pk}), {"vaerelser": 3})
    assert "Billigvej 1" not in narrowed.content.decode()


def _many_dwellings(world: World, n: int) -> None:
    owner = build.landlord(world.case_worker, f"Masse {n}")
    for i in range(n):
        build.dwelling(world.case_worker, owner, address=f"Rækkevej {n}-{i}", rent="500")


@pytest.mark.parametrize("name", ["housing:dwelling_list", "housing:search"])
def test_query_counts_do_not_grow_with_rows(
    name: str, world: World, client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, world.case_worker)
    kwargs = {"pk": world.citizen.pk} if name == "housing:search" else {}
    _many_dwellings(world, 3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
    _many_dwellings(world, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_the_housing_page_query_count_does_not_grow_with_rows(
    world: World, client: Client, django_assert_max_num_queries: Any
) -> None:
    login(client, world.case_worker)
    page = reverse("housing:citizen", kwargs={"pk": world.citizen.pk})
    with django_assert_max_num_queries(30) as few:
        client.get(page)
    tenancy = world.citizen.tenancies.get()
    for day in range(6, 12):
        services.tenancy_risk_add(
            actor=world.case_worker,
            tenancy=tenancy,
            kind="demand",
            noted_on=date(2026, 11, day),
            amount=Decimal(100),
            today=TODAY,
        )
        services.grant_create(
            actor=world.case_worker,
            citizen=world.citizen,
            data=services.GrantData(
                kind="deposit_loan",
                amount=Decimal(1000),
                decided_on=date(2026, 11, day),
                household_income_year=Decimal(100000),
            ),
            today=TODAY,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page)


def test_the_dwellings_list_filters(world: World, client: Client) -> None:
    login(client, world.case_worker)
    base = reverse("housing:dwelling_list")
    text = client.get(base, {"ledige": "on"}).content.decode()
    assert "Østergade 2, st." in text
    assert "Vestergade 1, 1. tv." not in text
    text = client.get(base, {"max_husleje": "3.300"}).content.decode()
    assert "Østergade 2" in text
    assert "Vestergade 1" not in text
    text = client.get(base, {"max_husleje": "3.200,00", "vaerelser": "3"}).content.decode()
    assert "Der er ingen boliger med disse filtre." in text
    text = client.get(base, {"anvisning": "0"}).content.decode()
    assert "Østergade" not in text
    assert "Vestergade" not in text
    text = client.get(base, {"postnummer": "12"}).content.decode()
    assert "Postnummeret skal være fire cifre." in text


def test_dwelling_detail_shows_the_area_rules(world: World, client: Client) -> None:
    cw = world.case_worker
    home = build.dwelling(
        cw, build.landlord(cw, "Parken"), address="Parken 9", area_status="vulnerable"
    )
    login(client, world.users[Role.SUPPORT_WORKER])
    text = client.get(
        reverse("housing:dwelling_detail", kwargs={"dwelling_pk": home.pk})
    ).content.decode()
    assert "almenboligloven § 59, stk. 6" in text
    assert "Ret boligen" not in text


def test_a_move_in_that_has_come_ends_homelessness_from_the_page(
    world: World, client: Client
) -> None:
    cw = world.case_worker
    person = factories.citizen(cw, first_name="Snart", last_name="Hjemme")
    tenancy = services.tenancy_create(
        actor=cw,
        citizen=person,
        address="Åvej 7, 8000 Aarhus C",
        rent_monthly=Decimal(3200),
        lease_signed_on=date(2026, 11, 1),
        move_in=date(2026, 11, 15),
        today=date(2026, 11, 1),  # recorded before the move
    )
    login(client, cw)
    page = reverse("housing:citizen", kwargs={"pk": person.pk})
    assert "Afslut hjemløshedssituationen (fået bolig)" in client.get(page).content.decode()
    housed = reverse("housing:tenancy_housed", kwargs={"pk": person.pk, "tenancy_pk": tenancy.pk})
    assert client.get(housed).status_code == 405
    response = client.post(housed, follow=True)
    assert "Borgeren er flyttet ind og er gået af listen (fået bolig)." in response.content.decode()
    assert person.situations.get().end == date(2026, 11, 15)
    again = client.post(housed, follow=True).content.decode()
    assert "Borgeren har ingen hjemløshedssituation" in again


def test_the_support_worker_reports_and_resolves_arrears(world: World, client: Client) -> None:
    login(client, world.users[Role.SUPPORT_WORKER])
    kwargs = {"pk": world.citizen.pk, "tenancy_pk": world.ids["tenancy_pk"]}
    response = client.post(
        reverse("housing:risk_add", kwargs=kwargs),
        {"kind": "eviction_warning", "noted_on": "2026-11-18", "amount": "", "deadline": ""},
    )
    assert "Frist: Skriv fristen i varslet." in response.content.decode()
    response = client.post(
        reverse("housing:risk_add", kwargs=kwargs),
        {"kind": "eviction_warning", "noted_on": "2026-11-18", "deadline": "2026-12-02"},
    )
    assert response.status_code == 302
    resolve = reverse(
        "housing:risk_resolve", kwargs={"pk": world.citizen.pk, "risk_pk": world.ids["risk_pk"]}
    )
    assert client.post(resolve, {"resolved_on": "2026-11-20", "note": "Betalt"}).status_code == 302
    text = client.get(reverse("housing:citizen", kwargs={"pk": world.citizen.pk})).content
    assert "Varsel om ophævelse eller udsættelse" in text.decode()


def test_a_dwelling_is_registered_as_a_single_room_with_its_rent_terms(
    world: World, client: Client
) -> None:
    login(client, world.case_worker)
    response = client.post(
        reverse("housing:dwelling_create"),
        {
            "landlord": world.ids["landlord_pk"],
            "address": "Værelsesgangen 3",
            "postcode": "8000",
            "city": "Aarhus C",
            "kind": "youth",
            "rooms": "1",
            "single_room": "on",
            "area_m2": "18",
            "rent_includes_heating": "on",
            "tenant_maintenance": "partial",
            "rent_monthly": "2.100,00",
            "utilities_monthly": "",
            "deposit": "",
            "area_status": "ordinary",
            "status": "available",
            "available_from": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    home = Dwelling.objects.get(address="Værelsesgangen 3")
    assert home.single_room is True
    assert home.rent_includes_heating is True
    assert home.tenant_maintenance == "partial"
    page = client.get(response["Location"]).content.decode()
    assert "enkeltværelse uden eget køkken" in page
    assert (
        "Betales til udlejeren</dt><dd>varme; indvendig vedligeholdelsespligt: delvis lejeren"
        in page
    )
