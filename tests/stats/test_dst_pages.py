"""/statistik/dst/: who may make a shelter's file for Danmarks Statistik, what it shows and logs."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from hjemvej.accounts.audit_words import describe, detail_items
from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.jobs.models import JobFile
from hjemvej.shelters.models import Operator, Shelter
from tests import factories
from tests.stats.dst_world import CPRS, CVR, P_NUMBER, DstWorld, dst_world

pytestmark = pytest.mark.django_db
PAGE = "/statistik/dst/"
FILE = "/statistik/dst/fil/"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: factories.TODAY)


@pytest.fixture
def world() -> DstWorld:
    return dst_world()


def query(world: DstWorld, quarter: str = "2026-K1") -> dict[str, str]:
    return {"boform": str(world.shelter.pk), "kvartal": quarter}


def admin_of(code: str) -> User:
    return factories.user(f"admin-{code}", Role.ADMIN, code=code)


def exports() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.EXPORT))


def test_the_leader_sees_the_quarter_and_makes_the_file(client: Client, world: DstWorld) -> None:
    client.force_login(world.leader)
    page = client.get(PAGE, query(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Herberget Kvartal, 1. kvartal 2026" in html
    assert CVR in html
    assert P_NUMBER in html
    assert "5: 4 indskrevet og 2 udskrevet i kvartalet" in html
    assert "Søren fra havnen" in html
    assert "Dina Dst" in html
    assert (
        f"/borgere/{world.citizens['Dina'].pk}/ophold/{world.stays['aftercare'].pk}/rediger/"
        in (html)
    )
    assert not any(cpr in html for cpr in CPRS)
    response = client.post(FILE, query(world))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == (
        f'attachment; filename="dst-herberger-{P_NUMBER}-2026-K1.txt"'
    )
    content = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert content.startswith("cvrnr;pnr;cprnr;")
    assert all(cpr in content for cpr in CPRS if cpr != CPRS[2])  # Carl spans the quarter
    assert JobFile.objects.count() == 0  # made on request, never stored


def test_one_export_entry_names_every_citizen_in_the_file(client: Client, world: DstWorld) -> None:
    client.force_login(world.leader)
    before = AuditEntry.objects.count()
    b"".join(client.post(FILE, query(world)).streaming_content)  # type: ignore[attr-defined]
    (entry,) = exports()
    in_file = {world.citizens[n].pk for n in ("Anna", "Bo", "Dina", "Emil", "alias")}
    assert set(entry.citizen_ids) == in_file
    assert entry.user == world.leader
    assert entry.detail == {
        "page": "stats:dst",
        "export": "dst",
        "format": "txt",
        "shelter": world.shelter.pk,
        "year": 2026,
        "quarter": 1,
    }
    assert AuditEntry.objects.count() == before + 1
    assert describe(entry.action, entry.object_type, entry.detail) == (
        "Eksporterede fra indberetningen til Danmarks Statistik"
    )
    assert ("kvartal", "1") in detail_items(entry.object_type, entry.detail)


def test_reading_the_list_is_logged_with_the_citizens_it_shows(
    client: Client, world: DstWorld
) -> None:
    client.force_login(world.leader)
    client.get(PAGE, query(world))
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("id")
    assert entry.detail["page"] == "stats:dst"
    assert set(entry.citizen_ids) == {world.citizens["Dina"].pk, world.citizens["alias"].pk}


def test_an_administrator_of_a_municipal_shelter_sees_pseudonyms(
    client: Client, world: DstWorld
) -> None:
    client.force_login(admin_of("751"))
    html = client.get(PAGE, query(world)).content.decode()
    assert world.citizens["Dina"].pseudonym in html
    assert "Dina Dst" not in html
    assert "Søren fra havnen" not in html
    assert client.post(FILE, query(world)).status_code == 200


def test_a_problem_that_blocks_stops_the_file_and_writes_no_export(
    client: Client, world: DstWorld
) -> None:
    Shelter.objects.filter(pk=world.shelter.pk).update(p_number="")
    client.force_login(world.leader)
    html = client.get(PAGE, query(world)).content.decode()
    assert "Boformen har intet P-nummer" in html
    assert 'action="/statistik/dst/fil/"' not in html
    response = client.post(FILE, query(world), follow=True)
    assert response.redirect_chain[-1][0] == f"{PAGE}?boform={world.shelter.pk}&kvartal=2026-K1"
    assert "Filen er ikke dannet: 1 problem(er) skal rettes først." in response.content.decode()
    assert exports() == []


def test_a_quarter_not_over_blocks_and_a_wrong_one_is_explained(
    client: Client, world: DstWorld
) -> None:
    client.force_login(world.leader)
    html = client.get(PAGE, query(world, "2026-K4")).content.decode()
    assert "4. kvartal 2026 slutter den 31.12.2026" in html
    for wrong in ("2027-K1", "2026-K9", "nonsens", "2019-K1"):
        response = client.get(PAGE, query(world, wrong))
        assert response.status_code == 200
        assert "Vælg et kvartal fra 2021 til i dag" in response.content.decode()
    response = client.post(FILE, query(world, "2026-K9"))
    assert response.status_code == 302
    assert exports() == []


@pytest.mark.parametrize("raw", ["x", "99999", "", "1.5"])
def test_a_wrong_shelter_is_not_found_or_asked_for(
    client: Client, world: DstWorld, raw: str
) -> None:
    client.force_login(world.leader)
    response = client.get(PAGE, {"boform": raw, "kvartal": "2026-K1"})
    # Empty: the leader's only shelter; anything else that is not theirs: not found.
    assert response.status_code == (200 if raw == "" else 404)
    assert client.post(FILE, {"boform": raw, "kvartal": "2026-K1"}).status_code == (
        200 if raw == "" else 404
    )


def who(world: DstWorld, role: str) -> User:
    """Every role, and the users of the right role in the wrong place."""
    other_shelter = factories.shelter("Andet herberg")
    if role == "other_leader":
        user = factories.user("anden-leder", Role.SHELTER_STAFF, shelter=other_shelter)
        other_shelter.leader = user
        other_shelter.save()
        return user
    if role == "staff":
        return factories.user("medarbejder", Role.SHELTER_STAFF, shelter=world.shelter)
    if role == "other_admin":
        return admin_of("101")
    if role == Role.ADMIN:
        return admin_of("751")
    if role == Role.SHELTER_STAFF:
        return world.leader
    return factories.user(f"bruger-{role}", role)


@pytest.mark.parametrize(
    ("role", "page", "file"),
    [
        (Role.SHELTER_STAFF, 200, 200),  # the shelter's leader
        (Role.ADMIN, 200, 200),  # an administrator of the municipal shelter's municipality
        ("staff", 404, 404),  # the shelter's staff who are not its leader
        ("other_leader", 404, 404),  # another shelter's leader
        ("other_admin", 404, 404),  # another municipality's administrator
        (Role.CASE_WORKER, 403, 403),
        (Role.SUPPORT_WORKER, 403, 403),
        (Role.MANAGER, 403, 403),
        (Role.ECONOMIST, 403, 403),
    ],
)
def test_who_may_make_the_file(
    client: Client, world: DstWorld, role: str, page: int, file: int
) -> None:
    client.force_login(who(world, role))
    response = client.get(PAGE, query(world))
    assert response.status_code == page
    assert client.post(FILE, query(world)).status_code == file
    assert (len(exports()) == 1) == (file == 200)
    if page != 200:
        assert "Herberget Kvartal" not in response.content.decode()


def test_a_private_shelter_is_its_leaders_alone(client: Client, world: DstWorld) -> None:
    Shelter.objects.filter(pk=world.shelter.pk).update(operator=Operator.PRIVATE)
    client.force_login(admin_of("751"))
    assert client.get(PAGE, query(world)).status_code == 404
    client.force_login(world.leader)
    assert client.get(PAGE, query(world)).status_code == 200


def test_a_signed_out_visitor_goes_to_the_login(client: Client, world: DstWorld) -> None:
    assert client.get(PAGE, query(world)).status_code == 302
    assert client.post(FILE, query(world)).status_code == 302
    assert exports() == []


def test_staff_who_lead_nothing_are_told_so(client: Client, world: DstWorld) -> None:
    client.force_login(who(world, "staff"))
    html = client.get(PAGE).content.decode()
    assert "Du kan ikke indberette for nogen boform" in html


def test_the_shelters_page_leads_its_leader_to_the_report(client: Client, world: DstWorld) -> None:
    link = f'href="/statistik/dst/?boform={world.shelter.pk}"'
    for user, shown in (
        (world.leader, True),
        (admin_of("751"), True),
        (who(world, "staff"), False),
    ):
        client.force_login(user)
        assert (link in client.get(f"/boformer/{world.shelter.pk}/").content.decode()) == shown


def test_no_cpr_number_is_logged_while_the_file_is_made(
    client: Client, world: DstWorld, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(world.leader)
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="hjemvej.request"):
        client.get(PAGE, query(world))
        b"".join(client.post(FILE, query(world)).streaming_content)  # type: ignore[attr-defined]
    assert caplog.records  # the request log did write
    assert not any(cpr in caplog.text for cpr in CPRS)
    assert not any(cpr in str(e.detail) for e in AuditEntry.objects.all() for cpr in CPRS)
