"""The citizen's access copy (GDPR art. 15): everything Hjemvej holds about one citizen, and who
has read or changed their record and when, as an accessible PDF and as JSON, in one zip file.

``gather`` collects the records (every model that points at a citizen, found through Django's
app registry, so a model added later is not forgotten), ``trail`` the audit entries, ``document``
writes the PDF (``access_copy.typ``) and the JSON, and ``jobs.py`` of the room runs it as a
background job started from the citizen's page (``views``).
"""
