"""Support courses (§ 85 bostøtte, § 85 a Housing First methods, § 99), § 107 botilbud stays and
contacts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class CourseKind(models.TextChoices):
    SEL85 = "sel85", "Bostøtte (§ 85)"
    CTI = "cti", "CTI (§ 85 a)"
    ICM = "icm", "ICM (§ 85 a)"
    ACT = "act", "ACT (§ 85 a)"
    M_ACT = "m_act", "M-ACT (§ 85 a)"
    SEL99 = "sel99", "Støtte- og kontaktperson (§ 99)"


HOUSING_FIRST_KINDS = frozenset({CourseKind.CTI, CourseKind.ICM, CourseKind.ACT, CourseKind.M_ACT})


class SupportCourse(models.Model):
    """A decided course of support: ``[start, end)``, end None while it runs."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="courses",
    )
    kind = models.CharField("indsats", max_length=10, choices=CourseKind.choices)
    decided_on = models.DateField("afgørelse")
    start = models.DateField("start")
    end = models.DateField("slut", null=True, blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="medarbejder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    monthly_cost = models.DecimalField(
        "udgift pr. måned (kr.)", max_digits=14, decimal_places=2, default=0
    )
    # CTI: the contact period runs [start, phase1_start); phase 1 begins when the citizen has a
    # lease or has moved in, and the three phases of three months follow from it.
    phase1_start = models.DateField("fase 1 begynder", null=True, blank=True)
    # ICM, ACT, M-ACT: open-ended, reviewed; the next review date is kept on the course.
    next_review = models.DateField("næste opfølgning", null=True, blank=True)
    # § 85 a, from 1 July 2026 (L 50): the citizen chose a named staff member of a shelter where
    # they stayed to give time-limited support.
    chosen_shelter = models.ForeignKey(
        "shelters.Shelter",
        verbose_name="valgt boform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    chosen_staff_name = models.CharField(
        "valgt medarbejder på boformen", max_length=200, blank=True
    )
    chosen_on = models.DateField("borgerens valg", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "start"]
        verbose_name = "støtteforløb"
        verbose_name_plural = "støtteforløb"
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


class BotilbudStay(models.Model):
    """A temporary stay in a botilbud under SEL § 107: ``[start, end)``, end None while it lasts.

    § 176 a reads it twice: as a stay straight after a § 110 discharge (stk. 1, nr. 2) and as an
    expense reimbursed for up to 6 months when it was decided before the discharge (stk. 2).
    """

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="botilbud_stays",
    )
    provider = models.CharField("botilbud", max_length=200)
    decided_on = models.DateField("afgørelse")
    start = models.DateField("start")
    end = models.DateField("slut", null=True, blank=True)
    monthly_cost = models.DecimalField(
        "udgift pr. måned (kr.)", max_digits=14, decimal_places=2, default=0
    )
    note = models.TextField("notat", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "start"]
        verbose_name = "ophold i midlertidigt botilbud (§ 107)"
        verbose_name_plural = "ophold i midlertidigt botilbud (§ 107)"
        indexes = [models.Index(fields=["citizen", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="botilbud_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"Midlertidigt botilbud (§ 107) fra {self.start:%d.%m.%Y}"


class ContactKind(models.TextChoices):
    VISIT = "visit", "Besøg"
    PHONE = "phone", "Telefonsamtale"
    NETWORK_MEETING = "network_meeting", "Netværksmøde"
    MEETING = "meeting", "Møde"
    OUTREACH = "outreach", "Opsøgende kontakt"
    MESSAGE = "message", "Brev, sms eller e-mail"
    OTHER = "other", "Andet"


class Contact(models.Model):
    """A contact with or about the citizen."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    date = models.DateField("dato")
    kind = models.CharField("kontaktform", max_length=20, choices=ContactKind.choices)
    with_whom = models.CharField("med hvem", max_length=200, blank=True)
    note = models.TextField("notat", blank=True)
    course = models.ForeignKey(
        SupportCourse,
        verbose_name="forløb",
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
        verbose_name = "kontakt"
        verbose_name_plural = "kontakter"
        indexes = [models.Index(fields=["citizen", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y}"


class CourseReview(models.Model):
    """A review of an open-ended course (ICM, ACT, M-ACT): what was found and the next date."""

    course = models.ForeignKey(
        SupportCourse, verbose_name="forløb", on_delete=models.PROTECT, related_name="reviews"
    )
    held_on = models.DateField("afholdt")
    summary = models.TextField("opsummering", blank=True)
    next_review = models.DateField("næste opfølgning", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["course", "-held_on", "-id"]
        verbose_name = "opfølgning på forløb"
        verbose_name_plural = "opfølgninger på forløb"

    def __str__(self) -> str:
        return f"Opfølgning {self.held_on:%d.%m.%Y}"


class FutureNeed(models.TextChoices):
    NONE = "none", "Intet behov for mere støtte"
    NETWORK = "network", "Netværket og almindelige tilbud er nok"
    SEL85 = "sel85", "Bostøtte efter § 85"
    OTHER_METHOD = "other_method", "Anden Housing First-metode (ICM, ACT, M-ACT)"
    TREATMENT = "treatment", "Behandling (misbrug eller psykiatri)"
    OTHER = "other", "Andet"


class CtiAssessment(models.Model):
    """CTI phase 3: the assessment of future needs and the hand-over to the citizen's network."""

    course = models.OneToOneField(
        SupportCourse, verbose_name="forløb", on_delete=models.PROTECT, related_name="assessment"
    )
    assessed_on = models.DateField("vurderet")
    future_need = models.CharField("fremtidigt behov", max_length=20, choices=FutureNeed.choices)
    handed_over_to = models.CharField("overdraget til", max_length=200, blank=True)
    handed_over_on = models.DateField("overdraget", null=True, blank=True)
    note = models.TextField("notat", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "vurdering i fase 3"
        verbose_name_plural = "vurderinger i fase 3"

    def __str__(self) -> str:
        return f"Vurdering {self.assessed_on:%d.%m.%Y}"


class CaseloadLimit(models.Model):
    """The municipality's fidelity limit: at most this many citizens per worker in a method."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        verbose_name="kommune",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("indsats", max_length=10, choices=CourseKind.choices)
    max_citizens = models.PositiveSmallIntegerField("højst borgere pr. medarbejder")

    class Meta:
        ordering = ["municipality", "kind"]
        verbose_name = "grænse for sagsstamme"
        verbose_name_plural = "grænser for sagsstamme"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="one_limit_per_method")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.max_citizens}"
