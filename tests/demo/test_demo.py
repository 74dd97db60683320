"""``hjemvej demo``: Demo Kommune's shape, its logins, and that it is made once."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Max
from pytest_django.fixtures import Settings
from stdnum.dk import cpr as stdnum_cpr

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import (
    ActingMunicipalityPeriod,
    ByNameListEvent,
    Citizen,
    HomelessnessSituation,
    RiskKind,
    RiskOfHomelessness,
    RiskOutcome,
    Situation,
)
from hjemvej.citizens.selectors import only_at_risk
from hjemvej.demo import common
from hjemvej.demo.small import add_months
from hjemvej.economy.budgets.models import BudgetLine, Measure
from hjemvej.economy.budgets.selectors import budget_vs_actual
from hjemvej.economy.selectors import support_figures
from hjemvej.rules.support import methods
from hjemvej.rules.support.methods import REVIEWED_METHODS, cti_schedule
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.support.models import BotilbudStay, CourseKind, SupportCourse
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)
LOGINS = {"raadgiver", "bostoette", "boform", "leder", "oekonomi", "admin"}


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    """Hash the demo passwords quickly here; argon2 costs half a second a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def demo(*args: str) -> str:
    """Run ``hjemvej demo`` for the fixed day; return what it printed."""
    out = StringIO()
    call_command("demo", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def pretend(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make the demo believe it runs on the named database."""
    monkeypatch.setattr(common, "database_vendor", lambda: name)


def stays_of(citizens: object) -> Any:
    return Stay.objects.filter(citizen__in=citizens, discharged__isnull=False)


def nights(stay: Stay) -> int:
    return ((stay.discharged or TODAY) - stay.admitted).days


def assert_no_overlaps(stays: list[Stay]) -> None:
    """A stay occupies ``[admitted, discharged)``, a same-day stay one night, an open stay all."""
    by_citizen: dict[int, list[Stay]] = {}
    for stay in stays:
        by_citizen.setdefault(stay.citizen_id, []).append(stay)
    for own in by_citizen.values():
        own.sort(key=lambda s: s.admitted)
        for before, after in itertools.pairwise(own):
            assert before.discharged is not None, (before, after)
            end = max(before.discharged.toordinal(), before.admitted.toordinal() + 1)
            assert end <= after.admitted.toordinal(), (before, after)


def test_the_small_demo_is_a_municipality_to_work_in(monkeypatch: pytest.MonkeyPatch) -> None:
    pretend(monkeypatch, "sqlite")
    printed = demo()

    everyone = Citizen.objects.filter(acting_municipality__code="999")
    # Citizens at risk of homelessness come last, off the list: 10, one of whom became homeless.
    at_risk = everyone.filter(only_at_risk())
    assert at_risk.count() == 9
    risks = RiskOfHomelessness.objects.filter(citizen__in=everyone)
    assert set(risks.values_list("kind", flat=True)) == set(RiskKind.values)
    assert risks.filter(outcome=RiskOutcome.BECAME_HOMELESS).count() == 1
    assert risks.filter(outcome=RiskOutcome.AVERTED).exists()
    assert risks.filter(ended_on__isnull=True).exists()
    citizens = everyone.exclude(pk__in=risks.values("citizen_id"))
    assert citizens.count() == 150
    situations = HomelessnessSituation.objects.filter(citizen__in=citizens)
    assert set(situations.values_list("situation", flat=True)) == set(Situation.values)
    now = situations.filter(end__isnull=True).values_list("situation", flat=True)
    assert set(now) == set(Situation.values)  # the list can be filtered by every situation today

    # CPR numbers: about 85 % have one, every one valid; some citizens are known by an alias only.
    with_cpr = [c for c in citizens if c.cpr_token]
    assert 0.75 < len(with_cpr) / 150 < 0.95
    assert all(stdnum_cpr.is_valid(cpr_codec.decrypt(c.cpr_token)) for c in with_cpr)
    assert citizens.filter(first_name="", last_name="", cpr_token="").exclude(alias="").exists()

    stays = list(Stay.objects.filter(citizen__in=citizens).select_related("shelter__municipality"))
    lengths = [nights(s) for s in stays]
    assert 125 <= sum(lengths) / len(lengths) <= 165
    assert sum(n <= 5 for n in lengths) > len(stays) / 10  # many short stays
    assert any(n > 365 for n in lengths)  # and a long tail
    assert any(s.discharged is None for s in stays)
    assert len({s.citizen_id for s in stays}) < len(stays)  # readmissions
    assert_no_overlaps(stays)
    external = [s for s in stays if s.shelter.municipality.code != "999"]
    assert {s.shelter.municipality.code for s in external} >= {"751", "730", "851", "101"}
    assert Shelter.objects.filter(on_tilbudsportalen=False, stays__in=stays).exists()
    late = [s for s in stays if s.notified_on and (s.notified_on - s.admitted).days > 5]
    assert late

    courses = SupportCourse.objects.filter(citizen__in=citizens)
    assert set(courses.values_list("kind", flat=True)) == set(CourseKind.values)
    for cti in courses.filter(kind=CourseKind.CTI):
        # CTI runs nine months from phase 1; in the contact period it has no end yet.
        if cti.phase1_start is not None:
            planned = cti_schedule(start=cti.start, phase1_start=cti.phase1_start).end
            assert cti.end in (None, planned)
        elif cti.start >= date(2023, 10, 1):
            assert cti.end is None
        else:
            assert cti.end == add_months(cti.start, 9)
    assert courses.filter(kind=CourseKind.ICM, end__isnull=True).exists()
    assert courses.filter(worker__username="bostoette").count() >= 3
    last_contact = citizens.annotate(last=Max("contacts__date")).values_list("last", flat=True)
    ages = [(TODAY - day).days for day in last_contact if day is not None]
    assert min(ages) <= 30
    assert max(ages) > 90

    # § 107: a few temporary botilbud stays, each from a § 110 discharge, so the economy's
    # § 176 a figures have stk. 1, nr. 2, and stk. 2 cases (one decided after the discharge).
    botilbud = list(BotilbudStay.objects.filter(citizen__in=citizens))
    assert len(botilbud) == 3
    discharges = set(stays_of(citizens).values_list("citizen_id", "discharged"))
    assert all((b.citizen_id, b.start) in discharges for b in botilbud)
    assert any(b.end is None for b in botilbud)
    assert any(b.decided_on > b.start for b in botilbud)
    municipality_id = botilbud[0].citizen.acting_municipality_id
    lines = [
        line
        for year in sorted({b.start.year for b in botilbud})
        for line in support_figures(municipality_id, year=year, today=TODAY).lines
    ]
    assert any(line.method == "sel107" and line.reimbursement > 0 for line in lines)
    assert any(line.method == "sel107" and line.reimbursement == 0 for line in lines)
    icm_after = [x for x in lines if x.method == "icm" and "via § 107-ophold" in x.basis]
    assert icm_after
    assert icm_after[0].reimbursement > 0

    # The budget: this year at last year's level, for every area that had money last year.
    budget = {line.measure: line for line in BudgetLine.objects.filter(year=TODAY.year)}
    last_year = budget_vs_actual(municipality_id, TODAY.year - 1, TODAY, with_forecast=False)
    for measure in (Measure.NET_COST, Measure.SUPPORT_GROSS_COST, Measure.TOTAL_NET_COST):
        actual = Decimal(last_year.measure(measure).year.actual or 0) / 100
        assert budget[measure].month is None
        assert abs(budget[measure].amount - actual) <= 5_000
        assert budget[measure].updated_by.username == "oekonomi"
    assert budget[Measure.FULL_YEAR_PERSONS].amount % Decimal("0.5") == 0

    reasons = Counter(
        ByNameListEvent.objects.filter(citizen__in=citizens).values_list("reason", flat=True)
    )
    assert reasons["housed"]
    assert reasons["returned_from_housing"]
    assert AuditEntry.objects.filter(username="demo", citizen__in=citizens).exists()

    users = {u.username: u for u in User.objects.filter(username__in=LOGINS)}
    assert set(users) == LOGINS
    for user in users.values():
        assert user.check_password("demo"), user.username
        assert user.municipality is not None
        assert user.municipality.code == "999"
    assert users["admin"].is_staff
    assert users["admin"].is_superuser
    assert users["boform"].role == Role.SHELTER_STAFF
    assert users["boform"].shelter is not None
    assert users["boform"].shelter.municipality.code == "999"
    assert not User.objects.get(username="demo").has_usable_password()
    assert "raadgiver" in printed

    with pytest.raises(CommandError, match="Demodata findes allerede"):
        demo()
    assert Citizen.objects.filter(acting_municipality__code="999").count() == 160


def test_no_logins_on_postgresql_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    pretend(monkeypatch, "postgresql")
    printed = demo("--citizens", "5")
    assert "Ingen brugere oprettet" in printed
    assert not User.objects.filter(username__in=LOGINS).exists()
    assert (
        not User.objects.filter(municipality__code="999").exclude(password__startswith="!").exists()
    )


def test_logins_on_postgresql_when_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    pretend(monkeypatch, "postgresql")
    demo("--citizens", "3", "--allow-demo-users")
    assert (
        set(User.objects.filter(username__in=LOGINS).values_list("username", flat=True)) == LOGINS
    )


def test_the_vendor_check_reads_the_connection() -> None:
    assert common.database_vendor() == connection.vendor


def test_reset_deletes_only_demo_data() -> None:
    case_worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    real = factories.citizen(case_worker)
    demo("--citizens", "6", "--allow-demo-users")
    if connection.vendor == "postgresql":  # the audit log is append-only in the database
        with pytest.raises(CommandError, match="adgangsloggen"):
            demo("--reset", "--citizens", "8")
        return
    demo("--reset", "--citizens", "8", "--seed", "2")
    assert Citizen.objects.filter(acting_municipality__code="999").count() == 8
    assert Citizen.objects.filter(pk=real.pk).exists()
    assert User.objects.filter(pk=case_worker.pk).exists()
    assert Shelter.objects.filter(municipality__code="999").count() == 4


def test_if_empty_leaves_a_database_with_data_alone() -> None:
    case_worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    factories.citizen(case_worker)
    assert "har allerede borgere" in demo("--if-empty")
    assert not Citizen.objects.filter(acting_municipality__code="999").exists()


def test_if_empty_makes_the_demo_once() -> None:
    demo("--if-empty", "--citizens", "4")
    assert demo("--if-empty") == ""
    assert Citizen.objects.filter(acting_municipality__code="999").count() == 4


def test_the_national_scale_keeps_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    pretend(monkeypatch, "sqlite")
    demo("--scale", "national", "--citizens", "300")
    citizens = Citizen.objects.filter(acting_municipality__code="999")
    assert citizens.count() == 300
    stays = list(Stay.objects.filter(citizen__in=citizens))
    assert 3 * 300 < len(stays) < 6 * 300
    assert_no_overlaps(stays)
    # The bulk writer keeps the history of acting municipalities true: one open period each,
    # from the first situation, as ``citizen_create`` writes it.
    periods = ActingMunicipalityPeriod.objects.filter(citizen__in=citizens)
    assert periods.count() == 300
    assert not periods.filter(valid_to__isnull=False).exists()
    firsts = {
        c.pk: min(s.start for s in c.situations.all())
        for c in citizens.prefetch_related("situations")
    }
    assert all(p.valid_from == min(firsts[p.citizen_id], TODAY) for p in periods)
    assert all(date(2019, 1, 1) <= s.admitted <= TODAY for s in stays)
    assert all(s.discharged is None or s.discharged <= TODAY for s in stays)
    assert len({s.shelter_id for s in stays}) > 20
    # A reviewed course has its next review, as ``course_create`` gives it (an export of the
    # demo imported into an empty database gives the same workbook again).
    reviewed = SupportCourse.objects.filter(citizen__in=citizens, kind__in=REVIEWED_METHODS)
    assert reviewed.exists()
    assert all(c.next_review == methods.next_review(last=c.start, given=None).due for c in reviewed)
    with_cpr = citizens.exclude(cpr_token="")
    assert all(stdnum_cpr.is_valid(cpr_codec.decrypt(c.cpr_token)) for c in with_cpr)
    assert all(
        c.cpr_hash == cpr_codec.lookup_hash(cpr_codec.decrypt(c.cpr_token)) for c in with_cpr
    )
    # Situations follow one another without overlap; at most one is open, and only on the list.
    for citizen in citizens.prefetch_related("situations", "list_events"):
        own = sorted(citizen.situations.all(), key=lambda s: s.start)
        assert sum(s.end is None for s in own) <= 1
        for before, after in itertools.pairwise(own):
            assert before.end is not None
            assert before.end <= after.start
        events = sorted(citizen.list_events.all(), key=lambda e: (e.date, e.id))
        assert [e.kind for e in events[:1]] == ["entered"]
        assert all(a.kind != b.kind for a, b in itertools.pairwise(events))
        if own and own[-1].end is None:
            assert events[-1].kind == "entered"
    assert User.objects.filter(username__in=LOGINS).count() == 6
    # Every citizen has a responsible case worker, as the services ensure, but for a few newly
    # identified; the case worker login has a caseload like the others (300 / 60 = 5 workers).
    assert citizens.filter(case_worker__isnull=True).count() < 0.1 * 300
    loads = Counter(
        citizens.filter(case_worker__isnull=False).values_list("case_worker__username", flat=True)
    )
    assert len(loads) == 5
    assert 40 <= loads["raadgiver"] <= 80
