"""Where a discharged citizen went, and what that means for their homelessness: one mapping.

Each exit destination (fraflytningssted) is a homelessness situation the citizen goes on in from
the discharge day, housed (off the by-name list), or unknown (the case worker must find out).
``stay_discharge`` applies it; docs/rules.md (Leaving a shelter) gives the reasons.
"""

from __future__ import annotations

from typing import Final

from hjemvej.citizens.models import ListEventKind, Situation
from hjemvej.shelters.models import ExitDestination, Stay

#: The citizen has a home: off the by-name list as housed.
HOUSED: Final = "housed"
#: Nobody knows where the citizen went: a task for the case worker to find out.
UNKNOWN: Final = "unknown"

#: Every exit destination's outcome: a ``Situation`` code, ``HOUSED`` or ``UNKNOWN``.
EXIT_OUTCOMES: Final[dict[str, str]] = {
    ExitDestination.OWN_HOME: HOUSED,
    ExitDestination.OWN_HOME_SUPPORT: HOUSED,
    ExitDestination.CARE_FACILITY: HOUSED,  # botilbud or plejebolig: not homelessness
    ExitDestination.TRANSITIONAL: Situation.TRANSITIONAL,
    ExitDestination.FAMILY_FRIENDS: Situation.SOFA,
    ExitDestination.OTHER_SHELTER: Situation.SHELTER,
    ExitDestination.HOSPITAL: Situation.HOSPITAL_DISCHARGE,
    ExitDestination.PRISON: Situation.PRISON_RELEASE,
    ExitDestination.STREET: Situation.STREET,
    ExitDestination.OTHER: Situation.OTHER,
    ExitDestination.UNKNOWN: UNKNOWN,
}


def exit_outcome(destination: str) -> str:
    """Return the destination's outcome (an unknown or empty destination is ``UNKNOWN``)."""
    return EXIT_OUTCOMES.get(destination, UNKNOWN)


def discharge_message(stay: Stay) -> str:
    """Return, in Danish, the discharge and where it left the citizen (for the page's message)."""
    citizen = stay.citizen
    done = f"Borgeren er udskrevet fra {stay.shelter}."
    current = citizen.situations.filter(end__isnull=True).order_by("-start", "-pk").first()
    if current is not None:
        return (
            f"{done} Borgerens hjemløshedssituation er {current.get_situation_display().lower()} "
            f"fra {current.start:%d.%m.%Y}."
        )
    last = citizen.list_events.order_by("-date", "-id").first()
    if last is None or last.kind == ListEventKind.LEFT:
        reason = f": {last.get_reason_display().lower()}" if last is not None else ""
        return f"{done} Borgeren er ikke længere på by-name-listen{reason}."
    return (
        f"{done} Hvor borgeren er flyttet hen, er uoplyst: sagsbehandleren har fået en opgave "
        "om at finde ud af det."
    )
