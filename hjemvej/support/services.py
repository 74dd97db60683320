"""Support courses and contacts; CTI's phases, reviews, the phase-3 assessment, caseload limits.

The method rules (what a phase, a review date or the § 85 a choice of shelter staff is) live in
``hjemvej.rules.support.methods``; these services check input against them and write.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.bounds import Bounds
from hjemvej.core.changes import save_changes
from hjemvej.core.errors import DomainError
from hjemvej.rules.explain import danish_date
from hjemvej.rules.support import methods
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.support.contacts import contact_add as contact_add  # re-exported: the callers
from hjemvej.support.models import (
    CaseloadLimit,
    CourseKind,
    CourseReview,
    CtiAssessment,
    FutureNeed,
    SupportCourse,
)

MAX_CASELOAD_LIMIT = 200


class Unchanged(Enum):
    """A service argument left out: keep the stored value."""

    KEEP = "keep"


KEEP = Unchanged.KEEP


def check_monthly_cost(monthly_cost: Decimal, *, on: date, maximum: str) -> None:
    """Refuse a negative monthly cost or one above its bound (``field="monthly_cost"``)."""
    if monthly_cost < 0:
        raise DomainError("Udgiften kan ikke være negativ.", field="monthly_cost")
    Bounds().amount(monthly_cost, field="monthly_cost", label="udgiften", on=on, maximum=maximum)


def _check_course(decided_on: date, start: date, end: date | None, monthly_cost: Decimal) -> None:
    if end is not None and end < start:
        raise DomainError("Forløbet kan ikke slutte før det begynder.", field="end")
    check_monthly_cost(monthly_cost, on=start, maximum="bounds.support.monthly_cost.max")
    if end is not None and decided_on > end:
        raise DomainError("Afgørelsen kan ikke ligge efter forløbets slut.", field="decided_on")


def _check_method_fields(
    *,
    citizen: Citizen,
    kind: str,
    start: date,
    end: date | None,
    phase1_start: date | None,
    next_review: date | None,
    decided_on: date,
    choice: tuple[Shelter | None, str, date | None],
) -> None:
    """Check CTI's phase 1, the review date and the § 85 a choice against the course's method."""
    if phase1_start is not None:
        if kind != CourseKind.CTI:
            raise DomainError("Fase 1 gælder kun CTI-forløb.", field="phase1_start")
        if phase1_start < start:
            raise DomainError("Fase 1 kan ikke begynde før forløbet.", field="phase1_start")
        first = methods.cti_first_day()
        if phase1_start < first:
            raise DomainError(
                f"CTI's faser kan kun beregnes, når fase 1 begynder {danish_date(first)} eller "
                "senere (parametrene for faserne gælder fra den dag).",
                field="phase1_start",
            )
        if end is not None and phase1_start >= end:
            raise DomainError("Fase 1 skal begynde før forløbets slut.", field="phase1_start")
    if next_review is not None:
        if kind not in methods.REVIEWED_METHODS:
            raise DomainError("Næste opfølgning gælder kun ICM, ACT og M-ACT.", field="next_review")
        if next_review < start:
            raise DomainError(
                "Næste opfølgning kan ikke ligge før forløbets start.", field="next_review"
            )
    _check_staff_choice(citizen=citizen, kind=kind, decided_on=decided_on, choice=choice)


def _check_staff_choice(
    *,
    citizen: Citizen,
    kind: str,
    decided_on: date,
    choice: tuple[Shelter | None, str, date | None],
) -> None:
    """Check the citizen's choice of a shelter's staff member (SEL § 85 a, stk. 3, from L 50).

    The rule (``methods.staff_choice_rule``) needs the § 85 a decision made from the rule's
    first day and before the discharge from a stay at the chosen shelter: the first stay there
    not discharged before the decision, else the last discharge there.
    """
    shelter, name, chosen_on = choice
    if shelter is None and not name and chosen_on is None:
        return
    if shelter is None:
        raise DomainError("Vælg boformen, hvor medarbejderen er ansat.", field="chosen_shelter")
    if not name:
        raise DomainError(
            "Skriv navnet på den medarbejder, borgeren valgte.", field="chosen_staff_name"
        )
    if chosen_on is None:
        raise DomainError("Angiv datoen for borgerens valg.", field="chosen_on")
    stayed = Stay.objects.filter(citizen=citizen, shelter=shelter, admitted__lte=chosen_on)
    if kind in methods.TIME_LIMITED_METHODS and not stayed.exists():
        raise DomainError(
            f"Borgeren har ikke haft ophold på {shelter.name} før {danish_date(chosen_on)}. "
            "Borgeren kan kun vælge en medarbejder på en boform, hvor borgeren har boet.",
            field="chosen_shelter",
        )
    discharges = list(
        Stay.objects.filter(citizen=citizen, shelter=shelter)
        .order_by("admitted", "pk")
        .values_list("discharged", flat=True)
    )
    later = [d for d in discharges if d is None or d >= decided_on]
    discharged = later[0] if later else max((d for d in discharges if d), default=None)
    rule = methods.staff_choice_rule(method=kind, decided=decided_on, discharged=discharged)
    if not rule.allowed:
        field = "chosen_shelter" if rule.failed == "method" else "decided_on"
        raise DomainError(rule.reason, field=field)


def _latest_review(course: SupportCourse) -> CourseReview | None:
    return course.reviews.order_by("-held_on", "-id").first()


def course_build(
    *,
    citizen: Citizen,
    kind: str,
    decided_on: date,
    start: date,
    end: date | None = None,
    worker: User | None = None,
    monthly_cost: Decimal = Decimal(0),
    phase1_start: date | None = None,
    next_review: date | None = None,
    chosen_shelter: Shelter | None = None,
    chosen_staff_name: str = "",
    chosen_on: date | None = None,
) -> SupportCourse:
    """Check a new course as ``course_create`` does; return it unsaved (for a bulk writer too).

    ICM, ACT and M-ACT get their first review date (the default interval from the start when
    none is given).
    """
    if kind not in CourseKind.values:
        raise DomainError("Vælg en indsats.", field="kind")
    _check_course(decided_on, start, end, monthly_cost)
    staff_name = chosen_staff_name.strip()
    _check_method_fields(
        citizen=citizen,
        kind=kind,
        start=start,
        end=end,
        phase1_start=phase1_start,
        next_review=next_review,
        decided_on=decided_on,
        choice=(chosen_shelter, staff_name, chosen_on),
    )
    if kind in methods.REVIEWED_METHODS and next_review is None:
        next_review = methods.next_review(last=start, given=None).due
    return SupportCourse(
        citizen=citizen,
        kind=kind,
        decided_on=decided_on,
        start=start,
        end=end,
        worker=worker,
        monthly_cost=monthly_cost,
        phase1_start=phase1_start,
        next_review=next_review,
        chosen_shelter=chosen_shelter,
        chosen_staff_name=staff_name,
        chosen_on=chosen_on,
    )


def course_created_detail(course: SupportCourse) -> dict[str, object]:
    """Return the audit detail of a new course (``course_create`` and its bulk variant)."""
    return {"kind": course.kind}


def course_create(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    decided_on: date,
    start: date,
    end: date | None = None,
    worker: User | None = None,
    monthly_cost: Decimal = Decimal(0),
    phase1_start: date | None = None,
    next_review: date | None = None,
    chosen_shelter: Shelter | None = None,
    chosen_staff_name: str = "",
    chosen_on: date | None = None,
) -> SupportCourse:
    """Record a decided support course (a decision may follow the start: support began at once).

    CTI may carry the day phase 1 begins; ICM, ACT and M-ACT get their first review date (the
    default interval from the start when none is given); a CTI course may carry the citizen's
    § 85 a choice of a named staff member of a shelter where they stayed. Checked by
    ``course_build``; ``support.courses.courses_create_many`` writes many the same way.
    """
    course = course_build(
        citizen=citizen,
        kind=kind,
        decided_on=decided_on,
        start=start,
        end=end,
        worker=worker,
        monthly_cost=monthly_cost,
        phase1_start=phase1_start,
        next_review=next_review,
        chosen_shelter=chosen_shelter,
        chosen_staff_name=chosen_staff_name,
        chosen_on=chosen_on,
    )
    with transaction.atomic():
        course.save(force_insert=True)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=course,
            detail=course_created_detail(course),
        )
    return course


def course_update(
    *,
    actor: User,
    course: SupportCourse,
    decided_on: date,
    start: date,
    end: date | None,
    worker: User | None,
    monthly_cost: Decimal,
    phase1_start: date | Unchanged | None = KEEP,
    next_review: date | Unchanged | None = KEEP,
    chosen_shelter: Shelter | Unchanged | None = KEEP,
    chosen_staff_name: str | Unchanged = KEEP,
    chosen_on: date | Unchanged | None = KEEP,
) -> SupportCourse:
    """Change a course's dates, worker, cost or method fields (ending it is setting ``end``).

    A method field left out (``KEEP``) keeps its value. Once a review is recorded, the next review
    date follows the latest review; clearing it on a course without reviews sets the default.
    """
    _check_course(decided_on, start, end, monthly_cost)
    new_phase1 = course.phase1_start if isinstance(phase1_start, Unchanged) else phase1_start
    new_review = course.next_review if isinstance(next_review, Unchanged) else next_review
    new_shelter = course.chosen_shelter if isinstance(chosen_shelter, Unchanged) else chosen_shelter
    new_name = (
        course.chosen_staff_name
        if isinstance(chosen_staff_name, Unchanged)
        else chosen_staff_name.strip()
    )
    new_on = course.chosen_on if isinstance(chosen_on, Unchanged) else chosen_on
    _check_method_fields(
        citizen=course.citizen,
        kind=course.kind,
        start=start,
        end=end,
        phase1_start=new_phase1,
        next_review=new_review,
        decided_on=decided_on,
        choice=(new_shelter, new_name, new_on),
    )
    if course.kind in methods.REVIEWED_METHODS:
        latest = _latest_review(course)
        if latest is not None:
            if not isinstance(next_review, Unchanged) and next_review != latest.next_review:
                raise DomainError(
                    "Næste opfølgning følger den seneste opfølgning. Registrér en ny opfølgning "
                    "for at ændre datoen.",
                    field="next_review",
                )
            new_review = latest.next_review
        elif new_review is None:
            new_review = methods.next_review(last=start, given=None).due
    values: dict[str, object] = {
        "decided_on": decided_on,
        "start": start,
        "end": end,
        "worker": worker,
        "monthly_cost": monthly_cost,
        "phase1_start": new_phase1,
        "next_review": new_review,
        "chosen_shelter": new_shelter,
        "chosen_staff_name": new_name,
        "chosen_on": new_on,
    }
    save_changes(actor=actor, instance=course, values=values, citizen=course.citizen)
    return course


def course_review_add(
    *,
    actor: User,
    course: SupportCourse,
    held_on: date,
    today: date,
    summary: str = "",
    next_review: date | None = None,
) -> CourseReview:
    """Record a review of an ICM, ACT or M-ACT course and move the course's next review date.

    Without a next date, the default interval counts from the review. The course's
    ``next_review`` is kept equal to the latest review's next date.
    """
    if course.kind not in methods.REVIEWED_METHODS:
        raise DomainError("Opfølgninger registreres kun på ICM-, ACT- og M-ACT-forløb.")
    if held_on > today:
        raise DomainError("Opfølgningen kan ikke ligge i fremtiden.", field="held_on")
    if held_on < course.start:
        raise DomainError("Opfølgningen kan ikke ligge før forløbets start.", field="held_on")
    if course.end is not None and held_on > course.end:
        raise DomainError(
            f"Forløbet sluttede {danish_date(course.end)}; opfølgningen skal ligge før.",
            field="held_on",
        )
    if next_review is not None and next_review <= held_on:
        raise DomainError(
            "Næste opfølgning skal ligge efter denne opfølgning.", field="next_review"
        )
    due = methods.next_review(last=held_on, given=next_review).due
    with transaction.atomic():
        review = CourseReview.objects.create(
            course=course,
            held_on=held_on,
            summary=summary.strip(),
            next_review=due,
            created_by=actor,
        )
        latest = _latest_review(course)
        if latest is not None and course.next_review != latest.next_review:
            course.next_review = latest.next_review
            course.save(update_fields=["next_review"])
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=course.citizen,
            obj=review,
            detail={"course": course.pk, "fields": ["held_on", "next_review", "summary"]},
        )
    return review


def cti_assessment_record(
    *,
    actor: User,
    course: SupportCourse,
    assessed_on: date,
    future_need: str,
    today: date,
    handed_over_to: str = "",
    handed_over_on: date | None = None,
    note: str = "",
) -> CtiAssessment:
    """Record (or correct) CTI's phase-3 assessment of future needs and the hand-over.

    The assessment belongs to phase 3; a course that ended before phase 3 may be assessed from
    its start.
    """
    if course.kind != CourseKind.CTI:
        raise DomainError("Vurderingen i fase 3 hører kun til CTI-forløb.")
    if course.phase1_start is None:
        raise DomainError(
            "Forløbet har ingen dato for fase 1 endnu. Angiv den på forløbet først.",
            field="assessed_on",
        )
    if future_need not in FutureNeed.values:
        raise DomainError("Vælg borgerens fremtidige behov.", field="future_need")
    if assessed_on > today:
        raise DomainError("Vurderingen kan ikke ligge i fremtiden.", field="assessed_on")
    schedule = methods.cti_schedule(start=course.start, phase1_start=course.phase1_start)
    phase3 = schedule.periods[-1].start
    ended_early = course.end is not None and course.end <= phase3
    if assessed_on < phase3 and not ended_early:
        raise DomainError(
            f"Vurderingen hører til fase {schedule.periods[-1].number}, som begynder "
            f"{danish_date(phase3)}.",
            field="assessed_on",
        )
    if assessed_on < course.start:
        raise DomainError("Vurderingen kan ikke ligge før forløbets start.", field="assessed_on")
    receiver = handed_over_to.strip()
    if handed_over_on is not None:
        if not receiver:
            raise DomainError("Skriv, hvem støtten er overdraget til.", field="handed_over_to")
        if handed_over_on > today:
            raise DomainError("Overdragelsen kan ikke ligge i fremtiden.", field="handed_over_on")
        if handed_over_on < course.phase1_start:
            raise DomainError("Overdragelsen kan ikke ligge før fase 1.", field="handed_over_on")
    values = {
        "assessed_on": assessed_on,
        "future_need": future_need,
        "handed_over_to": receiver,
        "handed_over_on": handed_over_on,
        "note": note.strip(),
    }
    with transaction.atomic():
        assessment, created = CtiAssessment.objects.get_or_create(
            course=course, defaults={**values, "created_by": actor}
        )
        changed = sorted(values)
        if not created:
            changed = sorted(k for k, v in values.items() if getattr(assessment, k) != v)
            for name, value in values.items():
                setattr(assessment, name, value)
            assessment.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            citizen=course.citizen,
            obj=assessment,
            detail={"course": course.pk, "fields": changed},
        )
    return assessment


def caseload_limit_set(
    *, actor: User, municipality: Municipality, kind: str, max_citizens: int | None
) -> CaseloadLimit | None:
    """Set the municipality's fidelity limit for a method; None falls back to the default."""
    if kind not in CourseKind.values:
        raise DomainError("Vælg en indsats.", field="kind")
    if actor.municipality_id != municipality.pk:
        raise DomainError("Du kan kun sætte grænser for din egen kommune.")
    if max_citizens is not None and not 1 <= max_citizens <= MAX_CASELOAD_LIMIT:
        raise DomainError(
            f"Grænsen skal være et helt tal fra 1 til {MAX_CASELOAD_LIMIT}.", field=kind
        )
    with transaction.atomic():
        current = CaseloadLimit.objects.filter(municipality=municipality, kind=kind).first()
        if current is not None and current.max_citizens == max_citizens:
            return current
        if max_citizens is None:
            if current is not None:
                audit.record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=current,
                    detail={"kind": kind, "max_citizens": None},
                )
                current.delete()
            return None
        if current is None:
            current = CaseloadLimit.objects.create(
                municipality=municipality, kind=kind, max_citizens=max_citizens
            )
            action = AuditAction.CREATE
        else:
            current.max_citizens = max_citizens
            current.save(update_fields=["max_citizens"])
            action = AuditAction.UPDATE
        audit.record(
            actor=actor,
            action=action,
            obj=current,
            detail={"kind": kind, "max_citizens": max_citizens},
        )
    return current


def caseload_limits_set(
    *, actor: User, municipality: Municipality, limits: Mapping[str, int | None]
) -> list[CaseloadLimit]:
    """Set several methods' limits at once (all or none); return the municipality's limits."""
    with transaction.atomic():
        for kind, max_citizens in limits.items():
            caseload_limit_set(
                actor=actor, municipality=municipality, kind=kind, max_citizens=max_citizens
            )
        return list(CaseloadLimit.objects.filter(municipality=municipality))
