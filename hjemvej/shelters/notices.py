"""The notices of admissions to the acting municipality (§ 110, stk. 6) that need someone's eye.

A notice is *new* when the shelter gave it in the last week, and *due* while it has not been given
(before or after its deadline). The start pages of case workers and shelter staff show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.models import display_name
from hjemvej.rules.parameters import ParameterSet
from hjemvej.shelters.models import Stay
from hjemvej.shelters.selectors import NoticeStatus, current_stays, notice_status

#: How long a notice given counts as new on a start page (a display window, not a rule).
RECENT_DAYS = 7
#: How many notices a start page lists; the count says how many there are in all.
SHOWN = 10


@dataclass(frozen=True)
class NoticeRow:
    """A stay now whose notice is new or due; the citizen by name (the stays are in scope)."""

    stay_id: int
    citizen_id: int
    name: str
    shelter_name: str
    admitted: date
    notice: NoticeStatus


@dataclass(frozen=True)
class Notices:
    """The first ``SHOWN`` notices, the oldest admission first, and how many there are."""

    total: int
    rows: list[NoticeRow]


def open_notices(
    stays: QuerySet[Stay], *, today: date, params: ParameterSet, due_only: bool = False
) -> Notices:
    """Return the stays now (of ``stays``, a ``stays_for`` queryset) whose notice is new or due.

    ``due_only`` keeps those not notified yet. One query, however many stays: the stays tonight
    that await or recently had a notice are read as values (hundreds in a national installation),
    and the first ``SHOWN`` are named. (A count and a sorted ``LIMIT`` made PostgreSQL walk every
    stay by admission date.)
    """
    wanted = Q(notified_on__isnull=True)
    if not due_only:
        wanted |= Q(notified_on__gte=today - timedelta(days=RECENT_DAYS), notified_on__lte=today)
    chosen = sorted(
        stays.filter(wanted, pk__in=current_stays(today).values("pk")).values_list(
            "admitted",
            "pk",
            "citizen_id",
            "notified_on",
            "citizen__first_name",
            "citizen__last_name",
            "citizen__alias",
            "shelter__name",
        )
    )
    rows = [
        NoticeRow(
            stay_id=pk,
            citizen_id=citizen_id,
            name=display_name(first, last, alias),
            shelter_name=shelter_name,
            admitted=admitted,
            notice=notice_status(
                admitted=admitted, notified_on=notified_on, today=today, params=params
            ),
        )
        for admitted, pk, citizen_id, notified_on, first, last, alias, shelter_name in chosen[
            :SHOWN
        ]
    ]
    total = len(chosen)
    return Notices(total=total, rows=rows)


def notice_in_installation(municipality_id: int, today: date) -> bool:
    """Return whether the acting municipality receives the § 110 notice inside Hjemvej.

    It does when it uses this installation: it has begun using Hjemvej (``started_on``, on or
    before the day) and has an active case worker to read the notice. Otherwise the shelter sends
    a letter (``shelters.notice_letter``). docs/rules.md, "The notice across the installation".
    """
    return (
        Municipality.objects.filter(pk=municipality_id, started_on__lte=today).exists()
        and User.objects.filter(
            municipality_id=municipality_id, role=Role.CASE_WORKER, is_active=True
        ).exists()
    )
