"""Forms for a new law scenario and a new practice scenario, with Danish validation.

Parameter changes are parsed with ``parse_override`` (through ``spec.parse_override_lines``), so an
unknown parameter or a value of the wrong kind gets the parameter module's Danish message, with
the line it is on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms

from hjemvej.core.forms import DateField, DecimalTextField, HjemvejForm
from hjemvej.economy.scenarios.spec import (
    COMPARE_DAYS,
    PRACTICE_LABELS,
    READING_LABELS,
    Practice,
    PracticeKind,
    ScenarioSpec,
    parse_override_lines,
)
from hjemvej.rules.parameters import Override, ParameterSet
from hjemvej.rules.paths import METHODS
from hjemvej.rules.shelter import Readings
from hjemvej.rules.support import METHOD_LABELS, Method

HORIZON_YEARS = 10
OVERRIDES_HELP = (
    "Én ændring pr. linje: PARAMETER=VÆRDI@DATO, fx shelter.reimbursement.day_cap=90@01.04.2026. "
    "Uden @DATO gælder værdien for alle datoer. Beløb skrives i kroner (2130 eller 2.130,50), "
    "procentsatser som tal (40), ja eller nej for til og fra, »ingen« for intet loft."
)


def _whole(label: str, help_text: str = "", initial: int | None = None) -> forms.IntegerField:
    """Return a whole-number field; its bounds are checked in the form's clean methods."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        initial=initial,
        error_messages={"invalid": "Skriv et helt tal."},
        widget=forms.NumberInput(attrs={"class": "input-width-xs", "inputmode": "numeric"}),
    )


class ScenarioForm(HjemvejForm):
    """What every scenario has: a name, parameter changes and the last year to compute."""

    name = forms.CharField(
        label="Navn",
        max_length=200,
        error_messages={"max_length": "Navnet må højst have 200 tegn."},
    )
    overrides = forms.CharField(
        label="Ændrede parametre",
        required=False,
        help_text=OVERRIDES_HELP,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )
    horizon = _whole(
        "Beregn til og med år", "Årene i data og de kommende år til og med dette år vises."
    )

    def __init__(self, *args: Any, params: ParameterSet, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = params
        self.today = today
        self.fields["horizon"].initial = today.year + 4
        self.parsed_overrides: list[Override] = []

    def _year(self, name: str) -> int | None:
        year = cast(int | None, self.cleaned_data.get(name))
        first, last = self.today.year, self.today.year + HORIZON_YEARS
        if year is not None and not first <= year <= last:
            raise forms.ValidationError(f"Skriv et årstal fra {first} til {last}.")
        return year

    def clean_horizon(self) -> int | None:
        return self._year("horizon")

    def spec(self) -> ScenarioSpec:
        """Return the scenario the valid form describes."""
        raise NotImplementedError

    def clean_overrides(self) -> str:
        text = cast(str, self.cleaned_data.get("overrides") or "")
        overrides, errors = parse_override_lines(text, self.params)
        if errors:
            raise forms.ValidationError(errors)
        self.parsed_overrides = overrides
        return text


class LawScenarioForm(ScenarioForm):
    """A change of law: parameters from a date on, and the readings of § 177."""

    window = forms.ChoiceField(
        label="Refusionsvindue", choices=list(READING_LABELS["window"].items()), initial="anchored"
    )
    cap = forms.ChoiceField(
        label="Loft over dage", choices=list(READING_LABELS["cap"].items()), initial="per_day"
    )
    days = forms.ChoiceField(
        label="Opholdets dage", choices=list(READING_LABELS["days"].items()), initial="nights"
    )
    fieldsets = (
        ("", ("name",)),
        ("Ændrede regler", ("overrides",)),
        ("Læsninger af § 177", ("window", "cap", "days")),
        ("Periode", ("horizon",)),
    )

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if not self.errors and not self.spec().changes_anything():
            self.add_error(
                "overrides",
                "Scenariet ændrer intet: angiv mindst én parameter eller vælg en anden læsning.",
            )
        return data

    def spec(self) -> ScenarioSpec:
        """Return the scenario the valid form describes."""
        data = self.cleaned_data
        return ScenarioSpec(
            kind="law",
            horizon=int(data["horizon"]),
            overrides=tuple(self.parsed_overrides),
            readings=Readings.parse([f"{k}={data[k]}" for k in ("window", "cap", "days")]),
        )


class PracticeForm(ScenarioForm):
    """A change of practice; subclasses add their kind's fields."""

    practice_kind: ClassVar[PracticeKind]

    def clean_start_year(self) -> int | None:
        return self._year("start_year")

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        start, horizon = data.get("start_year"), data.get("horizon")
        if start is not None and horizon is not None and horizon < start:
            self.add_error("horizon", "Det sidste år må ikke ligge før det første år.")
        return data

    def practice(self) -> Practice:
        return Practice(kind=self.practice_kind)

    def spec(self) -> ScenarioSpec:
        """Return the scenario the valid form describes."""
        return ScenarioSpec(
            kind="practice",
            horizon=int(self.cleaned_data["horizon"]),
            overrides=tuple(self.parsed_overrides),
            practice=self.practice(),
        )

    @property
    def title(self) -> str:
        return PRACTICE_LABELS[self.practice_kind]


class ShorterStaysForm(PracticeForm):
    """Every closed stay N days shorter on average."""

    practice_kind = "shorter_stays"
    days = _whole(
        "Dage kortere pr. ophold",
        "Hvert afsluttet ophold gøres så mange dage kortere, dog aldrig under én nat.",
    )
    since = DateField(
        label="Kun ophold udskrevet fra",
        required=False,
        help_text="Valgfrit; tom betyder alle afsluttede ophold. Skriv datoen som dd.mm.åååå.",
    )
    fieldsets = (("", ("name", "days", "since", "horizon")),)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["overrides"]

    def clean_days(self) -> int | None:
        days = cast(int | None, self.cleaned_data.get("days"))
        if days is not None and not 1 <= days <= 365:
            raise forms.ValidationError("Skriv et helt tal fra 1 til 365.")
        return days

    def practice(self) -> Practice:
        data = self.cleaned_data
        return Practice(kind="shorter_stays", days=data["days"], since=data.get("since"))


class _PersonsField(DecimalTextField):
    """Full-year persons with a Danish decimal comma: "18" or "18,5"; more than 0."""

    invalid_message = "Skriv et tal, fx 18 eller 18,5, med højst to decimaler."
    too_large_message = "Antallet er for stort."
    limit = Decimal("100000.01")

    def to_python(self, value: Any) -> Decimal | None:
        number = super().to_python(value)
        if number is not None and number <= 0:
            raise forms.ValidationError("Antallet skal være større end 0.")
        return number


class FewerExternalForm(PracticeForm):
    """N fewer full-year persons on external shelters, from a year on."""

    practice_kind = "fewer_external"
    persons = _PersonsField(
        label="Færre helårspersoner på eksterne boformer",
        help_text="Fx 18, som i Randers Kommunes budgetforslag, eller 18,5.",
    )
    start_year = _whole("Fra år")
    fieldsets = (("", ("name", "persons", "start_year", "horizon")),)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["overrides"]
        self.fields["start_year"].initial = self.today.year + 1

    def practice(self) -> Practice:
        data = self.cleaned_data
        return Practice(
            kind="fewer_external", persons=data["persons"], start_year=data["start_year"]
        )


class HousingFirstForm(PracticeForm):
    """N citizens a year move out with a Housing First method instead of staying on shelters."""

    practice_kind = "housing_first"
    method = forms.ChoiceField(
        label="Støttemetode efter § 85 a", choices=[(m, METHOD_LABELS[m]) for m in METHODS]
    )
    citizens_per_year = _whole("Borgere om året", "Hvor mange borgere flytter ud hvert år.")
    start_year = _whole("Fra år")
    compare_days = forms.TypedChoiceField(
        label="Sammenlign med ophold på boform",
        choices=[(d, f"{d} dage om året") for d in COMPARE_DAYS],
        coerce=int,
        initial=120,
    )
    fieldsets = (
        ("", ("name", "method", "citizens_per_year", "start_year", "compare_days", "horizon")),
        ("Enhedspriser", ("overrides",)),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_year"].initial = self.today.year + 1
        self.fields["overrides"].label = "Ændrede enhedspriser og parametre"
        self.fields["overrides"].help_text = (
            "Valgfrit. Fx housing_first.support.cti.monthly=8500 eller "
            "housing_first.shelter.daily_rate=1950. " + OVERRIDES_HELP
        )

    def clean_citizens_per_year(self) -> int | None:
        count = cast(int | None, self.cleaned_data.get("citizens_per_year"))
        if count is not None and not 1 <= count <= 10_000:
            raise forms.ValidationError("Skriv et helt tal fra 1 til 10.000.")
        return count

    def practice(self) -> Practice:
        data = self.cleaned_data
        return Practice(
            kind="housing_first",
            method=cast(Method, data["method"]),
            citizens_per_year=data["citizens_per_year"],
            start_year=data["start_year"],
            compare_days=data["compare_days"],
        )


class OwnPaymentBackForm(PracticeForm):
    """A share of those moving into a home get their stays' own payment back, from a year on."""

    practice_kind = "own_payment_back"
    share = _whole(
        "Andel af dem, der flytter i egen bolig (%)",
        "Hvor mange procent af borgerne, der flytter i egen bolig, får egenbetalingen under "
        "opholdene betalt tilbage til indskud eller etablering. 100 betyder alle.",
        initial=100,
    )
    start_year = _whole("Fra år")
    fieldsets = (("", ("name", "share", "start_year", "horizon")),)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["overrides"]
        self.fields["start_year"].initial = self.today.year + 1

    def clean_share(self) -> int | None:
        share = cast(int | None, self.cleaned_data.get("share"))
        if share is not None and not 1 <= share <= 100:
            raise forms.ValidationError("Skriv et helt tal fra 1 til 100.")
        return share

    def practice(self) -> Practice:
        data = self.cleaned_data
        return Practice(kind="own_payment_back", share=data["share"], start_year=data["start_year"])


PRACTICE_FORMS: dict[str, type[PracticeForm]] = {
    "shorter_stays": ShorterStaysForm,
    "fewer_external": FewerExternalForm,
    "housing_first": HousingFirstForm,
    "own_payment_back": OwnPaymentBackForm,
}
