"""Across municipal borders: a change of acting municipality, an L 130 agreement, a dispute."""

from __future__ import annotations

from typing import Any

from django import forms

from hjemvej.accounts.models import Municipality
from hjemvej.citizens.models import MAIN_BASES, ActingBasis, ActingMunicipalityDispute
from hjemvej.core.forms import DateField, HjemvejForm, MunicipalityField, as_choices

_MAIN_CHOICES = [(b.value, b.label) for b in ActingBasis if b in MAIN_BASES]


class ActingChangeForm(HjemvejForm):
    """Hand the citizen over to another acting municipality from a day, on a legal basis."""

    municipality = MunicipalityField(label="Ny handlekommune")
    valid_from = DateField(
        label="Handlekommune fra",
        help_text="Den første dag, den nye kommune er handlekommune. Den nuværende periode "
        "slutter dagen før.",
    )
    basis = forms.ChoiceField(
        label="Grundlag",
        choices=as_choices(_MAIN_CHOICES, blank="Vælg grundlag"),
        help_text="En aftale efter § 9, stk. 11 om en del af hjælpen registreres for sig.",
    )
    decided_on = DateField(label="Besluttet", required=False)
    reason = forms.CharField(
        label="Begrundelse",
        required=False,
        max_length=300,
        help_text="Fx at borgeren har fået bolig i den nye kommune. Skriv ikke helbreds- eller "
        "straffeoplysninger her.",
    )


class AgreementAddForm(HjemvejForm):
    """An L 130 agreement: the shelter's municipality acts for part of the help before discharge."""

    municipality = MunicipalityField(
        label="Kommunen, hvor boformen ligger",
        help_text="Borgeren skal have et ophold på en boform i kommunen den dag, aftalen "
        "gælder fra.",
    )
    valid_from = DateField(label="Aftalen gælder fra")
    covers = forms.CharField(
        label="Hjælp, aftalen omfatter",
        max_length=300,
        help_text="Fx bostøtte efter serviceloven § 85 (mestringsvejledning i egen bolig) og "
        "hjælp til at finde bolig i kommunen.",
    )
    decided_on = DateField(label="Aftalen indgået", required=False)


class AgreementEndForm(HjemvejForm):
    """The day an L 130 agreement ends (the first day it no longer holds)."""

    valid_to = DateField(label="Aftalen ophører", help_text="Den første dag, aftalen ikke gælder.")


class DisputeAddForm(HjemvejForm):
    """A disagreement with another municipality on who acts for the citizen."""

    other = MunicipalityField(label="Den kommune, I er uenige med")
    disputed_from = DateField(
        label="Uenigheden gælder fra",
        help_text="Den dag, fra hvilken kommunerne er uenige om handlekommunen.",
    )
    brought_on = DateField(label="Indbragt for Ankestyrelsen")


class DisputeDecideForm(HjemvejForm):
    """Ankestyrelsen's decision of a dispute: which municipality acts, from which day."""

    decided_for = forms.ModelChoiceField(
        label="Handlekommune efter afgørelsen",
        queryset=Municipality.objects.none(),
        empty_label="Vælg kommune",
        error_messages={"invalid_choice": "Vælg en af sagens to kommuner."},
    )
    decided_on = DateField(label="Afgjort")
    effective_from = DateField(
        label="Handlekommune fra",
        help_text="Skifter handlekommunen, er den nye kommune handlekommune fra denne dag; "
        "opholdene fra den dag betales og hjemtages (§ 177) af den.",
    )

    def __init__(self, *args: Any, dispute: ActingMunicipalityDispute, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decided_for"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Municipality.objects.filter(
            pk__in=(dispute.acting_at_start_id, dispute.other_id)
        ).order_by("name")


class DisputeWithdrawForm(HjemvejForm):
    """Confirm that the dispute was withdrawn (no fields)."""
