"""Golden tests for the method rules (SEL § 85 a): CTI's phases and milestones, review dates,
support before the move, continuity, caseload limits and the § 85 a choice of shelter staff."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.rules.parameters import Override, default_parameters
from hjemvej.rules.support import methods
from hjemvej.rules.support.methods import (
    MethodCourse,
    caseload_limit,
    cti_open_milestones,
    cti_schedule,
    method_changes,
    next_review,
    staff_choice_first_day,
    staff_choice_rule,
    support_before_move,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def periods(start: str, phase1: str | None) -> list[tuple[int, str, str | None]]:
    schedule = cti_schedule(start=d(start), phase1_start=d(phase1) if phase1 else None)
    return [
        (p.number, p.start.isoformat(), p.end.isoformat() if p.end else None)
        for p in schedule.periods
    ]


# --- CTI's phases -------------------------------------------------------------------------------


def test_phases_of_three_months_after_the_contact_period() -> None:
    assert periods("2026-01-05", "2026-03-16") == [
        (0, "2026-01-05", "2026-03-16"),
        (1, "2026-03-16", "2026-06-16"),
        (2, "2026-06-16", "2026-09-16"),
        (3, "2026-09-16", "2026-12-16"),
    ]


def test_phase_1_on_31_january_rolls_a_missing_day_to_the_1st() -> None:
    # 31 January + 3 months: 31 April does not exist, so phase 2 begins on 1 May.
    assert periods("2026-01-31", "2026-01-31") == [
        (0, "2026-01-31", "2026-01-31"),  # an empty contact period
        (1, "2026-01-31", "2026-05-01"),
        (2, "2026-05-01", "2026-07-31"),
        (3, "2026-07-31", "2026-10-31"),
    ]


def test_phase_1_on_29_february() -> None:
    assert periods("2024-02-01", "2024-02-29")[1:] == [
        (1, "2024-02-29", "2024-05-29"),
        (2, "2024-05-29", "2024-08-29"),
        (3, "2024-08-29", "2024-11-29"),
    ]


def test_a_phase_ending_on_29_february_of_a_common_year() -> None:
    # 29 November 2024 + 3 months: 29 February 2025 does not exist -> 1 March 2025.
    assert periods("2024-11-29", "2024-11-29")[1:] == [
        (1, "2024-11-29", "2025-03-01"),
        (2, "2025-03-01", "2025-05-29"),
        (3, "2025-05-29", "2025-08-29"),
    ]


def test_without_a_lease_only_the_contact_period_runs() -> None:
    schedule = cti_schedule(start=d("2026-10-01"), phase1_start=None)
    assert periods("2026-10-01", None) == [(0, "2026-10-01", None)]
    assert (schedule.end, schedule.phase1_start) == (None, None)
    assert schedule.phase_on(d("2030-01-01")) == schedule.periods[0]
    assert schedule.phase_on(d("2026-09-30")) is None


def test_the_phase_on_each_boundary_day() -> None:
    schedule = cti_schedule(start=d("2026-01-05"), phase1_start=d("2026-03-16"))
    on = {day: schedule.phase_on(d(day)) for day in ("2026-03-15", "2026-03-16", "2026-06-15")}
    assert [p.number if p else None for p in on.values()] == [0, 1, 1]
    assert schedule.phase_on(d("2026-06-16")).number == 2  # type: ignore[union-attr]
    assert schedule.phase_on(d("2026-12-15")).number == 3  # type: ignore[union-attr]
    assert schedule.phase_on(d("2026-12-16")) is None  # the course's planned end
    assert schedule.end == d("2026-12-16")


def test_the_phase_values_in_force_on_the_day_phase_1_begins_apply() -> None:
    params = default_parameters().with_overrides(
        [Override("support.cti.phase_months", 4, d("2027-01-01"))]
    )
    before = cti_schedule(start=d("2026-12-01"), phase1_start=d("2026-12-31"), params=params)
    after = cti_schedule(start=d("2026-12-01"), phase1_start=d("2027-01-01"), params=params)
    assert before.end == d("2027-10-01")  # 3 x 3 months; 31 September rolls to 1 October
    assert after.end == d("2028-01-01")  # 3 x 4 months
    assert after.parameters[0].status == "scenario"
    assert before.parameters[0].status == "assumed"


def test_phase_1_cannot_begin_before_the_course() -> None:
    with pytest.raises(ValueError, match="fase 1"):
        cti_schedule(start=d("2026-03-01"), phase1_start=d("2026-02-28"))


def test_the_first_day_the_phase_parameters_cover() -> None:
    assert methods.cti_first_day() == d("2009-01-01")


# --- CTI's open milestones ----------------------------------------------------------------------

SCHEDULE = cti_schedule(start=d("2026-01-05"), phase1_start=d("2026-03-16"))


def kinds(as_of: str, ended: str | None = None, assessed: bool = False) -> list[tuple[str, str]]:
    found = cti_open_milestones(
        SCHEDULE, as_of=d(as_of), ended_on=d(ended) if ended else None, assessed=assessed
    )
    return [(m.kind, m.due.isoformat()) for m in found]


def test_the_next_phase_change_is_the_first_one_after_the_day() -> None:
    assert kinds("2026-06-15")[0] == ("phase_start", "2026-06-16")
    assert kinds("2026-06-16")[0] == ("phase_start", "2026-09-16")
    assert kinds("2026-09-16") == [
        ("assessment", "2026-12-15"),  # the last day of phase 3
        ("planned_end", "2026-12-16"),
    ]


def test_the_assessment_opens_in_phase_3() -> None:
    found = cti_open_milestones(SCHEDULE, as_of=d("2026-04-01"), ended_on=None, assessed=False)
    assessment = next(m for m in found if m.kind == "assessment")
    assert (assessment.opens_on, assessment.phase) == (d("2026-09-16"), 3)
    assert "senest 15.12.2026" in assessment.text


def test_nothing_is_open_once_the_course_ended_or_before_phase_1() -> None:
    assert kinds("2026-12-16", ended="2026-12-16") == []
    assert kinds("2026-10-01", ended="2026-10-01") == []
    assert (
        cti_open_milestones(
            cti_schedule(start=d("2026-01-05"), phase1_start=None),
            as_of=d("2026-02-01"),
            ended_on=None,
            assessed=False,
        )
        == []
    )


def test_a_recorded_end_and_assessment_close_their_milestones() -> None:
    assert kinds("2026-10-01", ended="2026-12-16", assessed=True) == []
    # A course that ends early in phase 2: no phase 3 to begin.
    assert kinds("2026-07-01", ended="2026-08-01") == [("assessment", "2026-12-15")]
    # Past the planned end without an end date: still open, and overdue for the task engine.
    assert kinds("2027-02-01") == [("assessment", "2026-12-15"), ("planned_end", "2026-12-16")]


# --- reviews of ICM, ACT, M-ACT -----------------------------------------------------------------


def test_a_given_review_date_wins() -> None:
    found = next_review(last=d("2026-01-10"), given=d("2026-02-01"))
    assert (found.due, found.defaulted, found.parameter) == (d("2026-02-01"), False, None)


@pytest.mark.parametrize(
    ("last", "due"),
    [
        ("2026-01-10", "2026-04-10"),
        ("2025-11-30", "2026-03-01"),  # 30 February 2026 does not exist: the 1st of March
        ("2023-11-30", "2024-03-01"),  # nor 30 February in a leap year
        ("2026-01-31", "2026-05-01"),  # nor 31 April
        ("2026-12-31", "2027-03-31"),
    ],
)
def test_the_default_interval_counts_from_the_last_review(last: str, due: str) -> None:
    found = next_review(last=d(last), given=None)
    assert found.due == d(due)
    assert found.defaulted
    assert found.parameter is not None
    assert found.parameter.status == "assumed"


def test_a_change_of_the_review_interval_applies_from_its_day() -> None:
    params = default_parameters().with_overrides(
        [Override("support.review.interval_months", 6, d("2027-01-01"))]
    )
    assert next_review(last=d("2026-12-31"), given=None, params=params).due == d("2027-03-31")
    assert next_review(last=d("2027-01-01"), given=None, params=params).due == d("2027-07-01")


# --- support before the move --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "move_in", "status"),
    [
        ("2026-01-15", "2026-02-15", "met"),  # exactly one month before
        ("2026-01-15", "2026-02-14", "short"),  # one day short
        ("2026-01-31", "2026-03-01", "met"),  # 31 Jan + 1 month = 1 March
        ("2026-01-31", "2026-02-28", "short"),
        ("2024-01-31", "2024-03-01", "met"),  # leap year: 31 Jan + 1 month is still 1 March
        ("2024-01-31", "2024-02-29", "short"),
        ("2026-03-01", "2026-03-01", "short"),  # support began on the move day
    ],
)
def test_support_began_at_least_a_month_before_the_move(
    start: str, move_in: str, status: str
) -> None:
    found = support_before_move(start=d(start), tenancies=[(d(move_in), None)])
    assert found.status == status
    assert found.met is (status == "met")
    assert found.parameter.status == "assumed"


def test_the_move_is_the_first_move_in_on_or_after_the_start() -> None:
    tenancies = [
        (d("2025-01-01"), d("2025-06-01")),
        (d("2026-05-01"), None),
        (d("2026-03-01"), d("2026-04-01")),
    ]
    found = support_before_move(start=d("2026-01-10"), tenancies=tenancies)
    assert (found.move_in, found.lead_days) == (d("2026-03-01"), 50)
    assert found.text == "Støtten begyndte 50 dage før indflytningen 01.03.2026."


def test_support_that_began_after_the_move() -> None:
    found = support_before_move(start=d("2026-04-01"), tenancies=[(d("2026-03-01"), None)])
    assert (found.status, found.lead_days) == ("after", -31)
    assert found.text == "Støtten begyndte 31 dage efter indflytningen 01.03.2026."
    moved_out = support_before_move(
        start=d("2026-04-01"), tenancies=[(d("2026-03-01"), d("2026-04-01"))]
    )
    assert moved_out.status == "no_move"


def test_a_short_lead_says_what_was_needed() -> None:
    found = support_before_move(start=d("2026-02-01"), tenancies=[(d("2026-02-20"), None)])
    assert found.text == (
        "Støtten begyndte kun 19 dage før indflytningen 20.02.2026, ikke mindst 1 måned før."
    )
    assert found.required_move_in == d("2026-03-01")


# --- continuity ---------------------------------------------------------------------------------


def course(cid: str, method: str, start: str, end: str | None, worker: int | None) -> MethodCourse:
    return MethodCourse(cid, method, d(start), d(end) if end else None, worker)


def test_the_same_worker_across_a_change_of_method() -> None:
    changes = method_changes(
        [
            course("2", "icm", "2026-10-01", None, 7),
            course("1", "cti", "2026-01-01", "2026-10-01", 7),
        ]
    )
    assert [
        (c.before.course_id, c.after.course_id, c.gap_days, c.same_worker) for c in changes
    ] == [("1", "2", 0, True)]


def test_a_new_worker_and_an_unknown_one() -> None:
    changes = method_changes(
        [
            course("1", "sel99", "2025-01-01", None, 3),  # still running when CTI begins
            course("2", "cti", "2025-06-01", "2026-03-01", 4),
            course("3", "sel85", "2026-03-01", None, None),
        ]
    )
    assert [(c.gap_days, c.same_worker) for c in changes] == [(0, False), (0, None)]


def test_the_gap_boundary_golden() -> None:
    before = course("1", "cti", "2025-03-01", "2026-01-01", 1)
    at_90 = course("2", "icm", "2026-04-01", None, 1)  # 90 days after 1 January 2026
    at_91 = course("2", "icm", "2026-04-02", None, 1)
    assert [c.gap_days for c in method_changes([before, at_90])] == [90]
    assert method_changes([before, at_91]) == []


def test_the_same_method_twice_is_no_change() -> None:
    assert (
        method_changes(
            [
                course("1", "icm", "2025-01-01", "2025-06-01", 1),
                course("2", "icm", "2025-06-01", None, 2),
            ]
        )
        == []
    )


# --- caseload limits ----------------------------------------------------------------------------


def test_the_municipalitys_limit_wins_over_the_methods_default() -> None:
    own = caseload_limit("cti", municipal=12, as_of=d("2026-11-21"))
    assert (own.limit, own.source, own.parameter) == (12, "municipality", None)
    default = caseload_limit("act", municipal=None, as_of=d("2026-11-21"))
    assert (default.limit, default.source) == (10, "default")
    assert default.parameter is not None
    assert default.parameter.status == "assumed"
    assert caseload_limit("sel85", municipal=None, as_of=d("2026-11-21")).limit is None


@pytest.mark.parametrize(("count", "over"), [(14, False), (15, False), (16, True)])
def test_over_the_limit_is_more_than_it(count: int, over: bool) -> None:
    assert caseload_limit("icm", municipal=None, as_of=d("2026-11-21")).over(count) is over


def test_without_a_limit_nobody_is_over() -> None:
    assert not caseload_limit("sel99", municipal=None, as_of=d("2026-11-21")).over(1000)


# --- § 85 a: the citizen's choice of a shelter's staff member -----------------------------------


def test_the_choice_is_possible_for_decisions_from_1_july_2026() -> None:
    # L 50, § 2, stk. 2: the law does not apply to § 85 a decisions made before it is in force.
    before = staff_choice_rule(method="cti", decided=d("2026-06-30"), discharged=None)
    assert (before.allowed, before.failed) == (False, "in_force")
    assert before.reason.startswith(
        "Borgeren kan først vælge en medarbejder på en boform fra 01.07.2026: valget gælder kun "
        "afgørelser om § 85 a, der er truffet fra den dag (afgørelsen er truffet den 30.06.2026)."
    )
    assert "politisk aftale" in before.reason
    assert "L 50" in before.reason
    after = staff_choice_rule(method="cti", decided=d("2026-07-01"), discharged=None)
    assert (after.allowed, after.reason, after.parameter.status) == (True, "", "agreed")
    assert after.first_day == d("2026-07-01") == staff_choice_first_day()


def test_the_choice_needs_the_decision_before_the_discharge() -> None:
    # "... når kommunalbestyrelsen har truffet afgørelse om tidsbegrænset hjælp ... inden
    # udskrivning fra boformen efter § 110" (L 50, § 85 a, stk. 3).
    before = staff_choice_rule(method="cti", decided=d("2026-08-10"), discharged=d("2026-08-11"))
    assert before.allowed
    on_the_day = staff_choice_rule(
        method="cti", decided=d("2026-08-11"), discharged=d("2026-08-11")
    )
    assert on_the_day.allowed  # § 176 a's default reading: on the discharge day counts
    strict = staff_choice_rule(
        method="cti", decided=d("2026-08-11"), discharged=d("2026-08-11"), reading="strictly_before"
    )
    assert (strict.allowed, strict.failed) == (False, "discharge")
    after = staff_choice_rule(method="cti", decided=d("2026-08-12"), discharged=d("2026-08-11"))
    assert (after.allowed, after.failed) == (False, "discharge")
    assert after.reason == (
        "Afgørelsen om § 85 a er truffet den 12.08.2026, efter udskrivningen fra boformen den "
        "11.08.2026. Borgeren kan kun vælge en medarbejder på boformen, når afgørelsen er truffet "
        "inden udskrivningen (§ 85 a, stk. 3)."
    )


@pytest.mark.parametrize("method", ["icm", "act", "m_act", "sel85", "sel99"])
def test_the_choice_is_only_for_time_limited_support(method: str) -> None:
    found = staff_choice_rule(method=method, decided=d("2026-11-21"), discharged=None)
    assert (found.allowed, found.failed) == (False, "method")
    assert "kun tidsbegrænset støtte efter § 85 a (CTI)" in found.reason


def test_every_new_value_that_is_not_law_says_why() -> None:
    params = default_parameters()
    names = [
        methods.REVIEW_INTERVAL,
        methods.BEFORE_MOVE,
        methods.CONTINUITY_GAP,
        methods.STAFF_CHOICE,
        *methods.CASELOAD_LIMITS.values(),
    ]
    for name in names:
        for value in params[name].values:
            if value.status != "law":
                assert value.note, (name, value.valid_from)
