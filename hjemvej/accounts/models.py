"""Municipalities, users with a role and a scope, and the audit log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """One of the 98 municipalities, or the demo municipality."""

    code = models.CharField(_("kommunekode"), max_length=3, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Sagsbehandler")
    SUPPORT_WORKER = "support_worker", _("Bostøttemedarbejder")
    SHELTER_STAFF = "shelter_staff", _("Medarbejder på boform")
    MANAGER = "manager", _("Leder")
    ECONOMIST = "economist", _("Økonom")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A member of staff: a role, their municipality, and for shelter staff their shelter."""

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, null=True, blank=True
    )
    shelter = models.ForeignKey(
        "shelters.Shelter",
        verbose_name=_("boform"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Kun for medarbejdere på en boform."),
    )
    team = models.CharField(
        _("team"), max_length=100, blank=True, help_text=_("Fx Hjemløseteamet eller CTI-teamet.")
    )

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AuditAction(models.TextChoices):
    VIEW = "view", _("Læst")
    CREATE = "create", _("Oprettet")
    UPDATE = "update", _("Ændret")
    EXPORT = "export", _("Eksporteret")
    REVEAL_CPR = "reveal_cpr", _("Fuldt CPR-nummer vist")
    MERGE = "merge", _("Sammenlagt")
    UNMERGE = "unmerge", _("Sammenlægning fortrudt")
    SEARCH = "search", _("Søgt")


class AuditEntry(models.Model):
    """Who did what to which citizen's data, when. Written by services and views, never edited.

    ``detail`` holds field names and ids, never the values of sensitive fields.
    """

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User, verbose_name=_("bruger"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    username = models.CharField(_("brugernavn"), max_length=150)
    action = models.CharField(_("handling"), max_length=20, choices=AuditAction.choices)
    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name=_("borger"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    object_type = models.CharField(_("objekttype"), max_length=50, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=50, blank=True)
    detail = models.JSONField(_("detaljer"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("logpost")
        verbose_name_plural = _("adgangslog")
        indexes = [models.Index(fields=["citizen", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"
