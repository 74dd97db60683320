"""Support courses and § 107 stays as the rules take them: one mapping from a row to the engine.

The pages, the scenarios and the task engine read many courses at once as plain rows
(``values_list``); each row becomes the rules' ``SupportCourse`` here, in one way, and whether
the citizen was homeless when the course began is read in the same query (``homeless_at_start``).

A § 107 botilbud stay (``BotilbudStay``) is read twice by § 176 a: as a stay of kind "sel107"
(stk. 1, nr. 2: straight on from a § 110 shelter) and as an expense of method "sel107" (stk. 2:
its cost reimbursed for up to 6 months). ``rules_botilbud`` makes both from one row; the course's
id is ``b`` and the record's pk (``botilbud_course_id``), so it never meets a course's id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet

from hjemvej.citizens.models import HomelessnessSituation
from hjemvej.rules.support import Method, Stay, SupportCourse
from hjemvej.shelters.models import Stay as ShelterStay
from hjemvej.shelters.models import StayType
from hjemvej.support.models import BotilbudStay

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


#: The columns ``rules_botilbud`` takes, in order, from a ``BotilbudStay`` query.
BOTILBUD_COLUMNS = ("pk", "citizen_id", "decided_on", "start", "end", "monthly_cost")
#: The prefix of a § 107 stay's id as the rules' course (``botilbud_course_id``).
BOTILBUD_PREFIX = "b"


def botilbud_course_id(pk: int) -> str:
    """Return the rules' course id of a § 107 stay: never equal to a support course's id."""
    return f"{BOTILBUD_PREFIX}{pk}"


def rules_botilbud(
    pk: int,
    citizen_id: int,
    decided_on: date,
    start: date,
    end: date | None,
    monthly_cost: Decimal,
) -> tuple[SupportCourse, Stay]:
    """Return a § 107 stay row (``BOTILBUD_COLUMNS``) as the rules' expense and stay."""
    course = SupportCourse(
        course_id=botilbud_course_id(pk),
        citizen_id=str(citizen_id),
        method="sel107",
        decision_date=decided_on,
        start=start,
        end=end,
        monthly_cost=int(monthly_cost * 100),
    )
    return course, Stay(str(citizen_id), start, end, "sel107")


def rules_stays(
    citizens: Iterable[int] | QuerySet[Any, Any],
) -> dict[int, list[Stay]]:
    """Return each citizen's § 110 stays and § 107 stays as the rules take them (two queries).

    ``citizens`` is the citizens' ids (or a query of them). § 107 stays come last, after the
    citizen's § 110 stays by admission; the rules sort what they need.
    """
    chosen = citizens if isinstance(citizens, QuerySet) else sorted(set(citizens))
    stays: dict[int, list[Stay]] = defaultdict(list)
    for citizen_id, admitted, discharged in (
        ShelterStay.objects.filter(citizen_id__in=chosen, stay_type=StayType.STAY)
        .order_by("citizen_id", "admitted", "pk")
        .values_list("citizen_id", "admitted", "discharged")
    ):
        stays[citizen_id].append(Stay(str(citizen_id), admitted, discharged))
    for citizen_id, start, end in (
        BotilbudStay.objects.filter(citizen_id__in=chosen)
        .order_by("citizen_id", "start", "pk")
        .values_list("citizen_id", "start", "end")
    ):
        stays[citizen_id].append(Stay(str(citizen_id), start, end, "sel107"))
    return dict(stays)
