"""The law as every page shows it: the parameters in force, their status, the readings, problems.

One home for what the pages say about the law engine's numbers: which parameter set is in force,
a used parameter with its status and the one Danish wording of a value that is not enacted law,
the readings of § 177 in Danish, and the engine's problems as sentences a user can act on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from hjemvej.rules.parameters import (
    Parameter,
    ParameterSet,
    ParameterValue,
    Status,
    default_parameters,
)
from hjemvej.rules.shelter import Readings


def current_parameters() -> ParameterSet:
    """Return the parameter set in force (the one seam for an administrator's own values)."""
    return default_parameters()


READING_TEXTS: dict[str, dict[str, str]] = {
    "window": {
        "anchored": "Refusionsvinduet åbner på borgerens første opholdsdag og løber et år "
        "(Social- og Boligstyrelsens vejledning)",
        "rolling365": "En dag får refusion, når færre dage end loftet har fået refusion i de "
        "foregående 365 dage",
    },
    "cap": {
        "per_day": "Hver dag vurderes efter det loft, der gælder den dag",
        "window_start": "Loftet, der gjaldt, da vinduet åbnede, gælder hele vinduet",
    },
    "days": {
        "nights": "Et ophold tæller sine overnatninger; udskrivningsdagen tæller ikke",
        "dates": "Et ophold tæller alle datoer, også udskrivningsdagen",
    },
}


#: What a value's status means for the reader, in Danish: the one wording, on every page, in
#: every report and export, of a value that is not enacted law.
STATUS_NOTICES: dict[Status, str] = {
    "law": "vedtaget lov",
    "agreed": "politisk aftale, ikke vedtaget lov",
    "assumed": "antaget værdi, ikke vedtaget eller kontrolleret",
    "scenario": "scenarie, ikke gældende regler",
}


def status_notice(value: ParameterValue) -> str:
    """Return what the value's status means: 'politisk aftale, ikke vedtaget lov' and so on."""
    return STATUS_NOTICES[value.status]


@dataclass(frozen=True)
class UsedParameter:
    """A parameter value a calculation used, with its parameter's title; flagged when not law."""

    value: ParameterValue
    title: str

    @property
    def enacted(self) -> bool:
        """Return whether the value is enacted law."""
        return self.value.enacted

    @property
    def notice(self) -> str:
        """Return the Danish wording of the value's status (``STATUS_NOTICES``)."""
        return status_notice(self.value)


def used_values(
    values: Iterable[ParameterValue], params: ParameterSet | None = None
) -> list[UsedParameter]:
    """Return each value once (by parameter and start date) with its parameter's title.

    In the order first met; a value of a parameter the set does not know is titled by its name.
    """
    params = params or current_parameters()
    seen: dict[tuple[str, date], UsedParameter] = {}
    for value in values:
        if (value.name, value.valid_from) not in seen:
            title = params[value.name].title if value.name in params else value.name
            seen[(value.name, value.valid_from)] = UsedParameter(value, title)
    return list(seen.values())


def readings_in_danish(readings: Readings) -> list[str]:
    """Return the readings of § 177 the calculation used, in Danish."""
    return [
        READING_TEXTS["window"][readings.window],
        READING_TEXTS["cap"][readings.cap],
        READING_TEXTS["days"][readings.days],
    ]


def problem_in_danish(problem: str) -> str:
    """Return the engine's problem as a Danish sentence the user can act on."""
    text = problem.strip().rstrip(".")
    if text.startswith("ingen takst den "):
        raw = text.removeprefix("ingen takst den ")
        try:
            day = date.fromisoformat(raw)
            raw = f"{day:%d.%m.%Y}"
        except ValueError:
            pass
        return (
            f"Refusionen kan ikke beregnes: en boform har ingen takst den {raw}. "
            "Bed en administrator om at indsætte boformens takst."
        )
    return f"Refusionen kan ikke beregnes: {text}."


#: The statuses an administrator should check: not enacted law (``STATUS_NOTICES``).
TO_CHECK: tuple[Status, ...] = ("assumed", "agreed")


@dataclass(frozen=True)
class ValueToCheck:
    """One dated value that is not enacted law, and where it stands in time."""

    parameter: Parameter
    value: ParameterValue
    when: str  # "past", "now" or "future"

    @property
    def when_label(self) -> str:
        """Return where the value stands in time, in Danish."""
        return {"past": "tidligere", "now": "i kraft i dag", "future": "fremtidig"}[self.when]

    @property
    def last_day(self) -> date | None:
        """Return the value's last day in force (its period is closed-open), or None if open."""
        end = self.value.valid_to
        return None if end is None else end - timedelta(days=1)


def values_to_check(
    params: ParameterSet, *, today: date, status: Status | None = None, past: bool = False
) -> list[ValueToCheck]:
    """Return every value an administrator should check: assumed or agreed, by parameter.

    The value in force today and later values by default; ``past`` adds the ones no longer in
    force (a past decision may still be recomputed with them). ``status`` keeps one status.
    """
    wanted = (status,) if status is not None else TO_CHECK
    found: list[ValueToCheck] = []
    for parameter in params:
        for value in parameter.values:
            if value.status not in wanted:
                continue
            if value.covers(today):
                when = "now"
            elif value.valid_from > today:
                when = "future"
            else:
                when = "past"
            if when == "past" and not past:
                continue
            found.append(ValueToCheck(parameter, value, when))
    return found
