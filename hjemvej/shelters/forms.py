"""Shelter stays: admit, discharge, correct, and shelter staff's admission of a new citizen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.forms.identity import NewCitizenIdentityForm
from hjemvej.core.forms import (
    DateField,
    HjemvejForm,
    MoneyField,
    MunicipalityField,
    as_choices,
)
from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    OwnPayment,
    PriorResidence,
    Shelter,
    StayType,
)


class StayDetailsForm(HjemvejForm):
    """What a stay records besides its dates."""

    confirmable = True

    stay_type = forms.ChoiceField(
        label="Opholdstype", choices=as_choices(StayType.choices), initial=StayType.STAY
    )
    prior_residence = forms.ChoiceField(
        label="Hvor opholdt borgeren sig senest?",
        choices=as_choices(PriorResidence.choices),
        initial=PriorResidence.UNKNOWN,
    )
    notified_on = DateField(
        label="Handlekommunen underrettet",
        required=False,
        help_text="Boformen skal underrette handlekommunen inden 3 hverdage (serviceloven § 110, "
        "stk. 6).",
    )
    agreed_daily_rate = MoneyField(
        label="Aftalt takst pr. døgn (kr.)",
        required=False,
        help_text="Kun hvis opholdet har en anden takst end boformens. Fx 1.234,50.",
    )
    own_payment = forms.ChoiceField(
        label="Egenbetaling", choices=as_choices(OwnPayment.choices), initial=OwnPayment.STATUTORY
    )
    own_payment_reduced = MoneyField(
        label="Nedsat egenbetaling pr. døgn (kr.)",
        required=False,
        help_text="Kun ved nedsat egenbetaling. Fx 50,00.",
    )
    own_payment_decided_on = DateField(label="Afgørelse om egenbetaling", required=False)

    def stay_fields(self) -> dict[str, Any]:
        """Return the cleaned stay details as the services take them."""
        names = (
            "stay_type",
            "prior_residence",
            "notified_on",
            "agreed_daily_rate",
            "own_payment",
            "own_payment_reduced",
            "own_payment_decided_on",
        )
        fields = {name: self.cleaned_data.get(name) for name in names if name in self.fields}
        return {**fields, "confirmed": self.confirmed}


def shelters_for(user: User) -> QuerySet[Shelter]:
    """Return the shelters the user may admit to: shelter staff only their own."""
    shelters = Shelter.objects.select_related("municipality").order_by("name")
    if user.role == Role.SHELTER_STAFF:
        return shelters.filter(pk=user.shelter_id) if user.shelter_id else shelters.none()
    return shelters


class ShelterField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A shelter, with its municipality."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class StayAdmitForm(StayDetailsForm):
    """Admit a citizen to a shelter."""

    shelter = ShelterField(
        label="Boform", queryset=Shelter.objects.none(), empty_label="Vælg boform"
    )
    admitted = DateField(label="Indskrevet")

    fieldsets: Sequence[tuple[str, Sequence[str]]] = (
        ("Indskrivning", ("shelter", "admitted", "stay_type", "prior_residence", "notified_on")),
        (
            "Betaling",
            ("agreed_daily_rate", "own_payment", "own_payment_reduced", "own_payment_decided_on"),
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["shelter"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = shelters_for(user)
        if user.role == Role.SHELTER_STAFF and user.shelter_id:
            field.initial = user.shelter_id
            field.empty_label = None
        self.order_fields(["shelter", "admitted"])
        self._focus()


class StayDischargeForm(HjemvejForm):
    """Discharge a citizen from a stay."""

    discharged = DateField(
        label="Udskrevet",
        help_text="Udskrivningsdagen tæller ikke som en overnatning.",
    )
    exit_reason = forms.ChoiceField(
        label="Udflytningsforhold",
        choices=as_choices(ExitReason.choices),
        initial=ExitReason.UNKNOWN,
        help_text="Hvordan opholdet sluttede.",
    )
    exit_destination = forms.ChoiceField(
        label="Fraflyttet til",
        choices=as_choices(ExitDestination.choices),
        initial=ExitDestination.UNKNOWN,
        help_text="Hvor borgeren flyttede hen. Egen bolig og botilbud tager borgeren af "
        "by-name-listen; de øvrige steder bliver borgerens hjemløshedssituation fra "
        "udskrivningen. Ved »Uoplyst« får sagsbehandleren en opgave om at finde ud af det.",
    )


class StayEditForm(StayDetailsForm):
    """Correct a stay's dates and details."""

    admitted = DateField(label="Indskrevet")
    discharged = DateField(label="Udskrevet", required=False, help_text="Tom, mens opholdet varer.")
    exit_reason = forms.ChoiceField(
        label="Udflytningsforhold",
        required=False,
        choices=as_choices(ExitReason.choices, blank="Ikke udskrevet"),
    )
    exit_destination = forms.ChoiceField(
        label="Fraflyttet til",
        required=False,
        choices=as_choices(ExitDestination.choices, blank="Ikke udskrevet"),
    )

    fieldsets: Sequence[tuple[str, Sequence[str]]] = (
        ("Datoer", ("admitted", "discharged", "notified_on")),
        ("Ophold", ("stay_type", "prior_residence", "exit_reason", "exit_destination")),
        (
            "Betaling",
            ("agreed_daily_rate", "own_payment", "own_payment_reduced", "own_payment_decided_on"),
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["admitted", "discharged"])
        self._focus()

    def stay_fields(self) -> dict[str, Any]:
        fields = super().stay_fields()
        fields["exit_reason"] = self.cleaned_data.get("exit_reason") or ""
        fields["exit_destination"] = self.cleaned_data.get("exit_destination") or ""
        return fields


class AdmitNewForm(NewCitizenIdentityForm, StayAdmitForm):
    """Shelter staff's admission: a citizen by CPR number (or alias and name) and the stay."""

    cpr_help_text = (
        "10 cifre, fx 010190-1234. Findes borgeren i forvejen, vises navnet, så du kan bekræfte "
        "det med personen."
    )
    alias_help_text = "For en borger uden CPR-nummer: det navn borgeren kendes under."
    identity_missing = "Angiv CPR-nummer, eller navn eller alias for en borger uden CPR-nummer."

    acting_municipality = MunicipalityField(
        label="Handlekommune",
        help_text="Den kommune, borgeren bor eller sædvanligvis opholder sig i.",
    )

    field_aliases = {"situation_start": "admitted"}
    fieldsets: Sequence[tuple[str, Sequence[str]]] = (
        ("Borgeren", ("cpr", "first_name", "last_name", "alias", "acting_municipality")),
        ("Indskrivning", ("shelter", "admitted", "stay_type", "prior_residence", "notified_on")),
        (
            "Betaling",
            ("agreed_daily_rate", "own_payment", "own_payment_reduced", "own_payment_decided_on"),
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.order_fields(["cpr", "first_name", "last_name", "alias", "acting_municipality"])
        self._focus()
