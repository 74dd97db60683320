"""The API's lists: ``limit`` and ``offset`` (ninja's limit/offset pagination), both bounded.

The page's rows are read once; an operation that shows citizens logs the page it returns
(``request.api_shown``), as the by-name list logs the page it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

#: The largest offset: far beyond any municipality's list, small enough for any database.
MAX_OFFSET = 1_000_000


class Page(LimitOffsetPagination):
    """``?limit=`` (1 to ``NINJA_PAGINATION_MAX_LIMIT``) and ``?offset=`` (0 to ``MAX_OFFSET``)."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="Hvor mange rækker (højst 200).",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Hvor mange rækker der springes over.")

    def paginate_queryset(
        self,
        queryset: QuerySet[Any],
        pagination: Any,
        request: HttpRequest,
        **params: Any,
    ) -> dict[str, Any]:
        """Return the page's rows and the count of all; log the rows shown, if asked to."""
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        items = list(queryset[offset : offset + limit])
        shown: Callable[[list[Any]], None] | None = getattr(request, "api_shown", None)
        if shown is not None:
            shown(items)
        return {"items": items, "count": self._items_count(queryset)}
