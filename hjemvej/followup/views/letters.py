"""Letters: choose a template, fill it in, preview, send; read a sent letter and its PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user
from hjemvej.followup import services
from hjemvej.followup.forms import LETTER_FORMS
from hjemvej.followup.letters import TEMPLATES, LetterText, render_pdf
from hjemvej.followup.letters.sender import has_postal_address
from hjemvej.followup.models import Letter, LetterChannel
from hjemvej.followup.selectors import letter_address, letter_text
from hjemvej.followup.views.common import record_form, tab_url
from hjemvej.housing.models import Grant

TEMPLATE_PARAM = "skabelon"


@policy(Action.SEND_LETTERS)
@never_cache
@FORM_METHODS
def letter_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a letter from a template: choose it, fill it in, see it, then send it."""
    citizen = scoped_citizen(request, pk)
    key = request.GET.get(TEMPLATE_PARAM, "")
    if key not in TEMPLATES:
        audit.record(
            actor=current_user(request),
            action=AuditAction.VIEW,
            citizen=citizen,
            obj=citizen,
            detail={"page": "followup:letter_new"},
        )
        return render(
            request,
            "followup/letter_choose.html",
            {"citizen": citizen, "templates": TEMPLATES.values(), "param": TEMPLATE_PARAM},
        )
    user = current_user(request)
    today = dates.today()
    grants = Grant.objects.filter(citizen=citizen).order_by("-decided_on", "-id")
    form = LETTER_FORMS[key](
        request.POST or None,
        grants=grants,
        initial={"address": letter_address(citizen, today), "channel": LetterChannel.DIGITAL_POST},
    )
    preview: LetterText | None = None
    if request.method == "POST" and form.is_valid():
        values, grant = form.values(), form.cleaned_data.get("grant")
        case_number = form.cleaned_data["case_number"]
        if "send" in request.POST:
            letter = attempt(
                form,
                lambda: services.letter_send(
                    actor=user,
                    citizen=citizen,
                    template=key,
                    values=values,
                    channel=form.cleaned_data["channel"],
                    today=today,
                    grant=grant,
                    case_number=case_number,
                ),
            )
            if letter is not None:
                messages.success(request, f"Brevet »{letter.subject}« er sendt og gemt.")
                return redirect("followup:letter", pk=citizen.pk, letter_pk=letter.pk)
        else:
            preview = attempt(
                form,
                lambda: services.letter_preview(
                    actor=user,
                    citizen=citizen,
                    template=key,
                    values=values,
                    today=today,
                    grant=grant,
                    case_number=case_number,
                ),
            )
    spec = TEMPLATES[key]
    return record_form(
        request,
        form,
        title=f"Nyt brev: {spec.title.lower()}",
        citizen=citizen,
        intro="Udfyld brevet og se det, før du sender det. Skriv aldrig CPR-nummeret.",
        submit="Se brevet",
        extra={
            "preview": preview,
            "letter_form": True,
            # Without the municipality's address, a letter cannot say where to send a complaint.
            "sender_missing": not has_postal_address(citizen.acting_municipality),
        },
    )


@policy(Action.SEND_LETTERS)
@never_cache
@require_http_methods(["GET", "HEAD"])
def letter_detail(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """Show a sent letter as it was sent (rendered again from its stored values)."""
    citizen = scoped_citizen(request, pk)
    letter = get_object_or_404(
        Letter.objects.select_related("sent_by"), pk=letter_pk, citizen=citizen
    )
    audit.record(
        actor=current_user(request),
        action=AuditAction.VIEW,
        citizen=citizen,
        obj=letter,
        detail={"page": "followup:letter"},
    )
    return render(
        request,
        "followup/letter.html",
        {
            "citizen": citizen,
            "letter": letter,
            "text": letter_text(letter),
            "back_url": tab_url(citizen),
            "pdf_url": reverse("followup:letter_pdf", kwargs={"pk": pk, "letter_pk": letter.pk}),
        },
    )


@policy(Action.SEND_LETTERS)
@never_cache
@require_http_methods(["GET", "HEAD"])
def letter_pdf(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """Return a sent letter as PDF, rendered again from its stored values."""
    citizen = scoped_citizen(request, pk)
    letter = get_object_or_404(Letter, pk=letter_pk, citizen=citizen)
    audit.record(
        actor=current_user(request),
        action=AuditAction.EXPORT,
        citizen=citizen,
        obj=letter,
        detail={"format": "pdf"},
    )
    response = HttpResponse(render_pdf(letter_text(letter)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brev-{letter.pk}.pdf"'
    return response
