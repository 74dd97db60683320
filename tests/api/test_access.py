"""Tokens of every role get what the one policy gives their pages, and nothing more."""

from __future__ import annotations

import pytest
from django.test import Client

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.accounts.policy import Action, allowed
from hjemvej.api.auth import TokenAuth
from hjemvej.api.main import api as ninja_api
from hjemvej.api.models import ApiToken
from hjemvej.api.tokens import api_token_revoke
from tests.api.world import ROLES, Api, World, api

#: Every GET operation, its path (with the world's ids) and the action it declares.
READS = {
    "mig": Action.SIGNED_IN,
    "borgere/": Action.VIEW_CITIZENS,
    "borgere/{pk}": Action.VIEW_CITIZEN,
    "borgere/{pk}/ophold": Action.VIEW_CITIZEN,
    "borgere/{pk}/stoette": Action.VIEW_CITIZEN,
    "borgere/{pk}/botilbud": Action.VIEW_CITIZEN,
    "borgere/{pk}/risici": Action.VIEW_AT_RISK,
    "ophold/": Action.VIEW_CITIZENS,
    "oekonomi/boformer": Action.VIEW_ECONOMY,
    "statistik/listen": Action.VIEW_STATISTICS,
}


def declared() -> dict[tuple[str, str], Action | None]:
    """Return each operation's (path, method) and the action its TokenAuth declares."""
    found: dict[tuple[str, str], Action | None] = {}
    for _prefix, router in ninja_api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                auths = [a for a in operation.auth_callbacks if isinstance(a, TokenAuth)]
                for method in operation.methods:
                    found[(path, method)] = auths[0].action if len(auths) == 1 else None
    return found


def test_every_operation_declares_its_action() -> None:
    operations = declared()
    assert len(operations) == 13
    assert [key for key, action in operations.items() if action is None] == []
    reads = {
        path.lstrip("/").replace("{int:pk}", "{pk}"): a
        for (path, m), a in operations.items()
        if m == "GET"
    }
    assert reads == READS


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_read_as_every_role(role: str, world: World) -> None:
    user = world.users[role]
    client = api(world, role)
    failures = []
    for path, action in READS.items():
        response = client.get(path.replace("{pk}", str(world.citizen.pk)))
        expected = 200 if allowed(user, action) else 403
        if response.status_code != expected:
            failures.append(f"{path}: {response.status_code}, ventede {expected}")
        assert "no-store" in response.headers["Cache-Control"]
        assert response.headers["Content-Type"].startswith("application/json")
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_another_municipalitys_ids_are_not_found(role: str, world: World) -> None:
    user = world.users[role]
    client = api(world, role)
    outside = world.outside.pk
    for path in (
        "borgere/{pk}",
        "borgere/{pk}/ophold",
        "borgere/{pk}/stoette",
        "borgere/{pk}/botilbud",
        "borgere/{pk}/risici",
    ):
        response = client.get(path.replace("{pk}", str(outside)))
        assert response.status_code == (404 if allowed(user, READS[path]) else 403)
    for path in (
        f"ophold/{world.outside_stay.pk}/udskrivning",
        f"ophold/{world.outside_stay.pk}/underretning",
    ):
        body = {
            "discharged": str(world.outside_stay.admitted),
            "notified_on": str(world.outside_stay.admitted),
        }
        response = client.post(path, body)
        assert response.status_code == (404 if allowed(user, Action.MANAGE_STAYS) else 403)
    listed = client.get("borgere/")
    if listed.status_code == 200:
        assert "Ude" not in listed.content.decode()
        assert world.outside.pk not in [row["id"] for row in listed.json()["items"]]
    stays = client.get("ophold/")
    if stays.status_code == 200:
        assert world.outside_stay.pk not in [row["id"] for row in stays.json()["items"]]
    # An admission of the other municipality's citizen by id: not found either.
    admission = client.post(
        "ophold/",
        {"shelter": world.shelter.pk, "admitted": "2026-11-01", "citizen": outside},
    )
    assert admission.status_code == (404 if allowed(user, Action.MANAGE_STAYS) else 403)


@pytest.mark.django_db
def test_the_other_municipalitys_token_sees_only_its_own(world: World) -> None:
    client = Api(world.outside_token)
    assert client.get(f"borgere/{world.citizen.pk}").status_code == 404
    assert [row["id"] for row in client.get("borgere/").json()["items"]] == [world.outside.pk]


@pytest.mark.django_db
def test_the_support_worker_sees_only_their_courses_citizens(world: World) -> None:
    client = api(world, Role.SUPPORT_WORKER)
    rows = client.get("borgere/").json()["items"]
    assert [row["id"] for row in rows] == [world.citizen.pk]
    courses = client.get(f"borgere/{world.citizen.pk}/stoette").json()["items"]
    assert [c["kind"] for c in courses] == ["cti"]
    assert (
        client.post("ophold/", {"shelter": world.shelter.pk, "admitted": "2026-11-01"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_shelter_staff_see_identity_and_their_stays_not_the_situation(world: World) -> None:
    client = api(world, Role.SHELTER_STAFF)
    shown = client.get(f"borgere/{world.citizen.pk}").json()
    assert shown["first_name"] == "Søren"
    assert shown["situation"] is None
    assert shown["on_list"] is None
    # Courses of other authorities only under consent: none here.
    assert client.get(f"borgere/{world.citizen.pk}/stoette").json() == {"items": [], "count": 0}
    case_worker = api(world, Role.CASE_WORKER).get(f"borgere/{world.citizen.pk}").json()
    assert case_worker["situation"] == "shelter"
    assert case_worker["on_list"] is True


@pytest.mark.django_db
def test_the_economist_gets_numbers_only(world: World) -> None:
    client = api(world, Role.ECONOMIST)
    for path in ("borgere/", f"borgere/{world.citizen.pk}", "ophold/"):
        assert client.get(path).status_code == 403
    figures = client.get("oekonomi/boformer")
    flows = client.get("statistik/listen")
    assert figures.status_code == flows.status_code == 200
    for text in (figures.content.decode(), flows.content.decode()):
        assert "Søren" not in text
        assert "Hansen" not in text
        assert world.citizen.pseudonym not in text
    splits = {s["key"]: s for s in figures.json()["splits"]}
    assert splits["all"]["year"]["days"] >= 10
    assert flows.json()["months"][-1]["on_list_end"] >= 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", [None, "Bearer ", "Bearer hv_forkert", "Basic dXNlcjpwdw==", "Token x"]
)
def test_no_valid_token_is_401_in_danish(world: World, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = Client().get("/api/v1/borgere/", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    [item] = response.json()["detail"]
    assert item["field"] is None
    assert "API-nøgle" in item["msg"]


@pytest.mark.django_db
def test_a_revoked_token_or_an_inactive_user_opens_nothing(world: World) -> None:
    client = api(world, Role.CASE_WORKER)
    assert client.get("mig").status_code == 200
    token = ApiToken.objects.get(user=world.users[Role.CASE_WORKER])
    api_token_revoke(token=token, actor=world.users[Role.ADMIN])
    assert client.get("mig").status_code == 401
    manager = world.users[Role.MANAGER]
    manager.is_active = False
    manager.save()
    assert api(world, Role.MANAGER).get("mig").status_code == 401


@pytest.mark.django_db
def test_a_session_opens_nothing(world: World) -> None:
    client = Client()
    client.force_login(world.users[Role.CASE_WORKER])
    response = client.get("/api/v1/borgere/")
    assert response.status_code == 401
    assert client.post("/api/v1/ophold/", {}, content_type="application/json").status_code == 401


@pytest.mark.django_db
def test_reads_are_logged_once_naming_the_citizens(world: World) -> None:
    user = world.users[Role.CASE_WORKER]
    client = api(world, Role.CASE_WORKER)
    before = AuditEntry.objects.count()
    client.get(f"borgere/{world.citizen.pk}")
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    assert AuditEntry.objects.count() == before + 1
    assert (entry.user, entry.action, entry.citizen_id) == (
        user,
        AuditAction.VIEW,
        world.citizen.pk,
    )
    assert entry.detail == {"page": "api:citizen"}
    client.get("borgere/", limit=1)
    listed = AuditEntry.objects.order_by("-id").first()
    assert listed is not None
    assert listed.detail == {"page": "api:citizens"}
    assert listed.citizen_id == world.citizen.pk
    before = AuditEntry.objects.count()
    api(world, Role.ECONOMIST).get("oekonomi/boformer", year=2026)
    figures = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert figures is not None
    assert figures.citizen_id is None
    assert figures.detail == {"page": "api:shelter_figures", "year": 2026}


@pytest.mark.django_db
def test_the_list_status_and_situation_are_todays(world: World) -> None:
    client = api(world, Role.CASE_WORKER)
    assert [r["id"] for r in client.get("borgere/", on_list="true").json()["items"]] == [
        world.citizen.pk
    ]
    assert client.get("borgere/", on_list="false").json() == {"items": [], "count": 0}
    done = api(world, Role.SHELTER_STAFF).post(
        f"ophold/{world.stay.pk}/udskrivning",
        {"discharged": str(world.stay.admitted), "exit_destination": "own_home"},
    )
    assert done.status_code == 200, done.content
    shown = client.get(f"borgere/{world.citizen.pk}").json()
    assert (shown["on_list"], shown["situation"]) == (False, None)
    assert [r["id"] for r in client.get("borgere/", on_list="false").json()["items"]] == [
        world.citizen.pk
    ]


@pytest.mark.django_db
def test_the_schema_and_the_docs_are_served_without_a_token(world: World) -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    described = schema.json()
    assert described["openapi"].startswith("3.")
    assert "/api/v1/ophold/{stay_pk}/udskrivning" in described["paths"]
    parameters = [
        p["name"]
        for methods in described["paths"].values()
        for operation in methods.values()
        for p in operation.get("parameters", [])
    ]
    assert "limit" in parameters
    assert not [p for p in parameters if "cpr" in p.lower()]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content
    assert b"cdn" not in docs.content.lower()
