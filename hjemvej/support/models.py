"""Support courses (§ 85 bostøtte, § 85 a Housing First methods, § 99) and contacts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CourseKind(models.TextChoices):
    SEL85 = "sel85", _("Bostøtte (§ 85)")
    CTI = "cti", _("CTI (§ 85 a)")
    ICM = "icm", _("ICM (§ 85 a)")
    ACT = "act", _("ACT (§ 85 a)")
    M_ACT = "m_act", _("M-ACT (§ 85 a)")
    SEL99 = "sel99", _("Støtte- og kontaktperson (§ 99)")


HOUSING_FIRST_KINDS = frozenset({CourseKind.CTI, CourseKind.ICM, CourseKind.ACT, CourseKind.M_ACT})


class SupportCourse(models.Model):
    """A decided course of support: ``[start, end)``, end None while it runs."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("borger"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    kind = models.CharField(_("indsats"), max_length=10, choices=CourseKind.choices)
    decided_on = models.DateField(_("afgørelse"))
    start = models.DateField(_("start"))
    end = models.DateField(_("slut"), null=True, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbejder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    monthly_cost = models.DecimalField(
        _("udgift pr. måned (kr.)"), max_digits=14, decimal_places=2, default=0
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "start"]
        verbose_name = _("støtteforløb")
        verbose_name_plural = _("støtteforløb")
        indexes = [
            models.Index(fields=["worker", "end"]),
            models.Index(fields=["citizen", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="course_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fra {self.start:%d.%m.%Y}"


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Besøg")
    PHONE = "phone", _("Telefonsamtale")
    NETWORK_MEETING = "network_meeting", _("Netværksmøde")
    MEETING = "meeting", _("Møde")
    OUTREACH = "outreach", _("Opsøgende kontakt")
    MESSAGE = "message", _("Brev, sms eller e-mail")
    OTHER = "other", _("Andet")


class Contact(models.Model):
    """A contact with or about the citizen."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("borger"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    date = models.DateField(_("dato"))
    kind = models.CharField(_("kontaktform"), max_length=20, choices=ContactKind.choices)
    with_whom = models.CharField(_("med hvem"), max_length=200, blank=True)
    note = models.TextField(_("notat"), blank=True)
    course = models.ForeignKey(
        SupportCourse,
        verbose_name=_("forløb"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "-date"]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        indexes = [models.Index(fields=["citizen", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"
