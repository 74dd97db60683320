"""Finding the other record of the same citizen to merge."""

from __future__ import annotations

from django import forms

from hjemvej.core.forms import HjemvejForm


class MergeSearchForm(HjemvejForm):
    """Find the other record of the same citizen by name (sent by POST, never in the URL)."""

    q = forms.CharField(
        label="Navn eller alias",
        max_length=100,
        min_length=2,
        help_text="Mindst to bogstaver af for- eller efternavn eller alias.",
        error_messages={"min_length": "Skriv mindst to bogstaver."},
    )
