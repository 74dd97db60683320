"""A shelter admits a citizen by CPR number: a known citizen, or a new one created in one go."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.accounts.policy import Action, may_manage_stay_at, policy
from hjemvej.citizens import carried_cpr
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.duplicates import DuplicateSearch
from hjemvej.citizens.models import Citizen, Situation, SituationSource
from hjemvej.citizens.views import duplicates
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page, to_page
from hjemvej.shelters import services as shelter_services
from hjemvej.shelters.forms import AdmitNewForm
from hjemvej.shelters.models import Stay

CPR_MATCH = (
    "Hjemvej kender en borger med dette CPR-nummer. Bekræft med personen, at det er "
    "vedkommendes navn, før du indskriver."
)


def _lookup(user: User, number: str) -> Citizen | None:
    """Find the citizen with the CPR number and log the look-up, found or not.

    Called outside any transaction, so the entry stays although the admission is refused.
    """
    found = citizen_services.citizen_by_cpr(number)
    audit.record(
        actor=user,
        action=AuditAction.SEARCH,
        citizen=found,
        detail={"page": "citizens:admit_new", "by": "cpr", "found": found is not None},
    )
    return found


@policy(Action.CREATE_CITIZEN)
@never_cache
@FORM_METHODS
def admit_new(request: HttpRequest) -> HttpResponse:
    """Admit a citizen by CPR number (or a new citizen without one) to a shelter.

    Every CPR look-up is logged, found or not. A known CPR number goes through a match step
    first: the form comes back with the citizen's name to confirm with the person, and nothing
    else (not where they stay, nor that another stay overlaps); the number is then carried in
    the session (``carried_cpr``), never written back into the page. Otherwise possible
    duplicates (a similar alias, or a similar name and the CPR number's birth date) are shown
    first, by name or alias and birth year only, and the user admits one of them or creates the
    citizen anyway; the citizen is created in the shelter situation and admitted, in one
    transaction.
    ``?opslag=<token>`` (or the posted ``opslag``) brings a CPR number carried from a search or
    the match step; ``?boform=<pk>`` chooses the shelter (one the user may admit to).
    """
    user = current_user(request)
    today = dates.today()
    initial: dict[str, Any] = {"admitted": today}
    if user.shelter_id is not None and user.shelter is not None:
        initial["acting_municipality"] = user.shelter.municipality_id
    elif user.municipality_id is not None:
        initial["acting_municipality"] = user.municipality_id
    shelter = request.GET.get("boform", "")
    if shelter.isdigit() and may_manage_stay_at(user, int(shelter)):
        initial["shelter"] = int(shelter)
    form = AdmitNewForm(request.POST or None, user=user, initial=initial)
    shown: DuplicateSearch | None = None
    extra: dict[str, Any] = {}
    token = request.POST.get(carried_cpr.PARAMETER) or request.GET.get(carried_cpr.PARAMETER, "")
    carried = carried_cpr.carried(request.session, token, now=timezone.now())
    if carried is not None:
        carried_cpr.use_in_form(form, carried)
        extra["carried_token"] = token
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not may_manage_stay_at(user, data["shelter"].pk):
            raise PermissionDenied
        try:
            number = cpr_codec.normalise(data["cpr"]) if data["cpr"] else ""
        except DomainError as exc:  # not a CPR number: nothing is looked up
            form.add_domain_error(exc)
            return _page(request, form, extra, token=token, carried=carried)
        existing = _lookup(user, number) if number else None
        confirmed = carried == number and bool(request.POST.get("confirm_cpr_match"))
        if existing is not None and not confirmed:
            match_token = carried_cpr.carry(request.session, number, now=timezone.now())
            carried_cpr.use_in_form(form, number)
            extra |= {"cpr_match": existing.display_name, "carried_token": match_token}
            return _page(request, form, extra, token=token, carried=carried)

        def admit() -> Stay | DuplicateSearch:
            chosen = existing
            decision = duplicates.Decision()
            if chosen is None:
                # Outside the transaction, so that the matches shown stay in the audit log.
                decision = duplicates.decide(
                    request,
                    page="admit_new",
                    acting_municipality_id=data["acting_municipality"].pk,
                    today=today,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    alias=data["alias"],
                    birth_date=cpr_codec.birth_date(number) if number else None,
                )
                if decision.show is not None:
                    return decision.show
                if decision.chosen is not None:
                    chosen = Citizen.objects.get(pk=decision.chosen)
            with transaction.atomic():
                if chosen is None:
                    chosen = citizen_services.citizen_create(
                        actor=user,
                        acting_municipality=data["acting_municipality"],
                        situation=Situation.SHELTER,
                        situation_start=data["admitted"],
                        today=today,
                        cpr=number,
                        alias=data["alias"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        source=SituationSource.SHELTER,
                        confirmed_despite=decision.confirmed,
                    )
                # The service answers shelter staff without naming another shelter.
                return shelter_services.stay_admit(
                    actor=user,
                    citizen=chosen,
                    shelter=data["shelter"],
                    admitted=data["admitted"],
                    today=today,
                    **form.stay_fields(),
                )

        result = attempt(form, admit)
        if isinstance(result, Stay):
            carried_cpr.drop(request.session, token)
            return to_page(request, result.citizen, f"Borgeren er indskrevet på {result.shelter}.")
        shown = result
    extra |= duplicates.matches_context(form, shown, admit=True)
    return _page(request, form, extra, token=token, carried=carried)


def _page(
    request: HttpRequest,
    form: AdmitNewForm,
    extra: dict[str, Any],
    *,
    token: str,
    carried: str | None,
) -> HttpResponse:
    intro = (
        "Skriv borgerens CPR-nummer. Kender Hjemvej borgeren i forvejen, vises borgerens navn, "
        "så du kan bekræfte det med personen, før du indskriver; ellers oprettes borgeren. For "
        "en borger uden CPR-nummer skrives navn eller alias."
    )
    if token and carried is None:
        intro = f"{intro} {carried_cpr.EXPIRED}"
    if "cpr_match" in extra:
        extra["cpr_match_text"] = CPR_MATCH
    return form_page(
        request,
        form,
        title="Indskriv borger",
        intro=intro,
        submit="Indskriv",
        cancel_url=reverse("citizens:list"),
        extra=extra,
        template=duplicates.TEMPLATE,
    )
