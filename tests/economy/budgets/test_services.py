"""Setting budgets: months, a year total, removal, validation and who changed it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.core.errors import DomainError
from hjemvej.economy.budgets.models import BudgetLine, Measure
from hjemvej.economy.budgets.services import MeasureBudget, budget_set, budget_year_set
from tests import factories


@pytest.fixture
def economist(db: None) -> User:
    return factories.user("oekonom", Role.ECONOMIST)


def lines(measure: str = Measure.NET_COST) -> list[tuple[int | None, Decimal]]:
    return [
        (b.month, b.amount) for b in BudgetLine.objects.filter(measure=measure).order_by("month")
    ]


@pytest.mark.django_db
def test_twelve_months_then_a_year_total_then_nothing(economist: User) -> None:
    municipality = factories.municipality()
    months = [Decimal(1000 * m) for m in range(1, 13)]
    created = budget_set(
        actor=economist,
        municipality=municipality,
        year=2027,
        measure=Measure.NET_COST,
        months=months,
    )
    assert len(created) == 12
    assert lines() == [(m, Decimal(1000 * m)) for m in range(1, 13)]
    assert {b.updated_by_id for b in created} == {economist.pk}
    budget_set(
        actor=economist,
        municipality=municipality,
        year=2027,
        measure=Measure.NET_COST,
        year_total=Decimal("5000000.50"),
    )
    assert lines() == [(None, Decimal("5000000.50"))]
    budget_set(actor=economist, municipality=municipality, year=2027, measure=Measure.NET_COST)
    assert lines() == []


@pytest.mark.django_db
def test_who_changed_it_is_logged_without_a_citizen(economist: User) -> None:
    before = AuditEntry.objects.count()
    budget_set(
        actor=economist,
        municipality=factories.municipality(),
        year=2027,
        measure=Measure.FULL_YEAR_PERSONS,
        year_total=Decimal("25.50"),
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry is not None
    assert entry.user_id == economist.pk
    assert entry.citizen_id is None
    assert entry.detail == {
        "object": "budget",
        "municipality": "751",
        "year": 2027,
        "measure": "full_year_persons",
        "lines": "year",
    }
    # The same budget again writes and logs nothing.
    budget_set(
        actor=economist,
        municipality=factories.municipality(),
        year=2027,
        measure=Measure.FULL_YEAR_PERSONS,
        year_total=Decimal("25.50"),
    )
    assert AuditEntry.objects.count() == before + 1


@pytest.mark.django_db
def test_the_form_sets_all_measures_at_once_and_reports_the_changed(economist: User) -> None:
    budgets: dict[str, MeasureBudget] = {
        Measure.NET_COST: MeasureBudget(year_total=Decimal("100")),
        Measure.GROSS_COST: MeasureBudget(months=tuple(Decimal(1) for _ in range(12))),
        Measure.FULL_YEAR_PERSONS: MeasureBudget(),
    }
    changed = budget_year_set(
        actor=economist, municipality=factories.municipality(), year=2027, budgets=budgets
    )
    assert changed == [Measure.NET_COST, Measure.GROSS_COST]
    again = budget_year_set(
        actor=economist, municipality=factories.municipality(), year=2027, budgets=budgets
    )
    assert again == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"year_total": Decimal("-1")}, "negativt", "net_cost_aar"),
        ({"year_total": Decimal("1.005")}, "to decimaler", "net_cost_aar"),
        ({"year_total": Decimal("1e13")}, "for stort", "net_cost_aar"),
        ({"months": [Decimal(1)] * 11}, "alle 12 måneder", "net_cost_1"),
        ({"months": [Decimal(1)] * 11 + [Decimal(-2)]}, "negativt", "net_cost_12"),
        (
            {"months": [Decimal(1)] * 12, "year_total": Decimal(12)},
            "ikke begge",
            "net_cost_aar",
        ),
        ({"year": 1999, "year_total": Decimal(1)}, "mellem 2000 og 2100", "year"),
    ],
)
def test_rules_broken_are_refused_in_danish_on_the_field(
    economist: User, kwargs: dict[str, object], message: str, field: str
) -> None:
    args: dict[str, object] = {"year": 2027, "measure": Measure.NET_COST, **kwargs}
    with pytest.raises(DomainError, match=message) as caught:
        budget_set(
            actor=economist,
            municipality=factories.municipality(),
            **args,  # type: ignore[arg-type]
        )
    assert caught.value.field == field
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_only_the_own_municipality(economist: User) -> None:
    other = factories.municipality("101")
    with pytest.raises(DomainError, match="egen kommune"):
        budget_set(
            actor=economist,
            municipality=other,
            year=2027,
            measure=Measure.NET_COST,
            year_total=Decimal(1),
        )
    assert not BudgetLine.objects.exists()
