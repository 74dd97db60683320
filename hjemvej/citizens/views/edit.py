"""Forms that change a citizen's data, all through services.

Each view: the policy decorator (the role may do this at all), the object scope (the citizen from
``citizens_for``; a stay, course, consent or merge of that citizen, else 404; a stay at another
shelter than shelter staff's own, 403), GET shows the form, POST validates and calls the service;
a ``DomainError`` becomes a field error; success redirects to the citizen's page with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.accounts.policy import (
    Action,
    citizens_for,
    may_add_contact,
    may_manage_stay_at,
    policy,
)
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.forms import (
    AdmitNewForm,
    CitizenCreateForm,
    CitizenEditForm,
    ConsentAddForm,
    ConsentWithdrawForm,
    ContactForm,
    CourseForm,
    HjemvejForm,
    MergeSearchForm,
    SituationAddForm,
    SituationEndForm,
    StayAdmitForm,
    StayDischargeForm,
    StayEditForm,
)
from hjemvej.citizens.models import Citizen, Consent, Merge, Situation, SituationSource
from hjemvej.citizens.views.detail import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.shelters import services as shelter_services
from hjemvej.shelters.models import Stay
from hjemvej.support import services as support_services
from hjemvej.support.models import SupportCourse

T = TypeVar("T")
FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _attempt(form: HjemvejForm, action: Callable[[], T]) -> T | None:
    """Run a service call; a DomainError becomes the form's error and None is returned."""
    try:
        return action()
    except DomainError as exc:
        form.add_domain_error(exc)
        return None


def _to_page(request: HttpRequest, citizen: Citizen, message: str) -> HttpResponse:
    """Redirect to the citizen's page with a success message (or to the list when out of scope)."""
    messages.success(request, message)
    if citizens_for(_user(request)).filter(pk=citizen.pk).exists():
        return redirect("citizens:detail", pk=citizen.pk)
    return redirect("citizens:list")


def _form_page(
    request: HttpRequest,
    form: HjemvejForm,
    *,
    title: str,
    citizen: Citizen | None = None,
    intro: str = "",
    submit: str = "Gem",
    cancel_url: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "citizens/form.html",
) -> HttpResponse:
    """Render a form page; a GET for a citizen's form is logged as a read of the citizen."""
    if citizen is not None and request.method != "POST":
        audit.record(
            actor=_user(request),
            action=AuditAction.VIEW,
            citizen=citizen,
            obj=citizen,
            detail={"page": request.resolver_match.view_name if request.resolver_match else ""},
        )
    if not cancel_url:
        cancel_url = (
            reverse("citizens:detail", kwargs={"pk": citizen.pk})
            if citizen is not None
            else reverse("citizens:list")
        )
    context = {
        "form": form,
        "title": title,
        "citizen": citizen,
        "intro": intro,
        "submit": submit,
        "cancel_url": cancel_url,
        **(extra or {}),
    }
    return render(request, template, context, status=200)


# --- Citizens ---------------------------------------------------------------------------


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def citizen_create(request: HttpRequest) -> HttpResponse:
    """Register a new citizen with their first homelessness situation."""
    user = _user(request)
    today = dates.today()
    form = CitizenCreateForm(
        request.POST or None,
        initial={"acting_municipality": user.municipality_id, "situation_start": today},
    )
    municipality = form.fields["acting_municipality"]
    assert isinstance(municipality, ModelChoiceField)
    municipality.queryset = Municipality.objects.filter(pk=user.municipality_id or 0)
    municipality.empty_label = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen = _attempt(
            form,
            lambda: citizen_services.citizen_create(
                actor=user,
                acting_municipality=data["acting_municipality"],
                situation=data["situation"],
                situation_start=data["situation_start"],
                today=today,
                cpr=data["cpr"],
                alias=data["alias"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                gender=data["gender"],
                phone=data["phone"],
                email=data["email"],
                contact_note=data["contact_note"],
                residence_municipality=data["residence_municipality"],
                source=data["source"],
            ),
        )
        if citizen is not None:
            return _to_page(request, citizen, f"{citizen.display_name} er oprettet på listen.")
    return _form_page(
        request,
        form,
        title="Opret borger",
        intro="Borgeren kommer på by-name-listen med den situation, borgeren er i nu.",
        submit="Opret borger",
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def citizen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the citizen's details (the CPR number is never shown in the form)."""
    citizen = scoped_citizen(request, pk)
    user = _user(request)
    initial = {
        name: getattr(citizen, name)
        for name in ("alias", "first_name", "last_name", "birth_date", "gender", "phone", "email")
    }
    initial |= {
        "contact_note": citizen.contact_note,
        "acting_municipality": citizen.acting_municipality_id,
        "residence_municipality": citizen.residence_municipality_id,
    }
    form = CitizenEditForm(request.POST or None, initial=initial, has_cpr=citizen.has_cpr)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in citizen_services.EDITABLE_FIELDS}

        def save() -> Citizen:
            with transaction.atomic():
                fresh = Citizen.objects.select_for_update().get(pk=citizen.pk)
                return citizen_services.citizen_update(
                    actor=user, citizen=fresh, cpr=data["cpr"] or None, **changes
                )

        saved = _attempt(form, save)
        if saved is not None:
            return _to_page(request, saved, "Oplysningerne er gemt.")
    return _form_page(
        request, form, title=f"Ret oplysninger om {citizen.display_name}", citizen=citizen
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def situation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a new homelessness situation."""
    citizen = scoped_citizen(request, pk)
    user = _user(request)
    today = dates.today()
    form = SituationAddForm(request.POST or None, initial={"start": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _attempt(
            form,
            lambda: citizen_services.situation_add(
                actor=user,
                citizen=citizen,
                situation=data["situation"],
                start=data["start"],
                today=today,
                source=data["source"],
                note=data["note"],
            ),
        )
        if created is not None:
            return _to_page(request, citizen, "Den nye situation er registreret.")
    return _form_page(request, form, title="Ny hjemløshedssituation", citizen=citizen)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def situation_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End the current situation: the citizen leaves the by-name list."""
    citizen = scoped_citizen(request, pk)
    user = _user(request)
    today = dates.today()
    form = SituationEndForm(request.POST or None, initial={"end": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def end() -> bool:
            citizen_services.situation_end(
                actor=user,
                citizen=citizen,
                end=data["end"],
                reason=data["reason"],
                today=today,
                note=data["note"],
            )
            return True

        if _attempt(form, end):
            return _to_page(
                request, citizen, "Situationen er afsluttet, og borgeren er gået af listen."
            )
    return _form_page(
        request,
        form,
        title="Afslut situation",
        citizen=citizen,
        intro="Borgerens nuværende situation slutter, og borgeren går af by-name-listen.",
        submit="Afslut situation",
    )


# --- Stays ------------------------------------------------------------------------------


def _scoped_stay(request: HttpRequest, citizen: Citizen, stay_pk: int) -> Stay:
    """Return the citizen's stay; 404 when it is not theirs, 403 at a shelter not the user's."""
    stay = get_object_or_404(Stay.objects.select_related("shelter"), pk=stay_pk, citizen=citizen)
    if not may_manage_stay_at(_user(request), stay.shelter_id):
        raise PermissionDenied
    stay.citizen = citizen
    return stay


@policy(Action.MANAGE_STAYS)
@never_cache
@FORM_METHODS
def stay_admit(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit the citizen to a shelter the user may manage."""
    citizen = scoped_citizen(request, pk)
    user = _user(request)
    today = dates.today()
    form = StayAdmitForm(request.POST or None, user=user, initial={"admitted": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not may_manage_stay_at(user, data["shelter"].pk):
            raise PermissionDenied
        stay = _attempt(
            form,
            lambda: shelter_services.stay_admit(
                actor=user,
                citizen=citizen,
                shelter=data["shelter"],
                admitted=data["admitted"],
                today=today,
                **form.stay_fields(),
            ),
        )
        if stay is not None:
            return _to_page(request, citizen, f"Borgeren er indskrevet på {stay.shelter}.")
    return _form_page(request, form, title="Indskriv på boform", citizen=citizen, submit="Indskriv")


@policy(Action.MANAGE_STAYS)
@never_cache
@FORM_METHODS
def stay_discharge(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """Discharge the citizen from a stay."""
    citizen = scoped_citizen(request, pk)
    stay = _scoped_stay(request, citizen, stay_pk)
    user = _user(request)
    today = dates.today()
    form = StayDischargeForm(request.POST or None, initial={"discharged": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(
            form,
            lambda: shelter_services.stay_discharge(
                actor=user,
                stay=stay,
                discharged=data["discharged"],
                today=today,
                exit_reason=data["exit_reason"],
                exit_destination=data["exit_destination"],
            ),
        )
        if done is not None:
            return _to_page(request, citizen, f"Borgeren er udskrevet fra {stay.shelter}.")
    return _form_page(
        request,
        form,
        title=f"Udskriv fra {stay.shelter}",
        citizen=citizen,
        intro=f"Indskrevet {stay.admitted:%d.%m.%Y}.",
        submit="Udskriv",
    )


@policy(Action.MANAGE_STAYS)
@never_cache
@FORM_METHODS
def stay_edit(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """Correct a stay's dates and details."""
    citizen = scoped_citizen(request, pk)
    stay = _scoped_stay(request, citizen, stay_pk)
    user = _user(request)
    today = dates.today()
    names = (
        "admitted",
        "discharged",
        "stay_type",
        "prior_residence",
        "exit_reason",
        "exit_destination",
        "agreed_daily_rate",
        "own_payment",
        "own_payment_reduced",
        "own_payment_decided_on",
        "notified_on",
    )
    form = StayEditForm(request.POST or None, initial={n: getattr(stay, n) for n in names})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _attempt(
            form,
            lambda: shelter_services.stay_update(
                actor=user,
                stay=stay,
                admitted=data["admitted"],
                discharged=data["discharged"],
                today=today,
                **form.stay_fields(),
            ),
        )
        if saved is not None:
            return _to_page(request, citizen, "Opholdet er rettet.")
    return _form_page(request, form, title=f"Ret ophold på {stay.shelter}", citizen=citizen)


@policy(Action.CREATE_CITIZEN)
@never_cache
@FORM_METHODS
def admit_new(request: HttpRequest) -> HttpResponse:
    """Admit a citizen by CPR number (or a new citizen without one) to a shelter.

    A citizen with the CPR number is admitted without anything about them being shown first;
    otherwise the citizen is created in the shelter situation and admitted, in one transaction.
    """
    user = _user(request)
    today = dates.today()
    initial: dict[str, Any] = {"admitted": today}
    if user.shelter_id is not None and user.shelter is not None:
        initial["acting_municipality"] = user.shelter.municipality_id
    elif user.municipality_id is not None:
        initial["acting_municipality"] = user.municipality_id
    form = AdmitNewForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not may_manage_stay_at(user, data["shelter"].pk):
            raise PermissionDenied

        def admit() -> Stay:
            with transaction.atomic():
                existing = citizen_services.citizen_by_cpr(data["cpr"]) if data["cpr"] else None
                if existing is None:
                    citizen = citizen_services.citizen_create(
                        actor=user,
                        acting_municipality=data["acting_municipality"],
                        situation=Situation.SHELTER,
                        situation_start=data["admitted"],
                        today=today,
                        cpr=data["cpr"],
                        alias=data["alias"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        source=SituationSource.SHELTER,
                    )
                    return shelter_services.stay_admit(
                        actor=user,
                        citizen=citizen,
                        shelter=data["shelter"],
                        admitted=data["admitted"],
                        today=today,
                        **form.stay_fields(),
                    )
                try:
                    return shelter_services.stay_admit(
                        actor=user,
                        citizen=existing,
                        shelter=data["shelter"],
                        admitted=data["admitted"],
                        today=today,
                        **form.stay_fields(),
                    )
                except DomainError as exc:
                    if exc.field != "admitted":
                        raise
                    # Say nothing about where a citizen the user could not see is staying.
                    raise DomainError(
                        "Borgeren er allerede indskrevet på en boform i samme periode. "
                        "Kontakt borgerens handlekommune.",
                        field="admitted",
                    ) from None

        stay = _attempt(form, admit)
        if stay is not None:
            return _to_page(request, stay.citizen, f"Borgeren er indskrevet på {stay.shelter}.")
    return _form_page(
        request,
        form,
        title="Indskriv borger",
        intro=(
            "Skriv borgerens CPR-nummer. Kender Hjemvej borgeren i forvejen, indskrives den "
            "borger; ellers oprettes borgeren. For en borger uden CPR-nummer skrives navn eller "
            "alias."
        ),
        submit="Indskriv",
        cancel_url=reverse("citizens:list"),
    )


# --- Support ----------------------------------------------------------------------------


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def course_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decided support course."""
    citizen = scoped_citizen(request, pk)
    user = _user(request)
    today = dates.today()
    form = CourseForm(
        request.POST or None,
        municipality_id=citizen.acting_municipality_id,
        initial={"decided_on": today, "start": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        course = _attempt(
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
            return _to_page(request, citizen, f"Forløbet {course.get_kind_display()} er oprettet.")
    return _form_page(request, form, title="Nyt støtteforløb", citizen=citizen)


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def course_edit(request: HttpRequest, pk: int, course_pk: int) -> HttpResponse:
    """Change a course's dates, worker or cost; ending it is giving an end date."""
    citizen = scoped_citizen(request, pk)
    course = get_object_or_404(SupportCourse, pk=course_pk, citizen=citizen)
    course.citizen = citizen
    user = _user(request)
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
        saved = _attempt(
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
            return _to_page(request, citizen, "Forløbet er gemt.")
    return _form_page(
        request, form, title=f"Ret forløb: {course.get_kind_display()}", citizen=citizen
    )


@policy(Action.ADD_CONTACT)
@never_cache
@FORM_METHODS
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a contact (support workers: with their own citizens only)."""
    citizen = scoped_citizen(request, pk)
    user = _user(request)
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
        contact = _attempt(
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
            return _to_page(request, citizen, "Kontakten er registreret.")
    return _form_page(request, form, title="Ny kontakt", citizen=citizen)


# --- Consent ----------------------------------------------------------------------------


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the citizen's consent to share information."""
    citizen = scoped_citizen(request, pk)
    user = _user(request)
    today = dates.today()
    form = ConsentAddForm(request.POST or None, initial={"given_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent = _attempt(
            form,
            lambda: citizen_services.consent_add(
                actor=user,
                citizen=citizen,
                recipient=data["recipient"],
                scope=data["scope"],
                given_on=data["given_on"],
                today=today,
            ),
        )
        if consent is not None:
            return _to_page(request, citizen, "Samtykket er registreret.")
    return _form_page(request, form, title="Nyt samtykke", citizen=citizen)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """Record that the citizen withdrew a consent."""
    citizen = scoped_citizen(request, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, citizen=citizen)
    consent.citizen = citizen
    user = _user(request)
    form = ConsentWithdrawForm(request.POST or None, initial={"withdrawn_on": dates.today()})
    if consent.withdrawn_on is not None and request.method == "POST":
        form.is_valid()
        form.add_error(None, "Samtykket er allerede trukket tilbage.")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _attempt(
            form,
            lambda: citizen_services.consent_withdraw(
                actor=user, consent=consent, withdrawn_on=data["withdrawn_on"]
            ),
        )
        if saved is not None:
            return _to_page(request, citizen, "Samtykket er trukket tilbage.")
    return _form_page(
        request,
        form,
        title="Træk samtykke tilbage",
        citizen=citizen,
        intro=(
            f"Samtykke til {consent.recipient}: {consent.scope} "
            f"(givet {consent.given_on:%d.%m.%Y})."
        ),
        submit="Træk tilbage",
    )


# --- Merge ------------------------------------------------------------------------------


def _moving(source: Citizen) -> dict[str, Any]:
    """Return what moves from the source record in a merge, for the confirmation page."""
    return {
        "situations": list(source.situations.order_by("start")),
        "stays": list(source.stays.select_related("shelter").order_by("admitted")),
        "courses": list(source.courses.order_by("start")),
        "contacts": source.contacts.count(),
        "consents": list(source.consents.order_by("given_on")),
        "list_events": source.list_events.count(),
    }


@policy(Action.MERGE_CITIZENS)
@never_cache
@FORM_METHODS
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge another record of the same citizen into this one: search, review, confirm.

    The search is sent by POST so a name never stands in a URL; nothing moves until the user
    confirms on the page that lists what moves.
    """
    citizen = scoped_citizen(request, pk)
    user = _user(request)
    candidates = citizens_for(user).exclude(pk=citizen.pk)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    context: dict[str, Any] = {
        "citizen": citizen,
        "title": f"Læg sammen med {citizen.display_name}",
    }
    if step in ("review", "confirm"):
        raw = request.POST.get("other", "")
        other = get_object_or_404(
            candidates.select_related("acting_municipality"), pk=int(raw) if raw.isdigit() else 0
        )
        context |= {"other": other, "moving": _moving(other), "step": "review"}
        if step == "confirm":
            try:
                done = citizen_services.citizen_merge(actor=user, source=other, target=citizen)
            except DomainError as exc:
                context["error"] = exc.message
            else:
                messages.success(
                    request,
                    f"Posterne er lagt sammen. Sammenlægningen kan fortrydes under "
                    f"»Sammenlægninger« (nr. {done.pk}).",
                )
                return redirect("citizens:detail", pk=citizen.pk)
        else:
            audit.record(
                actor=user,
                action=AuditAction.VIEW,
                citizen=other,
                obj=other,
                detail={"page": "merge"},
            )
        return render(request, "citizens/merge.html", context)
    form = MergeSearchForm(request.POST if step == "search" else None)
    results: list[Citizen] = []
    if step == "search" and form.is_valid():
        words = form.cleaned_data["q"].split()
        query = Q()
        for word in words:
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(alias__icontains=word)
            )
        results = list(candidates.filter(query).order_by("last_name", "first_name", "pk")[:25])
        audit.record_many(
            actor=user,
            action=AuditAction.SEARCH,
            citizen_ids=[c.pk for c in results],
            detail={"page": "merge", "hits": len(results)},
        )
    else:
        audit.record(
            actor=user,
            action=AuditAction.VIEW,
            citizen=citizen,
            obj=citizen,
            detail={"page": "merge"},
        )
    context |= {"form": form, "results": results, "searched": step == "search" and form.is_valid()}
    return render(request, "citizens/merge.html", context)


@policy(Action.MERGE_CITIZENS)
@never_cache
@FORM_METHODS
def unmerge(request: HttpRequest, merge_pk: int) -> HttpResponseBase:
    """Undo a merge (only the merge's target must be in the user's scope)."""
    user = _user(request)
    done = get_object_or_404(
        Merge.objects.filter(target__in=citizens_for(user)).select_related("source", "target"),
        pk=merge_pk,
    )
    if request.method == "POST":
        try:
            citizen_services.citizen_unmerge(actor=user, merge=done)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("citizens:detail", pk=done.target_id)
        messages.success(request, "Sammenlægningen er fortrudt; de to poster er adskilt igen.")
        return redirect("citizens:detail", pk=done.target_id)
    audit.record(
        actor=user,
        action=AuditAction.VIEW,
        citizen=done.target,
        obj=done,
        detail={"page": "unmerge"},
    )
    counts = {label: len(ids) for label, ids in done.moved.items()}
    return render(
        request,
        "citizens/unmerge.html",
        {"merge": done, "counts": counts, "citizen": done.target, "title": "Fortryd sammenlægning"},
    )
