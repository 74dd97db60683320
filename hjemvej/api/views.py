"""The administrators' page of API tokens: their municipality's users' tokens, and revoking one.

Listing shows no citizen and no token (only its first characters) and is logged as a read of
the page; a revocation is logged as a change of the token (``tokens.api_token_revoke``). A
token is made on the server's command line (``hjemvej apitoken create``), where it is shown once.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, policy
from hjemvej.api.tokens import api_token_revoke, tokens_administered_by
from hjemvej.core.errors import DomainError
from hjemvej.core.pages import current_user

PER_PAGE = 50


@policy(Action.MANAGE_API_TOKENS)
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    """List the API tokens of the municipality's users, newest first, with revoke buttons."""
    user = current_user(request)
    page = Paginator(tokens_administered_by(user), PER_PAGE).get_page(request.GET.get("side"))
    # Who looked at the municipality's tokens, and when (no citizen, no token).
    audit.record(actor=user, action=AuditAction.VIEW, detail={"page": "apitokens:list"})
    return render(request, "api/tokens.html", {"page": page, "tokens": list(page.object_list)})


@policy(Action.MANAGE_API_TOKENS)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """Revoke one token of a user of the administrator's municipality (else 404)."""
    user = current_user(request)
    token = get_object_or_404(tokens_administered_by(user), pk=pk)
    try:
        api_token_revoke(token=token, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"API-nøglen {token.prefix}… til {token.user} er tilbagekaldt.")
    return HttpResponseRedirect(reverse("apitokens:list"))
