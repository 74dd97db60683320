"""The DST file on Demo Kommune: every demo shelter can report, and the file matches the stays."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings

from hjemvej.demo import common
from hjemvej.shelters.models import Shelter, Stay
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_demo_shelter_reports_what_its_stays_say(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    factories.ensure_municipalities()  # a transactional (browser) test may have flushed them
    monkeypatch.setattr(common, "database_vendor", lambda: "sqlite")
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    call_command("demo", "--today", TODAY.isoformat(), stdout=StringIO())
    shelters = list(Shelter.objects.all())
    for shelter in shelters:
        shelter.full_clean()  # a valid CVR number (modulus 11) and P-number, each its own
    assert len({s.p_number for s in shelters}) == len(shelters)

    start, end = date(2026, 4, 1), date(2026, 7, 1)
    for shelter in shelters:
        out = tmp_path / f"{shelter.pk}.txt"
        call_command(
            "stats",
            "dst",
            "--shelter",
            str(shelter.pk),
            "--quarter",
            "2026-Q2",
            "--out",
            str(out),
            stdout=StringIO(),
            stderr=StringIO(),
        )
        lines = out.read_text(encoding="utf-8").splitlines()[1:]
        # Recomputed from the raw stays, independently of stats.dst's query.
        expected = [
            s
            for s in Stay.objects.filter(shelter=shelter)
            if start <= s.admitted < end or (s.discharged and start <= s.discharged < end)
        ]
        assert len(lines) == len(expected), shelter.name
        discharged = [s for s in expected if s.discharged and s.discharged < end]
        assert sum(line.split(";")[5] != "" for line in lines) == len(discharged)
        aftercare = [s for s in expected if s.stay_type == "aftercare"]
        assert sum(line.split(";")[3] == "3" for line in lines) == len(aftercare)
    assert any(Stay.objects.filter(admitted__gte=start, admitted__lt=end))
