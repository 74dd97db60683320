"""Citizens with an open course per worker and method, against the fidelity limits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from hjemvej.accounts.models import Role, User
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.support import methods
from hjemvej.support.models import CaseloadLimit, CourseKind, SupportCourse
from hjemvej.support.selectors.structure import worker_name

CASELOAD_KINDS: tuple[str, ...] = tuple(CourseKind.values)


@dataclass(frozen=True)
class CaseloadCell:
    """A worker's citizens in one method today against the limit."""

    kind: str
    count: int
    limit: methods.CaseloadLimit

    @property
    def over(self) -> bool:
        """Return whether the count is over the limit."""
        return self.limit.over(self.count)


@dataclass(frozen=True)
class CaseloadRow:
    """One worker's line (``worker`` None: courses without a worker)."""

    worker: User | None
    cells: list[CaseloadCell]

    @property
    def name(self) -> str:
        """Return the worker's name, or the Danish label for courses without one."""
        return worker_name(self.worker) if self.worker is not None else "Ikke fordelt"

    @property
    def team(self) -> str:
        """Return the worker's team."""
        return self.worker.team if self.worker is not None else ""

    @property
    def total(self) -> int:
        """Return the citizens in all methods (a citizen in two methods counts twice)."""
        return sum(c.count for c in self.cells)

    @property
    def over(self) -> bool:
        """Return whether any method is over its limit."""
        return any(c.over for c in self.cells)


@dataclass(frozen=True)
class Caseload:
    """Citizens with an open course per worker and method today, against the fidelity limits."""

    today: date
    kinds: list[tuple[str, str]]  # (kind, label)
    limits: list[methods.CaseloadLimit]
    rows: list[CaseloadRow]

    @property
    def columns(self) -> list[tuple[methods.CaseloadLimit, str]]:
        """Return each method's limit with the method's Danish label, in column order."""
        return [(limit, label) for limit, (_, label) in zip(self.limits, self.kinds, strict=True)]

    @property
    def not_enacted(self) -> list[tuple[methods.CaseloadLimit, str]]:
        """Return the limits (with labels) taken from default parameters that are not law."""
        return [
            (limit, label)
            for limit, label in self.columns
            if limit.parameter is not None and not limit.parameter.enacted
        ]

    @property
    def totals(self) -> list[int]:
        """Return the citizens per method over all rows."""
        return [sum(row.cells[i].count for row in self.rows) for i in range(len(self.kinds))]

    @property
    def over_count(self) -> int:
        """Return how many lines are over a limit."""
        return sum(1 for row in self.rows if row.over)


def caseload_limits(
    municipality_id: int, today: date, params: ParameterSet | None = None
) -> list[methods.CaseloadLimit]:
    """Return each method's limit in the municipality (its own, else the default; one query)."""
    own = dict(
        CaseloadLimit.objects.filter(municipality_id=municipality_id)
        .order_by()
        .values_list("kind", "max_citizens")
    )
    return [
        methods.caseload_limit(kind, municipal=own.get(kind), as_of=today, params=params)
        for kind in CASELOAD_KINDS
    ]


def caseload(municipality_id: int, today: date, *, worker: User | None = None) -> Caseload:
    """Return the caseload of the municipality's workers today (three queries).

    A citizen counts once per worker and method when they have a course open today (``start`` on
    or before today, no end or an end after it). ``worker`` narrows it to that worker's line.
    Support workers of the municipality are shown with no citizens too; courses without a
    worker form their own line.
    """
    open_courses = SupportCourse.objects.filter(
        citizen__acting_municipality_id=municipality_id,
        citizen__merged_into__isnull=True,
        start__lte=today,
    ).filter(Q(end__isnull=True) | Q(end__gt=today))
    if worker is not None:
        open_courses = open_courses.filter(worker=worker)
    counts: dict[int | None, dict[str, int]] = defaultdict(dict)
    for row in (
        open_courses.values("worker_id", "kind")
        .annotate(citizens=Count("citizen_id", distinct=True))
        .order_by()
    ):
        counts[row["worker_id"]][row["kind"]] = row["citizens"]
    if worker is not None:
        users = [worker]
    else:
        users = list(
            User.objects.filter(
                Q(municipality_id=municipality_id, role=Role.SUPPORT_WORKER, is_active=True)
                | Q(pk__in=[pk for pk in counts if pk is not None])
            ).order_by("team", "first_name", "last_name", "username")
        )
    limits = caseload_limits(municipality_id, today)
    kinds = [(kind, str(CourseKind(kind).label)) for kind in CASELOAD_KINDS]

    def line(user: User | None, found: dict[str, int]) -> CaseloadRow:
        return CaseloadRow(
            user,
            [CaseloadCell(limit.method, found.get(limit.method, 0), limit) for limit in limits],
        )

    rows = [line(user, counts.get(user.pk, {})) for user in users]
    if worker is None and None in counts:
        rows.append(line(None, counts[None]))
    return Caseload(today=today, kinds=kinds, limits=limits, rows=rows)
