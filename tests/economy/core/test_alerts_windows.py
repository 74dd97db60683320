"""The alerts' current windows from the batch engine equal the plain engine's explained steps.

The alerts once read each citizen's current window and used days from the plain engine's
explanation (``reimburse_plain``, day by day); now they come from the vectorised engine's periods.
``windows_from_steps`` is that former reading, the oracle: every reading, generated stays and the
boundary days (the cap reached today, a window that closes today, a shelter not on
Tilbudsportalen, a leap day, the reform) must give the same windows, days and alerts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hjemvej.accounts.models import Role
from hjemvej.rules.explain import Step
from hjemvej.rules.parameters import Override, ParameterSet, default_parameters
from hjemvej.rules.shelter import RateSchedule, Readings, StayRow, StayTable, reimburse_plain
from hjemvej.rules.shelter.model import CapReading, DaysReading, WindowReading
from hjemvej.rules.shelter.periods import CAP, anniversary_of
from hjemvej.rules.shelter.windows import Window, current_windows
from hjemvej.shelters.alerts import reimbursement_alerts
from hjemvej.shelters.selectors import citizen_reimbursement
from tests import factories
from tests.economy.core.conftest import TODAY, World, admit

WINDOWS: tuple[WindowReading, ...] = ("anchored", "rolling365")
CAPS: tuple[CapReading, ...] = ("per_day", "window_start")
DAYS: tuple[DaysReading, ...] = ("nights", "dates")
EVERY_READING = [Readings(w, c, d) for w in WINDOWS for c in CAPS for d in DAYS]
SCENARIO = default_parameters().with_overrides(
    [
        Override(CAP, 60, date(2024, 7, 1)),
        Override(CAP, None, date(2026, 1, 1)),  # no cap for a year: days reimbursed, not counted
        Override(CAP, 30, date(2027, 1, 1)),
    ]
)


def window_from_steps(steps: tuple[Step, ...], today: date, readings: Readings) -> Window:
    """Return a citizen's current window and used days as read from the plain engine's steps."""
    if readings.window == "rolling365":
        start, end = today - timedelta(days=365), today + timedelta(days=1)
        used = sum(
            max((min(s.end, today) - max(s.start, start)).days, 0)
            for s in steps
            if s.kind == "reimbursed"
        )
        return start, end, used
    windows = [
        (s.data["window_start"], s.data["window_end"]) for s in steps if "window_start" in s.data
    ]
    if not windows or windows[-1][1] <= today:  # type: ignore[operator]
        return today, anniversary_of(today), 0  # today's day opens a new window
    opened, closes = windows[-1]
    assert isinstance(opened, date)
    assert isinstance(closes, date)
    used = sum(
        s.days for s in steps if s.kind == "reimbursed" and s.data.get("window_start") == opened
    )
    return opened, closes, used


def windows_from_steps(
    table: StayTable, *, today: date, params: ParameterSet, readings: Readings
) -> dict[str, Window]:
    """Return every citizen's window and used days from the plain engine's explanation."""
    _, explanations = reimburse_plain(table, as_of=today, params=params, readings=readings)
    return {
        citizen_id: window_from_steps(explanation.steps, today, readings)
        for citizen_id, explanation in explanations.items()
    }


Compute = Callable[..., dict[str, Window]]


def outcome(
    compute: Compute, table: StayTable, today: date, params: ParameterSet, readings: Readings
) -> dict[str, Window] | str:
    """Return the windows, or 'error' when the engine cannot count the days."""
    try:
        return compute(table, today=today, params=params, readings=readings)
    except ValueError:
        return "error"


# --- Generated stays ------------------------------------------------------------------------

LATE_RATES = RateSchedule((date(2024, 1, 1).toordinal(),), (150_000,))  # no rate before 2024
RATES: list[int | RateSchedule] = [200_000, 90_000, 200_000, 90_000, 200_000, LATE_RATES]


@st.composite
def populations(draw: st.DrawFn) -> list[StayRow]:
    """Citizens with stays in date order around the reform, the cap changes and a leap day."""
    rows: list[StayRow] = []
    earliest = draw(st.sampled_from([date(2022, 6, 1)] * 5 + [date(2017, 6, 1)]))  # 2017: an error
    for c in range(draw(st.integers(1, 5))):
        day = earliest + timedelta(days=draw(st.integers(0, 1500)))
        for k in range(draw(st.integers(1, 6))):
            length = draw(st.one_of(st.integers(0, 5), st.integers(100, 130), st.integers(0, 800)))
            is_open = draw(st.booleans()) and draw(st.booleans())
            discharged = None if is_open else day + timedelta(days=length)
            rows.append(
                StayRow(
                    stay_id=f"s{c}-{k}",
                    citizen_id=f"c{c}",
                    admitted=day,
                    discharged=discharged,
                    daily_rate=draw(st.sampled_from(RATES)),
                    own_payment=draw(st.sampled_from([None, 0, 4_500])),
                    qualifies=draw(st.sampled_from([True, True, True, False])),
                )
            )
            if is_open:
                break
            gap = draw(st.one_of(st.integers(0, 2), st.integers(240, 370), st.integers(0, 400)))
            day = day + timedelta(days=max(length, 1) + gap)
    return rows


def turning_days(table: StayTable, params: ParameterSet) -> tuple[list[date], list[date]]:
    """Return the days a window closes, and the days around which a step begins or ends."""
    closes: set[date] = set()
    steps: set[date] = set()
    for readings in (Readings(), Readings(window="rolling365")):
        _, explained = reimburse_plain(
            table, as_of=date(2031, 1, 1), params=params, readings=readings
        )
        for step in (s for e in explained.values() for s in e.steps):
            if isinstance(end := step.data.get("window_end"), date):
                closes.add(end)
            steps.update(t + timedelta(days=k) for t in (step.start, step.end) for k in (-1, 0, 1))
    return sorted(closes), sorted(steps)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), rows=populations(), scenario=st.booleans())
def test_windows_equal_the_plain_engines_steps(
    data: st.DataObject, rows: list[StayRow], scenario: bool
) -> None:
    table = StayTable.from_rows(rows)
    params = SCENARIO if scenario else default_parameters()
    try:
        closes, turns = turning_days(table, params)
    except ValueError:  # a day without a rate: the error is compared on any day
        closes, turns = [], [TODAY]
    today = data.draw(
        st.one_of(
            st.sampled_from(closes or turns),
            st.sampled_from(turns),
            st.dates(date(2023, 6, 1), date(2029, 1, 1)),
        )
    )
    for readings in EVERY_READING:
        plain = outcome(windows_from_steps, table, today, params, readings)
        batch = outcome(current_windows, table, today, params, readings)
        assert batch == plain, readings


def test_a_day_without_a_rate_is_the_plain_engines_problem() -> None:
    rows = [StayRow("s", "c", date(2023, 11, 1), None, LATE_RATES)]
    table = StayTable.from_rows(rows)
    with pytest.raises(ValueError, match="ingen takst"):
        current_windows(table, today=TODAY, params=default_parameters(), readings=Readings())


# --- Through the selector, against the citizen's own explanation ------------------------------


def _boundary_world(world: World) -> None:
    """Add citizens whose windows and caps turn on today (Saturday 21 November 2026)."""

    def citizen(key: str, start: date = date(2023, 1, 1)) -> None:
        world.citizens[key] = factories.citizen(
            world.users[Role.CASE_WORKER], first_name=key.title(), last_name="Grænse", start=start
        )

    # Cap reached today: 120 nights since 24.07.2026; and one day short of it (119).
    citizen("nul")
    admit(world, "nul", "nul", world.inside, TODAY - timedelta(days=120))
    citizen("en")
    admit(world, "en", "en", world.inside, TODAY - timedelta(days=119))
    # A window opened 21.11.2025 closes today: today opens a new one (nothing used in it).
    citizen("rul")
    admit(world, "rul1", "rul", world.inside, date(2025, 11, 21), date(2026, 1, 10))
    admit(world, "rul2", "rul", world.inside, date(2026, 11, 1))
    # ... and one opened 22.11.2025 closes tomorrow.
    citizen("rest")
    admit(world, "rest1", "rest", world.inside, date(2025, 11, 22), date(2026, 1, 10))
    admit(world, "rest2", "rest", world.inside, date(2026, 11, 1))
    # A leap day window (29.02.2024 to 01.03.2025), then days on an unregistered shelter between
    # registered ones, and a registered stay now.
    citizen("skud")
    admit(world, "skud1", "skud", world.inside, date(2024, 2, 29), date(2024, 9, 1))
    admit(world, "skud2", "skud", world.unregistered, date(2024, 9, 1), date(2025, 12, 1))
    admit(world, "skud3", "skud", world.outside, date(2025, 12, 1), date(2026, 2, 1))
    admit(world, "skud4", "skud", world.inside, date(2026, 10, 1))
    # Across the reform (01.10.2023): uncapped days first, then capped ones, still there.
    citizen("reform")
    admit(world, "reform", "reform", world.outside, date(2023, 6, 1))
    # Registered days up to last week, on an unregistered shelter tonight: no alert.
    citizen("uden")
    admit(world, "uden1", "uden", world.inside, date(2026, 6, 1), date(2026, 11, 14))
    admit(world, "uden2", "uden", world.unregistered, date(2026, 11, 14))


@pytest.mark.django_db
@pytest.mark.parametrize("readings", EVERY_READING, ids=lambda r: r.describe())
def test_alerts_equal_the_citizens_explanation(world: World, readings: Readings) -> None:
    _boundary_world(world)
    # Every citizen in a registered stay tonight is a candidate when the warning is a year.
    alerts = reimbursement_alerts(
        world.users[Role.CASE_WORKER], today=TODAY, within=366, readings=readings
    )
    assert alerts.problem == ""
    rows = {row.citizen_pk: row for row in [*alerts.near, *alerts.past]}
    tonight = {"bent", "dorte", "erik", "nul", "en", "rul", "rest", "skud", "reform"}
    assert set(rows) == {world.citizens[key].pk for key in tonight}
    assert (alerts.in_stay, alerts.not_registered) == (len(tonight) + 2, 2)  # Hans, Uden
    params = default_parameters()
    for key in tonight:
        citizen = world.citizens[key]
        explained = citizen_reimbursement(citizen, as_of=TODAY, readings=readings)
        assert explained.explanation is not None
        start, end, used = window_from_steps(explained.explanation.steps, TODAY, readings)
        row = rows[citizen.pk]
        assert (row.window_start, row.window_end, row.used) == (start, end, used), key
        held = readings.window == "anchored" and readings.cap == "window_start"
        cap = params.at(CAP, start if held else TODAY)
        assert row.cap == cap
        assert row.days_left == int(cap.value) - used  # type: ignore[arg-type]
        reached = TODAY + timedelta(days=max(row.days_left, 0))
        assert row.reached_on == (reached if row.days_left > 0 and reached < end else None)
    if readings == Readings():
        assert rows[world.citizens["nul"].pk].days_left == 0
        assert rows[world.citizens["nul"].pk].past
        assert rows[world.citizens["en"].pk].reached_on == TODAY + timedelta(days=1)
        rul, rest = rows[world.citizens["rul"].pk], rows[world.citizens["rest"].pk]
        assert (rul.window_start, rul.used) == (TODAY, 0)
        assert rest.window_end == TODAY + timedelta(days=1)


@pytest.mark.django_db
def test_some_citizens_only(world: World) -> None:
    _boundary_world(world)
    case_worker = world.users[Role.CASE_WORKER]
    every = reimbursement_alerts(case_worker, today=TODAY, within=366)
    wanted = {world.citizens["nul"].pk, world.citizens["uden"].pk, world.citizens["anna"].pk}
    some = reimbursement_alerts(case_worker, today=TODAY, within=366, citizen_ids=wanted)
    assert (some.in_stay, some.not_registered) == (2, 1)  # Anna is not in a stay tonight
    assert [*some.past, *some.near] == [
        r for r in [*every.past, *every.near] if r.citizen_pk in wanted
    ]
    nobody = reimbursement_alerts(case_worker, today=TODAY, citizen_ids=[])
    assert (nobody.in_stay, nobody.past, nobody.near) == (0, [], [])
