"""A support worker's own open courses, for their start page."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import citizens_for
from hjemvej.support.models import SupportCourse


def open_courses_of(user: User, today: date) -> QuerySet[SupportCourse]:
    """Return the user's courses running on ``today``, with their citizen, by the citizen's name."""
    return (
        SupportCourse.objects.filter(citizen__in=citizens_for(user), worker=user, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .select_related("citizen")
        .order_by("citizen__last_name", "citizen__first_name", "citizen__alias", "pk")
    )
