"""Critical transitions, action plans made at network meetings, stay plans, letters and tasks.

Most tasks are not stored: the task engine derives them from the case data (a stay without a
notice, a week without contact, a phase ending). ``Task`` holds the tasks a worker writes by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TransitionKind(models.TextChoices):
    PRISON_RELEASE = "prison_release", "Løsladelse fra fængsel"
    PSYCHIATRIC_DISCHARGE = "psychiatric_discharge", "Udskrivning fra psykiatrien"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Udskrivning fra hospital eller behandling"
    LEAVING_CARE = "leaving_care", "Udslusning fra anbringelse eller botilbud"


class TransitionOutcome(models.TextChoices):
    OWN_HOME = "own_home", "Egen bolig"
    TEMPORARY = "temporary", "Midlertidig boligløsning (fx udslusningsbolig)"
    SHELTER = "shelter", "Boform efter § 110"
    NO_SOLUTION = "no_solution", "Ingen boligløsning"
    UNKNOWN = "unknown", "Uoplyst"


class Transition(models.Model):
    """A critical transition: an expected release or discharge, its plan and its outcome."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="transitions",
    )
    kind = models.CharField("overgang", max_length=30, choices=TransitionKind.choices)
    institution = models.CharField("institution", max_length=200, blank=True)
    notified_on = models.DateField("kommunen underrettet", null=True, blank=True)
    expected_on = models.DateField("forventet dato")
    # Psychiatric discharge: an udskrivningsaftale or koordinationsplan (psykiatriloven § 13 a).
    discharge_agreement_on = models.DateField(
        "udskrivningsaftale eller koordinationsplan", null=True, blank=True
    )
    plan = models.TextField("plan for dagen", blank=True)
    happened_on = models.DateField("faktisk dato", null=True, blank=True)
    outcome = models.CharField(
        "resultat på dagen", max_length=20, choices=TransitionOutcome.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "expected_on", "id"]
        verbose_name = "kritisk overgang"
        verbose_name_plural = "kritiske overgange"
        indexes = [models.Index(fields=["expected_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.expected_on:%d.%m.%Y}"


class TransitionMeeting(models.Model):
    """A meeting held to prepare a transition."""

    transition = models.ForeignKey(
        Transition, verbose_name="overgang", on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField("dato")
    participants = models.CharField("deltagere", max_length=300, blank=True)
    note = models.TextField("notat", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["transition", "held_on", "id"]
        verbose_name = "møde om overgang"
        verbose_name_plural = "møder om overgange"

    def __str__(self) -> str:
        return f"Møde {self.held_on:%d.%m.%Y}"


class PlanSection(models.TextChoices):
    SEL141 = "sel141", "Handleplan (serviceloven § 141)"
    SEL142 = "sel142", "Handleplan (serviceloven § 142)"


class ActionPlan(models.Model):
    """An action plan the citizen recognises as theirs, made at a network meeting."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    section = models.CharField(
        "lovgrundlag", max_length=10, choices=PlanSection.choices, default=PlanSection.SEL141
    )
    meeting_on = models.DateField("netværksmøde")
    goals = models.TextField("borgerens mål med egne ord")
    review_by = models.DateField("revideres senest")
    replaced_on = models.DateField("erstattet", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "-meeting_on", "-id"]
        verbose_name = "handleplan"
        verbose_name_plural = "handleplaner"

    def __str__(self) -> str:
        return f"Handleplan {self.meeting_on:%d.%m.%Y}"


class PlanParticipant(models.Model):
    """Someone at the network meeting; the citizen chose who came."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name="handleplan",
        on_delete=models.PROTECT,
        related_name="participants",
    )
    name = models.CharField("navn", max_length=200)
    relation = models.CharField("rolle eller relation", max_length=200, blank=True)
    chosen_by_citizen = models.BooleanField("valgt af borgeren", default=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "deltager"
        verbose_name_plural = "deltagere"

    def __str__(self) -> str:
        return self.name


class PlanStep(models.Model):
    """One concrete step of a plan: what, who does it, by when, and when it was done."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name="handleplan", on_delete=models.PROTECT, related_name="steps"
    )
    text = models.CharField("hvad", max_length=300)
    responsible = models.CharField("hvem", max_length=200)
    due = models.DateField("senest", null=True, blank=True)
    done_on = models.DateField("udført", null=True, blank=True)

    class Meta:
        ordering = ["plan", "due", "id"]
        verbose_name = "skridt"
        verbose_name_plural = "skridt"

    def __str__(self) -> str:
        return self.text


class StayPlan(models.Model):
    """The shelter's stay plan (opholdsplan), kept in line with the action plan."""

    stay = models.ForeignKey(
        "shelters.Stay", verbose_name="ophold", on_delete=models.PROTECT, related_name="plans"
    )
    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name="handleplan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stay_plans",
    )
    made_on = models.DateField("udarbejdet")
    steps = models.TextField("små, konkrete skridt")
    review_by = models.DateField("revideres senest", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["stay", "-made_on", "-id"]
        verbose_name = "opholdsplan"
        verbose_name_plural = "opholdsplaner"

    def __str__(self) -> str:
        return f"Opholdsplan {self.made_on:%d.%m.%Y}"


class LetterChannel(models.TextChoices):
    DIGITAL_POST = "digital_post", "Digital Post"
    POST = "post", "Brev med posten"
    HANDED = "handed", "Givet personligt"


class Letter(models.Model):
    """A letter sent to the citizen: template, the values filled in, and who sent it when.

    ``values`` holds the template's fields (an appointment's time and place, a decision's amount)
    and the sender as it was on the day (the municipality's letterhead, the worker's contact),
    never a CPR number; the letter is rendered again from them and ``case_number``.
    """

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="letters",
    )
    template = models.CharField("skabelon", max_length=40)
    subject = models.CharField("emne", max_length=200)
    values = models.JSONField("indhold", default=dict)
    case_number = models.CharField("sagsnummer", max_length=40, blank=True)
    channel = models.CharField("sendt som", max_length=20, choices=LetterChannel.choices)
    sent_on = models.DateField("sendt")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="sendt af",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "-sent_on", "-id"]
        verbose_name = "brev"
        verbose_name_plural = "breve"

    def __str__(self) -> str:
        return f"{self.subject} {self.sent_on:%d.%m.%Y}"


class Task(models.Model):
    """A task a worker wrote by hand; derived tasks are computed and never stored."""

    citizen = models.ForeignKey(
        "citizens.Citizen", verbose_name="borger", on_delete=models.PROTECT, related_name="tasks"
    )
    title = models.CharField("opgave", max_length=200)
    due = models.DateField("frist")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ansvarlig",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    done_on = models.DateField("udført", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = "opgave"
        verbose_name_plural = "opgaver"
        indexes = [models.Index(fields=["assignee", "done_on", "due"])]

    def __str__(self) -> str:
        return self.title
