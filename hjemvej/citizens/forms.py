"""Forms that change a citizen's data: Danish labels and messages, DKFDS widgets.

Forms only parse and check input; the services (``hjemvej/{citizens,shelters,support}/services.py``)
decide and write. A service's ``DomainError`` becomes an error on the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.models import (
    ENTERING_REASONS,
    Gender,
    ListEventReason,
    Situation,
    SituationSource,
)
from hjemvej.core.errors import DomainError
from hjemvej.rules.parameters import format_kroner
from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    OwnPayment,
    PriorResidence,
    Shelter,
    StayType,
)
from hjemvej.support.models import ContactKind, CourseKind, SupportCourse

REQUIRED = "Feltet skal udfyldes."
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
LEAVING_REASONS = [(r.value, r.label) for r in ListEventReason if r not in ENTERING_REASONS]


class DateInput(forms.DateInput):
    """A native date picker (``type="date"``); the value is sent as ÅÅÅÅ-MM-DD."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date with Danish messages; accepts ÅÅÅÅ-MM-DD (the picker) and dd.mm.åååå (typed)."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        messages = {"required": REQUIRED, "invalid": "Skriv datoen som dd.mm.åååå."}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_money(raw: str) -> Decimal:
    """Parse an amount written the Danish way ("1.234,50", "1234,5", "1.234") or "1234.50".

    Raise ValueError when it is not an amount with at most two decimals.
    """
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    text = re.sub(r"(?i)(kr\.?|dkk)$", "", text).strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(raw)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(raw)
    return amount.quantize(Decimal("0.01"))


class MoneyField(forms.Field):
    """Kroner as text with a Danish decimal comma; returns a Decimal with two decimals."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        messages = {
            "required": REQUIRED,
            "invalid": "Skriv beløbet i kroner, fx 1.234,50.",
            "too_large": "Beløbet er for stort.",
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(error_messages=messages, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value: Any) -> Decimal | None:
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return value
        try:
            amount = parse_money(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if abs(amount) >= Decimal("1e12"):
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_kroner(int(value * 100))
        return value


class HjemvejForm(forms.Form):
    """A form with DKFDS classes, Danish required messages and a service's errors on fields.

    Django ties each input to its help text and error with ``aria-describedby`` (ids
    ``<id>_helptext`` and ``<id>_error``), which ``citizens/_field.html`` renders.
    """

    #: Groups of field names shown as fieldsets: ((legend, (names...)), ...); empty: one group.
    fieldsets: Sequence[tuple[str, Sequence[str]]] = ()
    #: A service's field name -> this form's field name, where they differ.
    field_aliases: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a service's DomainError on its field (or above the form)."""
        name = self.field_aliases.get(exc.field or "", exc.field)
        field = name if name in self.fields else None
        self.add_error(field, exc.message)
        self._focus()

    def grouped(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Return the bound fields in their fieldsets (one unnamed group when none are set)."""
        if not self.fieldsets:
            return [("", list(self))]
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


def _choices(pairs: Sequence[tuple[Any, Any]], blank: str | None = None) -> list[tuple[str, str]]:
    out = [(str(v), str(label)) for v, label in pairs]
    return [("", blank), *out] if blank is not None else out


class MunicipalityField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A municipality, shown as "Navn (kode)"."""

    def __init__(self, queryset: QuerySet[Municipality] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", "Vælg kommune")
        super().__init__(queryset=queryset or Municipality.objects.all(), **kwargs)


# --- Citizens ---------------------------------------------------------------------------


class CitizenDetailsForm(HjemvejForm):
    """The citizen's details (create and edit)."""

    cpr = forms.CharField(
        label="CPR-nummer",
        required=False,
        max_length=11,
        help_text="10 cifre, fx 010190-1234. Lad feltet stå tomt for en borger uden CPR-nummer.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    first_name = forms.CharField(label="Fornavn", required=False, max_length=100)
    last_name = forms.CharField(label="Efternavn", required=False, max_length=100)
    alias = forms.CharField(
        label="Alias",
        required=False,
        max_length=100,
        help_text="Det navn borgeren kendes under, fx for en borger uden CPR-nummer.",
    )
    birth_date = DateField(
        label="Fødselsdato", required=False, help_text="Udfyldes af sig selv ud fra CPR-nummeret."
    )
    gender = forms.ChoiceField(
        label="Køn", choices=_choices(Gender.choices), initial=Gender.UNKNOWN
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

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data.get("cpr", "")
        return value.strip()


class CitizenCreateForm(CitizenDetailsForm):
    """A new citizen and their first homelessness situation."""

    situation = forms.ChoiceField(
        label="Hjemløshedssituation",
        choices=_choices(Situation.choices, blank="Vælg situation"),
        help_text="Den situation borgeren er i nu (den nationale definition).",
    )
    situation_start = DateField(label="I situationen siden")
    source = forms.ChoiceField(
        label="Kilde",
        choices=_choices(SituationSource.choices),
        initial=SituationSource.CASE_WORK,
        help_text="Hvem oplysningen om situationen kommer fra.",
    )

    fieldsets: Sequence[tuple[str, Sequence[str]]] = (
        ("Borgeren", ("cpr", "first_name", "last_name", "alias", "birth_date", "gender")),
        ("Kontakt", ("phone", "email", "contact_note")),
        ("Kommune", ("acting_municipality", "residence_municipality")),
        ("Situation", ("situation", "situation_start", "source")),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("cpr") or data.get("alias") or data.get("first_name") or data.get("last_name")
        ):
            self.add_error("cpr", "Angiv CPR-nummer, navn eller et alias.")
        return data


class CitizenEditForm(CitizenDetailsForm):
    """Change a citizen's details; a blank CPR field keeps the stored number."""

    fieldsets: Sequence[tuple[str, Sequence[str]]] = (
        ("Borgeren", ("first_name", "last_name", "alias", "birth_date", "gender", "cpr")),
        ("Kontakt", ("phone", "email", "contact_note")),
        ("Kommune", ("acting_municipality", "residence_municipality")),
    )

    def __init__(self, *args: Any, has_cpr: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "acting_municipality"
        ].help_text = (
            "Skifter du handlekommune til en anden kommune, kan du bagefter ikke se borgeren."
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
        label="Ny situation", choices=_choices(Situation.choices, blank="Vælg situation")
    )
    start = DateField(label="Fra", help_text="Den nuværende situation slutter denne dag.")
    source = forms.ChoiceField(
        label="Kilde", choices=_choices(SituationSource.choices), initial=SituationSource.CASE_WORK
    )
    note = forms.CharField(
        label="Bemærkning", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class SituationEndForm(HjemvejForm):
    """End the current situation: the citizen leaves the by-name list."""

    end = DateField(label="Slutdato", help_text="Den første dag, borgeren ikke er i situationen.")
    reason = forms.ChoiceField(
        label="Hvorfor går borgeren af listen?",
        choices=_choices(LEAVING_REASONS, blank="Vælg årsag"),
    )
    note = forms.CharField(
        label="Bemærkning", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


# --- Stays ------------------------------------------------------------------------------


class StayDetailsForm(HjemvejForm):
    """What a stay records besides its dates."""

    stay_type = forms.ChoiceField(
        label="Opholdstype", choices=_choices(StayType.choices), initial=StayType.STAY
    )
    prior_residence = forms.ChoiceField(
        label="Hvor opholdt borgeren sig senest?",
        choices=_choices(PriorResidence.choices),
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
        label="Egenbetaling", choices=_choices(OwnPayment.choices), initial=OwnPayment.STATUTORY
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
        return {name: self.cleaned_data.get(name) for name in names if name in self.fields}


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
        choices=_choices(ExitReason.choices),
        initial=ExitReason.UNKNOWN,
        help_text="Hvordan opholdet sluttede.",
    )
    exit_destination = forms.ChoiceField(
        label="Fraflyttet til",
        choices=_choices(ExitDestination.choices),
        initial=ExitDestination.UNKNOWN,
        help_text="Hvor borgeren flyttede hen.",
    )


class StayEditForm(StayDetailsForm):
    """Correct a stay's dates and details."""

    admitted = DateField(label="Indskrevet")
    discharged = DateField(label="Udskrevet", required=False, help_text="Tom, mens opholdet varer.")
    exit_reason = forms.ChoiceField(
        label="Udflytningsforhold",
        required=False,
        choices=_choices(ExitReason.choices, blank="Ikke udskrevet"),
    )
    exit_destination = forms.ChoiceField(
        label="Fraflyttet til",
        required=False,
        choices=_choices(ExitDestination.choices, blank="Ikke udskrevet"),
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


class AdmitNewForm(StayAdmitForm):
    """Shelter staff's admission: a citizen by CPR number (or alias and name) and the stay."""

    cpr = forms.CharField(
        label="CPR-nummer",
        required=False,
        max_length=11,
        help_text="10 cifre, fx 010190-1234. Findes borgeren i forvejen, indskrives den borger.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    first_name = forms.CharField(label="Fornavn", required=False, max_length=100)
    last_name = forms.CharField(label="Efternavn", required=False, max_length=100)
    alias = forms.CharField(
        label="Alias",
        required=False,
        max_length=100,
        help_text="For en borger uden CPR-nummer: det navn borgeren kendes under.",
    )
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

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data.get("cpr", "")
        return value.strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("cpr") or data.get("alias") or data.get("first_name") or data.get("last_name")
        ):
            self.add_error(
                "cpr", "Angiv CPR-nummer, eller navn eller alias for en borger uden CPR-nummer."
            )
        return data


# --- Support ----------------------------------------------------------------------------


class WorkerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A member of staff, with their role."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


def workers_for(municipality_id: int | None) -> QuerySet[User]:
    """Return the municipality's active support and case workers."""
    if municipality_id is None:
        return User.objects.none()
    return User.objects.filter(
        municipality_id=municipality_id,
        role__in=(Role.SUPPORT_WORKER, Role.CASE_WORKER),
        is_active=True,
    ).order_by("first_name", "last_name", "username")


class CourseForm(HjemvejForm):
    """A support course (§ 85, § 85 a, § 99)."""

    kind = forms.ChoiceField(
        label="Indsats", choices=_choices(CourseKind.choices, blank="Vælg indsats")
    )
    worker = WorkerField(
        label="Medarbejder",
        queryset=User.objects.none(),
        required=False,
        empty_label="Ingen medarbejder endnu",
    )
    decided_on = DateField(label="Afgørelse", help_text="Datoen for afgørelsen om indsatsen.")
    start = DateField(label="Start")
    end = DateField(label="Slut", required=False, help_text="Tom, mens forløbet varer.")
    monthly_cost = MoneyField(
        label="Udgift pr. måned (kr.)", required=False, help_text="Fx 9.500,00."
    )

    def __init__(
        self, *args: Any, municipality_id: int | None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        assert isinstance(worker, forms.ModelChoiceField)
        worker.queryset = workers_for(municipality_id)
        if editing:
            del self.fields["kind"]  # a course keeps its kind; a new method is a new course
            self._focus()


class ContactForm(HjemvejForm):
    """A contact with or about the citizen."""

    date = DateField(label="Dato")
    kind = forms.ChoiceField(
        label="Kontaktform", choices=_choices(ContactKind.choices, blank="Vælg kontaktform")
    )
    with_whom = forms.CharField(
        label="Med hvem",
        required=False,
        max_length=200,
        help_text="Fx borgeren, boformen eller netværket.",
    )
    note = forms.CharField(
        label="Notat",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Skriv kun det nødvendige. Notatet kan ses af dem, der har adgang til borgeren.",
    )
    course = forms.ModelChoiceField(
        label="Forløb",
        queryset=SupportCourse.objects.none(),
        required=False,
        empty_label="Intet forløb",
    )

    def __init__(self, *args: Any, courses: QuerySet[SupportCourse], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, forms.ModelChoiceField)
        course.queryset = courses


# --- Consent ----------------------------------------------------------------------------


class ConsentAddForm(HjemvejForm):
    """The citizen's consent to share information."""

    recipient = forms.CharField(
        label="Med hvem", max_length=200, help_text="Fx jobcentret, psykiatrien eller en boform."
    )
    scope = forms.CharField(
        label="Hvad må deles", max_length=300, help_text="Fx oplysninger om boligsituationen."
    )
    given_on = DateField(label="Givet")


class ConsentWithdrawForm(HjemvejForm):
    """The date a consent was withdrawn."""

    withdrawn_on = DateField(label="Trukket tilbage")


# --- Merge ------------------------------------------------------------------------------


class MergeSearchForm(HjemvejForm):
    """Find the other record of the same citizen by name (sent by POST, never in the URL)."""

    q = forms.CharField(
        label="Navn eller alias",
        max_length=100,
        min_length=2,
        help_text="Mindst to bogstaver af for- eller efternavn eller alias.",
        error_messages={"min_length": "Skriv mindst to bogstaver."},
    )
