"""The audit log for administrators."""

from django.urls import path

from hjemvej.accounts import views

app_name = "accounts"

urlpatterns = [
    path("log/", views.audit_log, name="audit"),
]
