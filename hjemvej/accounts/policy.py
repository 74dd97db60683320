"""The one access policy: what each role may do, and which citizens and stays it may see.

Deny by default. Every view is declared with ``@policy(Action.X)``; ``PolicyMiddleware`` refuses any
view without a declaration. Every queryset of citizens' data starts from ``citizens_for`` or
``stays_for``, so a user never sees a row outside their scope, and an object outside it is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from hjemvej.accounts.models import Role, User
from hjemvej.rules.parameters import default_parameters

if TYPE_CHECKING:
    from hjemvej.citizens.models import Citizen
    from hjemvej.shelters.models import Shelter, Stay
    from hjemvej.support.models import BotilbudStay, Contact, SupportCourse

#: How many days after a discharge a shelter's staff still see the citizen (rules/params/shelter).
SHELTER_SCOPE_AFTER_DISCHARGE = "shelter.staff_scope.after_discharge_days"


class Action(StrEnum):
    PUBLIC = "public"  # no login needed (the login page)
    SIGNED_IN = "signed_in"  # any signed-in user (start page, log out)
    VIEW_CITIZENS = "view_citizens"  # the by-name list
    VIEW_CITIZEN = "view_citizen"  # a citizen's page
    EDIT_CITIZEN = "edit_citizen"  # create and edit citizens, situations, consent, list events
    REVEAL_CPR = "reveal_cpr"  # show the full CPR number (logged)
    MERGE_CITIZENS = "merge_citizens"
    EXPORT_LIST = "export_list"
    CREATE_CITIZEN = "create_citizen"  # register a citizen (shelter staff: on admission)
    MANAGE_STAYS = "manage_stays"  # admit, discharge, edit stays
    MANAGE_COURSES = "manage_courses"
    ADD_CONTACT = "add_contact"
    VIEW_SHELTERS = "view_shelters"  # shelters with occupancy figures
    VIEW_RESIDENTS = "view_residents"  # names of a shelter's residents
    VIEW_AUDIT = "view_audit"
    VIEW_ECONOMY = "view_economy"  # figures, claims, budgets, forecasts, scenarios, reports
    MANAGE_ECONOMY = "manage_economy"  # budgets and saved scenarios
    VIEW_ALERTS = "view_alerts"  # citizens near or past the end of their reimbursed days
    VIEW_AT_RISK = "view_at_risk"  # the citizens at risk of homelessness (prevention)
    VIEW_HOUSING = "view_housing"  # dwellings, and a citizen's housing, incomes and grants
    MANAGE_HOUSING = "manage_housing"  # dwellings, landlords, offers, tenancies, incomes
    REPORT_TENANCY_RISK = "report_tenancy_risk"  # arrears and eviction warnings
    DECIDE_GRANTS = "decide_grants"  # deposit loans, grants, Housing First follow-up payments
    VIEW_CASELOAD = "view_caseload"  # citizens per worker and method against fidelity limits
    MANAGE_CASELOAD_LIMITS = "manage_caseload_limits"
    VIEW_TASKS = "view_tasks"  # the task list and the weekly follow-up of external stays
    MANAGE_TASKS = "manage_tasks"  # write and close hand-made tasks
    VIEW_FOLLOWUP = "view_followup"  # a citizen's transitions, plans and letters
    MANAGE_PLANS = "manage_plans"  # action plans and critical transitions
    MANAGE_STAY_PLANS = "manage_stay_plans"  # the shelter's stay plan
    SEND_LETTERS = "send_letters"
    MAKE_ACCESS_COPY = "make_access_copy"  # the citizen's own copy of everything (GDPR art. 15)
    MANAGE_RETENTION = "manage_retention"  # the list of citizens due for erasure, and the run
    VIEW_STATISTICS = "view_statistics"  # /statistik/: flows, outcomes, reports; own municipality
    # A shelter's quarterly file to Danmarks Statistik (CPR numbers): its leader, and the
    # administrators of a municipal shelter's municipality (``dst_shelters_for``).
    MAKE_DST_REPORT = "make_dst_report"
    MANAGE_LIST_TARGETS = "manage_list_targets"  # the municipality's targets for the list
    # The municipality's records in and out as one workbook (CPR numbers): administrators.
    IMPORT_EXPORT_RECORDS = "import_export_records"
    MANAGE_API_TOKENS = "manage_api_tokens"  # list and revoke the municipality's users' API tokens
    CHECK_PARAMETERS = "check_parameters"  # the assumed and agreed rule values to check


_CASE = {
    Action.VIEW_CITIZENS,
    Action.VIEW_CITIZEN,
    Action.EDIT_CITIZEN,
    Action.REVEAL_CPR,
    Action.MERGE_CITIZENS,
    Action.EXPORT_LIST,
    Action.CREATE_CITIZEN,
    Action.MANAGE_STAYS,
    Action.MANAGE_COURSES,
    Action.ADD_CONTACT,
    Action.VIEW_SHELTERS,
    Action.VIEW_RESIDENTS,
    Action.VIEW_ALERTS,
    Action.VIEW_AT_RISK,
    Action.VIEW_HOUSING,
    Action.MANAGE_HOUSING,
    Action.REPORT_TENANCY_RISK,
    Action.DECIDE_GRANTS,
    Action.VIEW_CASELOAD,
    Action.VIEW_TASKS,
    Action.MANAGE_TASKS,
    Action.VIEW_FOLLOWUP,
    Action.MANAGE_PLANS,
    Action.MANAGE_STAY_PLANS,
    Action.SEND_LETTERS,
    Action.MAKE_ACCESS_COPY,
    Action.VIEW_STATISTICS,
}
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.CASE_WORKER: frozenset(_CASE),
    Role.SUPPORT_WORKER: frozenset(
        {
            Action.VIEW_CITIZENS,
            Action.VIEW_CITIZEN,
            Action.ADD_CONTACT,
            Action.VIEW_HOUSING,
            Action.REPORT_TENANCY_RISK,
            Action.VIEW_CASELOAD,
            Action.VIEW_TASKS,
            Action.MANAGE_TASKS,
            Action.VIEW_FOLLOWUP,
            Action.SEND_LETTERS,
        }
    ),
    Role.SHELTER_STAFF: frozenset(
        {
            Action.VIEW_CITIZENS,
            Action.VIEW_CITIZEN,
            Action.CREATE_CITIZEN,
            Action.MANAGE_STAYS,
            Action.VIEW_SHELTERS,
            Action.VIEW_RESIDENTS,
            Action.VIEW_TASKS,
            Action.VIEW_FOLLOWUP,
            Action.MANAGE_STAY_PLANS,
            Action.MAKE_DST_REPORT,  # only the shelter's leader has a shelter to report for
        }
    ),
    Role.MANAGER: frozenset(
        {
            Action.VIEW_CITIZENS,
            Action.VIEW_CITIZEN,
            Action.EXPORT_LIST,
            Action.VIEW_SHELTERS,
            Action.VIEW_RESIDENTS,
            Action.VIEW_ECONOMY,
            Action.MANAGE_ECONOMY,
            Action.VIEW_ALERTS,
            Action.VIEW_AT_RISK,
            Action.VIEW_HOUSING,
            Action.VIEW_CASELOAD,
            Action.MANAGE_CASELOAD_LIMITS,
            Action.VIEW_TASKS,
            Action.VIEW_FOLLOWUP,
            Action.VIEW_STATISTICS,
            Action.MANAGE_LIST_TARGETS,
        }
    ),
    Role.ECONOMIST: frozenset(
        {
            Action.VIEW_SHELTERS,
            Action.VIEW_ECONOMY,
            Action.MANAGE_ECONOMY,
            Action.VIEW_STATISTICS,
            Action.CHECK_PARAMETERS,  # the figures rest on them
        }
    ),
    Role.ADMIN: frozenset(
        {
            Action.CHECK_PARAMETERS,
            Action.VIEW_AUDIT,
            Action.VIEW_SHELTERS,
            Action.MANAGE_RETENTION,
            Action.MAKE_DST_REPORT,  # only for the municipality's own municipal shelters
            Action.IMPORT_EXPORT_RECORDS,
            Action.MANAGE_API_TOKENS,
        }
    ),
}


def allowed(user: Any, action: Action) -> bool:
    """Return whether the user's role permits the action at all."""
    if action is Action.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if action is Action.SIGNED_IN:
        return True
    return action in ROLE_ACTIONS.get(user.role, frozenset())


def citizens_for(user: User, *, today: date | None = None) -> QuerySet[Citizen]:
    """Return the citizens the user may see: the only way to a citizen queryset in views.

    Shelter staff see a citizen only while a stay at their shelter lasts (an aftercare stay too)
    and for a short period after its discharge (``SHELTER_SCOPE_AFTER_DISCHARGE``); ``today``
    is the day asked about (default: today in Copenhagen).
    """
    from hjemvej.citizens.models import Citizen

    # An erased citizen's row (only a pseudonym left, for the economy) is no one's case.
    live = Citizen.objects.filter(merged_into__isnull=True, erased_on__isnull=True)
    if not allowed(user, Action.VIEW_CITIZEN):
        return live.none()
    if user.role in (Role.CASE_WORKER, Role.MANAGER):
        return live.filter(acting_municipality_id=user.municipality_id)
    if user.role == Role.SUPPORT_WORKER:
        from hjemvej.support.models import SupportCourse

        return live.filter(id__in=SupportCourse.objects.filter(worker=user).values("citizen_id"))
    if user.role == Role.SHELTER_STAFF and user.shelter_id is not None:
        return live.filter(id__in=_shelter_stays_in_scope(user, today).values("citizen_id"))
    return live.none()


def municipality_citizens(municipality_id: int) -> QuerySet[Citizen]:
    """Return the citizens a municipality's statistics count: those it is acting municipality for.

    For counts only, never names: the statistics and the command line, which acts for a
    municipality and no user. It holds the citizens whose personal data the retention rule
    erased (their dates are kept for the figures of past years), not the records merged into
    another.
    """
    from hjemvej.citizens.models import Citizen

    return Citizen.objects.filter(acting_municipality_id=municipality_id, merged_into__isnull=True)


def counted_citizens_for(user: User) -> QuerySet[Citizen]:
    """Return the citizens the user's statistics count: the user's municipality's, counts only.

    Economists see no citizen's name: a page that counts these shows numbers, never a row.
    """
    from hjemvej.citizens.models import Citizen

    if not allowed(user, Action.VIEW_STATISTICS) or user.municipality_id is None:
        return Citizen.objects.none()
    return municipality_citizens(user.municipality_id)


def _shelter_stays_in_scope(user: User, today: date | None) -> QuerySet[Stay]:
    """Return the stays at the user's shelter that give its staff access on the day.

    A stay admitted on or before the day and not discharged, or discharged fewer than the
    parameter's days before it: ``[admitted, discharged + days)``.
    """
    from hjemvej.shelters.models import Stay

    if user.shelter_id is None:
        return Stay.objects.none()
    on = today or timezone.localdate()
    days = default_parameters().count(SHELTER_SCOPE_AFTER_DISCHARGE, on)
    return Stay.objects.filter(shelter_id=user.shelter_id, admitted__lte=on).filter(
        Q(discharged__isnull=True) | Q(discharged__gt=on - timedelta(days=days))
    )


def duplicate_candidates_for(user: User, acting_municipality_id: int | None) -> QuerySet[Citizen]:
    """Return the citizens a user registering a citizen may be shown as possible duplicates.

    The citizens the user may see. Shelter staff, who see only their own residents, also meet
    the citizens of the acting municipality named in the admission, so that a person known there
    by an alias is admitted rather than made twice; they are shown only a name or alias and a
    birth year, and each showing is logged (docs/access.md). Roles that register no citizens
    meet nobody.
    """
    from hjemvej.citizens.models import Citizen

    if not allowed(user, Action.CREATE_CITIZEN):
        return Citizen.objects.none()
    visible = citizens_for(user)
    if user.role != Role.SHELTER_STAFF or user.shelter_id is None or acting_municipality_id is None:
        return visible
    return Citizen.objects.filter(merged_into__isnull=True, erased_on__isnull=True).filter(
        Q(acting_municipality_id=acting_municipality_id) | Q(pk__in=visible.values("pk"))
    )


def stays_for(user: User, *, today: date | None = None) -> QuerySet[Stay]:
    """Return the stays the user may see: shelter staff only their shelter's, while in scope."""
    from hjemvej.shelters.models import Stay

    stays = Stay.objects.filter(citizen__in=citizens_for(user, today=today))
    if user.role == Role.SHELTER_STAFF:
        if user.shelter_id is None:
            return stays.none()
        stays = stays.filter(shelter_id=user.shelter_id)
    return stays


def shares_with_shelter(user: User, *, today: date | None = None) -> QuerySet[Citizen]:
    """Return the citizens whose consent in force opens other authorities' records to the user.

    Only shelter staff need it: the other roles' own task covers what they see. A consent of the
    kind ``ConsentKind.SHELTER``, given on or before the day and not withdrawn by it, opens the
    support courses and contact notes of a citizen in the staff's scope (docs/access.md).
    """
    from hjemvej.citizens.models import Consent, ConsentKind

    on = today or timezone.localdate()
    consents = Consent.objects.filter(kind=ConsentKind.SHELTER, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )
    return citizens_for(user, today=on).filter(pk__in=consents.values("citizen_id"))


def contacts_for(user: User, *, today: date | None = None) -> QuerySet[Contact]:
    """Return the contacts (with their notes) the user may read.

    Shelter staff read another authority's contact notes only under the citizen's consent to
    share with the shelter; the notes their own shelter's staff wrote, always. The municipality's
    own staff read the notes that another municipality's staff wrote (the municipality the
    citizen was handed over from, the other municipality of an external stay) only under the
    citizen's consent of the kind ``ConsentKind.MUNICIPALITIES`` (docs/access.md, "Across
    municipal borders"); shelter staff's notes and their own municipality's, always.
    """
    from hjemvej.citizens.models import ConsentKind
    from hjemvej.support.models import Contact

    contacts = Contact.objects.filter(citizen__in=citizens_for(user, today=today))
    if user.role == Role.SHELTER_STAFF:
        contacts = contacts.filter(
            Q(created_by__shelter_id=user.shelter_id)
            | Q(citizen__in=shares_with_shelter(user, today=today))
        )
    elif user.municipality_id is not None:
        contacts = contacts.filter(
            Q(created_by__isnull=True)
            | Q(created_by__municipality__isnull=True)
            | Q(created_by__municipality_id=user.municipality_id)
            | Q(created_by__role=Role.SHELTER_STAFF)
            | Q(citizen__in=_consented(ConsentKind.MUNICIPALITIES, today))
        )
    return contacts


def _consented(kind: str, today: date | None) -> QuerySet[Any]:
    """Return the ids of the citizens with a consent of the kind in force on the day."""
    from hjemvej.citizens.models import Consent

    on = today or timezone.localdate()
    return (
        Consent.objects.filter(kind=kind, given_on__lte=on)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .values("citizen_id")
    )


#: The roles that read a citizen across a municipal border: the municipality's case work.
_BORDER_ROLES = (Role.CASE_WORKER, Role.MANAGER)


def border_citizens_for(user: User, *, today: date | None = None) -> QuerySet[Citizen]:
    """Return the citizens the user's municipality reads across a border, read-only.

    Not the citizens it acts for now (``citizens_for``), but those it has acted for (it reads
    its own history: its periods, the stays it paid, its own contact notes, and that and when
    the citizen moved on), those whose stay at its shelter an L 130 agreement lets it act for
    part of the help (while the agreement lasts), and those of an open dispute it is a party
    to. Case workers and managers only; no form writes through it (docs/access.md).
    """
    from hjemvej.citizens.models import (
        MAIN_BASES,
        ActingBasis,
        ActingMunicipalityDispute,
        ActingMunicipalityPeriod,
        Citizen,
        DisputeStatus,
    )

    live = Citizen.objects.filter(merged_into__isnull=True, erased_on__isnull=True)
    if (
        not allowed(user, Action.VIEW_CITIZEN)
        or user.role not in _BORDER_ROLES
        or user.municipality_id is None
    ):
        return live.none()
    on = today or timezone.localdate()
    own = ActingMunicipalityPeriod.objects.filter(municipality_id=user.municipality_id)
    former = own.filter(basis__in=MAIN_BASES, valid_to__isnull=False)
    agreed = own.filter(basis=ActingBasis.L130_AGREEMENT, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )
    disputed = ActingMunicipalityDispute.objects.filter(status=DisputeStatus.OPEN).filter(
        Q(other_id=user.municipality_id) | Q(acting_at_start_id=user.municipality_id)
    )
    return live.exclude(acting_municipality_id=user.municipality_id).filter(
        Q(pk__in=former.values("citizen_id"))
        | Q(pk__in=agreed.values("citizen_id"))
        | Q(pk__in=disputed.values("citizen_id"))
    )


def agreement_citizens_for(user: User, *, today: date | None = None) -> QuerySet[Citizen]:
    """Return the border citizens an L 130 agreement in force lets the user's municipality help.

    Its case workers record contacts with them (the weekly follow-up of an external stay, by
    either side), and read the acting municipality's notes under the citizen's consent of the
    kind ``municipalities``. Nothing else is written through it (docs/access.md).
    """
    from hjemvej.citizens.models import ActingBasis, ActingMunicipalityPeriod, Citizen

    if user.municipality_id is None:
        return Citizen.objects.none()
    on = today or timezone.localdate()
    agreed = ActingMunicipalityPeriod.objects.filter(
        municipality_id=user.municipality_id,
        basis=ActingBasis.L130_AGREEMENT,
        valid_from__lte=on,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return border_citizens_for(user, today=on).filter(pk__in=agreed.values("citizen_id"))


def border_stays_for(user: User, *, today: date | None = None) -> QuerySet[Stay]:
    """Return the stays of border citizens the user's municipality reads.

    The stays admitted while it was acting municipality (it paid and claimed them,
    ``stats.stays.municipality_stays``), and the stays at its own shelters during an L 130
    agreement with it.
    """
    from django.db.models import Exists, OuterRef

    from hjemvej.citizens.models import MAIN_BASES, ActingBasis, ActingMunicipalityPeriod
    from hjemvej.shelters.models import Stay

    citizens = border_citizens_for(user, today=today)
    if user.municipality_id is None or not citizens.exists():
        return Stay.objects.none()
    paid = ActingMunicipalityPeriod.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        municipality_id=user.municipality_id,
        basis__in=MAIN_BASES,
        valid_from__lte=OuterRef("admitted"),
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("admitted")))
    agreed = ActingMunicipalityPeriod.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        municipality_id=user.municipality_id,
        basis=ActingBasis.L130_AGREEMENT,
    )
    return Stay.objects.filter(citizen__in=citizens).filter(
        Exists(paid) | (Q(shelter__municipality_id=user.municipality_id) & Exists(agreed))
    )


def border_contacts_for(user: User, *, today: date | None = None) -> QuerySet[Contact]:
    """Return the contacts of border citizens the user's municipality reads.

    The notes its own staff wrote; and while an L 130 agreement with it is in force, under the
    citizen's consent of the kind ``municipalities``, the other notes too (the two municipalities
    that help the citizen see each other's notes as the consent allows).
    """
    from hjemvej.citizens.models import ConsentKind
    from hjemvej.support.models import Contact

    if user.municipality_id is None:
        return Contact.objects.none()
    own = Q(created_by__municipality_id=user.municipality_id) & ~Q(
        created_by__role=Role.SHELTER_STAFF
    )
    shared = Q(
        citizen__in=agreement_citizens_for(user, today=today).filter(
            pk__in=_consented(ConsentKind.MUNICIPALITIES, today)
        )
    )
    return Contact.objects.filter(citizen__in=border_citizens_for(user, today=today)).filter(
        own | shared
    )


def courses_for(user: User, *, today: date | None = None) -> QuerySet[SupportCourse]:
    """Return the support courses the user may see: shelter staff only under consent."""
    from hjemvej.support.models import SupportCourse

    courses = SupportCourse.objects.filter(citizen__in=citizens_for(user, today=today))
    if user.role == Role.SHELTER_STAFF:
        courses = courses.filter(citizen__in=shares_with_shelter(user, today=today))
    return courses


def botilbud_for(user: User, *, today: date | None = None) -> QuerySet[BotilbudStay]:
    """Return the § 107 botilbud stays the user may see: as support courses (``courses_for``)."""
    from hjemvej.support.models import BotilbudStay

    stays = BotilbudStay.objects.filter(citizen__in=citizens_for(user, today=today))
    if user.role == Role.SHELTER_STAFF:
        stays = stays.filter(citizen__in=shares_with_shelter(user, today=today))
    return stays


def dst_shelters_for(user: User) -> QuerySet[Shelter]:
    """Return the shelters whose quarterly file for Danmarks Statistik the user may make.

    The file holds CPR numbers (Danmarks Statistik requires them), so only the shelter's leader
    (``Shelter.leader``: a member of its staff, chosen by the administrator) and the
    administrators of the municipality of a municipal shelter (``Operator.PUBLIC``) may make it.
    Any other shelter is not found (docs/access.md).
    """
    from hjemvej.shelters.models import Operator, Shelter

    if not allowed(user, Action.MAKE_DST_REPORT):
        return Shelter.objects.none()
    if user.role == Role.SHELTER_STAFF and user.shelter_id is not None:
        return Shelter.objects.filter(pk=user.shelter_id, leader=user)
    if user.role == Role.ADMIN and user.municipality_id is not None:
        return Shelter.objects.filter(
            municipality_id=user.municipality_id, operator=Operator.PUBLIC
        )
    return Shelter.objects.none()


def may_make_dst_report(user: User, shelter: Shelter) -> bool:
    """Return whether the user may make the shelter's file for Danmarks Statistik."""
    return dst_shelters_for(user).filter(pk=shelter.pk).exists()


def dst_stays_for(user: User, shelter: Shelter) -> QuerySet[Stay]:
    """Return the shelter's stays for its file to Danmarks Statistik: all of them, or none.

    The file reports every admission and discharge of the quarter, also of citizens whom the
    leader no longer sees on their pages (shelter staff's scope in time), because the shelter
    must report them. Nothing for a user who may not make the shelter's file.
    """
    from hjemvej.shelters.models import Stay

    if not may_make_dst_report(user, shelter):
        return Stay.objects.none()
    return Stay.objects.filter(shelter_id=shelter.pk)


def may_manage_stay_at(user: User, shelter_id: int) -> bool:
    """Return whether the user may admit to or discharge from the shelter."""
    if not allowed(user, Action.MANAGE_STAYS):
        return False
    return user.role != Role.SHELTER_STAFF or user.shelter_id == shelter_id


def may_add_contact(user: User, citizen: Citizen) -> bool:
    """Return whether the user may record a contact with this (visible) citizen."""
    return allowed(user, Action.ADD_CONTACT) and citizens_for(user).filter(pk=citizen.pk).exists()


_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


def policy(action: Action) -> Callable[[_View], _View]:
    """Declare what a view needs; signed-out users go to the login page, others get 403."""

    def decorate(view: _View) -> _View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if action is not Action.PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        checked.policy_action = action  # type: ignore[attr-defined]
        return cast(_View, checked)

    return decorate
