"""What the ``hjemvej stats`` subcommands (and ``hjemvej economy report``) share."""

from __future__ import annotations

from datetime import date

from hjemvej.accounts.models import Municipality
from hjemvej.citizens.models import Citizen
from hjemvej.core.management.cli import NO_MUNICIPALITY, Fejl, municipality_by_code

#: The first year a year argument may name.
FIRST_YEAR = 1990


def chosen_municipality(code: str | None) -> Municipality:
    """Return the ``--municipality`` with the code, or without one the one municipality with
    citizens; raise ``Fejl`` when there are citizens in several municipalities (or none)."""
    if code is not None:
        return municipality_by_code(code)
    codes = list(
        Citizen.objects.filter(merged_into__isnull=True)
        .order_by()
        .values_list("acting_municipality", flat=True)
        .distinct()[:2]
    )
    if len(codes) != 1:
        raise Fejl(NO_MUNICIPALITY)
    return Municipality.objects.get(pk=codes[0])


def chosen_year(text: str | None, as_of: date) -> int:
    """Return ``--year`` as a year that has begun by ``as_of``, or raise ``Fejl``."""
    if not text:
        raise Fejl("--year mangler: angiv året, fx --year 2025")
    cleaned = text.strip()
    if not cleaned.isdigit() or len(cleaned) != 4:
        raise Fejl(f"--year: '{text}' er ikke et årstal (fire cifre, fx 2025)")
    year = int(cleaned)
    if year < FIRST_YEAR:
        raise Fejl(f"--year: {year} er for tidligt; det første år er {FIRST_YEAR}")
    if year > as_of.year:
        raise Fejl(f"--year: året {year} er ikke begyndt den {as_of:%d.%m.%Y} (--as-of)")
    return year
