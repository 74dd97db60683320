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
    # CTI: the contact period runs [start, phase1_start); phase 1 begins when the citizen has a
    # lease or has moved in, and the three phases of three months follow from it.
    phase1_start = models.DateField(_("fase 1 begynder"), null=True, blank=True)
    # ICM, ACT, M-ACT: open-ended, reviewed; the next review date is kept on the course.
    next_review = models.DateField(_("næste opfølgning"), null=True, blank=True)
    # § 85 a, from 1 July 2026 (L 50): the citizen chose a named staff member of a shelter where
    # they stayed to give time-limited support.
    chosen_shelter = models.ForeignKey(
        "shelters.Shelter",
        verbose_name=_("valgt boform"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    chosen_staff_name = models.CharField(
        _("valgt medarbejder på boformen"), max_length=200, blank=True
    )
    chosen_on = models.DateField(_("borgerens valg"), null=True, blank=True)
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


class CourseReview(models.Model):
    """A review of an open-ended course (ICM, ACT, M-ACT): what was found and the next date."""

    course = models.ForeignKey(
        SupportCourse, verbose_name=_("forløb"), on_delete=models.PROTECT, related_name="reviews"
    )
    held_on = models.DateField(_("afholdt"))
    summary = models.TextField(_("opsummering"), blank=True)
    next_review = models.DateField(_("næste opfølgning"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["course", "-held_on", "-id"]
        verbose_name = _("opfølgning på forløb")
        verbose_name_plural = _("opfølgninger på forløb")

    def __str__(self) -> str:
        return f"Opfølgning {self.held_on:%d.%m.%Y}"


class FutureNeed(models.TextChoices):
    NONE = "none", _("Intet behov for mere støtte")
    NETWORK = "network", _("Netværket og almindelige tilbud er nok")
    SEL85 = "sel85", _("Bostøtte efter § 85")
    OTHER_METHOD = "other_method", _("Anden Housing First-metode (ICM, ACT, M-ACT)")
    TREATMENT = "treatment", _("Behandling (misbrug eller psykiatri)")
    OTHER = "other", _("Andet")


class CtiAssessment(models.Model):
    """CTI phase 3: the assessment of future needs and the hand-over to the citizen's network."""

    course = models.OneToOneField(
        SupportCourse, verbose_name=_("forløb"), on_delete=models.PROTECT, related_name="assessment"
    )
    assessed_on = models.DateField(_("vurderet"))
    future_need = models.CharField(_("fremtidigt behov"), max_length=20, choices=FutureNeed.choices)
    handed_over_to = models.CharField(_("overdraget til"), max_length=200, blank=True)
    handed_over_on = models.DateField(_("overdraget"), null=True, blank=True)
    note = models.TextField(_("notat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vurdering i fase 3")
        verbose_name_plural = _("vurderinger i fase 3")

    def __str__(self) -> str:
        return f"Vurdering {self.assessed_on:%d.%m.%Y}"


class CaseloadLimit(models.Model):
    """The municipality's fidelity limit: at most this many citizens per worker in a method."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("indsats"), max_length=10, choices=CourseKind.choices)
    max_citizens = models.PositiveSmallIntegerField(_("højst borgere pr. medarbejder"))

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = _("grænse for sagsstamme")
        verbose_name_plural = _("grænser for sagsstamme")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="one_limit_per_method")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.max_citizens}"
