"""The jobs' pages: /job/ (the user's own), /job/<id>/ and /job/<id>/fil/."""

from django.urls import path

from hjemvej.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<uuid:pk>/", views.job_page, name="job"),
    path("<uuid:pk>/fil/", views.job_file, name="file"),
]
