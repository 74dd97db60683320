"""The by-name list's query: derived facts per citizen, filters, sort, name search and scope."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.casefile import selectors
from hjemvej.casefile.selectors import EXTERNAL, NONE, CitizenRow, ListFilters
from hjemvej.citizens.models import Citizen, ListEventReason, Situation
from hjemvej.citizens.services import citizen_create, situation_add, situation_end
from hjemvej.shelters.models import Shelter
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import CourseKind
from hjemvej.support.services import contact_add, course_create
from tests import factories

TODAY = factories.TODAY  # 21 November 2026
LONG_TERM = 183
ALL = ListFilters(on_list=None)

pytestmark = pytest.mark.django_db


def rows(user: User, filters: ListFilters = ALL, *, with_cpr: bool = False) -> list[CitizenRow]:
    citizens = selectors.by_name_list(user, today=TODAY, filters=filters, long_term_days=LONG_TERM)
    return selectors.list_rows(citizens, today=TODAY, long_term_days=LONG_TERM, with_cpr=with_cpr)


def names(user: User, filters: ListFilters = ALL) -> list[str]:
    return [row.name for row in rows(user, filters)]


def row_of(user: User, citizen: Citizen) -> CitizenRow:
    (found,) = [row for row in rows(user) if row.citizen.pk == citizen.pk]
    return found


# --- derived facts -----------------------------------------------------------------------------


def test_time_in_homelessness_sums_every_situation_up_to_today(worker: User) -> None:
    citizen = factories.citizen(worker, start=date(2026, 1, 1))  # street
    situation_add(
        actor=worker, citizen=citizen, situation=Situation.SOFA, start=date(2026, 3, 1), today=TODAY
    )
    situation_end(
        actor=worker,
        citizen=citizen,
        end=date(2026, 5, 1),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    situation_add(
        actor=worker,
        citizen=citizen,
        situation=Situation.HOTEL,
        start=date(2026, 9, 1),
        today=TODAY,
    )
    row = row_of(worker, citizen)
    # street 1 Jan–1 Mar (59 days) + sofa 1 Mar–1 May (61) + hotel 1 Sep–today (81).
    assert row.days_homeless == 59 + 61 + 81
    assert row.long_term is True
    assert row.situation == Situation.HOTEL
    assert row.situation_label == "Hotel, vandrehjem o.l."
    assert row.on_list is True


def test_long_term_is_over_the_threshold_not_at_it(worker: User) -> None:
    at = factories.citizen(worker, first_name="Lige", start=TODAY - timedelta(days=LONG_TERM))
    over = factories.citizen(worker, first_name="Over", start=TODAY - timedelta(days=LONG_TERM + 1))
    new = factories.citizen(worker, first_name="Ny", start=TODAY)
    assert (row_of(worker, at).days_homeless, row_of(worker, at).long_term) == (LONG_TERM, False)
    assert (row_of(worker, over).days_homeless, row_of(worker, over).long_term) == (184, True)
    assert row_of(worker, new).days_homeless == 0


def test_a_housed_citizen_is_off_the_list_and_not_homeless(worker: User) -> None:
    citizen = factories.citizen(worker, start=date(2026, 1, 1))
    situation_end(
        actor=worker,
        citizen=citizen,
        end=date(2026, 2, 1),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    row = row_of(worker, citizen)
    assert row.on_list is False
    assert row.situation is None
    assert row.situation_label == "ikke i hjemløshed"
    assert row.days_homeless == 31  # the past still counts


def test_current_shelter_is_external_when_outside_the_acting_municipality(
    worker: User, home_shelter: Shelter, away_shelter: Shelter
) -> None:
    home = factories.citizen(worker, first_name="Hjemme")
    away = factories.citizen(worker, first_name="Ude")
    gone = factories.citizen(worker, first_name="Udskrevet")
    stay_admit(
        actor=worker, citizen=home, shelter=home_shelter, admitted=date(2026, 10, 1), today=TODAY
    )
    stay_admit(
        actor=worker, citizen=away, shelter=away_shelter, admitted=date(2026, 9, 15), today=TODAY
    )
    old = stay_admit(
        actor=worker, citizen=gone, shelter=away_shelter, admitted=date(2026, 6, 1), today=TODAY
    )
    stay_discharge(actor=worker, stay=old, discharged=date(2026, 7, 1), today=TODAY)

    home_row, away_row, gone_row = (row_of(worker, c) for c in (home, away, gone))
    assert (home_row.shelter_name, home_row.shelter_external) == ("Herberget i Aarhus", False)
    assert home_row.admitted == date(2026, 10, 1)
    assert (away_row.shelter_name, away_row.shelter_external) == (
        "Forsorgshjemmet i København",
        True,
    )
    assert (gone_row.shelter_name, gone_row.shelter_external, gone_row.admitted) == (
        "",
        False,
        None,
    )


def test_last_contact_and_days_since(worker: User) -> None:
    seen = factories.citizen(worker, first_name="Set")
    unseen = factories.citizen(worker, first_name="Uset")
    for on in (date(2026, 10, 1), date(2026, 11, 1), date(2026, 9, 1)):
        contact_add(actor=worker, citizen=seen, on=on, kind="visit", today=TODAY)
    row = row_of(worker, seen)
    assert (row.last_contact, row.days_since_contact) == (date(2026, 11, 1), 20)
    assert (row_of(worker, unseen).last_contact, row_of(worker, unseen).days_since_contact) == (
        None,
        None,
    )


def test_open_courses_give_the_methods(worker: User) -> None:
    citizen = factories.citizen(worker)
    for kind, start, end in (
        (CourseKind.SEL85, date(2025, 1, 1), date(2026, 1, 1)),  # ended
        (CourseKind.CTI, date(2026, 6, 1), None),
        (CourseKind.SEL99, date(2026, 2, 1), date(2027, 1, 1)),  # ends later
    ):
        course_create(
            actor=worker,
            citizen=citizen,
            kind=kind,
            decided_on=start,
            start=start,
            end=end,
            monthly_cost=Decimal(1000),
        )
    assert row_of(worker, citizen).methods == ["§ 99", "CTI"]


def test_masked_cpr_age_and_alias(worker: User) -> None:
    with_cpr = factories.citizen(worker, cpr="010190-1234", first_name="Med")
    anonymous = citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.STREET,
        situation_start=date(2026, 1, 1),
        today=TODAY,
        alias="Skipper",
    )
    shown = {row.citizen.pk: row for row in rows(worker, with_cpr=True)}
    assert shown[with_cpr.pk].cpr_masked == "010190-****"
    assert shown[with_cpr.pk].age == 36
    assert (shown[anonymous.pk].cpr_masked, shown[anonymous.pk].name) == ("uden CPR", "Skipper")
    assert shown[anonymous.pk].age is None
    assert all(row.cpr_masked == "" for row in rows(worker, with_cpr=False))


# --- filters -----------------------------------------------------------------------------------


def first_names(user: User, filters: ListFilters) -> set[str]:
    return {row.citizen.first_name for row in rows(user, filters)}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ListFilters(), {"Anna", "Bo", "Carl", "Dina"}),  # default: on the list now
        (ListFilters(on_list=False), {"Eva"}),
        (ListFilters(on_list=None), {"Anna", "Bo", "Carl", "Dina", "Eva"}),
        (ListFilters(situations=frozenset({Situation.SOFA})), {"Bo"}),
        (
            ListFilters(situations=frozenset({Situation.SHELTER, Situation.SOFA})),
            {"Bo", "Carl", "Dina"},
        ),
        (ListFilters(on_list=None, situations=frozenset({NONE})), {"Eva"}),
        (ListFilters(shelter=EXTERNAL), {"Dina"}),
        (ListFilters(shelter=NONE), {"Anna", "Bo"}),
        (ListFilters(method=CourseKind.CTI), {"Bo"}),
        (ListFilters(method=NONE), {"Carl", "Dina"}),
        (ListFilters(min_days=300), {"Anna", "Dina"}),
        (ListFilters(long_term=True), {"Anna", "Dina"}),  # Dina: 324 days; Carl: 173 days
        (ListFilters(no_contact_days=30), {"Bo", "Carl", "Dina"}),  # never, or 112 days ago
        (ListFilters(no_contact_days=6), {"Anna", "Bo", "Carl", "Dina"}),  # Anna: 6 days ago
        (ListFilters(no_contact_days=7), {"Bo", "Carl", "Dina"}),
        (ListFilters(q="ørsted"), {"Anna"}),
        (ListFilters(q="ØRSTED"), {"Anna"}),
        (ListFilters(q="anna ørs"), {"Anna"}),
        (ListFilters(q="anna berg"), set()),
        (ListFilters(q="BO"), {"Bo"}),
    ],
)
def test_filters(
    worker: User, crowd: dict[str, Citizen], filters: ListFilters, expected: set[str]
) -> None:
    assert first_names(worker, filters) == expected


def test_shelter_filter_by_id(
    worker: User, crowd: dict[str, Citizen], home_shelter: Shelter
) -> None:
    assert first_names(worker, ListFilters(shelter=str(home_shelter.pk))) == {"Carl"}


def test_name_search_finds_the_alias(worker: User) -> None:
    citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.STREET,
        situation_start=date(2026, 1, 1),
        today=TODAY,
        alias="Kaptajn Åge",
    )
    factories.citizen(worker, first_name="Åse")
    assert names(worker, ListFilters(q="åge")) == ["Kaptajn Åge"]
    assert names(worker, ListFilters(q="kaptajn")) == ["Kaptajn Åge"]


def test_municipality_filter(worker: User) -> None:
    support = factories.user("bostoette", Role.SUPPORT_WORKER)
    here = factories.citizen(worker, first_name="Her")
    there = factories.citizen(
        factories.user("kbh", Role.CASE_WORKER, code="101"), first_name="Der", code="101"
    )
    for citizen in (here, there):
        course_create(
            actor=worker,
            citizen=citizen,
            kind=CourseKind.ICM,
            decided_on=date(2026, 1, 1),
            start=date(2026, 1, 1),
            worker=support,
        )
    copenhagen = factories.municipality("101")
    assert first_names(support, ALL) == {"Her", "Der"}
    assert first_names(support, replace(ALL, municipality_id=copenhagen.pk)) == {"Der"}
    assert {m.code for m in selectors.visible_municipalities(support)} == {"751", "101"}
    assert {m.code for m in selectors.visible_municipalities(worker)} == {"751"}


# --- sort --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Carl", "Bo", "Dina", "Eva", "Anna"]),  # Ask, Berg, Dahl, Ege, Ørsted
        ("-name", ["Anna", "Eva", "Dina", "Bo", "Carl"]),
        # Days: Anna 689, Dina 324, Carl 173, Eva 61 (ended), Bo 51.
        ("time", ["Bo", "Eva", "Carl", "Dina", "Anna"]),
        ("-time", ["Anna", "Dina", "Carl", "Eva", "Bo"]),
        # Never contacted first when the oldest contact comes first, last the other way round.
        ("contact", ["Bo", "Dina", "Eva", "Carl", "Anna"]),
        ("-contact", ["Anna", "Carl", "Bo", "Dina", "Eva"]),
        # Admitted: Dina 1 Mar, Carl 1 Jul; the rest are on no shelter and come last.
        ("admitted", ["Dina", "Carl", "Bo", "Eva", "Anna"]),
        ("-admitted", ["Carl", "Dina", "Bo", "Eva", "Anna"]),
        ("nonsense", ["Carl", "Bo", "Dina", "Eva", "Anna"]),
    ],
)
def test_sort(worker: User, crowd: dict[str, Citizen], sort: str, expected: list[str]) -> None:
    ordered = [row.citizen.first_name for row in rows(worker, ListFilters(on_list=None, sort=sort))]
    assert ordered == expected


def test_citizens_without_a_name_sort_by_alias(worker: User) -> None:
    factories.citizen(worker, first_name="Mads", last_name="Holm")
    citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.STREET,
        situation_start=date(2026, 1, 1),
        today=TODAY,
        alias="Albert",
    )
    assert names(worker) == ["Albert", "Mads Holm"]


# --- scope -------------------------------------------------------------------------------------


def test_each_role_sees_its_own_citizens_only(
    worker: User, home_shelter: Shelter, away_shelter: Shelter
) -> None:
    support = factories.user("bostoette", Role.SUPPORT_WORKER)
    staff = factories.user("boform", Role.SHELTER_STAFF, shelter=home_shelter)
    manager = factories.user("leder", Role.MANAGER)
    other_worker = factories.user("kbh", Role.CASE_WORKER, code="101")

    mine = factories.citizen(worker, first_name="Min")
    supported = factories.citizen(worker, first_name="Støttet")
    resident = factories.citizen(other_worker, first_name="Beboer", code="101")
    elsewhere = factories.citizen(other_worker, first_name="Andetsteds", code="101")
    course_create(
        actor=worker,
        citizen=supported,
        kind=CourseKind.CTI,
        decided_on=date(2026, 1, 1),
        start=date(2026, 1, 1),
        worker=support,
    )
    stay_admit(
        actor=worker, citizen=resident, shelter=home_shelter, admitted=date(2026, 5, 1), today=TODAY
    )
    stay_admit(
        actor=worker, citizen=mine, shelter=away_shelter, admitted=date(2026, 5, 1), today=TODAY
    )
    del elsewhere

    assert first_names(worker, ALL) == {"Min", "Støttet"}
    assert first_names(manager, ALL) == {"Min", "Støttet"}
    assert first_names(other_worker, ALL) == {"Beboer", "Andetsteds"}
    assert first_names(support, ALL) == {"Støttet"}
    assert first_names(staff, ALL) == {"Beboer"}
    # Shelter staff see their own shelter's stay, and nothing of a stay elsewhere.
    assert [r.shelter_name for r in rows(staff)] == ["Herberget i Aarhus"]
    for role in (Role.ECONOMIST, Role.ADMIN):
        assert names(factories.user(str(role), role)) == []


def test_merged_records_are_not_listed(worker: User) -> None:
    from hjemvej.casefile.services import citizen_merge

    kept = factories.citizen(worker, first_name="Beholdt")
    gone = factories.citizen(worker, first_name="Sammenlagt")
    citizen_merge(actor=worker, source=gone, target=kept)
    assert names(worker) == ["Beholdt Jensen"]


def test_cpr_lookup_is_scoped(worker: User) -> None:
    other = factories.user("kbh", Role.CASE_WORKER, code="101")
    citizen = factories.citizen(worker, cpr="0101901234")
    assert selectors.citizen_by_cpr_for(worker, "010190-1234") == citizen
    assert selectors.citizen_by_cpr_for(other, "0101901234") is None
    assert selectors.citizen_by_cpr_for(worker, "0202021234") is None
