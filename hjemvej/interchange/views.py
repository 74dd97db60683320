"""The records page (``/data/indlaes/``): upload a workbook, get the template, export (admins)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hjemvej.accounts.models import Municipality, User
from hjemvej.accounts.policy import Action, policy
from hjemvej.interchange import jobs
from hjemvej.interchange.columns import SHEETS
from hjemvej.interchange.export import CPR_WARNING
from hjemvej.interchange.forms import UploadForm
from hjemvej.interchange.template import template_bytes
from hjemvej.interchange.upload import XLSX_TYPE, upload_store
from hjemvej.jobs.services import job_start


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _municipality(user: User) -> Municipality | None:
    if user.municipality_id is None:
        return None
    return Municipality.objects.filter(pk=user.municipality_id).first()


@policy(Action.IMPORT_EXPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def records(request: HttpRequest) -> HttpResponse:
    """Show the page; POST starts the import (or the check) of the uploaded workbook as a job."""
    user = _user(request)
    municipality = _municipality(user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and municipality is not None and form.is_valid():
        stored = upload_store(form.cleaned_data["workbook"])
        dry_run = bool(form.cleaned_data["dry_run"])
        job = job_start(
            user=user,
            kind=jobs.IMPORT,
            title=f"{'Prøvekørsel af indlæsning' if dry_run else 'Indlæsning'} for "
            f"{municipality.name}",
            params={"upload": stored.pk, "municipality": municipality.code, "dry_run": dry_run},
        )
        return redirect("jobs:job", pk=job.pk)
    return render(
        request,
        "interchange/records.html",
        {
            "form": form,
            "municipality": municipality,
            "sheets": SHEETS,
            "cpr_warning": CPR_WARNING,
        },
        status=400 if form.errors else 200,
    )


@policy(Action.IMPORT_EXPORT_RECORDS)
@require_http_methods(["GET"])
def template(request: HttpRequest) -> HttpResponse:
    """Hand out the empty template workbook with the guide to every column."""
    response = HttpResponse(template_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="hjemvej-skabelon.xlsx"'
    return response


@policy(Action.IMPORT_EXPORT_RECORDS)
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Start the export of the municipality's records (the job's download is audited)."""
    user = _user(request)
    municipality = _municipality(user)
    if municipality is None:
        return redirect("interchange:records")
    job = job_start(
        user=user,
        kind=jobs.EXPORT,
        title=f"Kommunens poster for {municipality.name} (xlsx)",
        params={"municipality": municipality.code},
    )
    return redirect("jobs:job", pk=job.pk)
