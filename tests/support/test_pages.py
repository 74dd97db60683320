"""The support tab, reviews, the phase-3 assessment and the course form, for every role."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens.models import Citizen, ConsentKind
from hjemvej.citizens.services import consent_add
from hjemvej.shelters.services import stay_admit
from hjemvej.support.models import CourseKind, CourseReview, CtiAssessment, SupportCourse
from hjemvej.support.services import contact_add, course_create, course_review_add
from tests import factories
from tests.support.conftest import TODAY, World, as_user

pytestmark = pytest.mark.django_db


def tab(world: World, pk: int | None = None) -> str:
    return reverse("support:citizen", kwargs={"pk": pk or world.citizen.pk})


def review_url(world: World, course: SupportCourse) -> str:
    return reverse("support:review_add", kwargs={"pk": course.citizen_id, "course_pk": course.pk})


def assessment_url(world: World, course: SupportCourse | None = None) -> str:
    course = course or world.cti
    return reverse("support:assessment", kwargs={"pk": course.citizen_id, "course_pk": course.pk})


# --- the tab ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (Role.CASE_WORKER, 200),
        (Role.SUPPORT_WORKER, 200),
        (Role.SHELTER_STAFF, 404),  # the citizen left the shelter in March: out of its scope
        (Role.MANAGER, 200),
        (Role.ECONOMIST, 403),
        (Role.ADMIN, 403),
        ("colleague", 404),  # a support worker without a course for the citizen
        ("stranger", 404),  # another municipality's case worker
    ],
)
def test_the_tab_for_every_role(client: Client, world: World, who: str, status: int) -> None:
    as_user(client, world, who)
    assert client.get(tab(world)).status_code == status


def test_signed_out_users_are_sent_to_log_in(client: Client, world: World) -> None:
    response = client.get(tab(world))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_the_tab_shows_ctis_phases_and_what_is_due(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(tab(world)).content.decode()
    assert 'aria-current="page"' in html
    assert ">Støtte</a>" in html
    for text in (
        "Kontaktperiode",
        "20.01.2026",
        "28.02.2026",
        "Fase 1: overgang til egen bolig",
        "Fase 3: overdragelse til borger og netværk",
        "01.09.2026",
        "30.11.2026",
        "<strong>I dag:</strong> Fase 3: overdragelse til borger og netværk.",
        "Skal ske nu i fase 3, senest 30.11.2026.",
        "Støtten begyndte 40 dage før indflytningen 01.03.2026.",
        "Registrér vurdering",
        "Samme medarbejder",
        "Støtte- og kontaktperson (§ 99) → CTI (§ 85 a): samme medarbejder (Support_worker).",
        "Hemmeligt notat om helbred",
        "9.400,00 kr.",
    ):
        assert text in html, text
    # Values that are not law are said to be so where they are used.
    assert "Siden bruger værdier, der ikke er vedtaget lov" in html
    assert "Længde af hver af CTI&#x27;s faser: 3 måneder</strong> – antaget" in html


def test_the_tab_is_logged_as_a_read(client: Client, world: World) -> None:
    as_user(client, world, Role.MANAGER)
    client.get(tab(world))
    entry = (
        AuditEntry.objects.filter(action=AuditAction.VIEW, citizen=world.citizen)
        .order_by("id")
        .last()
    )
    assert entry is not None
    assert entry.user == world.users[Role.MANAGER]


def resident(world: World) -> Citizen:
    """A citizen staying at the shelter now, on the municipality's ICM course with a note."""
    case = world.users[Role.CASE_WORKER]
    citizen = factories.citizen(case, first_name="Bent", last_name="Beboer")
    stay_admit(
        actor=case, citizen=citizen, shelter=world.shelter, admitted=date(2026, 10, 1), today=TODAY
    )
    course = course_create(
        actor=case,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2026, 10, 5),
        start=date(2026, 10, 5),
        worker=world.users[Role.SUPPORT_WORKER],
    )
    contact_add(
        actor=case,
        citizen=citizen,
        on=date(2026, 11, 2),
        kind="visit",
        today=TODAY,
        with_whom="Borgeren",
        note="Hemmeligt notat om helbred",
        course=course,
    )
    return citizen


def test_shelter_staff_see_the_tab_of_a_current_resident(client: Client, world: World) -> None:
    citizen = resident(world)
    as_user(client, world, Role.SHELTER_STAFF)
    assert client.get(tab(world, citizen.pk)).status_code == 200


def test_shelter_staff_see_courses_and_notes_only_under_a_consent_to_the_shelter(
    client: Client, world: World
) -> None:
    citizen = resident(world)
    as_user(client, world, Role.SHELTER_STAFF)
    html = client.get(tab(world, citizen.pk)).content.decode()
    assert "ICM (§ 85 a) fra 05.10.2026" not in html
    assert "Hemmeligt notat" not in html
    assert "Seneste kontakter" not in html
    consent_add(
        actor=world.users[Role.CASE_WORKER],
        citizen=citizen,
        recipient="Herberget Test",
        scope="Støtteforløb og kontaktnotater",
        given_on=date(2026, 11, 1),
        today=TODAY,
        kind=ConsentKind.SHELTER,
    )
    html = client.get(tab(world, citizen.pk)).content.decode()
    assert "ICM (§ 85 a) fra 05.10.2026" in html
    assert "Hemmeligt notat om helbred" in html
    assert "Ret forløb" not in html
    assert "Ny kontakt" not in html


def test_only_case_workers_get_the_course_actions(client: Client, world: World) -> None:
    as_user(client, world, Role.SUPPORT_WORKER)
    html = client.get(tab(world)).content.decode()
    assert "Ret forløb" not in html
    assert "Registrér vurdering" not in html
    assert "Ny kontakt" in html


def test_a_cti_in_its_contact_period_says_what_phase_1_needs(client: Client, world: World) -> None:
    course_create(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.other,
        kind=CourseKind.CTI,
        decided_on=date(2026, 11, 1),
        start=date(2026, 11, 1),
    )
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(tab(world, world.other.pk)).content.decode()
    assert "Kontaktperiode: fase 1 har ingen dato endnu" in html
    assert "lejekontrakt eller er flyttet ind" in html
    assert "Angiv datoen for fase 1" in html


def test_an_icm_course_shows_its_review_dates(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(tab(world, world.other.pk)).content.decode()
    # No review yet: the default interval from the start (01.04.2026 + 3 months) has passed.
    assert "01.07.2026 (overskredet)" in html
    assert "standardinterval på 3 måneder (antaget)" in html
    assert "Ingen indflytning i egen bolig er registreret efter støttens start." in html
    assert "Borgeren har ikke skiftet metode." in html


def test_the_tabs_queries_do_not_grow_with_courses(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    client.get(tab(world, world.other.pk))  # warm caches (sessions, parameters)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(tab(world, world.other.pk))
    for month in range(1, 11):
        course = course_create(
            actor=world.users[Role.CASE_WORKER],
            citizen=world.other,
            kind=CourseKind.ACT if month % 2 else CourseKind.SEL85,
            decided_on=date(2025, month, 1),
            start=date(2025, month, 1),
            end=date(2025, month, 20),
        )
        if course.kind == CourseKind.ACT:
            course_review_add(
                actor=world.users[Role.CASE_WORKER],
                course=course,
                held_on=date(2025, month, 10),
                today=TODAY,
            )
    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        client.get(tab(world, world.other.pk))


# --- reviews ------------------------------------------------------------------------------------


def test_a_review_is_recorded_and_moves_the_next_date(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    assert client.get(review_url(world, world.icm)).status_code == 200
    refused = client.post(review_url(world, world.icm), {"held_on": "2026-11-22"})
    assert "Opfølgningen kan ikke ligge i fremtiden." in refused.content.decode()
    assert not CourseReview.objects.exists()
    response = client.post(
        review_url(world, world.icm),
        {"held_on": "2026-11-20", "summary": "Godt i gang", "next_review": ""},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == tab(world, world.other.pk)
    world.icm.refresh_from_db()
    assert world.icm.next_review == date(2027, 2, 20)


def test_a_review_of_a_cti_course_is_refused(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.get(review_url(world, world.cti), follow=True)
    assert (
        "Opfølgninger registreres kun på ICM-, ACT- og M-ACT-forløb." in response.content.decode()
    )


@pytest.mark.parametrize("who", [Role.SUPPORT_WORKER, Role.MANAGER, Role.SHELTER_STAFF])
def test_only_case_workers_record_reviews_and_assessments(
    client: Client, world: World, who: str
) -> None:
    as_user(client, world, who)
    assert client.get(review_url(world, world.icm)).status_code == 403
    assert client.post(assessment_url(world), {}).status_code == 403


def test_a_course_of_another_citizen_is_not_found(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    wrong = reverse(
        "support:review_add", kwargs={"pk": world.citizen.pk, "course_pk": world.icm.pk}
    )
    assert client.get(wrong).status_code == 404
    as_user(client, world, "stranger")
    assert client.get(review_url(world, world.icm)).status_code == 404
    assert client.post(assessment_url(world), {}).status_code == 404


# --- the phase-3 assessment ---------------------------------------------------------------------


def test_the_assessment_is_recorded_in_phase_3(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    page = client.get(assessment_url(world)).content.decode()
    assert "Fase 3: overdragelse til borger og netværk løber 01.09.2026–30.11.2026." in page
    early = client.post(
        assessment_url(world), {"assessed_on": "2026-08-31", "future_need": "sel85"}
    )
    assert "Vurderingen hører til fase 3, som begynder 01.09.2026." in early.content.decode()
    missing = client.post(assessment_url(world), {"assessed_on": "2026-11-20"})
    assert "Borgerens fremtidige behov: Feltet skal udfyldes." in missing.content.decode()
    assert not CtiAssessment.objects.exists()
    response = client.post(
        assessment_url(world),
        {
            "assessed_on": "2026-11-20",
            "future_need": "sel85",
            "handed_over_to": "§ 85-bostøtten",
            "handed_over_on": "2026-11-21",
        },
    )
    assert response.status_code == 302
    html = client.get(tab(world)).content.decode()
    assert "Bostøtte efter § 85" in html
    assert "§ 85-bostøtten den 21.11.2026" in html
    assert "Ret vurdering" in html


def test_an_assessment_needs_phase_1(client: Client, world: World) -> None:
    course = course_create(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.other,
        kind=CourseKind.CTI,
        decided_on=date(2026, 11, 1),
        start=date(2026, 11, 1),
    )
    as_user(client, world, Role.CASE_WORKER)
    response = client.get(assessment_url(world, course), follow=True)
    assert "Forløbet har ingen dato for fase 1 endnu." in response.content.decode()
    response = client.get(assessment_url(world, world.icm), follow=True)
    assert "Vurderingen i fase 3 hører kun til CTI-forløb." in response.content.decode()


# --- the course form: CTI's phase 1, the review date, the § 85 a choice ------------------------


def course_form(world: World, course: SupportCourse | None = None) -> str:
    if course is None:
        return reverse("citizens:course_create", kwargs={"pk": world.citizen.pk})
    return reverse("citizens:course_edit", kwargs={"pk": course.citizen_id, "course_pk": course.pk})


CTI_POST = {
    "kind": CourseKind.CTI,
    "decided_on": "2026-11-01",
    "start": "2026-11-02",
    "phase1_start": "",
    "chosen_shelter": "",
    "chosen_staff_name": "",
    "chosen_on": "",
}


def test_the_course_form_records_the_citizens_choice(client: Client, world: World) -> None:
    # Back at Herberget Test from 01.10.2026: a CTI decided there carries the choice (L 50).
    stay_admit(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        shelter=world.shelter,
        admitted=date(2026, 10, 1),
        today=TODAY,
    )
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(course_form(world)).content.decode()
    assert "Borgerens valg af medarbejder på en boform (§ 85 a, kun CTI), fra 01.07.2026" in html
    assert "politisk aftale, ikke vedtaget" in html
    assert "Herberget Test" in html
    early = client.post(
        course_form(world),
        CTI_POST
        | {
            "decided_on": "2026-06-30",
            "chosen_shelter": world.shelter.pk,
            "chosen_staff_name": "Mette Lund",
            "chosen_on": "2026-10-02",
        },
    )
    assert "Borgeren kan først vælge en medarbejder på en boform fra 01.07.2026:" in (
        early.content.decode()
    )
    half = client.post(course_form(world), CTI_POST | {"chosen_staff_name": "Mette Lund"})
    assert "Vælg boformen, hvor medarbejderen er ansat." in half.content.decode()
    assert not SupportCourse.objects.filter(start=date(2026, 11, 2)).exists()
    response = client.post(
        course_form(world),
        CTI_POST
        | {
            "chosen_shelter": world.shelter.pk,
            "chosen_staff_name": "Mette Lund",
            "chosen_on": "2026-11-02",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == tab(world)
    course = SupportCourse.objects.get(start=date(2026, 11, 2))
    assert (course.chosen_shelter, course.chosen_staff_name) == (world.shelter, "Mette Lund")
    page = client.get(tab(world)).content.decode()
    assert "Mette Lund, Herberget Test – valgt 02.11.2026" in page


def test_the_course_form_checks_phase_1(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(course_form(world), CTI_POST | {"phase1_start": "2026-11-01"})
    assert "Fase 1 kan ikke begynde før forløbet." in response.content.decode()
    icm = client.post(
        course_form(world),
        CTI_POST | {"kind": CourseKind.ICM, "phase1_start": "2026-11-03"},
    )
    assert "Fase 1 gælder kun CTI-forløb." in icm.content.decode()


def test_the_edit_form_shows_the_fields_of_the_courses_method(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    cti = client.get(course_form(world, world.cti)).content.decode()
    assert 'name="phase1_start"' in cti
    assert 'name="chosen_staff_name"' in cti
    assert 'name="next_review"' not in cti
    icm = client.get(course_form(world, world.icm)).content.decode()
    assert 'name="next_review"' in icm
    assert 'name="phase1_start"' not in icm
    course_review_add(
        actor=world.users[Role.CASE_WORKER], course=world.icm, held_on=date(2026, 7, 1), today=TODAY
    )
    reviewed = client.get(course_form(world, world.icm)).content.decode()
    assert 'name="next_review"' not in reviewed  # the reviews set it now
