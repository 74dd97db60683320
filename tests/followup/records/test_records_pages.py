"""The follow-up pages: who may open each, object scope, what each role sees, the flows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.followup import services
from hjemvej.followup.models import (
    ActionPlan,
    Letter,
    StayPlan,
    Transition,
    TransitionKind,
    TransitionMeeting,
    TransitionOutcome,
)
from hjemvej.followup.task_services import task_create
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories
from tests.followup.records.conftest import TODAY, World, appointment_values, login

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]
VIEWERS: set[str] = {Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.SHELTER_STAFF, Role.MANAGER}
#: Each page and the roles that may open it.
PAGES: dict[str, set[str]] = {
    "citizen": VIEWERS,
    "transition_create": {Role.CASE_WORKER},
    "transition_edit": {Role.CASE_WORKER},
    "transition_meeting_add": {Role.CASE_WORKER},
    "plan_create": {Role.CASE_WORKER},
    "step_add": {Role.CASE_WORKER},
    "stay_plan_create": {Role.CASE_WORKER, Role.SHELTER_STAFF},
    "letter_new": {Role.CASE_WORKER, Role.SUPPORT_WORKER},
    "letter": {Role.CASE_WORKER, Role.SUPPORT_WORKER},
    "letter_pdf": {Role.CASE_WORKER, Role.SUPPORT_WORKER},
}


def url(name: str, world: World, **kw: Any) -> str:
    kwargs: dict[str, Any] = {"pk": world.citizen.pk}
    kwargs |= {
        "transition_edit": {"transition_pk": world.transition.pk},
        "transition_meeting_add": {"transition_pk": world.transition.pk},
        "step_add": {"plan_pk": world.plan.pk},
        "step_done": {"plan_pk": world.plan.pk, "step_pk": world.step.pk},
        "stay_plan_create": {"stay_pk": world.home_stay.pk},
        "letter": {"letter_pk": world.letter.pk},
        "letter_pdf": {"letter_pk": world.letter.pk},
    }.get(name, {})
    return reverse(f"followup:{name}", kwargs=kwargs | kw)


def text(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_who_may_open_each_page(name: str, role: str, world: World, client: Client) -> None:
    login(client, world.users[role])
    response = client.get(url(name, world))
    assert response.status_code == (200 if role in PAGES[name] else 403)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_signed_out_users_go_to_the_login_page(name: str, world: World, client: Client) -> None:
    response = client.get(url(name, world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_citizen_outside_the_scope_is_not_found(name: str, world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    assert client.get(url(name, world, pk=world.outside.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("transition_edit", "transition_pk"),
        ("transition_meeting_add", "transition_pk"),
        ("step_add", "plan_pk"),
        ("stay_plan_create", "stay_pk"),
        ("letter", "letter_pk"),
        ("letter_pdf", "letter_pk"),
    ],
)
def test_another_citizens_record_is_not_found(
    name: str, kwargs: str, world: World, client: Client
) -> None:
    login(client, world.users[Role.CASE_WORKER])
    # The other citizen's page with this citizen's record: no mixing of the two.
    assert client.get(url(name, world, pk=world.other.pk)).status_code == 404


def test_shelter_staff_only_reach_their_own_shelters_stays(world: World, client: Client) -> None:
    login(client, world.users[Role.SHELTER_STAFF])
    elsewhere = url("stay_plan_create", world, stay_pk=world.away_stay.pk)
    assert client.get(elsewhere).status_code == 404
    assert client.post(elsewhere, {"made_on": "2026-01-10", "steps": "x"}).status_code == 404
    assert not StayPlan.objects.exists()


def test_step_done_takes_only_post(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    assert client.get(url("step_done", world)).status_code == 405
    login(client, world.users[Role.SUPPORT_WORKER])
    assert client.post(url("step_done", world)).status_code == 403


# --- What each role sees on the tab ------------------------------------------------------------


def test_the_case_worker_sees_everything_and_the_read_is_logged(
    world: World, client: Client
) -> None:
    login(client, world.users[Role.CASE_WORKER])
    page = text(client.get(url("citizen", world)))
    for expected in (
        "Løsladelse fra fængsel, forventet 15.02.2027",
        "Statsfængslet i Renbæk",
        "Handleplan senest 4 uger efter underretningen",
        "antaget værdi, ikke vedtaget eller kontrolleret",
        "Jeg vil have min egen lejlighed og se min datter igen.",
        "Mette Hansen",
        "valgt af borgeren",
        "Søge boligstøtte",
        "Vi vil gerne mødes med dig 1. december 2026",
        "Ny handleplan",
        "Nyt brev",
        "Ny kritisk overgang",
        "Udført i dag",
    ):
        assert expected in page, expected
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("id")
    assert (entry.citizen, entry.detail) == (world.citizen, {"page": "followup:citizen"})


def test_shelter_staff_see_stay_plans_and_the_goals_only(world: World, client: Client) -> None:
    services.stay_plan_create(
        actor=world.users[Role.SHELTER_STAFF],
        stay=world.home_stay,
        made_on=TODAY,
        steps="Hente post på kommunen tirsdag.",
        today=TODAY,
    )
    services.stay_plan_create(
        actor=world.users[Role.CASE_WORKER],
        stay=world.away_stay,
        made_on=date(2026, 1, 10),
        steps="Hemmeligt skridt på en anden boform.",
        today=TODAY,
    )
    login(client, world.users[Role.SHELTER_STAFF])
    page = text(client.get(url("citizen", world)))
    assert "Hente post på kommunen tirsdag." in page
    assert "Jeg vil have min egen lejlighed og se min datter igen." in page
    assert "Ny opholdsplan" in page
    for hidden in (
        "Statsfængslet",
        "Løsladelse",
        "Mette Hansen",
        "Søge boligstøtte",
        "Vi vil gerne mødes",
        "Hemmeligt skridt",
        "Forsorgshjemmet i Roskilde",
        "Ny handleplan",
    ):
        assert hidden not in page, hidden


def test_the_manager_sees_the_letter_log_but_not_the_letters(world: World, client: Client) -> None:
    login(client, world.users[Role.MANAGER])
    page = text(client.get(url("citizen", world)))
    assert "Vi vil gerne mødes med dig 1. december 2026" in page
    assert url("letter", world) not in page
    assert "Ny handleplan" not in page
    assert "Udført i dag" not in page


def test_no_housing_solution_offers_to_register_the_new_situation(
    world: World, client: Client
) -> None:
    login(client, world.users[Role.CASE_WORKER])
    transition = world.transition
    response = client.post(
        url("transition_edit", world),
        {
            "kind": transition.kind,
            "institution": transition.institution,
            "notified_on": "01.10.2026",
            "expected_on": "2026-11-20",
            "plan": transition.plan,
            "happened_on": "20.11.2026",
            "outcome": TransitionOutcome.NO_SOLUTION,
        },
        follow=True,
    )
    page = text(response)
    assert "Borgeren fik ingen boligløsning" in page
    assert reverse("citizens:situation_add", kwargs={"pk": world.citizen.pk}) in page
    login(client, world.users[Role.SUPPORT_WORKER])
    page = text(client.get(url("citizen", world)))
    assert "Sagsbehandleren skal registrere borgerens nye hjemløshedssituation." in page


# --- The flows ----------------------------------------------------------------------------------


def test_record_a_transition_and_a_meeting(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    response = client.post(
        url("transition_create", world),
        {"kind": TransitionKind.PSYCHIATRIC_DISCHARGE, "expected_on": "10.12.2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("citizen", world)
    created = Transition.objects.get(kind=TransitionKind.PSYCHIATRIC_DISCHARGE)
    response = client.post(
        url("transition_meeting_add", world, transition_pk=created.pk),
        {"held_on": "2026-11-20", "participants": "Borgeren, overlægen, bostøtten"},
    )
    assert response.status_code == 302
    assert TransitionMeeting.objects.get().transition == created
    page = text(client.get(url("citizen", world)))
    assert "Udskrivningsaftale eller koordinationsplan før udskrivningen" in page
    assert "Borgeren, overlægen, bostøtten" in page


def test_form_errors_are_named_in_danish_and_nothing_is_written(
    world: World, client: Client
) -> None:
    login(client, world.users[Role.CASE_WORKER])
    response = client.post(
        url("transition_create", world),
        {
            "kind": TransitionKind.PRISON_RELEASE,
            "expected_on": "31.02.2027",
            "discharge_agreement_on": "2026-11-01",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "Forventet dato for løsladelse eller udskrivning: Skriv datoen som dd.mm.åååå." in page
    response = client.post(
        url("transition_create", world),
        {
            "kind": TransitionKind.PRISON_RELEASE,
            "expected_on": "2027-02-01",
            "discharge_agreement_on": "2026-11-01",
        },
    )
    assert "hører kun til en udskrivning fra psykiatrien" in text(response)
    assert Transition.objects.count() == 1


def plan_post(**changes: str) -> dict[str, str]:
    data = {
        "section": "sel141",
        "meeting_on": "2026-11-20",
        "goals": "Have et sted at bo med min hund.",
        "review_by": "",
        "participant_1_name": "Kim",
        "participant_1_relation": "ven",
        "participant_1_chosen": "on",
        "participant_2_name": "Lone",
        "participant_2_relation": "bostøtte",
        "step_3_text": "Finde en bolig, hvor hunden må være",
        "step_3_responsible": "Lone",
        "step_3_due": "2027-01-15",
    }
    return data | changes


def test_make_a_plan_at_a_network_meeting(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    response = client.post(url("plan_create", world), plan_post())
    assert response.status_code == 302
    plan = ActionPlan.objects.get(replaced_on__isnull=True)
    assert plan.review_by == date(2027, 5, 20)  # 6 months after the meeting
    assert [(p.name, p.chosen_by_citizen) for p in plan.participants.all()] == [
        ("Kim", True),
        ("Lone", False),
    ]
    assert [s.text for s in plan.steps.all()] == ["Finde en bolig, hvor hunden må være"]
    world.plan.refresh_from_db()
    assert world.plan.replaced_on == date(2026, 11, 20)


def test_a_step_error_shows_on_its_row(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    response = client.post(url("plan_create", world), plan_post(step_3_due="2026-11-01"))
    page = text(response)
    assert "Skridt 3: senest: Fristen kan ikke ligge før netværksmødet den 20.11.2026." in page
    assert ActionPlan.objects.count() == 1


def test_mark_a_step_done_from_the_tab(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    response = client.post(url("step_done", world), {"done_on": "2026-11-21"}, follow=True)
    assert "Skridtet »Søge boligstøtte« er udført." in text(response)
    world.step.refresh_from_db()
    assert world.step.done_on == TODAY
    response = client.post(url("step_done", world), {"done_on": "2026-11-21"}, follow=True)
    assert "Skridtet er allerede udført den 21.11.2026." in text(response)


def test_shelter_staff_make_a_stay_plan_that_follows_the_action_plan(
    world: World, client: Client
) -> None:
    login(client, world.users[Role.SHELTER_STAFF])
    form = text(client.get(url("stay_plan_create", world)))
    assert "Jeg vil have min egen lejlighed og se min datter igen." in form
    response = client.post(
        url("stay_plan_create", world),
        {"made_on": "2026-11-21", "steps": "Søge boligstøtte\nÅbne en bankkonto"},
    )
    assert response.status_code == 302
    stay_plan = StayPlan.objects.get()
    assert (stay_plan.stay, stay_plan.action_plan) == (world.home_stay, world.plan)


def test_write_preview_and_send_a_letter(world: World, client: Client) -> None:
    login(client, world.users[Role.SUPPORT_WORKER])
    chooser = text(client.get(url("letter_new", world)))
    assert "Mødeindkaldelse" in chooser
    assert "Påmindelse" in chooser
    new = url("letter_new", world) + "?skabelon=reminder"
    form = text(client.get(new))
    assert ">\nc/o Herberget i Aarhus</textarea>" in form  # the address is suggested
    data = {
        "what": "tag dit pas med til banken",
        "by_date": "2026-11-30",
        "address": "c/o Herberget i Aarhus",
        "channel": "handed",
    }
    preview = text(client.post(new, data | {"preview": "1"}))
    assert "Husk: tag dit pas med til banken senest mandag den 30. november 2026." in preview
    assert "Send brevet" in preview
    assert Letter.objects.count() == 1
    response = client.post(new, data | {"send": "1"})
    letter = Letter.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == url("letter", world, letter_pk=letter.pk)
    detail = text(client.get(response["Location"]))
    assert "Husk: tag dit pas med til banken" in detail
    pdf = client.get(url("letter_pdf", world, letter_pk=letter.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'inline; filename="brev-{letter.pk}.pdf"'
    assert pdf.content.startswith(b"%PDF")
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert exported.detail == {"format": "pdf"}


def test_a_letter_with_errors_is_not_sent(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    new = url("letter_new", world) + "?skabelon=appointment"
    data = appointment_values(time="kl ti", place="") | {"channel": "post", "send": "1"}
    page = text(client.post(new, data))
    assert "Klokkeslæt: Skriv klokkeslættet som fx 10.00." in page
    assert "Sted: Feltet skal udfyldes." in page
    data = appointment_values(about="010190-1234") | {"channel": "post", "send": "1"}
    refused = text(client.post(new, data))
    assert "Skriv ikke et CPR-nummer i brevet." in refused
    assert "010190-1234" not in refused  # never written back into the page
    decision = url("letter_new", world) + "?skabelon=grant_decision"
    data = {"grant": str(world.grant.pk), "address": "Havnegade 1", "channel": "post"}
    preview = text(client.post(decision, data | {"preview": "1"}))
    assert "Du får 12.500,00 kr. til indskud i din nye bolig." in preview
    assert Letter.objects.count() == 1


def test_get_changes_nothing(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    counts = [m.objects.count() for m in (Transition, ActionPlan, StayPlan, Letter)]
    for name in PAGES:
        client.get(url(name, world))
    assert [m.objects.count() for m in (Transition, ActionPlan, StayPlan, Letter)] == counts


def test_the_tab_takes_as_many_queries_with_many_records(
    world: World, client: Client, django_assert_max_num_queries: Any
) -> None:
    case = world.users[Role.CASE_WORKER]
    citizen = factories.citizen(case, first_name="Mange", last_name="Poster")
    tab = reverse("followup:citizen", kwargs={"pk": citizen.pk})
    login(client, case)
    client.get(tab)  # warm up sessions and caches
    added = 0

    def add_records(n: int) -> None:
        nonlocal added
        for _ in range(n):
            added += 1
            transition = services.transition_create(
                actor=case,
                citizen=citizen,
                data=services.TransitionData(
                    kind=TransitionKind.PRISON_RELEASE,
                    notified_on=date(2026, 1, 1),
                    expected_on=date(2027, 3, added),
                ),
                today=TODAY,
            )
            services.transition_meeting_add(
                actor=case, transition=transition, held_on=TODAY, participants="A", today=TODAY
            )
            services.letter_send(
                actor=case,
                citizen=citizen,
                template="appointment",
                values=appointment_values(),
                channel="post",
                today=TODAY,
            )
            services.action_plan_create(
                actor=case,
                citizen=citizen,
                meeting_on=TODAY,
                goals=f"Mål {added}",
                review_by=date(2027, 5, 1),
                participants=[services.ParticipantInput("Kim")],
                steps=[services.StepInput("Skridt", "Kim")],
                today=TODAY,
            )
            admitted = date(2020, 1, 2 * added)
            stay = stay_admit(
                actor=case,
                citizen=citizen,
                shelter=factories.shelter(f"Boform {added}"),
                admitted=admitted,
                today=TODAY,
            )
            stay_discharge(
                actor=case, stay=stay, discharged=admitted + timedelta(days=1), today=TODAY
            )
            services.stay_plan_create(
                actor=case, stay=stay, made_on=admitted, steps="Skridt", today=TODAY
            )

    add_records(2)
    with django_assert_max_num_queries(60) as few:  # the task engine takes its share
        client.get(tab)
    add_records(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(tab)
    assert page.status_code == 200
    assert "Mål 12" in page.content.decode()


def test_the_citizens_open_tasks_show_on_the_tab(world: World, client: Client) -> None:
    case = world.users[Role.CASE_WORKER]
    task_create(
        actor=case,
        citizen=world.citizen,
        title="Ring til udlejeren om nøglen",
        due=TODAY,
        today=TODAY,
        assignee=case,
    )
    login(client, case)
    page = text(client.get(url("citizen", world)))
    assert "Ring til udlejeren om nøglen" in page
    assert reverse("followup:task_create", kwargs={"pk": world.citizen.pk}) in page
    done = client.post(
        reverse("followup:task_done", kwargs={"task_pk": world.citizen.tasks.get().pk}),
        {"next": url("citizen", world)},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == url("citizen", world)
    assert "Ring til udlejeren om nøglen" not in text(done)
    login(client, world.users[Role.MANAGER])
    assert reverse("followup:task_create", kwargs={"pk": world.citizen.pk}) not in text(
        client.get(url("citizen", world))
    )
