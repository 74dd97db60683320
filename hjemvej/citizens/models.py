"""Citizens on the by-name list, their homelessness situations, consent and list events."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemvej.accounts.models import Municipality


class Situation(models.TextChoices):
    """The nine situations of the national definition of homelessness (see docs/rules.md)."""

    STREET = "street", _("Gadesover")
    NIGHT_SHELTER = "night_shelter", _("Natvarmestue eller natcafé")
    SHELTER = "shelter", _("Boform efter § 110")
    HOTEL = "hotel", _("Hotel, vandrehjem o.l.")
    SOFA = "sofa", _("Sofasover")
    TRANSITIONAL = "transitional", _("Midlertidig udslusningsbolig")
    PRISON_RELEASE = "prison_release", _("Løsladelse inden for 1 måned uden boligløsning")
    HOSPITAL_DISCHARGE = "hospital_discharge", _("Udskrivning inden for 1 måned uden boligløsning")
    OTHER = "other", _("Andet (kolonihavehus, campingvogn o.l.)")


class SituationSource(models.TextChoices):
    OUTREACH = "outreach", _("Opsøgende arbejde")
    SHELTER = "shelter", _("Boform")
    CASE_WORK = "case_work", _("Sagsbehandling")
    JOB_CENTRE = "job_centre", _("Jobcenter")
    PRISON = "prison", _("Kriminalforsorgen")
    HEALTH = "health", _("Psykiatri eller sundhedsvæsen")
    CITIZEN = "citizen", _("Borgeren selv")
    OTHER = "other", _("Andet")


class Gender(models.TextChoices):
    FEMALE = "female", _("Kvinde")
    MALE = "male", _("Mand")
    OTHER = "other", _("Andet")
    UNKNOWN = "unknown", _("Uoplyst")


def new_pseudonym() -> str:
    """Return a random pseudonymous id for exports (never derived from the CPR number)."""
    return "B" + secrets.token_hex(6).upper()


class Citizen(models.Model):
    """A person the municipality helps; CPR stored encrypted with a keyed hash for lookup."""

    cpr_token = models.TextField(_("CPR (krypteret)"), blank=True, editable=False)
    # NULL, not "", for citizens without CPR: unique applies only to the numbers that exist.
    cpr_hash = models.CharField(max_length=64, null=True, unique=True, editable=False)  # noqa: DJ001
    alias = models.CharField(
        _("alias"), max_length=100, blank=True, help_text=_("For borgere uden CPR-nummer.")
    )
    first_name = models.CharField(_("fornavn"), max_length=100, blank=True)
    last_name = models.CharField(_("efternavn"), max_length=100, blank=True)
    birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    gender = models.CharField(
        _("køn"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_note = models.CharField(_("hvor borgeren kan træffes"), max_length=200, blank=True)
    acting_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("handlekommune"),
        on_delete=models.PROTECT,
        related_name="acting_for",
    )
    residence_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("opholdskommune"),
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sagsbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Den sagsbehandler, der har ansvaret for borgerens opgaver."),
    )
    pseudonym = models.CharField(max_length=20, unique=True, default=new_pseudonym, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("lagt sammen med"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        indexes = [
            models.Index(fields=["acting_municipality", "last_name", "first_name"]),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Return the name, or the alias for a citizen without a name."""
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.alias or str(_("(uden navn)"))

    @property
    def has_cpr(self) -> bool:
        """Return whether a CPR number is stored."""
        return bool(self.cpr_token)


class Consent(models.Model):
    """What the citizen lets the municipality share, with whom, from when to when."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="consents")
    recipient = models.CharField(_("med hvem"), max_length=200)
    scope = models.CharField(_("hvad må deles"), max_length=300)
    given_on = models.DateField(_("givet"))
    withdrawn_on = models.DateField(_("trukket tilbage"), null=True, blank=True)

    class Meta:
        ordering = ["-given_on"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.scope}"


class HomelessnessSituation(models.Model):
    """A period ``[start, end)`` in one of the nine situations; end None while it lasts."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="situations")
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    start = models.DateField(_("fra"))
    end = models.DateField(_("til"), null=True, blank=True)
    source = models.CharField(
        _("kilde"), max_length=20, choices=SituationSource.choices, default=SituationSource.OTHER
    )
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "start"]
        verbose_name = _("hjemløshedssituation")
        verbose_name_plural = _("hjemløshedssituationer")
        indexes = [models.Index(fields=["citizen", "start"]), models.Index(fields=["situation"])]

    def __str__(self) -> str:
        return f"{self.get_situation_display()} fra {self.start:%d.%m.%Y}"


class ListEventKind(models.TextChoices):
    ENTERED = "entered", _("Kommet på listen")
    LEFT = "left", _("Gået af listen")


class ListEventReason(models.TextChoices):
    """Why a citizen came onto or left the by-name list (the Built for Zero reasons)."""

    NEWLY_IDENTIFIED = "newly_identified", _("Nyidentificeret")
    RETURNED_FROM_HOUSING = "returned_from_housing", _("Vendt tilbage fra bolig")
    RETURNED_FROM_INACTIVE = "returned_from_inactive", _("Vendt tilbage fra inaktiv")
    HOUSED = "housed", _("Har fået bolig")
    INACTIVE = "inactive", _("Inaktiv (ingen kontakt)")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("Ikke længere omfattet")


ENTERING_REASONS = frozenset(
    {
        ListEventReason.NEWLY_IDENTIFIED,
        ListEventReason.RETURNED_FROM_HOUSING,
        ListEventReason.RETURNED_FROM_INACTIVE,
    }
)


class ByNameListEvent(models.Model):
    """One entry onto or exit from the by-name list; inflow and outflow are counts of these."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="list_events")
    date = models.DateField(_("dato"))
    kind = models.CharField(_("hændelse"), max_length=10, choices=ListEventKind.choices)
    reason = models.CharField(_("årsag"), max_length=30, choices=ListEventReason.choices)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "date", "id"]
        verbose_name = _("hændelse på listen")
        verbose_name_plural = _("hændelser på listen")
        indexes = [models.Index(fields=["date", "kind"]), models.Index(fields=["citizen", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_reason_display()}"


class Merge(models.Model):
    """A merge of two records of one citizen, with what was moved, so it can be undone."""

    source = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)  # {"app.Model": [ids]}
    moved_cpr = models.BooleanField(default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("sammenlægning")
        verbose_name_plural = _("sammenlægninger")

    def __str__(self) -> str:
        return f"Sammenlægning {self.pk} ({self.merged_at:%d.%m.%Y})"
