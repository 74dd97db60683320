"""What the forms that register a citizen share: the possible duplicates shown before creating.

After a valid form with no CPR number, or one Hjemvej does not know, the possible duplicates come
back with the form ("Mulige match"). The user chooses one of them (``use_match``) or registers
a new citizen anyway (``confirm_new``), which counts only when the matches they were shown
(``shown_matches``) are exactly those found now: a match they have not seen is shown first. The
decision itself is ``citizens.duplicates.decide``, which the API's admission shares.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest

from hjemvej.citizens.duplicates import Decision, DuplicateSearch, possible_duplicates
from hjemvej.citizens.duplicates import decide as decide_among
from hjemvej.citizens.forms.identity import RETYPE_CPR
from hjemvej.core.forms import HjemvejForm
from hjemvej.core.pages import current_user

TEMPLATE = "citizens/form_with_matches.html"


__all__ = ["TEMPLATE", "Decision", "decide", "matches_context"]


def _ids(raw: str) -> set[int]:
    return {int(part) for part in raw.split(",") if part.strip().isdigit()}


def decide(
    request: HttpRequest,
    *,
    page: str,
    acting_municipality_id: int | None,
    today: date,
    first_name: str = "",
    last_name: str = "",
    alias: str = "",
    birth_date: date | None = None,
    may_choose: bool = True,
) -> Decision:
    """Search for possible duplicates and read the user's choice among those they were shown.

    ``may_choose``: whether the form takes an existing record (admission) or only opens it
    (creation, where a chosen record is a link to its page, never a POST).
    """
    user = current_user(request)
    search = possible_duplicates(
        user=user,
        acting_municipality_id=acting_municipality_id,
        today=today,
        first_name=first_name,
        last_name=last_name,
        alias=alias,
        birth_date=birth_date,
    )
    return decide_among(
        user=user,
        search=search,
        page=page,
        chosen=_ids(request.POST.get("use_match", "")) if may_choose else (),
        confirmed=(
            _ids(request.POST.get("shown_matches", "")) if request.POST.get("confirm_new") else None
        ),
    )


def matches_context(
    form: HjemvejForm, search: DuplicateSearch | None, *, admit: bool
) -> dict[str, Any]:
    """Return what ``TEMPLATE`` shows besides the form; the focus moves to the matches."""
    if search is None:
        return {}
    for bound in form.fields.values():
        bound.widget.attrs.pop("autofocus", None)
    typed_cpr = str(form.data.get(form.add_prefix("cpr"), "")).strip()
    return {
        "matches": search.matches,
        "matches_used": search.used,
        "shown_matches": ",".join(str(pk) for pk in search.ids),
        "matches_admit": admit,
        "retype_cpr": RETYPE_CPR if typed_cpr else "",
    }
