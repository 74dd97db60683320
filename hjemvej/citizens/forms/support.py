"""Support courses and contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.forms.base import DateField, HjemvejForm, MoneyField, as_choices
from hjemvej.support.models import ContactKind, CourseKind, SupportCourse


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
