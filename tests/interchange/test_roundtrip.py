"""Export → import into an empty database → export gives the same workbook (the small demo)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pytest_django.fixtures import Settings as SettingsWrapper

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.selectors import only_at_risk
from hjemvej.demo.common import DEMO_CODE, DEMO_NAME
from hjemvej.interchange.columns import SHEETS
from hjemvej.interchange.export import records_export
from hjemvej.interchange.read import read_source
from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED, records_import
from tests import factories

TODAY = factories.TODAY


def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Return every sheet's rows as values."""
    book = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


@pytest.mark.django_db(transaction=True)
def test_the_demo_goes_out_and_comes_back_the_same(
    tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--today", TODAY.isoformat(), stdout=io.StringIO())
    first = tmp_path / "foerste.xlsx"
    citizens, counts = records_export(
        out=first, municipality=Municipality.objects.get(code=DEMO_CODE), actor=None, username="t"
    )
    # Every citizen, those followed only for a risk of homelessness too (the sheet risici).
    assert Citizen.objects.filter(only_at_risk()).count() > 0
    assert citizens == Citizen.objects.filter(merged_into__isnull=True).count()
    assert all(counts[sheet.name] > 0 for sheet in SHEETS)

    call_command("flush", "--noinput")
    factories.ensure_municipalities()
    municipality = Municipality.objects.create(code=DEMO_CODE, name=DEMO_NAME)
    admin = factories.user("admin", Role.ADMIN)
    sheets, problems = read_source(first)
    assert problems == []
    summary = records_import(actor=admin, municipality=municipality, sheets=sheets, today=TODAY)
    assert {name: c[CREATED] for name, c in summary.counts.items()} == counts

    second = tmp_path / "anden.xlsx"
    records_export(out=second, municipality=municipality, actor=admin)
    assert cells(second) == cells(first)

    # The same file again changes nothing.
    again = records_import(actor=admin, municipality=municipality, sheets=sheets, today=TODAY)
    assert all(c[CREATED] == c[UPDATED] == 0 for c in again.counts.values())
    assert sum(c[UNCHANGED] for c in again.counts.values()) == sum(counts.values())
    assert User.objects.filter(username="admin").exists()
