"""Deny by default: every URL, as every role, gets what the one policy says and nothing more."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hjemvej.accounts.middleware import EXEMPT_MODULES
from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import Action, allowed
from hjemvej.casefile.services import citizen_merge
from hjemvej.citizens.borders import dispute_open
from hjemvej.citizens.models import ActingBasis, ActingMunicipalityPeriod, Citizen, RiskKind
from hjemvej.citizens.prevention import risk_add
from hjemvej.citizens.services import consent_add
from hjemvej.economy.scenarios.services import scenario_create
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.economy.services import claim_create, support_claim_create
from hjemvej.followup import services as followup
from hjemvej.followup.task_services import task_create
from hjemvej.jobs.models import Job, JobFile, JobStatus
from hjemvej.rules.parameters import Override
from hjemvej.shelters.services import stay_admit
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.services import course_create
from tests import factories
from tests.housing.world import housing_objects

ROLES = [r.value for r in Role]


def patterns(
    resolver: URLResolver | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Yield every URL pattern with its full name (namespace:name)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from patterns(entry, namespace)
        elif entry.name:
            yield f"{prefix}{entry.name}", entry


def app_patterns() -> list[tuple[str, URLPattern]]:
    return [
        (name, p)
        for name, p in patterns()
        if not getattr(p.callback, "__module__", "").startswith(EXEMPT_MODULES)
    ]


def test_every_view_declares_its_policy() -> None:
    missing = [
        name for name, p in app_patterns() if getattr(p.callback, "policy_action", None) is None
    ]
    assert missing == []


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """One citizen every citizen-facing role can see, and one nobody here can."""
    shelter = factories.shelter()
    users = {
        role: factories.user(role, role, shelter=shelter if role == Role.SHELTER_STAFF else None)
        for role in ROLES
    }
    case_worker = users[Role.CASE_WORKER]
    citizen = factories.citizen(case_worker, first_name="Søren", last_name="Hansen")
    other = factories.citizen(case_worker, first_name="Dorte", last_name="Dobbelt")
    stay = stay_admit(
        actor=case_worker,
        citizen=citizen,
        shelter=shelter,
        admitted=date(2026, 3, 1),
        today=factories.TODAY,
    )
    course = course_create(
        actor=case_worker,
        citizen=citizen,
        kind="cti",
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        worker=users[Role.SUPPORT_WORKER],
        monthly_cost=Decimal("9000"),
    )
    botilbud = botilbud_stay_add(
        actor=case_worker,
        citizen=citizen,
        provider="Botilbuddet Åbo",
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        end=date(2026, 3, 1),
        monthly_cost=Decimal("30000"),
        today=factories.TODAY,
    )
    consent = consent_add(
        actor=case_worker,
        citizen=citizen,
        recipient="Jobcenter",
        scope="Boligsituation",
        given_on=date(2026, 2, 1),
        today=factories.TODAY,
    )
    merge = citizen_merge(actor=case_worker, source=other, target=citizen)
    housing = housing_objects(case_worker, citizen)
    transition = followup.transition_create(
        actor=case_worker,
        citizen=citizen,
        data=followup.TransitionData(kind="prison_release", expected_on=date(2027, 1, 15)),
        today=factories.TODAY,
    )
    plan = followup.action_plan_create(
        actor=case_worker,
        citizen=citizen,
        meeting_on=date(2026, 3, 2),
        goals="Egen bolig",
        review_by=date(2026, 9, 2),
        participants=[followup.ParticipantInput("Kim", "ven")],
        steps=[followup.StepInput("Søge boligstøtte", "Kim")],
        today=factories.TODAY,
    )
    task = task_create(
        actor=case_worker, citizen=citizen, title="Ring", due=factories.TODAY, today=factories.TODAY
    )
    letter = followup.letter_send(
        actor=case_worker,
        citizen=citizen,
        template="reminder",
        values={"what": "aflever nøglen", "address": "c/o Forsorgshjemmet Test"},
        channel="handed",
        today=factories.TODAY,
    )
    scenario = scenario_create(
        actor=users[Role.ECONOMIST],
        name="Loft på 90 dage",
        spec=ScenarioSpec(
            "law", 2029, (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),)
        ),
    )
    claim = claim_create(
        actor=users[Role.ECONOMIST],
        municipality=factories.municipality(),
        start=date(2026, 1, 1),
        end=date(2026, 7, 1),
        today=factories.TODAY,
    )
    support_claim = support_claim_create(
        actor=users[Role.ECONOMIST],
        municipality=factories.municipality(),
        start=date(2026, 1, 1),
        end=date(2026, 7, 1),
        today=factories.TODAY,
    )
    outside = factories.citizen(
        factories.user("fremmed", Role.CASE_WORKER, code="101"), first_name="Ude", code="101"
    )
    # Across borders: an open dispute with Randers, and an L 130 agreement with it (written as
    # data: the service wants a stay at a Randers shelter, and the citizen's stay is in Aarhus).
    dispute = dispute_open(
        actor=case_worker,
        citizen=citizen,
        other=factories.municipality("730"),
        disputed_from=date(2026, 4, 1),
        brought_on=date(2026, 5, 1),
        today=factories.TODAY,
    )
    agreement = ActingMunicipalityPeriod.objects.create(
        citizen=citizen,
        municipality=factories.municipality("730"),
        valid_from=date(2026, 6, 1),
        basis=ActingBasis.L130_AGREEMENT,
        covers="Bostøtte",
    )
    risk = risk_add(
        actor=case_worker,
        citizen=citizen,
        kind=RiskKind.EVICTION,
        noted_on=date(2026, 3, 1),
        today=factories.TODAY,
    )
    job = finished_job(users[Role.CASE_WORKER])
    return {
        "users": users,
        "kwargs": {
            "pk": citizen.pk,
            "stay_pk": stay.pk,
            "course_pk": course.pk,
            "botilbud_pk": botilbud.pk,
            "consent_pk": consent.pk,
            "homelessness_risk_pk": risk.pk,
            "merge_pk": merge.pk,
            "fmt": "csv",
            "year": 2026,
            "shelter_pk": shelter.pk,
            **housing,
            "transition_pk": transition.pk,
            "plan_pk": plan.pk,
            "step_pk": plan.steps.get().pk,
            "letter_pk": letter.pk,
            "task_pk": task.pk,
            "dispute_pk": dispute.pk,
            "period_pk": agreement.pk,
            "id": users[Role.CASE_WORKER].pk,  # the user admin's own pages (staff only)
            "measure": "tilbage-i-hjemloeshed",  # an outcome measure's page (stats:outcome)
        },
        "outside": outside,
        "objects": {
            "economy:scenario": scenario.pk,
            "economy:claim": claim.pk,
            "economy:claim_export": claim.pk,
            "economy:support_claim": support_claim.pk,
            "economy:support_claim_export": support_claim.pk,
            "jobs:job": job.pk,
            "jobs:file": job.pk,
        },
        "shelter": shelter,
    }


def finished_job(user: User) -> Job:
    """Return a done job of ``user``'s with a file (its page and its download)."""
    stored = JobFile.objects.create(name="udtraek.csv", content_type="text/csv", data=b"a;b\r\n")
    return Job.objects.create(
        kind="casefile.list_export",
        title="Borgerlisten som CSV",
        requested_by=user,
        status=JobStatus.DONE,
        file=stored,
        done=1,
        total=1,
    )


def url_for(name: str, pattern: URLPattern, world: dict[str, Any]) -> str:
    wanted = {k: v for k, v in world["kwargs"].items() if k in pattern.pattern.regex.groupindex}
    if name == "shelters:detail":
        wanted = {"pk": world["shelter"].pk}
    if name == "economy:report":
        wanted["fmt"] = "pdf"
    if name in world["objects"]:
        wanted["pk"] = world["objects"][name]
    return reverse(name, kwargs=wanted)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_url_as_every_role(role: str, world: dict[str, Any], client: Client) -> None:
    user = world["users"].get(role)
    if user is not None:
        login(client, user)
        own = finished_job(user)  # a job's page and file are its starter's alone
        world["objects"].update({"jobs:job": own.pk, "jobs:file": own.pk})
    failures = []
    for name, pattern in app_patterns():
        action: Action = getattr(pattern.callback, "policy_action")  # noqa: B009
        url = url_for(name, pattern, world)
        response = client.get(url)
        status = response.status_code
        # Every page a signed-in user gets may carry personal data: no cache may keep it.
        if user is not None and "no-store" not in response.headers.get("Cache-Control", ""):
            failures.append(f"{name} {url}: Cache-Control uden no-store")
        if getattr(pattern.callback, "api_token_only", False):
            # The API opens to a token only (tests/api/): a session is 401 (405: a GET of a
            # POST-only operation), but for its schema and docs (public, no personal data) and
            # its root (404).
            ok = status in {"api:openapi-json": (200,), "api:openapi-view": (200,)}.get(
                name, (404,) if name == "api:api-root" else (401, 405)
            )
        elif action is Action.PUBLIC:
            ok = status in (200, 302)
        elif user is None:
            ok = status == 302
        elif allowed(user, action):
            ok = status in (200, 302, 405)
        else:
            ok = status == 403
        if not ok:
            failures.append(f"{name} {url}: {status} ({action})")
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_citizens_outside_the_scope_are_not_found(
    role: str, world: dict[str, Any], client: Client
) -> None:
    user = world["users"][role]
    login(client, user)
    outside: Citizen = world["outside"]
    response = client.get(reverse("citizens:detail", kwargs={"pk": outside.pk}))
    assert response.status_code == (404 if allowed(user, Action.VIEW_CITIZEN) else 403)
    listing = client.get(reverse("citizens:list"))
    assert "Ude" not in listing.content.decode()
    across = client.get(reverse("citizens:across", kwargs={"pk": outside.pk}))
    assert across.status_code == (404 if allowed(user, Action.VIEW_CITIZEN) else 403)
    if allowed(user, Action.VIEW_CITIZENS):
        assert "Ude" not in client.get(reverse("citizens:across_list")).content.decode()


@pytest.mark.django_db
def test_the_second_municipality_of_a_dispute_reads_but_cannot_write(
    world: dict[str, Any], client: Client
) -> None:
    """Randers, the other party of the open dispute: the read-only page, no form, no case."""
    randers = login(client, factories.user("randers", Role.CASE_WORKER, code="730"))
    pk = world["kwargs"]["pk"]
    assert randers.get(reverse("citizens:across", kwargs={"pk": pk})).status_code == 200
    for name in ("citizens:detail", "citizens:edit", "citizens:acting_change"):
        assert randers.get(reverse(name, kwargs={"pk": pk})).status_code == 404
    kwargs = {"pk": pk, "dispute_pk": world["kwargs"]["dispute_pk"]}
    response = randers.post(
        reverse("citizens:dispute_decide", kwargs=kwargs),
        {
            "decided_for": factories.municipality("730").pk,
            "decided_on": "2026-11-01",
            "effective_from": "2026-04-01",
        },
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_view_without_policy_is_refused(client: Client, world: dict[str, Any]) -> None:
    from django.http import HttpRequest, HttpResponse

    from hjemvej.accounts.middleware import PolicyMiddleware

    def naked(request: HttpRequest) -> HttpResponse:
        return HttpResponse("hemmeligt")

    middleware = PolicyMiddleware(lambda request: HttpResponse())
    response = middleware.process_view(HttpRequest(), naked, (), {})
    assert response is not None
    assert response.status_code == 403
