"""The citizen's page: what each role sees, the timeline, the reimbursement explanation, the CPR
number (masked until a logged POST shows it) and a query count that does not grow with the rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.casefile.page import duration_text, homelessness_summary
from hjemvej.casefile.services import citizen_merge
from hjemvej.casefile.timeline import build_timeline, render_svg
from hjemvej.citizens.models import (
    Citizen,
    ConsentKind,
    HomelessnessSituation,
    RiskKind,
    Situation,
)
from hjemvej.citizens.prevention import risk_add
from hjemvej.citizens.services import consent_add
from hjemvej.shelters.models import Operator, Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import CourseKind
from hjemvej.support.services import contact_add, course_create
from tests import factories

TODAY = factories.TODAY  # Saturday 21 November 2026
CPR = "0101901234"
NOTE = "Fortroligt notat om helbred"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    # Argon2 is deliberately slow; these tests sign in with force_login and never check a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    users: dict[str, User]
    citizen: Citizen
    home: Shelter
    away: Shelter
    first_stay: Stay
    open_stay: Stay


@pytest.fixture
def world() -> World:
    home = factories.shelter("Herberget i Aarhus", code="751")
    away = factories.shelter("Forsorgshjemmet i Roskilde", code="265", rate="1800.00")
    # The shelter staff work where the citizen stays now: their scope ends after a stay.
    users: dict[str, User] = {
        role.value: factories.user(role, role, shelter=away if role == Role.SHELTER_STAFF else None)
        for role in Role
    }
    users["stranger"] = factories.user("fremmed", Role.CASE_WORKER, code="101")
    users["other_shelter"] = factories.user(
        "andenboform", Role.SHELTER_STAFF, shelter=factories.shelter("Tredje boform")
    )
    case = users[Role.CASE_WORKER]
    citizen = factories.citizen(
        case, first_name="Søren", last_name="Hansen", cpr=CPR, start=date(2024, 12, 1)
    )
    first = stay_admit(
        actor=case,
        citizen=citizen,
        shelter=home,
        admitted=date(2025, 1, 1),
        today=TODAY,
        notified_on=date(2025, 1, 10),  # late: the deadline was 6 January
    )
    stay_discharge(actor=case, stay=first, discharged=date(2025, 6, 1), today=TODAY)
    open_stay = stay_admit(
        actor=case,
        citizen=citizen,
        shelter=away,
        admitted=date(2026, 3, 2),
        today=TODAY,
        notified_on=date(2026, 3, 4),
    )
    course = course_create(
        actor=case,
        citizen=citizen,
        kind=CourseKind.CTI,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        worker=users[Role.SUPPORT_WORKER],
        monthly_cost=Decimal("9500.50"),
    )
    contact_add(
        actor=case,
        citizen=citizen,
        on=date(2026, 11, 2),
        kind="visit",
        today=TODAY,
        with_whom="Borgeren og boformen",
        note=NOTE,
        course=course,
    )
    consent_add(
        actor=case,
        citizen=citizen,
        recipient="Jobcentret",
        scope="Boligsituationen",
        given_on=date(2026, 2, 1),
        today=TODAY,
    )
    return World(users, citizen, home, away, first, open_stay)


def page(client: Client, user: User, citizen: Citizen) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(reverse("citizens:detail", kwargs={"pk": citizen.pk}))
    return response.status_code, response.content.decode()


def cpr_digits_in(html: str) -> bool:
    """Return whether the full CPR number stands in the page, in any spelling."""
    return CPR in html or "010190-1234" in html or "010190 1234" in html


# --- the head and what every role sees -----------------------------------------------------


def test_case_worker_sees_the_page_with_a_masked_cpr(client: Client, world: World) -> None:
    status, html = page(client, world.users[Role.CASE_WORKER], world.citizen)
    assert status == 200
    assert "<h1>Søren Hansen" in html
    assert "010190-****" in html
    assert not cpr_digits_in(html)
    assert "Vis fuldt CPR-nummer" in html
    assert "36 år (født 01.01.1990)" in html
    assert "Boform efter § 110 siden 02.03.2026" in html
    assert "På by-name-listen</dt><dd>Ja" in html
    assert "Tid i hjemløshed" in html
    assert "Handlekommune</dt><dd>Aarhus" in html
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, citizen=world.citizen).get()
    assert entry.user == world.users[Role.CASE_WORKER]


def test_the_page_is_not_cached(client: Client, world: World) -> None:
    client.force_login(world.users[Role.CASE_WORKER])
    response = client.get(reverse("citizens:detail", kwargs={"pk": world.citizen.pk}))
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASE_WORKER, 200),
        (Role.SUPPORT_WORKER, 200),
        (Role.SHELTER_STAFF, 200),
        (Role.MANAGER, 200),
        (Role.ECONOMIST, 403),
        (Role.ADMIN, 403),
        ("stranger", 404),
        ("other_shelter", 404),
    ],
)
def test_who_may_see_the_page(client: Client, world: World, role: str, status: int) -> None:
    got, html = page(client, world.users[role], world.citizen)
    assert got == status
    if status != 200:
        assert "Søren" not in html
        assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_signed_out_users_go_to_the_login_page(client: Client, world: World) -> None:
    response = client.get(reverse("citizens:detail", kwargs={"pk": world.citizen.pk}))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_a_merged_record_is_not_found(client: Client, world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    duplicate = factories.citizen(case, first_name="Dublet")
    merge = citizen_merge(actor=case, source=duplicate, target=world.citizen)
    assert page(client, case, duplicate)[0] == 404
    html = page(client, case, world.citizen)[1]
    assert "Posten »Dublet Jensen«" in html
    assert reverse("citizens:unmerge", kwargs={"merge_pk": merge.pk}) in html


# --- action buttons by role -----------------------------------------------------------------

BUTTONS = {
    "edit": "Ret oplysninger",
    "situation": "Ny situation",
    "consent": "Nyt samtykke",
    "admit": "Indskriv på boform",
    "course": "Nyt støtteforløb",
    "contact": "Ny kontakt",
    "merge": "Læg sammen med anden post",
    "reveal": "Vis fuldt CPR-nummer",
}


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.CASE_WORKER, set(BUTTONS)),
        (Role.SUPPORT_WORKER, {"contact"}),
        (Role.SHELTER_STAFF, {"admit"}),
        (Role.MANAGER, set()),
    ],
)
def test_action_buttons_follow_the_role(
    client: Client, world: World, role: str, shown: set[str]
) -> None:
    _, html = page(client, world.users[role], world.citizen)
    for key, label in BUTTONS.items():
        assert (label in html) is (key in shown), label


def test_shelter_staff_see_only_their_shelters_stays_and_manage_them(
    client: Client, world: World
) -> None:
    _, html = page(client, world.users[Role.SHELTER_STAFF], world.citizen)
    assert "Forsorgshjemmet i Roskilde" in html
    assert "Herberget i Aarhus" not in html
    assert "Du ser kun ophold på din egen boform" in html
    assert "Statsrefusion efter serviceloven § 177" not in html
    edit = reverse(
        "citizens:stay_edit", kwargs={"pk": world.citizen.pk, "stay_pk": world.open_stay.pk}
    )
    assert edit in html
    other = reverse(
        "citizens:stay_edit", kwargs={"pk": world.citizen.pk, "stay_pk": world.first_stay.pk}
    )
    assert other not in html


def test_shelter_staff_no_longer_see_the_citizen_after_the_stay(
    client: Client, world: World
) -> None:
    """The staff of the shelter the citizen left in 2025 see nothing of them now."""
    before = factories.user("aarhusherberg", Role.SHELTER_STAFF, shelter=world.home)
    status, html = page(client, before, world.citizen)
    assert status == 404
    assert "Søren" not in html


def test_case_workers_may_discharge_the_open_stay(client: Client, world: World) -> None:
    _, html = page(client, world.users[Role.CASE_WORKER], world.citizen)
    discharge = reverse(
        "citizens:stay_discharge", kwargs={"pk": world.citizen.pk, "stay_pk": world.open_stay.pk}
    )
    assert discharge in html
    closed = reverse(
        "citizens:stay_discharge", kwargs={"pk": world.citizen.pk, "stay_pk": world.first_stay.pk}
    )
    assert closed not in html


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.MANAGER])
def test_contact_notes_are_shown_to_those_who_may_see_the_citizen(
    client: Client, world: World, role: str
) -> None:
    _, html = page(client, world.users[role], world.citizen)
    assert NOTE in html
    assert "Borgeren og boformen" in html


def test_shelter_staff_see_the_municipalitys_notes_only_under_a_consent_to_the_shelter(
    client: Client, world: World
) -> None:
    staff = world.users[Role.SHELTER_STAFF]
    _, html = page(client, staff, world.citizen)
    assert NOTE not in html  # the world's consent (to the job centre) opens nothing
    assert "Borgeren og boformen" not in html
    consent_add(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        recipient="Forsorgshjemmet i Roskilde",
        scope="Kontaktnotater og støtteforløb",
        given_on=date(2026, 11, 1),
        today=TODAY,
        kind=ConsentKind.SHELTER,
    )
    _, html = page(client, staff, world.citizen)
    assert NOTE in html
    assert "Borgeren og boformen" in html


# --- stays and the reimbursement explanation -------------------------------------------------


def test_stays_show_shelter_external_days_notice_and_figures(client: Client, world: World) -> None:
    _, html = page(client, world.users[Role.CASE_WORKER], world.citizen)
    stays = html[html.index('id="ophold"') : html.index('id="refusion"')]
    assert "Herberget i Aarhus" in stays
    assert "Forsorgshjemmet i Roskilde</th>" not in stays  # it carries the external mark
    assert re.search(
        r"Forsorgshjemmet i Roskilde <span class=\"badge[^\"]*\">ekstern</span>", stays
    )
    assert "01.01.2025" in stays
    assert "01.06.2025" in stays
    assert "<td>151</td>" in stays  # nights 1 January – 31 May 2025
    assert "<td>264</td>" in stays  # nights 2 March – 20 November 2026
    assert "for sent (frist 06.01.2025)" in stays
    assert "rettidigt (frist 05.03.2026)" in stays
    # 151 nights at 1.500 kr.; 120 reimbursed at 50 % of (1.500 − 96,71) kr.
    assert "226.500,00 kr." in stays
    assert "84.197,40 kr." in stays
    assert "Dage med refusion" in stays


def test_the_explanation_from_the_engine_is_on_the_page(client: Client, world: World) -> None:
    _, html = page(client, world.users[Role.CASE_WORKER], world.citizen)
    explanation = html[html.index('id="refusion"') : html.index('id="forloeb"')]
    assert "dag 1–120 i vinduet 01.01.2025–31.12.2025" in explanation
    assert "ingen refusion: dag 121–151 i vinduet" in explanation
    assert f"Ophold {world.first_stay.pk} på Herberget i Aarhus fra 01.01.2025" in explanation
    assert "Refusionsvinduet åbner på borgerens første opholdsdag" in explanation
    assert "parametersæt" in explanation
    # The 2026 stay runs past 1 April 2026, where the 120-day cap is only a political agreement,
    # and the own payment after 2024 is an assumed value.
    assert "Beregningen bruger værdier, der ikke er vedtaget lov" in explanation
    assert "politisk aftale, ikke vedtaget" in explanation
    assert "antaget værdi, ikke vedtaget" in explanation


def test_a_shelter_without_a_rate_gives_a_danish_alert_not_an_error(
    client: Client, world: World
) -> None:
    case = world.users[Role.CASE_WORKER]
    norate = Shelter.objects.create(
        name="Ny boform", municipality=factories.municipality(), operator=Operator.PRIVATE, places=5
    )
    other = factories.citizen(case, first_name="Uden", last_name="Takst")
    stay_admit(actor=case, citizen=other, shelter=norate, admitted=date(2026, 10, 1), today=TODAY)
    status, html = page(client, case, other)
    assert status == 200
    assert "Refusionen kan ikke beregnes" in html
    assert "ingen takst den 01.10.2026" in html


# --- the timeline ------------------------------------------------------------------------------


def test_the_timeline_is_an_accessible_svg_with_a_table(client: Client, world: World) -> None:
    _, html = page(client, world.users[Role.CASE_WORKER], world.citizen)
    svg = html[
        html.index('<svg id="tidslinje"') : html.index("</svg>", html.index('<svg id="tidslinje"'))
    ]
    assert 'role="img"' in svg
    assert 'aria-labelledby="tidslinje-titel tidslinje-beskrivelse"' in svg
    assert '<title id="tidslinje-titel">Tidslinje for Søren Hansen</title>' in svg
    assert '<desc id="tidslinje-beskrivelse">' in svg
    for text in ("Situation", "Ophold", "Støtte", "Kontakter", "2025", "2026", "I dag"):
        assert text in svg
    assert "Herberget i Aarhus" in svg
    assert "tl-external" in svg
    assert "tl-contact" in svg
    assert 'style="' not in svg  # the CSP forbids inline styles
    table = html[html.index("Tidslinjen som tabel") :]
    assert "Ophold på Forsorgshjemmet i Roskilde (ekstern boform)" in table
    assert "Støtteforløb: CTI (§ 85 a)" in table
    assert "Kontakt: Besøg med Borgeren og boformen" in table


def test_a_stay_reads_the_same_on_the_timeline_and_in_the_stays_table(
    client: Client, world: World
) -> None:
    """The discharge date is a fact (16.08); the timeline adds the last night (15.08)."""
    stay = Stay.objects.filter(citizen=world.citizen, discharged__isnull=False).first()
    assert stay is not None
    admitted, discharged = stay.admitted, stay.discharged
    assert discharged is not None
    last_night = discharged - timedelta(days=1)
    _, html = page(client, world.users[Role.CASE_WORKER], world.citizen)
    when = (
        f"indskrevet {admitted:%d.%m.%Y}, udskrevet {discharged:%d.%m.%Y} "
        f"(sidste nat {last_night:%d.%m.%Y})"
    )
    chart = html.index('<svg id="tidslinje"')
    svg = html[chart : html.index("</svg>", chart)]
    assert when in svg  # the tooltip
    table = html[html.index("Tidslinjen som tabel") : html.index('id="ophold"')]
    assert f"{last_night:%d.%m.%Y} (sidste nat; udskrevet {discharged:%d.%m.%Y})" in table
    assert '<th scope="col">Til og med</th>' in table  # a period's last day, not its end
    stays = html[html.index('id="ophold"') :]
    assert '<th scope="col">Udskrevet (dato)</th>' in stays
    assert f"<td>{discharged:%d.%m.%Y}</td>" in stays


def test_a_period_on_the_timeline_shows_its_first_and_last_day() -> None:
    timeline = build_timeline(
        title="t",
        today=TODAY,
        situations=[
            HomelessnessSituation(situation="street", start=date(2025, 7, 1), end=date(2025, 10, 1))
        ],
        stays=[],
        courses=[],
        contacts=[],
    )
    assert "Situation: Gadesover, 01.07.–30.09.2025" in render_svg(timeline)


def test_the_timeline_escapes_what_users_wrote() -> None:
    timeline = build_timeline(
        title="Tidslinje for <b>x</b>",
        today=TODAY,
        situations=[],
        stays=[],
        courses=[],
        contacts=[],
    )
    assert "<b>" not in render_svg(timeline)
    assert "&lt;b&gt;" in render_svg(timeline)


def test_the_timeline_axis_spans_the_history_and_today(world: World) -> None:
    timeline = build_timeline(
        title="t",
        today=TODAY,
        situations=list(world.citizen.situations.all()),
        stays=list(Stay.objects.filter(citizen=world.citizen).select_related("shelter")),
        courses=[],
        contacts=[],
    )
    assert timeline.start == date(2024, 12, 1)
    assert timeline.end == date(2026, 12, 1)
    assert [e.lane for e in timeline.table_events][:3] == ["situation", "situation", "stay"]
    svg = render_svg(timeline)
    assert ">dec<" in svg or ">jan<" in svg  # month labels fit on a two-year axis


# --- the CPR number ----------------------------------------------------------------------------


def test_reveal_by_htmx_returns_the_number_and_logs_it(client: Client, world: World) -> None:
    client.force_login(world.users[Role.CASE_WORKER])
    url = reverse("citizens:reveal_cpr", kwargs={"pk": world.citizen.pk})
    assert CPR not in url
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "010190-1234" in body
    assert "<html" not in body
    assert "no-store" in response.headers["Cache-Control"]
    entry = AuditEntry.objects.get(action=AuditAction.REVEAL_CPR)
    assert entry.citizen == world.citizen
    assert CPR not in str(entry.detail)


def test_reveal_without_javascript_renders_the_page_once_with_the_number(
    client: Client, world: World
) -> None:
    client.force_login(world.users[Role.CASE_WORKER])
    url = reverse("citizens:reveal_cpr", kwargs={"pk": world.citizen.pk})
    response = client.post(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Søren Hansen" in html
    assert "010190-1234" in html
    assert "Vis fuldt CPR-nummer" not in html
    # The next ordinary visit is masked again.
    assert not cpr_digits_in(page(client, world.users[Role.CASE_WORKER], world.citizen)[1])


def test_reveal_needs_post_and_the_role(client: Client, world: World) -> None:
    url = reverse("citizens:reveal_cpr", kwargs={"pk": world.citizen.pk})
    client.force_login(world.users[Role.CASE_WORKER])
    assert client.get(url).status_code == 405
    for role in (Role.MANAGER, Role.SUPPORT_WORKER, Role.SHELTER_STAFF):
        client.force_login(world.users[role])
        assert client.post(url).status_code == 403
    client.force_login(world.users["stranger"])
    assert client.post(url).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.REVEAL_CPR).exists()


def test_reveal_is_protected_by_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.CASE_WORKER])
    url = reverse("citizens:reveal_cpr", kwargs={"pk": world.citizen.pk})
    assert client.post(url).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.REVEAL_CPR).exists()


def test_no_url_on_the_page_carries_the_cpr(client: Client, world: World) -> None:
    client.force_login(world.users[Role.CASE_WORKER])
    response = client.post(reverse("citizens:reveal_cpr", kwargs={"pk": world.citizen.pk}))
    html = response.content.decode()
    for url in re.findall(r'(?:href|action|hx-post|src)="([^"]*)"', html):
        assert "010190" not in url
        assert "1234" not in url


# --- the query count ---------------------------------------------------------------------------


def _citizen_with(rows: int, case: User, shelter: Shelter) -> Citizen:
    citizen = factories.citizen(case, first_name=f"Mange{rows}", start=date(2020, 1, 1))
    day = date(2023, 1, 2)
    for _ in range(rows):
        stay = stay_admit(actor=case, citizen=citizen, shelter=shelter, admitted=day, today=TODAY)
        stay_discharge(actor=case, stay=stay, discharged=day + timedelta(days=5), today=TODAY)
        course_create(
            actor=case,
            citizen=citizen,
            kind=CourseKind.ICM,
            decided_on=day,
            start=day,
            end=day + timedelta(days=20),
            worker=case,
        )
        contact_add(actor=case, citizen=citizen, on=day, kind="phone", today=TODAY, note="n")
        botilbud_stay_add(  # § 107 stays and risks are on the timeline too (not overlapping)
            actor=case,
            citizen=citizen,
            provider="Botilbud",
            decided_on=day,
            start=day,
            end=day + timedelta(days=5),
            monthly_cost=Decimal(0),
            today=TODAY,
        )
        risk_add(actor=case, citizen=citizen, kind=RiskKind.EVICTION, noted_on=day, today=TODAY)
        day += timedelta(days=10)
    consent_add(
        actor=case,
        citizen=citizen,
        recipient="A",
        scope="B",
        given_on=date(2024, 1, 1),
        today=TODAY,
    )
    return citizen


def test_the_page_costs_the_same_queries_for_2_and_40_rows(
    client: Client, world: World, django_assert_num_queries: object
) -> None:
    case = world.users[Role.CASE_WORKER]
    few, many = _citizen_with(2, case, world.home), _citizen_with(40, case, world.home)
    client.force_login(case)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("citizens:detail", kwargs={"pk": few.pk})).status_code == 200
    with django_assert_num_queries(len(small.captured_queries)):  # type: ignore[operator]
        response = client.get(reverse("citizens:detail", kwargs={"pk": many.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Telefonsamtale") >= 40
    assert html.count("Midlertidigt botilbud (§ 107): Botilbud") >= 40
    assert html.count("Risiko for hjemløshed: Varsel om udsættelse") >= 40
    # One query per kind of record (the § 107 stays are the latest), and the audit chain's.
    assert len(small.captured_queries) <= 19 + factories.AUDIT_CHAIN_QUERIES


# --- derived facts ---------------------------------------------------------------------------


def test_time_in_homelessness_counts_each_day_once_and_flags_long_term() -> None:
    def situation(start: date, end: date | None) -> HomelessnessSituation:
        return HomelessnessSituation(situation=Situation.STREET, start=start, end=end)

    summary = homelessness_summary(
        [situation(date(2026, 1, 1), date(2026, 3, 1)), situation(date(2026, 2, 1), None)],
        today=TODAY,
    )
    assert summary.total_days == (TODAY - date(2026, 1, 1)).days
    assert summary.current is not None
    assert summary.current.start == date(2026, 2, 1)
    assert summary.long_term  # more than 183 days
    short = homelessness_summary([situation(date(2026, 10, 1), date(2026, 11, 1))], today=TODAY)
    assert (short.total_days, short.current, short.long_term) == (31, None, False)


def test_durations_read_in_danish() -> None:
    assert duration_text(0) == "0 dage"
    assert duration_text(1) == "1 dag"
    assert duration_text(45) == "1 måned (45 dage)"
    assert duration_text(460) == "1 år og 3 måneder (460 dage)"
