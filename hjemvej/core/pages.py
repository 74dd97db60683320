"""What the forms that change a citizen's data share: the user, service errors, the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.accounts.policy import citizens_for
from hjemvej.core.errors import DomainError
from hjemvej.core.forms import HjemvejForm

T = TypeVar("T")
FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])


def current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def signed_in(request: HttpRequest) -> tuple[User, int]:
    """Return the user and their municipality; a user without one has no figures (404)."""
    user = current_user(request)  # @policy lets only signed-in users through
    if user.municipality_id is None:
        raise Http404("Brugeren er ikke knyttet til en kommune.")
    return user, user.municipality_id


def attempt(form: HjemvejForm, action: Callable[[], T]) -> T | None:
    """Run a service call; a DomainError becomes the form's error and None is returned."""
    try:
        return action()
    except DomainError as exc:
        form.add_domain_error(exc)
        return None


def safe_next(request: HttpRequest) -> str:
    """Return the page the form was opened from (``?next=``), when it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def to_page(request: HttpRequest, citizen: models.Model, message: str) -> HttpResponse:
    """Redirect back where the form was opened from, else to the citizen's page (or the list)."""
    messages.success(request, message)
    if target := safe_next(request):
        return redirect(target)
    if citizens_for(current_user(request)).filter(pk=citizen.pk).exists():
        return redirect("citizens:detail", pk=citizen.pk)
    return redirect("citizens:list")


def form_page(
    request: HttpRequest,
    form: HjemvejForm,
    *,
    title: str,
    citizen: models.Model | None = None,
    intro: str = "",
    submit: str = "Gem",
    cancel_url: str = "",
    extra: dict[str, Any] | None = None,
    template: str = "core/form.html",
) -> HttpResponse:
    """Render a form page; a GET for a citizen's form is logged as a read of the citizen."""
    if citizen is not None and request.method != "POST":
        audit.record(
            actor=current_user(request),
            action=AuditAction.VIEW,
            citizen=citizen,
            obj=citizen,
            detail={"page": request.resolver_match.view_name if request.resolver_match else ""},
        )
    if not cancel_url:
        cancel_url = safe_next(request) or (
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
