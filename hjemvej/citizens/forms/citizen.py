"""A citizen's details and homelessness situations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.forms.identity import IdentityForm, NewCitizenIdentityForm
from hjemvej.citizens.models import (
    ENTERING_REASONS,
    Gender,
    ListEventReason,
    RiskKind,
    Situation,
    SituationSource,
)
from hjemvej.core.forms import REQUIRED, DateField, HjemvejForm, MunicipalityField, as_choices

LEAVING_REASONS = [(r.value, r.label) for r in ListEventReason if r not in ENTERING_REASONS]


class CitizenDetailsForm(IdentityForm):
    """The citizen's details (create and edit)."""

    birth_date = DateField(
        label="Fødselsdato",
        required=False,
        help_text="Udfyldes af sig selv ud fra CPR-nummeret.",
        since=None,  # the service holds it to bounds.citizen.max_age and today
    )
    gender = forms.ChoiceField(
        label="Køn", choices=as_choices(Gender.choices), initial=Gender.UNKNOWN
    )
    phone = forms.CharField(label="Telefon", required=False, max_length=30)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        error_messages={"invalid": "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk."},
    )
    contact_note = forms.CharField(
        label="Hvor borgeren kan træffes",
        required=False,
        max_length=200,
        help_text="Fx et værested eller en adresse, hvor borgeren plejer at være.",
    )
    acting_municipality = MunicipalityField(label="Handlekommune")
    residence_municipality = MunicipalityField(
        label="Opholdskommune",
        required=False,
        empty_label="Samme som handlekommunen / uoplyst",
    )


#: The "Opret borger" page's choice: in homelessness now (on the list) or at risk of it (not).
HOMELESS = "homeless"
AT_RISK = "at_risk"
REGISTRATIONS = [
    (HOMELESS, "I hjemløshed (kommer på listen)"),
    (AT_RISK, "I risiko for hjemløshed"),
]


class CitizenCreateForm(NewCitizenIdentityForm, CitizenDetailsForm):
    """A new citizen and their first homelessness situation, or their risk of homelessness."""

    registration = forms.ChoiceField(
        label="Borgeren er",
        choices=REGISTRATIONS,
        initial=HOMELESS,
        required=False,  # a form without the choice (an older page) registers in homelessness
        widget=forms.RadioSelect,
        help_text=(
            "En borger i risiko for hjemløshed (fx varsel om udsættelse, løsladelse eller "
            "udskrivning uden bolig, anbragt der fylder 18) kommer ikke på by-name-listen."
        ),
    )
    situation = forms.ChoiceField(
        label="Hjemløshedssituation",
        choices=as_choices(Situation.choices, blank="Vælg situation"),
        required=False,
        help_text="Den situation borgeren er i nu (den nationale definition).",
    )
    situation_start = DateField(label="I situationen siden", required=False)
    source = forms.ChoiceField(
        label="Kilde",
        choices=as_choices(SituationSource.choices),
        initial=SituationSource.CASE_WORK,
        help_text="Hvem oplysningen om situationen kommer fra.",
    )
    risk_kind = forms.ChoiceField(
        label="Risiko for hjemløshed",
        choices=as_choices(RiskKind.choices, blank="Vælg risiko"),
        required=False,
    )
    noted_on = DateField(label="Risikoen registreret", required=False)
    expected_on = DateField(
        label="Forventet dato",
        required=False,
        help_text="Fx datoen for udsættelsen, løsladelsen, udskrivningen eller 18-årsdagen.",
    )

    fieldsets: Sequence[tuple[str, Sequence[str]]] = (
        ("Borgeren", ("cpr", "first_name", "last_name", "alias", "birth_date", "gender")),
        ("Kontakt", ("phone", "email", "contact_note")),
        ("Kommune", ("acting_municipality", "residence_municipality")),
        ("Hjemløshed eller risiko", ("registration",)),
        ("Situation (borger i hjemløshed)", ("situation", "situation_start", "source")),
        ("Risiko (borger i risiko for hjemløshed)", ("risk_kind", "noted_on", "expected_on")),
    )

    def clean(self) -> dict[str, Any]:
        """Require the situation of a citizen in homelessness, the risk of one at risk."""
        data = super().clean() or {}
        if data.get("registration") == AT_RISK:
            needed = {"risk_kind": "Vælg hvilken risiko der er tale om.", "noted_on": REQUIRED}
        else:
            needed = {"situation": "Vælg en hjemløshedssituation.", "situation_start": REQUIRED}
        for name, message in needed.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data


class CitizenEditForm(CitizenDetailsForm):
    """Change a citizen's details; a blank CPR field keeps the stored number."""

    fieldsets: Sequence[tuple[str, Sequence[str]]] = (
        ("Borgeren", ("first_name", "last_name", "alias", "birth_date", "gender", "cpr")),
        ("Kontakt", ("phone", "email", "contact_note")),
        ("Kommune", ("acting_municipality", "residence_municipality", "case_worker")),
    )

    case_worker = forms.ModelChoiceField(
        label="Sagsbehandler",
        queryset=User.objects.none(),
        required=False,
        empty_label="Ingen ansvarlig sagsbehandler",
        help_text="Får borgerens opgaver på sin opgaveliste.",
    )

    def __init__(
        self,
        *args: Any,
        has_cpr: bool = False,
        municipality_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        case_worker = self.fields["case_worker"]
        assert isinstance(case_worker, forms.ModelChoiceField)
        workers = User.objects.filter(role=Role.CASE_WORKER, is_active=True)
        case_worker.queryset = (
            workers.filter(municipality_id=municipality_id)
            if municipality_id is not None
            else workers.none()
        ).order_by("first_name", "last_name", "username")
        self.fields["acting_municipality"].help_text = (
            "Et skifte her gælder fra i dag med bopæl som grundlag. Brug »Skift handlekommune« "
            "på borgerens side for en anden dag eller et andet grundlag. Bagefter ser I kun "
            "jeres egen del af borgerens historik."
        )
        if has_cpr:
            self.fields["cpr"].label = "Nyt CPR-nummer"
            self.fields["cpr"].help_text = (
                "Borgeren har et CPR-nummer. Udfyld kun feltet for at rette det; "
                "lad det stå tomt for at beholde det."
            )
        else:
            self.fields["cpr"].help_text = "10 cifre, fx 010190-1234. Valgfrit."


class SituationAddForm(HjemvejForm):
    """A new homelessness situation from a date; the open one ends that day."""

    situation = forms.ChoiceField(
        label="Ny situation", choices=as_choices(Situation.choices, blank="Vælg situation")
    )
    start = DateField(label="Fra", help_text="Den nuværende situation slutter denne dag.")
    source = forms.ChoiceField(
        label="Kilde",
        choices=as_choices(SituationSource.choices),
        initial=SituationSource.CASE_WORK,
    )
    note = forms.CharField(
        label="Bemærkning", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class SituationEndForm(HjemvejForm):
    """End the current situation: the citizen leaves the by-name list."""

    end = DateField(label="Slutdato", help_text="Den første dag, borgeren ikke er i situationen.")
    reason = forms.ChoiceField(
        label="Hvorfor går borgeren af listen?",
        choices=as_choices(LEAVING_REASONS, blank="Vælg årsag"),
    )
    note = forms.CharField(
        label="Bemærkning", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
