"""Forms that change a citizen's data, all through services."""

from django.http import HttpRequest, HttpResponse

from hjemvej.accounts.policy import Action, policy

# PLACEHOLDER: replaced by the screen implementation in this session.


@policy(Action.EDIT_CITIZEN)
def citizen_create(request: HttpRequest) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.CREATE_CITIZEN)
def admit_new(request: HttpRequest) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.EDIT_CITIZEN)
def citizen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.EDIT_CITIZEN)
def situation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.EDIT_CITIZEN)
def situation_end(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.MANAGE_STAYS)
def stay_admit(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.MANAGE_STAYS)
def stay_discharge(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.MANAGE_STAYS)
def stay_edit(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.MANAGE_COURSES)
def course_create(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.MANAGE_COURSES)
def course_edit(request: HttpRequest, pk: int, course_pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.ADD_CONTACT)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.EDIT_CITIZEN)
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.EDIT_CITIZEN)
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.MERGE_CITIZENS)
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)


@policy(Action.MERGE_CITIZENS)
def unmerge(request: HttpRequest, merge_pk: int) -> HttpResponse:
    """PLACEHOLDER."""
    return HttpResponse("Ikke færdig", status=501)
