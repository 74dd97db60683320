"""The small demo's follow-up records: built through the services, varied, the same for a seed."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.demo import build as demo_package
from hjemvej.demo.common import ACTOR_USERNAME, DEMO_LOGINS, demo_municipality
from hjemvej.demo.small_base import Demo
from hjemvej.demo.small_followup import play_followup
from hjemvej.followup.letters.sender import has_postal_address
from hjemvej.followup.models import (
    ActionPlan,
    Letter,
    PlanParticipant,
    PlanStep,
    StayPlan,
    Transition,
    TransitionKind,
    TransitionMeeting,
    TransitionOutcome,
)
from hjemvej.followup.selectors import letter_text
from hjemvej.shelters.models import Shelter
from tests.followup.records.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def small_demo() -> tuple[Demo, list[Citizen], dict[str, User]]:
    """Build the small demo (60 citizens), then take away its follow-up records.

    Return what ``play_followup`` is called with, so the tests can play it on their own.
    """
    demo_package.create(today=TODAY, citizens=60, allow_demo_users=True, say=lambda _: None)
    assert Transition.objects.exists()  # the demo plays the follow-up records itself
    StayPlan.objects.all().delete()
    PlanStep.objects.all().delete()
    PlanParticipant.objects.all().delete()
    ActionPlan.objects.all().delete()
    TransitionMeeting.objects.all().delete()
    Transition.objects.all().delete()
    Letter.objects.all().delete()
    municipality = demo_municipality()
    assert municipality is not None
    usernames = [login.username for login in DEMO_LOGINS]
    logins = {u.username: u for u in User.objects.filter(username__in=usernames)}
    demo = Demo(
        actor=User.objects.get(username=ACTOR_USERNAME),
        municipality=municipality,
        shelters=list(Shelter.objects.order_by("pk")),
        internal=[],
        external=[],
        workers=[],
        favourite_worker=logins.get("bostoette"),
        today=TODAY,
    )
    citizens = list(Citizen.objects.filter(acting_municipality=municipality).order_by("pk"))
    return demo, citizens, logins


def test_the_demo_has_something_on_every_part_of_the_tab() -> None:
    demo, citizens, logins = small_demo()
    summary = play_followup(random.Random(1), demo, citizens, logins)
    assert summary.startswith("Overgange: ")
    assert f"handleplaner: {ActionPlan.objects.count()}" in summary
    assert f"breve: {Letter.objects.count()}" in summary
    kinds = set(Transition.objects.values_list("kind", flat=True))
    assert {TransitionKind.PRISON_RELEASE, TransitionKind.PSYCHIATRIC_DISCHARGE} <= kinds
    assert TransitionMeeting.objects.exists()
    outcomes = set(Transition.objects.values_list("outcome", flat=True))
    assert {TransitionOutcome.OWN_HOME, TransitionOutcome.NO_SOLUTION} <= outcomes
    assert ActionPlan.objects.filter(replaced_on__isnull=False).exists()
    assert PlanStep.objects.filter(done_on__isnull=False).exists()
    assert PlanStep.objects.filter(done_on__isnull=True).exists()
    assert StayPlan.objects.filter(stay__shelter__name="Herberget Havnely").exists()
    assert StayPlan.objects.filter(action_plan__isnull=False).exists()
    assert set(Letter.objects.values_list("template", flat=True)) >= {"appointment", "reminder"}
    assert Letter.objects.filter(sent_by=logins["bostoette"]).exists()
    for letter in Letter.objects.all():
        assert letter_text(letter).subject == letter.subject  # every letter renders again
    # Demo Kommune is a whole sender: letterhead, complaint address, the worker's e-mail.
    assert has_postal_address(demo.municipality)
    decision = letter_text(Letter.objects.filter(template="grant_decision").first() or letter)
    assert len(decision.letterhead) >= 5
    assert demo.municipality.address in decision.letterhead
    assert any(line.startswith("E-mail: ") for line in decision.signature)
    assert any(demo.municipality.address in p for p in decision.paragraphs)
    assert decision.case_number


def test_the_demo_is_the_same_for_a_seed_also_without_logins() -> None:
    built, citizens, _ = small_demo()
    demo = replace(built, favourite_worker=None)  # as on PostgreSQL without demo logins

    def play() -> tuple[str, list[tuple[int, str, date, str]]]:
        with transaction.atomic():
            summary = play_followup(random.Random(7), demo, citizens, {})
            rows = sorted(
                Transition.objects.values_list("citizen_id", "kind", "expected_on", "outcome")
            )
            transaction.set_rollback(True)
        return summary, rows

    first = play()
    assert not Transition.objects.exists()
    assert play() == first
    with transaction.atomic():
        play_followup(random.Random(7), demo, citizens, {})
        assert set(Letter.objects.values_list("sent_by__username", flat=True)) == {ACTOR_USERNAME}
        transaction.set_rollback(True)


def test_the_demos_pages_open_for_each_login(client: Client) -> None:
    demo, citizens, logins = small_demo()
    play_followup(random.Random(3), demo, citizens, logins)
    shown = {
        *Transition.objects.values_list("citizen_id", flat=True),
        *ActionPlan.objects.values_list("citizen_id", flat=True),
    }
    client.force_login(logins["raadgiver"])
    for citizen_id in sorted(shown)[:12]:
        page = client.get(reverse("followup:citizen", kwargs={"pk": citizen_id}))
        assert page.status_code == 200
    for template in sorted(set(Letter.objects.values_list("template", flat=True))):
        letter = Letter.objects.filter(template=template).first()
        assert letter is not None
        kwargs = {"pk": letter.citizen_id, "letter_pk": letter.pk}
        assert client.get(reverse("followup:letter", kwargs=kwargs)).status_code == 200
        pdf = client.get(reverse("followup:letter_pdf", kwargs=kwargs))
        assert pdf.content.startswith(b"%PDF")
    client.force_login(logins["boform"])
    at_home = StayPlan.objects.filter(stay__shelter__name="Herberget Havnely").first()
    assert at_home is not None
    page = client.get(reverse("followup:citizen", kwargs={"pk": at_home.stay.citizen_id}))
    assert at_home.steps.splitlines()[0] in page.content.decode()
