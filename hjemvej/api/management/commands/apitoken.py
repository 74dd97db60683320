"""``hjemvej apitoken``: make, list and revoke the API's tokens on the server's command line.

Usage::

    hjemvej apitoken create --user BRUGERNAVN [--navn "Boformens fagsystem"]
    hjemvej apitoken list [--user BRUGERNAVN]
    hjemvej apitoken revoke ID

``create`` prints the token once, on a line of its own; only its hash is kept. ``list`` shows
each token's id, first characters, name, user, when made and last used, and whether revoked,
never a token. Making and revoking are logged with the command line as the actor.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from hjemvej.accounts.models import User
from hjemvej.api.models import ApiToken
from hjemvej.api.tokens import api_token_create, api_token_revoke
from hjemvej.core.errors import DomainError
from hjemvej.core.management.cli import DanishCommand, Fejl, command_line_actor


class Command(DanishCommand):
    """Make, list and revoke API tokens."""

    help = (
        "API-nøgler: 'apitoken create --user BRUGERNAVN [--navn NAVN]' laver en nøgle og viser "
        "den én gang; 'apitoken list [--user BRUGERNAVN]' viser nøglerne (aldrig selve nøglen); "
        "'apitoken revoke ID' tilbagekalder en nøgle."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Add the three subcommands."""
        parser.add_argument("what", choices=["create", "list", "revoke"], help="hvad der skal ske")
        parser.add_argument("id", nargs="?", help="nøglens id (revoke)")
        parser.add_argument("--user", default="", help="brugernavnet (create, list)")
        parser.add_argument("--navn", default="", help="et navn til nøglen, fx systemets navn")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the subcommand."""
        what = options["what"]
        if what == "create":
            self._create(options["user"], options["navn"])
        elif what == "list":
            self._list(options["user"])
        else:
            self._revoke(options["id"])

    @staticmethod
    def _user(username: str) -> User:
        if not username.strip():
            raise Fejl("--user mangler: angiv brugernavnet, fx --user boform")
        found = User.objects.filter(username=username.strip()).first()
        if found is None:
            raise Fejl(f"--user: der er ingen bruger med brugernavnet '{username.strip()}'")
        return found

    def _create(self, username: str, name: str) -> None:
        user = self._user(username)
        try:
            token, raw = api_token_create(user=user, name=name, actor_name=command_line_actor())
        except DomainError as exc:
            raise Fejl(f"--{'navn' if exc.field == 'name' else 'user'}: {exc.message}") from None
        self.stdout.write(
            f"API-nøgle {token.pk} til {user.get_username()} ({user.get_role_display()}). "
            "Gem den nu; den vises ikke igen:"
        )
        self.stdout.write(raw)

    def _list(self, username: str) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("id")
        if username.strip():
            tokens = tokens.filter(user=self._user(username))
        rows = list(tokens)
        if not rows:
            self.stdout.write("Ingen API-nøgler.")
            return
        for token in rows:
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "aldrig"
            status = (
                f"tilbagekaldt {token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "aktiv"
            )
            self.stdout.write(
                f"{token.pk}\t{token.prefix}…\t{token.name or '–'}\t{token.user.get_username()}"
                f"\toprettet {token.created_at:%Y-%m-%d %H:%M}\tsidst brugt {used}\t{status}"
            )

    def _revoke(self, raw_id: str | None) -> None:
        if not raw_id or not raw_id.strip().isdigit() or len(raw_id.strip()) > 12:
            raise Fejl("angiv nøglens id (et tal), fx 'hjemvej apitoken revoke 3'")
        token = ApiToken.objects.filter(pk=int(raw_id)).first()
        if token is None:
            raise Fejl(f"der er ingen API-nøgle med id {raw_id.strip()}")
        try:
            api_token_revoke(token=token, actor_name=command_line_actor())
        except DomainError as exc:
            raise Fejl(exc.message) from None
        self.stdout.write(f"API-nøgle {token.pk} ({token.prefix}…) er tilbagekaldt.")
