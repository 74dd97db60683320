"""Login, logout and the audit log."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from hjemvej.accounts import oidc
from hjemvej.accounts.audit_words import KINDS, describe, detail_items, object_word
from hjemvej.accounts.forms import LoginForm
from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.accounts.oidc_views import ID_TOKEN_KEY, provider_logout_url
from hjemvej.accounts.policy import Action, policy
from hjemvej.accounts.second_factor import before_second_factor
from hjemvej.accounts.selectors import audit_entries


@policy(Action.PUBLIC)
def login(request: HttpRequest) -> HttpResponseBase:
    """Show the login form; django-axes locks a user out after repeated failures."""
    view = auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
        extra_context={"municipal_login": oidc.configured()},
    )
    return view(request)


@before_second_factor
@policy(Action.SIGNED_IN)
@require_POST
def logout(request: HttpRequest) -> HttpResponseBase:
    """Log out (POST only, so a link or an image cannot log a user out).

    A user who signed in through the municipality's login is then sent to the provider's logout
    too, when it has one, so that the next login there asks again.
    """
    provider_logout = provider_logout_url(request, request.session.get(ID_TOKEN_KEY, ""))
    response = auth_views.LogoutView.as_view()(request)
    return HttpResponseRedirect(provider_logout) if provider_logout else response


AUDIT_PAGE_SIZE = 50
# A citizen is looked up by id or pseudonym only: never by name or CPR, which must not be in a URL.
CITIZEN_KEY = re.compile(r"\d{1,8}|[Bb][0-9A-Fa-f]{12}")


#: The days the audit log's filter accepts: no entry is older than Hjemvej, none is in the future
#: (the last day is far enough ahead for any clock, and far from the end of the calendar).
AUDIT_EARLIEST, AUDIT_LATEST = date(2000, 1, 1), date(2099, 12, 31)


class AuditFilterForm(forms.Form):
    """The audit log's filters, sent by GET: no personal data beyond a citizen's id or pseudonym."""

    user = forms.ModelChoiceField(
        queryset=User.objects.order_by("username"),
        required=False,
        label="Bruger",
        empty_label="Alle brugere",
    )
    citizen = forms.CharField(
        required=False,
        max_length=13,
        label="Borger",
        help_text="Borgerens id-nummer eller pseudonym, fx B1A2B3C4D5E6. Ikke navn eller CPR.",
    )
    action = forms.ChoiceField(
        choices=[("", "Alle handlinger"), *((a.value, KINDS[a.value]) for a in AuditAction)],
        required=False,
        label="Handling",
    )
    date_from = forms.DateField(
        required=False,
        label="Fra og med dato",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        required=False,
        label="Til og med dato",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-input"
            field.widget.attrs["class"] = css
        self.fields["citizen"].widget.attrs.update(
            {"pattern": CITIZEN_KEY.pattern, "autocomplete": "off", "spellcheck": "false"}
        )

    def describe_fields(self) -> None:
        """Tie each field to its hint and its error message (aria-describedby)."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = [f"{bound.auto_id}-hint"] if field.help_text else []
            if self.is_bound and bound.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def _bounded(self, name: str) -> object:
        """Refuse a day the log cannot hold (a year like 9999 would not even make a timestamp)."""
        day = self.cleaned_data.get(name)
        if isinstance(day, date) and not AUDIT_EARLIEST <= day <= AUDIT_LATEST:
            raise forms.ValidationError(
                f"Datoen skal ligge mellem {AUDIT_EARLIEST:%d.%m.%Y} og "
                f"{AUDIT_LATEST:%d.%m.%Y}. Kontrollér årstallet."
            )
        return day

    def clean_date_from(self) -> object:
        return self._bounded("date_from")

    def clean_date_to(self) -> object:
        return self._bounded("date_to")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Til-datoen skal ligge på eller efter fra-datoen.")
        return cleaned


@policy(Action.VIEW_AUDIT)
@require_GET
def audit_log(request: HttpRequest) -> HttpResponseBase:
    """Show the audit log, newest first, filtered and paginated; read-only."""
    citizen_key = request.GET.get("citizen", "").strip()
    if citizen_key and not CITIZEN_KEY.fullmatch(citizen_key):
        # Whatever was typed (perhaps a name or a CPR number) is dropped from the address at once.
        query = request.GET.copy()
        query.pop("citizen")
        query.pop("page", None)
        messages.error(
            request,
            "Søg på borgerens id-nummer (højst 8 cifre) eller pseudonym. "
            "Navne og CPR-numre kan ikke bruges i adgangsloggen.",
        )
        return HttpResponseRedirect(
            f"{request.path}?{query.urlencode()}" if query else request.path
        )
    form = AuditFilterForm(request.GET or None)
    entries: QuerySet[AuditEntry]
    if form.is_bound and not form.is_valid():
        entries = AuditEntry.objects.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        entries = audit_entries(
            user=data.get("user"),
            citizen=data.get("citizen", ""),
            action=data.get("action", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
    form.describe_fields()
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [
                (
                    entry,
                    describe(entry.action, entry.object_type, entry.detail or {}),
                    object_word(entry.object_type),
                    detail_items(entry.object_type, entry.detail),
                )
                for entry in page.object_list
            ],
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )
