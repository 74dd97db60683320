"""From the provider's validated claims to a user, through the administrator's mapping."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import IdentityMapping, Role
from hjemvej.accounts.oidc import user_from_claims
from tests import factories


@pytest.fixture(autouse=True)
def _mapping(db: None, settings: Settings) -> None:
    settings.OIDC = {"issuer": "https://idp.test", "client_id": "hjemvej"}
    aarhus = factories.municipality("751")
    IdentityMapping.objects.create(
        claim="groups", value="ledere", role=Role.MANAGER, municipality=aarhus, priority=10
    )
    IdentityMapping.objects.create(
        claim="groups", value="raadgivere", role=Role.CASE_WORKER, municipality=aarhus
    )
    IdentityMapping.objects.create(
        claim="roles", value="Hjemvej.Oekonom", role=Role.ECONOMIST, municipality=aarhus
    )


def test_the_lowest_priority_number_wins_when_several_groups_match() -> None:
    user = user_from_claims({"sub": "s1", "groups": ["raadgivere", "ledere"]})
    assert user is not None
    assert user.role == Role.MANAGER


def test_a_single_string_claim_matches_too() -> None:
    user = user_from_claims({"sub": "s2", "roles": "Hjemvej.Oekonom", "name": "Ole Økonom"})
    assert user is not None
    assert (user.role, user.get_full_name()) == (Role.ECONOMIST, "Ole Økonom")


def test_no_matching_group_and_no_subject_give_no_user() -> None:
    assert user_from_claims({"sub": "s3", "groups": ["alle"]}) is None
    assert user_from_claims({"groups": ["raadgivere"]}) is None


def test_a_local_account_is_never_taken_over_by_a_provider_username() -> None:
    local = factories.user("rita", Role.ADMIN)
    user = user_from_claims({"sub": "s4", "preferred_username": "rita", "groups": ["raadgivere"]})
    assert user is not None
    assert user.pk != local.pk
    assert user.username == "oidc-s4"
    local.refresh_from_db()
    assert local.role == Role.ADMIN
    assert local.has_usable_password()


def test_the_same_subject_is_the_same_user_and_a_deactivated_user_stays_out() -> None:
    first = user_from_claims({"sub": "s5", "preferred_username": "kim", "groups": ["raadgivere"]})
    again = user_from_claims({"sub": "s5", "preferred_username": "kim", "groups": ["ledere"]})
    assert first is not None
    assert again is not None
    assert (again.pk, again.username, again.role) == (first.pk, "kim", Role.MANAGER)
    again.is_active = False
    again.save()
    assert user_from_claims({"sub": "s5", "groups": ["ledere"]}) is None
