"""The household, its incomes, the candidate rent, and loans and grants."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.core.forms import DateField, HjemvejForm, MoneyField, as_choices
from hjemvej.housing.labels import PENSION_KINDS, RATE_LABELS
from hjemvej.housing.models import GrantDecision, GrantKind, IncomeKind, Tenancy
from hjemvej.housing.services import GrantData, IncomeData


class HouseholdForm(HjemvejForm):
    """Who would live in the dwelling, and the household's own budget."""

    adults = forms.IntegerField(label="Voksne", min_value=1, max_value=10, initial=1)
    children = forms.IntegerField(label="Børn under 18", min_value=0, max_value=20, initial=0)
    wealth = MoneyField(
        label="Husstandens formue (kr.)",
        required=False,
        help_text=(
            "Bankindestående, værdipapirer og friværdi (boligstøtteloven § 8 a); pension tæller "
            "ikke med. Over formuegrænsen lægges et formuetillæg til indkomsten."
        ),
    )
    budget_monthly = MoneyField(
        label="Budget til alt andet end husleje pr. måned (kr.)",
        required=False,
        help_text="Tomt: standardbudgettet for en enlig uden børn bruges.",
    )


class IncomeForm(HjemvejForm):
    """One monthly income of the household."""

    confirmable = True

    kind = forms.ChoiceField(
        label="Indkomst", choices=as_choices(IncomeKind.choices, blank="Vælg indkomst")
    )
    rates = forms.MultipleChoiceField(
        label="Satser (ydelser og pension)",
        required=False,
        choices=list(RATE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Beløbet før skat regnes ud fra satserne på datoen, hvis det ikke er skrevet. "
            "Uddannelseshjælp og selvforsørgelses- og hjemrejseydelse blev kontanthjælp ved "
            "kontanthjælpsreformen; registrér kontanthjælp fra reformens dato."
        ),
    )
    pension_kind = forms.ChoiceField(
        label="Pensionstype (kun pension)",
        required=False,
        choices=as_choices(list(PENSION_KINDS.items()), blank="Ingen pension"),
    )
    monthly_after_tax = MoneyField(label="Pr. måned efter skat (kr.)")
    monthly_before_tax = MoneyField(
        label="Pr. måned før skat (kr.)",
        required=False,
        help_text="Bruges i husstandsindkomsten til boligsikringen.",
    )
    label = forms.CharField(label="Betegnelse", max_length=100, required=False)
    valid_from = DateField(label="Fra")
    valid_to = DateField(
        label="Til",
        required=False,
        help_text="Den første dag uden indkomsten. Tom, mens indkomsten varer.",
    )
    direct_rent_decided_on = DateField(
        label="Huslejen betales direkte af kommunen (aktivloven § 90), afgjort",
        required=False,
        help_text=(
            "Datoen for afgørelsen om at betale huslejen direkte til udlejer af ydelsen. "
            "Ændrer ikke rådighedsbeløbet."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rates"].widget.attrs["class"] = "form-checkbox"

    def data_for_service(self) -> IncomeData:
        """Return the cleaned data as the service's ``IncomeData`` (the fields share names)."""
        data = {k: v for k, v in self.cleaned_data.items() if k != self.CONFIRM}
        return IncomeData(**data | {"rates": tuple(self.cleaned_data["rates"])})


class CapacityForm(forms.Form):
    """The candidate rent on the housing page (GET)."""

    husleje = MoneyField(label="Husleje og forbrug pr. måned (kr.)", required=False)
    areal = forms.IntegerField(
        label="Boligens areal (m²)", required=False, min_value=1, max_value=1000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input input-width-s"


class SearchForm(forms.Form):
    """The affordable search's narrowing (GET)."""

    vaerelser = forms.IntegerField(label="Mindst antal værelser", required=False, min_value=1)
    postnummer = forms.RegexField(
        label="Postnummer",
        required=False,
        regex=r"^\d{4}$",
        error_messages={"invalid": "Postnummeret skal være fire cifre."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-input input-width-s"


class TenancyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A tenancy, shown by address and move-in."""

    def label_from_instance(self, obj: Any) -> str:
        place = obj.dwelling.address if obj.dwelling_id else obj.address
        return f"{place}, indflytning {obj.move_in:%d.%m.%Y}"


class GrantForm(HjemvejForm):
    """A decided loan, grant or Housing First follow-up payment."""

    confirmable = True

    fieldsets = (
        ("Afgørelse", ("kind", "decision", "amount", "decided_on", "tenancy", "paid_on", "reason")),
        (
            "Beboerindskudslån",
            ("household_income_year", "above_ceiling", "repayment_monthly", "repayment_from"),
        ),
    )

    kind = forms.ChoiceField(
        label="Ydelse", choices=as_choices(GrantKind.choices, blank="Vælg ydelse")
    )
    decision = forms.ChoiceField(label="Afgørelse", choices=as_choices(GrantDecision.choices))
    amount = MoneyField(label="Beløb (kr.)")
    decided_on = DateField(label="Afgørelsesdato")
    tenancy = TenancyChoice(
        label="Lejemål", queryset=Tenancy.objects.none(), required=False, empty_label="Intet"
    )
    paid_on = DateField(label="Udbetalt", required=False)
    reason = forms.CharField(
        label="Begrundelse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Skal udfyldes ved afslag og ved lån over indkomstgrænsen.",
    )
    household_income_year = MoneyField(
        label="Husstandsindkomst pr. år (kr.)",
        required=False,
        help_text="Skal udfyldes ved beboerindskudslån; holdes op mod årets indkomstgrænse.",
    )
    above_ceiling = forms.BooleanField(
        label="Frivilligt lån over indkomstgrænsen",
        required=False,
        help_text="Kommunen har ikke pligt til at yde lånet, men gør det alligevel.",
    )
    repayment_monthly = MoneyField(label="Afdrag pr. måned (kr.)", required=False)
    repayment_from = DateField(
        label="Afdrag fra",
        required=False,
        help_text="Tomt: når de rente- og afdragsfri år er gået.",
    )

    def __init__(self, *args: Any, tenancies: QuerySet[Tenancy], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tenancy = self.fields["tenancy"]
        assert isinstance(tenancy, forms.ModelChoiceField)
        tenancy.queryset = tenancies

    def data_for_service(self) -> GrantData:
        """Return the cleaned data as the service's ``GrantData`` (the fields share names)."""
        data = dict(self.cleaned_data)
        data.pop("above_ceiling")
        data.pop(self.CONFIRM, None)
        return GrantData(**data)
