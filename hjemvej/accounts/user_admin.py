"""The admin's pages that change a user's rights and password, through the services only.

»Skift rolle og adgang« (``/admin/accounts/user/<id>/adgang/``) and »Adgangskode«
(``/admin/accounts/user/<id>/password/``, in place of Django's own) call
``accounts.services``: a change of one's own account is refused with a Danish message, every change
is written to the audit log (shown at ``/adgang/log/``), and a password an administrator sets must
be replaced by the user at the next login. Both are admin views (staff only, and the admin's right
to change users), and declare their policy like every view of Hjemvej.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.accounts.policy import Action, policy
from hjemvej.accounts.services import (
    OWN_ACCOUNT,
    Access,
    AccessRefused,
    user_set_access,
    user_set_password,
)

if TYPE_CHECKING:
    from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

    Base = DjangoUserAdmin[User]
else:
    Base = object


class AccessForm(forms.Form):
    """A user's role, scope and admin flags, as »Skift rolle og adgang« sets them."""

    role = forms.ChoiceField(label="Rolle", choices=Role.choices)
    municipality = forms.ModelChoiceField(
        label="Kommune",
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text="Sagsbehandlere og ledere ser denne kommunes borgere.",
    )
    shelter = forms.ModelChoiceField(
        label="Boform",
        queryset=User._meta.get_field("shelter").related_model._default_manager.order_by("name"),  # type: ignore[union-attr]
        required=False,
        help_text="Kun for medarbejdere på en boform.",
    )
    is_active = forms.BooleanField(
        label="Aktiv", required=False, help_text="En bruger, der ikke er aktiv, kan ikke logge ind."
    )
    is_staff = forms.BooleanField(
        label="Adgang til administrationen",
        required=False,
        help_text="Må logge ind på denne administrationsside (medarbejderstatus).",
    )
    is_superuser = forms.BooleanField(
        label="Superbruger",
        required=False,
        help_text="Har alle rettigheder i administrationen uden at få dem tildelt.",
    )


class UserRightsViews(Base):
    """The user admin's own pages for rights and passwords (mixed into ``UserAdmin``)."""

    @staticmethod
    def _change_url(user: User) -> str:
        return reverse("admin:accounts_user_change", args=[user.pk])

    def get_urls(self) -> list[URLPattern]:
        """Put the password page and »Skift rolle og adgang« in front of Django's user pages."""

        def view(method: Any) -> Any:
            return self.admin_site.admin_view(policy(Action.SIGNED_IN)(method))

        own = [
            path(
                "<id>/password/",
                view(self.user_change_password),
                name="accounts_user_password_change",
            ),
            path("<id>/adgang/", view(self.user_access), name="accounts_user_access"),
        ]
        django_own = [p for p in super().get_urls() if p.name != "auth_user_password_change"]
        return own + django_own

    @staticmethod
    def rights_link(obj: User) -> str:
        return format_html(
            '<a href="{}">Skift rolle og adgang …</a>',
            reverse("admin:accounts_user_access", args=[obj.pk]),
        )

    rights_link.short_description = "Rolle og adgang"  # type: ignore[attr-defined]

    def _user(self, request: HttpRequest, id: str) -> User:
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404("Brugeren findes ikke.")
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        return user

    def user_access(self, request: HttpRequest, id: str) -> HttpResponse:
        """Show and change another user's role, scope and admin flags (never one's own)."""
        user = self._user(request, id)
        actor: Any = request.user
        own = user.pk == actor.pk
        now = Access.of(user)
        form = AccessForm(request.POST or None, initial=now.__dict__)
        if request.method == "POST":
            if own:
                messages.error(request, OWN_ACCOUNT)
                return HttpResponseRedirect(self._change_url(user))
            if form.is_valid():
                data = form.cleaned_data
                try:
                    changed = user_set_access(
                        actor=actor, user=user, access=Access(**{k: data[k] for k in data})
                    )
                except AccessRefused as refused:
                    form.add_error(refused.field, refused.message)
                else:
                    text = "Rolle og adgang er ændret" if changed else "Intet er ændret"
                    messages.success(request, f"{text} for {user.get_username()}.")
                    return HttpResponseRedirect(self._change_url(user))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Skift rolle og adgang: {user.get_username()}",
            "opts": self.opts,
            "original": user,
            "form": form,
            "own": own,
            "own_message": OWN_ACCOUNT,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/accounts/user/access.html", context)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Set another user's password through the service; one's own is changed elsewhere."""
        user = self._user(request, id)
        actor: Any = request.user
        if user.pk == actor.pk:
            messages.error(request, OWN_ACCOUNT)
            return HttpResponseRedirect(self._change_url(user))
        if request.method == "POST":
            form = self.change_password_form(user, request.POST)
            if form.is_valid():
                usable = form.cleaned_data["set_usable_password"]
                try:
                    user_set_password(
                        actor=actor,
                        user=user,
                        password=form.cleaned_data["password1"] if usable else None,
                    )
                except AccessRefused as refused:
                    messages.error(request, refused.message)
                    return HttpResponseRedirect(self._change_url(user))
                messages.success(
                    request,
                    "Adgangskoden er sat. Brugeren skal vælge sin egen ved næste login."
                    if usable
                    else "Brugeren kan ikke længere logge ind med adgangskode.",
                )
                return HttpResponseRedirect(self._change_url(user))
        return super().user_change_password(request, id, form_url)
