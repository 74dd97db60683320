"""The by-name list's filter form: a GET form whose valid fields become ``ListFilters``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.http import QueryDict

from hjemvej.accounts.models import User
from hjemvej.casefile import selectors
from hjemvej.casefile.selectors import EXTERNAL, NONE, SORT_KEYS, ListFilters
from hjemvej.citizens.cpr import looks_like_cpr
from hjemvej.citizens.models import Situation
from hjemvej.core.cpr_text import INPUT_PATTERN
from hjemvej.support.models import CourseKind

ON_LIST_CHOICES = [("yes", "Ja"), ("no", "Nej"), ("all", "Alle")]
ON_LIST_VALUES: dict[str, bool | None] = {"yes": True, "no": False, "all": None}
SORT_CHOICES = [(key, key) for key in SORT_KEYS] + [(f"-{key}", f"-{key}") for key in SORT_KEYS]
#: DKFDS classes of the widgets the form uses.
_WIDGET_CLASSES = {
    "Select": "form-select",
    "TextInput": "form-input",
    "NumberInput": "form-input input-width-xs",
    "CheckboxInput": "form-checkbox",
    "CheckboxSelectMultiple": "form-checkbox",
}


class ListFilterForm(forms.Form):
    """Filters, name search and sort of the by-name list; invalid fields are ignored."""

    q = forms.CharField(
        label="Navn eller alias",
        required=False,
        max_length=100,
        help_text="Fornavn, efternavn eller alias. Søg efter CPR-nummer i feltet ovenfor.",
        # The browser refuses a CPR number before the search is sent (app.js: the message);
        # the view refuses it too and takes it out of the address.
        widget=forms.TextInput(
            attrs={
                "pattern": INPUT_PATTERN,
                "data-no-cpr": "Søg efter CPR-nummer i feltet CPR-nummer: i navnesøgningen ville "
                "nummeret stå i adressen.",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    situation = forms.MultipleChoiceField(
        label="Situation nu",
        required=False,
        choices=[*Situation.choices, (NONE, "Ikke i hjemløshed")],
        widget=forms.CheckboxSelectMultiple,
    )
    municipality = forms.ChoiceField(label="Handlekommune", required=False)
    shelter = forms.ChoiceField(label="Boform nu", required=False)
    method = forms.ChoiceField(
        label="Indsats nu",
        required=False,
        choices=[("", "Alle"), *CourseKind.choices, (NONE, "Ingen igangværende indsats")],
    )
    on_list = forms.ChoiceField(
        label="På by-name-listen nu", required=False, choices=ON_LIST_CHOICES
    )
    min_days = forms.IntegerField(
        label="Mindst antal dage i hjemløshed", required=False, min_value=0, max_value=36500
    )
    long_term = forms.BooleanField(label="Kun langvarigt hjemløse", required=False)
    no_contact_days = forms.IntegerField(
        label="Ingen kontakt i mindst (dage)", required=False, min_value=1, max_value=36500
    )
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        municipalities: Iterable[tuple[int, str]],
        shelters: Iterable[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self._marked = False
        self.municipality_choices = list(municipalities)
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ChoiceField)
        municipality.choices = [
            ("", "Alle kommuner"),
            *[(str(pk), name) for pk, name in self.municipality_choices],
        ]
        shelter = self.fields["shelter"]
        assert isinstance(shelter, forms.ChoiceField)
        shelter.choices = [
            ("", "Alle"),
            (EXTERNAL, "På en ekstern boform"),
            (NONE, "Ikke på en boform"),
            *[(str(pk), name) for pk, name in shelters],
        ]
        for name, field in self.fields.items():
            css = _WIDGET_CLASSES.get(type(field.widget).__name__)
            if css:
                field.widget.attrs["class"] = css
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{name}-hint"

    @classmethod
    def from_query(
        cls,
        query: QueryDict,
        *,
        municipalities: Iterable[tuple[int, str]],
        shelters: Iterable[tuple[int, str]],
        default_municipality_id: int | None,
    ) -> ListFilterForm:
        """Bind the form to the query string, with the defaults for fields not in it."""
        data = query.copy()
        choices = list(municipalities)
        if "on_list" not in data:
            data["on_list"] = "yes"
        known = {pk for pk, _ in choices}
        if "municipality" not in data and default_municipality_id in known:
            data["municipality"] = str(default_municipality_id)
        return cls(data, municipalities=choices, shelters=shelters)

    @property
    def simple_fields(self) -> list[forms.BoundField]:
        """Return the one-input fields in the order the page shows them."""
        names = ["q", "on_list", "municipality", "shelter", "method", "min_days", "no_contact_days"]
        if not self.chooses_municipality:
            names.remove("municipality")
        return [self[name] for name in names]

    @property
    def narrowed(self) -> bool:
        """Return whether a filter beyond the name search and the defaults is in use."""
        data = self.data
        defaults = {"on_list": "yes"}
        fields = ("on_list", "shelter", "method", "min_days", "no_contact_days", "long_term")
        if any(
            (data.get(name) or defaults.get(name, "")) != defaults.get(name, "") for name in fields
        ):
            return True
        return bool(data.getlist("situation")) if hasattr(data, "getlist") else False

    @property
    def chooses_municipality(self) -> bool:
        """Return whether the user sees citizens of more than one municipality."""
        return len(self.municipality_choices) > 1

    def clean_q(self) -> str:
        """Refuse a CPR number in the name search: it would stand in the address."""
        q = str(self.cleaned_data.get("q") or "").strip()
        if looks_like_cpr(q):
            raise forms.ValidationError("Søg efter CPR-nummer i feltet CPR-nummer.")
        return q

    def is_bound_valid(self) -> bool:
        """Validate and mark the invalid fields for assistive technology."""
        valid = self.is_valid()
        if self._marked:
            return valid
        self._marked = True
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                described = [attrs.get("aria-describedby", ""), f"{name}-error"]
                attrs["aria-describedby"] = " ".join(d for d in described if d)
                attrs["aria-invalid"] = "true"
        return valid

    def filters(self) -> ListFilters:
        """Return the filters of the valid fields (an invalid field filters nothing)."""
        self.is_bound_valid()
        data = self.cleaned_data
        municipality = data.get("municipality") or ""
        if not self.chooses_municipality:
            municipality = ""  # one municipality at most: the scope already is the filter
        return ListFilters(
            situations=frozenset(data.get("situation") or ()),
            municipality_id=int(municipality) if municipality else None,
            shelter=data.get("shelter") or "",
            method=data.get("method") or "",
            on_list=ON_LIST_VALUES.get(data.get("on_list") or "yes", True),
            min_days=data.get("min_days"),
            long_term=bool(data.get("long_term")),
            no_contact_days=data.get("no_contact_days"),
            q=data.get("q") or "",
            sort=data.get("sort") or "name",
        )

    def describe(self) -> list[str]:
        """Return the active filters in Danish, one line each (for exports)."""
        f = self.filters()
        lines = []
        labels = dict(self.fields["situation"].choices)  # type: ignore[attr-defined]
        if f.q:
            lines.append(f"Navn eller alias: {f.q}")
        if f.situations:
            lines.append("Situation: " + ", ".join(str(labels[s]) for s in sorted(f.situations)))
        for name in ("municipality", "shelter", "method"):
            value = self.cleaned_data.get(name) or ""
            if value:
                choices = dict(self.fields[name].choices)  # type: ignore[attr-defined]
                lines.append(f"{self.fields[name].label}: {choices.get(value, value)}")
        on_list = {True: "ja", False: "nej", None: "alle"}[f.on_list]
        lines.append(f"På by-name-listen nu: {on_list}")
        if f.min_days is not None:
            lines.append(f"Mindst {f.min_days} dage i hjemløshed")
        if f.long_term:
            lines.append("Kun langvarigt hjemløse")
        if f.no_contact_days is not None:
            lines.append(f"Ingen kontakt i mindst {f.no_contact_days} dage")
        return lines


def filter_form_for(user: User, query: QueryDict) -> ListFilterForm:
    """Return the list's filter form for ``user``, bound to ``query`` (the page and its export)."""
    return ListFilterForm.from_query(
        query,
        municipalities=selectors.visible_municipalities(user).values_list("pk", "name"),
        shelters=selectors.visible_shelters(user).values_list("pk", "name"),
        default_municipality_id=user.municipality_id,
    )
