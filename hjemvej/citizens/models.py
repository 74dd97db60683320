"""Citizens on the by-name list, their homelessness situations, consent and list events."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from hjemvej.accounts.models import Municipality
from hjemvej.core import cpr_text


class Situation(models.TextChoices):
    """The nine situations of the national definition of homelessness (see docs/rules.md)."""

    STREET = "street", "Gadesover"
    NIGHT_SHELTER = "night_shelter", "Natvarmestue eller natcafé"
    SHELTER = "shelter", "Boform efter § 110"
    HOTEL = "hotel", "Hotel, vandrehjem o.l."
    SOFA = "sofa", "Sofasover"
    TRANSITIONAL = "transitional", "Midlertidig udslusningsbolig"
    PRISON_RELEASE = "prison_release", "Løsladelse inden for 1 måned uden boligløsning"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Udskrivning inden for 1 måned uden boligløsning"
    OTHER = "other", "Andet (kolonihavehus, campingvogn o.l.)"


class SituationSource(models.TextChoices):
    OUTREACH = "outreach", "Opsøgende arbejde"
    SHELTER = "shelter", "Boform"
    CASE_WORK = "case_work", "Sagsbehandling"
    JOB_CENTRE = "job_centre", "Jobcenter"
    PRISON = "prison", "Kriminalforsorgen"
    HEALTH = "health", "Psykiatri eller sundhedsvæsen"
    CITIZEN = "citizen", "Borgeren selv"
    OTHER = "other", "Andet"


class Gender(models.TextChoices):
    FEMALE = "female", "Kvinde"
    MALE = "male", "Mand"
    OTHER = "other", "Andet"
    UNKNOWN = "unknown", "Uoplyst"


def new_pseudonym() -> str:
    """Return a random pseudonymous id for exports (never derived from the CPR number).

    "B" and 12 hexadecimal digits. About one draw in three thousand holds ten digits in a row
    that begin with a date, which the CPR detector would take for a CPR number (masked in the
    logs, refused in a note): such a draw is drawn again.
    """
    while True:
        pseudonym = "B" + secrets.token_hex(6).upper()
        if not cpr_text.in_text(pseudonym):
            return pseudonym


def display_name(first_name: str, last_name: str, alias: str) -> str:
    """Return a citizen's name, or the alias for a citizen without a name (read as values)."""
    name = f"{first_name} {last_name}".strip()
    return name or alias or "(uden navn)"


class Citizen(models.Model):
    """A person the municipality helps; CPR stored encrypted with a keyed hash for lookup."""

    cpr_token = models.TextField("CPR (krypteret)", blank=True, editable=False)
    # NULL, not "", for citizens without CPR: unique applies only to the numbers that exist.
    cpr_hash = models.CharField(max_length=64, null=True, unique=True, editable=False)  # noqa: DJ001
    alias = models.CharField(
        "alias", max_length=100, blank=True, help_text="For borgere uden CPR-nummer."
    )
    first_name = models.CharField("fornavn", max_length=100, blank=True)
    last_name = models.CharField("efternavn", max_length=100, blank=True)
    birth_date = models.DateField("fødselsdato", null=True, blank=True)
    gender = models.CharField("køn", max_length=10, choices=Gender.choices, default=Gender.UNKNOWN)
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)
    contact_note = models.CharField("hvor borgeren kan træffes", max_length=200, blank=True)
    acting_municipality = models.ForeignKey(
        Municipality,
        verbose_name="handlekommune",
        on_delete=models.PROTECT,
        related_name="acting_for",
    )
    residence_municipality = models.ForeignKey(
        Municipality,
        verbose_name="opholdskommune",
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="sagsbehandler",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Den sagsbehandler, der har ansvaret for borgerens opgaver.",
    )
    pseudonym = models.CharField(max_length=20, unique=True, default=new_pseudonym, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="lagt sammen med",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    # The day the retention rule erased the citizen's personal data (privacy.retention_services):
    # the row remains with only the pseudonym and the acting municipality, for the economy.
    erased_on = models.DateField("slettet efter sletteregel", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "borger"
        verbose_name_plural = "borgere"
        indexes = [
            models.Index(fields=["acting_municipality", "last_name", "first_name"]),
            models.Index(fields=["last_name", "first_name"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Return the name, or the alias for a citizen without a name."""
        return display_name(self.first_name, self.last_name, self.alias)

    @property
    def has_cpr(self) -> bool:
        """Return whether a CPR number is stored."""
        return bool(self.cpr_token)


class ConsentKind(models.TextChoices):
    """What a consent opens in Hjemvej (docs/access.md, "Consent").

    ``SHELTER`` opens the support courses and contact notes other authorities wrote to the staff
    of a shelter that has the citizen in its scope (``accounts.policy.shares_with_shelter``).
    ``MUNICIPALITIES`` opens the contact notes one municipality's staff wrote to the other
    municipality that helps the citizen: the new acting municipality after a handover, and the two
    municipalities of an external stay (``accounts.policy.contacts_for``).
    ``OTHER`` records a consent to share outside Hjemvej (a job centre, the psychiatry, the
    participants of a network meeting); it opens nothing in Hjemvej.
    """

    SHELTER = "shelter", "Boformen må se kommunens kontaktnotater og støtteforløb"
    MUNICIPALITIES = (
        "municipalities",
        "Kommunerne, der hjælper borgeren, må se hinandens kontaktnotater",
    )
    OTHER = "other", "Deling uden for Hjemvej (åbner intet i Hjemvej)"


class Consent(models.Model):
    """What the citizen lets the municipality share, with whom, from when to when."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(
        "hvad samtykket åbner",
        max_length=20,
        choices=ConsentKind.choices,
        default=ConsentKind.OTHER,
    )
    recipient = models.CharField("med hvem", max_length=200)
    scope = models.CharField("hvad må deles", max_length=300)
    given_on = models.DateField("givet")
    withdrawn_on = models.DateField("trukket tilbage", null=True, blank=True)

    class Meta:
        ordering = ["-given_on"]
        verbose_name = "samtykke"
        verbose_name_plural = "samtykker"

    def __str__(self) -> str:
        return f"{self.recipient}: {self.scope}"


class HomelessnessSituation(models.Model):
    """A period ``[start, end)`` in one of the nine situations; end None while it lasts."""

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="situations")
    situation = models.CharField("situation", max_length=20, choices=Situation.choices)
    start = models.DateField("fra")
    end = models.DateField("til", null=True, blank=True)
    source = models.CharField(
        "kilde", max_length=20, choices=SituationSource.choices, default=SituationSource.OTHER
    )
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "start"]
        verbose_name = "hjemløshedssituation"
        verbose_name_plural = "hjemløshedssituationer"
        indexes = [models.Index(fields=["citizen", "start"]), models.Index(fields=["situation"])]

    def __str__(self) -> str:
        return f"{self.get_situation_display()} fra {self.start:%d.%m.%Y}"


class RiskKind(models.TextChoices):
    """Why a citizen not (yet) in homelessness is at risk of it (docs/rules.md, "Prevention")."""

    EVICTION = "eviction", "Varsel om udsættelse eller ophævelse"
    PRISON_RELEASE = "prison_release", "Løsladelse uden boligløsning"
    HOSPITAL_DISCHARGE = "hospital_discharge", "Udskrivning fra hospital eller psykiatri uden bolig"
    LEAVING_CARE = "leaving_care", "Anbragt, der fylder 18 år"
    OTHER = "other", "Andet"


class RiskOutcome(models.TextChoices):
    """How a risk of homelessness ended."""

    AVERTED = "averted", "Afværget (beholdt eller fik bolig)"
    BECAME_HOMELESS = "became_homeless", "Blev hjemløs"
    MOVED_AWAY = "moved_away", "Flyttet fra kommunen"
    OTHER = "other", "Andet"


class RiskOfHomelessness(models.Model):
    """A citizen at risk of homelessness, ``[noted_on, ended_on)``; off the by-name list.

    ``expected_on`` is the day the risk would strike (the eviction, the release, the discharge,
    the 18th birthday), when known. A citizen with only risks and no situation is not on the
    list and not in its counts; ``situation_add`` ends the open risk as "became homeless".
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="risks")
    kind = models.CharField("type", max_length=20, choices=RiskKind.choices)
    noted_on = models.DateField("registreret")
    expected_on = models.DateField("forventet dato", null=True, blank=True)
    ended_on = models.DateField("afsluttet", null=True, blank=True)
    outcome = models.CharField("udfald", max_length=20, choices=RiskOutcome.choices, blank=True)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "-noted_on", "-id"]
        verbose_name = "risiko for hjemløshed"
        verbose_name_plural = "risici for hjemløshed"
        indexes = [models.Index(fields=["citizen", "noted_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.noted_on:%d.%m.%Y}"


class ListEventKind(models.TextChoices):
    ENTERED = "entered", "Kommet på listen"
    LEFT = "left", "Gået af listen"


class ListEventReason(models.TextChoices):
    """Why a citizen came onto or left the by-name list (the Built for Zero reasons).

    Inflow: newly identified, returned from housing, returned from inactive. Outflow: housed,
    inactive, moved away (to another municipality), died, no longer eligible (any other reason
    the citizen no longer belongs on the list). docs/statistics.md, "The list over time".
    """

    NEWLY_IDENTIFIED = "newly_identified", "Nyidentificeret"
    RETURNED_FROM_HOUSING = "returned_from_housing", "Vendt tilbage fra bolig"
    RETURNED_FROM_INACTIVE = "returned_from_inactive", "Vendt tilbage fra inaktiv"
    HOUSED = "housed", "Har fået bolig"
    INACTIVE = "inactive", "Inaktiv (ingen kontakt)"
    MOVED_AWAY = "moved_away", "Flyttet fra kommunen"
    DIED = "died", "Død"
    NO_LONGER_ELIGIBLE = "no_longer_eligible", "Ikke længere omfattet"


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
    date = models.DateField("dato")
    kind = models.CharField("hændelse", max_length=10, choices=ListEventKind.choices)
    reason = models.CharField("årsag", max_length=30, choices=ListEventReason.choices)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "date", "id"]
        verbose_name = "hændelse på listen"
        verbose_name_plural = "hændelser på listen"
        indexes = [models.Index(fields=["date", "kind"]), models.Index(fields=["citizen", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_reason_display()}"


class Merge(models.Model):
    """A merge of two records of one citizen, with what was moved, so it can be undone."""

    source = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="+")
    # {"app.Model": [ids]}, and "reconciled": the open situations the merge ended (casefile)
    moved = models.JSONField(default=dict)
    moved_cpr = models.BooleanField(default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = "sammenlægning"
        verbose_name_plural = "sammenlægninger"

    def __str__(self) -> str:
        return f"Sammenlægning {self.pk} ({self.merged_at:%d.%m.%Y})"


class CitizenState(models.Model):
    """The citizen's list facts as the records leave them, for the by-name list's filters.

    One row per citizen, written only by ``citizens.state.citizen_state_refresh`` (the services
    call it after every change of situations, list events, stays and contacts). It holds the state
    from the day after ``settled_on`` (the latest date in any of those records) on: a reader uses it
    when ``settled_on`` is before its today, and otherwise computes the facts from the records.
    """

    citizen = models.OneToOneField(
        Citizen, on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    on_list = models.BooleanField(default=False)
    situation = models.CharField(  # noqa: DJ001 (None: no open situation, as the list reads it)
        max_length=20, choices=Situation.choices, null=True, blank=True
    )
    situation_start = models.DateField(null=True, blank=True)
    # The days of the situations already ended; None when the citizen has had no situation.
    closed_time = models.DurationField(null=True, blank=True)
    # The open stay, newest first (ids, not keys: citizens sits below shelters).
    shelter_id = models.IntegerField(null=True, blank=True)
    admitted = models.DateField(null=True, blank=True)
    last_contact = models.DateField(null=True, blank=True)
    # The latest date in the records; date.max when it cannot be stored (two open situations).
    settled_on = models.DateField()

    class Meta:
        verbose_name = "borgerens tilstand"
        verbose_name_plural = "borgernes tilstand"
        indexes = [
            models.Index(fields=["on_list", "situation"]),
            models.Index(fields=["last_contact"]),
            models.Index(fields=["settled_on"]),
        ]

    def __str__(self) -> str:
        return f"Tilstand for borger {self.citizen_id}"


class KeyCheck(models.Model):
    """A known constant encrypted with the CPR key the database was set up with (one row).

    Start-up decrypts it (``citizens.keycheck``) and refuses a key that cannot: a wrong key is
    found before a CPR number reads as unreadable or a citizen is registered twice.
    """

    token = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "nøglekontrol"
        verbose_name_plural = "nøglekontroller"

    def __str__(self) -> str:
        return f"Nøglekontrol fra {self.created_at:%d.%m.%Y}"


class ActingBasis(models.TextChoices):
    """The legal basis of a period as acting municipality (docs/rules.md, "Across borders")."""

    RESIDENCE = "residence", "Bopæl eller sædvanligt ophold (retssikkerhedsloven § 9, stk. 1)"
    EXTERNAL_STAY = (
        "external_stay",
        "Fortsat handlekommune under ophold i boform i en anden kommune "
        "(retssikkerhedsloven § 9, stk. 3-4)",
    )
    L130_AGREEMENT = (
        "l130",
        "Aftale før udskrivning om den hjælp, aftalen omfatter (retssikkerhedsloven § 9, stk. 11)",
    )
    ANKESTYRELSEN = (
        "ankestyrelsen",
        "Ankestyrelsens afgørelse af uenighed mellem kommuner (retssikkerhedsloven § 61)",
    )


#: The bases of the one acting municipality at a time; an L 130 agreement lies beside them.
MAIN_BASES = (ActingBasis.RESIDENCE, ActingBasis.EXTERNAL_STAY, ActingBasis.ANKESTYRELSEN)


class ActingMunicipalityPeriod(models.Model):
    """A period ``[valid_from, valid_to)`` in which a municipality acts for the citizen.

    The periods of the main bases (``MAIN_BASES``) follow each other without overlap, and the
    open one is ``Citizen.acting_municipality`` (kept as the current value that every room
    reads). An L 130 agreement (``ActingBasis.L130_AGREEMENT``) lies beside them: the shelter's
    municipality acts for the help in ``covers`` while the citizen still stays at its shelter.
    Written only by ``citizens.borders`` (and, in bulk, by the national demo).
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="acting_periods")
    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField("fra")
    valid_to = models.DateField("til", null=True, blank=True)
    basis = models.CharField("grundlag", max_length=20, choices=ActingBasis.choices)
    covers = models.CharField("hjælp, aftalen omfatter", max_length=300, blank=True)
    reason = models.CharField("begrundelse", max_length=300, blank=True)
    decided_on = models.DateField("besluttet", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "valid_from", "id"]
        verbose_name = "periode som handlekommune"
        verbose_name_plural = "perioder som handlekommune"
        indexes = [
            models.Index(fields=["citizen", "valid_from"]),
            models.Index(fields=["municipality", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"Handlekommune fra {self.valid_from:%d.%m.%Y}"

    @property
    def is_agreement(self) -> bool:
        """Return whether the period is an L 130 agreement beside the acting municipality."""
        return self.basis == ActingBasis.L130_AGREEMENT


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Verserer"
    DECIDED = "decided", "Afgjort af Ankestyrelsen"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


class ActingMunicipalityDispute(models.Model):
    """Two municipalities disagree on which of them acts for the citizen from a day.

    Ankestyrelsen decides (retssikkerhedsloven § 61); a decision for the other municipality
    changes the acting municipality from ``effective_from`` (``citizens.borders``).
    """

    citizen = models.ForeignKey(Citizen, on_delete=models.PROTECT, related_name="acting_disputes")
    # The acting municipality when the case was recorded, and the one it disagrees with.
    acting_at_start = models.ForeignKey(
        Municipality,
        verbose_name="handlekommune, da sagen blev registreret",
        on_delete=models.PROTECT,
        related_name="+",
    )
    other = models.ForeignKey(
        Municipality, verbose_name="den anden kommune", on_delete=models.PROTECT, related_name="+"
    )
    disputed_from = models.DateField("uenigheden gælder fra")
    brought_on = models.DateField("indbragt for Ankestyrelsen")
    status = models.CharField(
        "status", max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    decided_on = models.DateField("afgjort", null=True, blank=True)
    decided_for = models.ForeignKey(
        Municipality,
        verbose_name="handlekommune efter afgørelsen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    effective_from = models.DateField("handlekommune fra", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "-brought_on", "-id"]
        verbose_name = "uenighedssag om handlekommune"
        verbose_name_plural = "uenighedssager om handlekommune"

    def __str__(self) -> str:
        return f"Uenighedssag indbragt {self.brought_on:%d.%m.%Y}"
