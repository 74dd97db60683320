"""WSGI entry point (``hjemvej serve`` runs gunicorn with it).

A CPR key that does not fit the database stops the start here, so no worker serves with it.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemvej.settings")
application = get_wsgi_application()

from hjemvej.citizens.keycheck import refuse_a_wrong_key  # noqa: E402 - needs Django set up

refuse_a_wrong_key()
