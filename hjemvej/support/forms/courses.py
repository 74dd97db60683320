"""Support courses and contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.accounts.models import Role, User
from hjemvej.core.forms import DateField, HjemvejForm, MoneyField, as_choices
from hjemvej.core.law import status_notice
from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.support import methods
from hjemvej.shelters.models import Shelter
from hjemvej.support.models import ContactKind, CourseKind, SupportCourse

COURSE_FIELDS = ("kind", "worker", "decided_on", "start", "end", "monthly_cost")
CTI_FIELDS = ("phase1_start",)
REVIEW_FIELDS = ("next_review",)
CHOICE_FIELDS = ("chosen_shelter", "chosen_staff_name", "chosen_on")


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


def choice_legend() -> str:
    """Return the legend of the § 85 a choice, saying from when and whether it is law."""
    params = default_parameters()
    first = next((v for v in params[methods.STAFF_CHOICE].values if v.value is True), None)
    legend = "Borgerens valg af medarbejder på en boform (§ 85 a, kun CTI)"
    if first is None:
        return legend
    status = "" if first.enacted else f"; {status_notice(first)}"
    return f"{legend}, fra {danish_date(first.valid_from)}{status}"


class CourseForm(HjemvejForm):
    """A support course (§ 85, § 85 a, § 99) with its method's fields."""

    kind = forms.ChoiceField(
        label="Indsats", choices=as_choices(CourseKind.choices, blank="Vælg indsats")
    )
    worker = WorkerField(
        label="Medarbejder",
        queryset=User.objects.none(),
        required=False,
        empty_label="Ingen medarbejder endnu",
    )
    decided_on = DateField(label="Afgørelse", help_text="Datoen for afgørelsen om indsatsen.")
    start = DateField(label="Start")
    end = DateField(
        label="Slut",
        required=False,
        help_text="Den første dag uden forløbet. Tom, mens forløbet varer.",
    )
    monthly_cost = MoneyField(
        label="Udgift pr. måned (kr.)", required=False, help_text="Fx 9.500,00."
    )
    phase1_start = DateField(
        label="Fase 1 begynder",
        required=False,
        help_text="Kun CTI: den dag borgeren har lejekontrakt eller er flyttet ind. "
        "Tom i kontaktperioden.",
    )
    next_review = DateField(
        label="Næste opfølgning",
        required=False,
        help_text="Kun ICM, ACT og M-ACT. Tom: standardintervallet fra start.",
    )
    chosen_shelter = forms.ModelChoiceField(
        label="Boform",
        queryset=Shelter.objects.none(),
        required=False,
        empty_label="Intet valg",
        help_text="Kun boformer, hvor borgeren har haft ophold.",
    )
    chosen_staff_name = forms.CharField(label="Medarbejderens navn", required=False, max_length=200)
    chosen_on = DateField(label="Borgerens valg", required=False, help_text="Datoen for valget.")

    def __init__(
        self,
        *args: Any,
        municipality_id: int | None,
        editing: bool = False,
        kind: str | None = None,
        shelters: QuerySet[Shelter] | None = None,
        reviewed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        assert isinstance(worker, forms.ModelChoiceField)
        worker.queryset = workers_for(municipality_id)
        chosen = self.fields["chosen_shelter"]
        assert isinstance(chosen, forms.ModelChoiceField)
        chosen.queryset = shelters if shelters is not None else Shelter.objects.none()
        groups: list[tuple[str, tuple[str, ...]]] = [("Forløbet", COURSE_FIELDS)]
        if kind is None or kind == CourseKind.CTI:
            groups.append(("CTI: faserne", CTI_FIELDS))
        if kind is None or (kind in methods.REVIEWED_METHODS and not reviewed):
            groups.append(("ICM, ACT og M-ACT: opfølgning", REVIEW_FIELDS))
        if kind is None or kind in methods.TIME_LIMITED_METHODS:
            groups.append((choice_legend(), CHOICE_FIELDS))
        if editing:
            del self.fields["kind"]  # a course keeps its kind; a new method is a new course
            groups[0] = ("Forløbet", COURSE_FIELDS[1:])
        kept = {name for _, names in groups for name in names}
        for name in list(self.fields):
            if name not in kept:
                del self.fields[name]
        self.fieldsets = groups
        self._focus()


class ContactForm(HjemvejForm):
    """A contact with or about the citizen."""

    date = DateField(label="Dato")
    kind = forms.ChoiceField(
        label="Kontaktform", choices=as_choices(ContactKind.choices, blank="Vælg kontaktform")
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
