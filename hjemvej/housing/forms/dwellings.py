"""Landlords and dwellings: the register's forms and the list's filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.core.forms import DateField, HjemvejForm, MoneyField, as_choices
from hjemvej.housing.models import (
    AreaStatus,
    DwellingKind,
    DwellingStatus,
    Landlord,
    LandlordKind,
    TenantMaintenance,
)
from hjemvej.housing.services import DwellingData

MANUAL_STATUS_CHOICES = [
    (DwellingStatus.AVAILABLE.value, DwellingStatus.AVAILABLE.label),
    (DwellingStatus.WITHDRAWN.value, DwellingStatus.WITHDRAWN.label),
]


class LandlordForm(HjemvejForm):
    """A housing organisation or another landlord."""

    name = forms.CharField(label="Navn", max_length=200, help_text="Fx Boligforeningen Vest.")
    kind = forms.ChoiceField(label="Type", choices=as_choices(LandlordKind.choices))
    phone = forms.CharField(label="Telefon", max_length=30, required=False)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        error_messages={"invalid": "Skriv en gyldig e-mailadresse."},
    )


class DwellingForm(HjemvejForm):
    """A dwelling in the register: where, what, what it costs, and the allocation rules."""

    confirmable = True

    fieldsets = (
        (
            "Bolig",
            ("landlord", "address", "postcode", "city", "kind", "rooms", "single_room", "area_m2"),
        ),
        (
            "Økonomi",
            (
                "rent_monthly",
                "utilities_monthly",
                "deposit",
                "rent_includes_heating",
                "rent_includes_hot_water",
                "rent_includes_electricity",
                "tenant_maintenance",
            ),
        ),
        ("Anvisning", ("municipal_allocation", "area_status", "status", "available_from", "note")),
    )

    landlord = forms.ModelChoiceField(
        label="Udlejer", queryset=Landlord.objects.none(), empty_label="Vælg udlejer"
    )
    address = forms.CharField(label="Adresse", max_length=200, help_text="Vej, nummer og etage.")
    postcode = forms.RegexField(
        label="Postnummer",
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": "Postnummeret skal være fire cifre."},
    )
    city = forms.CharField(label="By", max_length=100)
    kind = forms.ChoiceField(label="Boligtype", choices=as_choices(DwellingKind.choices))
    rooms = forms.IntegerField(label="Værelser", min_value=1, max_value=20, initial=1)
    single_room = forms.BooleanField(
        label="Enkeltværelse uden eget køkken",
        required=False,
        help_text="Et værelse har en lavere indkomstgrænse for beboerindskudslån end en lejlighed.",
    )
    area_m2 = forms.IntegerField(label="Areal (m²)", min_value=1, max_value=1000)
    rent_monthly = MoneyField(label="Husleje pr. måned (kr.)", help_text="Uden forbrug.")
    utilities_monthly = MoneyField(
        label="Forbrug (aconto) pr. måned (kr.)", required=False, help_text="Varme, vand, el."
    )
    deposit = MoneyField(label="Indskud eller depositum (kr.)", required=False)
    rent_includes_heating = forms.BooleanField(
        label="Varme betales til udlejeren (i husleje eller aconto)",
        required=False,
        help_text="Boligsikringen trækker et beløb pr. m² fra (boligstøtteloven § 10, stk. 2).",
    )
    rent_includes_hot_water = forms.BooleanField(
        label="Varmt vand betales til udlejeren", required=False
    )
    rent_includes_electricity = forms.BooleanField(label="El betales til udlejeren", required=False)
    tenant_maintenance = forms.ChoiceField(
        label="Indvendig vedligeholdelsespligt",
        choices=as_choices(TenantMaintenance.choices),
        initial=TenantMaintenance.NONE,
        help_text="Har lejeren den, lægges et beløb pr. m² til boligudgiften (§ 10, stk. 4).",
    )
    municipal_allocation = forms.BooleanField(
        label="Kommunal anvisning (almenboligloven § 59)",
        required=False,
        help_text="Boligen er stillet til rådighed for kommunen.",
    )
    area_status = forms.ChoiceField(
        label="Områdets status",
        choices=as_choices(AreaStatus.choices),
        help_text="Fra ministeriets liste 1. december (almenboligloven §§ 61 a–61 b).",
    )
    status = forms.ChoiceField(label="Status", choices=MANUAL_STATUS_CHOICES)
    available_from = DateField(label="Ledig fra", required=False)
    note = forms.CharField(label="Bemærkning", max_length=300, required=False)

    def __init__(
        self, *args: Any, landlords: QuerySet[Landlord], locked_status: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        landlord = self.fields["landlord"]
        assert isinstance(landlord, forms.ModelChoiceField)
        landlord.queryset = landlords
        if locked_status:  # reserved or let: the status follows the offer and the lease
            status = self.fields["status"]
            assert isinstance(status, forms.ChoiceField)
            status.choices = [(locked_status, DwellingStatus(locked_status).label)]
            status.help_text = "Status følger boligtilbuddet og lejemålet."

    def data_for_service(self) -> DwellingData:
        """Return the cleaned data as the service's ``DwellingData`` (the fields share names)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != self.CONFIRM}
        return DwellingData(
            **data
            | {
                "utilities_monthly": data["utilities_monthly"] or Decimal(0),
                "deposit": data["deposit"] or Decimal(0),
            }
        )


ALLOCATION_CHOICES = [("", "Alle"), ("1", "Med kommunal anvisning"), ("0", "Uden")]


class DwellingFilterForm(forms.Form):
    """The register's filters (GET); invalid values are ignored and named."""

    ledige = forms.BooleanField(label="Kun ledige boliger", required=False)
    max_husleje = MoneyField(label="Højst husleje og forbrug pr. måned (kr.)", required=False)
    vaerelser = forms.IntegerField(label="Mindst antal værelser", required=False, min_value=1)
    postnummer = forms.RegexField(
        label="Postnummer",
        required=False,
        regex=r"^\d{4}$",
        error_messages={"invalid": "Postnummeret skal være fire cifre."},
    )
    anvisning = forms.ChoiceField(label="Anvisning", required=False, choices=ALLOCATION_CHOICES)
    omraade = forms.ChoiceField(
        label="Områdets status",
        required=False,
        choices=as_choices(AreaStatus.choices, blank="Alle"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        classes = {"ledige": "form-checkbox", "anvisning": "form-select", "omraade": "form-select"}
        for name, field in self.fields.items():
            field.widget.attrs["class"] = classes.get(name, "form-input input-width-s")
