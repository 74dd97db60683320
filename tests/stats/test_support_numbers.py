"""Support in numbers: courses and persons per method and year, caseloads against the limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.borders import citizen_acting_municipality_change
from hjemvej.citizens.models import ActingBasis, Citizen
from hjemvej.core import dates
from hjemvej.stats.support_numbers import (
    ALL_HOUSING_FIRST,
    NATIONAL,
    beside_national,
    botilbud_per_year,
    caseload_by_month,
    per_year,
)
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import CourseKind
from hjemvej.support.selectors.caseload import caseload
from hjemvej.support.services import caseload_limit_set, course_create
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


@pytest.fixture
def worker() -> User:
    return factories.user("rita", Role.CASE_WORKER)


def citizen(worker: User, name: str) -> Citizen:
    return factories.citizen(worker, first_name=name, start=date(2024, 1, 1))


def course(
    worker: User,
    who: Citizen,
    kind: str,
    start: date,
    end: date | None = None,
    support_worker: User | None = None,
) -> None:
    course_create(
        actor=worker,
        citizen=who,
        kind=kind,
        decided_on=start,
        start=start,
        end=end,
        worker=support_worker,
    )


def years(worker: User) -> dict[int, tuple[dict[str, int], dict[str, int]]]:
    assert worker.municipality is not None
    return {y.year: (y.persons, y.courses) for y in per_year(worker.municipality.pk, today=TODAY)}


def test_a_course_across_new_year_counts_in_both_years(worker: User) -> None:
    across = citizen(worker, "Nytår")
    course(worker, across, CourseKind.ICM, date(2024, 12, 1), date(2025, 2, 1))
    found = years(worker)
    assert found[2024][0][CourseKind.ICM] == 1
    assert found[2025][0][CourseKind.ICM] == 1
    assert found[2026][0][CourseKind.ICM] == 0
    assert found[2024][1][CourseKind.ICM] == found[2025][1][CourseKind.ICM] == 1


def test_a_course_ending_on_new_years_day_is_not_in_the_new_year(worker: User) -> None:
    ended = citizen(worker, "Ende")
    course(worker, ended, CourseKind.ACT, date(2025, 3, 1), date(2026, 1, 1))
    found = years(worker)
    assert found[2025][0][CourseKind.ACT] == 1
    assert found[2026][0][CourseKind.ACT] == 0


def test_a_person_with_two_cti_courses_in_a_year_counts_once(worker: User) -> None:
    twice = citizen(worker, "To")
    course(worker, twice, CourseKind.CTI, date(2025, 1, 10), date(2025, 4, 1))
    course(worker, twice, CourseKind.CTI, date(2025, 8, 1), date(2025, 11, 1))
    course(worker, twice, CourseKind.ICM, date(2025, 11, 1))
    persons, courses = years(worker)[2025]
    assert (persons[CourseKind.CTI], courses[CourseKind.CTI]) == (1, 2)
    assert persons[CourseKind.ICM] == 1
    assert persons[ALL_HOUSING_FIRST] == 1  # each person once across the methods


def test_section_85_is_counted_and_section_99_and_future_courses_are_not(worker: User) -> None:
    someone = citizen(worker, "Bo")
    course(worker, someone, CourseKind.SEL85, date(2026, 1, 1))
    course(worker, someone, CourseKind.SEL99, date(2026, 1, 1))
    course(worker, citizen(worker, "Senere"), CourseKind.CTI, date(2026, 6, 1))
    found = years(worker)
    assert found[2026][0][CourseKind.SEL85] == 1
    assert found[2026][0][ALL_HOUSING_FIRST] == 0
    assert CourseKind.SEL99 not in found[2026][0]
    assert sorted(found) == [2026]


def test_the_municipality_beside_the_nations_persons(worker: User) -> None:
    for n in range(3):
        course(worker, citizen(worker, f"C{n}"), CourseKind.CTI, date(2024, 3, 1), date(2024, 9, 1))
    assert worker.municipality is not None
    rows = {
        r.method: r for r in beside_national(per_year(worker.municipality.pk, today=TODAY), 2024)
    }
    assert NATIONAL[2024][CourseKind.CTI] == 844
    assert (rows[CourseKind.CTI].national, rows[CourseKind.CTI].municipal) == (844, 3)
    assert rows[CourseKind.CTI].share == Decimal("0.4")
    assert rows[CourseKind.M_ACT].national_text == "ikke opgjort"
    assert rows[ALL_HOUSING_FIRST].national_text == "godt 1.800"


def test_caseload_per_month_against_the_limit(worker: User) -> None:
    first = factories.user("bo", Role.SUPPORT_WORKER)
    second = factories.user("kaj", Role.SUPPORT_WORKER)
    for n in range(4):
        course(worker, citizen(worker, f"F{n}"), CourseKind.CTI, date(2026, 2, 15), None, first)
    course(worker, citizen(worker, "S"), CourseKind.CTI, date(2026, 3, 31), None, second)
    course(worker, citizen(worker, "U"), CourseKind.CTI, date(2026, 1, 1), date(2026, 3, 1))
    assert worker.municipality is not None
    manager = factories.user("mona", Role.MANAGER)
    caseload_limit_set(
        actor=manager, municipality=worker.municipality, kind=CourseKind.CTI, max_citizens=3
    )
    months = caseload_by_month(worker.municipality.pk, 2026, today=TODAY)
    assert [m.month.month for m in months] == [1, 2, 3, 4, 5]
    assert months[-1].partial
    assert months[-1].day == TODAY
    cti = {m.month.month: next(x for x in m.methods if x.method == CourseKind.CTI) for m in months}
    assert (cti[1].workers, cti[1].unassigned) == (0, 1)
    assert (cti[2].workers, cti[2].largest, cti[2].mean, cti[2].unassigned) == (
        1,
        4,
        Decimal("4.0"),
        1,
    )
    assert cti[3].unassigned == 0  # the course ended on 1 March
    assert (cti[3].workers, cti[3].citizens, cti[3].mean) == (2, 5, Decimal("2.5"))
    assert cti[3].over
    assert cti[3].percent_of_limit == Decimal(133)
    # This month's figure is the caseload page's today.
    today_page = caseload(worker.municipality.pk, TODAY)
    by_worker = {
        row.worker: next(c.count for c in row.cells if c.kind == CourseKind.CTI)
        for row in today_page.rows
    }
    assert (by_worker[first], by_worker[second]) == (4, 1)
    assert cti[5].largest == max(by_worker.values())


def test_the_page_shows_counts_the_nations_figures_and_no_names(
    client: Client, worker: User
) -> None:
    support_worker = factories.user("bo", Role.SUPPORT_WORKER)
    someone = citizen(worker, "Navnesen")
    course(worker, someone, CourseKind.CTI, date(2024, 3, 1), None, support_worker)
    before = AuditEntry.objects.count()
    client.force_login(factories.user("erik", Role.ECONOMIST))
    response = client.get("/statistik/stoette/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Navnesen" not in html
    assert someone.pseudonym not in html
    assert "844" in html
    assert "godt 1.800" in html
    assert "Det Nationale Partnerskab mod Hjemløshed" in html
    assert 'alt="Linjediagram over' in html
    assert "(til i dag)" in html
    assert AuditEntry.objects.count() == before


def test_a_wrong_year_is_named_and_this_year_shown(client: Client, worker: User) -> None:
    client.force_login(worker)
    html = client.get("/statistik/stoette/", {"aar": "abc"}).content.decode()
    assert "Vælg et af årene" in html
    assert f"sagsstamme pr. måned i {dates.today().year}" in html


# --- Temporary § 107 botilbud stays ------------------------------------------------------------


def botilbud(worker: User, who: Citizen, start: date, end: date | None = None) -> None:
    botilbud_stay_add(
        actor=worker,
        citizen=who,
        provider="Botilbuddet",
        decided_on=min(start, TODAY),
        start=start,
        end=end,
        monthly_cost=Decimal("30000.00"),
        today=TODAY,
    )


def test_botilbud_stays_per_year_started_ended_and_running_at_year_end(worker: User) -> None:
    first, second = citizen(worker, "Anne"), citizen(worker, "Bent")
    botilbud(worker, first, date(2025, 3, 1), date(2025, 7, 1))
    botilbud(worker, first, date(2025, 9, 1), date(2026, 2, 1))  # across New Year
    botilbud(worker, second, date(2025, 11, 1))  # still there
    botilbud(worker, citizen(worker, "Senere"), date(2026, 6, 1))  # not begun
    botilbud(worker, citizen(worker, "Nytår"), date(2024, 12, 1), date(2025, 1, 1))
    assert worker.municipality is not None
    found = {y.year: y for y in botilbud_per_year(worker.municipality.pk, today=TODAY)}
    assert sorted(found) == [2024, 2025, 2026]
    year = found[2025]  # the stay ending on New Year's Day has no day in 2025
    assert (year.persons, year.stays, year.started, year.ended, year.running) == (2, 3, 3, 1, 2)
    assert not year.partial
    now = found[2026]
    assert now.partial  # counted to today: running today
    assert (now.persons, now.stays, now.started, now.ended, now.running) == (2, 2, 0, 1, 1)
    assert (found[2024].started, found[2024].ended, found[2024].running) == (1, 1, 0)


def test_a_planned_end_after_today_is_not_yet_an_end(worker: User) -> None:
    botilbud(worker, citizen(worker, "Plan"), date(2026, 1, 1), date(2026, 9, 1))
    assert worker.municipality is not None
    [year] = botilbud_per_year(worker.municipality.pk, today=TODAY)
    assert (year.ended, year.running) == (0, 1)


def test_each_month_counts_the_citizens_in_a_botilbud_stay_without_a_limit(worker: User) -> None:
    botilbud(worker, citizen(worker, "Anne"), date(2026, 2, 10), date(2026, 4, 1))
    botilbud(worker, citizen(worker, "Bent"), date(2026, 3, 5))
    assert worker.municipality is not None
    months = caseload_by_month(worker.municipality.pk, 2026, today=TODAY)
    assert [m.botilbud for m in months] == [0, 1, 2, 1, 1]


def test_a_citizen_handed_over_mid_year_counts_where_the_course_began(worker: User) -> None:
    """Aarhus (751) acted until 1 July 2025, Randers (730) from then: each counts its own."""
    moved = citizen(worker, "Flyttet")
    course(worker, moved, CourseKind.CTI, date(2025, 2, 1), date(2025, 6, 1))
    botilbud(worker, moved, date(2025, 3, 1), date(2025, 5, 1))
    citizen_acting_municipality_change(
        actor=worker,
        citizen=moved,
        municipality=factories.municipality("730"),
        valid_from=date(2025, 7, 1),
        basis=ActingBasis.RESIDENCE,
        today=TODAY,
    )
    randers = factories.user("randers", Role.CASE_WORKER, code="730")
    course(randers, moved, CourseKind.ICM, date(2025, 8, 1))
    assert worker.municipality is not None
    assert randers.municipality is not None
    aarhus_id, randers_id = worker.municipality.pk, randers.municipality.pk
    aarhus = {y.year: y for y in per_year(aarhus_id, today=TODAY)}
    there = {y.year: y for y in per_year(randers_id, today=TODAY)}
    assert (aarhus[2025].persons[CourseKind.CTI], aarhus[2025].persons[CourseKind.ICM]) == (1, 0)
    assert (there[2025].persons[CourseKind.CTI], there[2025].persons[CourseKind.ICM]) == (0, 1)
    assert [y.stays for y in botilbud_per_year(aarhus_id, today=TODAY)] == [1, 0]  # to today
    assert botilbud_per_year(randers_id, today=TODAY) == []
    march = caseload_by_month(aarhus_id, 2025, today=TODAY)[2]
    cti = next(m for m in march.methods if m.method == CourseKind.CTI)
    assert (cti.unassigned, march.botilbud) == (1, 1)
    march_there = caseload_by_month(randers_id, 2025, today=TODAY)[2]
    assert march_there.botilbud == 0
    assert next(m for m in march_there.methods if m.method == CourseKind.CTI).unassigned == 0


def test_the_page_counts_botilbud_stays_and_says_they_have_no_caseload_limit(
    client: Client, worker: User
) -> None:
    botilbud(worker, citizen(worker, "Navnesen"), date(2025, 3, 1), date(2025, 7, 1))
    client.force_login(factories.user("erik", Role.ECONOMIST))
    html = client.get("/statistik/stoette/", {"aar": "2025"}).content.decode()
    assert "Navnesen" not in html
    section = html[html.index('id="botilbud"') :]
    assert "Midlertidigt botilbud (§ 107)" in section
    assert "ingen grænse for sagsstamme" in section
    assert "I botilbud på månedens dag" in section
