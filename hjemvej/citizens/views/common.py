"""What every view of one citizen's records starts from: the citizen, if the user may see them."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import citizens_for
from hjemvej.citizens.models import Citizen


def scoped_citizen(request: HttpRequest, pk: int) -> Citizen:
    """Return the citizen if the user may see them, else raise 404 (the same as not existing)."""
    user = request.user
    assert isinstance(user, User)
    return get_object_or_404(
        citizens_for(user).select_related(
            "acting_municipality", "residence_municipality", "case_worker"
        ),
        pk=pk,
    )
