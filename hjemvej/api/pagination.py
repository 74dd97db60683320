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
        offset: int = Field(
            0, ge=0, le=MAX_OFFSET, description="Hvor mange rækker der springes over."
        )

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


class Rows:
    """A queryset the pagination slices and counts, whose rows come out as the API's dicts."""

    def __init__(self, rows: QuerySet[Any], shape: Callable[[Any], dict[str, Any]]) -> None:
        self.rows = rows
        self.shape = shape

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [self.shape(row) for row in self.rows[index]]

    def all(self) -> QuerySet[Any]:
        """Return the rows' queryset (what the pagination counts)."""
        return self.rows.all()

    def __len__(self) -> int:
        return self.rows.count()
