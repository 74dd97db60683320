"""Citizens across municipal borders: the list and one citizen's page, read-only, logged."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import (
    Action,
    agreement_citizens_for,
    allowed,
    border_citizens_for,
    citizens_for,
    policy,
)
from hjemvej.casefile.across import across_page, across_rows
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page
from hjemvej.support import services as support_services
from hjemvej.support.forms import ContactForm
from hjemvej.support.models import SupportCourse


@policy(Action.VIEW_CITIZEN)
@never_cache
@require_http_methods(["GET", "HEAD"])
def across_list(request: HttpRequest) -> HttpResponse:
    """The citizens the user's municipality has handed over or shares with another (logged)."""
    user = current_user(request)
    rows = across_rows(user, today=dates.today())
    audit.record_many(
        actor=user,
        action=AuditAction.VIEW,
        citizen_ids=[row.citizen.pk for row in rows],
        detail={"page": "citizens:across_list"},
    )
    return render(request, "casefile/across_list.html", {"rows": rows})


@policy(Action.VIEW_CITIZEN)
@never_cache
@require_http_methods(["GET", "HEAD"])
def across_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One citizen as the user's municipality reads them across a border (logged)."""
    user = current_user(request)
    today = dates.today()
    if citizens_for(user, today=today).filter(pk=pk).exists():
        return redirect("citizens:detail", pk=pk)  # the user's own citizen: the whole case
    citizen = get_object_or_404(
        border_citizens_for(user, today=today).select_related("acting_municipality"), pk=pk
    )
    audit.record(
        actor=user,
        action=AuditAction.VIEW,
        citizen=citizen,
        obj=citizen,
        detail={"page": "citizens:across"},
    )
    page = across_page(user, citizen, today=today)
    may_contact = (
        allowed(user, Action.ADD_CONTACT)
        and agreement_citizens_for(user, today=today).filter(pk=pk).exists()
    )
    return render(
        request,
        "casefile/across.html",
        {"citizen": citizen, "page": page, "may_contact": may_contact},
    )


@policy(Action.ADD_CONTACT)
@never_cache
@FORM_METHODS
def across_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a contact with a citizen an L 130 agreement lets the user's municipality help.

    The weekly follow-up of a citizen on an external shelter counts a contact by either
    municipality; the note is read by the other only under the citizen's consent.
    """
    user = current_user(request)
    today = dates.today()
    if citizens_for(user, today=today).filter(pk=pk).exists():
        return redirect("citizens:contact_add", pk=pk)  # the user's own citizen
    citizen = get_object_or_404(agreement_citizens_for(user, today=today), pk=pk)
    form = ContactForm(
        request.POST or None, courses=SupportCourse.objects.none(), initial={"date": today}
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
            ),
        )
        if contact is not None:
            messages.success(request, "Kontakten er registreret.")
            return redirect("citizens:across", pk=citizen.pk)
    return form_page(
        request,
        form,
        title="Ny kontakt",
        citizen=citizen,
        intro=(
            f"{citizen.acting_municipality.name} er borgerens handlekommune; jeres kontakt tæller "
            "med i den ugentlige opfølgning. Notatet kan kun læses af handlekommunen, hvis "
            "borgeren har givet samtykke til, at kommunerne må se hinandens kontaktnotater."
        ),
        cancel_url=reverse("citizens:across", kwargs={"pk": citizen.pk}),
    )
