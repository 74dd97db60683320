"""The by-name list: filters, sort, search, pagination and export."""

from django.http import HttpRequest, HttpResponse

from hjemvej.accounts.policy import Action, policy

# PLACEHOLDER: replaced by the screen implementation in this session.


@policy(Action.VIEW_CITIZENS)
def citizen_list(request: HttpRequest) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.EXPORT_LIST)
def citizen_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)
