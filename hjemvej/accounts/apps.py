"""Users, roles, municipalities, the access policy and the audit log."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hjemvej.accounts"
    verbose_name = "Brugere og adgang"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from hjemvej.accounts.middleware import stamp_login

        # The session limits' clock starts at every login (local, the municipality's, a test's).
        user_logged_in.connect(stamp_login, dispatch_uid="hjemvej.accounts.stamp_login")
