"""Run the test identity provider: migrate, create its users and Hjemvej's client, and serve.

Usage: ``python -m tests.oidc_provider.serve REDIRECT_URI POST_LOGOUT_URI`` with
``OIDC_PROVIDER_DB`` and ``OIDC_PROVIDER_RSA_KEY`` in the environment. It binds a free port on
127.0.0.1, prints ``PORT <n>`` on one line when it answers, and serves until it is stopped.
"""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

# The client Hjemvej is configured with, and the people the provider knows (password, groups).
CLIENT_ID = "hjemvej"
CLIENT_SECRET = "hjemvej-test-secret"
PASSWORD = "idp-adgangskode"
PEOPLE = {
    "anna": ("Anna", "Andersen", ["hjemvej-sagsbehandlere", "alle-medarbejdere"]),
    "bo": ("Bo", "Boesen", ["hjemvej-havnely"]),
    "carl": ("Carl", "Carlsen", ["alle-medarbejdere"]),
}


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def setup(redirect_uri: str, post_logout_uri: str) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for username, (first, last, groups) in PEOPLE.items():
        user = User.objects.create_user(
            username, password=PASSWORD, first_name=first, last_name=last
        )
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    Application.objects.create(
        name="Hjemvej",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=post_logout_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    setup(sys.argv[1], sys.argv[2])
    server = make_server("127.0.0.1", 0, get_wsgi_application(), ThreadingServer, QuietHandler)
    print(f"PORT {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
