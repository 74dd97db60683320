"""What the housing views share: the scoped objects, the form page and the way back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from hjemvej.citizens.models import Citizen
from hjemvej.core.forms import HjemvejForm
from hjemvej.core.pages import attempt, current_user, form_page
from hjemvej.housing.models import Dwelling, Landlord
from hjemvej.housing.selectors import dwellings_for, landlords_for

TEMPLATE = "housing/form.html"
T = TypeVar("T")


def submitted(request: HttpRequest, form: HjemvejForm, call: Callable[..., T]) -> T | None:
    """Call the service with the form's fields on a valid POST; else None (errors on the form).

    The forms name their fields as the services name their arguments.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    return attempt(form, lambda: call(**form.cleaned_data))


def scoped_dwelling(request: HttpRequest, dwelling_pk: int) -> Dwelling:
    """Return the dwelling if it is in the user's municipality, else raise 404."""
    return get_object_or_404(
        dwellings_for(current_user(request)).select_related("landlord"), pk=dwelling_pk
    )


def scoped_landlord(request: HttpRequest, landlord_pk: int) -> Landlord:
    """Return the landlord if it is in the user's municipality, else raise 404."""
    return get_object_or_404(landlords_for(current_user(request)), pk=landlord_pk)


def housing_url(citizen: Citizen) -> str:
    """Return the citizen's housing page."""
    return reverse("housing:citizen", kwargs={"pk": citizen.pk})


def to_housing(request: HttpRequest, citizen: Citizen, message: str) -> HttpResponse:
    """Redirect to the citizen's housing page with a success message."""
    messages.success(request, message)
    return redirect(housing_url(citizen))


def housing_form(
    request: HttpRequest,
    form: HjemvejForm,
    *,
    title: str,
    citizen: Citizen | None = None,
    back_url: str = "",
    submit: str = "Gem",
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Render a housing form: the citizen's (a GET is logged as a read) or the register's."""
    back = back_url or (housing_url(citizen) if citizen is not None else "")
    label = "boligsiden" if citizen is not None else "boligregistret"
    return form_page(
        request,
        form,
        title=title,
        citizen=citizen,
        intro=intro,
        submit=submit,
        cancel_url=back,
        extra={"back_url": back, "back_label": label, **(extra or {})},
        template=TEMPLATE,
    )
