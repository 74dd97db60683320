"""A real OpenID Connect provider for the tests: django-oauth-toolkit in a tiny project of its own.

``serve.py`` runs it in a subprocess on 127.0.0.1 (``tests/accounts/test_oidc.py`` starts it).
"""
