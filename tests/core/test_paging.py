"""The numbered pager: its links keep the other query parameters and mark the current page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import QueryDict

from hjemvej.core.paging import page_links, page_url


def test_a_page_link_keeps_the_filters_and_replaces_the_page() -> None:
    params = QueryDict("situation=street&long_term=on&page=3")
    url = page_url("/borgere/", params, 4)
    assert url == "/borgere/?situation=street&long_term=on&page=4"
    assert page_url("/boformer/7/", QueryDict(), 2, fragment="bevaegelser") == (
        "/boformer/7/?page=2#bevaegelser"
    )


def test_the_pager_shows_the_first_the_last_and_the_pages_around_the_current() -> None:
    page = Paginator(list(range(250)), 10).get_page(12)  # 25 pages
    links = page_links(page, "/borgere/", QueryDict("q=jens"))
    numbers = [item.get("number") for item in links["items"]]
    assert numbers == [1, None, 10, 11, 12, 13, 14, None, 25]  # None: a gap
    current = [item for item in links["items"] if item.get("current")]
    assert [item["number"] for item in current] == [12]
    assert links["previous"] == "/borgere/?q=jens&page=11"
    assert links["next"] == "/borgere/?q=jens&page=13"
    assert (links["total"], links["number"]) == (25, 12)


def test_the_first_and_the_last_page_have_no_previous_and_no_next() -> None:
    paginator = Paginator(list(range(30)), 10)
    first = page_links(paginator.get_page(1), "/x/", QueryDict())
    last = page_links(paginator.get_page(3), "/x/", QueryDict())
    assert first["previous"] == ""
    assert first["next"] == "/x/?page=2"
    assert last["next"] == ""
    assert last["previous"] == "/x/?page=2"
