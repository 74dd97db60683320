"""Login, logout and the audit log."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from hjemvej.accounts.forms import LoginForm
from hjemvej.accounts.policy import Action, policy


@policy(Action.PUBLIC)
def login(request: HttpRequest) -> HttpResponse:
    """Show the login form; django-axes locks a user out after repeated failures."""
    view = auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
    return view(request)


@policy(Action.SIGNED_IN)
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Log out (POST only, so a link or an image cannot log a user out)."""
    return auth_views.LogoutView.as_view()(request)


@policy(Action.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    """PLACEHOLDER: the audit log for administrators."""
    return HttpResponse("Ikke færdig", status=501)
