"""Forms of the support pages: a review, CTI's phase-3 assessment, the caseload limits."""

from __future__ import annotations

from typing import Any

from django import forms

from hjemvej.core.forms import DateField, HjemvejForm, as_choices
from hjemvej.core.law import status_notice
from hjemvej.rules.support import methods
from hjemvej.support.models import CourseKind, FutureNeed
from hjemvej.support.services import MAX_CASELOAD_LIMIT


class ReviewForm(HjemvejForm):
    """A review of an ICM, ACT or M-ACT course."""

    held_on = DateField(label="Opfølgningen blev holdt")
    summary = forms.CharField(
        label="Opsummering",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kort: hvad er aftalt, og hvad er det næste skridt?",
    )
    next_review = DateField(label="Næste opfølgning", required=False)

    def __init__(self, *args: Any, interval: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_review"].help_text = f"Tom: {interval} efter denne opfølgning."


class AssessmentForm(HjemvejForm):
    """CTI phase 3: the assessment of future needs and the hand-over."""

    assessed_on = DateField(label="Vurderet")
    future_need = forms.ChoiceField(
        label="Borgerens fremtidige behov",
        choices=as_choices(FutureNeed.choices, blank="Vælg behov"),
    )
    handed_over_to = forms.CharField(
        label="Overdraget til",
        required=False,
        max_length=200,
        help_text="Fx borgeren selv, netværket, § 85-bostøtten eller et ICM-team.",
    )
    handed_over_on = DateField(label="Overdraget", required=False)
    note = forms.CharField(
        label="Notat",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Skriv kun det nødvendige.",
    )


def _limit_field(label: str, default: methods.CaseloadLimit) -> forms.IntegerField:
    if default.parameter is not None and default.parameter.enacted:
        hint = f"Tom: {default.limit} ({default.parameter.reference})."
    elif default.parameter is not None:
        hint = (
            f"Tom: metodens standard, {default.limit} ({status_notice(default.parameter)}; "
            f"{default.parameter.reference})."
        )
    else:
        hint = "Tom: ingen grænse."
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_CASELOAD_LIMIT,
        help_text=hint,
        error_messages={
            "invalid": "Skriv et helt tal.",
            "min_value": f"Grænsen skal være et helt tal fra 1 til {MAX_CASELOAD_LIMIT}.",
            "max_value": f"Grænsen skal være et helt tal fra 1 til {MAX_CASELOAD_LIMIT}.",
        },
    )


class CaseloadLimitsForm(HjemvejForm):
    """The municipality's fidelity limits: at most this many citizens per worker and method."""

    def __init__(self, *args: Any, defaults: list[methods.CaseloadLimit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for default in defaults:
            label = f"{CourseKind(default.method).label}: højst borgere pr. medarbejder"
            self.fields[default.method] = _limit_field(label, default)
        # The fields were added after HjemvejForm styled the declared ones.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-input input-width-xs")
            field.widget.attrs["inputmode"] = "numeric"
        self._focus()
