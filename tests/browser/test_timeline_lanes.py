"""The citizen's timeline with a § 107 botilbud stay and a risk of homelessness fits and passes axe.

Demo Kommune as the layout test builds it (``town``); its citizen with the most stays gets an
ended risk and a § 107 stay after their last stay, and the case worker opens the page at 1280 px
and 360 px.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen, RiskKind, RiskOutcome
from hjemvej.citizens.prevention import risk_add, risk_end
from hjemvej.support.botilbud import botilbud_stay_add
from tests.browser.test_layout import HEIGHT, TODAY, checked, log_in
from tests.browser.test_layout import town as town  # the fixture, shared

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_timeline_with_botilbud_and_risk_lanes_fits_and_passes_axe(
    page: Page, town: dict[str, Any], width: int
) -> None:
    case = User.objects.get(username="raadgiver")
    citizen = Citizen.objects.get(pk=town["citizen"])
    start = TODAY - timedelta(days=60)
    if not citizen.botilbud_stays.exists():
        botilbud_stay_add(
            actor=case,
            citizen=citizen,
            provider="Botilbuddet Ådalen",
            decided_on=start,
            start=start,
            end=None,
            monthly_cost=Decimal("30000.00"),
            today=TODAY,
        )
    if not citizen.risks.exists():
        risk = risk_add(
            actor=case,
            citizen=citizen,
            kind=RiskKind.EVICTION,
            noted_on=TODAY - timedelta(days=900),
            today=TODAY,
        )
        risk_end(
            actor=case,
            risk=risk,
            ended_on=TODAY - timedelta(days=800),
            outcome=RiskOutcome.AVERTED,
            today=TODAY,
        )
    page.set_viewport_size({"width": width, "height": HEIGHT[width]})
    log_in(page, town["url"], "raadgiver")
    page.goto(f"{town['url']}/borgere/{citizen.pk}/")
    figure = page.locator("figure.tl-figure")
    expect(figure).to_contain_text("Botilbud")
    expect(figure).to_contain_text("Risiko")
    assert checked(page, "citizen page with § 107 and risk", width) == []
