"""The forms of the task pages: a hand-written task, and the task list's filters (GET)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import QueryDict

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.cpr import looks_like_cpr
from hjemvej.core.cpr_text import INPUT_PATTERN
from hjemvej.core.forms import DateField, HjemvejForm
from hjemvej.followup.task_services import TITLE_MAX
from hjemvej.rules.followup import KIND_LABELS, STATUS_LABELS
from hjemvej.support.forms import WorkerField, workers_for

MINE, ALL = "mine", "alle"
UNASSIGNED = "ingen"


#: The form of ``Citizen.pseudonym`` (``hjemvej.citizens.models.new_pseudonym``), any case.
PSEUDONYM = re.compile(r"[Bb][0-9A-Fa-f]{12}")
#: Said when the citizen search holds what may be a CPR number (at the field, and after the
#: redirect that takes the number out of the address).
CPR_REFUSED = "Søg ikke på CPR-nummer her; brug navn eller pseudonym."


def is_cpr_search(text: str) -> bool:
    """Return whether a citizen search may hold a CPR number (a pseudonym never does)."""
    text = text.strip()
    return looks_like_cpr(text) and not PSEUDONYM.fullmatch(text)


class TaskForm(HjemvejForm):
    """A task for a citizen: what, by when, and who."""

    title = forms.CharField(
        label="Hvad skal gøres",
        max_length=TITLE_MAX,
        help_text="Kort og konkret, fx 'Ring til boformen om udskrivningen'. Ingen CPR-numre.",
    )
    due = DateField(label="Frist", since="followup.")
    assignee = WorkerField(
        label="Ansvarlig",
        queryset=User.objects.none(),
        required=False,
        empty_label="Borgerens sagsbehandler",
    )

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        """Offer the case and support workers of the citizen's municipality."""
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, WorkerField)
        field.queryset = workers_for(municipality_id)


def default_view(user: User) -> str:
    """Return what the list shows first: a worker's own tasks, everyone else's all."""
    return MINE if user.role in (Role.CASE_WORKER, Role.SUPPORT_WORKER) else ALL


class TaskFilterForm(forms.Form):
    """The task list's filters; a field that does not validate is ignored."""

    vis = forms.ChoiceField(
        label="Vis", required=False, choices=[(MINE, "Mine opgaver"), (ALL, "Alle opgaver")]
    )
    medarbejder = forms.ChoiceField(label="Ansvarlig", required=False)
    team = forms.ChoiceField(label="Team", required=False)
    opgave = forms.ChoiceField(
        label="Opgave", required=False, choices=[("", "Alle opgaver"), *KIND_LABELS.items()]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Alle"), ("overdue", STATUS_LABELS["overdue"]), ("due_soon", "Snart")],
    )
    borger = forms.CharField(
        label="Borger",
        required=False,
        max_length=100,
        help_text="Navn eller pseudonym (fx B1A2B3C4D5E6).",
    )
    # Show the deadlines before the municipality began using Hjemvej (a link sets it).
    gamle = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, data: QueryDict, *, user: User, staff: list[tuple[int, str]], teams: list[str]
    ) -> None:
        """Bind the query (its view defaults to the user's) and offer the workers and teams."""
        initial = data.copy()
        initial.setdefault("vis", default_view(user))
        super().__init__(initial)
        self.fields["medarbejder"].choices = [  # type: ignore[attr-defined]
            ("", "Alle"),
            (UNASSIGNED, "Ikke fordelt"),
            *((str(pk), name) for pk, name in staff),
        ]
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            ("", "Alle teams"),
            *((team, team) for team in teams),
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-input"
            field.widget.attrs["class"] = css
        # The browser refuses a CPR number before the form is sent (app.js: the Danish message).
        self.fields["borger"].widget.attrs.update(
            {
                "pattern": f"{PSEUDONYM.pattern}|{INPUT_PATTERN}",
                "data-no-cpr": CPR_REFUSED,
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )

    @property
    def shows_old(self) -> bool:
        """Return whether the deadlines before the start of Hjemvej are to be listed."""
        return self.value("gamle") == "True"

    @property
    def narrowed(self) -> bool:
        """Return whether a filter is chosen, or one is wrong (then the filters start open)."""
        chosen = ("medarbejder", "team", "opgave", "status", "borger")
        return any(self.value(name) for name in chosen) or bool(self.errors)

    def value(self, name: str) -> str:
        """Return a field's valid value, or "" when it is missing or invalid."""
        if not self.is_valid() and name in self.errors:
            return ""
        cleaned = getattr(self, "cleaned_data", {})
        return str(cleaned.get(name) or "")

    def clean_borger(self) -> str:
        """Refuse what looks like a CPR number: it must not stay in the address.

        A pseudonym (B and twelve hex digits) often holds six digits in a row; it is no CPR number.
        """
        text = str(self.cleaned_data.get("borger") or "").strip()
        if is_cpr_search(text):
            raise forms.ValidationError(CPR_REFUSED)
        return text
