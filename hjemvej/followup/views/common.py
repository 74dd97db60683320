"""What the follow-up record views share: the objects in scope and the way back to the tab."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from hjemvej.citizens.models import Citizen
from hjemvej.core.forms import HjemvejForm
from hjemvej.core.pages import form_page


def to_tab(request: HttpRequest, citizen: Citizen, message: str) -> HttpResponse:
    """Redirect to the citizen's follow-up tab with a success message."""
    messages.success(request, message)
    return redirect("followup:citizen", pk=citizen.pk)


def tab_url(citizen: Citizen) -> str:
    return reverse("followup:citizen", kwargs={"pk": citizen.pk})


def record_form(
    request: HttpRequest,
    form: HjemvejForm,
    *,
    title: str,
    citizen: Citizen,
    intro: str = "",
    submit: str = "Gem",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render a follow-up form (a GET is logged as a read); cancelling goes to the tab."""
    return form_page(
        request,
        form,
        title=title,
        citizen=citizen,
        intro=intro,
        submit=submit,
        cancel_url=tab_url(citizen),
        extra={"back_url": tab_url(citizen), **(extra or {})},
        template="followup/form.html",
    )
