"""The dashboard and the report downloads, for each role."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from hjemvej.accounts.models import Role
from hjemvej.core import dates
from hjemvej.core.formatting import whole_kroner
from tests import factories
from tests.background import fetched

AS_OF = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: AS_OF)


def _names(world: Any) -> list[str]:
    return [n for c in world.citizens for n in (c.first_name, c.last_name)]


@pytest.mark.django_db
def test_manager_sees_the_dashboard(world: Any, recomputed: Any, client: Client) -> None:
    client.force_login(world.manager)
    response = client.get(reverse("economy:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    months = [date(2026, m, 1) for m in range(1, 12)]
    net = recomputed.total(months=months)["net_cost"]
    assert f"betalte <strong>{whole_kroner(net)}</strong> netto" in page
    assert "i perioden 1. januar–20. november 2026" in page
    for year in ("2023", "2024", "2025"):
        assert f'<th scope="col" class="number">{year}</th>' in page
    assert "Dage ud over refusionsloftet" in page
    assert "politisk aftale, ikke vedtaget lov" in page
    assert "shelter" not in page.lower() or "Herberget Inde" in page
    assert page.count('<img src="data:image/svg+xml;base64,') == 2
    assert 'alt="Søjlediagram over bruttoudgiften pr. måned' in page
    for name in ("figures", "claims", "budget", "forecast", "scenarios"):
        assert f'href="{reverse(f"economy:{name}")}"' in page
    assert reverse("economy:report", args=[2025, "pdf"]) in page
    assert reverse("economy:shelter_figures", args=[world.inside.pk]) in page
    assert "style=" not in page  # CSP: no inline styles
    assert "<script>" not in page


@pytest.mark.django_db
def test_economist_sees_figures_and_no_names(world: Any, client: Client) -> None:
    client.force_login(world.economist)
    response = client.get(reverse("economy:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nettoudgift" in page
    for name in _names(world):
        assert name not in page
    for fmt in ("pdf", "xlsx"):
        download = fetched(client, reverse("economy:report", args=[2025, fmt]))
        assert download.status_code == 200
        if fmt == "pdf":
            text = "\n".join(
                p.extract_text() for p in PdfReader(io.BytesIO(download.content)).pages
            )
        else:
            book = load_workbook(io.BytesIO(download.content))
            text = "\n".join(
                str(cell)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
                for cell in row
                if cell is not None
            )
        for name in _names(world):
            assert name not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.SHELTER_STAFF, Role.ADMIN]
)
def test_other_roles_are_refused(world: Any, client: Client, role: str) -> None:
    client.force_login(factories.user(f"bruger-{role}", role, shelter=world.inside))
    assert client.get(reverse("economy:dashboard")).status_code == 403
    assert client.post(reverse("economy:report", args=[2025, "pdf"])).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(reverse("economy:dashboard"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.django_db
def test_report_downloads(world: Any, client: Client) -> None:
    client.force_login(world.manager)
    pdf = fetched(client, reverse("economy:report", args=[2025, "pdf"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert (
        pdf["Content-Disposition"] == 'attachment; filename="hjemvej-byraadsrapport-751-2025.pdf"'
    )
    assert pdf.content.startswith(b"%PDF")
    xlsx = fetched(client, reverse("economy:report", args=[2026, "xlsx"]))
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content))["Sammenfatning"]["A1"].value == (
        "Hjemløshed og boformer: økonomi 1. januar–20. november 2026"
    )
    assert client.post(reverse("economy:report", args=[2025, "csv"])).status_code == 404
    assert client.post(reverse("economy:report", args=[2027, "pdf"])).status_code == 404
    assert client.post(reverse("economy:report", args=[2010, "pdf"])).status_code == 404


@pytest.mark.django_db
def test_dashboard_of_a_municipality_without_stays(db: None, client: Client) -> None:
    client.force_login(factories.user("tom-leder", Role.MANAGER, code="101"))
    response = client.get(reverse("economy:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "betalte <strong>0 kr.</strong> netto" in page
    assert "Ingen ophold på boformer" in page
