"""``courses_create_many`` writes what ``course_create`` writes, course by course."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.support.courses import courses_create_many
from hjemvej.support.models import CourseKind, SupportCourse
from hjemvej.support.services import course_build, course_create
from tests import factories
from tests.bulk_same import written

pytestmark = pytest.mark.django_db


def test_the_bulk_variant_writes_the_same_courses_and_audit_entries(worker: User) -> None:
    first = factories.citizen(worker)
    second = factories.citizen(worker, cpr="0202852345")
    courses: list[dict[str, object]] = [
        {"citizen": first, "kind": CourseKind.ICM, "decided_on": date(2026, 2, 1)},
        {
            "citizen": second,
            "kind": CourseKind.SEL85,
            "decided_on": date(2026, 2, 3),
            "monthly_cost": Decimal("4200.50"),
            "end": date(2026, 6, 1),
        },
        {"citizen": first, "kind": CourseKind.CTI, "decided_on": date(2026, 3, 1)},
    ]
    for course in courses:
        course["start"] = course["decided_on"]

    def one_by_one() -> list[Citizen]:
        for course in courses:
            course_create(actor=worker, **course)  # type: ignore[arg-type]
        return [first, second]

    def in_bulk() -> list[Citizen]:
        checked = [course_build(**course) for course in courses]  # type: ignore[arg-type]
        courses_create_many(actor=worker, courses=checked)
        return [first, second]

    single = written(one_by_one, (SupportCourse,))
    bulk = written(in_bulk, (SupportCourse,))
    assert len(single["support.SupportCourse"]) == 3
    assert single["support.SupportCourse"][0]["next_review"] is not None  # the default
    assert len(single["audit"]) == 3
    assert single["chain_broken"] == []
    assert bulk == single


def test_a_course_against_the_rules_is_refused_as_course_create_refuses_it(worker: User) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError) as refused:
        course_build(
            citizen=citizen,
            kind=CourseKind.SEL85,
            decided_on=date(2026, 2, 1),
            start=date(2026, 2, 1),
            next_review=date(2026, 5, 1),
        )
    assert refused.value.field == "next_review"
