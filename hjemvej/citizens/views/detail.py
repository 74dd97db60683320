"""The citizen's page: timeline, stays, support, contacts, reimbursement."""

from django.http import HttpRequest, HttpResponse

from hjemvej.accounts.policy import Action, policy

# PLACEHOLDER: replaced by the screen implementation in this session.


@policy(Action.VIEW_CITIZEN)
def citizen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.REVEAL_CPR)
def reveal_cpr(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)
