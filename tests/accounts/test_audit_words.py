"""The audit log in words staff understand: a Danish word for every record and every page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import hjemvej
from hjemvej.accounts import audit
from hjemvej.accounts.audit_words import DETAIL_KEYS, OBJECTS, PAGES, describe, detail_items
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.shelters.services import stay_admit
from tests import factories

URL = "/adgang/log/"


def url_names(resolver: URLResolver, namespace: str = "") -> list[str]:
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace != "admin":  # Django's admin site logs nothing of ours
                names += url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(namespace + pattern.name)
    return names


def test_every_model_of_the_project_has_a_danish_word() -> None:
    labels = {m._meta.label for m in apps.get_models() if m.__module__.startswith("hjemvej.")}
    assert labels - OBJECTS.keys() == set()


def test_every_url_name_of_the_project_has_a_danish_phrase() -> None:
    assert set(url_names(get_resolver())) - PAGES.keys() == set()


def test_every_page_name_the_code_logs_has_a_danish_phrase() -> None:
    source = Path(hjemvej.__file__).parent
    logged = set()
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        logged |= set(re.findall(r'"page": "([^"]+)"', text))
        for pair in re.findall(r'page = "([a-z_:]+)" if [^\n]* else "([a-z_:]+)"', text):
            logged |= set(pair)
        logged |= set(re.findall(r'_read\(request, pk, "([^"]+)"\)', text))
        logged |= set(re.findall(r'_page\(request, user, rows, "([^"]+)"\)', text))
    assert {"by_name_list", "shelters:detail", "citizen_update", "housing:citizen"} <= logged
    assert logged - PAGES.keys() == set()


@pytest.mark.parametrize(
    ("action", "object_type", "detail", "words"),
    [
        (AuditAction.VIEW, "citizens.Citizen", {}, "Læste borgerens side"),
        (AuditAction.VIEW, "", {"page": "shelters:detail", "shelter": 3}, "Læste boformens side"),
        (AuditAction.UPDATE, "shelters.Stay", {"fields": ["discharged"]}, "Ændrede ophold"),
        (AuditAction.CREATE, "citizens.Citizen", {"fields": ["first_name"]}, "Oprettede borger"),
        (AuditAction.SEARCH, "", {"page": "by_name_list", "by": "cpr"}, "Søgte på CPR-nummer"),
        (AuditAction.REVEAL_CPR, "citizens.Citizen", {}, "Viste det fulde CPR-nummer"),
    ],
)
def test_an_entry_is_described_in_danish(
    action: str, object_type: str, detail: dict[str, Any], words: str
) -> None:
    assert describe(action, object_type, detail).startswith(words)


@pytest.mark.django_db
def test_the_log_page_speaks_danish_and_never_shows_codes(client: Client) -> None:
    worker = factories.user("rita", Role.CASE_WORKER)
    citizen = factories.citizen(worker, first_name="Søren", last_name="Hansen")
    shelter = factories.shelter()
    stay = stay_admit(
        actor=worker,
        citizen=citizen,
        shelter=shelter,
        admitted=date(2026, 2, 1),
        today=factories.TODAY,
    )
    audit.record(actor=worker, action=AuditAction.VIEW, citizen=citizen, obj=citizen)
    audit.record(
        actor=worker,
        action=AuditAction.VIEW,
        citizen=citizen,
        detail={"page": "shelters:detail", "shelter": shelter.pk},
    )
    admin = User.objects.get(role=Role.ADMIN)
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert "Læste borgerens side" in page
    assert "Læste boformens side" in page
    assert "Oprettede ophold" in page
    assert f"ophold #{stay.pk}" in page
    for code in ("citizens.Citizen", "shelters.Stay", "shelters:detail", "page:", "True"):
        assert code not in page
    assert "Søren" not in page  # the log shows pseudonyms, as before


@pytest.mark.django_db
def test_the_action_filter_names_the_kinds_of_entries_the_log_shows(client: Client) -> None:
    client.force_login(factories.user("admin", Role.ADMIN))
    html = client.get(URL).content.decode()
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', html)
    labels = dict(options)
    # Every action, as the kind of entry it filters ("Læsninger"), in the words the rows use.
    assert set(labels) >= {a.value for a in AuditAction}
    assert labels["view"] == "Læsninger"
    assert labels["reveal_cpr"] == "Visninger af det fulde CPR-nummer"
    assert labels["unmerge"] == "Fortrudte sammenlægninger"


def test_every_allowed_detail_key_has_a_danish_word() -> None:
    from hjemvej.accounts.audit_detail import VALUES

    assert set(VALUES) - {"page"} <= set(DETAIL_KEYS)  # the page is said in the description


@pytest.mark.django_db
def test_old_entries_are_shown_without_what_they_revealed() -> None:
    """Entries written before the allow-list show neither a transition's revealing field names
    nor a value the allow-list refuses (issue 12, finding 3)."""
    shown = detail_items(
        "followup.Transition", {"fields": ["discharge_agreement_on", "expected_on"]}
    )
    assert shown == [("felter", "felter i overgangen")]
    shown = detail_items(
        "housing.Tenancy", {"fields": ["move_out", "end_reason"], "end_reason": "evicted"}
    )
    assert "evicted" not in str(shown)
    assert "Sat ud" not in str(shown)
    assert dict(shown)["felter"].startswith("fraflytning, ")
    assert ("øvrige oplysninger", "skjult") in shown
