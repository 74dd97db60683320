"""The method services: CTI's phase 1, review dates, the § 85 a choice, reviews, the phase-3
assessment and caseload limits, with their Danish messages and audit entries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.core.errors import DomainError
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import (
    CaseloadLimit,
    CourseKind,
    CourseReview,
    CtiAssessment,
    SupportCourse,
)
from hjemvej.support.services import (
    KEEP,
    caseload_limit_set,
    caseload_limits_set,
    course_create,
    course_review_add,
    course_update,
    cti_assessment_record,
)
from tests import factories
from tests.support.conftest import TODAY, World

pytestmark = pytest.mark.django_db


def refused(call: Any, **kwargs: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


def cti(world: World, **kwargs: Any) -> dict[str, Any]:
    return {
        "actor": world.users[Role.CASE_WORKER],
        "citizen": world.citizen,
        "kind": CourseKind.CTI,
        "decided_on": date(2026, 7, 1),
        "start": date(2026, 7, 1),
    } | kwargs


# --- course_create / course_update: the method's fields -----------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"phase1_start": date(2026, 6, 30)},
            "phase1_start",
            "Fase 1 kan ikke begynde før forløbet.",
        ),
        (
            {"phase1_start": date(2026, 9, 1), "end": date(2026, 9, 1)},
            "phase1_start",
            "Fase 1 skal begynde før forløbets slut.",
        ),
        (
            {"kind": CourseKind.ICM, "phase1_start": date(2026, 7, 2)},
            "phase1_start",
            "Fase 1 gælder kun CTI-forløb.",
        ),
        (
            {"next_review": date(2026, 9, 1)},
            "next_review",
            "Næste opfølgning gælder kun ICM, ACT og M-ACT.",
        ),
        (
            {"kind": CourseKind.ACT, "next_review": date(2026, 6, 30)},
            "next_review",
            "Næste opfølgning kan ikke ligge før forløbets start.",
        ),
    ],
)
def test_the_methods_fields_are_checked(
    world: World, kwargs: dict[str, Any], field: str, message: str
) -> None:
    count = world.citizen.courses.count()
    error = refused(course_create, **cti(world, **kwargs))
    assert (error.field, error.message) == (field, message)
    assert world.citizen.courses.count() == count


def test_phase_1_before_the_phase_parameters_is_refused(world: World) -> None:
    error = refused(
        course_create,
        **cti(
            world,
            start=date(2008, 9, 1),
            decided_on=date(2008, 9, 1),
            phase1_start=date(2008, 12, 31),
        ),
    )
    assert error.field == "phase1_start"
    assert "01.01.2009 eller senere" in error.message


def test_an_open_ended_course_gets_its_first_review_date(world: World) -> None:
    course = course_create(**cti(world, kind=CourseKind.M_ACT, start=date(2026, 1, 31)))
    assert course.next_review == date(2026, 5, 1)  # 31 January + 3 months (the default)
    given = course_create(**cti(world, kind=CourseKind.ICM, next_review=date(2026, 8, 1)))
    assert given.next_review == date(2026, 8, 1)
    assert course_create(**cti(world)).next_review is None  # CTI has phases, not reviews


@pytest.mark.parametrize(
    ("choice", "field", "message"),
    [
        (
            {"chosen_staff_name": "Mette"},
            "chosen_shelter",
            "Vælg boformen, hvor medarbejderen er ansat.",
        ),
        (
            {"chosen_on": date(2026, 8, 1)},
            "chosen_shelter",
            "Vælg boformen, hvor medarbejderen er ansat.",
        ),
        ("shelter", "chosen_staff_name", "Skriv navnet på den medarbejder, borgeren valgte."),
        ("shelter+name", "chosen_on", "Angiv datoen for borgerens valg."),
    ],
)
def test_a_choice_is_whole(world: World, choice: Any, field: str, message: str) -> None:
    if choice == "shelter":
        choice = {"chosen_shelter": world.shelter}
    elif choice == "shelter+name":
        choice = {"chosen_shelter": world.shelter, "chosen_staff_name": "  Mette  "}
    error = refused(course_create, **cti(world, **choice))
    assert (error.field, error.message) == (field, message)


def test_a_choice_before_the_rule_applies_is_refused(world: World) -> None:
    # L 50, § 2, stk. 2: only § 85 a decisions made from 01.07.2026 carry the choice.
    error = refused(
        course_create,
        **cti(
            world,
            chosen_shelter=world.shelter,
            chosen_staff_name="Mette Lund",
            chosen_on=date(2026, 7, 2),
            start=date(2026, 6, 1),
            decided_on=date(2026, 6, 1),
        ),
    )
    assert error.field == "decided_on"
    assert error.message.startswith(
        "Borgeren kan først vælge en medarbejder på en boform fra 01.07.2026: valget gælder kun "
        "afgørelser om § 85 a, der er truffet fra den dag"
    )


def test_a_choice_needs_the_decision_before_the_discharge_from_the_shelter(world: World) -> None:
    # World: stay at Herberget Test 05.01–01.03.2026. A CTI decided 01.07.2026, after that
    # discharge, gives no right to choose its staff (L 50, § 85 a, stk. 3).
    choice = {
        "chosen_shelter": world.shelter,
        "chosen_staff_name": "Mette",
        "chosen_on": date(2026, 7, 1),
    }
    error = refused(course_create, **cti(world, **choice))
    assert error.field == "decided_on"
    assert error.message.startswith(
        "Afgørelsen om § 85 a er truffet den 01.07.2026, efter udskrivningen fra boformen den "
        "01.03.2026."
    )
    # Readmitted 01.09.2026 and discharged 01.10.2026: a decision on the discharge day counts.
    stay = stay_admit(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        shelter=world.shelter,
        admitted=date(2026, 9, 1),
        today=TODAY,
    )
    stay_discharge(
        actor=world.users[Role.CASE_WORKER], stay=stay, discharged=date(2026, 10, 1), today=TODAY
    )
    late = cti(world, decided_on=date(2026, 10, 2), start=date(2026, 10, 2), **choice)
    assert refused(course_create, **late).field == "decided_on"
    course = course_create(
        **cti(world, decided_on=date(2026, 10, 1), start=date(2026, 10, 1), **choice)
    )
    assert (course.chosen_shelter, course.chosen_staff_name) == (world.shelter, "Mette")


def test_a_choice_is_only_for_cti(world: World) -> None:
    choice = {"chosen_shelter": world.shelter, "chosen_staff_name": "Mette", "chosen_on": TODAY}
    error = refused(course_create, **cti(world, kind=CourseKind.ICM, **choice))
    assert error.field == "chosen_shelter"
    assert "kun tidsbegrænset støtte efter § 85 a (CTI)" in error.message


def test_the_chosen_shelter_must_be_one_the_citizen_stayed_at(world: World) -> None:
    elsewhere = factories.shelter("Forsorgshjemmet Andetsted", code="265")
    choice = {"chosen_staff_name": "Mette", "chosen_on": date(2026, 8, 1)}
    error = refused(course_create, **cti(world, chosen_shelter=elsewhere, **choice))
    assert error.field == "chosen_shelter"
    assert error.message.startswith(
        "Borgeren har ikke haft ophold på Forsorgshjemmet Andetsted før 01.08.2026."
    )
    # A stay that began after the choice does not count either.
    stay_admit(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        shelter=elsewhere,
        admitted=date(2026, 9, 1),
        today=TODAY,
    )
    assert refused(course_create, **cti(world, chosen_shelter=elsewhere, **choice)).field == (
        "chosen_shelter"
    )
    # Decided 05.09.2026 while the citizen stays there (not discharged): the choice holds.
    during = {"chosen_staff_name": "Mette", "chosen_on": date(2026, 9, 5)}
    course = course_create(
        **cti(
            world,
            chosen_shelter=elsewhere,
            decided_on=date(2026, 9, 5),
            start=date(2026, 9, 5),
            **during,
        )
    )
    assert (course.chosen_shelter, course.chosen_staff_name) == (elsewhere, "Mette")


def test_update_keeps_what_is_left_out_and_audits_what_changed(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    # A CTI decided while the citizen stays at the shelter again, so the choice is lawful.
    stay_admit(
        actor=case,
        citizen=world.citizen,
        shelter=world.shelter,
        admitted=date(2026, 9, 1),
        today=TODAY,
    )
    fresh = course_create(
        **cti(
            world,
            decided_on=date(2026, 9, 10),
            start=date(2026, 9, 10),
            phase1_start=date(2026, 9, 10),
        )
    )
    common: dict[str, Any] = {
        "decided_on": fresh.decided_on,
        "start": fresh.start,
        "end": None,
        "worker": fresh.worker,
        "monthly_cost": fresh.monthly_cost,
    }
    course_update(actor=case, course=fresh, **common)
    fresh.refresh_from_db()
    assert fresh.phase1_start == date(2026, 9, 10)
    course_update(
        actor=case,
        course=fresh,
        **common,
        phase1_start=date(2026, 9, 11),
        chosen_shelter=world.shelter,
        chosen_staff_name="Mette",
        chosen_on=date(2026, 9, 10),
    )
    entry = AuditEntry.objects.filter(object_type="support.SupportCourse").order_by("id").last()
    assert entry is not None
    assert entry.detail == {
        "fields": ["chosen_on", "chosen_shelter", "chosen_staff_name", "phase1_start"]
    }
    assert "Mette" not in str(entry.detail)
    course_update(actor=case, course=fresh, **common, phase1_start=None, chosen_staff_name=KEEP)
    kept = SupportCourse.objects.get(pk=fresh.pk)
    assert (kept.phase1_start, kept.chosen_staff_name) == (None, "Mette")


def test_the_next_review_follows_the_reviews_once_there_are_any(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    common: dict[str, Any] = {
        "decided_on": world.icm.decided_on,
        "start": world.icm.start,
        "end": None,
        "worker": world.icm.worker,
        "monthly_cost": world.icm.monthly_cost,
    }
    course_update(actor=case, course=world.icm, **common, next_review=date(2026, 12, 1))
    course_update(actor=case, course=world.icm, **common, next_review=None)
    world.icm.refresh_from_db()
    assert world.icm.next_review == date(2026, 7, 1)  # cleared: the default from the start
    course_review_add(actor=case, course=world.icm, held_on=date(2026, 10, 1), today=TODAY)
    error = refused(
        course_update, actor=case, course=world.icm, **common, next_review=date(2027, 5, 1)
    )
    assert error.field == "next_review"
    assert error.message.startswith("Næste opfølgning følger den seneste opfølgning.")
    course_update(actor=case, course=world.icm, **common, next_review=date(2027, 1, 1))
    world.icm.refresh_from_db()
    assert world.icm.next_review == date(2027, 1, 1)


# --- course_review_add --------------------------------------------------------------------------


def test_a_review_moves_the_courses_next_date(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    first = course_review_add(
        actor=case,
        course=world.icm,
        held_on=date(2026, 7, 2),
        today=TODAY,
        summary="  Godt  ",
        next_review=date(2026, 9, 1),
    )
    world.icm.refresh_from_db()
    assert (first.summary, world.icm.next_review) == ("Godt", date(2026, 9, 1))
    second = course_review_add(actor=case, course=world.icm, held_on=date(2026, 9, 3), today=TODAY)
    world.icm.refresh_from_db()
    assert second.next_review == world.icm.next_review == date(2026, 12, 3)
    # A back-dated review does not move the date the latest review set.
    course_review_add(actor=case, course=world.icm, held_on=date(2026, 8, 1), today=TODAY)
    world.icm.refresh_from_db()
    assert world.icm.next_review == date(2026, 12, 3)
    entry = AuditEntry.objects.filter(object_type="support.CourseReview").order_by("id").last()
    assert entry is not None
    assert (entry.action, entry.citizen) == (AuditAction.CREATE, world.other)
    assert "Godt" not in str(entry.detail)


@pytest.mark.parametrize(
    ("held_on", "next_review", "field", "message"),
    [
        (date(2026, 11, 22), None, "held_on", "Opfølgningen kan ikke ligge i fremtiden."),
        (date(2026, 3, 31), None, "held_on", "Opfølgningen kan ikke ligge før forløbets start."),
        (
            date(2026, 10, 1),
            date(2026, 10, 1),
            "next_review",
            "Næste opfølgning skal ligge efter denne opfølgning.",
        ),
    ],
)
def test_a_review_is_checked(
    world: World, held_on: date, next_review: date | None, field: str, message: str
) -> None:
    error = refused(
        course_review_add,
        actor=world.users[Role.CASE_WORKER],
        course=world.icm,
        held_on=held_on,
        today=TODAY,
        next_review=next_review,
    )
    assert (error.field, error.message) == (field, message)
    assert not CourseReview.objects.exists()


def test_a_review_after_the_end_or_of_a_cti_course_is_refused(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    error = refused(
        course_review_add, actor=case, course=world.cti, held_on=date(2026, 10, 1), today=TODAY
    )
    assert (error.field, error.message) == (
        None,
        "Opfølgninger registreres kun på ICM-, ACT- og M-ACT-forløb.",
    )
    ended = course_create(
        **cti(
            world,
            kind=CourseKind.ACT,
            decided_on=date(2026, 1, 1),
            start=date(2026, 1, 1),
            end=date(2026, 6, 1),
        )
    )
    error = refused(
        course_review_add, actor=case, course=ended, held_on=date(2026, 6, 2), today=TODAY
    )
    assert error.message == "Forløbet sluttede 01.06.2026; opfølgningen skal ligge før."
    course_review_add(actor=case, course=ended, held_on=date(2026, 6, 1), today=TODAY)


# --- cti_assessment_record ----------------------------------------------------------------------


def test_the_assessment_is_recorded_and_corrected(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    first = cti_assessment_record(
        actor=case,
        course=world.cti,
        assessed_on=date(2026, 9, 1),  # the first day of phase 3
        future_need="network",
        today=TODAY,
    )
    again = cti_assessment_record(
        actor=case,
        course=world.cti,
        assessed_on=date(2026, 9, 1),
        future_need="sel85",
        today=TODAY,
        handed_over_to=" § 85-bostøtten ",
        handed_over_on=date(2026, 11, 21),
    )
    assert first.pk == again.pk
    assert (again.future_need, again.handed_over_to) == ("sel85", "§ 85-bostøtten")
    entries = AuditEntry.objects.filter(object_type="support.CtiAssessment").order_by("id")
    assert [(e.action, e.detail["fields"]) for e in entries] == [
        (
            AuditAction.CREATE,
            ["assessed_on", "future_need", "handed_over_on", "handed_over_to", "note"],
        ),
        (AuditAction.UPDATE, ["future_need", "handed_over_on", "handed_over_to"]),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"assessed_on": date(2026, 8, 31)},
            "assessed_on",
            "Vurderingen hører til fase 3, som begynder 01.09.2026.",
        ),
        (
            {"assessed_on": date(2026, 11, 22)},
            "assessed_on",
            "Vurderingen kan ikke ligge i fremtiden.",
        ),
        ({"future_need": "hope"}, "future_need", "Vælg borgerens fremtidige behov."),
        (
            {"handed_over_on": date(2026, 11, 1)},
            "handed_over_to",
            "Skriv, hvem støtten er overdraget til.",
        ),
        (
            {"handed_over_to": "Netværket", "handed_over_on": date(2026, 11, 22)},
            "handed_over_on",
            "Overdragelsen kan ikke ligge i fremtiden.",
        ),
        (
            {"handed_over_to": "Netværket", "handed_over_on": date(2026, 2, 28)},
            "handed_over_on",
            "Overdragelsen kan ikke ligge før fase 1.",
        ),
    ],
)
def test_the_assessment_is_checked(
    world: World, kwargs: dict[str, Any], field: str, message: str
) -> None:
    values = {"assessed_on": date(2026, 10, 1), "future_need": "network"} | kwargs
    error = refused(
        cti_assessment_record,
        actor=world.users[Role.CASE_WORKER],
        course=world.cti,
        today=TODAY,
        **values,
    )
    assert (error.field, error.message) == (field, message)
    assert not CtiAssessment.objects.exists()


def test_a_course_that_ended_before_phase_3_may_be_assessed(world: World) -> None:
    course = course_create(
        **cti(
            world,
            start=date(2026, 2, 1),
            decided_on=date(2026, 2, 1),
            phase1_start=date(2026, 2, 1),
            end=date(2026, 6, 1),
        )
    )
    found = cti_assessment_record(
        actor=world.users[Role.CASE_WORKER],
        course=course,
        assessed_on=date(2026, 5, 15),
        future_need="other_method",
        today=TODAY,
    )
    assert found.assessed_on == date(2026, 5, 15)


def test_an_assessment_needs_cti_with_phase_1(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    values = {"assessed_on": date(2026, 10, 1), "future_need": "none", "today": TODAY}
    assert refused(cti_assessment_record, actor=case, course=world.icm, **values).message == (
        "Vurderingen i fase 3 hører kun til CTI-forløb."
    )
    open_cti = course_create(**cti(world))
    error = refused(cti_assessment_record, actor=case, course=open_cti, **values)
    assert error.field == "assessed_on"
    assert error.message.startswith("Forløbet har ingen dato for fase 1 endnu.")


# --- caseload limits ----------------------------------------------------------------------------


def test_a_manager_sets_changes_and_removes_a_limit(world: World) -> None:
    manager = world.users[Role.MANAGER]
    town = factories.municipality()
    made = caseload_limit_set(actor=manager, municipality=town, kind="cti", max_citizens=12)
    assert made is not None
    assert made.max_citizens == 12
    caseload_limit_set(actor=manager, municipality=town, kind="cti", max_citizens=14)
    caseload_limit_set(actor=manager, municipality=town, kind="cti", max_citizens=14)  # no change
    assert (
        caseload_limit_set(actor=manager, municipality=town, kind="cti", max_citizens=None) is None
    )
    assert not CaseloadLimit.objects.exists()
    entries = AuditEntry.objects.filter(object_type="support.CaseloadLimit").order_by("id")
    assert [(e.action, e.detail) for e in entries] == [
        (AuditAction.CREATE, {"kind": "cti", "max_citizens": 12}),
        (AuditAction.UPDATE, {"kind": "cti", "max_citizens": 14}),
        (AuditAction.UPDATE, {"kind": "cti", "max_citizens": None}),
    ]


@pytest.mark.parametrize(
    ("kind", "value", "field", "message"),
    [
        ("cti", 0, "cti", "Grænsen skal være et helt tal fra 1 til 200."),
        ("act", 201, "act", "Grænsen skal være et helt tal fra 1 til 200."),
        ("castle", 10, "kind", "Vælg en indsats."),
    ],
)
def test_a_limit_is_checked(world: World, kind: str, value: int, field: str, message: str) -> None:
    error = refused(
        caseload_limit_set,
        actor=world.users[Role.MANAGER],
        municipality=factories.municipality(),
        kind=kind,
        max_citizens=value,
    )
    assert (error.field, error.message) == (field, message)


def test_limits_are_set_for_ones_own_municipality_all_or_none(world: World) -> None:
    error = refused(
        caseload_limit_set,
        actor=world.users[Role.MANAGER],
        municipality=factories.municipality("101"),
        kind="cti",
        max_citizens=10,
    )
    assert error.message == "Du kan kun sætte grænser for din egen kommune."
    error = refused(
        caseload_limits_set,
        actor=world.users[Role.MANAGER],
        municipality=factories.municipality(),
        limits={"cti": 12, "icm": 0},
    )
    assert error.field == "icm"
    assert not CaseloadLimit.objects.exists()
