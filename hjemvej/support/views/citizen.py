"""A citizen's support tab: the courses' method structure, reviews, the phase-3 assessment and the
temporary § 107 botilbud stays."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role
from hjemvej.accounts.policy import (
    Action,
    allowed,
    botilbud_for,
    contacts_for,
    courses_for,
    policy,
)
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.formatting import kroner
from hjemvej.core.law import used_values
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page
from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.support import methods
from hjemvej.support import selectors, services
from hjemvej.support.forms import AssessmentForm, ReviewForm
from hjemvej.support.models import Contact, CourseKind, CtiAssessment, SupportCourse

CONTACTS_SHOWN = 20


@policy(Action.VIEW_CITIZEN)
@never_cache
@require_http_methods(["GET", "HEAD"])
def citizen(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the citizen's support courses and § 107 stays (logged as a read)."""
    person = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    audit.record(actor=user, action=AuditAction.VIEW, citizen=person, obj=person)
    params = default_parameters()
    courses = list(
        courses_for(user, today=today)
        .filter(citizen=person)
        .select_related("worker", "chosen_shelter")
        .order_by("start", "id")
    )
    for course in courses:
        course.citizen = person
    facts = selectors.citizen_facts(person)
    structures = [selectors.course_structure(c, today, facts=facts, params=params) for c in courses]
    structures.sort(key=lambda s: (not s.is_open, -s.course.start.toordinal(), -s.course.pk))
    not_enacted = used_values(
        (v for structure in structures for v in structure.parameters if not v.enacted), params
    )
    shelter_staff = user.role == Role.SHELTER_STAFF
    # Shelter staff see the courses and notes only under the citizen's consent (courses_for).
    contacts: list[Contact] = list(
        contacts_for(user, today=today)
        .filter(citizen=person)
        .select_related("course", "created_by")
        .order_by("-date", "-id")[:CONTACTS_SHOWN]
    )
    botilbud = [
        (stay, kroner(stay.monthly_cost))
        for stay in botilbud_for(user, today=today).filter(citizen=person).order_by("-start", "-id")
    ]
    context = {
        "citizen": person,
        "today": today,
        "structures": structures,
        "botilbud": botilbud,
        "changes": selectors.continuity(courses, params),
        "several_methods": len({c.kind for c in courses}) > 1,
        "not_enacted": sorted(not_enacted, key=lambda u: (u.value.name, u.value.valid_from)),
        "contacts": contacts,
        "contacts_shown": CONTACTS_SHOWN,
        "shelter_staff": shelter_staff,
        "can_manage": allowed(user, Action.MANAGE_COURSES),
        "can_contact": allowed(user, Action.ADD_CONTACT) and not shelter_staff,
    }
    return render(request, "support/citizen.html", context)


def _course(request: HttpRequest, pk: int, course_pk: int) -> tuple[Citizen, SupportCourse]:
    person = scoped_citizen(request, pk)
    course = get_object_or_404(SupportCourse, pk=course_pk, citizen=person)
    course.citizen = person
    return person, course


def _back(
    request: HttpRequest, person: Citizen, message: str, *, error: bool = False
) -> HttpResponse:
    (messages.error if error else messages.success)(request, message)
    return redirect("support:citizen", pk=person.pk)


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def review_add(request: HttpRequest, pk: int, course_pk: int) -> HttpResponse:
    """Record a review of an ICM, ACT or M-ACT course and its next date."""
    person, course = _course(request, pk, course_pk)
    if course.kind not in methods.REVIEWED_METHODS:
        return _back(
            request,
            person,
            "Opfølgninger registreres kun på ICM-, ACT- og M-ACT-forløb.",
            error=True,
        )
    user = current_user(request)
    today = dates.today()
    interval = default_parameters().at(methods.REVIEW_INTERVAL, today)
    form = ReviewForm(
        request.POST or None,
        interval=f"{interval.display} ({interval.status_label})",
        initial={"held_on": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = attempt(
            form,
            lambda: services.course_review_add(
                actor=user,
                course=course,
                held_on=data["held_on"],
                today=today,
                summary=data["summary"],
                next_review=data["next_review"],
            ),
        )
        if review is not None:
            return _back(
                request,
                person,
                f"Opfølgningen er registreret. Næste opfølgning: "
                f"{danish_date(review.next_review or today)}.",
            )
    planned = course.next_review
    return form_page(
        request,
        form,
        title=f"Opfølgning på {course.get_kind_display()}",
        citizen=person,
        intro=(
            f"Forløbet begyndte {danish_date(course.start)}."
            + (f" Næste opfølgning var sat til {danish_date(planned)}." if planned else "")
        ),
        cancel_url=reverse("support:citizen", kwargs={"pk": person.pk}),
    )


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def assessment(request: HttpRequest, pk: int, course_pk: int) -> HttpResponse:
    """Record or correct CTI's phase-3 assessment of future needs and the hand-over."""
    person, course = _course(request, pk, course_pk)
    if course.kind != CourseKind.CTI:
        return _back(request, person, "Vurderingen i fase 3 hører kun til CTI-forløb.", error=True)
    if course.phase1_start is None:
        return _back(
            request,
            person,
            "Forløbet har ingen dato for fase 1 endnu. Angiv den på forløbet først.",
            error=True,
        )
    user = current_user(request)
    today = dates.today()
    existing = CtiAssessment.objects.filter(course=course).first()
    initial = (
        {
            "assessed_on": existing.assessed_on,
            "future_need": existing.future_need,
            "handed_over_to": existing.handed_over_to,
            "handed_over_on": existing.handed_over_on,
            "note": existing.note,
        }
        if existing is not None
        else {"assessed_on": today}
    )
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form,
            lambda: services.cti_assessment_record(
                actor=user,
                course=course,
                assessed_on=data["assessed_on"],
                future_need=data["future_need"],
                today=today,
                handed_over_to=data["handed_over_to"],
                handed_over_on=data["handed_over_on"],
                note=data["note"],
            ),
        )
        if saved is not None:
            return _back(request, person, "Vurderingen i fase 3 er gemt.")
    schedule = methods.cti_schedule(start=course.start, phase1_start=course.phase1_start)
    last = schedule.periods[-1]
    intro = (
        f"{last.name} løber {danish_date(last.start)}–"
        f"{danish_date((last.end or last.start) - timedelta(days=1))}. "
        "Vurdér sammen med borgeren, hvilken støtte der er brug for efter CTI, og hvem der "
        "overtager."
    )
    return form_page(
        request,
        form,
        title="Vurdering af fremtidige behov og overdragelse (CTI fase 3)",
        citizen=person,
        intro=intro,
        cancel_url=reverse("support:citizen", kwargs={"pk": person.pk}),
    )
