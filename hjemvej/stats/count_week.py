"""VIVE's count week from the by-name list: who would be counted, in which situation, and what
the person form would lack.

VIVE counts everyone in a homelessness situation whom a service or authority had contact with or
knowledge of in the count week (``stats.vive``). From the list, a citizen of the municipality is
counted in the week ``[Monday, next Monday)`` when the list knows them to be in homelessness then:

1. a homelessness situation of theirs overlaps the week (``start`` before the week's end, and no
   ``end`` or an ``end`` after its Monday; a situation ending on the Monday is over, one starting
   on the Sunday counts); the situation counted is the one that began last;
2. else a § 110 stay (not aftercare) overlaps the week (a same-day stay holds its date): the
   situation is a shelter;
3. else they were on the by-name list at some time in the week and had a contact in it: counted
   with the situation unknown, so the form's situation is a missing answer.

A contact in the week with a citizen who is neither in a situation nor on the list (a housed
citizen in CTI) does not count. Every figure is a count of persons; the missing answers are the
form's questions the list could answer but does not for that citizen (``MISSING``).
docs/statistics.md, "VIVE's count week", says the same in words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from django.apps import apps
from django.db.models import F, Q, QuerySet

from hjemvej.citizens.borders import citizens_acting_on
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    Gender,
    HomelessnessSituation,
    ListEventKind,
    Situation,
)
from hjemvej.core.formatting import period_text
from hjemvej.housing.models import Household, IncomeKind, IncomeSource
from hjemvej.rules.dates import add_months_clamped
from hjemvej.rules.housing.age import age_on
from hjemvej.shelters.models import Stay, StayType
from hjemvej.stats import vive
from hjemvej.support.models import Contact, CourseKind, SupportCourse

#: The form's questions the list can answer for a citizen, and their Danish names.
MISSING: dict[str, str] = {
    "gender": "Køn",
    "age": "Fødselsdato (alder)",
    "situation": "Hjemløshedssituation",
    "duration": "Hvor længe i hjemløshed",
    "income": "Forsørgelsesgrundlag",
    "children": "Børn (husstand)",
}
#: A closed-open period ``[start, end)``; end None while it lasts.
Period = tuple[date, date | None]
#: How a citizen came to be counted.
BY_SITUATION, BY_STAY, BY_CONTACT = "situation", "stay", "contact"


@dataclass(frozen=True)
class Week:
    """An ISO week: ``[start, end)`` from Monday to the next Monday."""

    year: int
    number: int

    @cached_property
    def start(self) -> date:
        """Return the week's Monday."""
        return date.fromisocalendar(self.year, self.number, 1)

    @cached_property
    def end(self) -> date:
        """Return the Monday after the week (the week is closed-open)."""
        return self.start + timedelta(days=7)

    @property
    def label(self) -> str:
        """Return the week in Danish: "uge 6, 2026"."""
        return f"uge {self.number}, {self.year}"

    @property
    def period(self) -> str:
        """Return the week's first and last day: 02.02.–08.02.2026."""
        return period_text(self.start, self.end)


def week_of(year: int, number: int) -> Week:
    """Return the ISO week, or raise ValueError when the year has no such week."""
    week = Week(year, number)
    week.start  # noqa: B018 - date.fromisocalendar refuses a week the year lacks
    return week


def default_week(today: date) -> Week:
    """Return week 6 of the latest count year up to this year (known or assumed)."""
    return Week(vive.latest_count_year(today), vive.COUNT_WEEK)


@dataclass(frozen=True)
class Counted:
    """One citizen counted in the week, with the form's answers the list gives."""

    citizen_id: int
    pseudonym: str
    basis: str  # BY_SITUATION, BY_STAY or BY_CONTACT
    situation: str | None  # citizens.models.Situation; None: unknown
    contact: bool
    gender: str
    age: int | None
    duration_days: int | None
    duration_band: str
    income: str | None  # housing.models.IncomeKind of the largest income in the week
    support: tuple[str, ...]  # support.models.CourseKind of the courses in the week
    action_plan: bool
    children: bool | None  # None: no household registered
    missing: tuple[str, ...]

    @property
    def age_band(self) -> str:
        """Return VIVE's age band."""
        return vive.age_band(self.age)

    @property
    def missing_text(self) -> str:
        """Return the missing answers in Danish."""
        return ", ".join(MISSING[key] for key in self.missing)

    @property
    def situation_label(self) -> str:
        """Return VIVE's wording of the situation ("Uoplyst" when unknown)."""
        return vive.VIVE_SITUATION_LABEL[self.situation] if self.situation else vive.UNKNOWN


@dataclass(frozen=True)
class Row:
    """One line of a table: a label and the persons in it (and those with a contact)."""

    label: str
    persons: int
    with_contact: int = 0


@dataclass(frozen=True)
class Table:
    """The persons counted by one of the form's questions."""

    key: str
    title: str
    rows: list[Row]


@dataclass
class CountWeek:
    """The municipality's count for a week."""

    week: Week
    today: date
    counted: list[Counted] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Return whether the week is over (before today); else the count is so far."""
        return self.week.end <= self.today

    @property
    def total(self) -> int:
        """Return the persons counted."""
        return len(self.counted)

    @property
    def with_contact(self) -> int:
        """Return the persons counted who had a contact in the week."""
        return sum(1 for c in self.counted if c.contact)

    @property
    def national(self) -> vive.NationalCount | None:
        """Return VIVE's national count of the year when the week is week 6 of a count."""
        return vive.national_count(self.week.year) if self.is_count_week else None

    @property
    def is_count_week(self) -> bool:
        """Return whether the week is week 6 of a (known or assumed) count year."""
        return self.week.number == vive.COUNT_WEEK and vive.is_count_year(self.week.year)

    @property
    def assumed_count(self) -> bool:
        """Return whether the week is a count week only by the assumed rhythm."""
        return self.is_count_week and vive.is_assumed_count_year(self.week.year)

    @property
    def situations(self) -> list[Row]:
        """Return the persons per VIVE situation, in VIVE's order, then the unknown ones."""
        answers = [*vive.VIVE_SITUATIONS, (vive.UNKNOWN, vive.UNKNOWN)]
        return self._table("situation", "", lambda c: (c.situation or vive.UNKNOWN,), answers).rows

    @property
    def tables(self) -> list[Table]:
        """Return the persons per answer of each question the list answers."""
        genders = [(g.value, str(g.label)) for g in Gender if g != Gender.UNKNOWN]
        incomes = [(k.value, str(k.label)) for k in IncomeKind]
        return [
            self._table(
                "gender", "Køn", lambda c: (c.gender,), [*genders, (Gender.UNKNOWN, "Uoplyst")]
            ),
            self._table(
                "age",
                "Alder",
                lambda c: (c.age_band,),
                [(lbl, lbl) for _, lbl in vive.AGE_BANDS] + [(vive.UNKNOWN, vive.UNKNOWN)],
            ),
            self._table(
                "duration",
                "Hvor længe i hjemløshed",
                lambda c: (c.duration_band,),
                [(lbl, lbl) for _, lbl in vive.DURATION_BANDS] + [(vive.UNKNOWN, vive.UNKNOWN)],
            ),
            self._table(
                "income",
                "Forsørgelsesgrundlag (største indkomst i ugen)",
                lambda c: (c.income or vive.UNKNOWN,),
                [*incomes, (vive.UNKNOWN, "Ingen indkomst registreret")],
            ),
            self._table(
                "support",
                "Støtteforløb i ugen (en borger kan have flere)",
                lambda c: c.support or ("none",),
                [*((k.value, str(k.label)) for k in CourseKind), ("none", "Intet støtteforløb")],
            ),
            self._table(
                "action_plan",
                "Handleplan i kraft i ugen",
                lambda c: ("ja" if c.action_plan else "nej",),
                [("ja", "Ja"), ("nej", "Nej")],
            ),
            self._table(
                "children",
                "Børn under 18 i husstanden",
                lambda c: ({True: "ja", False: "nej", None: vive.UNKNOWN}[c.children],),
                [("ja", "Ja"), ("nej", "Nej"), (vive.UNKNOWN, "Ingen husstand registreret")],
            ),
        ]

    @property
    def missing(self) -> list[Counted]:
        """Return the counted citizens whose form would lack an answer the list could give."""
        return [c for c in self.counted if c.missing]

    def _table(
        self,
        key: str,
        title: str,
        values: Callable[[Counted], tuple[str, ...]],
        answers: Iterable[tuple[str, str]],
    ) -> Table:
        """Return the persons per answer; ``values`` gives a citizen's answers (one or more)."""
        persons: Counter[str] = Counter()
        with_contact: Counter[str] = Counter()
        for citizen in self.counted:
            given = set(values(citizen))
            persons.update(given)
            if citizen.contact:
                with_contact.update(given)
        return Table(key, title, [Row(lbl, persons[a], with_contact[a]) for a, lbl in answers])


# --- The count ---------------------------------------------------------------------------------


def count_week(municipality_id: int, week: Week, *, today: date) -> CountWeek:
    """Return the municipality's count for the week (a fixed number of queries)."""
    start, end = week.start, week.end
    # The citizens the municipality acted for on the week's Monday: a citizen handed over later
    # is counted by the municipality they belonged to then (docs/statistics.md).
    citizens = citizens_acting_on(municipality_id, start)
    situations_in_week = (
        HomelessnessSituation.objects.filter(citizen__in=citizens, start__lt=end)
        .filter(Q(end__isnull=True) | Q(end__gt=start))
        .exclude(end=F("start"))  # an empty period holds no day
    )
    situations: dict[int, list[tuple[date, int, str]]] = defaultdict(list)
    for citizen_id, pk, kind, begun in situations_in_week.values_list(
        "citizen_id", "pk", "situation", "start"
    ):
        situations[citizen_id].append((begun, pk, kind))
    stays_in_week = _stays(citizens, start, end).filter(
        Q(discharged__isnull=True)
        | Q(discharged__gt=start)
        | Q(discharged=F("admitted"), admitted__gte=start)  # a same-day stay holds its date
    )
    stays: dict[int, date] = {}  # the first admission of the stays in the week
    for citizen_id, admitted in stays_in_week.values_list("citizen_id", "admitted"):
        stays[citizen_id] = min(admitted, stays.get(citizen_id, admitted))
    contacts = set(
        Contact.objects.filter(citizen__in=citizens, date__gte=start, date__lt=end)
        .values_list("citizen_id", flat=True)
        .distinct()
    )
    listed = _on_list_in_week(contacts - situations.keys() - stays.keys(), start, end)
    ids = sorted(situations.keys() | stays.keys() | listed)
    # Subqueries, not lists of thousands of ids (a national list is slow to send).
    in_situation = situations_in_week.values("citizen_id")
    facts = _Facts.read(
        citizens=citizens,
        counted=citizens.filter(
            Q(pk__in=in_situation) | Q(pk__in=stays_in_week.values("citizen_id")) | Q(pk__in=listed)
        ),
        in_situation=in_situation,
        by_stay_alone=sorted(stays.keys() - situations.keys()),
        start=start,
        end=end,
    )
    counted = []
    for citizen_id in ids:
        if citizen_id not in facts.people:
            continue  # merged into another between the queries
        situation: str | None
        if citizen_id in situations:
            anchor, _pk, situation = max(situations[citizen_id])
            run = spell(facts.situations[citizen_id], anchor)
            basis = BY_SITUATION
        elif citizen_id in stays:
            run = spell(facts.stays[citizen_id], stays[citizen_id])
            basis, situation = BY_STAY, Situation.SHELTER
        else:
            run, basis, situation = None, BY_CONTACT, None
        counted.append(
            facts.counted(citizen_id, basis, situation, citizen_id in contacts, run, week)
        )
    return CountWeek(week=week, today=today, counted=counted)


def _stays(citizens: QuerySet[Citizen], start: date, end: date) -> QuerySet[Stay]:
    """Return the § 110 stays (not aftercare) of the citizens admitted before ``end``."""
    return Stay.objects.filter(citizen__in=citizens, stay_type=StayType.STAY, admitted__lt=end)


def _on_list_in_week(citizen_ids: set[int], start: date, end: date) -> set[int]:
    """Return those of the citizens on the by-name list at some time in ``[start, end)``.

    An event applies from its date: on the list at the week's start is the last event on or
    before the Monday being an entry; an entry later in the week puts them on it too.
    """
    last: dict[int, tuple[date, int, str]] = {}
    entered_in_week: set[int] = set()
    for citizen_id, day, pk, kind in ByNameListEvent.objects.filter(
        citizen_id__in=citizen_ids, date__lt=end
    ).values_list("citizen_id", "date", "pk", "kind"):
        if day <= start:
            last[citizen_id] = max(last.get(citizen_id, (day, pk, kind)), (day, pk, kind))
        elif kind == ListEventKind.ENTERED:
            entered_in_week.add(citizen_id)
    at_start = {pk for pk, (_d, _i, kind) in last.items() if kind == ListEventKind.ENTERED}
    return at_start | entered_in_week


@dataclass
class _Facts:
    """The counted citizens' rows that the form's answers come from."""

    people: dict[int, tuple[str, str, date | None, bool]]  # pseudonym, gender, born, erased
    situations: dict[int, list[Period]]  # every situation begun before the week's end
    stays: dict[int, list[Period]]  # the § 110 stays before the week's end (counted by a stay)
    incomes: dict[int, list[tuple[Decimal, str]]]  # (monthly after tax, kind)
    courses: dict[int, set[str]]
    plans: set[int]
    children: dict[int, int]

    @classmethod
    def read(
        cls,
        *,
        citizens: QuerySet[Citizen],
        counted: QuerySet[Citizen],
        in_situation: QuerySet[HomelessnessSituation, Any],
        by_stay_alone: list[int],
        start: date,
        end: date,
    ) -> _Facts:
        """Read the rows the answers come from (seven queries).

        The few rows in force in the week (incomes, courses, plans, households) are read for all
        the municipality's citizens, which is cheaper than asking who is counted once more.
        """
        people = {
            pk: (pseudonym, gender, born, erased is not None)
            for pk, pseudonym, gender, born, erased in counted.values_list(
                "pk", "pseudonym", "gender", "birth_date", "erased_on"
            )
        }
        situations: dict[int, list[Period]] = defaultdict(list)
        for citizen_id, begun, ended in (
            HomelessnessSituation.objects.filter(citizen_id__in=in_situation, start__lt=end)
            .exclude(end=F("start"))
            .values_list("citizen_id", "start", "end")
        ):
            situations[citizen_id].append((begun, ended))
        stays: dict[int, list[Period]] = defaultdict(list)
        for citizen_id, admitted, discharged in (
            Stay.objects.filter(citizen_id__in=by_stay_alone, stay_type=StayType.STAY)
            .filter(admitted__lt=end)
            .values_list("citizen_id", "admitted", "discharged")
        ):
            # A same-day stay holds its date: [admitted, admitted + 1 day).
            last = None if discharged is None else max(discharged, admitted + timedelta(days=1))
            stays[citizen_id].append((admitted, last))
        incomes: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
        for citizen_id, amount, kind in (
            IncomeSource.objects.filter(citizen__in=citizens, valid_from__lt=end)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
            .values_list("citizen_id", "monthly_after_tax", "kind")
        ):
            incomes[citizen_id].append((amount, kind))
        courses: dict[int, set[str]] = defaultdict(set)
        for citizen_id, kind in (
            SupportCourse.objects.filter(citizen__in=citizens, start__lt=end)
            .filter(Q(end__isnull=True) | Q(end__gt=start))
            .exclude(end=F("start"))
            .values_list("citizen_id", "kind")
        ):
            courses[citizen_id].add(kind)
        # Action plans belong to followup, a floor above; read by label, as citizens.state reads
        # stays and contacts, rather than import upwards.
        plan_model = apps.get_model("followup", "ActionPlan")
        plans = set(
            plan_model.objects.filter(citizen__in=citizens, meeting_on__lt=end)
            .filter(Q(replaced_on__isnull=True) | Q(replaced_on__gt=start))
            .values_list("citizen_id", flat=True)
        )
        children = dict(
            Household.objects.filter(citizen__in=citizens).values_list("citizen_id", "children")
        )
        return cls(people, situations, stays, incomes, courses, plans, children)

    def counted(
        self,
        citizen_id: int,
        basis: str,
        situation: str | None,
        contact: bool,
        run: Period | None,
        week: Week,
    ) -> Counted:
        """Return the citizen's answers; ``run`` is their unbroken time in homelessness."""
        pseudonym, gender, born, erased = self.people[citizen_id]
        since = run[0] if run is not None else None
        until = week.end if run is None or run[1] is None else min(run[1], week.end)
        duration = (until - since).days if since is not None else None
        incomes = self.incomes.get(citizen_id, [])
        income = max(incomes, key=lambda i: (i[0], i[1]))[1] if incomes else None
        children = self.children.get(citizen_id)
        # A birth date after the week (a typing error) gives no age rather than a negative one.
        age = age_on(born, week.start) if born is not None and born <= week.start else None
        missing = tuple(
            key
            for key, lacking in (
                ("gender", gender == Gender.UNKNOWN),
                ("age", age is None),
                ("situation", situation is None),
                ("duration", duration is None),
                ("income", income is None),
                ("children", children is None),
            )
            if lacking and not erased  # an erased record has nothing left to complete
        )
        return Counted(
            citizen_id=citizen_id,
            pseudonym=pseudonym,
            basis=basis,
            situation=situation,
            contact=contact,
            gender=gender,
            age=age,
            duration_days=duration,
            duration_band=duration_band(since, until) if since is not None else vive.UNKNOWN,
            income=income,
            support=tuple(sorted(self.courses.get(citizen_id, set()))),
            action_plan=citizen_id in self.plans,
            children=None if children is None else children > 0,
            missing=missing,
        )


def spell(periods: Iterable[Period], anchor: date) -> Period:
    """Return the unbroken run of periods that holds the period beginning on ``anchor``.

    A period beginning on (or before) the day the run so far ends joins it: ``[a, b)`` then
    ``[b, c)`` is one run ``[a, c)``; a day between them breaks it. An open period makes the run
    open (end None).
    """
    runs: list[Period] = []
    for begun, ended in sorted(periods, key=lambda p: p[0]):
        if runs and (runs[-1][1] is None or begun <= runs[-1][1]):
            first, last = runs[-1]
            runs[-1] = (first, None if last is None or ended is None else max(last, ended))
        else:
            runs.append((begun, ended))
    return next(r for r in runs if r[0] <= anchor and (r[1] is None or anchor < r[1]))


@lru_cache(maxsize=8192)  # the same days recur among thousands of citizens
def duration_band(since: date, until: date) -> str:
    """Return the band of the time from ``since`` to ``until`` (closed-open) in whole months."""
    label = vive.DURATION_BANDS[0][1]
    for months, band in vive.DURATION_BANDS:
        if add_months_clamped(since, months) <= until:
            label = band
    return label
