"""The export never names a record by an id its own import refuses (a possible CPR number)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.interchange.export import records_export
from hjemvej.interchange.read import read_source
from hjemvej.interchange.run import records_import
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_pseudonym_that_may_be_a_cpr_number_is_not_the_ekstern_id(
    worker: User, tmp_path: Path
) -> None:
    citizen = factories.citizen(worker)
    other = factories.citizen(worker, cpr="0202852345")
    Citizen.objects.filter(pk=citizen.pk).update(pseudonym="B0101901234A")
    Citizen.objects.filter(pk=other.pk).update(pseudonym="B3AC19BD8A086")
    out = tmp_path / "ud.xlsx"
    records_export(out=out, municipality=factories.municipality(), actor=None, username="test")
    sheets, problems = read_source(out)
    assert problems == []
    keys = {row[1][0] for row in sheets["borgere"].rows}
    assert keys == {f"hjemvej-borgere-{citizen.pk}", "B3AC19BD8A086"}
    summary = records_import(
        actor=worker,
        municipality=factories.municipality(),
        sheets=sheets,
        today=factories.TODAY,
        dry_run=True,
    )
    assert summary.counts["borgere"]["unchanged"] == 2
