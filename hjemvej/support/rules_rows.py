"""Support courses as the rules take them: one mapping from a course row to ``SupportCourse``.

The pages, the scenarios and the task engine read many courses at once as plain rows
(``values_list``); each row becomes the rules' ``SupportCourse`` here, in one way, and whether
the citizen was homeless when the course began is read in the same query (``homeless_at_start``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import cast

from django.db.models import Exists, OuterRef, Q

from hjemvej.citizens.models import HomelessnessSituation
from hjemvej.rules.support import Method, SupportCourse

#: The columns ``rules_course`` takes, in order, from a query annotated with
#: ``homeless_at_start=homeless_at_start()``.
COURSE_COLUMNS = (
    "pk",
    "citizen_id",
    "kind",
    "decided_on",
    "start",
    "end",
    "monthly_cost",
    "homeless_at_start",
)


def homeless_at_start() -> Exists:
    """Return whether the course's citizen had an open homelessness situation on its first day.

    The § 85 a extension needs it (``SupportCourse.homeless_at_start``); an annotation on a
    course query, so no query of its own.
    """
    return Exists(
        HomelessnessSituation.objects.filter(
            citizen_id=OuterRef("citizen_id"), start__lte=OuterRef("start")
        ).filter(Q(end__isnull=True) | Q(end__gt=OuterRef("start")))
    )


def rules_course(
    pk: int,
    citizen_id: int,
    kind: str,
    decided_on: date,
    start: date,
    end: date | None,
    monthly_cost: Decimal,
    homeless: bool,
) -> SupportCourse:
    """Return a course row (``COURSE_COLUMNS``) as the rules' course, its cost in øre."""
    return SupportCourse(
        course_id=str(pk),
        citizen_id=str(citizen_id),
        method=cast(Method, kind),
        decision_date=decided_on,
        start=start,
        end=end,
        monthly_cost=int(monthly_cost * 100),
        homeless_at_start=bool(homeless),
    )
