"""A citizen's support: courses (with their method's fields) and contacts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, may_add_contact, policy
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import (
    FORM_METHODS,
    attempt,
    current_user,
    form_page,
    to_page,
)
from hjemvej.shelters.models import Shelter
from hjemvej.support import services as support_services
from hjemvej.support.forms import ContactForm, CourseForm
from hjemvej.support.models import SupportCourse


def _shelters_stayed(citizen: Citizen) -> QuerySet[Shelter]:
    """Return the shelters where the citizen has had a stay (the § 85 a choice is among them)."""
    return Shelter.objects.filter(stays__citizen=citizen).distinct().order_by("name")


def to_support(request: HttpRequest, citizen: Citizen, message: str) -> HttpResponse:
    """Say what was done and go back to the citizen's support tab."""
    messages.success(request, message)
    return redirect("support:citizen", pk=citizen.pk)


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def course_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decided support course, with its method's fields."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = CourseForm(
        request.POST or None,
        municipality_id=citizen.acting_municipality_id,
        shelters=_shelters_stayed(citizen),
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
                phase1_start=data["phase1_start"],
                next_review=data["next_review"],
                chosen_shelter=data["chosen_shelter"],
                chosen_staff_name=data["chosen_staff_name"],
                chosen_on=data["chosen_on"],
            ),
        )
        if course is not None:
            return to_support(
                request, citizen, f"Forløbet {course.get_kind_display()} er oprettet."
            )
    return form_page(
        request,
        form,
        title="Nyt støtteforløb",
        citizen=citizen,
        cancel_url=reverse("support:citizen", kwargs={"pk": citizen.pk}),
    )


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def course_edit(request: HttpRequest, pk: int, course_pk: int) -> HttpResponse:
    """Change a course's dates, worker, cost or method fields; ending it is giving an end date."""
    citizen = scoped_citizen(request, pk)
    course = get_object_or_404(SupportCourse, pk=course_pk, citizen=citizen)
    course.citizen = citizen
    user = current_user(request)
    form = CourseForm(
        request.POST or None,
        municipality_id=citizen.acting_municipality_id,
        editing=True,
        kind=course.kind,
        shelters=_shelters_stayed(citizen),
        reviewed=course.reviews.exists(),
        initial={
            "decided_on": course.decided_on,
            "start": course.start,
            "end": course.end,
            "worker": course.worker_id,
            "monthly_cost": course.monthly_cost,
            "phase1_start": course.phase1_start,
            "next_review": course.next_review,
            "chosen_shelter": course.chosen_shelter_id,
            "chosen_staff_name": course.chosen_staff_name,
            "chosen_on": course.chosen_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def given(name: str) -> Any:
            return data[name] if name in form.fields else support_services.KEEP

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
                phase1_start=given("phase1_start"),
                next_review=given("next_review"),
                chosen_shelter=given("chosen_shelter"),
                chosen_staff_name=given("chosen_staff_name"),
                chosen_on=given("chosen_on"),
            ),
        )
        if saved is not None:
            return to_support(request, citizen, "Forløbet er gemt.")
    return form_page(
        request,
        form,
        title=f"Ret forløb: {course.get_kind_display()}",
        citizen=citizen,
        cancel_url=reverse("support:citizen", kwargs={"pk": citizen.pk}),
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
