"""Django admin for reference data: municipalities (their details as a letter's sender) and users.

Case data (citizens, stays, courses, contacts) is deliberately absent: it is read and changed only
through Hjemvej's own pages, behind the access policy and the audit log. The audit log itself is not
registered either: administrators read it at /adgang/log/, and nobody can change it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from hjemvej.accounts.audit import record
from hjemvej.accounts.models import AuditAction, IdentityMapping, Municipality, User
from hjemvej.accounts.services import (
    AccessRefused,
    scope_problems,
    user_change_details,
    user_create,
)
from hjemvej.accounts.user_admin import UserRightsViews

# Django's admin and form classes take type parameters for mypy only (no django_stubs_ext here).
if TYPE_CHECKING:
    IdentityMappingAdminBase = admin.ModelAdmin[IdentityMapping]
    IdentityMappingFormBase = forms.ModelForm[IdentityMapping]
    MunicipalityAdminBase = admin.ModelAdmin[Municipality]
    MunicipalityFormBase = forms.ModelForm[Municipality]
    UserChangeFormBase = UserChangeForm[User]
    UserCreationFormBase = AdminUserCreationForm
    UserAdminBase = DjangoUserAdmin[User]
else:
    IdentityMappingAdminBase = admin.ModelAdmin
    IdentityMappingFormBase = forms.ModelForm
    MunicipalityAdminBase = admin.ModelAdmin
    MunicipalityFormBase = forms.ModelForm
    UserAdminBase = DjangoUserAdmin
    UserChangeFormBase = UserChangeForm
    UserCreationFormBase = AdminUserCreationForm


def check_role_scope(form: forms.ModelForm[User] | forms.ModelForm[IdentityMapping]) -> None:
    """Add errors when the role and its scope (municipality, shelter) do not fit together."""
    data = form.cleaned_data
    problems = scope_problems(data.get("role"), data.get("municipality"), data.get("shelter"))
    for field, message in problems.items():
        form.add_error(field, message)


class UserScopeChangeForm(UserChangeFormBase):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_role_scope(self)
        return cleaned


class UserScopeCreationForm(UserCreationFormBase):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_role_scope(self)
        return cleaned


_POSTAL_CODE = re.compile(r"^\d{4}$")
_PHONE = re.compile(r"^(?:(?:\+|00)45)?(\d{8})$")


class MunicipalitySenderForm(MunicipalityFormBase):
    """The municipality as a letter's sender: a Danish postal code and phone number."""

    website = forms.URLField(
        label="Hjemmeside", required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Municipality
        fields = (
            "sender_name",
            "address",
            "postal_code",
            "city",
            "phone",
            "email",
            "website",
            "started_on",
        )

    def clean_postal_code(self) -> str:
        value = str(self.cleaned_data.get("postal_code") or "").strip()
        if value and not _POSTAL_CODE.match(value):
            raise forms.ValidationError("Skriv postnummeret med 4 cifre, fx 8000.")
        return value

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        match = _PHONE.match(re.sub(r"[\s.-]", "", value))
        if match is None:
            raise forms.ValidationError(
                "Skriv telefonnummeret med 8 cifre, fx 89 40 20 00 (eventuelt med +45 foran)."
            )
        digits = match.group(1)
        return " ".join(digits[i : i + 2] for i in range(0, 8, 2))


# Hjemvej gives rights by role (policy.py), not by Django's groups: a group's permissions edited in
# the admin would be a way round »Skift rolle og adgang«, so groups are not offered.
admin.site.unregister(Group)


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityAdminBase):
    """The 98 municipalities are shipped as data: never added or deleted, code and name fixed.

    An administrator fills in the municipality as the sender of letters: the letterhead, and the
    address a citizen sends a complaint to.
    """

    form = MunicipalitySenderForm
    list_display = ("code", "name", "sender_name", "city")
    search_fields = ("code", "name")
    ordering = ("code",)
    readonly_fields = ("code", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "started_on")}),
        (
            "Afsender på breve",
            {
                "fields": (
                    "sender_name",
                    "address",
                    ("postal_code", "city"),
                    "phone",
                    "email",
                    "website",
                ),
                "description": (
                    "Står i brevhovedet, og er den adresse, borgeren sender en klage til."
                ),
            },
        ),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(UserRightsViews, UserAdminBase):
    """Users with their role, municipality and (for shelter staff) shelter.

    The change form shows the role, scope and admin flags but cannot change them: they change on
    the page »Skift rolle og adgang« and the password on »Adgangskode« (``UserRightsViews``),
    through the services, which refuse one's own account and write to the audit log.
    """

    form = UserScopeChangeForm
    add_form = UserScopeCreationForm

    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "municipality",
        "shelter",
        "is_active",
        "is_staff",
    )
    list_filter = ("role", "municipality", "is_active", "is_staff")
    list_select_related = ("municipality", "shelter")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personlige oplysninger", {"fields": ("first_name", "last_name", "email")}),
        (
            "Rolle og adgang i Hjemvej",
            {
                "fields": (
                    "rights_link",
                    "role",
                    "municipality",
                    "shelter",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "password_change_required",
                ),
                "description": (
                    "Ændres under »Skift rolle og adgang«, og hver ændring står i adgangsloggen. "
                    "Ingen kan ændre sin egen rolle eller adgang."
                ),
            },
        ),
        ("Vigtige datoer", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("Rolle og adgang i Hjemvej", {"fields": ("role", "municipality", "shelter")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return (
            "rights_link",
            "role",
            "municipality",
            "shelter",
            "is_active",
            "is_staff",
            "is_superuser",
            "password_change_required",
            "last_login",
            "date_joined",
        )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        actor: Any = request.user
        try:
            if change:
                user_change_details(actor=actor, user=obj, fields=list(form.changed_data))
            else:
                user_create(actor=actor, user=obj)
        except AccessRefused as refused:
            raise PermissionDenied(refused.message) from None


class IdentityMappingForm(IdentityMappingFormBase):
    class Meta:
        model = IdentityMapping
        fields = ("claim", "value", "role", "municipality", "shelter", "priority")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_role_scope(self)
        return cleaned


@admin.register(IdentityMapping)
class IdentityMappingAdmin(IdentityMappingAdminBase):
    """Which groups at the municipality's login give which role here (docs/access.md).

    A user signing in through the municipality's login gets the role, municipality and shelter of
    the first row their groups match; a user whom no row matches gets no access.
    """

    form = IdentityMappingForm
    list_display = ("claim", "value", "role", "municipality", "shelter", "priority")

    def save_model(
        self, request: HttpRequest, obj: IdentityMapping, form: Any, change: bool
    ) -> None:
        """Save the row and log it: a mapping gives roles as surely as »Skift rolle og adgang«."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            actor: Any = request.user
            record(
                actor=actor,
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                obj=obj,
                detail={"fields": list(form.changed_data)},
            )

    list_filter = ("role", "municipality")
    list_select_related = ("municipality", "shelter")
    search_fields = ("value",)
