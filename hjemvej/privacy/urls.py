"""Data protection's pages under /databeskyttelse/."""

from django.urls import URLPattern, path

from hjemvej.privacy import retention_views
from hjemvej.privacy.access_copy import views as access_copy

app_name = "privacy"

urlpatterns: list[URLPattern] = [
    path("indsigt/<int:pk>/", access_copy.access_copy_start, name="access_copy"),
    path("sletning/", retention_views.retention_review, name="retention"),
]
