"""The stored list state: after any sequence of service calls it says what the records say.

Two checks after every call: the stored ``CitizenState`` rows equal the state recomputed from the
records, and the by-name list's facts read through the stored state equal the facts the list
computes from the records alone (the same query with the stored rows removed, rolled back).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import citizens_for
from hjemvej.casefile import selectors
from hjemvej.casefile.services import citizen_merge, citizen_unmerge
from hjemvej.citizens import services
from hjemvej.citizens.models import Citizen, CitizenState, ListEventReason, Merge, Situation
from hjemvej.citizens.state import computed_states
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import ExitDestination, Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.services import contact_add
from tests import factories

TODAY = factories.TODAY
FIELDS = ("situation_now", "homeless_time", "list_kind", "last_contact")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _Rollback(Exception):
    pass


def _facts(user: User, today: date) -> dict[int, tuple[Any, ...]]:
    citizens = selectors.annotate_facts(citizens_for(user), user=user, today=today)
    found = {c.pk: tuple(getattr(c, name) for name in FIELDS) for c in citizens}
    for on_list in (True, False):
        chosen = selectors.ListFilters(on_list=on_list, long_term=True, no_contact_days=30)
        for pk in selectors.by_name_list(
            user, today=today, filters=chosen, long_term_days=100
        ).values_list("pk", flat=True):
            found[pk] += (on_list,)
    return found


def _computed_facts(user: User, today: date) -> dict[int, tuple[Any, ...]]:
    """Return the facts with no stored state to read: computed from the records alone."""
    facts: dict[int, tuple[Any, ...]] = {}
    try:
        with transaction.atomic():
            CitizenState.objects.all().delete()
            facts = _facts(user, today)
            raise _Rollback
    except _Rollback:
        pass
    return facts


def _check(user: User) -> None:
    stored = {s.citizen_id: s for s in CitizenState.objects.all()}
    ids = list(Citizen.objects.values_list("pk", flat=True))
    for pk, state in computed_states(ids).items():
        fields = [f.name for f in CitizenState._meta.fields]
        assert {f: getattr(stored[pk], f) for f in fields} == {f: getattr(state, f) for f in fields}
    for today in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=400)):
        assert _facts(user, today) == _computed_facts(user, today)


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["situation", "end", "leave", "admit", "discharge", "contact", "merge", "unmerge"]
        ),
        st.integers(0, 2),
        st.integers(0, 2),
        st.integers(0, 60),
        st.sampled_from([Situation.STREET, Situation.SOFA, Situation.HOTEL]),
    ),
    min_size=1,
    max_size=10,
)


def _apply(
    user: User, shelter: Shelter, citizens: list[Citizen], operation: tuple[Any, ...]
) -> None:
    name, first, second, back, situation = operation
    citizen = Citizen.objects.get(pk=citizens[first].pk)
    on = TODAY - timedelta(days=back)
    if name == "situation":
        services.situation_add(
            actor=user, citizen=citizen, situation=situation, start=on, today=TODAY
        )
    elif name == "end":
        services.situation_end(
            actor=user, citizen=citizen, end=on, reason=ListEventReason.HOUSED, today=TODAY
        )
    elif name == "leave":
        services.list_leave(
            actor=user, citizen=citizen, on=on, reason=ListEventReason.INACTIVE, today=TODAY
        )
    elif name == "admit":
        stay_admit(actor=user, citizen=citizen, shelter=shelter, admitted=on, today=TODAY)
    elif name == "discharge":
        stay = Stay.objects.filter(citizen=citizen, discharged__isnull=True).first()
        if stay is not None:
            destination = [ExitDestination.OWN_HOME, ExitDestination.UNKNOWN][second % 2]
            stay_discharge(
                actor=user, stay=stay, discharged=on, today=TODAY, exit_destination=destination
            )
    elif name == "contact":
        contact_add(actor=user, citizen=citizen, on=on, kind="visit", today=TODAY)
    elif name == "merge":
        other = Citizen.objects.get(pk=citizens[second].pk)
        citizen_merge(actor=user, source=citizen, target=other)
    else:
        merge = Merge.objects.filter(undone_at__isnull=True).order_by("-pk").first()
        if merge is not None:
            citizen_unmerge(actor=user, merge=merge)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_the_stored_state_is_what_the_records_say_after_any_change(
    operations: list[tuple[Any, ...]],
) -> None:
    # Each example in a savepoint of its own, so the next one starts from an empty database.
    try:
        with transaction.atomic():
            user = factories.user("sagsbehandler", Role.CASE_WORKER)
            shelter = factories.shelter()
            citizens = [
                factories.citizen(user, first_name=name, start=date(2026, 6, 1) + timedelta(i))
                for i, name in enumerate(["Anna", "Bo", "Carl"])
            ]
            _check(user)
            for operation in operations:
                try:
                    with transaction.atomic():
                        _apply(user, shelter, citizens, operation)
                except DomainError:
                    pass
                _check(user)
            raise _Rollback
    except _Rollback:
        pass


def test_a_record_written_behind_the_services_back_is_caught_by_the_check() -> None:
    """The check above would see a missing refresh (the test tests itself)."""
    user = factories.user("sagsbehandler", Role.CASE_WORKER)
    citizen = factories.citizen(user, start=date(2026, 6, 1))
    citizen.situations.update(end=date(2026, 7, 1))
    with pytest.raises(AssertionError):
        _check(user)


def test_the_list_reads_the_stored_state_when_it_holds() -> None:
    """Stored state that holds for today is what the list shows (the records are not read)."""
    user = factories.user("sagsbehandler", Role.CASE_WORKER)
    citizen = factories.citizen(user, start=date(2026, 6, 1))
    CitizenState.objects.filter(citizen=citizen).update(situation=Situation.HOTEL)
    on_record = selectors.annotate_facts(citizens_for(user), user=user, today=date(2026, 6, 1))
    stored = selectors.annotate_facts(citizens_for(user), user=user, today=TODAY)
    assert [vars(c)["situation_now"] for c in on_record] == [Situation.STREET]
    assert [vars(c)["situation_now"] for c in stored] == [Situation.HOTEL]
