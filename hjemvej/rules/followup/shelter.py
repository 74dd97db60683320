"""Tasks of a § 110 stay: weekly contact on an external shelter, the notice, reimbursed days,
and finding out where a citizen discharged to an unknown destination went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hjemvej.rules.calendar import notice_deadline
from hjemvej.rules.explain import danish_date, danish_period
from hjemvej.rules.followup.model import (
    DueTask,
    Responsible,
    Status,
    days_param,
    make_task,
    whole,
)
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue

CONTACT_INTERVAL = "followup.external_stay.contact_interval_days"
NOTICE = "shelter.notification.working_days"
WARNING = "followup.reimbursed_days.warning_days"
UNKNOWN_DESTINATION = "followup.discharge.unknown_destination_days"


@dataclass(frozen=True)
class ExternalStay:
    """A citizen's stay tonight on a shelter outside the acting municipality."""

    citizen_id: int
    stay_id: int
    shelter_name: str
    admitted: date
    last_contact: date | None  # the citizen's latest contact on or before the day counted
    case_worker_id: int | None


def weekly_contact(stay: ExternalStay, *, as_of: date, params: ParameterSet) -> DueTask:
    """Return the next contact with a citizen on an external § 110 shelter.

    Weekly contact is Randers Kommune's practice (budgetforslag 2026). The interval runs from the
    latest contact after the admission, or from the admission.
    """
    interval, step = days_param(params, CONTACT_INTERVAL, as_of)
    last = stay.last_contact if stay.last_contact and stay.last_contact >= stay.admitted else None
    due = (last or stay.admitted) + step

    def explain() -> str:
        """Return the explanation in Danish."""
        basis = (
            f"Seneste kontakt var den {danish_date(last)}."
            if last is not None
            else "Der har ikke været kontakt siden indskrivningen."
        )
        return (
            f"Borgeren bor på {stay.shelter_name} uden for handlekommunen siden "
            f"{danish_date(stay.admitted)}. {basis} Kontakt borger og boform senest "
            f"{danish_date(due)}: højst {interval.describe()} mellem kontakterne."
        )

    return make_task(
        kind="weekly_contact",
        key=f"weekly_contact:stay:{stay.stay_id}",
        citizen_id=stay.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=Responsible("case", stay.case_worker_id),
        title="Kontakt borger og boform",
        explain=explain,
        parameters=(interval,),
    )


@dataclass(frozen=True)
class StayNotice:
    """A stay tonight whose shelter has not (yet) notified the acting municipality."""

    citizen_id: int
    stay_id: int
    shelter_id: int
    shelter_name: str
    admitted: date
    notified_on: date | None


def shelter_notice(stay: StayNotice, *, as_of: date, params: ParameterSet) -> DueTask | None:
    """Return the shelter's notice to the acting municipality while it is missing (§ 110, stk. 6).

    The deadline is the working days in force on the admission date, counted from the day after
    (weekends and public holidays do not count); admissions before the rule have none.
    """
    if stay.notified_on is not None:
        return None
    try:
        working_days = params.at(NOTICE, stay.admitted)
    except ParameterError:
        return None
    due = notice_deadline(stay.admitted, whole(working_days))
    return make_task(
        kind="shelter_notice",
        key=f"shelter_notice:stay:{stay.stay_id}",
        citizen_id=stay.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=Responsible("shelter", None, stay.shelter_id),
        title="Underret handlekommunen om indskrivningen",
        explain=lambda: (
            f"{stay.shelter_name} indskrev borgeren den {danish_date(stay.admitted)}. Boformen "
            f"skal underrette handlekommunen senest {danish_date(due)}: "
            f"{working_days.describe()}, regnet i hverdage fra dagen efter indskrivningen "
            "(weekender og helligdage tæller ikke)."
        ),
        parameters=(working_days,),
    )


@dataclass(frozen=True)
class DaysRunningOut:
    """A citizen in a stay tonight near or past the cap on § 177 days (from the alerts' engine)."""

    citizen_id: int
    shelter_name: str
    window_start: date
    window_end: date  # closed-open
    used: int
    cap: ParameterValue
    days_left: int
    reached_on: date | None  # the first day without reimbursement if the stay goes on
    case_worker_id: int | None


def reimbursed_days(alert: DaysRunningOut, *, as_of: date, params: ParameterSet) -> DueTask | None:
    """Return the task of a citizen whose days with reimbursement (§ 177, stk. 1) run out.

    Due on the last reimbursed day; past the cap the task is overdue from the day counted.
    """
    warning = params.at(WARNING, as_of)
    status: Status | None = None
    if alert.days_left <= 0:
        due, status = as_of, "overdue"
        title = "Dagene med statsrefusion er brugt op: find en bolig"
    elif alert.reached_on is None or alert.days_left > whole(warning):
        return None
    else:
        due = alert.reached_on - timedelta(days=1)
        title = "Dagene med statsrefusion slipper op: find en bolig"

    def explain() -> str:
        """Return the explanation in Danish."""
        window = danish_period(alert.window_start, alert.window_end)
        if alert.days_left <= 0:
            return (
                f"Borgeren på {alert.shelter_name} har brugt {alert.used} dage med refusion i "
                f"refusionsvinduet {window}; loftet er {alert.cap.describe()}. Kommunen betaler "
                "hele opholdet uden refusion, indtil vinduet udløber."
            )
        return (
            f"Borgeren på {alert.shelter_name} har {alert.days_left} dage med refusion tilbage "
            f"i refusionsvinduet {window} (loft {alert.cap.describe()}). Sidste dag med "
            f"refusion er {danish_date(due)}, hvis opholdet fortsætter; varsel "
            f"{warning.describe()}."
        )

    return make_task(
        kind="reimbursed_days",
        key=f"reimbursed_days:citizen:{alert.citizen_id}",
        citizen_id=alert.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=Responsible("case", alert.case_worker_id),
        title=title,
        explain=explain,
        parameters=(alert.cap, warning),
        status=status,
    )


@dataclass(frozen=True)
class UnknownDestination:
    """A discharge to an unknown destination with nothing recorded of the citizen since.

    Nothing since: no situation, home, stay or departure from the list from the discharge day on.
    """

    citizen_id: int
    stay_id: int
    shelter_name: str
    discharged: date
    case_worker_id: int | None


def discharge_destination(
    discharge: UnknownDestination, *, as_of: date, params: ParameterSet
) -> DueTask:
    """Return the case worker's task to find out where a discharged citizen went.

    Due the parameter's days after the discharge (Hjemvej's assumption: the law sets no time).
    """
    days, step = days_param(params, UNKNOWN_DESTINATION, as_of)
    due = discharge.discharged + step
    return make_task(
        kind="discharge_destination",
        key=f"discharge_destination:stay:{discharge.stay_id}",
        citizen_id=discharge.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=Responsible("case", discharge.case_worker_id),
        title="Find ud af, hvor borgeren er efter udskrivningen",
        explain=lambda: (
            f"{discharge.shelter_name} udskrev borgeren den {danish_date(discharge.discharged)} "
            "til et uoplyst sted, og intet er registreret om borgeren siden. Find ud af, hvor "
            "borgeren bor eller opholder sig, og registrér situationen eller boligen senest "
            f"{danish_date(due)}: {days.describe()} efter udskrivningen."
        ),
        parameters=(days,),
    )
