"""Gather the task rules' facts for many citizens in a fixed number of queries.

Every query starts from the user's scope (``scope.py``) and reads plain values, never a query per
citizen. The § 177 days come from the alerts' selector, so they are counted exactly as the alerts
page counts them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from django.db.models import Exists, OuterRef, Q

from hjemvej.citizens.models import ByNameListEvent, Citizen, HomelessnessSituation, ListEventKind
from hjemvej.followup.models import ActionPlan, Task, Transition
from hjemvej.followup.tasks.alerts import days_running_out
from hjemvej.followup.tasks.scope import (
    CitizenInfo,
    Gathered,
    OpenStay,
    Scope,
    citizen_info,
    external_stays,
    last_contacts,
    open_stays,
)
from hjemvej.housing.models import Grant, HousingOffer, OfferStatus, Tenancy
from hjemvej.housing.selectors.followup import open_tenancy_risks
from hjemvej.rules.followup import (
    CitizenSupport,
    ContactFacts,
    Course,
    DaysRunningOut,
    Facts,
    PlanFacts,
    RiskFacts,
    StayNotice,
    TransitionFacts,
    UnknownDestination,
    WrittenTask,
)
from hjemvej.rules.followup.model import whole
from hjemvej.rules.followup.shelter import WARNING
from hjemvej.rules.followup.support import REVIEWED_METHODS
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.support import HOUSING_FIRST_METHODS, SupportCourse
from hjemvej.shelters.models import ExitDestination, ExitReason, Stay
from hjemvej.support.models import CtiAssessment
from hjemvej.support.models import SupportCourse as CourseModel
from hjemvej.support.rules_rows import COURSE_COLUMNS, homeless_at_start, rules_course, rules_stays
from hjemvej.support.selectors.tasks import review_due


def _notices(stays: list[OpenStay]) -> list[StayNotice]:
    """Return the stays tonight whose shelter has not notified the acting municipality."""
    return [
        StayNotice(s.citizen_id, s.stay_id, s.shelter_id, s.shelter_name, s.admitted, None)
        for s in stays
        if s.notified_on is None
    ]


def _running_out(
    scope: Scope,
    today: date,
    params: ParameterSet,
    info: dict[int, CitizenInfo],
    stays: list[OpenStay],
) -> list[DaysRunningOut]:
    """Return the alerts' citizens near or past the § 177 cap, as the rules' facts.

    Only the scope's citizens in a stay tonight can be near the cap: the alerts count only
    theirs (one citizen's tab counts one citizen, or nobody).
    """
    within = whole(params.at(WARNING, today))
    tonight = {s.citizen_id for s in stays if s.citizen_id in info}
    return [
        DaysRunningOut(
            citizen_id=citizen_id,
            shelter_name=shelter_name,
            window_start=window_start,
            window_end=window_end,
            used=used,
            cap=cap,
            days_left=days_left,
            reached_on=reached_on,
            case_worker_id=info[citizen_id].case_worker_id,
        )
        for (
            citizen_id,
            shelter_name,
            window_start,
            window_end,
            used,
            cap,
            days_left,
            reached_on,
        ) in days_running_out(
            scope.user, today=today, within=within, params=params, citizen_ids=tonight
        )
    ]


def _unknown_destinations(
    scope: Scope, today: date, info: dict[int, CitizenInfo]
) -> list[UnknownDestination]:
    """Return the discharges to an unknown destination with nothing known of the citizen since.

    Known since: a stay admitted, a situation running, a tenancy running, or a departure from
    the list, from the discharge day on. So the task closes itself when any of them is recorded.
    """
    who, since = OuterRef("citizen_id"), OuterRef("discharged")
    rows = (
        Stay.objects.filter(
            citizen_id__in=scope.citizens.values("pk"),
            discharged__isnull=False,
            discharged__lte=today,
            exit_destination=ExitDestination.UNKNOWN,
        )
        .exclude(exit_reason=ExitReason.DIED)
        .exclude(
            Exists(
                Stay.objects.filter(citizen_id=who, admitted__gte=since).exclude(pk=OuterRef("pk"))
            )
        )
        .exclude(
            Exists(
                HomelessnessSituation.objects.filter(citizen_id=who).filter(
                    Q(end__isnull=True) | Q(end__gt=since)
                )
            )
        )
        .exclude(
            Exists(
                Tenancy.objects.filter(citizen_id=who).filter(
                    Q(move_out__isnull=True) | Q(move_out__gt=since)
                )
            )
        )
        .exclude(
            Exists(
                ByNameListEvent.objects.filter(
                    citizen_id=who, kind=ListEventKind.LEFT, date__gte=since
                )
            )
        )
        .order_by("citizen_id", "discharged")
        .values_list("citizen_id", "pk", "shelter__name", "discharged")
    )
    return [
        UnknownDestination(citizen_id, pk, name, discharged, info[citizen_id].case_worker_id)
        for citizen_id, pk, name, discharged in rows
        if citizen_id in info and discharged is not None
    ]


def _courses(scope: Scope, today: date) -> list[Course]:
    """Return the courses in scope that have not ended."""
    assessed = CtiAssessment.objects.filter(course_id=OuterRef("pk"))
    rows = (
        CourseModel.objects.filter(citizen_id__in=scope.citizens.values("pk"))
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .annotate(assessed=Exists(assessed))
        .order_by("citizen_id", "start", "pk")
        .values_list(
            "pk",
            "citizen_id",
            "kind",
            "worker_id",
            "start",
            "end",
            "phase1_start",
            "next_review",
            "assessed",
        )
    )
    courses = [Course(*row) for row in rows]
    # The next review as the support tab shows it: the stored date, or the default interval
    # from the latest review (the support app's own reading, one query).
    reviewed = [
        CourseModel(
            pk=c.course_id,
            citizen_id=c.citizen_id,
            kind=c.kind,
            worker_id=c.worker_id,
            start=c.start,
            end=c.end,
            next_review=c.next_review,
        )
        for c in courses
        if c.kind in REVIEWED_METHODS
    ]
    due = {r.course_id: r for r in review_due(reviewed)}
    return [
        replace(c, next_review=due[c.course_id].due, review_parameter=due[c.course_id].parameter)
        if c.course_id in due
        else c
        for c in courses
    ]


def _support(scope: Scope, today: date, info: dict[int, CitizenInfo]) -> list[CitizenSupport]:
    """Return every course and § 110 or § 107 stay of those with a running Housing First course."""
    running = (
        CourseModel.objects.filter(
            citizen_id__in=scope.citizens.values("pk"),
            kind__in=sorted(HOUSING_FIRST_METHODS),
            start__lte=today,
        )
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .values("citizen_id")
    )
    courses: dict[int, list[SupportCourse]] = defaultdict(list)
    for row in (
        CourseModel.objects.filter(citizen_id__in=running)
        .annotate(homeless_at_start=homeless_at_start())
        .order_by("citizen_id", "start", "pk")
        .values_list(*COURSE_COLUMNS)
    ):
        courses[row[1]].append(rules_course(*row))
    # § 110 and § 107 stays: a § 107 stay straight after a discharge opens stk. 1, nr. 2's period.
    stays = rules_stays(running)
    return [
        CitizenSupport(pk, tuple(own), tuple(stays.get(pk, ())), info[pk].case_worker_id)
        for pk, own in courses.items()
        if pk in info
    ]


def _plans(scope: Scope) -> dict[int, list[tuple[int, date, date, date | None]]]:
    """Return each citizen's action plans: id, meeting, review by, replaced (oldest first)."""
    plans: dict[int, list[tuple[int, date, date, date | None]]] = defaultdict(list)
    for pk, citizen_id, meeting_on, review_by, replaced_on in (
        ActionPlan.objects.filter(citizen_id__in=scope.citizens.values("pk"))
        .order_by("citizen_id", "meeting_on", "pk")
        .values_list("pk", "citizen_id", "meeting_on", "review_by", "replaced_on")
    ):
        plans[citizen_id].append((pk, meeting_on, review_by, replaced_on))
    return plans


def _plan_facts(
    info: dict[int, CitizenInfo], plans: dict[int, list[tuple[int, date, date, date | None]]]
) -> list[PlanFacts]:
    """Return each citizen's current plan (the latest not replaced) and time on the list."""
    found = []
    for pk, citizen in info.items():
        current = [p for p in plans.get(pk, []) if p[3] is None]
        plan = current[-1] if current else None
        if plan is None and citizen.on_list_since is None:
            continue
        found.append(
            PlanFacts(
                citizen_id=pk,
                on_list_since=citizen.on_list_since,
                plan_id=plan[0] if plan else None,
                review_by=plan[2] if plan else None,
                case_worker_id=citizen.case_worker_id,
            )
        )
    return found


def _transitions(
    scope: Scope,
    today: date,
    info: dict[int, CitizenInfo],
    plans: dict[int, list[tuple[int, date, date, date | None]]],
) -> list[TransitionFacts]:
    """Return the transitions not yet over (not happened, or no outcome recorded)."""
    pending = Transition.objects.filter(citizen_id__in=scope.citizens.values("pk")).filter(
        Q(happened_on__isnull=True) | Q(outcome="")
    )
    rows = list(
        pending.order_by("citizen_id", "expected_on", "pk").values_list(
            "pk",
            "citizen_id",
            "kind",
            "expected_on",
            "notified_on",
            "discharge_agreement_on",
            "happened_on",
            "outcome",
        )
    )
    # No early return without rows: the queries are as many, whatever the data.
    who = pending.values("citizen_id")
    housed = set(
        Citizen.objects.filter(pk__in=who)
        .filter(
            Exists(
                Tenancy.objects.filter(citizen_id=OuterRef("pk")).filter(
                    Q(move_out__isnull=True) | Q(move_out__gt=today)
                )
            )
            | Exists(
                HousingOffer.objects.filter(
                    citizen_id=OuterRef("pk"), status=OfferStatus.ACCEPTED, tenancy__isnull=True
                )
            )
        )
        .values_list("pk", flat=True)
    )
    grants: dict[int, list[date]] = defaultdict(list)
    for citizen_id, decided_on in Grant.objects.filter(citizen_id__in=who).values_list(
        "citizen_id", "decided_on"
    ):
        grants[citizen_id].append(decided_on)
    return [
        TransitionFacts(
            transition_id=pk,
            citizen_id=citizen_id,
            kind=kind,
            expected_on=expected_on,
            notified_on=notified_on,
            discharge_agreement_on=agreement_on,
            happened_on=happened_on,
            outcome=outcome,
            housing_arranged=citizen_id in housed,
            grants_decided=tuple(grants.get(citizen_id, [])),
            plans_made=tuple(p[1] for p in plans.get(citizen_id, [])),
            case_worker_id=info[citizen_id].case_worker_id,
        )
        for pk, citizen_id, kind, expected_on, notified_on, agreement_on, happened_on, outcome in (
            row for row in rows if row[1] in info
        )
    ]


def _risks(scope: Scope, today: date, info: dict[int, CitizenInfo]) -> list[RiskFacts]:
    """Return the unresolved risks to tenancies that have not ended (the housing selector's)."""
    return [
        RiskFacts(
            risk.pk,
            risk.tenancy.citizen_id,
            risk.kind,
            risk.noted_on,
            risk.deadline,
            info[risk.tenancy.citizen_id].case_worker_id,
        )
        for risk in open_tenancy_risks(scope.citizens.values("pk"), today=today)
        if risk.tenancy.citizen_id in info
    ]


def _contacts(
    info: dict[int, CitizenInfo],
    contacts: dict[int, date],
    courses: list[Course],
    external: set[int],
    today: date,
) -> list[ContactFacts]:
    """Return the citizens on the list (not on an external shelter) with their latest contact."""
    workers: dict[int, int] = {}
    for course in courses:
        if course.worker_id is not None and course.start <= today:
            workers.setdefault(course.citizen_id, course.worker_id)
    return [
        ContactFacts(
            citizen_id=pk,
            on_list_since=citizen.on_list_since,
            last_contact=contacts.get(pk),
            case_worker_id=citizen.case_worker_id,
            support_worker_id=workers.get(pk),
        )
        for pk, citizen in info.items()
        if citizen.on_list_since is not None and pk not in external
    ]


def _written(scope: Scope, info: dict[int, CitizenInfo]) -> list[WrittenTask]:
    """Return the hand-written tasks not done."""
    rows = (
        Task.objects.filter(citizen_id__in=scope.citizens.values("pk"), done_on__isnull=True)
        .order_by("due", "pk")
        .values_list("pk", "citizen_id", "title", "due", "assignee_id")
    )
    return [
        WrittenTask(pk, citizen_id, title, due, assignee_id, info[citizen_id].case_worker_id)
        for pk, citizen_id, title, due, assignee_id in rows
        if citizen_id in info
    ]


#: The kinds each group of facts gives (a filter on kinds reads only the facts it needs).
COURSE_KINDS = frozenset({"cti_phase", "cti_assessment", "cti_end", "course_review"})
PLAN_KINDS = frozenset({"action_plan_review", "action_plan_missing"})
TRANSITION_KINDS = frozenset(
    {
        "prison_housing",
        "prison_establishment",
        "prison_action_plan",
        "psychiatric_agreement",
        "transition_outcome",
    }
)


def gather(scope: Scope, *, today: date, params: ParameterSet) -> Gathered:
    """Return every fact the rules need for the scope's citizens on ``today`` (of its kinds)."""

    def wants(*kinds: str) -> bool:
        """Return whether any of the kinds is asked for."""
        return scope.kinds is None or not scope.kinds.isdisjoint(kinds)

    stays = open_stays(scope, today)
    shelters = {s.shelter_id: s.shelter_name for s in stays}
    info = citizen_info(
        scope, today, with_list=not scope.notices_only and wants(*PLAN_KINDS, "no_contact")
    )
    notices = (
        [n for n in _notices(stays) if n.citizen_id in info] if wants("shelter_notice") else []
    )
    if scope.notices_only:
        return Gathered(Facts(notices=notices), info, shelters)
    contacts = last_contacts(scope, today) if wants("weekly_contact", "no_contact") else {}
    external = external_stays(stays, info, contacts)
    courses = _courses(scope, today) if wants(*COURSE_KINDS, "no_contact") else []
    plans = _plans(scope) if wants(*PLAN_KINDS, *TRANSITION_KINDS) else {}
    facts = Facts(
        external_stays=external if wants("weekly_contact") else [],
        notices=notices,
        running_out=(
            _running_out(scope, today, params, info, stays) if wants("reimbursed_days") else []
        ),
        discharges=(
            _unknown_destinations(scope, today, info) if wants("discharge_destination") else []
        ),
        courses=courses if wants(*COURSE_KINDS) else [],
        support=_support(scope, today, info) if wants("sel176a_end") else [],
        plans=_plan_facts(info, plans) if wants(*PLAN_KINDS) else [],
        transitions=_transitions(scope, today, info, plans) if wants(*TRANSITION_KINDS) else [],
        risks=_risks(scope, today, info) if wants("tenancy_risk") else [],
        contacts=(
            _contacts(info, contacts, courses, {s.citizen_id for s in external}, today)
            if wants("no_contact")
            else []
        ),
        written=_written(scope, info) if wants("manual") else [],
    )
    return Gathered(facts, info, shelters)
