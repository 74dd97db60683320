"""The upload form of the records page."""

from __future__ import annotations

from django import forms

#: The largest workbook the page takes (a national municipality's records fit well within it).
MAX_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    """An xlsx workbook, and whether only to check it."""

    workbook = forms.FileField(
        label="Projektmappe (xlsx)",
        help_text="Arkene og kolonnerne står i skabelonen og i docs/import.md.",
        error_messages={"required": "Vælg en xlsx-fil.", "empty": "Filen er tom."},
    )
    dry_run = forms.BooleanField(
        label="Prøvekørsel: kontrollér og tæl, men skriv intet",
        required=False,
        initial=True,
    )

    def clean_workbook(self) -> bytes:
        """Return the file's bytes; refuse what is not an xlsx workbook or is too large."""
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Filen skal være en xlsx-projektmappe (.xlsx).")
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Filen er større end 200 MB.")
        data: bytes = upload.read()
        if not data.startswith(b"PK"):
            raise forms.ValidationError("Filen er ikke en xlsx-projektmappe.")
        return data
