"""A citizen's support: courses and contacts."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, may_add_contact, policy
from hjemvej.citizens.forms import ContactForm, CourseForm
from hjemvej.citizens.views.detail import scoped_citizen
from hjemvej.citizens.views.edit.common import (
    FORM_METHODS,
    attempt,
    current_user,
    form_page,
    to_page,
)
from hjemvej.core import dates
from hjemvej.support import services as support_services
from hjemvej.support.models import SupportCourse


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def course_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decided support course."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = CourseForm(
        request.POST or None,
        municipality_id=citizen.acting_municipality_id,
        initial={"decided_on": today, "start": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        course = attempt(
            form,
            lambda: support_services.course_create(
                actor=user,
                citizen=citizen,
                kind=data["kind"],
                decided_on=data["decided_on"],
                start=data["start"],
                end=data["end"],
                worker=data["worker"],
                monthly_cost=data["monthly_cost"] or Decimal(0),
            ),
        )
        if course is not None:
            return to_page(request, citizen, f"Forløbet {course.get_kind_display()} er oprettet.")
    return form_page(request, form, title="Nyt støtteforløb", citizen=citizen)


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def course_edit(request: HttpRequest, pk: int, course_pk: int) -> HttpResponse:
    """Change a course's dates, worker or cost; ending it is giving an end date."""
    citizen = scoped_citizen(request, pk)
    course = get_object_or_404(SupportCourse, pk=course_pk, citizen=citizen)
    course.citizen = citizen
    user = current_user(request)
    form = CourseForm(
        request.POST or None,
        municipality_id=citizen.acting_municipality_id,
        editing=True,
        initial={
            "decided_on": course.decided_on,
            "start": course.start,
            "end": course.end,
            "worker": course.worker_id,
            "monthly_cost": course.monthly_cost,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form,
            lambda: support_services.course_update(
                actor=user,
                course=course,
                decided_on=data["decided_on"],
                start=data["start"],
                end=data["end"],
                worker=data["worker"],
                monthly_cost=data["monthly_cost"] or Decimal(0),
            ),
        )
        if saved is not None:
            return to_page(request, citizen, "Forløbet er gemt.")
    return form_page(
        request, form, title=f"Ret forløb: {course.get_kind_display()}", citizen=citizen
    )


@policy(Action.ADD_CONTACT)
@never_cache
@FORM_METHODS
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a contact (support workers: with their own citizens only)."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    if not may_add_contact(user, citizen):
        raise PermissionDenied
    today = dates.today()
    form = ContactForm(
        request.POST or None,
        courses=SupportCourse.objects.filter(citizen=citizen).order_by("-start"),
        initial={"date": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = attempt(
            form,
            lambda: support_services.contact_add(
                actor=user,
                citizen=citizen,
                on=data["date"],
                kind=data["kind"],
                today=today,
                with_whom=data["with_whom"],
                note=data["note"],
                course=data["course"],
            ),
        )
        if contact is not None:
            return to_page(request, citizen, "Kontakten er registreret.")
    return form_page(request, form, title="Ny kontakt", citizen=citizen)
