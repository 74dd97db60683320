"""Economists see no names or CPR numbers in any statistics page or file (issue 13).

On the small demo the economist follows every link under /statistik/ from its front page (the
sections, their year and month choosers, the ways down to the citizens behind a number, the
downloads), and no page or file holds a citizen's name, alias or anything that looks like a CPR
number; no page answers with a server error. The manager, who may see names, walks the same
pages, so a page that shows nobody is not mistaken for a page that hides them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from html import unescape

import pytest
from django.test import Client

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.core import cpr_text
from tests import demo_copy

pytestmark = pytest.mark.django_db
#: Enough to reach every section, its choosers and its drill-downs, not every year's variant.
MAX_PAGES = 120
LINK = re.compile(r'href="(/statistik/[^"#]*)"')


def text_of(content: bytes, content_type: str) -> str:
    """Return what a reader of the response sees: the page's text, or a workbook's strings."""
    if "spreadsheetml" in content_type:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return " ".join(
                book.read(name).decode() for name in book.namelist() if name.endswith(".xml")
            )
    return unescape(content.decode(errors="replace"))


def walk(client: Client) -> dict[str, str]:
    """Follow the links under /statistik/ breadth first; return each address's text."""
    seen: dict[str, str] = {}
    waiting = deque(["/statistik/"])
    while waiting and len(seen) < MAX_PAGES:
        url = unescape(waiting.popleft())
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            seen[url] = ""
            continue
        content = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
        text = text_of(content, response.get("Content-Type", ""))
        seen[url] = text
        if "text/html" in response.get("Content-Type", ""):
            waiting.extend(link for link in LINK.findall(text) if unescape(link) not in seen)
    return seen


def where_cpr(text: str) -> list[str]:
    """Return what stands around each possible CPR number (the number itself masked)."""
    return [
        cpr_text.hide(text[max(0, start - 60) : end + 60]) for start, end in cpr_text.spans(text)
    ]


def citizen_names() -> set[str]:
    staff = {f"{u.first_name} {u.last_name}" for u in User.objects.all()}
    names = {f"{c.first_name} {c.last_name}" for c in Citizen.objects.all() if c.last_name}
    names |= {c.alias for c in Citizen.objects.all() if len(c.alias) > 3}
    return names - staff


def test_the_economist_sees_no_name_or_cpr_number_anywhere_under_statistik(
    client: Client,
) -> None:
    demo_copy.small_demo()  # built on factories.TODAY with the logins
    names = citizen_names()
    assert len(names) > 50

    client.force_login(User.objects.get(username="oekonomi"))
    pages = walk(client)
    assert len(pages) > 1, "statistikkens forside fører ingen steder hen"
    for url, text in pages.items():
        shown = sorted(name for name in names if name in text)
        assert shown == [], f"{url} viser {shown[:3]}"
        assert not cpr_text.in_text(text), (url, where_cpr(text))

    client.force_login(User.objects.get(username="leder"))
    manager_pages = walk(client)
    assert any(name in text for text in manager_pages.values() for name in names), (
        "lederen ser heller ingen navne: testen viser ikke, at økonomen får dem skjult"
    )
