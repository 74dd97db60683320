"""Merging two records of one citizen, and undoing it, through the forms."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens.models import (
    Citizen,
    Merge,
)
from tests import factories
from tests.casefile.forms.world import World, as_user, messages_of, url

pytestmark = pytest.mark.django_db


def test_merge_searches_by_post_reviews_and_merges(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    start = client.get(url("merge", world))
    assert start.status_code == 200
    found = client.post(url("merge", world), {"step": "search", "q": "dobb"})
    html = found.content.decode()
    assert "Dorte Dobbelt" in html
    assert "Søren Hansen – nr." not in html  # never the record itself
    assert AuditEntry.objects.filter(action=AuditAction.SEARCH, citizen=world.other).exists()
    review = client.post(url("merge", world), {"step": "review", "other": world.other.pk})
    text = review.content.decode()
    assert "Det flyttes" in text
    assert "1 hjemløshedssituation" in text
    assert not Merge.objects.filter(source=world.other).exists()
    done = client.post(url("merge", world), {"step": "confirm", "other": world.other.pk})
    assert done.status_code == 302
    assert done.headers["Location"] == reverse("citizens:detail", kwargs={"pk": world.citizen.pk})
    world.other.refresh_from_db()
    assert world.other.merged_into == world.citizen


def test_merge_cannot_reach_a_citizen_outside_the_scope(client: Client, world: World) -> None:
    outside = factories.citizen(world.users["stranger"], first_name="Ude", code="101")
    as_user(client, world, Role.CASE_WORKER)
    html = client.post(url("merge", world), {"step": "search", "q": "Ude"}).content.decode()
    assert "Ude Jensen" not in html
    response = client.post(url("merge", world), {"step": "confirm", "other": outside.pk})
    assert response.status_code == 404
    assert client.post(url("merge", world), {"step": "review", "other": "x"}).status_code == 404
    outside.refresh_from_db()
    assert outside.merged_into is None


def test_a_refused_merge_is_explained(client: Client, world: World) -> None:
    factories.citizen(
        world.users[Role.CASE_WORKER], first_name="Cpr", last_name="Anden", cpr="0202852345"
    )
    other = Citizen.objects.get(first_name="Cpr")
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(url("merge", world), {"step": "confirm", "other": other.pk})
    assert "forskellige CPR-numre" in response.content.decode()


def test_unmerge_restores_the_records(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    page = client.get(url("unmerge", world)).content.decode()
    assert "Det flyttes tilbage" in page
    response = client.post(url("unmerge", world), follow=True)
    assert "Sammenlægningen er fortrudt" in " ".join(messages_of(response))
    world.merge.refresh_from_db()
    assert world.merge.undone_at is not None
    assert world.merge.source.merged_into is None
    again = client.post(url("unmerge", world), follow=True)
    assert "allerede fortrudt" in " ".join(messages_of(again))


def test_unmerge_needs_the_target_in_scope(client: Client, world: World) -> None:
    as_user(client, world, "stranger")
    assert client.post(url("unmerge", world)).status_code == 404
    world.merge.refresh_from_db()
    assert world.merge.undone_at is None


def test_the_merge_says_which_open_situation_it_kept(client: Client, world: World) -> None:
    # Søren is on a shelter since 02.03.2026; Dorte's record has the street since 01.01.2026.
    as_user(client, world, Role.CASE_WORKER)
    done = client.post(
        url("merge", world), {"step": "confirm", "other": world.other.pk}, follow=True
    )
    (said,) = messages_of(done)
    assert said.startswith("Posterne er lagt sammen.")
    assert (
        "Der var 2 igangværende hjemløshedssituationer: boform efter § 110 fra 02.03.2026 er "
        "beholdt, fordi borgeren er indskrevet på en boform; gadesover fra 01.01.2026 er "
        "afsluttet 02.03.2026."
    ) in said
    # The world's own merge (of »Gammel Post«, on the street) ended one situation too.
    page = client.get(url("unmerge", world)).content.decode()
    assert "1 × hjemløshedssituation, som sammenlægningen afsluttede, bliver igangværende" in page
