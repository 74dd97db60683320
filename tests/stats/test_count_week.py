"""VIVE's count week from the by-name list: who is counted, in which situation, what is missing.

The count week in these tests is week 6 of 2026: Monday 2 February to Sunday 8 February, the
week ``[2026-02-02, 2026-02-09)``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen, Gender, ListEventReason, Situation
from hjemvej.citizens.services import citizen_create, situation_add, situation_end
from hjemvej.citizens.state import citizen_state_refresh
from hjemvej.followup import services as followup
from hjemvej.housing.models import IncomeKind
from hjemvej.housing.services.money import IncomeData, household_set, income_add
from hjemvej.privacy.retention_services import citizen_erase
from hjemvej.shelters.services import stay_admit
from hjemvej.stats.count_week import (
    BY_CONTACT,
    BY_SITUATION,
    BY_STAY,
    Counted,
    CountWeek,
    count_week,
    default_week,
    duration_band,
    spell,
    week_of,
)
from hjemvej.support.services import contact_add, course_create
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY
WEEK = week_of(2026, 6)
MONDAY, SUNDAY, NEXT_MONDAY = date(2026, 2, 2), date(2026, 2, 8), date(2026, 2, 9)


@pytest.fixture
def worker() -> User:
    return factories.user("rita", Role.CASE_WORKER)


def person(worker: User, name: str, start: date, situation: str = Situation.STREET) -> Citizen:
    return citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=situation,
        situation_start=start,
        today=TODAY,
        first_name=name,
        last_name="Test",
    )


def counted(worker: User) -> dict[int, Counted]:
    assert worker.municipality is not None
    result = count_week(worker.municipality.pk, WEEK, today=TODAY)
    return {c.citizen_id: c for c in result.counted}


def test_the_week_is_monday_to_the_next_monday() -> None:
    assert (WEEK.start, WEEK.end) == (MONDAY, NEXT_MONDAY)
    assert WEEK.label == "uge 6, 2026"
    assert WEEK.period == "02.02.–08.02.2026"
    with pytest.raises(ValueError, match="Invalid week: 53"):
        week_of(2027, 53)
    assert week_of(2026, 53).start == date(2026, 12, 28)


def test_the_default_week_is_week_6_of_the_latest_count_year() -> None:
    assert default_week(date(2025, 6, 1)) == week_of(2024, 6)  # 2025: no count
    assert default_week(date(2026, 1, 10)) == week_of(2026, 6)  # the count ahead this year
    assert default_week(date(2023, 3, 1)) == week_of(2022, 6)  # 2021 was put off to 2022
    assert default_week(date(2020, 3, 1)) == week_of(2019, 6)


def test_a_situation_ending_on_the_monday_is_over_and_one_starting_on_the_sunday_counts(
    worker: User,
) -> None:
    ended_monday = person(worker, "Mandag", date(2026, 1, 5))
    situation_end(
        actor=worker,
        citizen=ended_monday,
        end=MONDAY,
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    ended_tuesday = person(worker, "Tirsdag", date(2026, 1, 5))
    situation_end(
        actor=worker,
        citizen=ended_tuesday,
        end=date(2026, 2, 3),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    sunday = person(worker, "Søndag", SUNDAY, Situation.SOFA)
    next_week = person(worker, "Næste", NEXT_MONDAY)
    found = counted(worker)
    assert ended_monday.pk not in found
    assert next_week.pk not in found
    assert found[ended_tuesday.pk].situation == Situation.STREET
    assert found[ended_tuesday.pk].basis == BY_SITUATION
    assert found[sunday.pk].situation == Situation.SOFA
    assert found[sunday.pk].duration_days == 1  # the Sunday only


def test_a_contact_in_the_week_counts_only_a_citizen_on_the_list(worker: User) -> None:
    housed = person(worker, "Bolig", date(2025, 6, 1))
    situation_end(
        actor=worker,
        citizen=housed,
        end=date(2026, 1, 15),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    contact_add(actor=worker, citizen=housed, on=date(2026, 2, 4), kind="visit", today=TODAY)
    # On the list, but no situation recorded: the contact makes them known in the week.
    unknown = person(worker, "Ukendt", date(2025, 6, 1))
    unknown.situations.all().delete()
    citizen_state_refresh(unknown)
    contact_add(actor=worker, citizen=unknown, on=SUNDAY, kind="outreach", today=TODAY)
    # A contact the Monday after the week is not in it.
    late = person(worker, "Sen", date(2025, 6, 1))
    late.situations.all().delete()
    contact_add(actor=worker, citizen=late, on=NEXT_MONDAY, kind="phone", today=TODAY)
    found = counted(worker)
    assert housed.pk not in found
    assert late.pk not in found
    assert found[unknown.pk].basis == BY_CONTACT
    assert found[unknown.pk].situation is None
    assert found[unknown.pk].contact is True
    assert {"situation", "duration"} <= set(found[unknown.pk].missing)


def test_a_stay_in_the_week_counts_as_a_shelter_even_without_its_situation(worker: User) -> None:
    shelter = factories.shelter()
    resident = person(worker, "Beboer", date(2025, 12, 1))
    stay_admit(actor=worker, citizen=resident, shelter=shelter, admitted=MONDAY, today=TODAY)
    resident.situations.all().delete()
    found = counted(worker)
    assert found[resident.pk].basis == BY_STAY
    assert found[resident.pk].situation == Situation.SHELTER
    assert found[resident.pk].duration_days == 7  # admitted on the Monday, to the week's end


def test_the_situation_counted_is_the_one_begun_last_and_time_runs_from_the_unbroken_run(
    worker: User,
) -> None:
    moved = person(worker, "Flyttet", date(2025, 11, 1))  # street from 1 November
    situation_add(
        actor=worker,
        citizen=moved,
        situation=Situation.NIGHT_SHELTER,
        start=date(2026, 2, 4),
        today=TODAY,
    )
    found = counted(worker)[moved.pk]
    assert found.situation == Situation.NIGHT_SHELTER
    assert found.duration_days == (NEXT_MONDAY - date(2025, 11, 1)).days
    assert found.duration_band == "3 måneder til under 1 år"


def test_a_run_of_situations_is_broken_by_a_day_between_them() -> None:
    first = (date(2024, 1, 1), date(2024, 6, 1))
    touching = (date(2024, 6, 1), date(2025, 1, 1))
    after_a_gap = (date(2025, 1, 2), None)
    assert spell([first, touching, after_a_gap], date(2024, 6, 1)) == (
        date(2024, 1, 1),
        date(2025, 1, 1),
    )
    assert spell([first, touching, after_a_gap], date(2025, 1, 2)) == (date(2025, 1, 2), None)
    assert duration_band(date(2024, 2, 9), NEXT_MONDAY) == "2 år og derover"
    assert duration_band(date(2024, 2, 10), NEXT_MONDAY) == "1 år til under 2 år"
    assert duration_band(date(2025, 11, 9), NEXT_MONDAY) == "3 måneder til under 1 år"
    assert duration_band(date(2025, 11, 10), NEXT_MONDAY) == "Under 3 måneder"


def test_the_forms_answers_come_from_the_list_and_the_missing_ones_are_named(
    worker: User,
) -> None:
    full = citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.SOFA,
        situation_start=date(2025, 1, 1),
        today=TODAY,
        first_name="Fuld",
        birth_date=date(1990, 2, 3),  # 35 on the Monday, 36 on the Tuesday
        gender=Gender.FEMALE,
    )
    income_add(
        actor=worker,
        citizen=full,
        data=IncomeData(IncomeKind.CASH_BENEFIT, Decimal("9000"), date(2025, 1, 1)),
    )
    income_add(
        actor=worker,
        citizen=full,
        data=IncomeData(IncomeKind.WAGES, Decimal("2000"), date(2025, 1, 1)),
    )
    household_set(actor=worker, citizen=full, adults=1, children=2)
    course_create(
        actor=worker,
        citizen=full,
        kind="icm",
        decided_on=date(2026, 1, 1),
        start=date(2026, 1, 1),
    )
    followup.action_plan_create(
        actor=worker,
        citizen=full,
        meeting_on=date(2026, 2, 5),
        goals="Egen bolig",
        review_by=date(2026, 8, 1),
        participants=[followup.ParticipantInput("Kim", "ven")],
        today=TODAY,
    )
    bare = person(worker, "Bar", date(2025, 1, 1))
    found = counted(worker)
    assert found[full.pk].missing == ()
    assert (found[full.pk].age, found[full.pk].age_band) == (35, "30–39 år")
    assert found[full.pk].income == IncomeKind.CASH_BENEFIT  # the largest income
    assert found[full.pk].support == ("icm",)
    assert found[full.pk].action_plan is True  # held in the week
    assert found[full.pk].children is True
    assert found[bare.pk].missing == ("gender", "age", "income", "children")
    assert found[bare.pk].missing_text == (
        "Køn, Fødselsdato (alder), Forsørgelsesgrundlag, Børn (husstand)"
    )
    assert found[bare.pk].action_plan is False


def test_only_the_municipalitys_own_citizens_count(worker: User) -> None:
    mine = person(worker, "Min", date(2026, 1, 1))
    elsewhere = factories.user("ole", Role.CASE_WORKER, code="101")
    theirs = citizen_create(
        actor=elsewhere,
        acting_municipality=factories.municipality("101"),
        situation=Situation.STREET,
        situation_start=date(2026, 1, 1),
        today=TODAY,
        first_name="Deres",
    )
    found = counted(worker)
    assert mine.pk in found
    assert theirs.pk not in found


def test_the_tables_count_persons_per_answer(worker: User) -> None:
    person(worker, "A", date(2026, 1, 1))
    person(worker, "B", date(2026, 1, 1), Situation.SOFA)
    contacted = person(worker, "C", date(2026, 1, 1), Situation.SOFA)
    contact_add(actor=worker, citizen=contacted, on=MONDAY, kind="visit", today=TODAY)
    assert worker.municipality is not None
    result: CountWeek = count_week(worker.municipality.pk, WEEK, today=TODAY)
    rows = {row.label[:10]: (row.persons, row.with_contact) for row in result.situations}
    assert rows["Mangler ta"] == (1, 0)  # street
    assert rows["Bor midler"] == (2, 1)  # sofa
    assert (result.total, result.with_contact) == (3, 1)
    genders = next(t for t in result.tables if t.key == "gender")
    assert [(r.label, r.persons) for r in genders.rows][-1] == ("Uoplyst", 3)
    assert result.complete is True
    assert result.is_count_week
    assert result.assumed_count  # 2026: by the assumed rhythm
    assert result.national is None
    assert count_week(worker.municipality.pk, week_of(2024, 6), today=TODAY).national is not None


def test_a_birth_date_after_the_week_gives_no_age(worker: User) -> None:
    young = citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.STREET,
        situation_start=date(2026, 1, 1),
        today=TODAY,
        first_name="Ung",
        birth_date=date(2026, 3, 1),  # written wrong: after the week
    )
    found = counted(worker)[young.pk]
    assert (found.age, found.age_band) == (None, "Uoplyst")
    assert "age" in found.missing


def test_an_erased_citizen_is_counted_but_has_no_answers_to_complete(worker: User) -> None:
    old = person(worker, "Gammel", date(2015, 1, 5))
    situation_end(
        actor=worker,
        citizen=old,
        end=date(2015, 3, 1),
        reason=ListEventReason.HOUSED,
        today=date(2015, 3, 1),
    )
    citizen_erase(actor=factories.user("admin", Role.ADMIN), citizen=old, today=TODAY)
    assert worker.municipality is not None
    result = count_week(worker.municipality.pk, week_of(2015, 6), today=TODAY)
    found = {c.citizen_id: c for c in result.counted}
    assert found[old.pk].situation == Situation.STREET
    assert found[old.pk].missing == ()


def test_a_citizen_handed_over_after_the_week_counts_where_they_belonged_in_it(
    worker: User,
) -> None:
    """Aarhus (751) acted in week 6 of 2026; Randers (730) from 1 June: Aarhus counts them."""
    from hjemvej.citizens.borders import citizen_acting_municipality_change
    from hjemvej.citizens.models import ActingBasis

    anna = person(worker, "Anna", date(2026, 1, 5))
    later = person(worker, "Bo", date(2026, 1, 5))
    for citizen, day in ((anna, date(2026, 6, 1)), (later, date(2026, 2, 2))):
        citizen_acting_municipality_change(
            actor=worker,
            citizen=citizen,
            municipality=factories.municipality("730"),
            valid_from=day,
            basis=ActingBasis.RESIDENCE,
            today=TODAY,
        )
    assert set(counted(worker)) == {anna.pk}
    randers = factories.user("randers", Role.CASE_WORKER, code="730")
    assert set(counted(randers)) == {later.pk}
