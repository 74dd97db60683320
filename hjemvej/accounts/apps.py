"""Users, roles, municipalities, the access policy and the audit log."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hjemvej.accounts"
    verbose_name = "Brugere og adgang"
