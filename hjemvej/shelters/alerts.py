"""Case workers' alerts: citizens in a stay now whose reimbursed days run out or have run out.

Exact, and fast on a national scale: the vectorised engine (``batch.py``) finds every candidate's
reimbursed days at once, and the current window follows the engine's rule (an anchored window
opens on the first counted day on or after the previous window's anniversary; docs/rules.md, § 177),
walked over periods, not days. The plain engine (``reimburse_plain``) walks the same days one by
one and explains them; here it only names the day a calculation fails on, and a test holds the
two to the same windows and days under every reading.
Two shortcuts keep it fast and change no result:

- a citizen whose counted days in the last 366 days (an upper bound of any window's days before
  today) cannot reach the smallest cap in force less N is not a candidate;
- days before the first day a cap was in force are left out: they carry no cap, so they open no
  window and count towards none (the engine's rule; docs/rules.md, § 177).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import stays_for
from hjemvej.citizens.models import display_name
from hjemvej.core import law
from hjemvej.core.law import problem_in_danish, readings_in_danish
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue
from hjemvej.rules.shelter import Readings, StayTable, reimburse_plain
from hjemvej.rules.shelter.periods import (
    CAP,
)
from hjemvej.rules.shelter.windows import Window, current_windows, window_without_days
from hjemvej.shelters.models import Stay, StayType
from hjemvej.shelters.rules_rows import rate_schedules, stay_records, stay_table

#: Citizens to narrow to: their ids, or a query of their ``pk`` (a subquery, not read here).
CitizenIds = Collection[int] | QuerySet[Any, Any]

DEFAULT_WITHIN = 14


@dataclass(frozen=True)
class AlertRow:
    """A citizen in a stay now, the current window, the days used and the cap."""

    citizen_pk: int
    name: str
    pseudonym: str
    shelter_name: str
    admitted: date  # the current stay's admission
    window_start: date
    window_end: date  # closed-open; for the rolling reading the day after today
    used: int  # reimbursed days in the window before today
    cap: ParameterValue
    days_left: int
    reached_on: date | None  # the first day without reimbursement if the stay goes on

    @property
    def window_last(self) -> date:
        """Return the window's last day."""
        return self.window_end - timedelta(days=1)

    @property
    def cap_days(self) -> int:
        """Return the cap in days."""
        assert isinstance(self.cap.value, int)
        return self.cap.value

    @property
    def past(self) -> bool:
        """Return whether today's day is no longer reimbursed."""
        return self.days_left <= 0


@dataclass
class Alerts:
    """The alerts page: near the cap, past the cap, and what the count rests on."""

    today: date
    within: int
    readings: Readings
    readings_text: list[str]
    fingerprint: str
    cap_today: ParameterValue | None
    in_stay: int = 0  # citizens in a stay tonight in the user's scope
    not_registered: int = 0  # of those, on a shelter not on Tilbudsportalen
    near: list[AlertRow] = field(default_factory=list)
    past: list[AlertRow] = field(default_factory=list)
    problem: str = ""

    @property
    def citizen_ids(self) -> list[int]:
        """Return the citizens shown (by name)."""
        return [row.citizen_pk for row in [*self.past, *self.near]]


class _Tonight(NamedTuple):
    """A stay tonight as an alert row shows it, read as values."""

    citizen_id: int
    name: str
    pseudonym: str
    shelter_name: str
    registered: bool  # the shelter is on Tilbudsportalen
    admitted: date


def _current_stays(user: User, today: date, citizen_ids: CitizenIds | None) -> list[_Tonight]:
    """Return the stays the user may see whose citizen sleeps at a shelter tonight."""
    stays = (
        stays_for(user)
        .filter(stay_type=StayType.STAY, admitted__lte=today)
        .filter(Q(discharged__isnull=True) | Q(discharged__gt=today))
    )
    if citizen_ids is not None:
        stays = stays.filter(citizen_id__in=citizen_ids)
    return [
        _Tonight(citizen_id, display_name(first, last, alias), pseudonym, shelter, registered, on)
        for citizen_id, first, last, alias, pseudonym, shelter, registered, on in stays.order_by(
            "citizen_id", "admitted"
        ).values_list(
            "citizen_id",
            "citizen__first_name",
            "citizen__last_name",
            "citizen__alias",
            "citizen__pseudonym",
            "shelter__name",
            "shelter__on_tilbudsportalen",
            "admitted",
        )
    ]


def _first_capped_day(params: ParameterSet) -> date | None:
    return next((v.valid_from for v in params[CAP].values if v.value is not None), None)


def _smallest_cap(params: ParameterSet, start: date, end: date) -> int | None:
    caps = [v.value for v in params[CAP].between(start, end) if isinstance(v.value, int)]
    return min(caps, default=None)


def _counted_lately(citizen_ids: list[int], today: date) -> dict[int, int]:
    """Return per citizen at least the counted days on registered shelters in the last 366 days."""
    lo = today - timedelta(days=366)
    total: dict[int, int] = defaultdict(int)
    for citizen_id, admitted, discharged in (
        Stay.objects.filter(
            citizen_id__in=citizen_ids, shelter__on_tilbudsportalen=True, admitted__lte=today
        )
        .filter(Q(discharged__isnull=True) | Q(discharged__gte=lo))
        .values_list("citizen_id", "admitted", "discharged")
    ):
        last = min(discharged or today, today)  # the discharge date may count (days=dates)
        total[citizen_id] += max((last - max(admitted, lo)).days + 1, 0)
    return total


#: A citizen's current window ``[start, end)`` and the reimbursed days used in it before today.


def reimbursement_alerts(
    user: User,
    *,
    today: date,
    within: int = DEFAULT_WITHIN,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
    citizen_ids: CitizenIds | None = None,
) -> Alerts:
    """Return the user's citizens in a stay now within ``within`` days of the cap, or past it.

    ``citizen_ids`` narrows it to those citizens, as ids or a query of their ``pk`` (all the user
    may see when None).
    """
    params = params or law.current_parameters()
    readings = readings or Readings()
    try:
        cap_today: ParameterValue | None = params.at(CAP, today)
    except ParameterError:
        cap_today = None
    alerts = Alerts(
        today=today,
        within=within,
        readings=readings,
        readings_text=readings_in_danish(readings),
        fingerprint=params.fingerprint,
        cap_today=cap_today,
    )
    current = _current_stays(user, today, citizen_ids)
    alerts.in_stay = len({s.citizen_id for s in current})
    registered = {s.citizen_id: s for s in current if s.registered}
    alerts.not_registered = alerts.in_stay - len(registered)
    first_capped = _first_capped_day(params)
    smallest = _smallest_cap(params, today - timedelta(days=366), today + timedelta(days=1))
    if not registered or cap_today is None or first_capped is None or smallest is None:
        return alerts
    counted = _counted_lately(list(registered), today)
    candidates = [pk for pk in registered if counted[pk] >= smallest - within]
    if not candidates:
        return alerts
    records = []
    for record in stay_records(
        Stay.objects.filter(citizen_id__in=candidates).order_by("citizen_id", "admitted")
    ):
        if readings.days == "nights":  # see the module's docstring
            if record.discharged is not None and record.discharged <= first_capped:
                continue
            record = record._replace(admitted=max(record.admitted, first_capped))
        records.append(record)
    table = stay_table(records, rate_schedules({r.shelter_id for r in records}))
    try:
        windows = current_windows(table, today=today, params=params, readings=readings)
    except ValueError as exc:
        alerts.problem = _problem(table, exc, today=today, params=params, readings=readings)
        return alerts
    for pk in candidates:
        window = windows.get(str(pk)) or window_without_days(today, readings)
        alert = _alert_row(registered[pk], window, today, params, readings)
        if alert is None or alert.days_left > within:
            continue
        (alerts.past if alert.past else alerts.near).append(alert)
    alerts.past.sort(key=lambda r: (r.days_left, r.name))
    alerts.near.sort(key=lambda r: (r.days_left, r.name))
    return alerts


def _problem(
    table: StayTable, error: ValueError, *, today: date, params: ParameterSet, readings: Readings
) -> str:
    """Return in Danish why the days cannot be counted, as the plain engine names it (the day)."""
    try:
        reimburse_plain(table, as_of=today, params=params, readings=readings)
    except ValueError as exc:
        return problem_in_danish(str(exc))
    return problem_in_danish(str(error))


def _alert_row(
    stay: _Tonight, window: Window, today: date, params: ParameterSet, readings: Readings
) -> AlertRow | None:
    """Return the citizen's alert row from the current window and the days used in it."""
    start, end, used = window
    # The window-start reading holds an anchored window to the cap of its first day.
    held = readings.window == "anchored" and readings.cap == "window_start"
    cap = params.at(CAP, start if held else today)
    if not isinstance(cap.value, int):
        return None
    days_left = cap.value - used
    reached = today + timedelta(days=max(days_left, 0))
    return AlertRow(
        citizen_pk=stay.citizen_id,
        name=stay.name,
        pseudonym=stay.pseudonym,
        shelter_name=stay.shelter_name,
        admitted=stay.admitted,
        window_start=start,
        window_end=end,
        used=used,
        cap=cap,
        days_left=days_left,
        reached_on=reached if days_left > 0 and reached < end else None,
    )
