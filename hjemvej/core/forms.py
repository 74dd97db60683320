"""What every form here is built from: the Danish date and money fields and ``HjemvejForm``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.accounts.models import Municipality
from hjemvej.core import dates
from hjemvej.core.bounds import CONFIRM_LABEL, DATE_PARAMETERS, NeedsConfirmation, date_problem
from hjemvej.core.errors import DomainError
from hjemvej.rules.parameters import format_kroner

REQUIRED = "Feltet skal udfyldes."
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    """A native date picker (``type="date"``); the value is sent as ÅÅÅÅ-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date with Danish messages; accepts ÅÅÅÅ-MM-DD (the picker) and dd.mm.åååå (typed).

    Every date is bounded (``core.bounds.date_problem``): not before the parameters named
    ``since`` begin (default: Hjemvej's bounds, 01.01.2000; the follow-up forms name the
    follow-up rules' own), and not more than ``bounds.date.future_years`` ahead. ``since=None``
    leaves the bounds to the service (a birth date: ``bounds.check_birth_date``).
    """

    widget = DateInput

    def __init__(self, *, since: str | None = DATE_PARAMETERS, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        messages = {"required": REQUIRED, "invalid": "Skriv datoen som dd.mm.åååå."}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)
        self.since = since

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date) and self.since is not None:
            problem = date_problem(value, today=dates.today(), since=self.since)
            if problem:
                raise forms.ValidationError(problem, code="out_of_bounds")


_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_decimal(raw: str) -> Decimal:
    """Parse a number written the Danish way ("1.234,50", "25,5", "1.234") or "1234.50".

    Raise ValueError when it is not a number with at most two decimals.
    """
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        if "." in text and not _GROUPED.match(text):
            raise ValueError(raw)
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.match(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(raw)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(raw)
    return number.quantize(Decimal("0.01"))


def parse_money(raw: str) -> Decimal:
    """Parse an amount written the Danish way ("1.234,50 kr.", "1234,5", "1.234") or "1234.50".

    Raise ValueError when it is not an amount with at most two decimals.
    """
    text = re.sub(r"(?i)(kr\.?|dkk)$", "", raw.strip()).strip()
    try:
        return parse_decimal(text)
    except ValueError:
        raise ValueError(raw) from None


class DecimalTextField(forms.Field):
    """A number as text with a Danish decimal comma; returns a Decimal with two decimals."""

    widget = forms.TextInput
    invalid_message = "Skriv et tal med højst to decimaler, fx 1.234,50."
    too_large_message = "Tallet er for stort."
    limit = Decimal("1e12")

    def __init__(self, **kwargs: Any) -> None:
        messages = {
            "required": REQUIRED,
            "invalid": self.invalid_message,
            "too_large": self.too_large_message,
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def parse(self, raw: str) -> Decimal:
        """Return the number the text holds, or raise ValueError."""
        return parse_decimal(raw)

    def display(self, value: Decimal) -> str:
        """Return the number as the field shows it."""
        return f"{value:.2f}".replace(".", ",")

    def to_python(self, value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = self.parse(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if abs(number) >= self.limit:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return self.display(value)
        return value


class MoneyField(DecimalTextField):
    """Kroner as text with a Danish decimal comma; returns a Decimal with two decimals."""

    invalid_message = "Skriv beløbet i kroner, fx 1.234,50."
    too_large_message = "Beløbet er for stort."

    def parse(self, raw: str) -> Decimal:
        return parse_money(raw)

    def display(self, value: Decimal) -> str:
        return format_kroner(int(value * 100))


class HjemvejForm(forms.Form):
    """A form with DKFDS classes, Danish required messages and a service's errors on fields.

    Django ties each input to its help text and error with ``aria-describedby`` (ids
    ``<id>_helptext`` and ``<id>_error``), which ``core/_field.html`` renders.
    """

    #: Groups of field names shown as fieldsets: ((legend, (names...)), ...); empty: one group.
    fieldsets: Sequence[tuple[str, Sequence[str]]] = ()
    #: A service's field name -> this form's field name, where they differ.
    field_aliases: dict[str, str] = {}
    #: Whether the form has the checkbox that confirms an amount above its usual bound
    #: (``core.bounds``); it is shown only once the service has asked, or while it is ticked.
    confirmable: bool = False
    CONFIRM = "confirmed"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._asks_confirm = False
        self._confirm_after: str | None = None
        if self.confirmable:
            self.fields[self.CONFIRM] = forms.BooleanField(
                label=CONFIRM_LABEL,
                required=False,
                help_text="Beløbet er højere end sædvanligt. Sæt kun kryds, hvis det er rigtigt.",
            )
        for field in self.fields.values():
            field.error_messages["required"] = REQUIRED
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-input"
            widget.attrs["class"] = " ".join(
                filter(None, [css, widget.attrs.get("class", "")])
            ).strip()
            if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
                field.error_messages["invalid_choice"] = "Vælg en af mulighederne på listen."
        self._focus()

    def _focus(self) -> None:
        """Put ``autofocus`` on the first field with an error, else on the first field."""
        names = list(self.fields)
        for name in names:
            self.fields[name].widget.attrs.pop("autofocus", None)
        errors = getattr(self, "_errors", None) or {}
        target = next((n for n in names if n in errors), None)
        target = target or (names[0] if names else None)
        if target is not None:
            self.fields[target].widget.attrs["autofocus"] = True

    def full_clean(self) -> None:
        super().full_clean()
        self._focus()

    @property
    def confirmed(self) -> bool:
        """Return whether the user ticked »Jeg bekræfter beløbet« (services' ``confirmed``)."""
        return bool(getattr(self, "cleaned_data", {}).get(self.CONFIRM))

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a service's DomainError on its field (or above the form).

        Amounts that need confirmation get their warning each at its field, and the confirming
        checkbox is shown after the first of them.
        """
        warnings: list[tuple[str | None, str]] = (
            list(exc.warnings) if isinstance(exc, NeedsConfirmation) else [(exc.field, exc.message)]
        )
        for service_name, message in warnings:
            name = self.field_aliases.get(service_name or "", service_name)
            field = name if name in self.fields else None
            self.add_error(field, message)
            if isinstance(exc, NeedsConfirmation) and not self._asks_confirm:
                self._asks_confirm, self._confirm_after = True, field
        self._focus()

    def _shows_confirm(self) -> bool:
        return self.CONFIRM in self.fields and (
            self._asks_confirm or (self.is_bound and self.confirmed)
        )

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Return the bound fields in their fieldsets (one unnamed group when none are set).

        The confirming checkbox follows the first amount that needs it, and is left out until then.
        """
        groups = (
            [("", [name for name in self.fields if name != self.CONFIRM])]
            if not self.fieldsets
            else [(legend, list(names)) for legend, names in self.fieldsets]
        )
        if self._shows_confirm():
            after = self._confirm_after
            group = next((g for g in groups if after in g[1]), groups[-1])
            names = group[1]
            names.insert(names.index(after) + 1 if after in names else len(names), self.CONFIRM)
        return [(legend, [self[name] for name in names]) for legend, names in groups]


def as_choices(pairs: Sequence[tuple[Any, Any]], blank: str | None = None) -> list[tuple[str, str]]:
    out = [(str(v), str(label)) for v, label in pairs]
    return [("", blank), *out] if blank is not None else out


class MunicipalityField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A municipality, shown as "Navn (kode)"."""

    def __init__(self, queryset: QuerySet[Municipality] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", "Vælg kommune")
        super().__init__(queryset=queryset or Municipality.objects.all(), **kwargs)
