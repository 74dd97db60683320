"""Golden tests of the task engine's deadline rules, at their boundary days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from hjemvej.rules.followup import (
    CitizenSupport,
    ContactFacts,
    Course,
    DaysRunningOut,
    ExternalStay,
    Facts,
    PlanFacts,
    Responsible,
    RiskFacts,
    StayNotice,
    TransitionFacts,
    UnknownDestination,
    WrittenTask,
    derive_tasks,
    status_of,
)
from hjemvej.rules.followup.case import no_contact, tenancy_risk, written_task
from hjemvej.rules.followup.model import DueTask, remembered
from hjemvej.rules.followup.plans import action_plan
from hjemvej.rules.followup.shelter import (
    UNKNOWN_DESTINATION,
    discharge_destination,
    reimbursed_days,
    shelter_notice,
    weekly_contact,
)
from hjemvej.rules.followup.support import course_review, cti_milestones, sel176a_end
from hjemvej.rules.followup.transitions import (
    months_before,
    prison_release,
    psychiatric_discharge,
    transition_outcome,
)
from hjemvej.rules.parameters import Override, ParameterSet, default_parameters
from hjemvej.rules.support import Stay as SupportStay
from hjemvej.rules.support import SupportCourse

P = default_parameters()
D = date


def kinds(tasks: list[DueTask]) -> list[tuple[str, date, str]]:
    return [(t.kind, t.due, t.status) for t in tasks]


# --- status ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 11, 6), "open"),  # 15 days before
        (D(2026, 11, 7), "due_soon"),  # 14 days before: the horizon's first day
        (D(2026, 11, 21), "due_soon"),  # the due day itself
        (D(2026, 11, 22), "overdue"),  # the day after
    ],
)
def test_status_at_the_horizon_and_the_due_day(as_of: date, expected: str) -> None:
    assert status_of(D(2026, 11, 21), as_of, 14) == expected


def test_a_different_horizon_changes_only_the_marking() -> None:
    params = P.with_overrides([Override("followup.due_soon_days", 3)])
    stay = ExternalStay(1, 10, "Herberget Nord", D(2026, 11, 1), D(2026, 11, 14), None)
    assert weekly_contact(stay, as_of=D(2026, 11, 17), params=params).status == "open"
    assert weekly_contact(stay, as_of=D(2026, 11, 18), params=params).status == "due_soon"
    assert weekly_contact(stay, as_of=D(2026, 11, 18), params=P).due == D(2026, 11, 21)


# --- weekly contact on an external shelter ----------------------------------------------------


def test_weekly_contact_is_due_seven_days_after_the_last_contact() -> None:
    stay = ExternalStay(1, 10, "Herberget Nord", D(2026, 11, 1), D(2026, 11, 14), 7)
    task = weekly_contact(stay, as_of=D(2026, 11, 21), params=P)
    assert (task.due, task.status) == (D(2026, 11, 21), "due_soon")
    assert task.responsible.role == "case"
    assert task.responsible.worker_id == 7
    assert weekly_contact(stay, as_of=D(2026, 11, 22), params=P).status == "overdue"
    assert "14.11.2026" in task.explanation
    assert "7 dage (antaget" in task.explanation  # the interval is not law, and says so
    assert [p.name for p in task.not_enacted] == [
        "followup.external_stay.contact_interval_days",
        "followup.due_soon_days",
    ]


def test_weekly_contact_counts_from_the_admission_when_no_contact_since() -> None:
    before = ExternalStay(1, 10, "Herberget Nord", D(2026, 11, 10), D(2026, 10, 20), None)
    assert weekly_contact(before, as_of=D(2026, 11, 12), params=P).due == D(2026, 11, 17)
    never = ExternalStay(1, 10, "Herberget Nord", D(2026, 11, 10), None, None)
    task = weekly_contact(never, as_of=D(2026, 11, 12), params=P)
    assert task.due == D(2026, 11, 17)
    assert "ikke været kontakt siden indskrivningen" in task.explanation


# --- the shelter's notice (SEL § 110, stk. 6) -------------------------------------------------


@pytest.mark.parametrize(
    ("admitted", "deadline"),
    [
        (D(2026, 11, 20), D(2026, 11, 25)),  # Friday: the weekend does not count
        (D(2026, 4, 1), D(2026, 4, 9)),  # before Easter: 2, 3 and 6 April are holidays
        (D(2026, 4, 2), D(2026, 4, 9)),  # admitted on Skærtorsdag itself
        (D(2026, 5, 13), D(2026, 5, 19)),  # Kristi himmelfartsdag 14 May
        (D(2026, 5, 22), D(2026, 5, 28)),  # 2. pinsedag 25 May
        (D(2026, 6, 4), D(2026, 6, 9)),  # Grundlovsdag 5 June counts as a working day
        (D(2026, 12, 23), D(2026, 12, 29)),  # 24 December counts; 25 and 26 do not
        (D(2026, 12, 30), D(2027, 1, 5)),  # 1 January does not count
    ],
)
def test_notice_deadline_in_working_days(admitted: date, deadline: date) -> None:
    stay = StayNotice(1, 10, 3, "Herberget Nord", admitted, None)
    task = shelter_notice(stay, as_of=admitted, params=P)
    assert task is not None
    assert task.due == deadline
    assert task.responsible.role == "shelter"
    assert task.responsible.shelter_id == 3
    assert task.not_enacted == (P.at("followup.due_soon_days", admitted),)  # § 110 is law


def test_notice_is_overdue_the_day_after_the_deadline_and_gone_once_given() -> None:
    stay = StayNotice(1, 10, 3, "Herberget Nord", D(2026, 4, 1), None)
    on_time = shelter_notice(stay, as_of=D(2026, 4, 9), params=P)
    late = shelter_notice(stay, as_of=D(2026, 4, 10), params=P)
    assert on_time is not None
    assert on_time.status == "due_soon"
    assert late is not None
    assert late.status == "overdue"
    given = StayNotice(1, 10, 3, "Herberget Nord", D(2026, 4, 1), D(2026, 4, 2))
    assert shelter_notice(given, as_of=D(2026, 4, 10), params=P) is None


def test_no_notice_deadline_before_the_rule() -> None:
    stay = StayNotice(1, 10, 3, "Herberget Nord", D(2023, 9, 30), None)
    assert shelter_notice(stay, as_of=D(2026, 4, 10), params=P) is None
    stay = StayNotice(1, 10, 3, "Herberget Nord", D(2023, 10, 2), None)
    task = shelter_notice(stay, as_of=D(2026, 4, 10), params=P)
    assert task is not None
    assert task.due == D(2023, 10, 5)


# --- § 177 days running out ------------------------------------------------------------------


def alert(days_left: int, reached_on: date | None) -> DaysRunningOut:
    cap = P.at("shelter.reimbursement.day_cap", D(2026, 11, 21))
    return DaysRunningOut(
        citizen_id=1,
        shelter_name="Herberget Nord",
        window_start=D(2026, 1, 10),
        window_end=D(2027, 1, 10),
        used=120 - days_left,
        cap=cap,
        days_left=days_left,
        reached_on=reached_on,
        case_worker_id=None,
    )


def test_days_running_out_are_due_on_the_last_reimbursed_day() -> None:
    task = reimbursed_days(alert(5, D(2026, 11, 26)), as_of=D(2026, 11, 21), params=P)
    assert task is not None
    assert (task.due, task.status) == (D(2026, 11, 25), "due_soon")
    assert "politisk aftale" in task.explanation  # the 120 days from 2026 are agreed, not law
    assert "10.01.2026–09.01.2027" in task.explanation


def test_days_used_up_are_overdue_and_far_ones_are_not_shown() -> None:
    used_up = reimbursed_days(alert(0, None), as_of=D(2026, 11, 21), params=P)
    assert used_up is not None
    assert (used_up.due, used_up.status) == (D(2026, 11, 21), "overdue")
    at_warning = reimbursed_days(alert(14, D(2026, 12, 5)), as_of=D(2026, 11, 21), params=P)
    assert at_warning is not None
    assert reimbursed_days(alert(15, D(2026, 12, 6)), as_of=D(2026, 11, 21), params=P) is None
    # Near the cap but the window ends first: nothing runs out.
    assert reimbursed_days(alert(3, None), as_of=D(2026, 11, 21), params=P) is None


# --- CTI: phases, assessment, end -------------------------------------------------------------


def cti(**changes: object) -> Course:
    values: dict[str, object] = {
        "course_id": 5,
        "citizen_id": 1,
        "kind": "cti",
        "worker_id": 9,
        "start": D(2026, 1, 1),
        "end": None,
        "phase1_start": D(2026, 2, 1),
        "next_review": None,
        "assessed": False,
    }
    values.update(changes)
    return Course(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 1, 17), []),  # 15 days before phase 1
        (D(2026, 1, 18), [("cti_phase", D(2026, 2, 1), "due_soon")]),
        (D(2026, 4, 16), []),
        (D(2026, 4, 17), [("cti_phase", D(2026, 5, 1), "due_soon")]),  # 14 days before phase 2
        (D(2026, 4, 30), [("cti_phase", D(2026, 5, 1), "due_soon")]),
        (D(2026, 5, 1), []),  # phase 2's first day: the change has happened
        (D(2026, 8, 1), [("cti_assessment", D(2026, 10, 31), "open")]),  # phase 3 begins
        (D(2026, 10, 16), [("cti_assessment", D(2026, 10, 31), "open")]),  # 15 days before
        (D(2026, 10, 17), [("cti_assessment", D(2026, 10, 31), "due_soon")]),
        (
            D(2026, 10, 18),  # 14 days before the planned end (the first day after phase 3)
            [
                ("cti_assessment", D(2026, 10, 31), "due_soon"),
                ("cti_end", D(2026, 11, 1), "due_soon"),
            ],
        ),
        (
            D(2026, 11, 1),  # the course should end today
            [
                ("cti_assessment", D(2026, 10, 31), "overdue"),
                ("cti_end", D(2026, 11, 1), "due_soon"),
            ],
        ),
        (
            D(2026, 11, 2),
            [
                ("cti_assessment", D(2026, 10, 31), "overdue"),
                ("cti_end", D(2026, 11, 1), "overdue"),
            ],
        ),
    ],
)
def test_cti_milestones(as_of: date, expected: list[tuple[str, date, str]]) -> None:
    tasks = cti_milestones(cti(), as_of=as_of, params=P)
    assert kinds(tasks) == expected
    assert all(t.responsible.worker_id == 9 for t in tasks)


def test_cti_from_a_month_end_uses_the_method_schedule() -> None:
    tasks = cti_milestones(cti(phase1_start=D(2026, 1, 31)), as_of=D(2026, 4, 25), params=P)
    # 31 January + 3 months: 31 April does not exist, phase 2 begins 1 May (support.model).
    assert kinds(tasks) == [("cti_phase", D(2026, 5, 1), "due_soon")]
    assert tasks[0].title == "Fase 2: afprøvning af livet i egen bolig begynder"
    assert "01.05.2026" in tasks[0].explanation


def test_cti_without_phase_1_assessed_or_ended_gives_nothing_more() -> None:
    assert cti_milestones(cti(phase1_start=None), as_of=D(2026, 11, 1), params=P) == []
    assert kinds(cti_milestones(cti(assessed=True), as_of=D(2026, 11, 2), params=P)) == [
        ("cti_end", D(2026, 11, 1), "overdue")
    ]
    assert cti_milestones(cti(end=D(2026, 11, 1)), as_of=D(2026, 11, 1), params=P) == []
    assert kinds(cti_milestones(cti(end=D(2026, 11, 1)), as_of=D(2026, 10, 31), params=P)) == [
        ("cti_assessment", D(2026, 10, 31), "due_soon")
    ]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 11, 20), None),  # 31 days before
        (D(2026, 11, 21), "open"),  # 30 days before: shown, not yet soon
        (D(2026, 12, 7), "due_soon"),
        (D(2026, 12, 21), "due_soon"),
        (D(2026, 12, 22), "overdue"),
    ],
)
def test_review_of_an_open_ended_course(as_of: date, expected: str | None) -> None:
    course = cti(kind="icm", phase1_start=None, next_review=D(2026, 12, 21))
    task = course_review(course, as_of=as_of, params=P)
    assert (task.status if task else None) == expected


def test_no_review_for_cti_ended_or_undated_courses() -> None:
    review = D(2026, 12, 21)
    assert course_review(cti(next_review=review), as_of=review, params=P) is None
    ended = cti(kind="act", end=D(2026, 12, 1), next_review=review)
    assert course_review(ended, as_of=review, params=P) is None
    assert course_review(cti(kind="m_act", next_review=None), as_of=review, params=P) is None


# --- § 176 a reimbursement ending ----------------------------------------------------------------


def support(courses: list[SupportCourse], stays: list[SupportStay]) -> CitizenSupport:
    return CitizenSupport(1, tuple(courses), tuple(stays), 4)


ICM = SupportCourse("5", "1", "icm", D(2025, 1, 10), D(2025, 1, 10), None, 790_000)
DISCHARGED = SupportStay("1", D(2024, 6, 1), D(2025, 2, 1))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 11, 1), None),  # 91 days before the last day
        (D(2026, 11, 2), ("sel176a_end", D(2027, 1, 31), "open")),  # 90 days before
        (D(2027, 1, 17), ("sel176a_end", D(2027, 1, 31), "due_soon")),
        (D(2027, 1, 31), ("sel176a_end", D(2027, 1, 31), "due_soon")),
        (D(2027, 2, 1), None),  # the period is over: nothing left to plan
    ],
)
def test_sel176a_period_ends_two_years_after_the_discharge(
    as_of: date, expected: tuple[str, date, str] | None
) -> None:
    task = sel176a_end(support([ICM], [DISCHARGED]), as_of=as_of, params=P)
    assert (kinds([task])[0] if task else None) == expected
    if task is not None:
        assert "§ 176 a, stk. 1, nr. 1" in task.explanation
        assert task.responsible.worker_id == 4


def test_sel176a_needs_a_running_course_and_joins_touching_periods() -> None:
    ended = SupportCourse("5", "1", "icm", D(2025, 1, 10), D(2025, 1, 10), D(2026, 12, 1), 1)
    assert sel176a_end(support([ended], [DISCHARGED]), as_of=D(2026, 12, 1), params=P) is None
    # The 2025 extension (assumed from 01.07.2026) covers a course started in homelessness:
    # 2 years from its start, the periods joined with the discharge's.
    later = SupportCourse("6", "1", "act", D(2026, 8, 1), D(2026, 8, 1), None, 1, True)
    task = sel176a_end(support([ICM, later], [DISCHARGED]), as_of=D(2028, 5, 2), params=P)
    assert task is not None
    assert task.due == D(2028, 7, 31)
    assert any(p.name == "support.extension.all_situations" for p in task.not_enacted)


# --- action plans (§ 141) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 11, 20), None),  # 31 days before the review
        (D(2026, 11, 21), ("action_plan_review", D(2026, 12, 21), "open")),
        (D(2026, 12, 22), ("action_plan_review", D(2026, 12, 21), "overdue")),
    ],
)
def test_plan_review(as_of: date, expected: tuple[str, date, str] | None) -> None:
    facts = PlanFacts(1, D(2026, 1, 1), 3, D(2026, 12, 21), None)
    task = action_plan(facts, as_of=as_of, params=P)
    assert (kinds([task])[0] if task else None) == expected


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(D(2026, 11, 7), "due_soon"), (D(2026, 11, 21), "due_soon"), (D(2026, 11, 22), "overdue")],
)
def test_plan_offered_within_28_days_of_coming_on_the_list(as_of: date, status: str) -> None:
    task = action_plan(PlanFacts(1, D(2026, 10, 24), None, None, 2), as_of=as_of, params=P)
    assert task is not None
    assert (task.kind, task.due, task.status) == ("action_plan_missing", D(2026, 11, 21), status)
    assert "§ 141, stk. 2" in task.explanation


def test_no_plan_task_for_a_citizen_off_the_list_without_a_plan() -> None:
    assert action_plan(PlanFacts(1, None, None, None, 2), as_of=D(2026, 11, 21), params=P) is None


# --- critical transitions -------------------------------------------------------------------


def transition(**changes: object) -> TransitionFacts:
    values: dict[str, object] = {
        "transition_id": 8,
        "citizen_id": 1,
        "kind": "prison_release",
        "expected_on": D(2027, 3, 31),
        "notified_on": None,
        "discharge_agreement_on": None,
        "happened_on": None,
        "outcome": "",
        "housing_arranged": False,
        "grants_decided": (),
        "plans_made": (),
        "case_worker_id": 2,
    }
    values.update(changes)
    return TransitionFacts(**values)  # type: ignore[arg-type]


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(D(2027, 3, 31), 6) == D(2026, 9, 30)
    assert months_before(D(2026, 5, 31), 3) == D(2026, 2, 28)
    assert months_before(D(2028, 5, 31), 3) == D(2028, 2, 29)  # leap year
    assert months_before(D(2027, 1, 15), 3) == D(2026, 10, 15)


def test_prison_release_housing_is_planned_six_months_ahead() -> None:
    tasks = prison_release(transition(), as_of=D(2026, 9, 30), params=P)
    assert kinds(tasks) == [("prison_housing", D(2026, 9, 30), "due_soon")]
    assert kinds(prison_release(transition(), as_of=D(2026, 10, 1), params=P)) == [
        ("prison_housing", D(2026, 9, 30), "overdue")
    ]
    housed = transition(housing_arranged=True)
    assert prison_release(housed, as_of=D(2026, 10, 1), params=P) == []


@pytest.mark.parametrize(
    ("as_of", "grants", "shown"),
    [
        (D(2026, 2, 27), (), False),  # the day before 3 months before the release
        (D(2026, 2, 28), (), True),  # 31 May − 3 months: 28 February (no 31 February)
        (D(2026, 5, 31), (), True),  # the release day
        (D(2026, 3, 10), (D(2026, 2, 27),), True),  # a decision before the window counts not
        (D(2026, 3, 10), (D(2026, 2, 28),), False),  # a decision in the window closes it
    ],
)
def test_home_establishment_help_from_three_months_before_release(
    as_of: date, grants: tuple[date, ...], shown: bool
) -> None:
    t = transition(expected_on=D(2026, 5, 31), housing_arranged=True, grants_decided=grants)
    tasks = prison_release(t, as_of=as_of, params=P)
    assert [x.kind for x in tasks] == (["prison_establishment"] if shown else [])
    if shown:
        assert tasks[0].due == D(2026, 5, 31)
        window = tasks[0].parameters[0]
        assert (window.name, window.status) == ("followup.prison.establishment_months", "law")
        assert "nr. 1471 af 16. december 2019" in tasks[0].explanation


def test_prison_action_plan_within_four_weeks_of_the_notice() -> None:
    t = transition(notified_on=D(2026, 11, 1), housing_arranged=True)
    assert kinds(prison_release(t, as_of=D(2026, 11, 21), params=P)) == [
        ("prison_action_plan", D(2026, 11, 29), "due_soon")
    ]
    planned = transition(
        notified_on=D(2026, 11, 1), housing_arranged=True, plans_made=(D(2026, 11, 1),)
    )
    assert prison_release(planned, as_of=D(2026, 11, 21), params=P) == []
    old_plan = transition(
        notified_on=D(2026, 11, 1), housing_arranged=True, plans_made=(D(2026, 10, 31),)
    )
    assert len(prison_release(old_plan, as_of=D(2026, 11, 21), params=P)) == 1


def test_after_the_day_only_the_outcome_is_asked_for() -> None:
    t = transition(expected_on=D(2026, 11, 21))
    assert prison_release(t, as_of=D(2026, 11, 22), params=P) == []
    assert transition_outcome(t, as_of=D(2026, 11, 20), params=P) is None
    today = transition_outcome(t, as_of=D(2026, 11, 21), params=P)
    after = transition_outcome(t, as_of=D(2026, 11, 22), params=P)
    assert today is not None
    assert (today.due, today.status) == (D(2026, 11, 21), "due_soon")
    assert after is not None
    assert after.status == "overdue"
    done = transition(expected_on=D(2026, 11, 21), happened_on=D(2026, 11, 19), outcome="own_home")
    assert transition_outcome(done, as_of=D(2026, 11, 22), params=P) is None
    early = transition(expected_on=D(2026, 11, 21), happened_on=D(2026, 11, 19))
    found = transition_outcome(early, as_of=D(2026, 11, 20), params=P)
    assert found is not None
    assert (found.due, found.status) == (D(2026, 11, 19), "overdue")


def test_psychiatric_discharge_needs_an_agreement_by_the_day() -> None:
    t = transition(kind="psychiatric_discharge", expected_on=D(2026, 12, 1))
    task = psychiatric_discharge(t, as_of=D(2026, 11, 21), params=P)
    assert task is not None
    assert (task.due, task.status) == (D(2026, 12, 1), "due_soon")
    assert "udskrivningsaftale" in task.explanation
    agreed = transition(
        kind="psychiatric_discharge",
        expected_on=D(2026, 12, 1),
        discharge_agreement_on=D(2026, 11, 20),
    )
    assert psychiatric_discharge(agreed, as_of=D(2026, 11, 21), params=P) is None
    assert psychiatric_discharge(transition(), as_of=D(2026, 11, 21), params=P) is None
    assert prison_release(t, as_of=D(2026, 11, 21), params=P) == []


# --- tenancy risks, no contact, hand-written tasks ---------------------------------------------


def test_tenancy_risk_due_on_its_deadline_or_a_week_after_it_was_noted() -> None:
    warned = RiskFacts(4, 1, "eviction_warning", D(2026, 11, 2), D(2026, 11, 30), 2)
    task = tenancy_risk(warned, as_of=D(2026, 11, 21), params=P)
    assert (task.due, task.status) == (D(2026, 11, 30), "due_soon")
    assert task.title.startswith("Varsel om ophævelse")
    arrears = RiskFacts(5, 1, "arrears", D(2026, 11, 14), None, 2)
    task = tenancy_risk(arrears, as_of=D(2026, 11, 22), params=P)
    assert (task.due, task.status) == (D(2026, 11, 21), "overdue")
    assert task.parameters[0].name == "followup.tenancy_risk.response_days"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(D(2026, 11, 6), None), (D(2026, 11, 7), "due_soon"), (D(2026, 11, 22), "overdue")],
)
def test_no_contact_for_thirty_days(as_of: date, status: str | None) -> None:
    facts = ContactFacts(1, D(2026, 9, 1), D(2026, 10, 22), 2, None)
    task = no_contact(facts, as_of=as_of, params=P)
    assert (task.status if task else None) == status
    if task is not None:
        assert task.due == D(2026, 11, 21)
        assert task.responsible.role == "case"


def test_no_contact_counts_from_the_list_and_falls_to_the_support_worker() -> None:
    facts = ContactFacts(1, D(2026, 11, 1), D(2026, 5, 1), 2, 9)
    task = no_contact(facts, as_of=D(2026, 11, 25), params=P)
    assert task is not None
    assert task.due == D(2026, 12, 1)
    assert task.responsible.role == "support"
    assert task.responsible.worker_id == 9


def test_written_task_belongs_to_its_assignee_or_the_case_worker() -> None:
    task = written_task(
        WrittenTask(3, 1, "Ring", D(2026, 11, 20), 9, 2), as_of=D(2026, 11, 21), params=P
    )
    assert (task.kind, task.status, task.task_id) == ("manual", "overdue", 3)
    assert task.responsible.role == "assignee"
    assert task.responsible.worker_id == 9
    none = written_task(
        WrittenTask(3, 1, "Ring", D(2026, 11, 20), None, 2), as_of=D(2026, 11, 21), params=P
    )
    assert none.responsible.role == "case"
    assert none.responsible.worker_id == 2


# --- the engine ------------------------------------------------------------------------------


def test_derive_tasks_runs_every_rule_and_orders_by_due_date() -> None:
    facts = Facts(
        external_stays=[ExternalStay(1, 10, "Nord", D(2026, 11, 1), D(2026, 11, 16), None)],
        notices=[StayNotice(2, 11, 3, "Syd", D(2026, 11, 20), None)],
        courses=[cti(citizen_id=3)],
        plans=[PlanFacts(4, D(2026, 10, 24), None, None, None)],
        transitions=[
            transition(citizen_id=5, kind="hospital_discharge", expected_on=D(2026, 11, 21))
        ],
        risks=[RiskFacts(4, 6, "arrears", D(2026, 11, 14), None, None)],
        contacts=[ContactFacts(7, D(2026, 9, 1), D(2026, 10, 22), None, None)],
        written=[WrittenTask(3, 8, "Ring", D(2026, 11, 19), None, None)],
    )
    tasks = derive_tasks(facts, as_of=D(2026, 11, 21), params=P)
    assert [(t.kind, t.due, t.citizen_id) for t in tasks] == [
        ("cti_assessment", D(2026, 10, 31), 3),
        ("cti_end", D(2026, 11, 1), 3),
        ("manual", D(2026, 11, 19), 8),
        ("action_plan_missing", D(2026, 11, 21), 4),
        ("no_contact", D(2026, 11, 21), 7),
        ("tenancy_risk", D(2026, 11, 21), 6),
        ("transition_outcome", D(2026, 11, 21), 5),
        ("weekly_contact", D(2026, 11, 23), 1),
        ("shelter_notice", D(2026, 11, 25), 2),
    ]
    assert len({t.key for t in tasks}) == len(tasks)


def test_remembered_parameters_give_the_same_values() -> None:
    params: ParameterSet = remembered(P)
    assert remembered(params) is params
    on = D(2026, 11, 21)
    assert params.at("followup.due_soon_days", on) == P.at("followup.due_soon_days", on)
    assert params.fingerprint == P.fingerprint


def test_a_default_review_date_says_so_with_its_parameter() -> None:
    interval = P.at("support.review.interval_months", D(2026, 12, 21))
    course = cti(kind="act", phase1_start=None, next_review=D(2026, 12, 21))
    task = course_review(replace(course, review_parameter=interval), as_of=D(2026, 12, 1), params=P)
    assert task is not None
    assert task.parameters[0] == interval
    assert interval.describe() in task.explanation
    plain = course_review(course, as_of=D(2026, 12, 1), params=P)
    assert plain is not None
    assert interval.describe() not in plain.explanation


# --- a discharge to an unknown destination --------------------------------------------------


def test_an_unknown_destination_is_the_case_workers_task_days_after_the_discharge() -> None:
    gone = UnknownDestination(1, 10, "Herberget Nord", D(2026, 11, 16), 7)
    days = P.at(UNKNOWN_DESTINATION, D(2026, 11, 21))
    assert (days.value, days.status) == (7, "assumed")
    task = discharge_destination(gone, as_of=D(2026, 11, 21), params=P)
    assert (task.kind, task.due, task.status) == (
        "discharge_destination",
        D(2026, 11, 23),
        "due_soon",
    )
    assert task.responsible == Responsible("case", 7)
    assert days in task.not_enacted
    assert "Herberget Nord" in task.explanation
    assert "16.11.2026" in task.explanation
    assert discharge_destination(gone, as_of=D(2026, 11, 24), params=P).status == "overdue"
    shorter = P.with_overrides([Override(UNKNOWN_DESTINATION, 3)])
    assert discharge_destination(gone, as_of=D(2026, 11, 17), params=shorter).due == D(2026, 11, 19)
    found = derive_tasks(Facts(discharges=[gone]), as_of=D(2026, 11, 17), params=P)
    assert [t.kind for t in found] == ["discharge_destination"]
