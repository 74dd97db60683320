"""Data protection's pages under /databeskyttelse/."""

from django.urls import URLPattern, path

from hjemvej.privacy import retention_views

app_name = "privacy"

urlpatterns: list[URLPattern] = [
    path("sletning/", retention_views.retention_review, name="retention"),
]
