"""A progress bar on the command line that rewrites itself (as ``hjemvej demo`` draws it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from django.core.management.base import OutputWrapper


def bar(stream: OutputWrapper | TextIO, label: str) -> Callable[[float], None]:
    """Return a function that draws the share done on one line of ``stream``."""
    last: list[int] = [-1]

    def draw(share: float) -> None:
        width = 30
        filled = round(share * width)
        percent = round(share * 100)
        if percent == last[0]:
            return
        last[0] = percent
        end = "\n" if share >= 1 else ""
        stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {percent:3d} %{end}")
        stream.flush()

    return draw
