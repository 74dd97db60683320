"""A shelter admits a citizen by CPR number: a known citizen, or a new one created in one go."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

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


@policy(Action.CREATE_CITIZEN)
@never_cache
@FORM_METHODS
def admit_new(request: HttpRequest) -> HttpResponse:
    """Admit a citizen by CPR number (or a new citizen without one) to a shelter.

    A citizen with the CPR number is admitted without anything about them being shown first.
    Otherwise possible duplicates (a similar alias, or a similar name and the CPR number's birth
    date) are shown first, by name or alias and birth year only, and the user admits one of them
    or creates the citizen anyway; the citizen is created in the shelter situation and admitted,
    in one transaction.
    ``?opslag=<token>`` brings the CPR number of a search that found nobody (``carried_cpr``);
    ``?boform=<pk>`` chooses the shelter (one the user may admit to).
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
    token = request.GET.get(carried_cpr.PARAMETER, "")
    carried = carried_cpr.carried(request.session, token, now=timezone.now())
    if carried is not None:
        carried_cpr.use_in_form(form, carried)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not may_manage_stay_at(user, data["shelter"].pk):
            raise PermissionDenied

        def admit() -> Stay | DuplicateSearch:
            existing = citizen_services.citizen_by_cpr(data["cpr"]) if data["cpr"] else None
            decision = duplicates.Decision()
            if existing is None:
                # Outside the transaction, so that the matches shown stay in the audit log.
                decision = duplicates.decide(
                    request,
                    page="admit_new",
                    acting_municipality_id=data["acting_municipality"].pk,
                    today=today,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    alias=data["alias"],
                    birth_date=cpr_codec.birth_date(data["cpr"]) if data["cpr"] else None,
                )
                if decision.show is not None:
                    return decision.show
                if decision.chosen is not None:
                    existing = Citizen.objects.get(pk=decision.chosen)
            with transaction.atomic():
                if existing is None:
                    citizen = citizen_services.citizen_create(
                        actor=user,
                        acting_municipality=data["acting_municipality"],
                        situation=Situation.SHELTER,
                        situation_start=data["admitted"],
                        today=today,
                        cpr=data["cpr"],
                        alias=data["alias"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        source=SituationSource.SHELTER,
                        confirmed_despite=decision.confirmed,
                    )
                    return shelter_services.stay_admit(
                        actor=user,
                        citizen=citizen,
                        shelter=data["shelter"],
                        admitted=data["admitted"],
                        today=today,
                        **form.stay_fields(),
                    )
                try:
                    return shelter_services.stay_admit(
                        actor=user,
                        citizen=existing,
                        shelter=data["shelter"],
                        admitted=data["admitted"],
                        today=today,
                        **form.stay_fields(),
                    )
                except DomainError as exc:
                    if exc.field != "admitted":
                        raise
                    # Say nothing about where a citizen the user could not see is staying.
                    raise DomainError(
                        "Borgeren er allerede indskrevet på en boform i samme periode. "
                        "Kontakt borgerens handlekommune.",
                        field="admitted",
                    ) from None

        result = attempt(form, admit)
        if isinstance(result, Stay):
            carried_cpr.drop(request.session, token)
            return to_page(request, result.citizen, f"Borgeren er indskrevet på {result.shelter}.")
        shown = result
    intro = (
        "Skriv borgerens CPR-nummer. Kender Hjemvej borgeren i forvejen, indskrives den "
        "borger; ellers oprettes borgeren. For en borger uden CPR-nummer skrives navn eller "
        "alias."
    )
    if token and carried is None:
        intro = f"{intro} {carried_cpr.EXPIRED}"
    return form_page(
        request,
        form,
        title="Indskriv borger",
        intro=intro,
        submit="Indskriv",
        cancel_url=reverse("citizens:list"),
        extra=duplicates.matches_context(form, shown, admit=True),
        template=duplicates.TEMPLATE,
    )
