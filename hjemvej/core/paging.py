"""The numbered pager of a paginated list: previous, next and the pages around the current one.

``page_links`` gives what ``core/_pager.html`` shows (DKFDS pagination, Danish, with an
``aria-label`` and the current page marked ``aria-current="page"``); the links keep the page's
other query parameters. The by-name list and a shelter's movements use it.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import QueryDict

#: The query parameter of the page number.
PAGE_PARAMETER = "page"


def page_url(path: str, params: QueryDict, number: int, *, fragment: str = "") -> str:
    """Return ``path`` with ``params`` (the other filters kept) and the page ``number``."""
    query = params.copy()
    query[PAGE_PARAMETER] = str(number)
    return f"{path}?{query.urlencode()}" + (f"#{fragment}" if fragment else "")


def page_links(
    page: Page[Any], path: str, params: QueryDict, *, fragment: str = ""
) -> dict[str, Any]:
    """Return the pager of ``page``: previous, next, and the pages around the current one."""

    def url(number: int) -> str:
        return page_url(path, params, number, fragment=fragment)

    total = page.paginator.num_pages
    shown = sorted({1, total, *range(page.number - 2, page.number + 3)} & set(range(1, total + 1)))
    items: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append({"gap": True})
        items.append({"number": number, "url": url(number), "current": number == page.number})
        previous = number
    return {
        "items": items,
        "previous": url(page.previous_page_number()) if page.has_previous() else "",
        "next": url(page.next_page_number()) if page.has_next() else "",
        "total": total,
        "number": page.number,
    }
