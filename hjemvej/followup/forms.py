"""Forms for the follow-up records; every rule lives in ``services``, the forms only read input."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from hjemvej.core.errors import DomainError
from hjemvej.core.formatting import kroner
from hjemvej.core.forms import DateField as CoreDateField
from hjemvej.core.forms import HjemvejForm, as_choices
from hjemvej.core.law import status_notice
from hjemvej.followup.letter_services import CPR_REFUSED
from hjemvej.followup.letters import TEMPLATES, LetterField, LetterSpec
from hjemvej.followup.models import LetterChannel, PlanSection, TransitionKind, TransitionOutcome
from hjemvej.followup.services import ParticipantInput, StepInput, TransitionData
from hjemvej.housing.models import Grant
from hjemvej.rules.parameters import default_parameters


class DateField(CoreDateField):
    """A follow-up date: not before the follow-up rules' parameters begin (``followup.*``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("since", FOLLOWUP_PARAMETERS)
        super().__init__(**kwargs)


#: The parameters the follow-up tab computes every deadline with (params/followup.yaml).
FOLLOWUP_PARAMETERS = "followup."

#: Rows for participants and steps on a new action plan; more steps can be added afterwards.
PARTICIPANT_ROWS = 5
STEP_ROWS = 5

_TIME = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)$")


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class TransitionForm(HjemvejForm):
    """A critical transition; the outcome fields only when it is edited."""

    kind = forms.ChoiceField(
        label="Overgang", choices=as_choices(TransitionKind.choices, blank="Vælg overgang")
    )
    institution = forms.CharField(
        label="Institution",
        required=False,
        max_length=200,
        help_text="Fx Statsfængslet i Renbæk eller Psykiatrisk afdeling, Risskov.",
    )
    notified_on = DateField(
        label="Kommunen fik besked",
        required=False,
        help_text="Den dag kommunen fik besked om overgangen.",
    )
    expected_on = DateField(label="Forventet dato for løsladelse eller udskrivning")
    discharge_agreement_on = DateField(
        label="Udskrivningsaftale eller koordinationsplan",
        required=False,
        help_text="Kun ved udskrivning fra psykiatrien (psykiatriloven §§ 13 a-13 b).",
    )
    plan = forms.CharField(
        label="Plan for dagen",
        required=False,
        widget=_textarea(5),
        help_text="Hvor skal borgeren bo, hvem henter, hvem har kontakten de første dage.",
    )
    happened_on = DateField(label="Faktisk dato", required=False)
    outcome = forms.ChoiceField(
        label="Resultat på dagen",
        required=False,
        choices=as_choices(TransitionOutcome.choices, blank="Ikke sket endnu"),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["happened_on"]
            del self.fields["outcome"]
            self._focus()
        self.fieldsets = (
            ("Overgangen", ("kind", "institution", "notified_on", "expected_on")),
            ("Planen", ("discharge_agreement_on", "plan")),
            *((("Dagen", ("happened_on", "outcome")),) if editing else ()),
        )

    def transition_data(self) -> TransitionData:
        """Return what the form says about the transition ahead."""
        data = self.cleaned_data
        return TransitionData(
            kind=data["kind"],
            expected_on=data["expected_on"],
            institution=data["institution"],
            notified_on=data["notified_on"],
            discharge_agreement_on=data["discharge_agreement_on"],
            plan=data["plan"],
        )


class MeetingForm(HjemvejForm):
    """A meeting held to prepare a transition."""

    held_on = DateField(label="Dato")
    participants = forms.CharField(
        label="Deltagere",
        max_length=300,
        help_text="Fx borgeren, Kriminalforsorgen, jobcentret, bostøtten.",
    )
    note = forms.CharField(label="Notat", required=False, widget=_textarea(5))


def _review_help() -> str:
    """Say what an empty review date becomes: the newest value of the practice parameter."""
    value = default_parameters()["followup.action_plan.review_months"].values[-1]
    return f"Tomt: {value.display} efter netværksmødet ({status_notice(value)})."


class ActionPlanForm(HjemvejForm):
    """A new action plan from a network meeting: goals, participants and steps.

    The rows for participants and steps are added to ``base_fields`` below the class.
    """

    section = forms.ChoiceField(
        label="Lovgrundlag",
        choices=as_choices(PlanSection.choices),
        initial=PlanSection.SEL141,
        help_text=(
            "§ 141, stk. 2: kommunen skal tilbyde en handleplan til borgere med alvorlige sociale "
            "problemer, der ikke eller kun med betydelig støtte kan bo i egen bolig."
        ),
    )
    meeting_on = DateField(label="Dato for netværksmødet")
    goals = forms.CharField(
        label="Borgerens mål med egne ord",
        widget=_textarea(5),
        help_text="Skriv det, som borgeren siger det.",
    )
    review_by = DateField(
        label="Revideres senest",
        required=False,
        help_text=_review_help(),
    )
    fieldsets = (
        ("Netværksmødet", ("section", "meeting_on", "goals", "review_by")),
        *(
            (
                f"Deltager {n}",
                (f"participant_{n}_name", f"participant_{n}_relation", f"participant_{n}_chosen"),
            )
            for n in range(1, PARTICIPANT_ROWS + 1)
        ),
        *(
            (f"Skridt {n}", (f"step_{n}_text", f"step_{n}_responsible", f"step_{n}_due"))
            for n in range(1, STEP_ROWS + 1)
        ),
    )

    def participants(self) -> list[ParticipantInput]:
        """Return the participants written in the form, in order."""
        data = self.cleaned_data
        return [
            ParticipantInput(
                name=data[f"participant_{n}_name"],
                relation=data[f"participant_{n}_relation"],
                chosen_by_citizen=data[f"participant_{n}_chosen"],
            )
            for n in range(1, PARTICIPANT_ROWS + 1)
            if data[f"participant_{n}_name"].strip()
        ]

    def _step_rows(self) -> list[int]:
        """Return the numbers of the step rows with anything written in them."""
        data = self.cleaned_data
        return [
            n
            for n in range(1, STEP_ROWS + 1)
            if data[f"step_{n}_text"].strip()
            or data[f"step_{n}_responsible"].strip()
            or data[f"step_{n}_due"] is not None
        ]

    def steps(self) -> list[StepInput]:
        """Return the steps written in the form, in order."""
        data = self.cleaned_data
        return [
            StepInput(
                text=data[f"step_{n}_text"],
                responsible=data[f"step_{n}_responsible"],
                due=data[f"step_{n}_due"],
            )
            for n in self._step_rows()
        ]

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a step's error on its row: the service counts only the rows written in."""
        if exc.field and exc.field.startswith("step_"):
            _, number, name = exc.field.split("_", 2)
            rows = self._step_rows()
            if int(number) <= len(rows):
                exc = DomainError(exc.message, field=f"step_{rows[int(number) - 1]}_{name}")
        super().add_domain_error(exc)


for _n in range(1, PARTICIPANT_ROWS + 1):
    ActionPlanForm.base_fields |= {
        f"participant_{_n}_name": forms.CharField(
            label=f"Deltager {_n}: navn", required=False, max_length=200
        ),
        f"participant_{_n}_relation": forms.CharField(
            label=f"Deltager {_n}: rolle eller relation",
            required=False,
            max_length=200,
            help_text="Fx bror, bostøttemedarbejder, jobcentret." if _n == 1 else "",
        ),
        f"participant_{_n}_chosen": forms.BooleanField(
            label=f"Deltager {_n} er valgt af borgeren", required=False, initial=True
        ),
    }
for _n in range(1, STEP_ROWS + 1):
    ActionPlanForm.base_fields |= {
        f"step_{_n}_text": forms.CharField(
            label=f"Skridt {_n}: hvad", required=False, max_length=300
        ),
        f"step_{_n}_responsible": forms.CharField(
            label=f"Skridt {_n}: hvem", required=False, max_length=200
        ),
        f"step_{_n}_due": DateField(label=f"Skridt {_n}: senest", required=False),
    }


class StepForm(HjemvejForm):
    """One more step on a plan in force."""

    text = forms.CharField(label="Hvad", max_length=300)
    responsible = forms.CharField(label="Hvem", max_length=200, help_text="Fx borgeren selv.")
    due = DateField(label="Senest", required=False)


class StepDoneForm(HjemvejForm):
    """When a step was done (the button on the tab sends today)."""

    done_on = DateField(label="Udført")


class StayPlanForm(HjemvejForm):
    """The shelter's stay plan: small, concrete steps and a review date."""

    made_on = DateField(label="Udarbejdet")
    steps = forms.CharField(
        label="Små, konkrete skridt",
        widget=_textarea(6),
        help_text="Ét skridt pr. linje, fx: Søge boligstøtte sammen med Mette i næste uge.",
    )
    review_by = DateField(label="Revideres senest", required=False)


class GrantChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A decided grant of the citizen, shown as kind, decision, amount and date."""

    def label_from_instance(self, obj: Any) -> str:
        return (
            f"{obj.get_kind_display()}: {obj.get_decision_display().lower()}, "
            f"{kroner(obj.amount)}, {obj.decided_on:%d.%m.%Y}"
        )


class LetterForm(HjemvejForm):
    """The values of one letter template and how it is sent; see ``letter_form``."""

    spec: LetterSpec
    case_number = forms.CharField(
        label="Sagsnummer",
        required=False,
        max_length=40,
        help_text="Sagens journalnummer, fx 27.12.04-G01-17-26. Står i brevet under datoen.",
    )
    channel = forms.ChoiceField(
        label="Sendes som", choices=as_choices(LetterChannel.choices, blank="Vælg")
    )

    def __init__(self, *args: Any, grants: QuerySet[Grant] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grant = self.fields.get("grant")
        if isinstance(grant, forms.ModelChoiceField):
            grant.queryset = grants if grants is not None else Grant.objects.none()

    def add_domain_error(self, exc: DomainError) -> None:
        """Show the error; a value refused as a CPR number is not written back into the page."""
        if exc.message == CPR_REFUSED and exc.field in self.fields:
            data = QueryDict(mutable=True)
            data.update(self.data)
            data[self.add_prefix(exc.field)] = ""
            self.data = data
        super().add_domain_error(exc)

    def clean_time(self) -> str:
        raw = str(self.cleaned_data.get("time", "")).strip()
        match = _TIME.match(raw)
        if not match:
            raise forms.ValidationError("Skriv klokkeslættet som fx 10.00.")
        return f"{int(match.group(1)):02d}.{match.group(2)}"

    def values(self) -> dict[str, str]:
        """Return the template's values as text, dates as ÅÅÅÅ-MM-DD."""
        out = {}
        for letter_field in self.spec.fields:
            value = self.cleaned_data.get(letter_field.name)
            out[letter_field.name] = (
                value.isoformat() if isinstance(value, date) else str(value or "").strip()
            )
        return out


def _field(spec: LetterField) -> forms.Field:
    common: dict[str, Any] = {
        "label": spec.label,
        "required": spec.required,
        "help_text": spec.help_text,
    }
    if spec.kind == "date":
        return DateField(**common)
    if spec.kind == "textarea":
        return forms.CharField(max_length=600, widget=_textarea(3), **common)
    return forms.CharField(max_length=300, **common)


def _letter_form(spec: LetterSpec) -> type[LetterForm]:
    fields: dict[str, forms.Field] = {}
    if spec.needs_grant:
        fields["grant"] = GrantChoice(
            label="Afgørelse", queryset=Grant.objects.none(), empty_label="Vælg afgørelse"
        )
    fields |= {letter_field.name: _field(letter_field) for letter_field in spec.fields}
    form = cast(type[LetterForm], type(f"LetterForm_{spec.key}", (LetterForm,), {"spec": spec}))
    # Template fields first, then the case number, the channel last.
    form.base_fields = fields | {
        "case_number": LetterForm.base_fields["case_number"],
        "channel": LetterForm.base_fields["channel"],
    }
    form.fieldsets = ((spec.title, tuple(form.base_fields)),)
    return form


#: One form class per template, by key.
LETTER_FORMS: dict[str, type[LetterForm]] = {
    key: _letter_form(spec) for key, spec in TEMPLATES.items()
}
