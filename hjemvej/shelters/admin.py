"""Django admin for shelters and their daily rates (reference data; stays are case data, not here).

Rates are written through ``shelter_rate_set`` so each one records who set it and when. A rate's
date is its identity: to change the rate from another date, add a new rate. A rate is held to its
plausible bounds (``core.bounds``): over the maximum it is refused, over the usual bound the row's
»Jeg bekræfter beløbet« must be ticked, and the audit entry records the confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from hjemvej.accounts.models import Role, User
from hjemvej.core.bounds import CONFIRM_LABEL
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import Shelter, ShelterRate
from hjemvej.shelters.services import shelter_rate_check, shelter_rate_set

if TYPE_CHECKING:
    ShelterAdminBase = admin.ModelAdmin[Shelter]
    RateInlineBase = admin.TabularInline[ShelterRate, Shelter]
    RateFormBase = forms.ModelForm[ShelterRate]
else:
    ShelterAdminBase = admin.ModelAdmin
    RateInlineBase = admin.TabularInline
    RateFormBase = forms.ModelForm


class ShelterRateForm(RateFormBase):
    """One dated rate: not negative, within its bounds, and an existing rate keeps its date."""

    confirmed = forms.BooleanField(
        label=CONFIRM_LABEL,
        required=False,
        help_text="Kun når taksten er højere end sædvanligt.",
    )

    class Meta:
        model = ShelterRate
        fields = ("valid_from", "daily_rate")

    def clean_daily_rate(self) -> Any:
        rate = self.cleaned_data.get("daily_rate")
        if rate is not None and rate < 0:
            raise forms.ValidationError("Taksten kan ikke være negativ.")
        return rate

    def clean_valid_from(self) -> Any:
        valid_from = self.cleaned_data.get("valid_from")
        if self.instance.pk is not None and valid_from != self.instance.valid_from:
            raise forms.ValidationError(
                "Datoen for en gemt takst kan ikke ændres. Tilføj en ny takst fra den nye dato."
            )
        return valid_from

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rate, valid_from = data.get("daily_rate"), data.get("valid_from")
        if rate is not None and valid_from is not None and "daily_rate" in self.changed_data:
            try:
                shelter_rate_check(
                    valid_from=valid_from, daily_rate=rate, confirmed=bool(data.get("confirmed"))
                )
            except DomainError as exc:
                self.add_error("daily_rate", exc.message)
        return data


class ShelterRateInline(RateInlineBase):
    model = ShelterRate
    form = ShelterRateForm
    fields = ("valid_from", "daily_rate", "confirmed", "changed_by", "changed_at")
    readonly_fields = ("changed_by", "changed_at")
    extra = 1
    can_delete = False  # the rate history is what past reimbursements were computed from
    ordering = ("-valid_from",)


@admin.register(Shelter)
class ShelterAdmin(ShelterAdminBase):
    list_display = ("name", "municipality", "operator", "on_tilbudsportalen", "places")
    list_filter = ("operator", "on_tilbudsportalen", "municipality")
    list_select_related = ("municipality",)
    search_fields = ("name",)
    inlines = (ShelterRateInline,)
    fieldsets = (
        (None, {"fields": ("name", "municipality", "operator", "on_tilbudsportalen", "places")}),
        (
            "Indberetning til Danmarks Statistik",
            {"fields": ("cvr_number", "p_number", "leader")},
        ),
    )

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        """Offer only shelter staff as the leader (the model checks it is this shelter's)."""
        if db_field.name == "leader":
            kwargs["queryset"] = User.objects.filter(
                role=Role.SHELTER_STAFF, is_active=True
            ).order_by("shelter__name", "first_name", "last_name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Save rates through the service (who and when); other inlines as usual."""
        if formset.model is not ShelterRate:
            super().save_formset(request, form, formset, change)
            return
        actor = cast(User, request.user)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for rate_form in formset.forms:
            if not rate_form.has_changed() or not rate_form.cleaned_data:
                continue
            existing = rate_form.instance.pk is not None
            rate = shelter_rate_set(
                actor=actor,
                shelter=form.instance,
                valid_from=rate_form.cleaned_data["valid_from"],
                daily_rate=rate_form.cleaned_data["daily_rate"],
                confirmed=bool(rate_form.cleaned_data.get("confirmed")),
            )
            if existing:
                formset.changed_objects.append((rate, rate_form.changed_data))
            else:
                formset.new_objects.append(rate)
