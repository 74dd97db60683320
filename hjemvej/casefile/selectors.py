"""Reads of citizens: the by-name list and the facts derived per citizen.

Every fact the list shows or sorts and filters by is an annotation, so the page costs the same
number of queries for 10 citizens as for 23,000. The situation, the time in homelessness, the list
and the last contact are read from the citizen's stored state (``CitizenState``, kept by the
services) when it holds for today, and only otherwise computed from the records by a correlated
subquery; so filtering and counting cost the municipality's citizens, not the installation's
history. Date arithmetic goes through Django's temporal subtraction, which is portable between
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DurationField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Least, Lower

from hjemvej.accounts.models import Municipality, User
from hjemvej.accounts.policy import citizens_for, stays_for
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import (
    MAIN_BASES,
    ActingMunicipalityPeriod,
    ByNameListEvent,
    Citizen,
    HomelessnessSituation,
    ListEventKind,
    Situation,
)
from hjemvej.citizens.selectors import name_terms, only_at_risk
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import Shelter
from hjemvej.support.models import Contact, CourseKind, SupportCourse

#: Filter value for "no current situation" and for "no open support course".
NONE = "none"
#: Shelter filter value for "on a shelter outside the acting municipality".
EXTERNAL = "external"

SORT_KEYS = ("name", "time", "contact", "admitted")

#: Short labels of the support methods, as staff say them.
METHOD_LABELS: dict[str, str] = {
    CourseKind.SEL85: "§ 85",
    CourseKind.CTI: "CTI",
    CourseKind.ICM: "ICM",
    CourseKind.ACT: "ACT",
    CourseKind.M_ACT: "M-ACT",
    CourseKind.SEL99: "§ 99",
}

NOT_HOMELESS = "ikke i hjemløshed"
NO_CPR = "uden CPR"


@dataclass(frozen=True)
class ListFilters:
    """What the by-name list is narrowed to, and how it is sorted."""

    situations: frozenset[str] = frozenset()  # Situation values and NONE
    municipality_id: int | None = None
    shelter: str = ""  # "", EXTERNAL, NONE or a shelter's id
    method: str = ""  # "", a CourseKind value or NONE
    on_list: bool | None = True  # None: both
    min_days: int | None = None
    long_term: bool = False
    no_contact_days: int | None = None
    q: str = ""
    sort: str = "name"  # a SORT_KEYS key, "-" in front for descending


@dataclass(frozen=True)
class CitizenRow:
    """One citizen on the list with the facts derived for today."""

    citizen: Citizen
    name: str
    cpr_masked: str  # "DDMMÅÅ-****", NO_CPR, or "" when not asked for
    age: int | None
    situation: str | None
    situation_label: str
    on_list: bool
    shelter_name: str
    shelter_external: bool
    admitted: date | None
    methods: list[str] = field(default_factory=list)
    days_homeless: int = 0
    long_term: bool = False
    last_contact: date | None = None
    days_since_contact: int | None = None

    @property
    def acting_municipality(self) -> str:
        """Return the name of the acting municipality."""
        return self.citizen.acting_municipality.name


def _open_on(today: date, end_field: str) -> Q:
    return Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gt": today})


def _stored(today: date) -> Q:
    """Match citizens whose stored state holds today (nothing in their records after yesterday)."""
    return Q(state__settled_on__lt=today)


def _homeless_time(today: date, computed: Subquery) -> Case:
    """The time in homelessness up to today: ended situations plus the open one, as stored."""
    running = ExpressionWrapper(
        F("state__closed_time") + (Value(today) - F("state__situation_start")),
        output_field=DurationField(),
    )
    return Case(
        When(_stored(today) & Q(state__situation_start__isnull=True), then=F("state__closed_time")),
        When(_stored(today), then=running),
        default=computed,
        output_field=DurationField(),
    )


def listed_on(today: date) -> Expression:
    """Return whether the citizen is on the list today (stored, or ``on_list_now``)."""
    return Case(
        When(_stored(today), then=F("state__on_list")),
        default=on_list_now(today),
        output_field=BooleanField(),
    )


def annotate_facts(citizens: QuerySet[Citizen], *, user: User, today: date) -> QuerySet[Citizen]:
    """Add the facts of the list to each citizen: situation, list, shelter, time, contact."""
    situations_now = HomelessnessSituation.objects.filter(
        _open_on(today, "end"), citizen=OuterRef("pk"), start__lte=today
    ).order_by("-start", "-id")
    # Days [start, min(end, today)) of every situation up to today; the services keep one
    # citizen's situations from overlapping, so the sum is the time in homelessness.
    spent = (
        HomelessnessSituation.objects.filter(citizen=OuterRef("pk"), start__lt=today)
        .annotate(stop=Least(Coalesce("end", Value(today)), Value(today)))
        .values("citizen")
        .annotate(total=Sum(F("stop") - F("start"), output_field=DurationField()))
        .values("total")
    )
    last_event = (
        ByNameListEvent.objects.filter(citizen=OuterRef("pk"), date__lte=today)
        .order_by("-date", "-id")
        .values("kind")[:1]
    )
    open_stays = stays_for(user).filter(
        _open_on(today, "discharged"), citizen=OuterRef("pk"), admitted__lte=today
    )
    # Whether the stay is external is decided by the acting municipality of its day of admission
    # (as the citizen's page and timeline: ``BorderHistory.acting_on``), not by today's.
    acting_then = ActingMunicipalityPeriod.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        basis__in=MAIN_BASES,
        valid_from__lte=OuterRef("admitted"),
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("admitted")))
    open_stays = open_stays.order_by("-admitted", "-id").annotate(
        acting_then=Subquery(acting_then.values("municipality_id")[:1])
    )
    last_contact = (
        Contact.objects.filter(citizen=OuterRef("pk"), date__lte=today)
        .order_by("-date")
        .values("date")[:1]
    )
    sort_name = Case(
        When(Q(first_name="") & Q(last_name=""), then=F("alias")),
        default=Concat("last_name", Value(" "), "first_name"),
    )
    open_courses = SupportCourse.objects.filter(_open_on(today, "end"), start__lte=today).order_by(
        "start", "id"
    )
    return (
        citizens.select_related("acting_municipality")
        .annotate(
            situation_now=Case(
                When(_stored(today), then=F("state__situation")),
                default=Subquery(situations_now.values("situation")[:1]),
                output_field=CharField(),
            ),
            homeless_time=_homeless_time(today, Subquery(spent, output_field=DurationField())),
            list_kind=Case(
                When(_stored(today) & Q(state__on_list=True), then=Value(ListEventKind.ENTERED)),
                When(_stored(today), then=Value(ListEventKind.LEFT)),
                default=Subquery(last_event),
                output_field=CharField(),
            ),
            shelter_id_now=Subquery(open_stays.values("shelter_id")[:1]),
            shelter_name_now=Subquery(open_stays.values("shelter__name")[:1]),
            shelter_municipality_now=Subquery(open_stays.values("shelter__municipality_id")[:1]),
            admitted_now=Subquery(open_stays.values("admitted")[:1]),
            acting_at_admission_now=Coalesce(
                Subquery(open_stays.values("acting_then")[:1]),
                F("acting_municipality_id"),
                output_field=IntegerField(),
            ),
            last_contact=Case(
                When(_stored(today), then=F("state__last_contact")),
                default=Subquery(last_contact),
                output_field=DateField(),
            ),
            sort_name=Lower(sort_name),
        )
        .prefetch_related(Prefetch("courses", queryset=open_courses, to_attr="open_courses"))
    )


def on_list_now(today: date) -> Exists:
    """Match citizens whose last list event up to today put them on the list.

    Written as "an entry with no later event" rather than comparing the last event's kind, so
    PostgreSQL filters with a semi-join over the events instead of a subquery per citizen.
    """
    later = ByNameListEvent.objects.filter(
        citizen_id=OuterRef("citizen_id"), date__lte=today
    ).filter(Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), id__gt=OuterRef("id")))
    last_entry = ByNameListEvent.objects.filter(
        ~Exists(later), citizen_id=OuterRef("pk"), kind=ListEventKind.ENTERED, date__lte=today
    )
    return Exists(last_entry)


def apply_filters(
    citizens: QuerySet[Citizen], filters: ListFilters, *, today: date, long_term_days: int
) -> QuerySet[Citizen]:
    """Narrow the annotated citizens (see ``annotate_facts``) by the list's filters."""
    if filters.q.strip():
        citizens = citizens.filter(name_terms(filters.q))
    if filters.situations:
        chosen = Q(situation_now__in=sorted(filters.situations - {NONE}))
        if NONE in filters.situations:
            chosen |= Q(situation_now__isnull=True)
        citizens = citizens.filter(chosen)
    if filters.municipality_id is not None:
        citizens = citizens.filter(acting_municipality_id=filters.municipality_id)
    if filters.shelter == EXTERNAL:
        citizens = citizens.filter(
            Q(shelter_municipality_now__isnull=False)
            & ~Q(shelter_municipality_now=F("acting_at_admission_now"))
        )
    elif filters.shelter == NONE:
        citizens = citizens.filter(Q(shelter_id_now__isnull=True))
    elif filters.shelter.isdigit():
        citizens = citizens.filter(Q(shelter_id_now=int(filters.shelter)))
    if filters.method:
        courses = SupportCourse.objects.filter(
            _open_on(today, "end"), citizen=OuterRef("pk"), start__lte=today
        )
        if filters.method == NONE:
            citizens = citizens.filter(~Exists(courses))
        else:
            citizens = citizens.filter(Exists(courses.filter(kind=filters.method)))
    if filters.on_list is not None:
        citizens = citizens.alias(listed=listed_on(today)).filter(listed=filters.on_list)
    if filters.min_days is not None:
        citizens = citizens.filter(Q(homeless_time__gte=timedelta(days=filters.min_days)))
    if filters.long_term:
        citizens = citizens.filter(Q(homeless_time__gt=timedelta(days=long_term_days)))
    if filters.no_contact_days is not None:
        since = today - timedelta(days=filters.no_contact_days)
        citizens = citizens.filter(Q(last_contact__isnull=True) | Q(last_contact__lte=since))
    return citizens


def ordering(sort: str) -> list[OrderBy | Any]:
    """Return the ORDER BY of a sort key; unknown keys sort by name."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    by_name: list[Any] = [F("sort_name").asc(), "pk"]
    if key == "time":
        column = F("homeless_time")
    elif key == "contact":
        # Never contacted is the longest without contact: first when the oldest come first.
        column = F("last_contact")
        if not descending:
            return [column.asc(nulls_first=True), *by_name]
    elif key == "admitted":
        column = F("admitted_now")
    else:
        if descending:
            return [F("sort_name").desc(), "-pk"]
        return by_name
    order = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return [order, *by_name]


def by_name_list(
    user: User, *, today: date, filters: ListFilters, long_term_days: int
) -> QuerySet[Citizen]:
    """Return the citizens the user may see, with their facts, filtered and sorted.

    A citizen followed only for a risk of homelessness is not on the list (``only_at_risk``).
    """
    citizens = annotate_facts(citizens_for(user).exclude(only_at_risk()), user=user, today=today)
    citizens = apply_filters(citizens, filters, today=today, long_term_days=long_term_days)
    return citizens.order_by(*ordering(filters.sort))


def with_facts(user: User, ids: list[int], *, today: date) -> list[Citizen]:
    """Return the citizens of ``ids`` with the list's facts, in the order of ``ids``.

    A page of the list is two steps: the ids of the page, sorted and filtered with only the keys
    that needs, then the facts of those 25 citizens alone; a deep page stays as cheap as the first.
    """
    found = annotate_facts(citizens_for(user).filter(pk__in=ids), user=user, today=today)
    by_id = {citizen.pk: citizen for citizen in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def _age(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def _masked_cpr(citizen: Citizen) -> str:
    if not citizen.cpr_token:
        return NO_CPR
    try:
        return cpr_codec.mask(cpr_codec.decrypt(citizen.cpr_token))
    except DomainError:  # the key changed: the number is there but cannot be shown
        return "CPR kan ikke vises"


def list_rows(
    citizens: Iterable[Citizen], *, today: date, long_term_days: int, with_cpr: bool
) -> list[CitizenRow]:
    """Return the rows of citizens from ``by_name_list`` (``with_cpr``: decrypt and mask)."""
    labels = dict(Situation.choices)
    rows = []
    for citizen in citizens:
        facts: dict[str, Any] = vars(citizen)
        spent: timedelta | None = facts["homeless_time"]
        days = spent.days if spent is not None else 0
        last_contact: date | None = facts["last_contact"]
        situation: str | None = facts["situation_now"]
        shelter_municipality: int | None = facts["shelter_municipality_now"]
        courses: list[SupportCourse] = facts["open_courses"]
        rows.append(
            CitizenRow(
                citizen=citizen,
                name=citizen.display_name,
                cpr_masked=_masked_cpr(citizen) if with_cpr else "",
                age=_age(citizen.birth_date, today),
                situation=situation,
                situation_label=str(labels.get(situation, situation))
                if situation
                else NOT_HOMELESS,
                on_list=facts["list_kind"] == ListEventKind.ENTERED,
                shelter_name=facts["shelter_name_now"] or "",
                shelter_external=(
                    shelter_municipality is not None
                    and shelter_municipality != facts["acting_at_admission_now"]
                ),
                admitted=facts["admitted_now"],
                methods=_unique(METHOD_LABELS[c.kind] for c in courses),
                days_homeless=days,
                long_term=days > long_term_days,
                last_contact=last_contact,
                days_since_contact=(today - last_contact).days if last_contact else None,
            )
        )
    return rows


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def visible_municipalities(user: User) -> QuerySet[Municipality]:
    """Return the acting municipalities of the citizens the user may see."""
    return Municipality.objects.filter(
        pk__in=citizens_for(user).values("acting_municipality_id")
    ).order_by("name")


def visible_shelters(user: User) -> QuerySet[Shelter]:
    """Return the shelters where citizens the user may see have had stays the user may see."""
    return Shelter.objects.filter(pk__in=stays_for(user).values("shelter_id")).order_by("name")


def citizen_by_cpr_for(user: User, raw_cpr: str) -> Citizen | None:
    """Return the citizen with this CPR number within the user's scope (DomainError if invalid)."""
    normalised = cpr_codec.normalise(raw_cpr)
    return citizens_for(user).filter(cpr_hash__in=cpr_codec.lookup_hashes(normalised)).first()


def on_list_count(user: User, today: date, *, case_worker: User | None = None) -> int:
    """Return how many citizens the user sees on the list today (the case worker's, when given)."""
    citizens = citizens_for(user).alias(listed=listed_on(today)).filter(listed=True)
    if case_worker is not None:
        citizens = citizens.filter(case_worker=case_worker)
    return citizens.count()
