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
from django.http import HttpRequest

from hjemvej.accounts.models import IdentityMapping, Municipality, Role, User

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

# Roles whose scope is a municipality (policy.citizens_for filters on it).
MUNICIPAL_ROLES = {Role.CASE_WORKER, Role.MANAGER}


def check_role_scope(form: forms.ModelForm[User] | forms.ModelForm[IdentityMapping]) -> None:
    """Add errors when the role and its scope (municipality, shelter) do not fit together."""
    data = form.cleaned_data
    role, shelter = data.get("role"), data.get("shelter")
    if role == Role.SHELTER_STAFF and shelter is None:
        form.add_error("shelter", "En medarbejder på en boform skal knyttes til sin boform.")
    if role and role != Role.SHELTER_STAFF and shelter is not None:
        form.add_error("shelter", "Kun medarbejdere på en boform knyttes til en boform.")
    if role in MUNICIPAL_ROLES and data.get("municipality") is None:
        form.add_error("municipality", "Rollen ser kommunens borgere og skal have en kommune.")


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
class UserAdmin(UserAdminBase):
    """Users with their role, municipality and (for shelter staff) shelter."""

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
        *(DjangoUserAdmin.fieldsets or ()),
        ("Rolle og adgang i Hjemvej", {"fields": ("role", "municipality", "shelter")}),
    )
    add_fieldsets = (
        *(DjangoUserAdmin.add_fieldsets or ()),
        ("Rolle og adgang i Hjemvej", {"fields": ("role", "municipality", "shelter")}),
    )


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
    list_filter = ("role", "municipality")
    list_select_related = ("municipality", "shelter")
    search_fields = ("value",)
