"""Tokens: made on the command line and shown once, listed and revoked by administrators."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.api.models import ApiToken
from hjemvej.api.tokens import api_token_create, token_hash
from tests import factories
from tests.api.world import Api, World


def _run(*args: str) -> str:
    out = StringIO()
    call_command("apitoken", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_line_makes_a_token_shown_once_that_acts_as_its_user() -> None:
    user = factories.user("boform", Role.SHELTER_STAFF, shelter=factories.shelter())
    printed = _run("create", "--user", "boform", "--navn", "Boformens fagsystem")
    raw = printed.strip().splitlines()[-1]
    assert raw.startswith("hv_")
    assert len(raw) > 40
    token = ApiToken.objects.get()
    assert token.token_hash == token_hash(raw)
    assert raw not in (token.prefix, token.token_hash)
    assert (token.user, token.name) == (user, "Boformens fagsystem")
    assert token.created_by.startswith("kommandolinjen")
    me = Api(raw).get("mig").json()
    assert me == {
        "username": "boform",
        "role": "shelter_staff",
        "municipality": "751",
        "shelter": user.shelter_id,
    }
    listed = _run("list")
    assert raw not in listed
    assert token.prefix in listed
    assert "aktiv" in listed
    assert "er tilbagekaldt" in _run("revoke", str(token.pk))
    assert Api(raw).get("mig").status_code == 401
    entries = AuditEntry.objects.filter(object_type="api.ApiToken", object_id=str(token.pk))
    assert sorted(e.action for e in entries) == [AuditAction.CREATE, AuditAction.UPDATE]
    assert all(e.user is None and e.username.startswith("kommandolinjen") for e in entries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create",), "--user mangler"),
        (("create", "--user", "ingen"), "ingen bruger med brugernavnet 'ingen'"),
        (("revoke",), "angiv nøglens id"),
        (("revoke", "x1"), "angiv nøglens id"),
        (("revoke", "999"), "ingen API-nøgle med id 999"),
    ],
)
def test_the_command_line_says_what_is_wrong_in_danish(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_administrators_list_and_revoke_their_municipalitys_tokens(world: World) -> None:
    admin = world.users[Role.ADMIN]
    client = Client()
    client.force_login(admin)
    page = client.get("/api-noegler/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "API-nøgler" in text
    assert "Tilbagekald" in text
    for raw in world.tokens.values():
        assert raw not in text
    read = AuditEntry.objects.order_by("-id").first()
    assert read is not None
    assert (read.user, read.action, read.detail) == (
        admin,
        AuditAction.VIEW,
        {"page": "apitokens:list"},
    )
    assert world.outside_token[:11] not in text  # the other municipality's user's token
    token = ApiToken.objects.get(user=world.users[Role.CASE_WORKER])
    done = client.post(f"/api-noegler/{token.pk}/tilbagekald/", follow=True)
    assert "er tilbagekaldt" in done.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == admin.username
    entry = AuditEntry.objects.filter(object_type="api.ApiToken").order_by("-id").first()
    assert entry is not None
    assert (entry.user, entry.action) == (admin, AuditAction.UPDATE)
    assert Api(world.tokens[Role.CASE_WORKER]).get("mig").status_code == 401
    # Another municipality's token is not found; other roles may not open the page.
    outside = ApiToken.objects.get(user__municipality__code="101")
    assert client.post(f"/api-noegler/{outside.pk}/tilbagekald/").status_code == 404
    assert ApiToken.objects.get(pk=outside.pk).revoked_at is None
    manager = Client()
    manager.force_login(world.users[Role.MANAGER])
    assert manager.get("/api-noegler/").status_code == 403
    assert manager.post(f"/api-noegler/{token.pk}/tilbagekald/").status_code == 403


@pytest.mark.django_db
def test_an_inactive_user_gets_no_token(world: World) -> None:
    user = world.users[Role.MANAGER]
    user.is_active = False
    user.save()
    with pytest.raises(Exception, match="deaktiveret"):
        api_token_create(user=user)
