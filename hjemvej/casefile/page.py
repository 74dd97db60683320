"""Reads for the citizen's page: everything it shows, in a fixed number of queries.

The page asks for one citizen's situations, stays, courses, contacts, consents, list events and
merges once each, and computes the derived facts (current situation, time in homelessness, the
notice deadline of each stay, the law engine's figures) from those rows in Python, so the number
of queries does not grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import (
    Action,
    allowed,
    botilbud_for,
    contacts_for,
    courses_for,
    may_add_contact,
    may_manage_stay_at,
    stays_for,
)
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.borders import paying_pieces
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    Consent,
    ConsentKind,
    HomelessnessSituation,
    ListEventKind,
    Merge,
    RiskOfHomelessness,
)
from hjemvej.citizens.selectors import BorderHistory, border_history
from hjemvej.core.errors import DomainError
from hjemvej.core.formatting import kroner
from hjemvej.core.law import UsedParameter, problem_in_danish, readings_in_danish, used_values
from hjemvej.rules.explain import Step, danish_period
from hjemvej.rules.parameters import (
    ParameterError,
    ParameterSet,
    ParameterValue,
    default_parameters,
)
from hjemvej.shelters.models import Stay
from hjemvej.shelters.selectors import (
    CitizenReimbursement,
    NoticeStatus,
    citizen_reimbursement,
    notice_status,
)
from hjemvej.stats.long_term import LONG_TERM_PARAMETER, days_in_homelessness
from hjemvej.support.models import BotilbudStay, Contact, SupportCourse

STEP_KIND_LABELS = {
    "reimbursed": "Refusion",
    "no_cap": "Refusion uden loft",
    "cap_reached": "Loftet er nået",
    "not_qualifying": "Ingen refusion",
}


# --- Time in homelessness ------------------------------------------------------------------


@dataclass(frozen=True)
class HomelessnessSummary:
    """What the situations say: the current one, the total time, long-term or not."""

    current: HomelessnessSituation | None
    total_days: int
    long_term: bool
    long_term_limit: ParameterValue | None

    @property
    def total_text(self) -> str:
        """Return the total time in Danish: 1 år og 3 måneder (460 dage)."""
        return duration_text(self.total_days)


def duration_text(days: int) -> str:
    """Return a number of days as years and months in Danish, with the days."""
    if days <= 0:
        return "0 dage"
    years, rest = divmod(days, 365)
    months = rest // 30
    parts = []
    if years:
        parts.append(f"{years} år")
    if months:
        parts.append(f"{months} {'måned' if months == 1 else 'måneder'}")
    dage = "dag" if days == 1 else "dage"
    if not parts:
        return f"{days} {dage}"
    return f"{' og '.join(parts)} ({days} {dage})"


def homelessness_summary(
    situations: Sequence[HomelessnessSituation], *, today: date, params: ParameterSet | None = None
) -> HomelessnessSummary:
    """Return the current situation and the days in homelessness up to today (overlaps once)."""
    current = None
    for situation in situations:
        if situation.start <= today and (situation.end is None or situation.end > today):
            current = situation
    total = days_in_homelessness(((s.start, s.end) for s in situations), until=today)
    params = params or default_parameters()
    limit: ParameterValue | None = None
    if LONG_TERM_PARAMETER in params:
        try:
            limit = params.at(LONG_TERM_PARAMETER, today)
        except ParameterError:
            limit = None
    long_term = limit is not None and isinstance(limit.value, int) and total > limit.value
    return HomelessnessSummary(
        current=current, total_days=total, long_term=long_term, long_term_limit=limit
    )


def age_on(birth_date: date | None, today: date) -> int | None:
    """Return the age in whole years on the date."""
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def masked_cpr(citizen: Citizen) -> str:
    """Return the CPR number as DDMMÅÅ-****, or a Danish note when there is none."""
    if not citizen.cpr_token:
        return ""
    try:
        return cpr_codec.mask(cpr_codec.decrypt(citizen.cpr_token))
    except DomainError:
        return "(kan ikke vises)"


def formatted_cpr(number: str) -> str:
    """Return a full CPR number as DDMMÅÅ-XXXX."""
    return f"{number[:6]}-{number[6:]}"


# --- The reimbursement explanation ---------------------------------------------------------


@dataclass
class StepGroup:
    """The explained steps of one stay."""

    stay: Stay | None
    heading: str
    steps: list[Step]


@dataclass
class Explanation:
    """The engine's explanation, ready for the page."""

    as_of: date
    fingerprint: str
    readings: list[str]
    groups: list[StepGroup]
    parameters: list[UsedParameter]
    scenario: tuple[str, ...] = ()

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the parameter values used that are not enacted law."""
        return [p for p in self.parameters if not p.enacted]


@dataclass(frozen=True)
class PaidPart:
    """The days ``[start, end)`` of a stay one municipality pays (``end`` None: open)."""

    municipality: str
    start: date
    end: date | None


def paid_parts(
    citizen: Citizen, stays: list[Stay], history: BorderHistory
) -> dict[int, list[PaidPart]]:
    """Return, per stay whose payment moved inside it, who pays which days (docs/rules.md)."""
    periods = [*history.periods, *history.agreements]
    names = {p.municipality_id: p.municipality.name for p in periods}
    found: dict[int, list[PaidPart]] = {}
    for stay in stays:
        pieces = paying_pieces(
            periods,
            admitted=stay.admitted,
            discharged=stay.discharged,
            fallback=citizen.acting_municipality_id,
        )
        if len(pieces) > 1:
            found[stay.pk] = [
                PaidPart(names.get(p.municipality_id, ""), p.start, p.end) for p in pieces
            ]
    return found


def _part_heading(part: PaidPart) -> str:
    if part.end is None:
        return f"{part.municipality} betaler fra {part.start:%d.%m.%Y}"
    return f"{part.municipality} betaler dagene {danish_period(part.start, part.end)}"


def explanation_for(
    reimbursement: CitizenReimbursement,
    params: ParameterSet | None = None,
    *,
    parts: dict[int, list[PaidPart]] | None = None,
) -> Explanation | None:
    """Group the engine's steps by stay (and by paying part) and collect the values they used."""
    explained = reimbursement.explanation
    if explained is None:
        return None
    params = params or default_parameters()
    by_id = {str(stay.pk): stay for stay in reimbursement.stays}
    groups: dict[tuple[str, int], StepGroup] = {}
    for step in explained.steps:
        stay_id = str(step.data.get("stay_id", ""))
        stay = by_id.get(stay_id)
        split = (parts or {}).get(stay.pk, []) if stay is not None else []
        part = sum(1 for p in split[1:] if p.start <= step.start)
        if (stay_id, part) not in groups:
            heading = (
                f"Ophold {stay_id} på {stay.shelter} fra {stay.admitted:%d.%m.%Y}"
                if stay is not None
                else f"Ophold {stay_id}"
            )
            if split:
                heading = f"{heading}: {_part_heading(split[part])}"
            groups[(stay_id, part)] = StepGroup(stay=stay, heading=heading, steps=[])
        groups[(stay_id, part)].steps.append(step)
    used = used_values((v for step in explained.steps for v in step.parameters), params)
    return Explanation(
        as_of=explained.as_of,
        fingerprint=explained.fingerprint,
        readings=readings_in_danish(explained.readings),
        groups=list(groups.values()),
        parameters=sorted(used, key=lambda p: (p.value.name, p.value.valid_from)),
        scenario=explained.scenario,
    )


# --- The page -------------------------------------------------------------------------------


@dataclass
class StayLine:
    """One stay as the page shows it."""

    stay: Stay
    external: bool
    notice: NoticeStatus
    figures: dict[str, str] = field(default_factory=dict)
    days: int | None = None
    reimbursed_days: int | None = None
    may_manage: bool = False


@dataclass(frozen=True)
class CourseLine:
    """One support course as the page shows it."""

    course: SupportCourse
    monthly_cost: str


@dataclass
class CitizenPage:
    """Everything the citizen's page shows."""

    citizen: Citizen
    today: date
    masked_cpr: str
    age: int | None
    summary: HomelessnessSummary
    on_list: bool
    situations: list[HomelessnessSituation]
    stays: list[StayLine]
    courses: list[CourseLine]
    botilbud: list[BotilbudStay]  # temporary § 107 stays, scoped as the courses
    contacts: list[Contact]
    consents: list[Consent]
    risks: list[RiskOfHomelessness]  # shown to those who follow citizens at risk
    list_events: list[ByNameListEvent]
    merges: list[Merge]
    show_reimbursement: bool
    reimbursement: CitizenReimbursement | None
    explanation: Explanation | None
    problem: str
    totals: dict[str, str]
    can: dict[str, bool]
    shelter_staff_only: bool


def citizen_page(*, user: User, citizen: Citizen, today: date) -> CitizenPage:
    """Gather the citizen's page; ``citizen`` must come from ``citizens_for(user)``."""
    params = default_parameters()
    situations = list(citizen.situations.order_by("start", "id"))
    stays = list(
        stays_for(user, today=today)
        .filter(citizen=citizen)
        .select_related("shelter", "shelter__municipality")
        .order_by("admitted", "id")
    )
    for stay in stays:
        stay.citizen = citizen
    # Shelter staff see other authorities' courses and notes only under the citizen's consent.
    courses = list(
        courses_for(user, today=today)
        .filter(citizen=citizen)
        .select_related("worker")
        .order_by("start", "id")
    )
    botilbud = list(botilbud_for(user, today=today).filter(citizen=citizen).order_by("start", "id"))
    contacts = list(
        contacts_for(user, today=today)
        .filter(citizen=citizen)
        .select_related("course", "created_by")
        .order_by("-date", "-id")
    )
    consents_shown = citizen.consents.all()
    if user.role == Role.SHELTER_STAFF:  # only the consents that concern the shelter
        consents_shown = consents_shown.filter(kind=ConsentKind.SHELTER)
    consents = list(consents_shown.order_by("-given_on", "-id"))
    list_events = list(citizen.list_events.order_by("date", "id"))
    # The kind of risk can be crime or health data: only for those who follow citizens at risk.
    risks = (
        list(citizen.risks.order_by("-noted_on", "-id"))
        if allowed(user, Action.VIEW_AT_RISK)
        else []
    )
    merges = list(
        Merge.objects.filter(Q(target=citizen) | Q(source=citizen))
        .select_related("source", "target", "merged_by")
        .order_by("-merged_at", "-id")
    )
    show_reimbursement = user.role != Role.SHELTER_STAFF
    reimbursement: CitizenReimbursement | None = None
    explanation: Explanation | None = None
    raw_figures: list[dict[str, int]] = []
    problem = ""
    history = border_history(citizen)
    if show_reimbursement and stays:
        parts = paid_parts(citizen, stays, history)
        cuts = {pk: [p.start for p in pieces[1:]] for pk, pieces in parts.items()}
        reimbursement = citizen_reimbursement(
            citizen, as_of=today, stays=stays, params=params, cuts=cuts
        )
        problem = problem_in_danish(reimbursement.problem) if reimbursement.problem else ""
        explanation = explanation_for(reimbursement, params, parts=parts)
        raw_figures = [reimbursement.for_stay(i) for i in range(len(stays))]
        if reimbursement.results is None:
            raw_figures = []
    lines = []
    for index, stay in enumerate(stays):
        figures = raw_figures[index] if raw_figures else {}
        lines.append(
            StayLine(
                stay=stay,
                # External to the municipality acting when the citizen was admitted (issue 14).
                external=stay.shelter.municipality_id
                != (history.acting_on(stay.admitted) or citizen.acting_municipality_id),
                notice=notice_status(
                    admitted=stay.admitted, notified_on=stay.notified_on, today=today, params=params
                ),
                figures={
                    k: kroner(v) for k, v in figures.items() if k not in ("days", "reimbursed_days")
                },
                days=figures.get("days", _nights(stay, today)),
                reimbursed_days=figures.get("reimbursed_days"),
                may_manage=may_manage_stay_at(user, stay.shelter_id),
            )
        )
    totals: dict[str, str] = {}
    if raw_figures:
        for key in ("gross_cost", "own_payment", "reimbursement", "net_cost"):
            totals[key] = kroner(sum(r[key] for r in raw_figures))
        totals["days"] = str(sum(r["days"] for r in raw_figures))
        totals["reimbursed_days"] = str(sum(r["reimbursed_days"] for r in raw_figures))
    last_event = list_events[-1] if list_events else None
    can = {
        "edit": allowed(user, Action.EDIT_CITIZEN),
        "reveal_cpr": allowed(user, Action.REVEAL_CPR) and citizen.has_cpr,
        "admit": allowed(user, Action.MANAGE_STAYS),
        "courses": allowed(user, Action.MANAGE_COURSES),
        "contact": allowed(user, Action.ADD_CONTACT) and may_add_contact(user, citizen),
        "merge": allowed(user, Action.MERGE_CITIZENS),
        "access_copy": allowed(user, Action.MAKE_ACCESS_COPY),
        "risks": allowed(user, Action.VIEW_AT_RISK),
    }
    return CitizenPage(
        citizen=citizen,
        today=today,
        masked_cpr=masked_cpr(citizen),
        age=age_on(citizen.birth_date, today),
        summary=homelessness_summary(situations, today=today, params=params),
        on_list=last_event is not None and last_event.kind == ListEventKind.ENTERED,
        situations=situations,
        stays=lines,
        courses=[CourseLine(course, kroner(course.monthly_cost)) for course in courses],
        botilbud=botilbud,
        contacts=contacts,
        consents=consents,
        risks=risks,
        list_events=list_events,
        merges=merges,
        show_reimbursement=show_reimbursement,
        reimbursement=reimbursement,
        explanation=explanation,
        problem=problem,
        totals=totals,
        can=can,
        shelter_staff_only=user.role == Role.SHELTER_STAFF,
    )


def _nights(stay: Stay, today: date) -> int:
    """Return the stay's nights up to today (a same-day stay counts one)."""
    end = stay.discharged or today
    return max((end - stay.admitted).days, 1 if stay.discharged == stay.admitted else 0)
