"""Law and practice scenarios: the saved list, the two forms, and a scenario run again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.core.dates import today
from hjemvej.core.errors import DomainError
from hjemvej.core.law import status_notice
from hjemvej.economy.scenarios import selectors, services
from hjemvej.economy.scenarios.compute.sources import PUBLIC_DOCUMENTS
from hjemvej.economy.scenarios.forms import PRACTICE_FORMS, LawScenarioForm, ScenarioForm
from hjemvej.economy.scenarios.models import ScenarioKind
from hjemvej.economy.scenarios.spec import PRACTICE_LABELS
from hjemvej.rules.parameters import ParameterSet, ParameterValue, default_parameters
from hjemvej.rules.paths import compare_paths, used_parameters

#: The practice kinds as they appear in the address (``?type=``).
PRACTICE_SLUGS: dict[str, str] = {
    "kortere-ophold": "shorter_stays",
    "faerre-eksterne": "fewer_external",
    "housing-first": "housing_first",
    "egenbetaling-tilbage": "own_payment_back",
}
PRACTICE_INTROS: dict[str, str] = {
    "shorter_stays": (
        "Hvad ville det betyde, hvis hvert ophold var N dage kortere? Kommunens egne ophold "
        "regnes igennem igen, hvert afsluttet ophold afkortet."
    ),
    "fewer_external": (
        "Færre helårspersoner på eksterne boformer, regnet med de eksterne boformers "
        "gennemsnitlige nettoudgift pr. dag sidste år – som Randers Kommunes budgetforslag."
    ),
    "housing_first": (
        "N borgere om året flytter fra boform til egen bolig med CTI, ICM, ACT eller M-ACT; "
        "femårsudgiften sammenlignet med ophold på boform 30, 90, 120 eller 365 dage om året, "
        "i stil med Social- og Boligstyrelsens SØM-baserede beregninger."
    ),
    "own_payment_back": (
        "Hvad ville det koste at betale egenbetalingen under opholdene tilbage til indskud eller "
        "etablering til alle (eller en andel af dem), der flytter i egen bolig? Regnet på "
        "kommunens egne indflytninger og ophold sidste år, fratrukket det, kommunen allerede "
        "betalte tilbage."
    ),
}


@dataclass(frozen=True)
class Example:
    """A law scenario to start from (a link on the form)."""

    slug: str
    name: str
    overrides: str
    readings: dict[str, str]


def law_examples(year: int) -> list[Example]:
    """Return the examples offered on the law form."""
    return [
        Example(
            "loft-90",
            "Loft på 90 dage fra 01.04.2026 (lovens oprindelige plan)",
            "shelter.reimbursement.day_cap=90@2026-04-01",
            {},
        ),
        Example(
            "uden-udvidelse",
            "Uden udvidelsen af § 176 a til alle hjemløshedssituationer",
            "support.extension.all_situations=nej@2026-07-01",
            {},
        ),
        Example(
            "refusion-40",
            f"Refusion efter § 177 på 40 % fra 01.01.{year + 1}",
            f"shelter.reimbursement.rate=40@{year + 1}-01-01",
            {},
        ),
        Example(
            "rullende",
            "Rullende 365 dage i stedet for forankret vindue",
            "",
            {"window": "rolling365"},
        ),
    ]


@dataclass(frozen=True)
class ParameterRow:
    """A parameter value that is not enacted law, as the page shows it."""

    title: str
    value: ParameterValue
    status: str  # Danish


def status_text(value: ParameterValue) -> str:
    """Return in Danish what a value's status means, and where an assumed number is from."""
    notice = status_notice(value)
    text = notice[:1].upper() + notice[1:]
    if value.status != "assumed":
        return text
    source = value.source.strip()
    document = next((d for d in PUBLIC_DOCUMENTS if source.startswith(d)), None)
    return f"{text}; tallet er fra {document}" if document else f"{text}; Hjemvejs skøn"


def parameter_rows(values: tuple[ParameterValue, ...], params: ParameterSet) -> list[ParameterRow]:
    """Return the values with their parameters' titles and status texts."""
    return [
        ParameterRow(params[v.name].title if v.name in params else v.name, v, status_text(v))
        for v in values
    ]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@policy(Action.VIEW_ECONOMY)
def scenarios(request: HttpRequest) -> HttpResponse:
    """Show the municipality's saved scenarios and the ways to make a new one."""
    user = _user(request)
    items = selectors.saved_scenarios(user.municipality_id) if user.municipality_id else []
    return render(
        request,
        "economy/scenarios/list.html",
        {
            "scenarios": items,
            "may_manage": allowed(user, Action.MANAGE_ECONOMY),
            "practice_kinds": [
                (slug, PRACTICE_LABELS[kind], PRACTICE_INTROS[kind])
                for slug, kind in PRACTICE_SLUGS.items()
            ],
        },
    )


def _save(request: HttpRequest, form: ScenarioForm) -> HttpResponseRedirect | None:
    """Save the valid form's scenario; return the redirect, or None when the service refused."""
    try:
        scenario = services.scenario_create(
            actor=_user(request),
            name=form.cleaned_data["name"],
            spec=form.spec(),
            params=form.params,
        )
    except DomainError as exc:
        form.add_domain_error(exc)
        return None
    messages.success(request, f"Scenariet »{scenario.name}« er gemt og beregnet.")
    return redirect("economy:scenario", pk=scenario.pk)


@policy(Action.MANAGE_ECONOMY)
def scenario_law_new(request: HttpRequest) -> HttpResponse:
    """Create a law scenario: changed parameters and readings."""
    params = default_parameters()
    day = today()
    examples = law_examples(day.year)
    if request.method == "POST":
        form = LawScenarioForm(request.POST, params=params, today=day)
        if form.is_valid() and (done := _save(request, form)) is not None:
            return done
    else:
        chosen = next((e for e in examples if e.slug == request.GET.get("eksempel")), None)
        initial: dict[str, str] = {}
        if chosen is not None:
            initial = {"name": chosen.name, "overrides": chosen.overrides, **chosen.readings}
        form = LawScenarioForm(initial=initial, params=params, today=day)
    return render(
        request,
        "economy/scenarios/law_form.html",
        {
            "form": form,
            "examples": examples,
            "parameters": [{"param": p, "value": _value_on(p.values, day)} for p in params],
            "today": day,
        },
    )


def _value_on(values: tuple[ParameterValue, ...], day: date) -> ParameterValue:
    """Return the value in force on the day, or the first one when none is yet."""
    current = [v for v in values if v.valid_from <= day]
    return current[-1] if current else values[0]


@policy(Action.MANAGE_ECONOMY)
def scenario_practice_new(request: HttpRequest) -> HttpResponse:
    """Create a practice scenario; without ``?type=`` choose the kind first."""
    params = default_parameters()
    day = today()
    slug = request.POST.get("type") or request.GET.get("type") or ""
    kind = PRACTICE_SLUGS.get(slug)
    if kind is None:
        start = date(day.year + 1, 1, 1)
        paths = compare_paths(start=start, params=params)
        values = used_parameters(params, start, date(start.year + 5, 1, 1))
        unit_costs = [p for p in params if p.area == "housing_first"]
        shown = tuple(v for v in [*(p.at(start) for p in unit_costs), *values] if not v.enacted)
        return render(
            request,
            "economy/scenarios/practice_choose.html",
            {
                "kinds": [
                    (s, PRACTICE_LABELS[k], PRACTICE_INTROS[k]) for s, k in PRACTICE_SLUGS.items()
                ],
                "paths": paths,
                "path_start": start,
                "path_years": range(1, len(paths[0].years) + 1),
                "parameter_rows": parameter_rows(shown, params),
                "fingerprint": params.fingerprint,
            },
        )
    form_class = PRACTICE_FORMS[kind]
    if request.method == "POST":
        form = form_class(request.POST, params=params, today=day)
        if form.is_valid() and (done := _save(request, form)) is not None:
            return done
    else:
        form = form_class(params=params, today=day)
    return render(
        request,
        "economy/scenarios/practice_form.html",
        {"form": form, "slug": slug, "intro": PRACTICE_INTROS[kind]},
    )


@policy(Action.VIEW_ECONOMY)
def scenario(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a saved scenario again and show its result; POST ``slet`` deletes it."""
    user = _user(request)
    saved = get_object_or_404(selectors.scenarios_of(user.municipality_id), pk=pk)
    may_manage = allowed(user, Action.MANAGE_ECONOMY)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if "slet" in request.POST:
            name = saved.name
            services.scenario_delete(actor=user, scenario=saved)
            messages.success(request, f"Scenariet »{name}« er slettet.")
            return redirect("economy:scenarios")
        return redirect("economy:scenario", pk=saved.pk)
    params = default_parameters()
    day = today()
    result = None
    problem = ""
    try:
        result = selectors.run_scenario(saved, day)
    except selectors.ScenarioError as exc:
        problem = exc.message
    else:
        services.scenario_mark_run(scenario=saved, at=timezone.now())
    context: dict[str, object] = {
        "scenario": saved,
        "result": result,
        "problem": problem,
        "may_manage": may_manage,
        "is_law": saved.kind == ScenarioKind.LAW,
        "list_url": reverse("economy:scenarios"),
        "practice_label": PRACTICE_LABELS.get(result.practice_kind or "", "") if result else "",
    }
    if result is not None:
        context["parameter_rows"] = parameter_rows(result.parameters, params)
        if result.paths:
            context["path_years"] = range(1, len(result.paths[0].years) + 1)
            context["path_start"] = result.paths[0].years[0].start
    return render(request, "economy/scenarios/detail.html", context)
