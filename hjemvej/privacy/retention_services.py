"""Erasing a citizen's personal data when the retention rule says so, and the run over all due.

``citizen_erase`` removes everything that identifies the citizen or tells about them (the name,
CPR number, contact details, notes, plans, letters, tasks, housing, consent) and keeps, detached,
what the economy of past years is computed from: stays, support courses and § 107 stays (without
their free text), the dates of situations and list events, the periods of acting municipalities
(without their free text) and disputes, and grants, now pointing at a row that holds only the
pseudonym and the acting municipality. Claims already made keep their lines (pseudonym and
numbers) untouched. Every erasure writes one audit entry naming the citizen's row and counting what
was removed and kept, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.accounts.services import system_user
from hjemvej.citizens.models import (
    ActingMunicipalityDispute,
    ActingMunicipalityPeriod,
    ByNameListEvent,
    Citizen,
    Consent,
    Gender,
    HomelessnessSituation,
    Merge,
    RiskOfHomelessness,
    Situation,
    SituationSource,
)
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.core.errors import DomainError
from hjemvej.followup.models import (
    ActionPlan,
    Letter,
    PlanParticipant,
    PlanStep,
    StayPlan,
    Task,
    Transition,
    TransitionMeeting,
)
from hjemvej.housing.models import (
    Grant,
    Household,
    HousingOffer,
    IncomeSource,
    Tenancy,
    TenancyRisk,
)
from hjemvej.jobs.models import JobFile
from hjemvej.privacy.retention import due_citizens
from hjemvej.rules.parameters import ParameterSet
from hjemvej.shelters.models import ExitDestination, ExitReason, PriorResidence, Stay
from hjemvej.support.models import (
    BotilbudStay,
    Contact,
    CourseReview,
    CtiAssessment,
    SupportCourse,
)

#: The user the nightly run acts as in the audit log: inactive, no password, never signs in.
SYSTEM_USERNAME = "hjemvej-sletning"

#: Situations whose kind tells of prison or hospital: kept for the count, as "other".
REVEALING_SITUATIONS = (Situation.PRISON_RELEASE, Situation.HOSPITAL_DISCHARGE)


@dataclass
class Erasure:
    """What one erasure removed and kept, per kind of record (model label → rows)."""

    removed: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)


def system_actor() -> User:
    """Return the user the scheduled erasure is recorded under (made inactive on first use)."""
    return system_user(SYSTEM_USERNAME, "Planlagt sletning")


def citizen_erase(
    *, actor: User, citizen: Citizen, today: date, params: ParameterSet | None = None
) -> Erasure:
    """Erase the citizen's personal data (and of the records merged into them) in one transaction.

    Refuses a citizen who is not due on ``today`` under the retention rule, or already erased.
    """
    with transaction.atomic():
        locked = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if locked.erased_on is not None:
            raise DomainError("Borgerens personoplysninger er allerede slettet.")
        if locked.merged_into_id is not None:
            raise DomainError("Borgeren er lagt sammen med en anden; slet den anden i stedet.")
        due = due_citizens(
            municipality_id=None, today=today, params=params, citizen_ids=[locked.pk]
        )
        if not due:
            raise DomainError(
                "Borgeren er ikke klar til sletning: noget er stadig åbent, eller slettefristen "
                "efter den sidste aktivitet er ikke gået."
            )
        people = [
            locked.pk,
            *Citizen.objects.filter(merged_into=locked).values_list("pk", flat=True),
        ]
        erasure = _erase(people, today=today)
        audit.record(
            actor=actor,
            action=AuditAction.ERASE,
            citizen=locked,
            obj=locked,
            detail={"removed": erasure.removed, "kept": erasure.kept},
        )
    citizen.refresh_from_db()
    return erasure


def _count(erasure: Erasure, bucket: str, label: str, n: int) -> None:
    if n:
        target = erasure.removed if bucket == "removed" else erasure.kept
        target[label] = target.get(label, 0) + n


def _erase(people: list[int], *, today: date) -> Erasure:
    """Delete and blank the records of ``people`` (one person's rows), children before parents."""
    erasure = Erasure()

    def delete(model: type, **where: object) -> None:
        rows = model._default_manager.filter(**where)  # type: ignore[attr-defined]
        n = rows.count()
        rows.delete()
        _count(erasure, "removed", model._meta.label, n)  # type: ignore[attr-defined]

    # Follow-up: meetings before transitions, participants, steps and stay plans before plans.
    delete(TransitionMeeting, transition__citizen_id__in=people)
    delete(Transition, citizen_id__in=people)
    delete(StayPlan, stay__citizen_id__in=people)
    delete(StayPlan, action_plan__citizen_id__in=people)
    delete(PlanParticipant, plan__citizen_id__in=people)
    delete(PlanStep, plan__citizen_id__in=people)
    delete(ActionPlan, citizen_id__in=people)
    delete(Letter, citizen_id__in=people)
    delete(Task, citizen_id__in=people)
    # Support: notes and assessments go; the course stays for the economy.
    delete(Contact, citizen_id__in=people)
    delete(CourseReview, course__citizen_id__in=people)
    delete(CtiAssessment, course__citizen_id__in=people)
    # Housing: the grants keep their amounts, without the tenancy or the reasons.
    grants = Grant.objects.filter(citizen_id__in=people)
    grants.update(tenancy=None, reason="", household_income_year=None)
    _count(erasure, "kept", "housing.Grant", grants.count())
    delete(TenancyRisk, tenancy__citizen_id__in=people)
    delete(Tenancy, citizen_id__in=people)
    delete(HousingOffer, citizen_id__in=people)
    delete(IncomeSource, citizen_id__in=people)
    delete(Household, citizen_id__in=people)
    # The person: consent and merges go; situations and list events keep only dates and kinds.
    delete(Consent, citizen_id__in=people)
    # A risk says why (a prison release, a discharge): it goes, as a tenancy risk does.
    delete(RiskOfHomelessness, citizen_id__in=people)
    delete(Merge, source_id__in=people)
    delete(Merge, target_id__in=people)
    situations = HomelessnessSituation.objects.filter(citizen_id__in=people)
    situations.filter(situation__in=REVEALING_SITUATIONS).update(situation=Situation.OTHER)
    situations.update(note="", source=SituationSource.OTHER)
    _count(erasure, "kept", "citizens.HomelessnessSituation", situations.count())
    events = ByNameListEvent.objects.filter(citizen_id__in=people)
    events.update(note="")
    _count(erasure, "kept", "citizens.ByNameListEvent", events.count())
    # Who acted and paid when stays for the economy (the stays' paying municipality); the
    # free text of a reason or an agreement's help goes. A dispute holds only municipalities.
    periods = ActingMunicipalityPeriod.objects.filter(citizen_id__in=people)
    periods.update(reason="", covers="")
    _count(erasure, "kept", "citizens.ActingMunicipalityPeriod", periods.count())
    disputes = ActingMunicipalityDispute.objects.filter(citizen_id__in=people)
    _count(erasure, "kept", "citizens.ActingMunicipalityDispute", disputes.count())
    # Stays and courses: the engine's columns stay; where the citizen came from and went goes.
    stays = Stay.objects.filter(citizen_id__in=people)
    stays.update(
        prior_residence=PriorResidence.UNKNOWN,
        exit_reason=ExitReason.UNKNOWN,
        exit_destination=ExitDestination.UNKNOWN,
    )
    _count(erasure, "kept", "shelters.Stay", stays.count())
    courses = SupportCourse.objects.filter(citizen_id__in=people)
    courses.update(chosen_staff_name="", next_review=None)
    _count(erasure, "kept", "support.SupportCourse", courses.count())
    # § 107 stays: the engine's columns stay (§ 176 a of past years); the free text goes.
    botilbud = BotilbudStay.objects.filter(citizen_id__in=people)
    botilbud.update(provider="", note="")
    _count(erasure, "kept", "support.BotilbudStay", botilbud.count())
    # Files of jobs (list exports) that hold the citizen's name; a claim's export (keyed,
    # pseudonymous) stays with its claim.
    wanted = set(people)
    files = [
        f.pk
        for f in JobFile.objects.filter(key__isnull=True).only("pk", "citizen_ids")
        if wanted.intersection(f.citizen_ids or [])
    ]
    delete(JobFile, pk__in=files)
    # Django admin's own log names a record by its text (a citizen's name).
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Citizen), object_id__in=map(str, people)
    ).delete()
    # The row itself: nothing but the pseudonym, the acting municipality and the merge link.
    Citizen.objects.filter(pk__in=people).update(
        cpr_token="",
        cpr_hash=None,
        alias="",
        first_name="",
        last_name="",
        birth_date=None,
        gender=Gender.UNKNOWN,
        phone="",
        email="",
        contact_note="",
        residence_municipality=None,
        case_worker=None,
        erased_on=today,
        updated_at=timezone.now(),
    )
    citizen_states_refresh(people)
    return erasure


def retention_run(
    *,
    actor: User,
    today: date,
    grace_days: int,
    municipality_id: int | None = None,
    citizen_ids: list[int] | None = None,
    params: ParameterSet | None = None,
) -> int:
    """Erase every citizen due on ``today`` for ``grace_days`` at least; return how many.

    ``citizen_ids``: only those (the review list the administrator saw). Each citizen is erased in
    a transaction of its own, so a refusal for one (it became active again) leaves the others.
    """
    due = due_citizens(
        municipality_id=municipality_id,
        today=today,
        grace_days=grace_days,
        params=params,
        citizen_ids=citizen_ids,
    )
    erased = 0
    for item in due:
        citizen = Citizen.objects.get(pk=item.citizen_id)
        try:
            citizen_erase(actor=actor, citizen=citizen, today=today, params=params)
        except DomainError:
            continue
        erased += 1
    return erased
