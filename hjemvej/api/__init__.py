"""The REST API under ``/api/v1/`` (django-ninja): shelters' systems, the case system, BI tools.

docs/api.md describes it; docs/access.md says how its tokens are scoped and logged.
"""
