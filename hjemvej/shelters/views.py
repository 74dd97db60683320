"""Shelters: residents, occupancy, admissions and discharges."""

from django.http import HttpRequest, HttpResponse

from hjemvej.accounts.policy import Action, policy

# PLACEHOLDER: replaced by the screen implementation in this session.


@policy(Action.VIEW_SHELTERS)
def shelter_list(request: HttpRequest) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.VIEW_SHELTERS)
def shelter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)
