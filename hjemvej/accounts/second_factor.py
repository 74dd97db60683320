"""Local accounts: a second factor (TOTP, with django-otp) and changing one's own password.

Users who sign in through the municipality's login get their second factor there; a local account
(a password in Hjemvej) must also give a code from an authenticator app when
``settings.LOCAL_TOTP_REQUIRED`` (see docs/access.md). ``SecondFactorMiddleware`` sends a local
user who has not given one to ``second_factor`` before any other page.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemvej.accounts.policy import Action, policy

logger = logging.getLogger(__name__)


def required(user: Any) -> bool:
    """Whether the user must give a second factor here: a local account, when it is required."""
    return bool(
        settings.LOCAL_TOTP_REQUIRED
        and user.is_authenticated
        and not getattr(user, "oidc_subject", None)
    )


def pending(request: HttpRequest) -> bool:
    """Whether the signed-in user still owes this session a second factor."""
    user: Any = request.user
    return required(user) and not user.is_verified()


def before_second_factor(view: Any) -> Any:
    """Mark a view a user may open before giving the second factor (it, and logging out)."""
    view.before_second_factor = True
    return view


class CodeForm(forms.Form):
    token = forms.CharField(
        label="Kode fra din godkendelses-app",
        min_length=6,
        max_length=6,
        help_text="De 6 cifre, appen viser lige nu.",
        widget=forms.TextInput(
            attrs={
                "class": "form-input input-width-xs",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("Koden er 6 cifre.")
        return token


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else reverse("start")


def _secret(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@before_second_factor
@policy(Action.SIGNED_IN)
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponseBase:
    """Ask for the code; the first time, set up the app (a QR code and the key to type)."""
    if not pending(request):
        return redirect(_next(request))
    user: Any = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        device = device or TOTPDevice.objects.create(user=user, name="Hjemvej", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            logger.info("Andet trin givet: bruger %s", user.pk)
            return redirect(_next(request))
        form.add_error(
            "token",
            "Koden passer ikke. Skriv den kode, appen viser nu; efter flere forkerte koder skal "
            "du vente lidt, før du prøver igen.",
        )
    context: dict[str, Any] = {"form": form, "enrolling": enrolling, "next": _next(request)}
    if enrolling:
        context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
        context["secret"] = _secret(device)
    return render(request, "accounts/second_factor.html", context, status=200)


class DanishPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Den nuværende adgangskode er forkert.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Nuværende adgangskode"
        self.fields["new_password1"].label = "Ny adgangskode"
        self.fields[
            "new_password1"
        ].help_text = "Mindst 12 tegn, ikke en almindelig adgangskode, og ikke kun tal."
        self.fields["new_password2"].label = "Ny adgangskode igen"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input"


@policy(Action.SIGNED_IN)
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponseBase:
    """A local user changes their own password (checked by the password rules in the settings)."""
    user: Any = request.user
    if user.oidc_subject:
        messages.info(request, "Din adgangskode hører til kommunens login og skiftes der.")
        return redirect("start")
    form = DanishPasswordChangeForm(user, request.POST or None)
    if user.password_change_required and request.method != "POST":
        messages.info(request, CHOOSE_YOUR_OWN)
    if request.method == "POST" and form.is_valid():
        form.user.password_change_required = False
        form.save()
        update_session_auth_hash(request, form.user)
        logger.info("Adgangskode skiftet: bruger %s", user.pk)
        messages.success(request, "Din adgangskode er skiftet.")
        return redirect("start")
    return render(request, "accounts/password_change.html", {"form": form})


CHOOSE_YOUR_OWN = (
    "Din adgangskode er sat af en administrator. Vælg din egen adgangskode, før du går videre."
)


class PasswordChangeRequiredMiddleware:
    """Send a user whose password someone else set to »Skift adgangskode« before any other page.

    An administrator who sets another user's password (``accounts.services.user_set_password``)
    therefore cannot use it unseen: the first login with it must choose a new one, and the user
    finds that their own no longer works. Public pages, the code page and logging out open as
    before.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if not getattr(request.user, "password_change_required", False):
            return None
        if view_func is password_change or getattr(view_func, "before_second_factor", False):
            return None
        if getattr(view_func, "policy_action", None) is Action.PUBLIC:
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse("password_change"))


class SecondFactorMiddleware:
    """Send a local user who owes the session a second factor to ``second_factor`` first.

    Public pages (the login page) and the views marked ``before_second_factor`` (the code page and
    logging out) open as before; every other page, the admin's included, waits for the code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if getattr(view_func, "before_second_factor", False):
            return None
        if getattr(view_func, "policy_action", None) is Action.PUBLIC:
            return None
        if not pending(request):
            return None
        return redirect_to_login(request.get_full_path(), login_url=reverse("second_factor"))
