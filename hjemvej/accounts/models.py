"""Municipalities, users with a role and a scope, and the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models, transaction
from django.utils import timezone


class Municipality(models.Model):
    """One of the 98 municipalities, or the demo municipality."""

    code = models.CharField("kommunekode", max_length=3, unique=True)
    name = models.CharField("navn", max_length=100)
    # The day the municipality began using Hjemvej: deadlines that fell before it are history,
    # not work (the task list collapses them behind a count).
    started_on = models.DateField("taget i brug", null=True, blank=True)
    # The municipality as the sender of letters.
    sender_name = models.CharField(
        "afsender i brevhoved",
        max_length=200,
        blank=True,
        help_text="Fx »Demo Kommune, Socialforvaltningen, Team Hjemløse«.",
    )
    address = models.CharField("adresse", max_length=200, blank=True)
    postal_code = models.CharField("postnummer", max_length=4, blank=True)
    city = models.CharField("by", max_length=100, blank=True)
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("hjemmeside", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", "Sagsbehandler"
    SUPPORT_WORKER = "support_worker", "Bostøttemedarbejder"
    SHELTER_STAFF = "shelter_staff", "Medarbejder på boform"
    MANAGER = "manager", "Leder"
    ECONOMIST = "economist", "Økonom"
    ADMIN = "admin", "Administrator"


class HjemvejUserManager(UserManager["User"]):
    """Django's user manager; ``createsuperuser`` makes an administrator (role ``admin``).

    The first administrator is made on the server's command line, and no administrator can give
    themselves a role in the admin (``accounts.services``), so the role comes with the account.
    """

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A member of staff: a role, their municipality, and for shelter staff their shelter."""

    objects = HjemvejUserManager()  # type: ignore[misc]

    role = models.CharField("rolle", max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, null=True, blank=True
    )
    shelter = models.ForeignKey(
        "shelters.Shelter",
        verbose_name="boform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Kun for medarbejdere på en boform.",
    )
    team = models.CharField(
        "team", max_length=100, blank=True, help_text="Fx Hjemløseteamet eller CTI-teamet."
    )
    # The identity provider's stable id for the user (the ID token's ``sub``): set for users who
    # sign in through the municipality's login, who then have no password in Hjemvej.
    oidc_subject = models.CharField(
        "id hos identitetsudbyder",
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    # Set when someone else (an administrator) set the password: the user must choose their own
    # at the next login before any page opens (second_factor.PasswordChangeRequiredMiddleware).
    password_change_required = models.BooleanField(
        "skal vælge ny adgangskode", default=False, editable=False
    )

    class Meta:
        verbose_name = "bruger"
        verbose_name_plural = "brugere"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class IdentityMapping(models.Model):
    """One group or claim value at the municipality's identity provider, and what it gives here.

    On every login through the identity provider the user's claims are matched against these rows;
    the first match (lowest ``priority``) sets the user's role, municipality and shelter. A user
    whom no row matches gets no access.
    """

    claim = models.CharField(
        "claim",
        max_length=100,
        default="groups",
        help_text="Navnet på claimet i ID-token eller userinfo, fx groups eller roles.",
    )
    value = models.CharField(
        "værdi",
        max_length=255,
        help_text="Gruppens navn eller id, som identitetsudbyderen sender den (fx Entra ID's "
        "objekt-id for gruppen).",
    )
    role = models.CharField("rolle", max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, null=True, blank=True
    )
    shelter = models.ForeignKey(
        "shelters.Shelter",
        verbose_name="boform",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Kun for medarbejdere på en boform.",
    )
    priority = models.PositiveSmallIntegerField(
        "rækkefølge",
        default=100,
        help_text="Er en bruger i flere grupper, gælder den med det laveste tal.",
    )

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = "rolle fra kommunens login"
        verbose_name_plural = "roller fra kommunens login"
        constraints = [
            models.UniqueConstraint(fields=["claim", "value"], name="identity_mapping_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.claim} = {self.value} → {self.get_role_display()}"


class AuditAction(models.TextChoices):
    VIEW = "view", "Læst"
    CREATE = "create", "Oprettet"
    UPDATE = "update", "Ændret"
    EXPORT = "export", "Eksporteret"
    REVEAL_CPR = "reveal_cpr", "Fuldt CPR-nummer vist"
    MERGE = "merge", "Sammenlagt"
    UNMERGE = "unmerge", "Sammenlægning fortrudt"
    SEARCH = "search", "Søgt"
    ERASE = "erase", "Slettet efter sletteregel"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """The log's rows; a bulk insert is chained like a single one (``audit_chain``)."""

    def bulk_create(
        self, objs: Iterable[AuditEntry], *args: Any, **kwargs: Any
    ) -> list[AuditEntry]:
        """Insert the entries in order, each chained to the one before, under the chain's lock."""
        from hjemvej.accounts import audit_chain

        entries = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            audit_chain.lock(self.db)
            audit_chain.link(entries, audit_chain.last_hash(self.db))
            return super().bulk_create(entries, *args, **kwargs)


class AuditEntry(models.Model):
    """Who did what to which citizen's data, when. Written by services and views, never edited.

    ``detail`` holds field names and ids, never the values of sensitive fields
    (``audit_detail``). ``citizen`` is the one citizen an entry is about; a list read names
    every citizen shown in ``citizen_ids`` instead (one row, not one per citizen): find both with
    ``audit.entries_about``. ``hash`` chains the entry to the one before (``audit_chain``).
    """

    at = models.DateTimeField("tidspunkt", default=timezone.now, db_index=True)
    # No index of their own: (user, at) and (citizen, at) below begin with them.
    user = models.ForeignKey(
        User,
        verbose_name="bruger",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    username = models.CharField("brugernavn", max_length=150)
    action = models.CharField("handling", max_length=20, choices=AuditAction.choices)
    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    citizen_ids = models.JSONField("borgere", default=list, blank=True)
    object_type = models.CharField("objekttype", max_length=50, blank=True)
    object_id = models.CharField("objekt-id", max_length=50, blank=True)
    detail = models.JSONField("detaljer", default=dict, blank=True)
    hash = models.CharField("kædens hash", max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "logpost"
        verbose_name_plural = "adgangslog"
        indexes = [models.Index(fields=["citizen", "at"]), models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert the entry chained to the last one; the log is never changed afterwards."""
        if not self._state.adding:
            super().save(*args, **kwargs)  # refused by the trigger on PostgreSQL
            return
        from hjemvej.accounts import audit_chain

        using = kwargs.get("using") or "default"
        with transaction.atomic(using=using, savepoint=False):  # no savepoint: 2 queries less
            audit_chain.lock(using)
            audit_chain.link([self], audit_chain.last_hash(using))
            super().save(*args, **kwargs)
