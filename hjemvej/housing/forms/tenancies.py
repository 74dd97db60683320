"""Offers, their answers, leases, move-outs and the risks to a tenancy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.core.formatting import danish_number
from hjemvej.core.forms import DateField, HjemvejForm, MoneyField, as_choices
from hjemvej.housing.models import (
    DeclineReason,
    Dwelling,
    HousingOffer,
    OfferStatus,
    TenancyEnd,
    TenancyRiskKind,
)

ANSWER_CHOICES = [
    (OfferStatus.ACCEPTED.value, "Borgeren takker ja"),
    (OfferStatus.DECLINED.value, "Borgeren takker nej"),
    (OfferStatus.WITHDRAWN.value, "Tilbuddet trækkes tilbage"),
]


class DwellingChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An available dwelling, shown with its address and monthly cost."""

    def label_from_instance(self, obj: Any) -> str:
        total = obj.rent_monthly + obj.utilities_monthly
        amount = danish_number(total, 2)
        return f"{obj.address}, {obj.postcode} {obj.city} – {obj.rooms} vær., {amount} kr./md."


class OfferForm(HjemvejForm):
    """Offer an available dwelling to the citizen."""

    dwelling = DwellingChoice(
        label="Bolig",
        queryset=Dwelling.objects.none(),
        empty_label="Vælg en ledig bolig",
        help_text="Kun ledige boliger i kommunen. Husleje med forbrug.",
    )
    offered_on = DateField(label="Tilbudt")
    answer_by = DateField(label="Svarfrist", required=False)
    note = forms.CharField(label="Bemærkning", max_length=300, required=False)

    def __init__(self, *args: Any, dwellings: QuerySet[Dwelling], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dwelling = self.fields["dwelling"]
        assert isinstance(dwelling, forms.ModelChoiceField)
        dwelling.queryset = dwellings


class OfferAnswerForm(HjemvejForm):
    """The citizen's answer to an offer."""

    answer = forms.ChoiceField(label="Svar", choices=as_choices(ANSWER_CHOICES, blank="Vælg svar"))
    answered_on = DateField(label="Dato for svaret")
    decline_reason = forms.ChoiceField(
        label="Hvorfor nej",
        required=False,
        choices=as_choices(DeclineReason.choices, blank="Ikke relevant"),
        help_text="Kun når borgeren takker nej.",
    )
    note = forms.CharField(label="Bemærkning", max_length=300, required=False)


class OfferChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An accepted offer, shown by the dwelling's address."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.dwelling.address}, {obj.dwelling.postcode} {obj.dwelling.city}"


class TenancyForm(HjemvejForm):
    """A lease: from an accepted offer, or a dwelling outside the register."""

    confirmable = True

    offer = OfferChoice(
        label="Accepteret tilbud",
        queryset=HousingOffer.objects.none(),
        required=False,
        empty_label="Bolig uden for registret",
    )
    address = forms.CharField(
        label="Adresse (bolig uden for registret)",
        max_length=200,
        required=False,
        help_text="Kun når boligen ikke er et tilbud fra registret.",
    )
    lease_signed_on = DateField(label="Lejekontrakt underskrevet")
    move_in = DateField(
        label="Indflytning",
        help_text="Når dagen er kommet, afsluttes borgerens hjemløshedssituation (fået bolig).",
    )
    rent_monthly = MoneyField(
        label="Husleje pr. måned (kr.)",
        required=False,
        help_text="Tom ved et tilbud: boligens husleje bruges.",
    )

    def __init__(self, *args: Any, offers: QuerySet[HousingOffer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer = self.fields["offer"]
        assert isinstance(offer, forms.ModelChoiceField)
        offer.queryset = offers


class TenancyEndForm(HjemvejForm):
    """The move-out and why."""

    move_out = DateField(label="Fraflytning", help_text="Den første dag, borgeren ikke bor der.")
    end_reason = forms.ChoiceField(
        label="Årsag", choices=as_choices(TenancyEnd.choices, blank="Vælg årsag")
    )


class RiskForm(HjemvejForm):
    """A risk to the tenancy."""

    kind = forms.ChoiceField(
        label="Risiko", choices=as_choices(TenancyRiskKind.choices, blank="Vælg risiko")
    )
    noted_on = DateField(label="Dato")
    amount = MoneyField(
        label="Beløb (kr.)",
        required=False,
        help_text="Restancens størrelse; skal udfyldes ved restance og påkrav.",
    )
    deadline = DateField(
        label="Frist", required=False, help_text="Skal udfyldes ved varsel om ophævelse."
    )
    note = forms.CharField(label="Bemærkning", max_length=300, required=False)


class RiskResolveForm(HjemvejForm):
    """The day the risk was over."""

    resolved_on = DateField(label="Løst")
    note = forms.CharField(
        label="Bemærkning", max_length=300, required=False, help_text="Fx betalt eller aftale."
    )
